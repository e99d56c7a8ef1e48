# The dataset base: pinned by the commit of the dataset repository it was exported from.
train_dataloader = dict(
    batch_size=64,
    dataset=dict(type='ImageNet', data_root='data/imagenet',
                 revision='4f5c8a2b9d1e3f60718293a4b5c6d7e8f9012345'),
)
