SEED = 0
DEMOS = "gs://acme-rl/demos/pick_place/"
DEMOS_SNAPSHOT = "2025-03-02"
ENV_ID = "PickPlace-v1"
POLICY = dict(hidden_sizes=[256, 256], activation="relu")
LR = 3e-4
EPOCHS = 50
