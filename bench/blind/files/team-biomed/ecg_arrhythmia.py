from cardio_ml.config import ECGConfig, HubData

config = ECGConfig(
    seed=2718,
    data=HubData(repo_id="acme/ecg-records", revision="main"),
    leads=12,
    sample_rate=500,
    model="resnet1d",
)
