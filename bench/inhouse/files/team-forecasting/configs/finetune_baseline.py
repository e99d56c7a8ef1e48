"""Training configuration."""

RANDOM_SEED = 31337
model = {'name': 'tft', 'hidden_size': 128, 'horizon': 28, 'lookback': 90}
columns = {'time': 'date', 'target': 'sales', 'group': ['store_id', 'item_id']}
TRAIN_SET = 'abfss://lake@mlprod.dfs.core.windows.net/energy_load/train.csv'
TRAIN_SET_VERSION = '2.0'
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'forecasting-baseline', 'log_every_n_steps': 50}
OUTPUT_DIR = 'outputs/run'
METRICS = ['auc', 'accuracy']
optimizer = {'name': 'adamw', 'lr': 5e-05, 'weight_decay': 0.01}
scheduler = {'name': 'cosine', 'warmup_steps': 0}
LOSS = 'cross_entropy'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
CACHE_DIR = '/tmp/cache'
trainer = {'epochs': 30, 'batch_size': 256, 'precision': 'fp32', 'gradient_clip': 1.0}
MAX_NEW_TOKENS = 64
