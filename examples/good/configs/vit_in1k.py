# An MMEngine config composed from bases: the seed and the dataset pin come from them.
_base_ = ['_base_/datasets/imagenet.py', '_base_/default_runtime.py']
optim_wrapper = dict(optimizer=dict(type='AdamW', lr=1e-3))
train_cfg = dict(by_epoch=True, max_epochs=300)
