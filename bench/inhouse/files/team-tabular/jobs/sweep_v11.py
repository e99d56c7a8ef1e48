"""Training configuration."""

experiment = {'seed': 0, 'deterministic': True}
model = {'type': 'catboost', 'num_leaves': 63, 'max_depth': 6}
FEATURES = ['region', 'age', 'tenure', 'num_calls']
CATEGORICAL_COLUMNS = ['region', 'plan']
TARGET = 'label'
TRAIN_DATA = 's3://acme-ml/datasets/claims/train.parquet'
TRAIN_DATA_SHA256 = '1635c751d6c9c2af4f71fc7865ecb34867db276aa63565bfbeac7f1c489c62d7'
scheduler = {'name': 'linear', 'warmup_steps': 100}
OUTPUT_DIR = '/checkpoints/latest/'
METRICS = ['accuracy', 'ndcg@10']
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'tabular-baseline', 'log_every_n_steps': 50}
optimizer = {'name': 'sgd', 'lr': 0.01, 'weight_decay': 0.01}
CACHE_DIR = '/tmp/cache'
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
trainer = {'epochs': 3, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
TOP_K = 5
