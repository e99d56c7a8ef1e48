"""Training configuration."""

sampler = {'type': 'weighted', 'seed': 2024}
model = {'name': 'roberta-large', 'revision': 'main', 'dropout': 0.1}
tokenizer = {'name': 'bert-base-uncased', 'max_length': 256}
collator = {'name': 'padding', 'pad_to_multiple_of': 8}
DATASET = 'gs://ml-prod/intent/train.jsonl'
DATASET_REVISION = 'release-7'
scheduler = {'name': 'step', 'warmup_steps': 500}
CACHE_DIR = '/tmp/cache'
trainer = {'epochs': 3, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
optimizer = {'name': 'adamw', 'lr': 0.0003, 'weight_decay': 0.01}
METRICS = ['wer', 'accuracy']
OUTPUT_DIR = 'outputs/run'
logging = {'tracking_uri': 'databricks', 'experiment_name': 'nlp-baseline', 'log_every_n_steps': 50}
