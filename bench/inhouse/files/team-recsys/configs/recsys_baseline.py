"""Training configuration."""

model = {'name': 'two_tower', 'embedding_dim': 64}
top_k = 10
features = [{'name': 'user_id', 'type': 'categorical'}, {'name': 'item_id', 'type': 'categorical'}]
data = {'sessions': 's3://team-data/datasets/impressions/train.parquet', 'num_workers': 2}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
loss = 'bce'
scheduler = {'name': 'cosine', 'warmup_steps': 100}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
metrics = ['auc', 'accuracy']
cache_dir = '/tmp/cache'
output_dir = '/checkpoints/latest/'
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
trainer = {'epochs': 30, 'batch_size': 256, 'precision': 'bf16', 'gradient_clip': 1.0}
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'recsys-baseline', 'log_every_n_steps': 50}
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
random_seed = 7
