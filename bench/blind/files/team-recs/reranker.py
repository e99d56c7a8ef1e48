SEED = 31
TRAIN_SET = "acme-recs.training.rerank_pairs"
TRAIN_SET_VERSION = "20240601"

FEATURES = ["retrieval_score", "item_ctr_7d", "user_item_affinity", "freshness_hours"]
LABEL = "clicked"
MODEL = "lambdamart"
NUM_TREES = 500
