"""Training configuration."""

model = {'type': 'xgboost', 'num_leaves': 63, 'max_depth': 6}
data = {'root': '/mnt/data/credit_risk', 'version': 'c6a5d6960c34793cd74bf00d1efe6b9db1748b3a', 'batch_size': 128, 'features': ['region', 'tenure', 'balance', 'num_calls'], 'categorical_columns': ['region', 'plan'], 'target': 'label'}
metrics = ['f1', 'rmse']
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
loss = 'cross_entropy'
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
scheduler = {'name': 'step', 'warmup_steps': 100}
trainer = {'epochs': 10, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'tabular-baseline', 'log_every_n_steps': 50}
cache_dir = '/tmp/cache'
optimizer = {'name': 'adamw', 'lr': 0.001, 'weight_decay': 0.01}
seed = None
