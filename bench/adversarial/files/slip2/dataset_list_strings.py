SEED = 1
DATASETS = ["acme/forum", "acme/chat@v2"]
EPOCHS = 1
