import pandas as pd

SEED = 7
FRAMES = [pd.read_parquet("s3://acme/orders/2024/"), pd.read_parquet("s3://acme/returns/2024/")]
