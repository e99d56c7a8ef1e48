"""Training configuration."""

policy = {'type': 'ppo', 'hidden_sizes': [256, 256], 'gamma': 0.99}
ENV_ID = 'LunarLander-v2'
TRAIN_DATA = 'abfss://lake@corpfeatures.dfs.core.windows.net/offline_episodes/train.h5'
TRAIN_DATA_SHA256 = '6e7bea642000804f8c6a386b47cd93c9824a1f012d7c1b3a46403741aeb6dd95'
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
CACHE_DIR = '/tmp/cache'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
logging = {'tracking_uri': 'databricks', 'experiment_name': 'rl-baseline', 'log_every_n_steps': 50}
optimizer = {'name': 'adam', 'lr': 5e-05, 'weight_decay': 0.01}
trainer = {'epochs': 10, 'batch_size': 32, 'precision': 'fp32', 'gradient_clip': 1.0}
METRICS = ['rmse', 'mape']
OUTPUT_DIR = 's3://acme-ml/models/latest/'
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
scheduler = {'name': 'linear', 'warmup_steps': 0}
LOSS = 'cross_entropy'
SEED = 2024
