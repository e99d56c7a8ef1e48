# A base config: composed by vit_in1k.py through `_base_`, never run on its own.
default_scope = 'mmpretrain'
env_cfg = dict(cudnn_benchmark=False)
randomness = dict(seed=2024, deterministic=False)
