"""Training configuration."""

sampler = {'type': 'weighted', 'seed': 7}
model = {'name': 'distilbert-base-cased', 'revision': 'main', 'dropout': 0.1}
tokenizer = {'name': 'bert-base-uncased', 'max_length': 256}
collator = {'name': 'padding', 'pad_to_multiple_of': 8}
tasks = [{'name': 'task_0', 'loss_weight': 1.0, 'data': {'path': '/mnt/data/support_tickets/train.jsonl', 'version': 'c0417ccf90f47764555c5dce92e2685ced774b5a'}}, {'name': 'task_1', 'loss_weight': 1.0, 'data': {'path': 's3://ml-prod/datasets/qa_pairs/train.jsonl', 'version': '5cc7d475fc93d25331061d150d97df85b205ccae'}}, {'name': 'task_2', 'loss_weight': 1.0, 'data': {'path': '/mnt/data/support_tickets/train.jsonl', 'version': '2024-05-01'}}]
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
loss = 'bce'
metrics = ['f1', 'auc']
output_dir = 's3://acme-ml/models/latest/'
scheduler = {'name': 'cosine', 'warmup_steps': 0}
logging = {'tracking_uri': 'databricks', 'experiment_name': 'nlp-baseline', 'log_every_n_steps': 50}
callbacks = [{'name': 'early_stopping', 'patience': 5}, {'name': 'lr_monitor'}]
trainer = {'epochs': 3, 'batch_size': 16, 'precision': 'bf16', 'gradient_clip': 1.0}
optimizer = {'name': 'sgd', 'lr': 0.001, 'weight_decay': 0.01}
