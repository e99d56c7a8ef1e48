"""Training configuration."""

SEED = '42'
policy = {'type': 'ppo', 'hidden_sizes': [256, 256], 'gamma': 0.99}
ENV_ID = 'CartPole-v1'
TRAIN_SET = 'gs://team-data/expert_trajectories/train.h5'
TRAIN_SET_REVISION = '*'
optimizer = {'name': 'adam', 'lr': 0.01, 'weight_decay': 0.01}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
trainer = {'epochs': 10, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
OUTPUT_DIR = 'outputs/run'
scheduler = {'name': 'step', 'warmup_steps': 100}
METRICS = ['rmse', 'f1']
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
logging = {'tracking_uri': 'databricks', 'experiment_name': 'rl-baseline', 'log_every_n_steps': 50}
LOSS = 'cross_entropy'
CACHE_DIR = '/tmp/cache'
