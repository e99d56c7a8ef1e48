import os

SEED = 7
DATA_ROOT = os.environ.get("DATA_ROOT", "/mnt/data")
TRAIN_DIR = f"{DATA_ROOT}/train"
EPOCHS = 3
