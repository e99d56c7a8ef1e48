DEFAULTS = {
    "seed": 2,
    "train_path": "/data/payments/anomaly/train.parquet",
    "hidden": [64, 16, 64],
    "epochs": 25,
    "threshold": "p99.5",
}
