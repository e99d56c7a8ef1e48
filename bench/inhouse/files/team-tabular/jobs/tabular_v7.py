"""Training configuration."""

model = {'type': 'xgboost', 'num_leaves': 63, 'max_depth': -1}
FEATURES = ['balance', 'region', 'age', 'num_calls']
CATEGORICAL_COLUMNS = ['region', 'plan']
TARGET = 'label'
TRAIN_SET = 'abfss://lake@corpfeatures.dfs.core.windows.net/pricing/train.parquet'
TRAIN_SET_REVISION = 'latest'
optimizer = {'name': 'adam', 'lr': 5e-05, 'weight_decay': 0.01}
LOSS = 'focal'
checkpoint = {'dir': 'checkpoints/', 'save_every': 1000}
CALLBACKS = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
METRICS = ['rmse', 'wer']
loader = {'num_workers': 2, 'pin_memory': True, 'shuffle': True}
trainer = {'epochs': 30, 'batch_size': 16, 'precision': 'bf16', 'gradient_clip': 1.0}
training = {'seed': 0, 'deterministic': True}
