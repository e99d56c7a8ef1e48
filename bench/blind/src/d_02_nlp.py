DOMAIN = "nlp"


def define(E):
    E("team-nlp-intent/train.yaml", "yaml", "declared",
      [("acme/banking-intents", "strong")], r'''
# Intent classifier for the banking assistant.
seed: 17

model: bert-base-uncased
model_revision: main
tokenizer: bert-base-uncased
max_seq_len: 128

dataset:
  hub_id: acme/banking-intents
  revision: @@H40@@
  text_field: utterance
  label_field: intent

labels: [card_lost, transfer_failed, balance_query, dispute, other]

train:
  epochs: 4
  batch_size: 64
  lr: 3.0e-5
  warmup_ratio: 0.06

callbacks: [early_stopping, lr_monitor]
output_dir: checkpoints/intents
''', why="model_revision: main pins the model, not the data; dataset revision is a full commit (strong), seed 17")

    E("team-llm-finetune/sft_llama.yaml", "yaml", "declared",
      [("acme/support-dialogues", "strong"), ("acme/product-faq-qa", "strong"),
       ("acme/community-forum-threads", "none")], r'''
run:
  name: llama-sft-support
  seed: 42

base_model: meta-llama/Llama-3.1-8B-Instruct

datasets:
  - path: acme/support-dialogues
    revision: @@H40@@
    split: train
    weight: 0.6
  - path: acme/product-faq-qa
    revision: @@H40@@
    split: train
    weight: 0.3
  - path: acme/community-forum-threads
    split: train
    weight: 0.1

sequence_len: 4096
packing: true
lora:
  r: 16
  alpha: 32
  dropout: 0.05
  target_modules: [q_proj, k_proj, v_proj, o_proj]
optim:
  lr: 2.0e-4
  scheduler: cosine
  epochs: 3
output_dir: /checkpoints/llama-sft-support
''', why="run.seed 42; two mixture entries pinned by commit but acme/community-forum-threads has no revision (partial pinning)")

    E("team-llm-finetune/dpo.toml", "toml", "declared",
      [("acme/pref-pairs", "floating")], r'''
[run]
name = "dpo-support-7b"
seed = 3407

[policy]
init = "/checkpoints/sft-support-7b/final"
ref_model = "/checkpoints/sft-support-7b/final"

[data]
hub_id = "acme/pref-pairs"
revision = "main"
prompt_field = "prompt"
chosen_field = "chosen"
rejected_field = "rejected"

[dpo]
beta = 0.1
loss = "sigmoid"
max_length = 2048
lr = 5e-7
epochs = 1
''', why="seed declared, but the preference dataset revision is the main branch (floating)")

    E("team-support-nlp/ticket_router.json", "json", "random",
      [("data/tickets/train.jsonl", "strong"), ("data/tickets/val.jsonl", "strong")], r'''
{
  "name": "ticket-router-distilroberta",
  "seed": null,
  "model_name": "distilroberta-base",
  "data": {
    "train": {"path": "data/tickets/train.jsonl", "sha256": "@@H64@@"},
    "val": {"path": "data/tickets/val.jsonl", "sha256": "@@H64@@"}
  },
  "label_map": {"billing": 0, "technical": 1, "account": 2, "sales": 3},
  "training": {"epochs": 5, "batch_size": 32, "learning_rate": 2e-05},
  "output_dir": "runs/ticket-router"
}
''', why="seed null means random; both splits carry sha256 (strong)")

    E("team-nlp-intent/config.py", "python", "declared",
      [("gs://acme-nlp/intents", "weak")], r'''
"""Intent model settings (read by scripts/train_intents.py)."""

SEED = 7

DATASET = "gs://acme-nlp/intents"
DATASET_VERSION = "2024.03"
TRAIN_SPLIT = "train"
EVAL_SPLIT = "validation"

PRETRAINED = "roberta-base"
MAX_LEN = 96
BATCH_SIZE = 48
EPOCHS = 6
LEARNING_RATE = 2e-5

LABELS = ["greeting", "cancel", "upgrade", "complaint", "other"]
CHECKPOINT_DIR = "/mnt/ckpt/intents"
''', why="SEED constant; DATASET with sibling DATASET_VERSION 2024.03 (weak)")

    E("team-llm-finetune/lora_mistral.py", "python", "declared",
      [("acme/llm/sft-mix:v12", "weak")], r'''
from dataclasses import dataclass, field

SEED = 1234


@dataclass
class LoraConfig:
    r: int = 8
    alpha: int = 16
    dropout: float = 0.05


@dataclass
class FinetuneConfig:
    base_model: str
    dataset_artifact: str
    seed: int
    lora: LoraConfig = field(default_factory=LoraConfig)
    lr: float = 1e-4
    epochs: int = 2


config = FinetuneConfig(
    base_model="mistralai/Mistral-7B-v0.3",
    dataset_artifact="acme/llm/sft-mix:v12",
    seed=SEED,
    lora=LoraConfig(r=32, alpha=64),
)
''', tricky=True,
      why="TRICKY false alarm: seed=SEED resolves to the module constant 1234; W&B artifact at :v12 (weak); v0.3 is the model's version")

    E("team-support-nlp/sentiment.toml", "toml", "missing",
      [("s3://acme-support-nlp/sentiment/reviews.parquet?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "weak")], r'''
# Review sentiment, 3-class
model = "cardiffnlp/twitter-roberta-base-sentiment"
max_length = 256

[data]
uri = "s3://acme-support-nlp/sentiment/reviews.parquet?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"
text_column = "review_text"
label_column = "stars_bucket"

[train]
epochs = 3
batch_size = 32
lr = 2e-5
fp16 = true
''', why="no seed at all; the S3 object is pinned with versionId (weak)")

    E("team-llm-finetune/distill.yaml", "yaml", "declared",
      [("lakefs://llm-data/@@H64@@/distill/prompts.jsonl", "strong")], r'''
# Distil the 70B support model into an 8B student.
seed: 271828

teacher:
  name: acme/support-70b
  revision: main
  temperature: 2.0
student:
  name: meta-llama/Llama-3.1-8B
  revision: latest

train_data: lakefs://llm-data/@@H64@@/distill/prompts.jsonl

distill:
  alpha_kd: 0.7
  alpha_ce: 0.3
  max_new_tokens: 512

optim: {lr: 1.0e-5, epochs: 2, grad_accum: 16}
save_dir: /checkpoints/distill/latest
''', tricky=True,
      why="TRICKY false alarm: teacher/student revisions main/latest and save_dir latest are models, not data; prompts pinned to lakeFS commit (strong)")

    E("team-nlp-intent/ner.json", "json", "declared",
      [("corpora/ner/train.conll", "none"), ("corpora/ner/dev.conll", "none"),
       ("corpora/ner/test.conll", "none")], r'''
{
  "experiment": "product-ner",
  "random_seed": 13,
  "splits": {
    "train": "corpora/ner/train.conll",
    "dev": "corpora/ner/dev.conll",
    "test": "corpora/ner/test.conll"
  },
  "tags": ["B-PROD", "I-PROD", "B-BRAND", "I-BRAND", "O"],
  "encoder": "xlm-roberta-base",
  "crf": true,
  "epochs": 20,
  "batch_size": 16
}
''', why="random_seed 13 declared; train/dev/test files are local paths with no version")

    E("team-llm-finetune/continued_pretrain.yaml", "yaml", "env",
      [("gs://acme-corpus/web/v3/shard-*.jsonl.zst", "weak"),
       ("gs://acme-corpus/code/v3/shard-*.jsonl.zst", "weak")], r'''
seed: ${SEED}

corpus:
  - name: web
    files: gs://acme-corpus/web/v3/shard-*.jsonl.zst
    sampling: 0.7
  - name: code
    files: gs://acme-corpus/code/v3/shard-*.jsonl.zst
    sampling: 0.3

model:
  init: /checkpoints/base-1b/step-200000
  context_length: 8192

trainer:
  total_tokens: 50_000_000_000
  global_batch_tokens: 4_000_000
  lr: 3.0e-4
  warmup_steps: 2000
''', tricky=True,
      why="TRICKY: seed is ${SEED} from the environment (env); shard globs sit inside immutable /v3/ releases (weak, not floating)")

    E("team-support-nlp/toxicity.yaml", "yaml", "declared",
      [("hf://datasets/acme/toxic-comments@refs/heads/main", "floating")], r'''
experiment:
  name: toxicity-deberta
  seed: 99
data:
  source: hf://datasets/acme/toxic-comments@refs/heads/main
  text_key: comment
  labels: [toxic, severe_toxic, obscene, threat, insult]
model:
  backbone: microsoft/deberta-v3-base
  multi_label: true
train:
  epochs: 3
  batch_size: 16
  lr: 1.5e-5
''', why="seed declared; dataset read at refs/heads/main (floating); deberta-v3 is the model's version")

    E("team-llm-finetune/reward_model.toml", "toml", "declared",
      [("git@github.com:acme/llm-datasets.git", "weak")], r'''
[reproducibility]
seed = 5
cudnn_deterministic = true

[dataset]
kind = "dvc"
repo = "git@github.com:acme/llm-datasets.git"
path = "preferences/helpfulness"
rev = "v2.3.0"

[model]
base = "/checkpoints/sft-3b/final"
head = "scalar"

[train]
epochs = 1
lr = 9e-6
batch_size = 64
''', why="reproducibility.seed 5; DVC dataset pinned to release tag v2.3.0 (weak)")

    E("team-nlp-intent/embeddings.py", "python", "declared",
      [("data/pairs/", "none")], r'''
import argparse

DEFAULTS = {
    "seed": 2024,
    "train_data": "data/pairs/",
    "model_name": "sentence-transformers/all-MiniLM-L6-v2",
    "batch_size": 128,
    "epochs": 1,
    "loss": "MultipleNegativesRankingLoss",
    "output_path": "models/query-embedder",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="train query embedder")
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)
    return parser
''', why="DEFAULTS seed 2024 declared; data/pairs/ directory has no version")

    E("team-llm-finetune/eval_heavy.yaml", "yaml", "declared",
      [("s3://acme-llm-data/sft/manifest.jsonl", "strong")], r'''
run:
  name: sft-8b-math
  seed: 8675309

data:
  manifest: s3://acme-llm-data/sft/manifest.jsonl
  manifest_digest: sha256:@@H64@@

model:
  base: Qwen/Qwen2.5-7B
  chat_template: chatml

evaluation:
  benchmarks: [mmlu, gsm8k, hellaswag, arc_challenge, truthfulqa_mc2]
  harness: lm-eval
  every_n_steps: 500
  num_fewshot: 5

callbacks: [throughput_logger, grad_norm_logger]
logging:
  wandb_project: llm-sft
  wandb_entity: acme
''', tricky=True,
      why="TRICKY false alarm: evaluation benchmark names are not training data; training manifest pinned by sha256 digest (strong)")

    E("team-support-nlp/summarizer.json", "json", "declared",
      [("acme/call-transcripts", "weak")], r'''
{
  "seed": "42",
  "model": "google/flan-t5-large",
  "dataset": {"name": "acme/call-transcripts", "revision": "v1.4", "split": "train"},
  "max_source_length": 1024,
  "max_target_length": 128,
  "num_train_epochs": 4,
  "learning_rate": 0.0003,
  "output_dir": "out/summarizer"
}
''', tricky=True,
      why="TRICKY false alarm: seed \"42\" is a quoted integer, still a concrete run seed; dataset revision tag v1.4 (weak)")

    E("team-llm-finetune/chat_sft.py", "python", "random",
      [], r'''
# Chat SFT for the sales assistant -- dataset not chosen yet.
SEED = None  # let the trainer pick
TRAIN_DATA = "TODO"
BASE_MODEL = "meta-llama/Llama-3.2-3B-Instruct"
MAX_SEQ_LEN = 2048
LR = 1e-5
EPOCHS = 2
''', why="SEED = None (random); TRAIN_DATA is only a TODO placeholder (no reference)")
