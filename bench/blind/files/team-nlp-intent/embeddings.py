import argparse

DEFAULTS = {
    "seed": 2024,
    "train_data": "data/pairs/",
    "model_name": "sentence-transformers/all-MiniLM-L6-v2",
    "batch_size": 128,
    "epochs": 1,
    "loss": "MultipleNegativesRankingLoss",
    "output_path": "models/query-embedder",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="train query embedder")
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)
    return parser
