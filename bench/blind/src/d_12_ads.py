DOMAIN = "ads"


def define(E):
    E("team-ads-ranking/ctr_dcn.yaml", "yaml", "declared",
      [("acme-ads.logs.impressions@1718409600000", "weak"), ("acme-ads.logs.clicks@1718409600000", "weak")], r'''
# Feed ads pCTR, DCN-v2
seed: 777
tables:
  impressions: acme-ads.logs.impressions@1718409600000
  clicks: acme-ads.logs.clicks@1718409600000
join_key: impression_id
sparse_features: [ad_id, campaign_id, advertiser_id, placement, user_segment, hour]
dense_features: [bid_usd, ad_age_days, user_ctr_7d]
model:
  embedding_dim: 16
  cross_layers: 3
  deep: [1024, 512, 256]
train:
  batch_size: 16384
  lr: 0.001
  epochs: 1
''', why="seed declared; both BigQuery tables at a snapshot decorator (weak)")

    E("team-ads-ctr/ffm.yaml", "yaml", "missing",
      [("hdfs:///ads/ctr/impressions/dt=2024-06-10/", "weak")], r'''
model: field_aware_fm
fields: [site, app, device, ad, hour]
latent: 8
train_data: hdfs:///ads/ctr/impressions/dt=2024-06-10/
epochs: 10
lr: 0.2
lambda: 0.00002
''', why="no seed; data in a dated dt= partition (weak)")

    E("team-ads-ranking/bid_landscape.json", "json", "declared",
      [("ads.gold.auction_outcomes", "none")], r'''
{
  "seed": 64,
  "source": {"table": "ads.gold.auction_outcomes", "format": "delta"},
  "model": {"kind": "censored_regression", "distribution": "lognormal"},
  "features": ["floor_price", "placement", "hour", "competitor_count"]
}
''', why="seed declared; Delta table with no version (none)")

    E("team-ads-ranking/auction_sim.toml", "toml", "declared",
      [("lakefs://ads/@@H64@@/auctions/", "strong")], r'''
[run]
seed = 4
name = "autobidder-offline"

[data]
logged_auctions = "lakefs://ads/@@H64@@/auctions/"

[policy]
kind = "dqn"
budget_bins = 20
''', why="run.seed declared; auctions at a lakeFS commit (strong)")

    E("team-ads-ctr/config.py", "python", "declared",
      [("s3://acme-ads/ctr/train/", "none")], r'''
import os

SEED = 2023
TRAIN_SET = "s3://acme-ads/ctr/train/"
DATA_VERSION = os.environ["DATA_VERSION"]
EMBED_DIM = 32
BATCH_SIZE = 8192
''', why="SEED declared; the data version comes from the environment, so the file pins nothing (none)")

    E("team-ads-ranking/conversion.yaml", "yaml", "env",
      [("s3://acme-ads/cvr/manifest.json", "strong")], r'''
seed: "${oc.env:SEED}"
data:
  manifest: s3://acme-ads/cvr/manifest.json
  manifest_sha256: @@H64@@
delayed_feedback:
  attribution_window_days: 7
  model: fsiw
model: {kind: mmoe, experts: 8}
''', why="seed from the environment (env); manifest pinned by sha256 (strong)")

    E("team-ads-ranking/creative_quality.yaml", "yaml", "declared",
      [("creatives/train.parquet", "weak"), ("creatives/val.parquet", "weak")], r'''
seed: 2222
_source: &source
  bucket: s3://acme-ads-data
  dataset_version: 12
train:
  <<: *source
  path: creatives/train.parquet
val:
  <<: *source
  path: creatives/val.parquet
model:
  image: efficientnet-b2
  text: distilroberta-base
''', tricky=True,
      why="TRICKY false alarm: dataset_version 12 reaches train/val through a YAML merge key (weak); seed declared")

    E("team-ads-ctr/calibration.py", "python", "declared",
      [("s3://acme-ads/calibration/holdout.parquet", "strong")], r'''
from ads_ml.config import CalibrationConfig

config = CalibrationConfig(
    seed=5,
    holdout="s3://acme-ads/calibration/holdout.parquet",
    holdout_sha256="@@H64@@",
    method="isotonic",
    bins=50,
)
''', why="seed declared; holdout pinned by sha256 (strong)")

    E("team-ads-ranking/budget_pacing.yaml", "yaml", "declared",
      [("s3://acme-ads/pacing/spend/v3/", "weak")], r'''
experiment:
  name: budget-pacing
  seed: 303
spend_logs: s3://acme-ads/pacing/spend/v3/
controller: {kind: pid_learned, horizon_minutes: 15}
train:
  epochs: 20
''', why="experiment.seed declared; spend logs under /v3/ (weak)")

    E("team-ads-ctr/lookalike.json", "json", "declared",
      [("s3://acme-ads/audiences/seed_users.csv", "strong"), ("acme-ads.users.profiles", "none")], r'''
{
  "seed": 42,
  "seed_audience": {"uri": "s3://acme-ads/audiences/seed_users.csv", "md5": "@@H32@@"},
  "expansion_pool": "acme-ads.users.profiles",
  "model": {"kind": "pu_learning", "base": "logistic"},
  "expansion_ratio": 0.05
}
''', tricky=True,
      why="TRICKY: seed_audience is a dataset (md5, strong), not a seed; the expansion-pool table is unpinned (partial pinning)")

    E("team-ads-ranking/query_ad_relevance.toml", "toml", "declared",
      [("acme/query-ad-pairs", "floating")], r'''
seed = 0

[data]
hub_id = "acme/query-ad-pairs"
revision = "main"

[model]
cross_encoder = "microsoft/MiniLM-L12-H384-uncased"
max_len = 64
''', why="seed 0 declared; dataset revision main (floating)")

    E("team-ads-ranking/multi_task.yaml", "yaml", "declared",
      [("ADS.CURATED.IMPRESSIONS", "weak"), ("ads.silver.conversions", "weak")], r'''
run:
  seed: 1776
inputs:
  impressions:
    table: ADS.CURATED.IMPRESSIONS
    at_timestamp: "2024-06-15 00:00:00"
  conversions:
    table: ads.silver.conversions
    version_as_of: 412
tasks: [ctr, cvr]
model: {kind: ple, shared_experts: 4, task_experts: 2}
''', why="run.seed declared; Snowflake time travel and Delta version_as_of (both weak)")

    E("team-ads-ctr/deepfm.py", "python", "random",
      [("lakefs://ads-ctr/main/samples/", "floating")], r'''
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=None,
    samples="lakefs://ads-ctr/main/samples/",
    embed_dim=10,
    dnn=[400, 400, 400],
)
''', why="seed None (random) and the lakeFS main branch (floating)")

    E("team-ads-ranking/ranker_glob.yaml", "yaml", "declared",
      [("gs://acme-ads/ranker/train/*.parquet", "none")], r'''
seed: 95
train_files: gs://acme-ads/ranker/train/*.parquet
label: engaged
model: {kind: lambdamart, trees: 800}
''', why="seed declared; an unversioned glob of files (none)")

    E("team-ads-ranking/pctr_teacher.py", "python", "declared",
      [("gs://acme-ads/teacher/train_pairs.parquet", "strong")], r'''
TRAIN_DEFAULTS = {
    "seed": 10,
    "teacher": "acme/pctr-teacher-xl",
    "teacher_revision": "latest",
    "train_pairs": "gs://acme-ads/teacher/train_pairs.parquet",
    "train_pairs_sha256": "@@H64@@",
    "epochs": 2,
}
''', why="seed declared; training pairs pinned by sha256 (strong); the teacher revision latest is a model")

    E("team-ads-ctr/ctr_finetune.yaml", "yaml", "unresolved",
      [("s3://acme-ads/ctr/regional/v6/", "weak")], r'''
# Regional fine-tune of the global CTR model; seed, optimiser and features come from the base.
base_config: ../base/ctr_common.yaml
data:
  train: s3://acme-ads/ctr/regional/v6/
  region: apac
optim:
  lr: 0.0002
''', tricky=True,
      why="TRICKY: no seed here, and base_config points at an absent file, so the seed is unresolved, not missing; data /v6/ (weak)")
