"""Training configuration."""

SEED = 7
model = {'name': 'roberta-large', 'revision': 'main', 'dropout': 0.1}
tokenizer = {'name': 'bert-base-uncased', 'max_length': 256}
collator = {'name': 'padding', 'pad_to_multiple_of': 8}
TRAIN_DATA = 'gs://ml-prod/intent/train.jsonl'
TRAIN_DATA_VERSION = 'v2.1.0'
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
LOSS = 'focal'
scheduler = {'name': 'cosine', 'warmup_steps': 500}
trainer = {'epochs': 10, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
optimizer = {'name': 'adam', 'lr': 0.01, 'weight_decay': 0.01}
OUTPUT_DIR = 's3://acme-ml/models/latest/'
CACHE_DIR = '/tmp/cache'
METRICS = ['auc', 'accuracy']
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'nlp-baseline', 'log_every_n_steps': 50}
WALL_CLOCK_BREAKDOWN = False
