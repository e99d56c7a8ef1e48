from dataclasses import dataclass


@dataclass
class DataConfig:
    uri: str = "s3://acme-vision/defects/train/"
    version_id: str | None = None


@dataclass
class TrainConfig:
    seed: int = 3
    epochs: int = 8
    lr: float = 3e-4


data = DataConfig()
train = TrainConfig()
