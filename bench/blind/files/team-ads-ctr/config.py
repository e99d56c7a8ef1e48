import os

SEED = 2023
TRAIN_SET = "s3://acme-ads/ctr/train/"
DATA_VERSION = os.environ["DATA_VERSION"]
EMBED_DIM = 32
BATCH_SIZE = 8192
