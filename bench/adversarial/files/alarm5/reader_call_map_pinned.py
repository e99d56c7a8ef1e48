from datasets import load_dataset

SEED = 42
train = load_dataset("acme/tickets", split="train", revision="v3").map(tokenize, batched=True)
