from datasets import load_dataset

SEED = 4
ds = load_dataset("acme/tickets", split="train", revision="recent")
