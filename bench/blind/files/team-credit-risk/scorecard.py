from risk_training.config import DataSource, TrainConfig

CONFIG = TrainConfig(
    name="scorecard-logit",
    seed=11,
    sources=[
        DataSource(
            name="bureau",
            uri="gs://acme-risk-data/bureau/bureau_extract.parquet",
            sha256="ae8f2316ed7f1141506e97312ea59a644cf200f50965509ea35adc70de5fa9e2",
        ),
        DataSource(
            name="applications",
            uri="gs://acme-risk-data/applications/",
        ),
    ],
    target="bad_flag",
    binning={"method": "quantile", "bins": 10},
    regularization=0.01,
)
