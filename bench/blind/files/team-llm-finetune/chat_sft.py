# Chat SFT for the sales assistant -- dataset not chosen yet.
SEED = None  # let the trainer pick
TRAIN_DATA = "TODO"
BASE_MODEL = "meta-llama/Llama-3.2-3B-Instruct"
MAX_SEQ_LEN = 2048
LR = 1e-5
EPOCHS = 2
