"""Training configuration."""

model = {'name': 'conformer', 'model_revision': 'main', 'sample_rate': 16000}
data = {'audio_root': 's3://ml-prod/datasets/meetings/train', 'audio_root_version': '2024-05-01', 'num_workers': 8, 'augmentations': [{'name': 'spec_augment'}, {'name': 'speed_perturb', 'factors': [0.9, 1.0, 1.1]}], 'features': {'type': 'fbank', 'num_mel_bins': 80}}
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
cache_dir = '/tmp/cache'
logging = {'tracking_uri': 'databricks', 'experiment_name': 'speech-baseline', 'log_every_n_steps': 50}
metrics = ['wer', 'ndcg@10']
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
trainer = {'epochs': 30, 'batch_size': 256, 'precision': 'bf16', 'gradient_clip': 1.0}
scheduler = {'name': 'cosine', 'warmup_steps': 500}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loss = 'bce'
output_dir = 's3://acme-ml/models/latest/'
optimizer = {'name': 'adam', 'lr': 0.0003, 'weight_decay': 0.01}
seed = None
