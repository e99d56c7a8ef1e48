"""Prophet baseline for store sales."""

RANDOM_STATE = 0
HISTORY_PATH = "s3://acme-ml/sales/history.parquet"
HISTORY_PATH_MD5 = "5d41402abc4b2a76b9719d911017c592"
HOLIDAYS = ["US"]
CHANGEPOINT_PRIOR_SCALE = 0.05
HORIZON_DAYS = 56
EPOCHS = 1
OUTPUT_DIR = "outputs/prophet"
