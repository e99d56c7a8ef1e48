"""Training configuration."""

global_seed = 7
model = {'name': 'conformer', 'model_revision': 'main', 'sample_rate': 16000}
data = {'train_path': 'abfss://lake@mlprod.dfs.core.windows.net/meetings/train', 'val_path': 'gs://ml-prod/call_audio/val', 'augmentations': [{'name': 'spec_augment'}, {'name': 'speed_perturb', 'factors': [0.9, 1.0, 1.1]}], 'features': {'type': 'fbank', 'num_mel_bins': 80}}
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'speech-baseline', 'log_every_n_steps': 50}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
metrics = ['rmse', 'mape']
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
scheduler = {'name': 'linear', 'warmup_steps': 100}
optimizer = {'name': 'adamw', 'lr': 5e-05, 'weight_decay': 0.01}
cache_dir = '/tmp/cache'
trainer = {'epochs': 100, 'batch_size': 16, 'precision': 'bf16', 'gradient_clip': 1.0}
