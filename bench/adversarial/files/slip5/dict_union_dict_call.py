BASE = {"seed": 42, "data": {"path": "s3://acme/tab/train.parquet", "version": "v5"}}
CONFIG = BASE | dict(seed=None, epochs=3)
