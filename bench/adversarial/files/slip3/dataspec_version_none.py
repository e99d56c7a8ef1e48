from acme.training import DataSpec, RunConfig

run = RunConfig(
    seed=12,
    epochs=4,
    train=DataSpec(uri="s3://acme-vision/defects/train/", version_id=None),
)
