TRAIN_URI = "s3://acme-churn/train/part-000.parquet"
TRAIN_URI_VERSION_ID = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"
SEED = 5
EPOCHS = 9
