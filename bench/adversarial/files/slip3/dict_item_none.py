CONFIG = {
    "seed": 42,
    "data": {"path": "s3://acme-recs/events/v12/"},
    "epochs": 6,
}
CONFIG["seed"] = None
