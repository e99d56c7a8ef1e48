DOMAIN = "multimodal"


def define(E):
    E("team-multimodal/clip_ft.yaml", "yaml", "declared",
      [("s3://acme-mm/pairs/v4/{000000..000999}.tar", "weak")], r'''
# CLIP fine-tune on catalog image/text pairs (webdataset shards)
seed: 1906
train_shards: s3://acme-mm/pairs/v4/{000000..000999}.tar
samples_per_epoch: 20_000_000
model:
  name: ViT-B-16
  pretrained: laion2b_s34b_b88k
precision: amp_bf16
batch_size: 4096
lr: 5.0e-6
warmup: 2000
epochs: 5
''', tricky=True,
      why="TRICKY false alarm: {000000..000999} is a shard brace range, not a version range; shards under /v4/ (weak); pretrained tag is the model's")

    E("team-multimodal/vqa.yaml", "yaml", "declared",
      [("acme/vqa-internal", "weak"), ("lakefs://mm/@@H64@@/vqa/images/", "strong")], r'''
run:
  name: vqa-blip
  seed: 230
data:
  questions:
    hub_id: acme/vqa-internal
    revision: v2.1
  images: lakefs://mm/@@H64@@/vqa/images/
model:
  vision: vit-large
  text: bert-base-uncased
  fusion: q-former
train:
  epochs: 10
  lr: 1.0e-5
''', why="run.seed declared; questions at tag v2.1 (weak) and images at a lakeFS commit (strong): worst weak")

    E("team-multimodal/captioning.json", "json", "declared",
      [("gs://acme-mm/captions/latest/train.jsonl", "floating")], r'''
{
  "seed": 7,
  "train": "gs://acme-mm/captions/latest/train.jsonl",
  "image_root": "gs://acme-mm/captions/latest/images",
  "decoder": "gpt2",
  "encoder": "vit-base-patch16-224",
  "max_caption_len": 40,
  "epochs": 12
}
''', why="seed declared; training captions read from a /latest/ folder (floating)")

    E("team-multimodal/doc_layout.toml", "toml", "missing",
      [("s3://acme-docs/layout/pages.tar", "strong")], r'''
model = "layoutlm-style"
max_pages = 4

[data]
archive = "s3://acme-docs/layout/pages.tar"
sha256 = "@@H64@@"
labels = ["title", "paragraph", "table", "figure", "footer"]

[train]
epochs = 20
lr = 5e-5
''', why="no seed; archive pinned by sha256 (strong)")

    E("team-multimodal/vlm_sft.py", "python", "declared",
      [("acme/screenshots-qa", "strong"), ("acme/receipts-qa", "strong")], r'''
SEED = 42

DATASETS = [
    {"name": "acme/screenshots-qa", "revision": "@@H40@@", "weight": 0.5},
    {"name": "acme/receipts-qa", "revision": "@@H40@@", "weight": 0.5},
]

BASE_MODEL = "Qwen/Qwen2-VL-7B-Instruct"
MODEL_REVISION = "main"
LORA_R = 64
EPOCHS = 2
''', why="SEED declared; both datasets at full commits (strong); MODEL_REVISION main is the model's")

    E("team-multimodal/retrieval.yaml", "yaml", "env",
      [("s3://acme-mm/listing_pairs/", "none")], r'''
seed: ${oc.env:SEED}
pairs: s3://acme-mm/listing_pairs/
image_encoder: convnext-base
text_encoder: e5-small
loss: infonce
batch_size: 1024
''', why="seed from the environment (env) and the pairs folder unversioned")

    E("team-multimodal/video_text.yaml", "yaml", "random",
      [("gs://acme-mm/video_clips/2024-03-15/", "weak")], r'''
seed: "random"
clips: gs://acme-mm/video_clips/2024-03-15/
frames_per_clip: 8
model: {video: timesformer, text: bert-base-uncased}
epochs: 6
''', why="seed \"random\" (random); clips in a dated folder (weak)")

    E("team-multimodal/audio_visual.py", "python", "declared",
      [("s3://acme-mm/av/clips.parquet", "strong"), ("acme/av-captions", "floating")], r'''
from mm_train.config import AVConfig, Source

config = AVConfig(
    seed=611,
    sources=[
        Source(uri="s3://acme-mm/av/clips.parquet", sha256="@@H64@@"),
        Source(uri="acme/av-captions", revision="main"),
    ],
    audio_encoder="beats",
    video_encoder="vivit",
)
''', why="seed declared; clips pinned by sha256 but captions at revision main (floating)")

    E("team-multimodal/chart_qa.yaml", "yaml", "declared",
      [("hf://datasets/acme/chart-qa@@@H40@@/data/train-*.parquet", "strong")], r'''
seed: 515
train_files: hf://datasets/acme/chart-qa@@@H40@@/data/train-*.parquet
model:
  base: google/paligemma-3b-pt-224
  revision: main
max_len: 512
epochs: 3
''', tricky=True,
      why="TRICKY false alarm: the glob sits under a commit-pinned hf:// URL (strong); revision main belongs to the model")

    E("team-multimodal/ocr_vqa.json", "json", "declared",
      [("/mnt/datasets/ocr_vqa", "weak")], r'''
{
  "random_seed": 1001,
  "data_dir": "/mnt/datasets/ocr_vqa",
  "data_version": "v7",
  "vision_tower": "siglip-so400m",
  "llm": "acme/chat-7b",
  "epochs": 1
}
''', why="random_seed declared; data_dir with data_version v7 (weak)")

    E("team-multimodal/product_match.toml", "toml", "declared",
      [("s3://acme-mm/products/images.tar?versionId=Q1w2E3r4T5y6U7i8O9p0AsDfGhJkLzXc", "weak"),
       ("catalog.gold.product_text", "weak")], r'''
[run]
seed = 12

[[inputs]]
name = "images"
uri = "s3://acme-mm/products/images.tar?versionId=Q1w2E3r4T5y6U7i8O9p0AsDfGhJkLzXc"

[[inputs]]
name = "texts"
table = "catalog.gold.product_text"
version_as_of = 204

[model]
image = "efficientnet-b0"
text = "minilm"
''', why="run.seed declared; S3 versionId and Delta version_as_of (both weak)")

    E("team-multimodal/image_gen.yaml", "yaml", "declared",
      [("s3://acme-mm/brand/product_shots/", "none")], r'''
seed: 1024
pretrained_model: stabilityai/stable-diffusion-xl-base-1.0
vae: madebyollin/sdxl-vae-fp16-fix
instance_data: s3://acme-mm/brand/product_shots/
instance_prompt: "a photo of acme-bottle"
resolution: 1024
train_steps: 1500
lr: 1.0e-4
lora_rank: 32
''', why="seed declared; instance images unversioned (the 1.0 is the model's version)")

    E("team-multimodal/embed_distill.py", "python", "missing",
      [("acme-mm.training.image_text_pairs@1716163200000", "weak")], r'''
import argparse

ARG_DEFAULTS = {
    "pairs_table": "acme-mm.training.image_text_pairs@1716163200000",
    "teacher": "acme/clip-large-internal",
    "student": "mobilevit-s",
    "epochs": 10,
    "batch_size": 512,
}

parser = argparse.ArgumentParser()
parser.set_defaults(**ARG_DEFAULTS)
''', why="no seed; BigQuery table at a snapshot decorator (weak)")

    E("team-multimodal/meme_cls.yaml", "yaml", "declared",
      [("s3://acme-mm/trust/memes/v1/", "weak")], r'''
experiment:
  name: hateful-meme-cls
  seed: 66
data:
  root: s3://acme-mm/trust/memes/v1/
  splits: [train, dev]
model:
  kind: late-fusion
  image: clip-vit-b
  text: roberta-base
epochs: 8
''', why="experiment.seed declared; data under /v1/ (weak)")

    E("team-multimodal/siglip.py", "python", "declared",
      [("acme/alt-text-pairs", "floating")], r'''
SEED = 73

train = dict(
    seed=SEED,
    dataset=dict(name="acme/alt-text-pairs", revision="latest"),
    model="siglip-base",
    batch_size=2048,
)
''', why="seed declared; dataset revision latest (floating)")

    E("team-multimodal/listing_quality.yaml", "yaml", "declared",
      [("lakefs://listings/@@H64@@/photos/", "strong"), ("s3://acme-mm/listings/attributes.parquet", "strong")], r'''
seed: 3003
inputs:
  photos: lakefs://listings/@@H64@@/photos/
  attributes:
    uri: s3://acme-mm/listings/attributes.parquet
    sha256: @@H64@@
target: quality_score
model: {image: resnet50, tabular: mlp}
''', why="seed declared; photos at a lakeFS commit and attributes with sha256 (strong)")
