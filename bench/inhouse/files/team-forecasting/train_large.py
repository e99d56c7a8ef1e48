"""Training configuration."""

debug = {'seed': 1234, 'deterministic': True}
model = {'name': 'tft', 'hidden_size': 128, 'horizon': 28, 'lookback': 90}
columns = {'time': 'date', 'target': 'sales', 'group': ['store_id', 'item_id']}
TRAIN_SET = 'gs://research-lake/demand/train.csv'
TRAIN_SET_SHA256 = '23da7f20fcd841ee33693a6be60837e65f307607d1f1fa1ade9b9c0058ab8e8f'
OUTPUT_DIR = '/checkpoints/latest/'
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
optimizer = {'name': 'adamw', 'lr': 5e-05, 'weight_decay': 0.01}
CACHE_DIR = '/tmp/cache'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
scheduler = {'name': 'step', 'warmup_steps': 500}
trainer = {'epochs': 3, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'forecasting-baseline', 'log_every_n_steps': 50}
METRICS = ['f1', 'auc']
LOSS = 'mse'
