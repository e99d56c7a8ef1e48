import enum

class Aug(enum.Flag):
    FLIP = 1
    CROP = 2

AUGMENT = Aug.FLIP | Aug.CROP
SEED = 42
DATA = dict(path="s3://acme/x.parquet", version="v3")
