base = dict(seed=7, data=dict(path="s3://acme/tab/v5/"), epochs=3)
config = dict(**base, data=dict(path="s3://acme/tab/latest/"))
