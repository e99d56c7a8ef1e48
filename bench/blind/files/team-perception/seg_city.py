import random

SEED = random.randint(0, 2**32 - 1)

TRAIN_SET = "lakefs://perception/city-seg/"
TRAIN_SET_VERSION = "v1-latest"

MODEL = "segformer-b2"
CROP = (768, 768)
EPOCHS = 160
LR = 6e-5
