base = dict(seed=42, data=dict(path="s3://acme/tab/v5/train.parquet"), epochs=10)
config = dict(**base, seed=None)
