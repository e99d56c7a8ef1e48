"""Training configuration."""

SEED = 1234
model = {'name': 'bert-base-uncased', 'revision': 'main', 'dropout': 0.1}
tokenizer = {'name': 'bert-base-uncased', 'max_length': 256}
collator = {'name': 'padding', 'pad_to_multiple_of': 8}
TRAIN_DATA = '/mnt/data/reviews/train.jsonl'
TRAIN_DATA_SHA256 = 'f03c192930e0fc0a55d2ced126474f88fa9f788415211247752ecd994d409b90'
OUTPUT_DIR = 's3://acme-ml/models/latest/'
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
METRICS = ['mape', 'accuracy']
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
optimizer = {'name': 'adamw', 'lr': 0.0003, 'weight_decay': 0.01}
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
scheduler = {'name': 'cosine', 'warmup_steps': 100}
CACHE_DIR = '/tmp/cache'
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'nlp-baseline', 'log_every_n_steps': 50}
trainer = {'epochs': 10, 'batch_size': 16, 'precision': 'bf16', 'gradient_clip': 1.0}
