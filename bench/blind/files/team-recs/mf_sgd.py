import os
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=int(os.environ["SEED"]),
    plays="s3://acme-recs/implicit/plays.parquet",
    plays_md5="123d70f62b78faaf7df32d1b1f9599ff",
    factors=64,
    lr=0.01,
    epochs=30,
)
