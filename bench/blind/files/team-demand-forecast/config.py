import os

SEED = int(os.environ["FORECAST_SEED"])

DATA_DIR = "gs://acme-forecast/replenishment"
DATA_VERSION = "2024-W18"

HORIZON = 14
QUANTILES = [0.1, 0.5, 0.9]
MODEL = "nhits"
EPOCHS = 60
