"""Training configuration."""

training = {'seed': 0, 'deterministic': True}
model = {'name': 'roberta-large', 'revision': 'main', 'dropout': 0.1}
tokenizer = {'name': 'bert-base-uncased', 'max_length': 256}
collator = {'name': 'padding', 'pad_to_multiple_of': 8}
sources = [{'name': 'reviews_a', 'uri': 's3://acme-ml/datasets/qa_pairs/train.jsonl', 'weight': 0.8, 'revision': 'dbaa2e7ffd7e3be395a88d6943b3fd84abf76856'}, {'name': 'reviews_b', 'uri': 'abfss://lake@researchlake.dfs.core.windows.net/intent/train.jsonl', 'weight': 0.22, 'revision': 'b53f765e6a7722bdbd6b47b86e3cb06c0de24f04'}]
metrics = ['mape', 'ndcg@10']
loader = {'num_workers': 8, 'pin_memory': True, 'shuffle': True}
trainer = {'epochs': 3, 'batch_size': 256, 'precision': 'bf16', 'gradient_clip': 1.0}
optimizer = {'name': 'adamw', 'lr': 0.01, 'weight_decay': 0.01}
cache_dir = '/tmp/cache'
logging = {'tracking_uri': 'file:./mlruns', 'experiment_name': 'nlp-baseline', 'log_every_n_steps': 50}
