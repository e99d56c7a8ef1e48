"""Training configuration."""

SEED = 1234
model = {'name': 'deepar', 'hidden_size': 128, 'horizon': 28, 'lookback': 90}
columns = {'time': 'date', 'target': 'sales', 'group': ['store_id', 'item_id']}
TRAIN_SET = 's3://acme-ml/datasets/inventory/train.csv'
TRAIN_SET_VERSION = '2024.05'
scheduler = {'name': 'linear', 'warmup_steps': 0}
METRICS = ['accuracy', 'auc']
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
optimizer = {'name': 'adam', 'lr': 5e-05, 'weight_decay': 0.01}
CACHE_DIR = '/tmp/cache'
trainer = {'epochs': 30, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
OUTPUT_DIR = 's3://acme-ml/models/latest/'
