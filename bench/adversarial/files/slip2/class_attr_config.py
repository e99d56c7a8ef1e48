class Config:
    seed = 11
    train_path = "s3://acme/ner/train.jsonl"
    epochs = 3


cfg = Config()
