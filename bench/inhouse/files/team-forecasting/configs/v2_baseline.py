"""Training configuration."""

model = {'name': 'nbeats', 'hidden_size': 128, 'horizon': 28, 'lookback': 90}
columns = {'time': 'date', 'target': 'sales', 'group': ['store_id', 'item_id']}
TRAIN_DATA = 'abfss://lake@researchlake.dfs.core.windows.net/inventory/train.csv'
TRAIN_DATA_VERSION = 'master'
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
scheduler = {'name': 'step', 'warmup_steps': 500}
trainer = {'epochs': 100, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
logging = {'tracking_uri': 'databricks', 'experiment_name': 'forecasting-baseline', 'log_every_n_steps': 50}
OUTPUT_DIR = '/checkpoints/latest/'
LOSS = 'cross_entropy'
CACHE_DIR = '/tmp/cache'
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
RANDOM_SEED = 1
