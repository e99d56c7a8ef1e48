"""Training configuration."""

model = {'name': 'tft', 'hidden_size': 128, 'horizon': 28, 'lookback': 90}
dataset = {'hf_path': 'acme/store-sales', 'split': 'train', 'revision': '699cf002939767f7393e82df4af6f89d96cc07c3', 'columns': {'time': 'date', 'target': 'sales', 'group': ['store_id', 'item_id']}}
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
metrics = ['ndcg@10', 'auc']
cache_dir = '/tmp/cache'
optimizer = {'name': 'adam', 'lr': 0.01, 'weight_decay': 0.01}
loss = 'cross_entropy'
trainer = {'epochs': 10, 'batch_size': 16, 'precision': 'fp32', 'gradient_clip': 1.0}
top_k = 5
reproducibility = {'seed': 7, 'deterministic': True}
