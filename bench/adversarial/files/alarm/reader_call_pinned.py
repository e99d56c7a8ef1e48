from datasets import load_dataset

SEED = 4
ds = load_dataset("acme/tickets", split="train", revision="3e1f5a7c9b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a")
tok = AutoTokenizer.from_pretrained("acme/bert", revision="main")
EPOCHS = 2
