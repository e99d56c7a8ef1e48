"""Training configuration."""

policy = {'type': 'ppo', 'hidden_sizes': [256, 256], 'gamma': 0.99}
env_id = 'HalfCheetah-v4'
inputs = [{'name': 'logged_policy_a', 'uri': '/mnt/data/offline_episodes/train.h5', 'weight': 0.9}, {'name': 'offline_episodes_b', 'uri': 'data/processed/expert_trajectories/train.h5', 'weight': 0.92}, {'name': 'expert_trajectories_c', 'uri': 's3://corp-features/datasets/offline_episodes/train.h5', 'weight': 0.63, 'version': 'v3'}]
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
output_dir = '/checkpoints/latest/'
cache_dir = '/tmp/cache'
scheduler = {'name': 'linear', 'warmup_steps': 100}
optimizer = {'name': 'adamw', 'lr': 0.0003, 'weight_decay': 0.01}
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
trainer = {'epochs': 3, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
