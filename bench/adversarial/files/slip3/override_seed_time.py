import time
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


TRAIN = TrainConfig(seed=int(time.time()))
