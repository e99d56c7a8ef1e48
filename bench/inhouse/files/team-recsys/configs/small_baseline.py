"""Training configuration."""

model = {'name': 'dlrm', 'embedding_dim': 64}
top_k = 50
dataset = {'repo_id': 'acme/clicks', 'split': 'train', 'revision': '381fbbd58b8fe16577efefb92f8790283b6439ec', 'features': [{'name': 'user_id', 'type': 'categorical'}, {'name': 'item_id', 'type': 'categorical'}]}
checkpoint = {'dir': '/ckpt/latest', 'save_every': 1000}
loss = 'mse'
trainer = {'epochs': 30, 'batch_size': 32, 'precision': 'fp32', 'gradient_clip': 1.0}
metrics = ['mape', 'ndcg@10']
logging = {'tracking_uri': 'http://mlflow.internal:5000', 'experiment_name': 'recsys-baseline', 'log_every_n_steps': 50}
optimizer = {'name': 'sgd', 'lr': 0.001, 'weight_decay': 0.01}
cache_dir = '/tmp/cache'
scheduler = {'name': 'step', 'warmup_steps': 100}
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
