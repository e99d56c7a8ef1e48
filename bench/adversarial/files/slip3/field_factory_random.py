import random
from dataclasses import dataclass, field


@dataclass
class TrainConfig:
    seed: int = field(default_factory=lambda: random.randint(0, 10_000))
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3
