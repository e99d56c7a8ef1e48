"""Training configuration."""

RANDOM_SEED = 31337
policy = {'type': 'ppo', 'hidden_sizes': [256, 256], 'gamma': 0.99}
ENV_ID = 'LunarLander-v2'
TRAIN_SET = 'abfss://lake@corpfeatures.dfs.core.windows.net/offline_episodes/train.h5'
TRAIN_SET_REVISION = 'head'
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
trainer = {'epochs': 30, 'batch_size': 256, 'precision': 'fp32', 'gradient_clip': 1.0}
OUTPUT_DIR = '/checkpoints/latest/'
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
CACHE_DIR = '/tmp/cache'
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
METRICS = ['accuracy', 'wer']
