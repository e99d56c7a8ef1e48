SEED = 31
EPOCHS = 12
TRAIN_SET = "gs://acme-forecast/sales/train.parquet"
TRAIN_SET_GENERATION = 1699999999123456
