from dataclasses import dataclass

import tyro


@dataclass
class TrainConfig:
    seed: int = 1337
    data_uri: str = "s3://acme-recs/events/train.parquet?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"
    epochs: int = 4
    lr: float = 3e-4


if __name__ == "__main__":
    cfg = tyro.cli(TrainConfig)
