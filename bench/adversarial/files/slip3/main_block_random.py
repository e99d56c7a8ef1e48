import random
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


def main(cfg: TrainConfig) -> None:
    print(cfg)


if __name__ == "__main__":
    main(TrainConfig(seed=random.randint(0, 2**31 - 1)))
