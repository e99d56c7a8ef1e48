config = dict(
    seed=42,
    data=dict(root="/data/cityscapes", version="v1.0", crop_size=(512, 1024),
              transforms=[dict(name="random_scale"), dict(name="hflip")]),
    model=dict(backbone="resnet50", pretrained="imagenet", num_classes=19),
    optimizer=dict(type="SGD", lr=0.01, momentum=0.9),
    max_iters=80000,
    work_dir="work_dirs/seg",
)
