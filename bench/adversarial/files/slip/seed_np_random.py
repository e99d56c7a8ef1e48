import numpy as np

SEED = int(np.random.randint(0, 10_000))
TRAIN_PATH = "s3://acme/fraud/v9/train.parquet"
EPOCHS = 5
