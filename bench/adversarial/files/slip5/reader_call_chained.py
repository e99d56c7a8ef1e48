from datasets import load_dataset

SEED = 42
train = load_dataset("acme/tickets", split="train").shuffle(seed=SEED).select(range(10_000))
