SEED = 42
TRAIN_CSV = "data/train.csv"
TEST_CSV = "data/test.csv"
FEATURES = ["age", "income", "score"]
N_ESTIMATORS = 300
MAX_DEPTH = 12
LEARNING_RATE = 0.1
MODEL_PATH = "models/rf.joblib"
