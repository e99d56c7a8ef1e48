CONFIG = {
    "seed": 3,
    "model": {"arch": "mask2former", "backbone": "swin-t", "pretrained": "coco"},
    "train": {
        "images": "/data/product_seg/images/",
        "annotations": "/data/product_seg/annotations/train.json",
    },
    "val": {
        "images": "/data/product_seg/images/",
        "annotations": "/data/product_seg/annotations/val.json",
    },
    "epochs": 50,
    "batch_size": 4,
    "optimizer": {"name": "adamw", "lr": 1e-4, "weight_decay": 0.05},
}
