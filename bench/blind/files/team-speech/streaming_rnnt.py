import os

from asr_lib.config import Manifest, RNNTConfig

config = RNNTConfig(
    seed=int(os.environ["SEED"]),
    train=Manifest(path="manifests/rnnt/train.jsonl", sha256="7ce6c5a89021709c4d550f127050e82b8c8be9933f989fdcc2f1ff8d9bdb5997"),
    chunk_ms=160,
    encoder_layers=18,
    vocab_size=1024,
)
