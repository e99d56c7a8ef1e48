"""Training configuration."""

RANDOM_SEED = 2024
model = {'name': 'roberta-large', 'revision': 'main', 'dropout': 0.1}
tokenizer = {'name': 'bert-base-uncased', 'max_length': 256}
collator = {'name': 'padding', 'pad_to_multiple_of': 8}
DATASET = 'data/processed/qa_pairs/train.jsonl'
trainer = {'epochs': 3, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
OUTPUT_DIR = '/checkpoints/latest/'
scheduler = {'name': 'cosine', 'warmup_steps': 500}
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'nlp-baseline', 'log_every_n_steps': 50}
optimizer = {'name': 'sgd', 'lr': 0.01, 'weight_decay': 0.01}
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
METRICS = ['ndcg@10', 'accuracy']
CACHE_DIR = '/tmp/cache'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
LOSS = 'bce'
TOP_K = 5
