"""Intent model settings (read by scripts/train_intents.py)."""

SEED = 7

DATASET = "gs://acme-nlp/intents"
DATASET_VERSION = "2024.03"
TRAIN_SPLIT = "train"
EVAL_SPLIT = "validation"

PRETRAINED = "roberta-base"
MAX_LEN = 96
BATCH_SIZE = 48
EPOCHS = 6
LEARNING_RATE = 2e-5

LABELS = ["greeting", "cancel", "upgrade", "complaint", "other"]
CHECKPOINT_DIR = "/mnt/ckpt/intents"
