"""Training configuration."""

model = {'name': 'dlrm', 'embedding_dim': 64}
top_k = 10
features = [{'name': 'user_id', 'type': 'categorical'}, {'name': 'item_id', 'type': 'categorical'}]
train = {'uri': 's3://corp-features/datasets/interactions/train.parquet', 'commit': 'de53b32d6fe54e816040e60e5ccf9dae45c5faf4', 'shuffle': True}
eval = {'uri': 's3://corp-features/datasets/clicks/eval.parquet', 'commit': 'c354c87332f3be7688de226782eff209a24563a7', 'shuffle': False}
scheduler = {'name': 'step', 'warmup_steps': 500}
metrics = ['wer', 'auc']
output_dir = '/checkpoints/latest/'
loader = {'num_workers': 4, 'pin_memory': True, 'shuffle': True}
optimizer = {'name': 'adam', 'lr': 5e-05, 'weight_decay': 0.01}
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
loss = 'bce'
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'recsys-baseline', 'log_every_n_steps': 50}
trainer = {'epochs': 3, 'batch_size': 32, 'precision': 'fp32', 'gradient_clip': 1.0}
seed = 0
