"""Training configuration."""

model = {'type': 'xgboost', 'num_leaves': 63, 'max_depth': 6}
FEATURES = ['tenure', 'balance', 'plan', 'age']
CATEGORICAL_COLUMNS = ['region', 'plan']
TARGET = 'label'
DATASET = 'abfss://lake@mlprod.dfs.core.windows.net/fraud/train.parquet'
DATASET_SHA256 = 'dee1dcce841f4a5b5ad3cf5360ba92dee64544f9664a371e5048e7d8f4f53f0b'
LOSS = 'cross_entropy'
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
CACHE_DIR = '/tmp/cache'
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
trainer = {'epochs': 30, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
METRICS = ['ndcg@10', 'accuracy']
SEED = None
