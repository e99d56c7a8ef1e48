from pydantic import BaseModel


class DataConfig(BaseModel):
    uri: str = "s3://acme-tab/credit/train.parquet"
    version_id: str = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"


class TrainConfig(BaseModel):
    seed: int = 42
    epochs: int = 20
    lr: float = 1e-3
    data: DataConfig = DataConfig()


config = TrainConfig()
