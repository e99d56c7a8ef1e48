"""Training configuration."""

seed = None
model = {'arch': 'resnet50', 'pretrained': 'imagenet', 'num_classes': 10}
augmentations = [{'name': 'random_resized_crop', 'size': 224}, {'name': 'mixup', 'alpha': 0.2}, {'name': 'color_jitter', 'p': 0.5}]
transforms = ['resize', 'normalize']
training_data = 'abfss://lake@researchlake.dfs.core.windows.net/shelf_images/train'
training_data_version = '*'
optimizer = {'name': 'sgd', 'lr': 0.001, 'weight_decay': 0.01}
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'vision-baseline', 'log_every_n_steps': 50}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loss = 'focal'
output_dir = '/checkpoints/latest/'
scheduler = {'name': 'step', 'warmup_steps': 500}
trainer = {'epochs': 10, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
