"""Training configuration."""

model = {'name': 'wav2vec2-base', 'model_revision': 'main', 'sample_rate': 16000}
AUGMENTATIONS = [{'name': 'spec_augment'}, {'name': 'speed_perturb', 'factors': [0.9, 1.0, 1.1]}]
features = {'type': 'fbank', 'num_mel_bins': 80}
DATASET = '/mnt/data/read_speech/train'
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'speech-baseline', 'log_every_n_steps': 50}
scheduler = {'name': 'linear', 'warmup_steps': 500}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
LOSS = 'mse'
CACHE_DIR = '/tmp/cache'
trainer = {'epochs': 100, 'batch_size': 16, 'precision': 'bf16', 'gradient_clip': 1.0}
optimizer = {'name': 'adamw', 'lr': 0.0003, 'weight_decay': 0.01}
SEED = None
