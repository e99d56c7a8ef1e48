"""Fine-grained product classifier. The manifests list s3 keys with per-file sha256."""

SEED = 101
TRAIN_MANIFEST = "manifests/train_manifest.csv"
TRAIN_MANIFEST_SHA256 = "8f4700e054e5d91a75d90f93a1e93bd265f433494c19a581ed0325ceb9c27531"
VAL_MANIFEST = "manifests/val_manifest.csv"
VAL_MANIFEST_SHA256 = "ae4dddf3e86b2123865df1e5137066bea4297ec1549b3006c93acbe5b5f8fa67"

ARCH = "vit_base_patch16_224"
PRETRAINED = "imagenet21k"
EPOCHS = 15
BATCH_SIZE = 64
MIXUP = 0.2
