from dataclasses import dataclass
from functools import partial


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


make_config = partial(TrainConfig, seed=None)
cfg = make_config()
