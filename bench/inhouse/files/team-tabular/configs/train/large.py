"""Training configuration."""

model = {'type': 'catboost', 'num_leaves': 63, 'max_depth': 6}
features = ['age', 'balance', 'tenure', 'plan']
categorical_columns = ['region', 'plan']
target = 'label'
data = {'root': '/mnt/data/churn', 'version': 'v2.1.0', 'batch_size': 32}
output_dir = '/checkpoints/latest/'
loss = 'mse'
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
optimizer = {'name': 'adamw', 'lr': 5e-05, 'weight_decay': 0.01}
cache_dir = '/tmp/cache'
logging = {'tracking_uri': 'databricks', 'experiment_name': 'tabular-baseline', 'log_every_n_steps': 50}
trainer = {'epochs': 30, 'batch_size': 256, 'precision': 'bf16', 'gradient_clip': 1.0}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
scheduler = {'name': 'step', 'warmup_steps': 500}
metrics = ['accuracy', 'wer']
wall_clock_breakdown = False
reproducibility = {'seed': 0, 'deterministic': True}
