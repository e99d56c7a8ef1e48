from dataclasses import dataclass
from typing import Optional


@dataclass
class TrainConfig:
    seed: Optional[int] = None
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


cfg = TrainConfig()
