# P2P transfer fraud -- negative downsampling + GBM.
train = dict(
    data=dict(
        uri="s3://acme-fraud-data/p2p/v4/train/",
        label="reported_scam",
    ),
    negative_sampler=dict(kind="uniform", rate=0.05, seed=5),
    split=dict(test_size=0.15, random_state=3),
    model=dict(kind="xgboost", max_depth=7, eta=0.1, rounds=900),
    out_dir="/mnt/models/p2p-fraud",
)
