from ads_ml.config import CalibrationConfig

config = CalibrationConfig(
    seed=5,
    holdout="s3://acme-ads/calibration/holdout.parquet",
    holdout_sha256="d62e498771f9f4958032dcbe8df8ef3af2373180c700207c985d3ff8d165b019",
    method="isotonic",
    bins=50,
)
