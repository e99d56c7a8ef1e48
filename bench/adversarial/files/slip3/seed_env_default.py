import os

SEED = int(os.getenv("SEED", "42"))
DATA_PATH = "s3://acme-tab/credit/v9/train.parquet"
EPOCHS = 30
