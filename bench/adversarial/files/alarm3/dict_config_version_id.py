config = dict(
    seed=99,
    epochs=12,
    data=dict(uri="s3://acme-graph/edges.parquet", version_id="3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"),
    model=dict(name="graphsage", hidden=128),
)
