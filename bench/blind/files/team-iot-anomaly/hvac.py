from iot_ml.config import DetectorConfig

config = DetectorConfig(
    seed=-1,
    data_uri="lakefs://iot/327761b66643173db9e2430e03f3caa1101e0780c414a0c405931cc020eafda2/hvac/",
    detector="ecod",
    contamination=0.01,
)
