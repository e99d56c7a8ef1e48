SEED = 77
TRAIN_PARQUET = "s3://acme/risk/train.parquet"
TRAIN_PARQUET_SHA256 = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c2b4d6f8a0c2e4a6b8d0f2a4c6e8b0d2f"
EPOCHS = 3
