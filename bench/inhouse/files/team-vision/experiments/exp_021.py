"""Training configuration."""

sampler = {'type': 'weighted', 'seed': 1}
model = {'arch': 'vit_b_16', 'pretrained': 'imagenet', 'num_classes': 10}
augmentations = [{'name': 'random_resized_crop', 'size': 224}, {'name': 'mixup', 'alpha': 0.2}, {'name': 'color_jitter', 'p': 0.5}]
transforms = ['resize', 'normalize']
data_config = {'train_path': 'gs://team-data/shelf_images/train', 'val_path': 'data/processed/plants/val', 'revision': '2024-05-01'}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
metrics = ['auc', 'mape']
scheduler = {'name': 'linear', 'warmup_steps': 100}
cache_dir = '/tmp/cache'
output_dir = 'outputs/run'
trainer = {'epochs': 100, 'batch_size': 256, 'precision': 'fp32', 'gradient_clip': 1.0}
logging = {'tracking_uri': 'databricks', 'experiment_name': 'vision-baseline', 'log_every_n_steps': 50}
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
loss = 'mse'
optimizer = {'name': 'adam', 'lr': 0.0003, 'weight_decay': 0.01}
