DOMAIN = "vision"


def define(E):
    E("team-vision-retail/shelf_det.yaml", "yaml", "declared",
      [("lakefs://retail-vision/@@H64@@/shelves/images/", "strong"),
       ("s3://acme-retail-vision/shelves/annotations/train_coco.json", "strong")], r'''
# Shelf product detector (Faster R-CNN style, our own trainer)
seed: 7331

backbone:
  arch: resnet50
  pretrained: imagenet
  frozen_stages: 1

data:
  images: lakefs://retail-vision/@@H64@@/shelves/images/
  annotations: s3://acme-retail-vision/shelves/annotations/train_coco.json
  annotations_sha256: @@H64@@
  classes: [bottle, can, box, bag, price_tag]
  image_size: [1024, 1024]

augmentations: [HorizontalFlip, RandomBrightnessContrast, MotionBlur]

train:
  epochs: 36
  batch_size: 8
  base_lr: 0.02
  schedule: multistep
  milestones: [24, 33]

output_dir: /mnt/ckpt/shelf-det
''', why="seed integer; images at a lakeFS commit and annotations with sha256 (strong); pretrained: imagenet is model weights")

    E("team-perception/lane_seg.yaml", "yaml", "random",
      [("s3://acme-perception/lanes/2024-05-01/", "weak")], r'''
model:
  name: lane-unet
  encoder: efficientnet-b3
  encoder_weights: imagenet
  num_classes: 5

seed: ~

dataset:
  root: s3://acme-perception/lanes/2024-05-01/
  crop: [512, 1024]

loss: [dice, focal]
metrics: [miou, f1]
epochs: 80
lr: 0.0006
''', why="seed: ~ is null (random); data in a dated 2024-05-01 partition (weak)")

    E("team-perception/det3d.toml", "toml", "declared",
      [("gs://acme-perception/lidar/v7/", "weak")], r'''
title = "lidar 3d detector"

[data]
root = "gs://acme-perception/lidar/v7/"
point_cloud_range = [-54.0, -54.0, -5.0, 54.0, 54.0, 3.0]
voxel_size = [0.075, 0.075, 0.2]
classes = ["car", "truck", "pedestrian", "cyclist"]

[model]
backbone = "sparse-resnet"
head = "centerpoint"

[optimizer]
kind = "adamw"
lr = 0.001
epochs = 20

[debug]
seed = 1337
deterministic = true
detect_anomaly = false
''', tricky=True,
      why="TRICKY false alarm: the run seed lives in the [debug] section (declared, 1337); data under /v7/ (weak)")

    E("team-vision-retail/product_seg.py", "python", "declared",
      [("/data/product_seg/images/", "none"), ("/data/product_seg/annotations/train.json", "none"),
       ("/data/product_seg/annotations/val.json", "none")], r'''
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
''', why="seed 3 declared; local annotation files and image folder carry no version")

    E("team-vision-inspect/weld_defect_det.json", "json", "missing",
      [("weld-defects", "weak"), ("datasets/weld-defects", "weak")], r'''
{
  "task": "detect",
  "model": "yolo-nano-custom",
  "epochs": 150,
  "imgsz": 640,
  "batch": 32,
  "roboflow": {"workspace": "acme-inspection", "project": "weld-defects", "version": 6},
  "local_copy": "datasets/weld-defects",
  "names": ["porosity", "crack", "undercut", "spatter"],
  "hsv_h": 0.015,
  "mosaic": 1.0
}
''', why="no seed key; the Roboflow export (and its local copy) is pinned by version number 6 (weak), as in the corpus convention")

    E("team-perception/traffic_signs.yaml", "yaml", "declared",
      [("/datasets/traffic_signs", "floating")], r'''
experiment:
  name: traffic-sign-cls
  seed: 404
data_dir: /datasets/traffic_signs
data_version: latest
num_classes: 62
model:
  arch: convnext_tiny
  pretrained: true
train:
  epochs: 40
  batch_size: 128
  label_smoothing: 0.1
''', why="seed declared; data_version is latest (floating)")

    E("team-vision-retail/ocr_det.yaml", "yaml", "missing",
      [("s3://acme-retail-ocr/receipts/v2/", "weak")], r'''
# Receipt text-detection (DBNet-like)
model:
  backbone: resnet18
  weights: https://download.pytorch.org/models/resnet18-f37072fd.pth
  pretrained: imagenet
data:
  train: s3://acme-retail-ocr/receipts/v2/
  image_size: 960
augment:
  seed: 12
  ops: [RandomRotate, RandomCrop, ColorJitter, GaussianNoise]
  p: 0.5
dataloader:
  workers: 8
  shuffle: true
  worker_init_seed: 0
train:
  epochs: 600
  lr: 0.007
  deterministic: true
''', tricky=True,
      why="TRICKY slip-through: augment.seed and worker_init_seed are component seeds and deterministic: true is no seed -> run seed missing; data /v2/ (weak)")

    E("team-perception/panoptic.py", "python", "declared",
      [("acme/street-panoptic", "weak")], r'''
from perception.configs import DataConfig, PanopticConfig, OptimConfig

cfg = PanopticConfig(
    seed=20231101,
    data=DataConfig(
        hub_id="acme/street-panoptic",
        revision="v3.0.1",
        crop_size=(1024, 2048),
    ),
    backbone="convnext-base",
    optim=OptimConfig(name="adamw", lr=1e-4, max_iters=90_000),
    output_dir="/ckpt/panoptic",
)
''', why="seed passed to the config instance; hub dataset pinned to tag v3.0.1 (weak)")

    E("team-vision-inspect/weld_seg.toml", "toml", "declared",
      [("s3://acme-inspect/weld/seg_images.tar", "strong"), ("s3://acme-inspect/weld/seg_masks.tar", "strong")], r'''
seed = 77

[[sources]]
name = "images"
uri = "s3://acme-inspect/weld/seg_images.tar"
sha256 = "@@H64@@"

[[sources]]
name = "masks"
uri = "s3://acme-inspect/weld/seg_masks.tar"
sha256 = "@@H64@@"

[model]
arch = "deeplabv3plus"
encoder = "resnet101"
classes = ["background", "bead", "defect"]

[train]
epochs = 60
batch_size = 12
lr = 0.0002
''', why="top-level seed; both tarballs pinned by sha256 (strong)")

    E("team-perception/depth.json", "json", "random",
      [("lakefs://perception/main/depth/", "floating")], r'''
{
  "name": "mono-depth",
  "seed": -1,
  "data": {"root": "lakefs://perception/main/depth/", "min_depth": 0.1, "max_depth": 80.0},
  "model": {"encoder": "vit-small", "decoder": "dpt"},
  "optim": {"lr": 0.0001, "epochs": 25}
}
''', why="seed -1 (random) and the lakeFS ref is the main branch (floating)")

    E("team-vision-retail/logo_det.yaml", "yaml", "declared",
      [("data/logos", "strong")], r'''
seed: 2718
dataset:
  path: data/logos          # tracked with DVC
  dvc_md5: @@H32@@.dir
  format: voc
model:
  arch: retinanet
  backbone: resnet50
  anchor_sizes: [32, 64, 128, 256, 512]
schedule:
  epochs: 24
  lr: 0.01
  warmup_iters: 500
''', why="seed declared; DVC directory md5 pins the dataset (strong)")

    E("team-vision-inspect/pcb_det.yaml", "yaml", "env",
      [("gs://acme-inspect/pcb/images/", "none"), ("gs://acme-inspect/pcb/annotations.json", "none")], r'''
seed: ${oc.env:SEED}
data:
  images: gs://acme-inspect/pcb/images/
  annotations: gs://acme-inspect/pcb/annotations.json
  classes: [missing_hole, mouse_bite, open_circuit, short, spur]
model:
  arch: fcos
  backbone: resnet34
train:
  epochs: 48
  lr: 0.01
''', why="seed from the environment (env); images and annotations unversioned")

    E("team-perception/seg_city.py", "python", "random",
      [("lakefs://perception/city-seg/", "floating")], r'''
import random

SEED = random.randint(0, 2**32 - 1)

TRAIN_SET = "lakefs://perception/city-seg/"
TRAIN_SET_VERSION = "v1-latest"

MODEL = "segformer-b2"
CROP = (768, 768)
EPOCHS = 160
LR = 6e-5
''', tricky=True,
      why="TRICKY slip-through: SEED drawn by random.randint (random); TRAIN_SET_VERSION v1-latest is a moving alias (floating)")

    E("team-vision-retail/checkout_cam.toml", "toml", "declared",
      [("abfss://vision@acmeretail.dfs.core.windows.net/checkout/frames/", "none")], r'''
[run]
seed = 64
name = "checkout-item-recognition"

[data]
frames = "abfss://vision@acmeretail.dfs.core.windows.net/checkout/frames/"
labels_file = "labels.csv"

[model]
arch = "efficientnet_v2_s"
pretrained = "imagenet"

[train]
epochs = 30
batch_size = 96
''', why="run.seed declared; Azure frames folder has no version")

    E("team-vision-retail/cls_finetune.py", "python", "declared",
      [("manifests/train_manifest.csv", "strong"), ("manifests/val_manifest.csv", "strong")], r'''
"""Fine-grained product classifier. The manifests list s3 keys with per-file sha256."""

SEED = 101
TRAIN_MANIFEST = "manifests/train_manifest.csv"
TRAIN_MANIFEST_SHA256 = "@@H64@@"
VAL_MANIFEST = "manifests/val_manifest.csv"
VAL_MANIFEST_SHA256 = "@@H64@@"

ARCH = "vit_base_patch16_224"
PRETRAINED = "imagenet21k"
EPOCHS = 15
BATCH_SIZE = 64
MIXUP = 0.2
''', why="SEED constant; both manifests pinned by sha256 (strong)")

    E("team-perception/pretrain_ssl.yaml", "yaml", "declared",
      [], r'''
# Self-supervised pretraining template: copy and fill the data section.
seed: 5
data:
  train: ???
  image_size: 224
method: dino
student: vit-small
teacher_momentum: 0.996
epochs: 100
''', why="seed declared; the only dataset is the ??? placeholder (no reference)")
