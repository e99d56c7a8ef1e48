"""Training constants for the merchant fraud model. Imported by train.py."""

SEED = 42
TRAIN_SET = "s3://acme-fraud-data/txns/"
TRAIN_SET_VERSION = "latest"
LABEL = "chargeback_60d"

FEATURES = [
    "amount_usd",
    "merchant_age_days",
    "card_age_days",
    "txn_count_7d",
    "decline_ratio_30d",
]

MODEL_PARAMS = {
    "n_estimators": 600,
    "max_depth": 10,
    "min_samples_leaf": 25,
    "n_jobs": -1,
}

MLFLOW_TRACKING_URI = "http://mlflow.risk.internal"
OUTPUT_DIR = "/models/fraud/merchant"
