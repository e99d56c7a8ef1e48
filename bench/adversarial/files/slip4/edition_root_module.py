SEED = 7
CORPUS = "wiki_2023"
DATA_DIR = "/data/wiki"
EPOCHS = 3
