"""Training configuration."""

model = {'arch': 'resnet50', 'pretrained': 'imagenet', 'num_classes': 100}
data = {'images': 'gs://acme-ml/street_scenes/train', 'images_version': 'v2.1.0', 'num_workers': 2, 'augmentations': [{'name': 'random_resized_crop', 'size': 224}, {'name': 'mixup', 'alpha': 0.2}, {'name': 'color_jitter', 'p': 0.5}], 'transforms': ['resize', 'normalize']}
cache_dir = '/tmp/cache'
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'vision-baseline', 'log_every_n_steps': 50}
scheduler = {'name': 'linear', 'warmup_steps': 100}
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
trainer = {'epochs': 3, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
metrics = ['wer', 'ndcg@10']
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loss = 'mse'
optimizer = {'name': 'adam', 'lr': 5e-05, 'weight_decay': 0.01}
global_seed = 0
