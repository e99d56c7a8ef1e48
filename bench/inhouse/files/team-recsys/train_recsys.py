"""Training configuration."""

random_seed = 1234
model = {'name': 'sasrec', 'embedding_dim': 64}
top_k = 20
data = {'root': 'gs://corp-features/clicks', 'version': '8b1d69e8958dae3af0ae8ac55e1ce7d463d15b87', 'batch_size': 32, 'features': [{'name': 'user_id', 'type': 'categorical'}, {'name': 'item_id', 'type': 'categorical'}]}
cache_dir = '/tmp/cache'
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
output_dir = 'outputs/run'
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'recsys-baseline', 'log_every_n_steps': 50}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loss = 'mse'
trainer = {'epochs': 3, 'batch_size': 32, 'precision': 'bf16', 'gradient_clip': 1.0}
