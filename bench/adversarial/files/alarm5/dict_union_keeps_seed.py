base = {"seed": 42, "data": {"path": "s3://acme/x.parquet", "version": "v3"}}
config = {"seed": None} | base
