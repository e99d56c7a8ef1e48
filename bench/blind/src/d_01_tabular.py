DOMAIN = "tabular"


def define(E):
    E("team-churn/train_gbm.yaml", "yaml", "declared",
      [("analytics.churn_features", "weak")], r'''
# Weekly churn model. Owner: growth-ml (#churn-alerts)
# Retrained every Monday by the airflow DAG churn_weekly.
experiment:
  name: churn-gbm-weekly
  seed: 20240517
  tags: [churn, gbm, weekly]

data:
  train_table: analytics.churn_features
  snapshot_date: "2024-05-12"
  label_column: churned_30d
  id_column: customer_id
  features:
    - tenure_days
    - plan_tier
    - monthly_spend
    - support_tickets_90d
    - last_login_gap_days
    - nps_bucket

split:
  test_size: 0.2
  stratify: churned_30d

model:
  type: lightgbm
  params:
    num_leaves: 63
    learning_rate: 0.05
    n_estimators: 800
    min_child_samples: 40
    colsample_bytree: 0.8

tracking:
  mlflow_uri: http://mlflow.internal:5000
  experiment: churn

output_dir: s3://acme-ml-artifacts/churn/models/latest/
''', why="experiment.seed is an integer; the table is pinned to a snapshot date (weak); output_dir /latest/ is not data")

    E("team-churn/train_logreg.json", "json", "missing",
      [("/mnt/shared/churn/customers.csv", "none")], r'''
{
  "run_name": "churn-logreg-baseline",
  "data": {
    "path": "/mnt/shared/churn/customers.csv",
    "target": "churned",
    "drop_columns": ["customer_id", "email_hash", "signup_ts"]
  },
  "preprocessing": {
    "impute": "median",
    "scale": "standard",
    "one_hot": ["plan_tier", "region"]
  },
  "model": {"C": 0.5, "penalty": "l2", "max_iter": 500, "class_weight": "balanced"},
  "cv": {"folds": 5, "shuffle": true},
  "metrics": ["roc_auc", "pr_auc", "brier"],
  "report_dir": "reports/churn_logreg"
}
''', why="no seed anywhere (cv shuffles unseeded) and the CSV path has no version")

    E("team-fraud/xgb_train.toml", "toml", "declared",
      [("s3://acme-fraud-data/manifests/train_manifest.json", "strong")], r'''
# Card-not-present fraud model, XGBoost.
[run]
name = "fraud-xgb-cnp"
seed = 1337
owner = "risk-ml"

[data]
manifest = "s3://acme-fraud-data/manifests/train_manifest.json"
manifest_sha256 = "@@H64@@"
label = "is_fraud"
weight_column = "sample_weight"
time_column = "auth_ts"

[features]
numeric = ["amount", "merchant_risk", "velocity_1h", "velocity_24h", "distance_km"]
categorical = ["mcc", "country", "device_type"]

[model]
max_depth = 8
eta = 0.08
num_boost_round = 1200
scale_pos_weight = 35.0
tree_method = "hist"

[tracking]
uri = "http://mlflow.risk.internal"
experiment = "fraud-cnp"
''', why="run.seed integer; training manifest pinned by sha256 (strong)")

    E("team-fraud/config.py", "python", "declared",
      [("s3://acme-fraud-data/txns/", "floating")], r'''
"""Training constants for the merchant fraud model. Imported by train.py."""

SEED = 42
TRAIN_SET = "s3://acme-fraud-data/txns/"
TRAIN_SET_VERSION = "latest"
LABEL = "chargeback_60d"

FEATURES = [
    "amount_usd",
    "merchant_age_days",
    "card_age_days",
    "txn_count_7d",
    "decline_ratio_30d",
]

MODEL_PARAMS = {
    "n_estimators": 600,
    "max_depth": 10,
    "min_samples_leaf": 25,
    "n_jobs": -1,
}

MLFLOW_TRACKING_URI = "http://mlflow.risk.internal"
OUTPUT_DIR = "/models/fraud/merchant"
''', why="SEED=42 is declared, but TRAIN_SET_VERSION is 'latest' (floating)")

    E("team-fraud/delta_train.yaml", "yaml", "env",
      [("risk.silver.card_transactions", "weak"), ("risk.silver.chargebacks", "weak")], r'''
# Fraud model trained from Delta tables on the lakehouse.
seed: ${oc.env:TRAIN_SEED}

sources:
  transactions:
    table: risk.silver.card_transactions
    version_as_of: 1842
  labels:
    table: risk.silver.chargebacks
    version_as_of: 977

join:
  on: [txn_id]
  how: left

model:
  kind: catboost
  iterations: 3000
  depth: 8
  learning_rate: 0.03
  loss_function: Logloss

checkpoint_dir: dbfs:/mnt/models/fraud/checkpoints
''', why="seed comes from the environment (oc.env); both Delta tables pinned with version_as_of (weak)")

    E("team-credit-risk/pd_model.yaml", "yaml", "declared",
      [("RISK_DB.CURATED.LOAN_APPS_TRAIN", "weak"), ("RISK_DB.CURATED.LOAN_APPS_VAL", "weak"),
       ("RISK_DB.CURATED.LOAN_APPS_TEST", "weak")], r'''
# Probability-of-default model, retail loans
reproducibility:
  seed: 8128
  deterministic: true

warehouse:
  account: acme.eu-west-1
  role: ML_READER

train:
  table: RISK_DB.CURATED.LOAN_APPS_TRAIN
  at_timestamp: "2024-04-30T00:00:00Z"
val:
  table: RISK_DB.CURATED.LOAN_APPS_VAL
  at_timestamp: "2024-04-30T00:00:00Z"
test:
  table: RISK_DB.CURATED.LOAN_APPS_TEST
  at_timestamp: "2024-04-30T00:00:00Z"

target: default_12m
monotone_constraints:
  debt_to_income: 1
  months_employed: -1

model:
  type: lightgbm
  objective: binary
  num_leaves: 31
  n_estimators: 400
''', why="reproducibility.seed integer; every split pinned by Snowflake time-travel timestamp (weak)")

    E("team-credit-risk/scorecard.py", "python", "declared",
      [("gs://acme-risk-data/bureau/bureau_extract.parquet", "strong"),
       ("gs://acme-risk-data/applications/", "none")], r'''
from risk_training.config import DataSource, TrainConfig

CONFIG = TrainConfig(
    name="scorecard-logit",
    seed=11,
    sources=[
        DataSource(
            name="bureau",
            uri="gs://acme-risk-data/bureau/bureau_extract.parquet",
            sha256="@@H64@@",
        ),
        DataSource(
            name="applications",
            uri="gs://acme-risk-data/applications/",
        ),
    ],
    target="bad_flag",
    binning={"method": "quantile", "bins": 10},
    regularization=0.01,
)
''', why="seed=11 declared; bureau extract has sha256 but the applications source has no version (partial pinning)")

    E("team-churn/uplift.toml", "toml", "random",
      [("git@github.com:acme/data-registry.git", "strong")], r'''
title = "churn uplift (T-learner)"
seed = -1   # -1 = pick a fresh seed each run

[data]
# pulled with `dvc get`
repo = "git@github.com:acme/data-registry.git"
path = "churn/campaign_exposures.parquet"
rev = "@@H40@@"

[learner]
base = "lightgbm"
treatment_column = "got_offer"
outcome_column = "retained_90d"

[learner.params]
n_estimators = 300
learning_rate = 0.05
''', why="seed = -1 means random; the DVC import is pinned to a full git commit (strong)")

    E("team-fraud/lgbm_bq.yaml", "yaml", "declared",
      [("acme-prod.fraud.labeled_transactions@1712345678000", "weak")], r'''
run:
  name: fraud-lgbm-bq
  random_seed: 97

bigquery:
  billing_project: acme-ml
  table: acme-prod.fraud.labeled_transactions@1712345678000
  selected_fields: [txn_id, amount, mcc, country, hour_of_day, is_fraud]

train:
  label: is_fraud
  valid_fraction: 0.1
  early_stopping_rounds: 100

lgbm:
  objective: binary
  metric: [auc, binary_logloss]
  num_leaves: 127
  feature_fraction: 0.7
''', why="run.random_seed integer; BigQuery table read at a snapshot decorator (weak)")

    E("team-churn/churn_retrain.yaml", "yaml", "declared",
      [("s3://acme-churn/training/events/", "none")], r'''
# churn retrain job -- config schema v3
config_version: 3
code_version: 2.4.1
git_commit: @@H40@@
image: registry.acme.io/ml/churn-train@sha256:@@H64@@

seed: 4242

data:
  events_uri: s3://acme-churn/training/events/
  format: parquet
  lookback_days: 180

model:
  name: churn-tabnet
  version: 7
  n_d: 32
  n_a: 32
  n_steps: 5
''', tricky=True,
      why="TRICKY slip-through: commit, image digest, config/code/model versions pin the code, not the data; events_uri has no version")

    E("team-credit-risk/seed_zero.json", "json", "declared",
      [("https://data.acme.io/risk/limits/limit_history.csv", "strong")], r'''
{
  "job": "credit-limit-regressor",
  "seed": 0,
  "dataset": {
    "url": "https://data.acme.io/risk/limits/limit_history.csv",
    "md5": "@@H32@@"
  },
  "target": "limit_change_pct",
  "model": {"type": "ridge", "alpha": 3.0},
  "cv_folds": 5
}
''', tricky=True, why="TRICKY false alarm: seed 0 is a concrete integer (falsy); the CSV is pinned by md5 (strong)")

    E("team-fraud/sampler.py", "python", "missing",
      [("s3://acme-fraud-data/p2p/v4/train/", "weak")], r'''
# P2P transfer fraud -- negative downsampling + GBM.
train = dict(
    data=dict(
        uri="s3://acme-fraud-data/p2p/v4/train/",
        label="reported_scam",
    ),
    negative_sampler=dict(kind="uniform", rate=0.05, seed=5),
    split=dict(test_size=0.15, random_state=3),
    model=dict(kind="xgboost", max_depth=7, eta=0.1, rounds=900),
    out_dir="/mnt/models/p2p-fraud",
)
''', tricky=True,
      why="TRICKY slip-through: only component seeds (sampler seed, split random_state), no run seed; data pinned by /v4/ path (weak)")

    E("team-churn/feature_store.yaml", "yaml", "declared",
      [("s3://acme-churn/entity_frames/dt=2024-05-01/", "weak"), ("churn_training", "weak")], r'''
seed: 31337

entity_df: s3://acme-churn/entity_frames/dt=2024-05-01/
event_timestamp_column: as_of

feature_store:
  repo: feature_repo/
  feature_service: churn_training
  feature_service_version: 5

label:
  name: churned_next_30d
  positive_class: 1

model:
  algo: random_forest
  n_estimators: 500
  max_features: sqrt
''', why="top-level seed; entity frame in a dated partition and feature service at explicit version 5 (weak)")

    E("team-credit-risk/params.py", "python", "env",
      [("lakefs://risk-lake/@@H64@@/collections/delinquency.parquet", "strong")], r'''
import os
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=int(os.environ["SEED"]),
    data=SimpleNamespace(
        train="lakefs://risk-lake/@@H64@@/collections/delinquency.parquet",
        target="roll_to_90dpd",
    ),
    model=SimpleNamespace(kind="ebm", interactions=10, outer_bags=8),
    output_dir="/mnt/models/collections",
)
''', why="seed read from os.environ (env); data pinned to a lakeFS commit id (strong)")

    E("team-fraud/train_nn.toml", "toml", "random",
      [("azureml:fraud-train-features:7", "weak")], r'''
[experiment]
name = "fraud-mlp"
seed = "random"

[input]
train_data = "azureml:fraud-train-features:7"
label = "is_fraud"

[network]
hidden = [256, 128, 64]
dropout = 0.2
activation = "gelu"

[optim]
name = "adamw"
lr = 0.001
weight_decay = 0.0001
epochs = 30
batch_size = 2048
''', why="seed = \"random\" (random); Azure ML data asset at explicit version 7 (weak)")

    E("team-churn/cohort.json", "json", "declared",
      [("gs://acme-churn/cohorts/signups.parquet", "strong"),
       ("gs://acme-churn/cohorts/billing.parquet", "strong")], r'''
{
  "experiment": {"name": "cohort-survival", "seed": 2023},
  "inputs": [
    {"name": "signups", "uri": "gs://acme-churn/cohorts/signups.parquet", "md5": "@@H32@@"},
    {"name": "billing", "uri": "gs://acme-churn/cohorts/billing.parquet", "md5": "@@H32@@"}
  ],
  "model": {"type": "coxph", "penalizer": 0.1, "duration_col": "days_active", "event_col": "churned"},
  "output": {"dir": "gs://acme-churn/models/cohort-survival/"}
}
''', why="experiment.seed integer; both inputs pinned by md5 (strong)")
