"""Adversarial in-house configs for the generic reading, written before measuring (issue 9, item 3)."""
import json, sys
from pathlib import Path

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
SHA = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c2b4d6f8a0c2e4a6b8d0f2a4c6e8b0d2f"
GIT = "3e1f5a7c9b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a"
MD5 = "5d41402abc4b2a76b9719d911017c592"
E = []


def add(path, seed, pin, text, why, **more):
    E.append((path, seed, pin, text, why, more))


# ---- unlineaged configs meant to pass (slips) ---------------------------------------------------------------
add("slip/unusual_section.yaml", "declared", "none", """\
seed: 11
knowledge:
  articles: s3://acme-kb/articles/
  faqs: s3://acme-kb/faqs.parquet
model: {name: bert-base, lr: 3.0e-5}
epochs: 3
""", "data under an unusual section name (`knowledge`), storage URIs, no version")
add("slip/nested_split_version_missing.yaml", "declared", "none", """\
seed: 5
data:
  train: {uri: s3://acme/churn/train/, version: v4}
  valid: {uri: s3://acme/churn/valid/}
epochs: 10
""", "one split pinned, the other not")
add("slip/versions_block_partial.yaml", "declared", "none", """\
seed: 21
sources:
  clicks: gs://acme-ads/clicks/
  views: gs://acme-ads/views/
versions:
  clicks: v12
epochs: 2
""", "a versions block keyed by name pins clicks but not views")
add("slip/toml_tables.toml", "declared", "none", """\
seed = 3

[[inputs]]
name = "orders"
uri = "s3://acme-retail/orders/"

[[inputs]]
name = "returns"
uri = "s3://acme-retail/returns/"
version = "2024.05"

[train]
epochs = 4
""", "TOML array of tables, first without a version")
add("slip/json_sources.json", "declared", "floating", """\
{
  "seed": 8,
  "sources": [
    {"kind": "hub", "id": "acme/reviews", "revision": "main"},
    {"kind": "s3", "uri": "s3://acme/reviews/extra/v2/"}
  ],
  "epochs": 2
}
""", "a JSON list of sources, one on main")
add("slip/dataclass_call.py", "declared", "none", """\
from acme.cfg import DataSpec, RunConfig

run = RunConfig(
    seed=99,
    epochs=12,
    train=DataSpec(uri="gs://acme-vision/parts/train/"),
    val=DataSpec(uri="gs://acme-vision/parts/val/", version="v3"),
)
""", "dataclass-call config; train split unpinned")
add("slip/dict_override_seed_none.py", "random", "weak", """\
base = dict(seed=42, data=dict(path="s3://acme/tab/v5/train.parquet"), epochs=10)
config = dict(**base, seed=None)
""", "`dict(**base, seed=None)`: the override makes the seed random")
add("slip/several_runs.py", "declared", "none", """\
configs = [
    {"name": "small", "seed": 1, "data": "s3://acme/speech/v2/", "epochs": 5},
    {"name": "large", "seed": 2, "data": "s3://acme/speech/", "epochs": 20},
]
""", "several runs in a list; the second has an unpinned dataset")
add("slip/seed_unresolved_name.py", "unresolved", "weak", """\
from common import SEED

seed = SEED
dataset = "s3://acme-nlp/intents/v7/"
epochs = 3
""", "`seed = SEED` names an imported constant it cannot read")
add("slip/seed_random_string.yaml", "random", "weak", """\
seed: "random"
data: {path: s3://acme/seg/v2/}
epochs: 8
""", "seed 'random'")
add("slip/seed_np_random.py", "random", "weak", """\
import numpy as np

SEED = int(np.random.randint(0, 10_000))
TRAIN_PATH = "s3://acme/fraud/v9/train.parquet"
EPOCHS = 5
""", "seed drawn by numpy at import")
add("slip/version_from_env.yaml", "declared", "none", """\
seed: 3
data:
  uri: s3://acme/recs/events/
  version: ${oc.env:DATA_VERSION}
epochs: 4
""", "version filled from the environment pins nothing")
add("slip/data_file_in_misc.yaml", "declared", "none", """\
seed: 17
misc:
  lookup: data/lookups/zip_to_region.csv
  holidays: s3://acme/holidays/holidays.parquet
epochs: 6
""", "data files under a `misc` section")
add("slip/hub_id_in_list.yaml", "declared", "none", """\
seed: 13
data:
  mixture:
    - acme/instructions
    - acme/dialogues
epochs: 1
""", "hub ids in a data-section list, no revision")
add("slip/latest_in_path.json", "declared", "floating", """\
{"seed": 1, "training_data": "gs://acme-geo/tiles/latest/", "epochs": 9}
""", "a /latest/ segment under training_data")
add("slip/dataset_version_latest.toml", "declared", "floating", """\
seed = 2
dataset = "acme/sales-daily"
dataset_version = "latest"
epochs = 3
""", "dataset_version latest floats")
add("slip/python_constant_fstring_env.py", "declared", "none", """\
import os

SEED = 7
DATA_ROOT = os.environ.get("DATA_ROOT", "/mnt/data")
TRAIN_DIR = f"{DATA_ROOT}/train"
EPOCHS = 3
""", "an f-string over an env-derived root")
add("slip/reader_call_main.py", "declared", "floating", """\
from datasets import load_dataset

SEED = 4
ds = load_dataset("acme/tickets", split="train", revision="main")
EPOCHS = 2
""", "load_dataset with revision main")
add("slip/pandas_read.py", "declared", "none", """\
import pandas as pd

seed = 6
frame = pd.read_csv("s3://acme/credit/applications.csv")
epochs = 1
""", "pd.read_csv of an unversioned object")
add("slip/glob_data_files.yaml", "declared", "none", """\
seed: 9
dataset:
  builder: parquet
  data_files:
    train: s3://acme/logs/train/*.parquet
    test: s3://acme/logs/test/*.parquet
epochs: 2
""", "globs under data_files")
add("slip/upper_case_keys.json", "declared", "none", """\
{"SEED": 5, "TRAIN_DATA": "s3://acme/iot/readings/", "TRAIN_DATA_SHA": "", "EPOCHS": 2}
""", "an empty digest pins nothing")
add("slip/mixed_case_sibling.yaml", "declared", "floating", """\
Seed: 3
TrainSet: s3://acme/images/train/
TrainSet_Revision: HEAD
epochs: 4
""", "mixed-case key with HEAD revision")
add("slip/lakefs_branch.yaml", "declared", "floating", """\
seed: 2
inputs:
  events: lakefs://acme-lake/main/events/
epochs: 1
""", "lakeFS branch main")
add("slip/table_no_version.yaml", "declared", "none", """\
seed: 44
warehouse:
  source_table: analytics.sessions.daily
epochs: 3
""", "a source table without time travel")
add("slip/query_no_travel.py", "declared", "none", """\
SEED = 12
TRAIN_QUERY = "SELECT user_id, label FROM features.users_daily WHERE ds >= '2024-01-01'"
EPOCHS = 4
""", "a SQL query with no time travel")
add("slip/seed_bool.toml", "random", "weak", """\
seed = true
[data]
path = "s3://acme/sound/v3/"
[train]
epochs = 3
""", "seed true")
add("slip/only_component_seed.yaml", "missing", "weak", """\
sampler:
  kind: weighted
  seed: 3
data:
  uri: s3://acme/ctr/v8/
epochs: 2
""", "only a sampler seed")
add("slip/dvc_like_rev_branch.yaml", "declared", "floating", """\
seed: 8
data:
  repo: git@github.com:acme/data-registry.git
  path: tabular/loans.csv
  rev: develop
epochs: 5
""", "DVC-style repo/path/rev on a branch")
add("slip/hf_uri_main.yaml", "declared", "floating", """\
seed: 8
corpus: hf://datasets/acme/wiki-clean@main/data/
epochs: 1
""", "hf:// URI at main")
add("slip/computed_table.py", "declared", "none", """\
import datetime as dt

SEED = 3
TABLE = f"analytics.events_{dt.date.today():%Y%m%d}"
EPOCHS = 2
""", "a table name computed from today's date")
add("slip/azure_latest.json", "declared", "floating", """\
{"seed": 4, "input": {"train_data": "azureml:claims-train@latest"}, "epochs": 10}
""", "Azure ML asset at latest")
add("slip/list_of_dicts_mixed.yaml", "declared", "none", """\
seed: 1
datasets:
  - {name: forum, path: s3://acme/forum/, sha256: %s}
  - {name: chat, path: s3://acme/chat/}
epochs: 2
""" % SHA, "second of two datasets unpinned")

# ---- lineaged configs meant to trip a false alarm ------------------------------------------------------------
add("alarm/versions_block.yaml", "declared", "weak", """\
seed: 21
sources:
  clicks: gs://acme-ads/clicks/
  views: gs://acme-ads/views/
versions:
  clicks: v12
  views: v12
epochs: 2
""", "a versions block keyed by name pins both")
add("alarm/version_once_many.yaml", "declared", "weak", """\
seed: 5
data:
  version: "2024.06"
  train: s3://acme/churn/train/
  valid: s3://acme/churn/valid/
  test: s3://acme/churn/test/
epochs: 10
""", "one version set for several splits")
add("alarm/nested_split_versions.yaml", "declared", "weak", """\
seed: 5
data:
  train: {uri: s3://acme/churn/train/, version: v4}
  valid: {uri: s3://acme/churn/valid/, version: v4}
epochs: 10
""", "each split pinned in its own mapping")
add("alarm/toml_tables_pinned.toml", "declared", "strong", """\
seed = 3

[[inputs]]
name = "orders"
uri = "s3://acme-retail/orders/"
sha256 = "%s"

[[inputs]]
name = "returns"
uri = "s3://acme-retail/returns/"
commit = "%s"

[train]
epochs = 4
""" % (SHA, GIT), "TOML array of tables, both pinned")
add("alarm/seed_zero.json", "declared", "strong", """\
{"seed": 0, "train_file": "data/claims.csv", "train_file_md5": "%s", "epochs": 3}
""" % MD5, "seed 0 is declared")
add("alarm/teacher_student.yaml", "declared", "strong", """\
seed: 3
teacher:
  name_or_path: acme/teacher-13b
  revision: main
  dtype: bfloat16
student:
  name_or_path: acme/student-1b
distill_data:
  path: acme/distill-prompts
  revision: %s
temperature: 2.0
epochs: 1
""" % GIT, "teacher on main is a model; data pinned")
add("alarm/reward_model.yaml", "declared", "weak", """\
seed: 7
policy: {path: acme/policy-7b}
reward_model: {path: acme/rm-7b, revision: latest}
judge: {endpoint: https://judge.acme.internal, model: acme/judge-70b, revision: main}
prompts:
  path: s3://acme/rlhf/prompts/v3/
epochs: 1
""", "reward model and judge on moving revisions are models")
add("alarm/outputs_and_logs.yaml", "declared", "weak", """\
seed: 9
data: {path: s3://acme/tab/v5/}
output_dir: s3://acme/runs/tab/latest/
log_dir: s3://acme/logs/tab/
checkpoint:
  dir: s3://acme/ckpt/tab/
  every: 1000
tracking_uri: http://mlflow.acme.internal
cache_dir: /tmp/hf-cache
epochs: 3
""", "outputs, logs, checkpoints, caches are not data")
add("alarm/exclude_globs.yaml", "declared", "weak", """\
seed: 9
data:
  root: s3://acme/docs/v3/
  include: ["**/*.md", "**/*.txt"]
  exclude: ["*.tmp", "drafts/**"]
epochs: 3
""", "include/exclude patterns are not data")
add("alarm/features_columns.yaml", "declared", "weak", """\
seed: 1
data:
  table: analytics.loans@1718409600000
  features: [income, debt_ratio, age, region]
  categorical_columns: [region]
  target: defaulted
  label_map: {0: good, 1: bad}
epochs: 2
""", "features, columns, target and label maps are not data")
add("alarm/augmentations.yaml", "declared", "strong", """\
seed: 3
data:
  path: data/parts
  dvc_md5: 1a79a4d60de6718e8e5b326e338ae533.dir
  augmentations:
    - {name: random_crop, size: 224}
    - {name: mixup, alpha: 0.2}
  transforms: [to_tensor, normalize]
epochs: 30
""", "augmentation lists are not data; DVC md5 pins the folder")
add("alarm/env_ids.yaml", "declared", "no-reference", """\
seed: 2
env:
  id: LunarLander-v2
  num_envs: 16
algo: ppo
total_timesteps: 1000000
""", "an RL env id is not data")
add("alarm/model_revision.yaml", "declared", "strong", """\
seed: 42
model_name_or_path: acme/llama-8b
model_revision: main
tokenizer_name: acme/llama-8b
dataset_name: acme/support
dataset_revision: %s
num_train_epochs: 2
""" % GIT, "model revision main is a model's")
add("alarm/python_dataclass_pinned.py", "declared", "weak", """\
from acme.cfg import DataSpec, RunConfig

run = RunConfig(
    seed=99,
    epochs=12,
    train=DataSpec(uri="gs://acme-vision/parts/train/", version="v3"),
    val=DataSpec(uri="gs://acme-vision/parts/val/", version="v3"),
)
""", "dataclass-call config, both splits pinned")
add("alarm/dict_override_pinned.py", "declared", "weak", """\
base = dict(seed=1, data=dict(path="s3://acme/tab/v5/train.parquet"), epochs=10)
config = dict(**base, seed=2024)
""", "override sets a concrete seed")
add("alarm/several_runs_pinned.py", "declared", "weak", """\
configs = [
    {"name": "small", "seed": 1, "data": "s3://acme/speech/v2/", "epochs": 5},
    {"name": "large", "seed": 2, "data": "s3://acme/speech/v2/", "epochs": 20},
]
""", "several runs, all pinned")
add("alarm/seed_string.yaml", "declared", "weak", """\
seed: "1234"
data: {uri: s3://acme/x/v1/}
epochs: 1
""", "quoted integer seed")
add("alarm/seed_constant.py", "declared", "weak", """\
SEED = 31
seed = SEED
dataset = "s3://acme-nlp/intents/v7/"
epochs = 3
""", "seed names a constant of the file")
add("alarm/image_tags.yaml", "declared", "strong", """\
seed: 4
image: ghcr.io/acme/trainer:latest
code_version: main
dataset:
  uri: s3://acme/fraud/txns.parquet
  sha256: %s
epochs: 3
""" % SHA, "container image and code version are not data")
add("alarm/schema_version.yaml", "declared", "weak", """\
version: 2
seed: 8
data: {path: s3://acme/energy/load/2024-05-01/}
epochs: 20
""", "top-level version is the config schema's")
add("alarm/vocab_files.yaml", "declared", "weak", """\
seed: 5
tokenizer:
  vocab_file: assets/vocab.txt
  merges_file: assets/merges.txt
data: {path: s3://acme/text/v4/}
epochs: 1
""", "tokenizer files are not data")
add("alarm/deepspeed_json.yaml", "declared", "weak", """\
seed: 42
deepspeed: configs/ds_zero3.json
accelerate_config: configs/accelerate.yaml
data: {path: s3://acme/sft/v2/}
num_train_epochs: 1
""", "a deepspeed config file is not data")
add("alarm/prompt_templates.yaml", "declared", "weak", """\
seed: 5
prompt_template: prompts/summarize.txt
system_prompt_file: prompts/system.txt
data: {uri: s3://acme/sum/v6/}
epochs: 2
""", "prompt template files are not training data")
add("alarm/lakefs_commit.yaml", "declared", "strong", """\
seed: 2
inputs:
  events: lakefs://acme-lake/%s/events/
epochs: 1
""" % (SHA), "lakeFS commit")
add("alarm/reader_call_pinned.py", "declared", "strong", """\
from datasets import load_dataset

SEED = 4
ds = load_dataset("acme/tickets", split="train", revision="%s")
tok = AutoTokenizer.from_pretrained("acme/bert", revision="main")
EPOCHS = 2
""" % GIT, "load_dataset pinned; tokenizer on main is no data")
add("alarm/table_travel.yaml", "declared", "weak", """\
seed: 44
warehouse:
  source_table: analytics.sessions.daily@1717200000000
  billing_project: acme
epochs: 3
""", "a table with a snapshot decorator")
add("alarm/query_travel.py", "declared", "weak", """\
SEED = 12
TRAIN_QUERY = "SELECT user_id, label FROM features.users_daily FOR SYSTEM_TIME AS OF '2024-06-01 00:00:00'"
EPOCHS = 4
""", "a query with time travel")
add("alarm/hparams_search.yaml", "declared", "weak", """\
seed: 3
data: {path: s3://acme/tab/v2/}
search:
  space:
    lr: {low: 1.0e-5, high: 1.0e-2}
    depth: [4, 6, 8]
  sampler: tpe
  storage: sqlite:///optuna.db
epochs: 5
""", "search space and its storage are not data")
add("alarm/metrics_file.yaml", "declared", "weak", """\
seed: 3
data: {path: s3://acme/tab/v2/train.parquet}
metrics_file: reports/metrics.json
predictions_path: s3://acme/preds/tab.parquet
epochs: 5
""", "metrics and predictions are outputs")
add("alarm/wandb_artifact.yaml", "declared", "weak", """\
seed: 3
wandb:
  project: churn
  entity: acme
data:
  artifact: acme/churn/train-set:v7
epochs: 5
""", "a W&B data artifact with a version")
add("alarm/nested_versions_by_split.yaml", "declared", "weak", """\
seed: 6
data:
  paths:
    train: s3://acme/ocr/train/
    val: s3://acme/ocr/val/
  versions:
    train: v5
    val: v5
epochs: 10
""", "a versions block nested beside the paths it pins")
add("alarm/upper_case_digest.py", "declared", "strong", """\
SEED = 77
TRAIN_PARQUET = "s3://acme/risk/train.parquet"
TRAIN_PARQUET_SHA256 = "%s"
EPOCHS = 3
""" % SHA, "upper-case constant with a digest sibling")


# ---- second batch (written after the first was fixed, before measuring it) ----------------------------------
add("alarm2/infra_sections.yaml", "declared", "weak", """\
seed: 10
spark:
  conf:
    spark.sql.warehouse.dir: s3://acme/warehouse/
    spark.eventLog.dir: s3://acme/spark-events/
cluster:
  bootstrap: s3://acme/bootstrap/install.sh
  node_image: gs://acme-images/trainer.tar.gz
data: {path: s3://acme/loans/v3/}
epochs: 3
""", "Spark and cluster settings name storage, not data")
add("alarm2/registry_and_staging.yaml", "declared", "weak", """\
seed: 10
feature_store:
  registry: s3://acme/feast/registry.db
  online_store: redis://cache.acme.internal:6379
staging_dir: s3://acme/staging/churn/
artifact_store: s3://acme/artifacts/churn/
data: {path: s3://acme/churn/v3/}
epochs: 3
""", "a feature registry, a staging area and an artifact store are not training data")
add("alarm2/serving_section.yaml", "declared", "strong", """\
seed: 1
data:
  uri: s3://acme/txns.parquet
  sha256: %s
serving:
  model_uri: s3://acme/models/fraud/
  sample_payload: s3://acme/serving/sample.json
  shadow_traffic: s3://acme/serving/shadow/
epochs: 3
""" % SHA, "serving section: payloads and shadow traffic are not training data")
add("alarm2/eval_benchmarks.yaml", "declared", "weak", """\
seed: 3
train: {path: s3://acme/sft/v4/}
evaluation:
  benchmarks: [mmlu, gsm8k, hellaswag]
  harness: lm-eval
  results: s3://acme/eval-results/
epochs: 1
""", "benchmark names and results are not training data")
add("alarm2/python_paths_module.py", "declared", "weak", """\
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUTPUT_DIR = ROOT / "outputs"
CACHE_DIR = ROOT / ".cache"
SEED = 17
TRAIN_URI = "s3://acme/dialogs/v5/"
EPOCHS = 4
""", "computed output and cache folders are not data")
add("alarm2/python_logging.py", "declared", "weak", """\
import logging

SEED = 3
LOG_FORMAT = "%(asctime)s %(message)s"
logging.basicConfig(format=LOG_FORMAT)
TRAIN_DATA = "gs://acme/retail/v8/"
EPOCHS = 2
""", "logging setup is not data")
add("alarm2/hydra_like_paths.yaml", "declared", "weak", """\
seed: 12
paths:
  root_dir: ${oc.env:PROJECT_ROOT}
  output_dir: ${hydra:runtime.output_dir}
  log_dir: ${paths.root_dir}/logs/
data:
  path: s3://acme/audio/v2/
epochs: 5
""", "paths section of outputs and logs")
add("alarm2/sampler_weights_file.yaml", "declared", "weak", """\
seed: 2
data:
  path: s3://acme/cls/v6/
  class_weights: [1.0, 3.5, 0.7]
  sampler: {kind: weighted, seed: 5}
epochs: 9
""", "class weights and a sampler are not data")
add("alarm2/pretrained_backbone.yaml", "declared", "weak", """\
seed: 2
backbone:
  weights: s3://acme/models/resnet50/imagenet.pth
  freeze: true
init_checkpoint: gs://acme/checkpoints/seg/last.ckpt
data: {path: s3://acme/seg/v6/}
epochs: 9
""", "pretrained weights and checkpoints are not data")
add("alarm2/upper_snake_sections.py", "declared", "strong", """\
SEED = 8
DATA = {
    "TRAIN": {"URI": "s3://acme/ocr/train.parquet", "SHA256": "%s"},
}
EPOCHS = 3
""" % SHA, "upper-case data section with a digest")
add("alarm2/version_int.toml", "declared", "weak", """\
seed = 6
[dataset]
uri = "s3://acme/geo/tiles/"
version = 12
[train]
epochs = 4
""", "integer version")
add("alarm2/json_run_list.json", "declared", "weak", """\
[
  {"seed": 1, "data": {"path": "s3://acme/fx/v2/"}, "epochs": 3},
  {"seed": 2, "data": {"path": "s3://acme/fx/v2/"}, "epochs": 6}
]
""", "a JSON list of runs")
add("alarm2/notes_with_urls.yaml", "declared", "weak", """\
seed: 4
description: "Trained on s3://acme/cars/v1/ (see https://wiki.acme.internal/cars)"
owner: ml-vision@acme.com
data: {path: s3://acme/cars/v1/}
epochs: 7
""", "a description mentioning a URI is prose, not a reference")

add("slip2/storage_section.yaml", "declared", "none", """\
seed: 4
storage:
  train: s3://acme/cars/train/
  holdout: s3://acme/cars/holdout/
epochs: 7
""", "data under a storage section")
add("slip2/inputs_dict_python.py", "declared", "none", """\
INPUTS = {
    "clicks": "gs://acme-ads/clicks/2024/",
    "impressions": "gs://acme-ads/impressions/2024/",
}
SEED = 3
EPOCHS = 2
""", "a Python dict of named inputs, years are not versions")
add("slip2/version_placeholder.yaml", "declared", "none", """\
seed: 3
data:
  uri: s3://acme/claims/
  version: TODO
epochs: 2
""", "a placeholder version pins nothing")
add("slip2/digest_wrong_length.yaml", "declared", "none", """\
seed: 3
data:
  uri: s3://acme/claims.parquet
  sha256: abc123
epochs: 2
""", "a digest of the wrong length pins nothing")
add("slip2/override_data_latest.py", "declared", "floating", """\
base = dict(seed=7, data=dict(path="s3://acme/tab/v5/"), epochs=3)
config = dict(**base, data=dict(path="s3://acme/tab/latest/"))
""", "the override points the data at latest")
add("slip2/nested_sources_json.json", "declared", "none", """\
{
  "seed": 5,
  "pipeline": {"stages": [{"name": "ingest", "source": "s3://acme/raw/events/"}]},
  "epochs": 2
}
""", "a source inside pipeline stages")
add("slip2/shell_env_seed.yaml", "env", "weak", """\
seed: $SEED
data: {path: s3://acme/x/v3/}
epochs: 2
""", "seed from the shell environment")
add("slip2/seed_minus_one.json", "random", "weak", """\
{"random_seed": -1, "dataset": {"uri": "s3://acme/y/v3/"}, "epochs": 2}
""", "seed -1 draws a random seed")
add("slip2/remote_csv_loose_key.toml", "declared", "none", """\
seed = 9
holdout = "https://data.acme.io/exports/holdout.csv"
train_table = "sales.daily_orders"
epochs = 4
""", "a table under train_table and a CSV over https, unpinned")
add("slip2/dataset_list_strings.py", "declared", "none", """\
SEED = 1
DATASETS = ["acme/forum", "acme/chat@v2"]
EPOCHS = 1
""", "a list of hub ids, one without a revision")
add("slip2/fstring_version_env.py", "declared", "none", """\
import os

SEED = 1
TRAIN = f"s3://acme/speech/{os.environ['VERSION']}/"
EPOCHS = 1
""", "the version segment comes from the environment")
add("slip2/class_attr_config.py", "declared", "none", """\
class Config:
    seed = 11
    train_path = "s3://acme/ner/train.jsonl"
    epochs = 3


cfg = Config()
""", "a config class's attributes")

# ---- third batch (reading3): object versions, classes of settings, and what still slips -----------------------
S3V = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"
GEN = "1699999999123456"

add("slip3/version_id_null.yaml", "declared", "none", """\
seed: 17
data:
  uri: s3://acme-churn/train.parquet
  version_id: null
trainer: {epochs: 5, lr: 0.001}
""", "a null S3 version id: the object's unversioned copy")
add("slip3/version_id_env.yaml", "declared", "none", """\
seed: 17
data:
  uri: s3://acme-churn/train.parquet
  version_id: ${oc.env:TRAIN_VERSION_ID}
trainer: {epochs: 5}
""", "the version id comes from the environment")
add("slip3/generation_latest.toml", "declared", "floating", """\
seed = 4
epochs = 3

[data]
path = "gs://acme-speech/train/manifest.jsonl"
generation = "latest"
""", "a GCS generation of `latest`")
add("slip3/gcs_fragment_zero.yaml", "declared", "none", """\
seed: 4
train_manifest: gs://acme-speech/train/manifest.jsonl#0
epochs: 3
""", "a GCS fragment of 0 is no generation")
add("slip3/versionid_empty.json", "declared", "none", """\
{
  "seed": 8,
  "epochs": 2,
  "train_data": {"uri": "s3://acme-fraud/tx/train.parquet", "versionId": ""}
}
""", "an empty version id")
add("slip3/one_pinned_one_not.yaml", "declared", "none", f"""\
seed: 8
data:
  uri: s3://acme-fraud/tx/train.parquet
  version_id: {S3V}
extra_negatives: s3://acme-fraud/tx/negatives/
epochs: 2
""", "the second source has no version")
add("slip3/dataspec_version_none.py", "declared", "none", """\
from acme.training import DataSpec, RunConfig

run = RunConfig(
    seed=12,
    epochs=4,
    train=DataSpec(uri="s3://acme-vision/defects/train/", version_id=None),
)
""", "a DataSpec with version_id=None")
add("slip3/dataclass_version_default_none.py", "declared", "none", """\
from dataclasses import dataclass


@dataclass
class DataConfig:
    uri: str = "s3://acme-vision/defects/train/"
    version_id: str | None = None


@dataclass
class TrainConfig:
    seed: int = 3
    epochs: int = 8
    lr: float = 3e-4


data = DataConfig()
train = TrainConfig()
""", "a dataclass whose version id defaults to None")
add("slip3/dataclass_seed_none_default.py", "random", "weak", """\
from dataclasses import dataclass
from typing import Optional


@dataclass
class TrainConfig:
    seed: Optional[int] = None
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


cfg = TrainConfig()
""", "the class's seed defaults to None and the instance keeps it")
add("slip3/override_seed_none_other_name.py", "random", "weak", """\
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


experiment = TrainConfig(seed=None)
""", "an instance named `experiment` unsets the seed")
add("slip3/override_positional_none.py", "random", "weak", """\
from dataclasses import dataclass


@dataclass
class Hyper:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


hp = Hyper(None)
""", "a positional None unsets the first field, the seed")
add("slip3/override_seed_time.py", "random", "weak", """\
import time
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


TRAIN = TrainConfig(seed=int(time.time()))
""", "the seed is the clock")
add("slip3/replace_seed_none.py", "random", "weak", """\
import dataclasses
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


BASE = TrainConfig()
FAST = dataclasses.replace(BASE, seed=None, epochs=1)
""", "dataclasses.replace unsets the seed of a copy")
add("slip3/main_block_random.py", "random", "weak", """\
import random
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


def main(cfg: TrainConfig) -> None:
    print(cfg)


if __name__ == "__main__":
    main(TrainConfig(seed=random.randint(0, 2**31 - 1)))
""", "the __main__ block launches the run with a random seed")
add("slip3/field_factory_random.py", "random", "weak", """\
import random
from dataclasses import dataclass, field


@dataclass
class TrainConfig:
    seed: int = field(default_factory=lambda: random.randint(0, 10_000))
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3
""", "a field whose default is drawn at random")
add("slip3/override_from_args.py", "unresolved", "weak", """\
import argparse
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int)
args = parser.parse_args()
cfg = TrainConfig(seed=args.seed)
""", "the seed comes from the command line (None when not given)")
add("slip3/override_spread_unknown.py", "unresolved", "none", """\
import json
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


overrides = json.load(open("overrides.json"))
cfg = TrainConfig(**overrides)
""", "overrides from a file may set any field, the seed and the data path among them (relabelled after the first "
    "measurement: the label said the path stays weak, but `**overrides` may replace it)")
add("slip3/instance_attr_none.py", "random", "weak", """\
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


cfg = TrainConfig()
cfg.seed = None
""", "the attribute is unset after the instance is made")
add("slip3/dict_item_none.py", "random", "weak", """\
CONFIG = {
    "seed": 42,
    "data": {"path": "s3://acme-recs/events/v12/"},
    "epochs": 6,
}
CONFIG["seed"] = None
""", "a dict config's seed unset by item assignment")
add("slip3/seed_string_random.toml", "random", "weak", """\
epochs = 10

[run]
seed = "random"

[data]
path = "s3://acme-recs/events/v12/"
""", "seed = \"random\" in a run section")
add("slip3/seed_float.json", "random", "weak", """\
{"seed": 42.5, "data": {"path": "s3://acme-recs/events/v12/"}, "epochs": 6}
""", "a fractional seed is no seed")
add("slip3/hub_branch_ref.yaml", "declared", "floating", """\
seed: 5
dataset:
  name: acme/support-tickets
  revision: refs/heads/release-2024
training: {epochs: 2, lr: 2.0e-5}
""", "a branch ref, spelt in full")
add("slip3/hf_uri_at_main.yaml", "declared", "floating", """\
seed: 5
train_files: hf://datasets/acme/support-tickets@main/data/train.parquet
epochs: 2
""", "an hf:// URI at main")
add("slip3/bq_relative_decorator.yaml", "declared", "floating", """\
seed: 5
source_table: bq://acme-prj.ads.clicks@-3600000
epochs: 2
""", "a BigQuery decorator relative to now")
add("slip3/delta_version_latest.toml", "declared", "floating", """\
seed = 1
epochs = 2

[inputs.events]
path = "s3://acme-lake/events"
versionAsOf = "latest"
""", "a Delta versionAsOf of latest")
add("slip3/anchor_override_latest.yaml", "declared", "floating", """\
seed: 9
base_data: &base
  uri: s3://acme-ads/impressions/
  version: v14
train:
  <<: *base
  version: latest
epochs: 3
""", "an anchor merged then overridden to latest")
add("slip3/mixed_list.json", "declared", "none", """\
{
  "seed": 2,
  "datasets": [
    {"name": "acme/reviews", "revision": "v1.2"},
    "acme/reviews-extra"
  ],
  "epochs": 1
}
""", "a list of datasets, the second a bare hub id")
add("slip3/dataset_version_latest_far.yaml", "declared", "floating", """\
seed: 6
dataset:
  name: acme/call-transcripts
dataset_version: latest
trainer: {max_epochs: 4}
""", "the version, set beside the section, is latest")
add("slip3/version_in_comment.yaml", "declared", "none", """\
seed: 6
data: s3://acme-speech/calls/train/  # v3, pinned by convention
epochs: 4
""", "the version is only in a comment")
add("slip3/sibling_version_env.py", "declared", "none", """\
import os

SEED = 21
EPOCHS = 5
TRAIN_SET = "s3://acme-forecast/sales/train.parquet"
TRAIN_SET_VERSION_ID = os.environ.get("TRAIN_VERSION_ID")
""", "the sibling version id comes from the environment")
add("slip3/tasks_one_unpinned.yaml", "declared", "none", """\
seed: 13
tasks:
  - name: intent
    data: {uri: s3://acme-nlp/intent/, version_id: """ + S3V + """}
  - name: slots
    data: {uri: s3://acme-nlp/slots/}
trainer: {epochs: 3}
""", "a multi-task list, one task unpinned")
add("slip3/seed_env_default.py", "env", "weak", """\
import os

SEED = int(os.getenv("SEED", "42"))
DATA_PATH = "s3://acme-tab/credit/v9/train.parquet"
EPOCHS = 30
""", "the seed is read from the environment")

add("alarm3/version_id_sibling.yaml", "declared", "strong", f"""\
seed: 17
data:
  uri: s3://acme-churn/train.parquet
  version_id: {S3V}
trainer: {{epochs: 5, lr: 0.001}}
""", "an S3 version id beside the URI")
add("alarm3/versionid_camel.json", "declared", "strong", f"""\
{{
  "seed": 8,
  "epochs": 2,
  "train_data": {{"uri": "s3://acme-fraud/tx/train.parquet", "versionId": "{S3V}"}}
}}
""", "versionId beside the URI in JSON")
add("alarm3/gcs_generation.toml", "declared", "strong", f"""\
seed = 4
epochs = 3

[data]
path = "gs://acme-speech/train/manifest.jsonl"
generation = {GEN}
""", "a GCS generation beside the path")
add("alarm3/gcs_fragment.yaml", "declared", "strong", f"""\
seed: 4
train_manifest: gs://acme-speech/train/manifest.jsonl#{GEN}
epochs: 3
""", "a GCS generation in the URI fragment")
add("alarm3/suffix_version_id.toml", "declared", "strong", f"""\
seed = 2
epochs = 6
train_uri = "s3://acme-recs/events/train.parquet"
train_uri_version_id = "{S3V}"
""", "train_uri beside train_uri_version_id")
add("alarm3/python_constants_generation.py", "declared", "strong", f"""\
SEED = 31
EPOCHS = 12
TRAIN_SET = "gs://acme-forecast/sales/train.parquet"
TRAIN_SET_GENERATION = {GEN}
""", "module constants: a set and its generation")
add("alarm3/dataspec_version_id.py", "declared", "strong", f"""\
from acme.training import DataSpec, RunConfig

run = RunConfig(
    seed=12,
    epochs=4,
    train=DataSpec(uri="s3://acme-vision/defects/train.parquet", version_id="{S3V}"),
    val=DataSpec(uri="gs://acme-vision/defects/val.parquet", generation={GEN}),
)
""", "DataSpec calls with object versions")
add("alarm3/sources_list_version_ids.json", "declared", "strong", f"""\
{{
  "seed": 3,
  "sources": [
    {{"uri": "s3://acme-ads/clicks.parquet", "object_version": "{S3V}"}},
    {{"uri": "s3://acme-ads/views.parquet?versionId=Xl9dUK.8wbW1qrbvx_2p3TQq1FYqL7qA"}}
  ],
  "epochs": 2
}}
""", "a list of sources pinned by object versions")
add("alarm3/override_seed_concrete.py", "declared", "weak", """\
from dataclasses import dataclass
from typing import Optional


@dataclass
class TrainConfig:
    seed: Optional[int] = None
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


cfg = TrainConfig(seed=1234)
""", "the instance sets a seed the class leaves unset")
add("alarm3/field_default_seed.py", "declared", "strong", f"""\
from dataclasses import dataclass, field


@dataclass
class DataConfig:
    path: str = "s3://acme-tab/credit/train.parquet"
    version_id: str = "{S3V}"


@dataclass
class TrainConfig:
    seed: int = field(default=7)
    data: DataConfig = field(default_factory=DataConfig)
    epochs: int = 20
""", "field(default=...) and a nested dataclass by default_factory")
add("alarm3/main_block_instance.py", "declared", "weak", """\
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


def main(cfg: TrainConfig) -> None:
    print(cfg)


if __name__ == "__main__":
    main(TrainConfig())
""", "the __main__ block runs the defaults")
add("alarm3/replace_seed_concrete.py", "declared", "weak", """\
from dataclasses import dataclass, replace


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


BASE = TrainConfig()
FAST = replace(BASE, epochs=1)
""", "a copy with fewer epochs keeps the seed")
add("alarm3/pydantic_model_config.py", "declared", "strong", f"""\
from pydantic import BaseModel


class DataConfig(BaseModel):
    uri: str = "s3://acme-tab/credit/train.parquet"
    version_id: str = "{S3V}"


class TrainConfig(BaseModel):
    seed: int = 42
    epochs: int = 20
    lr: float = 1e-3
    data: DataConfig = DataConfig()


config = TrainConfig()
""", "a pydantic model of settings, instantiated")
add("alarm3/generation_settings_not_data.yaml", "declared", "strong", f"""\
seed: 11
data:
  path: s3://acme-nlp/dialogs/train.jsonl
  sha256: {SHA}
generation:
  max_new_tokens: 256
  temperature: 0.7
  num_beams: 4
training: {{epochs: 2, lr: 2.0e-5}}
""", "text generation settings are no GCS generation")
add("alarm3/eval_generation_nested.json", "declared", "strong", f"""\
{{
  "seed": 11,
  "data": {{"uri": "s3://acme-nlp/dialogs/train.jsonl", "versionId": "{S3V}"}},
  "eval": {{"generation": {{"max_new_tokens": 64, "do_sample": false}}}},
  "epochs": 2
}}
""", "generation settings under eval")
add("alarm3/outputs_latest.toml", "declared", "strong", f"""\
seed = 5
epochs = 10

[data]
uri = "s3://acme-recs/events/train.parquet"
version_id = "{S3V}"

[outputs]
model_dir = "s3://acme-models/recs/latest/"
checkpoint_dir = "gs://acme-ckpt/recs/current/"
metrics_path = "s3://acme-metrics/recs/latest.json"
""", "outputs under moving folders are not data")
add("alarm3/teacher_weights.yaml", "declared", "strong", f"""\
seed: 2
data:
  uri: lakefs://acme-speech/{SHA}/train/
teacher_ckpt: s3://acme-models/asr-teacher/latest/model.pt
pretrained_weights: s3://acme-weights/conformer-large.pth
trainer: {{epochs: 40}}
""", "a teacher checkpoint and pretrained weights are no data")
add("alarm3/env_and_sampler_seeds.yaml", "declared", "strong", f"""\
seed: 3
env:
  id: HalfCheetah-v4
  seed: 0
sampler:
  seed: 9
offline_data:
  path: s3://acme-rl/halfcheetah/medium.hdf5
  sha256: {SHA}
total_timesteps: 1000000
""", "component seeds beside a run seed; env id is no data")
add("alarm3/feature_lists.yaml", "declared", "strong", f"""\
seed: 21
data:
  table: acme-prj.credit.applications
  snapshot_id: {GIT}
  features: [age, income, tenure_months, utilisation]
  categorical_columns: [region, product]
  label_column: defaulted
model: {{type: lightgbm, num_leaves: 63}}
num_boost_round: 500
""", "feature and column lists under the data section")
add("alarm3/augment_and_transforms.json", "declared", "strong", f"""\
{{
  "seed": 6,
  "data": {{
    "root": "s3://acme-vision/parts/",
    "sha256": "{SHA}",
    "augmentations": [{{"name": "mixup", "alpha": 0.2}}, {{"name": "cutmix"}}],
    "transforms": ["resize", "normalize"]
  }},
  "epochs": 30
}}
""", "augmentation and transform lists")
add("alarm3/tracking_and_cache.yaml", "declared", "strong", f"""\
seed: 4
data: {{uri: "s3://acme-tab/churn.parquet?versionId={S3V}"}}
tracking_uri: http://mlflow.internal:5000
cache_dir: /tmp/hf_cache/latest/
log_dir: runs/latest
docker_image: acme/train:latest
epochs: 8
""", "tracking, caches, logs and images on latest")
add("alarm3/seed_string.toml", "declared", "strong", f"""\
epochs = 3

[run]
seed = "42"

[data]
path = "s3://acme-forecast/energy/train.parquet"
version_id = "{S3V}"
""", "a seed written as a string of digits")
add("alarm3/dict_config_version_id.py", "declared", "strong", f"""\
config = dict(
    seed=99,
    epochs=12,
    data=dict(uri="s3://acme-graph/edges.parquet", version_id="{S3V}"),
    model=dict(name="graphsage", hidden=128),
)
""", "a dict() config with a version id")
add("alarm3/hub_commit_and_model_main.yaml", "declared", "strong", f"""\
seed: 8
dataset:
  name: acme/support-tickets
  revision: {GIT}
model:
  name: acme/encoder-base
  revision: main
tokenizer:
  name: acme/encoder-base
  revision: main
training: {{epochs: 3, lr: 3.0e-5}}
""", "the model and tokenizer float; the data is pinned")
add("alarm3/delta_version_number.toml", "declared", "strong", """\
seed = 1
epochs = 2

[inputs.events]
path = "s3://acme-lake/events"
versionAsOf = 412
""", "a Delta table version")
add("alarm3/prompt_and_schema.yaml", "declared", "weak", """\
seed: 12
schema_version: latest
prompt_template_path: prompts/latest/summarise.txt
data:
  name: acme/summaries
  revision: v2.3
training: {epochs: 1, lr: 1.0e-5}
""", "a config schema version and a prompt template are no data")
add("alarm3/metrics_and_callbacks.json", "declared", "strong", f"""\
{{
  "seed": 77,
  "data": {{"path": "gs://acme-ads/ctr/train.parquet", "generation": {GEN}}},
  "metrics": ["auc", "logloss"],
  "callbacks": [{{"type": "EarlyStopping", "patience": 3}}],
  "loss": "bce",
  "epochs": 5
}}
""", "metrics, callbacks and loss names")
add("alarm3/bq_snapshot.yaml", "declared", "weak", """\
seed: 5
source_table: bq://acme-prj.ads.clicks@1714521600000
epochs: 2
""", "a BigQuery snapshot decorator (epoch ms)")

add("slip3/version_id_on_prefix.yaml", "declared", "weak", f"""\
seed: 19
data:
  uri: s3://acme-churn/train/
  version_id: {S3V}
trainer: {{epochs: 5}}
""", "an S3 version id names one object's version, never a prefix's: a version at most")
add("slip3/versionid_query_on_prefix.json", "declared", "weak", f"""\
{{"seed": 19, "epochs": 5, "data": {{"uri": "s3://acme-churn/train/?versionId={S3V}"}}}}
""", "?versionId= on a prefix pins no object")
add("slip3/generation_on_folder.toml", "declared", "weak", f"""\
seed = 19
epochs = 5

[data]
path = "gs://acme-speech/train/"
generation = {GEN}
""", "a GCS generation on a folder pins no object")
add("slip3/partial_seed_none.py", "random", "weak", """\
from dataclasses import dataclass
from functools import partial


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


make_config = partial(TrainConfig, seed=None)
cfg = make_config()
""", "a partial of the class unsets the seed")
add("slip3/class_attr_unset.py", "random", "weak", """\
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


TrainConfig.seed = None
cfg = TrainConfig()
""", "the class default is unset before the instance is made")
add("slip3/function_main_override.py", "random", "weak", """\
from dataclasses import dataclass


@dataclass
class TrainConfig:
    seed: int = 42
    train_path: str = "s3://acme-nlp/intent/v7/train.jsonl"
    epochs: int = 3


def main() -> None:
    cfg = TrainConfig(seed=None)
    print(cfg)
""", "the function that launches the run unsets the seed")
add("alarm3/version_id_on_object_python.py", "declared", "strong", f"""\
TRAIN_URI = "s3://acme-churn/train/part-000.parquet"
TRAIN_URI_VERSION_ID = "{S3V}"
SEED = 5
EPOCHS = 9
""", "an object (not a prefix) with its version id")
add("alarm3/tyro_dataclass.py", "declared", "strong", f"""\
from dataclasses import dataclass

import tyro


@dataclass
class TrainConfig:
    seed: int = 1337
    data_uri: str = "s3://acme-recs/events/train.parquet?versionId={S3V}"
    epochs: int = 4
    lr: float = 3e-4


if __name__ == "__main__":
    cfg = tyro.cli(TrainConfig)
""", "a dataclass handed to a CLI parser: its defaults are the config")

add("slip3/object_version_on_hub_id.yaml", "declared", "weak", f"""\
seed: 23
dataset:
  name: acme/support-tickets
  version_id: {S3V}
training: {{epochs: 2, lr: 2.0e-5}}
""", "an S3-shaped version id beside a hub id: the hub ignores it, a version at most")
add("slip3/generation_on_local_path.toml", "declared", "weak", f"""\
seed = 23
epochs = 2

[data]
path = "/mnt/datasets/tickets/train.parquet"
generation = {GEN}
""", "a GCS generation beside a local path pins no GCS object")
add("alarm3/https_s3_version.yaml", "declared", "strong", f"""\
seed: 23
data:
  url: https://acme-data.s3.eu-west-1.amazonaws.com/tickets/train.parquet?versionId={S3V}
training: {{epochs: 2}}
""", "an S3 object over HTTPS with its version id")

# ---- a fourth batch (the attacker pass on the generic reading): task-named files with training data, later
# documents of a YAML stream, a root folder beside a name-edition, `???` data fields, a run section unsetting the
# seed; `applicable` and `expected_launch_slots` labels say what the seed and pin alone cannot ---------------------
add("slip4/ckpt_merge.yaml", "declared", "floating", """\
seed: 42
train:
  datasets:
    - name: acme/reviews
      revision: main
  epochs: 3
""", "a task word in the name (`merge`), but datasets under a train section: a training config", applicable=True)
add("slip4/export_onnx.yaml", "declared", "none", """\
seed: 1
data:
  train:
    path: s3://acme/clicks/train.parquet
""", "named for export, no optimizer, but a train split that names data", applicable=True)
add("slip4/infer/distill.toml", "declared", "none", """\
seed = 1

[training_data]
uri = "s3://acme/support/distill.parquet"
""", "in an `infer` folder, with a training-data table", applicable=True)
add("slip4/stream_seed_null.yaml", "random", "none", """\
seed: 42
data:
  path: s3://acme/reviews/v3/train.parquet
  version: v3
---
seed: null
data:
  path: s3://acme/reviews/train.parquet
""", "a second document of the stream is a run with a null seed and an unpinned dataset")
add("slip4/stream_second_run.yaml", "declared", "floating", """\
seed: 42
dataset: {name: acme/reviews, revision: 3e1f5a7c9b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a}
epochs: 3
---
seed: 43
dataset: {name: acme/reviews-extra, revision: main}
epochs: 3
""", "the second run of the stream loads a moving branch")
add("slip4/stream_after_configmap.yaml", "declared", "none", """\
apiVersion: v1
kind: ConfigMap
metadata: {name: trainer}
---
seed: 3
data:
  uri: gs://acme-vision/parts/train/
epochs: 2
""", "a Kubernetes object first, the training config second")
add("slip4/edition_root.yaml", "declared", "none", """\
seed: 42
corpus: reviews_2024
data_dir: /data/reviews
epochs: 3
""", "a release the name suggests (`reviews_2024`) pins no storage root beside it")
add("slip4/edition_root_hub.yaml", "declared", "none", """\
seed: 42
dataset: squad_v2
data_root: /mnt/squad
epochs: 3
""", "`squad_v2` names an edition; `data_root` is still an unpinned folder")
add("slip4/edition_root_module.py", "declared", "none", """\
SEED = 7
CORPUS = "wiki_2023"
DATA_DIR = "/data/wiki"
EPOCHS = 3
""", "a Python config: `wiki_2023` names an edition, `DATA_DIR` is an unpinned folder of its own")
add("slip4/launch_data_path.yaml", "declared", "no-reference", """\
seed: 42
data:
  path: ???
optimizer: {lr: 1.0e-4}
""", "the data path is left to the launch command", expected_launch_slots=1)
add("slip4/launch_train_file.yaml", "declared", "no-reference", """\
seed: 42
train_file: ???
epochs: 2
""", "the training file is left to the launch command", expected_launch_slots=1)
add("slip4/launch_list_item.yaml", "declared", "weak", """\
seed: 42
datasets:
  - {name: acme/a, revision: v1}
  - name: ???
epochs: 2
""", "one of two datasets is left to the launch command", expected_launch_slots=1)
add("slip4/trainer_seed_null.yaml", "random", "weak", """\
seed: 42
trainer:
  seed: null
  max_epochs: 3
data:
  path: s3://acme/reviews/train.parquet
  version: v3
""", "the trainer section unsets the top-level seed")
add("slip4/training_seed_minus_one.yaml", "random", "weak", """\
seed: 7
training:
  seed: -1
  epochs: 3
data: {path: s3://a/b.parquet, version: v1}
""", "`-1` in the training section: a random seed each run")
add("slip4/trainer_seed_random.json", "random", "weak", """\
{
  "seed": 5,
  "trainer": {"seed": "random", "max_epochs": 2},
  "data": {"path": "s3://acme/x.parquet", "version": "v2"}
}
""", "the trainer's seed is the word `random`")
add("slip4/eval_sft.yaml", "declared", "none", """\
run:
  name: sft-8b
  seed: 8675309
data:
  manifest: s3://acme-llm-data/sft/manifest.jsonl
model: {base: Qwen/Qwen2.5-7B}
evaluation:
  benchmarks: [mmlu, gsm8k]
""", "an `eval` word in the name, but a run seed and a data section outside the evaluation one", applicable=True)
add("slip4/graph_export.yaml", "declared", "none", """\
seed: 909
data:
  edges: s3://acme-graph/pins/edges.parquet
model: {kind: pinsage, hidden: 256}
export:
  registry: models:/pinsage
""", "an `export` section beside a run seed and training data: a training config that exports", applicable=True)
add("alarm4/infer_batch.yaml", "declared", "none", """\
seed: 3
inference:
  input: s3://acme/requests/2024-06.parquet
model: {path: s3://acme/models/m1/}
""", "an inference config: its data is what the model is run on", applicable=False)
add("alarm4/eval_merge.yaml", "declared", "floating", """\
seed: 42
eval:
  datasets:
    - name: acme/reviews
      revision: main
""", "an evaluation-and-merge file naming only evaluation data: not a training config", applicable=False)
add("alarm4/merge_lora.yaml", "missing", "no-reference", """\
model: acme/base
adapter: out/lora
export_dir: out/merged
""", "a merge config with no data at all", applicable=False)
add("alarm4/stream_with_job.yaml", "declared", "weak", """\
seed: 42
data:
  path: s3://acme/reviews/train.parquet
  version: v3
epochs: 2
---
apiVersion: batch/v1
kind: Job
metadata: {name: train}
""", "a Kubernetes Job after the config: not a run of its own")
add("alarm4/edition_root_pinned.yaml", "declared", "weak", """\
seed: 42
corpus: {name: reviews, version: v7}
data_dir: /data/reviews
epochs: 3
""", "a root folder beside a dataset pinned by a version key: where that version is stored")
add("alarm4/trainer_seed_interpolated.yaml", "declared", "weak", """\
seed: 42
trainer:
  seed: ${seed}
  max_epochs: 3
data: {path: s3://a/b.parquet, version: v1}
""", "the trainer's seed is the top-level one")
add("alarm4/mandatory_batch_size.yaml", "declared", "weak", """\
seed: 42
data:
  batch_size: ???
  path: s3://a/b.parquet
  version: v1
output_dir: ???
epochs: 2
""", "`???` on a batch size and an output folder: no data left to the launch", expected_launch_slots=0)

# ---- a fifth batch, from a further attacker pass: application YAML tags, Python dict unions, version words ----
add("slip5/tag_env_version.yaml", "declared", "none", """\
seed: 42
data:
  path: s3://acme/reviews/train.parquet
  version: !env DATA_VERSION
epochs: 3
""", "an application tag builds the version from the environment: `DATA_VERSION` is no version")
add("slip5/tag_verbatim_revision.yaml", "declared", "none", """\
seed: 7
datasets:
  - name: acme/tickets
    revision: !<tag:acme.com,2024:latest-release> v2
""", "a verbatim application tag resolves the revision when the file is loaded")
add("slip5/tag_include_sha.yaml", "declared", "none", """\
seed: 3
corpus:
  uri: gs://acme-kb/articles.parquet
  sha256: !include digests/articles.sha256
""", "the digest is read from another file by an `!include` tag: the text is a file name, not a digest")
add("slip5/tag_random_seed.yaml", "random", "weak", """\
seed: !randint 42
data: {path: s3://acme/x.parquet, version: v3}
""", "an application tag draws the seed; `42` is its argument")
add("slip5/dict_union_seed_none.py", "random", "weak", """\
base = dict(seed=42, data=dict(path="s3://acme/tab/train.parquet", version="v5"), epochs=10)
config = base | {"seed": None}
""", "a dict union (PEP 584) unsets the seed of the base")
add("slip5/dict_union_dict_call.py", "random", "weak", """\
BASE = {"seed": 42, "data": {"path": "s3://acme/tab/train.parquet", "version": "v5"}}
CONFIG = BASE | dict(seed=None, epochs=3)
""", "a dict union with a `dict(...)` call unsets the seed")
add("slip5/dict_union_data.py", "declared", "none", """\
base = dict(seed=42, data=dict(path="s3://acme/tab/train.parquet", version="v5"))
config = base | {"data": {"path": "s3://acme/tab/train-2024/"}}
""", "a dict union replaces the pinned data section with an unpinned one")
add("slip5/version_or_later.yaml", "declared", "floating", """\
seed: 11
data:
  uri: s3://acme/churn/
  version: "v3+"
""", "`v3+`: this version or any later one")
add("slip5/version_dynamic.toml", "declared", "floating", """\
seed = 5

[dataset]
name = "acme/orders"
version = "2.+"
""", "`2.+`: Gradle's dynamic version, the newest 2.x")
add("slip5/version_open_dates.json", "declared", "floating", """\
{
  "seed": 8,
  "data": {"table": "acme.events", "snapshot": "2024-01-01.."}
}
""", "an open range of dates: whatever has arrived since")
add("slip5/version_iso_interval.yaml", "declared", "floating", """\
seed: 2
train:
  source: s3://acme/clicks/
  version: 2024-01-01/2024-06-30
""", "an ISO 8601 interval of dates: a window, not one version")
add("slip5/version_unknown.yaml", "declared", "none", """\
seed: 12
data:
  path: s3://acme/audio/train/
  version: unknown
""", "`unknown` says there is no version")
add("slip5/version_na.py", "declared", "none", """\
SEED = 4
TRAIN = dict(uri="gs://acme/parts/train/", version="n/a")
""", "`n/a` says there is no version")
add("slip5/revision_recent.py", "declared", "floating", """\
from datasets import load_dataset

SEED = 4
ds = load_dataset("acme/tickets", split="train", revision="recent")
""", "`recent`: whatever release is newest today")
add("slip5/launch_env_data.yaml", "declared", "no-reference", """\
seed: 42
data:
  path: ${oc.env:TRAIN_DATA}
epochs: 3
""", "the data path is read whole from the environment: left to the launch, like `???`", expected_launch_slots=1)
add("slip5/launch_env_default.yaml", "declared", "no-reference", """\
seed: 42
dataset:
  train_file: ${oc.env:TRAIN_FILE,/data/reviews/train.jsonl}
""", "the training file comes from the environment, with a default", expected_launch_slots=1)
add("slip5/launch_env_nemo.yaml", "declared", "no-reference", """\
seed: 1
model:
  train_ds:
    manifest_filepath: ${oc.env:TRAIN_MANIFEST}
    batch_size: 16
  optim: {name: adamw, lr: 0.001}
exp_manager: {exp_dir: out}
trainer: {max_epochs: 2}
""", "a NeMo manifest read from the environment", expected_launch_slots=1)
add("alarm5/env_root_beside_pinned.yaml", "declared", "weak", """\
seed: 12
paths:
  root_dir: ${oc.env:PROJECT_ROOT}
  log_dir: ${paths.root_dir}/logs/
data:
  path: s3://acme/audio/train/
  version: v2
""", "a project root from the environment is no dataset", expected_launch_slots=0)
add("slip5/reader_call_chained.py", "declared", "none", """\
from datasets import load_dataset

SEED = 42
train = load_dataset("acme/tickets", split="train").shuffle(seed=SEED).select(range(10_000))
""", "a reader call with methods chained on it: the data is still `acme/tickets`, unpinned")
add("slip5/reader_calls_concatenated.py", "declared", "none", """\
from datasets import concatenate_datasets, load_dataset

SEED = 42
train = concatenate_datasets([
    load_dataset("acme/tickets", split="train", revision="v3"),
    load_dataset("acme/chats", split="train"),
])
""", "two reader calls inside `concatenate_datasets`: the second unpinned")
add("slip5/reader_calls_list.py", "declared", "none", """\
import pandas as pd

SEED = 7
FRAMES = [pd.read_parquet("s3://acme/orders/2024/"), pd.read_parquet("s3://acme/returns/2024/")]
""", "a list of reader calls, none pinned")
add("alarm5/reader_call_map_pinned.py", "declared", "weak", """\
from datasets import load_dataset

SEED = 42
train = load_dataset("acme/tickets", split="train", revision="v3").map(tokenize, batched=True)
""", "`.map(tokenize)` on a pinned reader call: `tokenize` is no dataset (refused on `main`)")
add("alarm5/standard_tags.yaml", "declared", "weak", """\
seed: !!int "42"
data:
  path: s3://acme/reviews/train.parquet
  version: !!str 3
""", "standard YAML tags keep their value")
add("alarm5/model_new_tag.yaml", "declared", "weak", """\
seed: 1986
model: !new:acme.nets.Classifier
  width: 256
data:
  path: s3://acme/reviews/train.parquet
  version: v4
""", "an application tag on the model section (HyperPyYAML's `!new:`) changes nothing about seed or data")
add("alarm5/dict_union_keeps_seed.py", "declared", "weak", """\
base = {"seed": 42, "data": {"path": "s3://acme/x.parquet", "version": "v3"}}
config = {"seed": None} | base
""", "the right side of a dict union wins: the base's seed stays")
add("alarm5/dict_union_epochs.py", "declared", "weak", """\
base = dict(seed=42, data=dict(path="s3://acme/x.parquet", version="v3"))
config = base | {"epochs": 3, "lr": 1e-4}
""", "a dict union that changes only training settings")
add("alarm5/flag_union.py", "declared", "weak", """\
import enum

class Aug(enum.Flag):
    FLIP = 1
    CROP = 2

AUGMENT = Aug.FLIP | Aug.CROP
SEED = 42
DATA = dict(path="s3://acme/x.parquet", version="v3")
""", "a `|` of flags is no dict union")
add("alarm5/semver_build.yaml", "declared", "weak", """\
seed: 42
data:
  path: s3://acme/x.parquet
  version: "1.0.0+build.5"
""", "semver build metadata after `+`: one release")
add("alarm5/release_candidate.yaml", "declared", "weak", """\
seed: 42
data:
  path: s3://acme/x.parquet
  version: v2-rc1
""", "a release-candidate tag names one release")

OUT.mkdir(parents=True, exist_ok=True)
labels = {}
for path, seed, pin, text, why, more in E:
    target = OUT / "files" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    fmt = {"yaml": "yaml", "yml": "yaml", "json": "json", "toml": "toml", "py": "python"}[path.rsplit(".", 1)[1]]
    labels[path] = {
        "framework": path.split("/", 1)[0], "format": fmt,
        "declares_seed": {"declared": True, "unresolved": "unknown"}.get(seed, False),
        "dataset_pinned": {"strong": True, "weak": "partial", "no-reference": "unknown"}.get(pin, False),
        "expected_seed_status": seed, "expected_pin": pin, "why": why, **more,
    }
(OUT / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
print(len(E), "configs")
