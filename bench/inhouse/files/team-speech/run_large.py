"""Training configuration."""

sampler = {'type': 'weighted', 'seed': 7}
model = {'name': 'conformer', 'model_revision': 'main', 'sample_rate': 16000}
augmentations = [{'name': 'spec_augment'}, {'name': 'speed_perturb', 'factors': [0.9, 1.0, 1.1]}]
features = {'type': 'fbank', 'num_mel_bins': 80}
data = {'root': 's3://acme-ml/datasets/call_audio', 'batch_size': 128}
trainer = {'epochs': 30, 'batch_size': 256, 'precision': 'fp32', 'gradient_clip': 1.0}
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
scheduler = {'name': 'cosine', 'warmup_steps': 0}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loss = 'mse'
optimizer = {'name': 'adamw', 'lr': 0.0003, 'weight_decay': 0.01}
metrics = ['f1', 'rmse']
cache_dir = '/tmp/cache'
logging = {'tracking_uri': 'databricks', 'experiment_name': 'speech-baseline', 'log_every_n_steps': 50}
output_dir = '/checkpoints/latest/'
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
