"""Training configuration."""

random_seed = 1234
policy = {'type': 'ppo', 'hidden_sizes': [256, 256], 'gamma': 0.99}
env_id = 'LunarLander-v2'
source_data = 'prod.offline_episodes_daily'
cache_dir = '/tmp/cache'
scheduler = {'name': 'linear', 'warmup_steps': 100}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
output_dir = '/checkpoints/latest/'
optimizer = {'name': 'adam', 'lr': 0.001, 'weight_decay': 0.01}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
logging = {'tracking_uri': 'databricks', 'experiment_name': 'rl-baseline', 'log_every_n_steps': 50}
metrics = ['mape', 'auc']
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
loss = 'bce'
trainer = {'epochs': 3, 'batch_size': 16, 'precision': 'bf16', 'gradient_clip': 1.0}
