base = dict(seed=42, data=dict(path="s3://acme/tab/train.parquet", version="v5"), epochs=10)
config = base | {"seed": None}
