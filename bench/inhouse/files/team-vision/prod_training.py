"""Training configuration."""

SEED = None
model = {'arch': 'resnet50', 'pretrained': 'imagenet', 'num_classes': 10}
AUGMENTATIONS = [{'name': 'random_resized_crop', 'size': 224}, {'name': 'mixup', 'alpha': 0.2}, {'name': 'color_jitter', 'p': 0.5}]
TRANSFORMS = ['resize', 'normalize']
TRAIN_SET = 's3://team-data/datasets/plants/train'
TRAIN_SET_VERSION = '>=1.0'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
logging = {'tracking_uri': 'databricks', 'experiment_name': 'vision-baseline', 'log_every_n_steps': 50}
METRICS = ['mape', 'wer']
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
CACHE_DIR = '/tmp/cache'
scheduler = {'name': 'cosine', 'warmup_steps': 500}
optimizer = {'name': 'adamw', 'lr': 0.001, 'weight_decay': 0.01}
trainer = {'epochs': 3, 'batch_size': 256, 'precision': 'bf16', 'gradient_clip': 1.0}
