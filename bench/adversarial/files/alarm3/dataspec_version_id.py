from acme.training import DataSpec, RunConfig

run = RunConfig(
    seed=12,
    epochs=4,
    train=DataSpec(uri="s3://acme-vision/defects/train.parquet", version_id="3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"),
    val=DataSpec(uri="gs://acme-vision/defects/val.parquet", generation=1699999999123456),
)
