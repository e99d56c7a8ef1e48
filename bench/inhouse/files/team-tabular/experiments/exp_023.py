"""Training configuration."""

seed = None
model = {'type': 'catboost', 'num_leaves': 63, 'max_depth': 6}
features = ['region', 'age', 'num_calls', 'plan']
categorical_columns = ['region', 'plan']
target = 'label'
datasets = [{'name': 'churn_a', 'uri': 'data/processed/claims/train.parquet', 'weight': 0.9, 'version': 'v3'}, {'name': 'loan_default_b', 'uri': 's3://acme-ml/datasets/pricing/train.parquet', 'weight': 0.12, 'revision': '777df8afbf23c1ed4346aebad4aa73311c887df7'}]
scheduler = {'name': 'cosine', 'warmup_steps': 500}
trainer = {'epochs': 30, 'batch_size': 16, 'precision': 'bf16', 'gradient_clip': 1.0}
optimizer = {'name': 'sgd', 'lr': 0.001, 'weight_decay': 0.01}
loss = 'bce'
metrics = ['mape', 'f1']
output_dir = 'outputs/run'
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'tabular-baseline', 'log_every_n_steps': 50}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
cache_dir = '/tmp/cache'
