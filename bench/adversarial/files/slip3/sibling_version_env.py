import os

SEED = 21
EPOCHS = 5
TRAIN_SET = "s3://acme-forecast/sales/train.parquet"
TRAIN_SET_VERSION_ID = os.environ.get("TRAIN_VERSION_ID")
