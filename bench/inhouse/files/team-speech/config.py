"""Training configuration."""

model = {'name': 'conformer', 'model_revision': 'main', 'sample_rate': 16000}
input_data = {'train_path': 's3://ml-prod/datasets/podcasts/train', 'val_path': 'gs://team-data/voice_commands/val', 'revision': 'release-7', 'augmentations': [{'name': 'spec_augment'}, {'name': 'speed_perturb', 'factors': [0.9, 1.0, 1.1]}], 'features': {'type': 'fbank', 'num_mel_bins': 80}}
scheduler = {'name': 'step', 'warmup_steps': 100}
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'speech-baseline', 'log_every_n_steps': 50}
loss = 'mse'
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
metrics = ['auc', 'accuracy']
cache_dir = '/tmp/cache'
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
output_dir = 'outputs/run'
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
trainer = {'epochs': 100, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
seed = '31337'
