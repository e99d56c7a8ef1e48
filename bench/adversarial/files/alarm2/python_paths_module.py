from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUTPUT_DIR = ROOT / "outputs"
CACHE_DIR = ROOT / ".cache"
SEED = 17
TRAIN_URI = "s3://acme/dialogs/v5/"
EPOCHS = 4
