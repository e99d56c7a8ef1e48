# An MMEngine-style Python config: read as a syntax tree, never imported or executed.
train_dataloader = dict(
    batch_size=32,
    sampler=dict(type='DefaultSampler', shuffle=True, seed=3),
    dataset=dict(type='ImageNet', data_root='data/imagenet', version='ILSVRC2012'),
)
randomness = dict(seed=0, deterministic=True)
