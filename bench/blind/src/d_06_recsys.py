DOMAIN = "recsys"


def define(E):
    E("team-recs/two_tower.yaml", "yaml", "declared",
      [("gs://acme-recs/interactions/dt=2024-06-01/", "weak"), ("gs://acme-recs/catalog/dt=2024-06-01/", "weak")], r'''
# Two-tower retrieval for the home feed
seed: 5
data:
  interactions: gs://acme-recs/interactions/dt=2024-06-01/
  items: gs://acme-recs/catalog/dt=2024-06-01/
  negatives: in_batch
user_tower:
  features: [user_id, country, device, recent_item_ids]
  dims: [512, 256, 128]
item_tower:
  features: [item_id, category, brand, price_bucket]
  dims: [512, 256, 128]
temperature: 0.05
train:
  epochs: 4
  batch_size: 8192
  lr: 0.001
metrics: [recall@50, recall@200]
''', why="seed declared; both inputs are dated dt= partitions (weak)")

    E("team-recs/als.json", "json", "declared",
      [("data/ratings.csv", "none")], r'''
{
  "random_state": 17,
  "ratings": "data/ratings.csv",
  "factors": 128,
  "regularization": 0.05,
  "iterations": 20,
  "alpha": 40,
  "eval": {"k": 10, "holdout": "leave_last_one"}
}
''', why="random_state declared; ratings CSV has no version")

    E("team-recs/sasrec.toml", "toml", "missing",
      [("data/sessions", "strong")], r'''
model = "sasrec"
max_len = 200
hidden = 64
blocks = 2
heads = 1
dropout = 0.2

data_dir = "data/sessions"
data_version = "@@H40@@"   # git commit of acme/recs-data

[train]
epochs = 200
batch_size = 128
lr = 0.001
''', why="no seed; data_dir pinned by a full git commit in data_version (strong)")

    E("team-recs/reranker.py", "python", "declared",
      [("acme-recs.training.rerank_pairs", "weak")], r'''
SEED = 31
TRAIN_SET = "acme-recs.training.rerank_pairs"
TRAIN_SET_VERSION = "20240601"

FEATURES = ["retrieval_score", "item_ctr_7d", "user_item_affinity", "freshness_hours"]
LABEL = "clicked"
MODEL = "lambdamart"
NUM_TREES = 500
''', why="SEED constant; TRAIN_SET_VERSION is an explicit dated version (weak)")

    E("team-recs/feature_store.yaml", "yaml", "declared",
      [("s3://acme-recs/entities/latest/", "floating")], r'''
seed: 2500
entity_source: s3://acme-recs/entities/latest/
feature_refs:
  - user_stats:clicks_7d
  - user_stats:purchases_30d
  - item_stats:ctr_7d
  - item_stats:price
label: purchased
model:
  kind: dcn_v2
  cross_layers: 3
  deep: [512, 256]
''', why="seed declared; entity source is /latest/ (floating); feature refs are feature names, not datasets")

    E("team-search-ranking/ltr.yaml", "yaml", "declared",
      [("s3://acme-search/judgments/v9/", "weak"), ("s3://acme-search/clicks/v9/", "weak")], r'''
run:
  seed: 161
  name: ltr-lambdarank
inputs:
  judgments: s3://acme-search/judgments/v9/
  clicks: s3://acme-search/clicks/v9/
objective: lambdarank
metrics: [ndcg@10, mrr@10]
lgbm:
  num_leaves: 63
  learning_rate: 0.05
  n_estimators: 1200
''', why="run.seed declared; both inputs under /v9/ (weak); ndcg@10 is a metric")

    E("team-recs/dlrm.yaml", "yaml", "env",
      [("hdfs:///warehouse/recs/impressions/", "none")], r'''
seed: ${oc.env:SEED}
data:
  train: hdfs:///warehouse/recs/impressions/
  version: ${oc.env:DATA_VERSION}
  dense_features: 13
  sparse_features: 26
model:
  embedding_dim: 128
  bottom_mlp: [512, 256, 128]
  top_mlp: [1024, 1024, 512, 256, 1]
train:
  batch_size: 65536
  lr: 15.0
''', tricky=True,
      why="TRICKY slip-through: a version key is present but filled from the environment, so the file pins nothing (none); seed env")

    E("team-search-ranking/query_tower.py", "python", "declared",
      [("lakefs://search/@@H64@@/queries/", "strong"), ("lakefs://search/@@H64@@/docs/", "strong")], r'''
from search_ml.config import Source, TowerConfig

cfg = TowerConfig(
    seed=4444,
    sources=[
        Source(name="queries", uri="lakefs://search/@@H64@@/queries/"),
        Source(name="docs", uri="lakefs://search/@@H64@@/docs/"),
    ],
    encoder="intfloat/e5-base",
    embedding_dim=768,
    epochs=3,
)
''', why="seed declared; both sources at lakeFS commits (strong)")

    E("team-recs/bandit_slate.json", "json", "random",
      [("azureml:slate-logs:12", "weak")], r'''
{
  "random_seed": -1,
  "logs": "azureml:slate-logs:12",
  "slate_size": 10,
  "policy": "cascading_ucb",
  "exploration": 0.1
}
''', why="random_seed -1 (random); Azure ML data asset version 12 (weak)")

    E("team-recs/cold_start.toml", "toml", "declared",
      [("acme/item-metadata", "floating")], r'''
[training]
seed = 2718
epochs = 10

[data]
hub_dataset = "acme/item-metadata"
revision = "main"
text_fields = ["title", "description"]

[model]
text_encoder = "sentence-transformers/all-mpnet-base-v2"
projection_dim = 128
''', why="training.seed declared; dataset revision main (floating)")

    E("team-search-ranking/autocomplete.yaml", "yaml", "declared",
      [("gs://acme-search/autocomplete/prefixes.tsv", "strong"),
       ("gs://acme-search/autocomplete/completions.tsv", "strong"),
       ("gs://acme-search/autocomplete/sessions.tsv", "none")], r'''
seed: 73
inputs:
  - uri: gs://acme-search/autocomplete/prefixes.tsv
    sha256: @@H64@@
  - uri: gs://acme-search/autocomplete/completions.tsv
    sha256: @@H64@@
  - uri: gs://acme-search/autocomplete/sessions.tsv   # frozen at v4, do not change
model:
  kind: char-lstm
  hidden: 512
  layers: 2
''', tricky=True,
      why="TRICKY slip-through: third input is only 'pinned' by a comment; the file pins two of three inputs (partial pinning)")

    E("team-recs/mf_sgd.py", "python", "env",
      [("s3://acme-recs/implicit/plays.parquet", "strong")], r'''
import os
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=int(os.environ["SEED"]),
    plays="s3://acme-recs/implicit/plays.parquet",
    plays_md5="@@H32@@",
    factors=64,
    lr=0.01,
    epochs=30,
)
''', why="seed from os.environ (env); plays parquet pinned by md5 (strong)")

    E("team-recs/news_recs.yaml", "yaml", "declared",
      [("acme/news-clicks", "weak")], r'''
training:
  seed: 12
  epochs: 5
  batch_size: 256
corpus:
  dataset: acme/news-clicks
  revision: v3
  history_len: 50
model:
  news_encoder: distilbert-base-uncased
  user_encoder: additive_attention
''', why="training.seed declared; dataset revision tag v3 (weak)")

    E("team-search-ranking/ctr_distill.json", "json", "missing",
      [("snowflake://SEARCH_DB.PUBLIC.CLICK_PAIRS", "none")], r'''
{
  "teacher": {"name": "acme/cross-encoder-large", "revision": "@@H40@@"},
  "student": "acme/bi-encoder-small",
  "data": {"table": "snowflake://SEARCH_DB.PUBLIC.CLICK_PAIRS"},
  "kd_temperature": 4.0,
  "epochs": 2
}
''', why="no seed; click-pair table unversioned (the pinned revision is the teacher model's)")

    E("team-recs/playlist.yaml", "yaml", "declared",
      [("MUSIC.CURATED.PLAYLIST_TRACKS", "weak"), ("MUSIC.CURATED.TRACK_FEATURES", "weak")], r'''
seed: 640
tables:
  playlist_tracks:
    name: MUSIC.CURATED.PLAYLIST_TRACKS
    at_timestamp: "2024-05-20 00:00:00"
  track_features:
    name: MUSIC.CURATED.TRACK_FEATURES
    at_timestamp: "2024-05-20 00:00:00"
model:
  kind: item2vec
  window: 10
  dim: 100
''', why="seed declared; both Snowflake tables at a time-travel timestamp (weak)")

    E("team-recs/retrieval_eval.py", "python", "declared", [], r'''
DEFAULTS = dict(
    seed=8,
    train_interactions="<fill me>",
    index="faiss-ivf-pq",
    nlist=4096,
    candidates=500,
)
''', why="seed declared; the only data value is a <fill me> placeholder (no reference)")
