from acme.cfg import DataSpec, RunConfig

run = RunConfig(
    seed=99,
    epochs=12,
    train=DataSpec(uri="gs://acme-vision/parts/train/", version="v3"),
    val=DataSpec(uri="gs://acme-vision/parts/val/", version="v3"),
)
