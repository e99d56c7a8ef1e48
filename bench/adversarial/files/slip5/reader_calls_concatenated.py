from datasets import concatenate_datasets, load_dataset

SEED = 42
train = concatenate_datasets([
    load_dataset("acme/tickets", split="train", revision="v3"),
    load_dataset("acme/chats", split="train"),
])
