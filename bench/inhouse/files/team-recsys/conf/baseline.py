"""Training configuration."""

model = {'name': 'sasrec', 'embedding_dim': 64}
top_k = 50
features = [{'name': 'user_id', 'type': 'categorical'}, {'name': 'item_id', 'type': 'categorical'}]
data = {'batch_size': 64, 'num_workers': 4}
scheduler = {'name': 'linear', 'warmup_steps': 0}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
optimizer = {'name': 'adamw', 'lr': 0.001, 'weight_decay': 0.01}
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'recsys-baseline', 'log_every_n_steps': 50}
metrics = ['wer', 'accuracy']
loss = 'bce'
trainer = {'epochs': 100, 'batch_size': 256, 'precision': 'fp32', 'gradient_clip': 1.0}
output_dir = '/checkpoints/latest/'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
cache_dir = '/tmp/cache'
sampler = {'type': 'weighted', 'seed': 0}
