"""Training configuration."""

training = {'seed': 1234, 'deterministic': True}
model = {'arch': 'efficientnet_b3', 'pretrained': 'imagenet', 'num_classes': 21}
AUGMENTATIONS = [{'name': 'random_resized_crop', 'size': 224}, {'name': 'mixup', 'alpha': 0.2}, {'name': 'color_jitter', 'p': 0.5}]
TRANSFORMS = ['resize', 'normalize']
TRAIN_SET = 'abfss://lake@teamdata.dfs.core.windows.net/xrays/train'
TRAIN_SET_VERSION = '>=1.0'
METRICS = ['accuracy', 'mape']
CACHE_DIR = '/tmp/cache'
trainer = {'epochs': 3, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
OUTPUT_DIR = 'outputs/run'
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'vision-baseline', 'log_every_n_steps': 50}
scheduler = {'name': 'step', 'warmup_steps': 0}
optimizer = {'name': 'adamw', 'lr': 0.0003, 'weight_decay': 0.01}
