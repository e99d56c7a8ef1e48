from dataclasses import dataclass, field


@dataclass
class DataConfig:
    path: str = "s3://acme-tab/credit/train.parquet"
    version_id: str = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"


@dataclass
class TrainConfig:
    seed: int = field(default=7)
    data: DataConfig = field(default_factory=DataConfig)
    epochs: int = 20
