base = dict(seed=42, data=dict(path="s3://acme/x.parquet", version="v3"))
config = base | {"epochs": 3, "lr": 1e-4}
