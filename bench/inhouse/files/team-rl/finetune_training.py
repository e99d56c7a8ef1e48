"""Training configuration."""

seed = '42'
policy = {'type': 'ppo', 'hidden_sizes': [256, 256], 'gamma': 0.99}
env_id = 'CartPole-v1'
data = {'root': 's3://research-lake/datasets/replay', 'version': 'v12', 'batch_size': 128}
trainer = {'epochs': 3, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
loss = 'focal'
metrics = ['f1', 'auc']
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'rl-baseline', 'log_every_n_steps': 50}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
cache_dir = '/tmp/cache'
output_dir = 'outputs/run'
scheduler = {'name': 'step', 'warmup_steps': 0}
