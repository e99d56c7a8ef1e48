"""Training configuration."""

seed = None
model = {'name': 'wav2vec2-base', 'model_revision': 'main', 'sample_rate': 16000}
augmentations = [{'name': 'spec_augment'}, {'name': 'speed_perturb', 'factors': [0.9, 1.0, 1.1]}]
features = {'type': 'fbank', 'num_mel_bins': 80}
dataset = {'name': 'research/read-speech', 'split': 'train', 'revision': 'v2.1.0'}
output_dir = 's3://acme-ml/models/latest/'
metrics = ['mape', 'wer']
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
optimizer = {'name': 'sgd', 'lr': 0.01, 'weight_decay': 0.01}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'speech-baseline', 'log_every_n_steps': 50}
trainer = {'epochs': 100, 'batch_size': 256, 'precision': 'fp32', 'gradient_clip': 1.0}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
