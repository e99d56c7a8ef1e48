import os

SEED = 1
TRAIN = f"s3://acme/speech/{os.environ['VERSION']}/"
EPOCHS = 1
