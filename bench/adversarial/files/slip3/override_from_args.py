import argparse
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int)
args = parser.parse_args()
cfg = TrainConfig(seed=args.seed)
