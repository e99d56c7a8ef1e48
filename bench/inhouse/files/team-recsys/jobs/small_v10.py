"""Training configuration."""

model = {'name': 'sasrec', 'embedding_dim': 64}
TOP_K = 10
FEATURES = [{'name': 'user_id', 'type': 'categorical'}, {'name': 'item_id', 'type': 'categorical'}]
TRAIN_SET = '/mnt/data/ratings/train.parquet'
TRAIN_SET_VERSION = '2024-05-01'
METRICS = ['f1', 'auc']
OUTPUT_DIR = '/checkpoints/latest/'
logging = {'tracking_uri': 'databricks', 'experiment_name': 'recsys-baseline', 'log_every_n_steps': 50}
CACHE_DIR = '/tmp/cache'
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
trainer = {'epochs': 100, 'batch_size': 256, 'precision': 'fp32', 'gradient_clip': 1.0}
scheduler = {'name': 'cosine', 'warmup_steps': 0}
LOSS = 'bce'
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
sampler = {'type': 'weighted', 'seed': 1}
