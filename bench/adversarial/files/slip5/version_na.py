SEED = 4
TRAIN = dict(uri="gs://acme/parts/train/", version="n/a")
