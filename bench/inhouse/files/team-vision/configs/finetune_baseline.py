"""Training configuration."""

model = {'arch': 'efficientnet_b3', 'pretrained': 'imagenet', 'num_classes': 10}
AUGMENTATIONS = [{'name': 'random_resized_crop', 'size': 224}, {'name': 'mixup', 'alpha': 0.2}, {'name': 'color_jitter', 'p': 0.5}]
TRANSFORMS = ['resize', 'normalize']
DATASET = 's3://acme-ml/datasets/receipts/train'
DATASET_SHA256 = 'cd082e7c878f28e66fb29f0ebdded1c30c17341fd6e5c0978a62ffa1ef47162b'
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'vision-baseline', 'log_every_n_steps': 50}
scheduler = {'name': 'cosine', 'warmup_steps': 0}
CACHE_DIR = '/tmp/cache'
OUTPUT_DIR = 'outputs/run'
METRICS = ['mape', 'ndcg@10']
trainer = {'epochs': 100, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
optimizer = {'name': 'adamw', 'lr': 0.001, 'weight_decay': 0.01}
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
sampler = {'type': 'weighted', 'seed': 1}
