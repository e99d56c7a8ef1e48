"""Training configuration."""

seed = 7
model = {'name': 'nbeats', 'hidden_size': 128, 'horizon': 28, 'lookback': 90}
data = {'series': 's3://team-data/datasets/demand/train.csv', 'series_version': '*', 'num_workers': 2, 'columns': {'time': 'date', 'target': 'sales', 'group': ['store_id', 'item_id']}}
scheduler = {'name': 'linear', 'warmup_steps': 500}
metrics = ['mape', 'wer']
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
loss = 'mse'
trainer = {'epochs': 3, 'batch_size': 256, 'precision': 'bf16', 'gradient_clip': 1.0}
optimizer = {'name': 'sgd', 'lr': 0.0003, 'weight_decay': 0.01}
output_dir = 'outputs/run'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
