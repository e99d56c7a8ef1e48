base = dict(seed=42, data=dict(path="s3://acme/tab/train.parquet", version="v5"))
config = base | {"data": {"path": "s3://acme/tab/train-2024/"}}
