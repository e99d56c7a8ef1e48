DOMAIN = "forecasting"


def define(E):
    E("team-demand-forecast/store_sales.yaml", "yaml", "declared",
      [("acme-retail.sales.daily_store_sales", "none"), ("acme-retail.ref.calendar@1714521600000", "weak")], r'''
# Store x SKU daily demand, global LightGBM
seed: 11

sources:
  - name: sales
    table: acme-retail.sales.daily_store_sales
  - name: calendar
    table: acme-retail.ref.calendar@1714521600000

target: units_sold
horizon_days: 28
lags: [7, 14, 28, 56]
rolling_windows: [7, 28]
categoricals: [store_id, sku_id, dept_id]

model:
  objective: tweedie
  tweedie_variance_power: 1.2
  num_leaves: 255
  learning_rate: 0.03
''', why="seed declared; calendar table has a snapshot decorator but the sales table has none (partial pinning)")

    E("team-energy/load_tft.yaml", "yaml", "declared",
      [("s3://acme-energy/load/hourly/v5/", "weak"), ("s3://acme-energy/weather/era/v5/", "weak")], r'''
run:
  name: load-tft
  seed: 1009
inputs:
  load: s3://acme-energy/load/hourly/v5/
  weather: s3://acme-energy/weather/era/v5/
features:
  known_future: [hour, dow, holiday, temp_forecast]
  observed: [load_mw]
  static: [region]
model:
  type: temporal_fusion_transformer
  hidden_size: 64
  attention_heads: 4
  dropout: 0.1
training:
  max_encoder_length: 168
  max_prediction_length: 48
  epochs: 30
''', why="run.seed declared; both inputs under /v5/ release folders (weak)")

    E("team-demand-forecast/deepar.json", "json", "missing",
      [("lakefs://forecast-lake/@@H64@@/sku_weekly/", "strong")], r'''
{
  "model": "deepar",
  "context_length": 52,
  "prediction_length": 13,
  "freq": "W",
  "num_layers": 3,
  "num_cells": 40,
  "likelihood": "negative-binomial",
  "data": {"train": "lakefs://forecast-lake/@@H64@@/sku_weekly/", "item_id": "sku", "timestamp": "week_start"},
  "trainer": {"epochs": 100, "learning_rate": 0.001, "batch_size": 64}
}
''', why="no seed; data pinned to a lakeFS commit (strong)")

    E("team-energy/solar.toml", "toml", "declared",
      [("energy.gold.solar_output", "weak")], r'''
[experiment]
name = "solar-nowcast"
random_state = 2022

[source]
table = "energy.gold.solar_output"
timestamp_as_of = "2024-03-31T23:59:59Z"
target = "output_kw"

[model]
kind = "xgboost"
n_estimators = 700
max_depth = 6

[cv]
kind = "expanding_window"
folds = 6
''', why="experiment.random_state declared; Delta table read with timestamp_as_of (weak)")

    E("team-demand-forecast/config.py", "python", "env",
      [("gs://acme-forecast/replenishment", "weak")], r'''
import os

SEED = int(os.environ["FORECAST_SEED"])

DATA_DIR = "gs://acme-forecast/replenishment"
DATA_VERSION = "2024-W18"

HORIZON = 14
QUANTILES = [0.1, 0.5, 0.9]
MODEL = "nhits"
EPOCHS = 60
''', why="SEED from os.environ (env); DATA_DIR with explicit DATA_VERSION week tag (weak)")

    E("team-energy/price_nbeats.yaml", "yaml", "declared",
      [("/data/power_prices.parquet", "none")], r'''
version: 2        # config schema
seed: 2
dataset:
  path: /data/power_prices.parquet
  time_col: delivery_hour
  target: price_eur_mwh
horizon: 24
lookback: 168
lags: [1, 2, 3, 24, 168]
model:
  name: nbeats
  stacks: [trend, seasonality]
  version: 1.2.0
''', tricky=True,
      why="TRICKY slip-through: top-level version: 2 is the config schema and model.version pins the model; the parquet has no version")

    E("team-demand-forecast/hier.yaml", "yaml", "declared",
      [("gs://acme-forecast/hierarchy/", "floating")], r'''
experiment:
  seed: 88
  name: hierarchical-reconcile
data:
  uri: gs://acme-forecast/hierarchy/
  version: ">=3"
  levels: [total, region, store, sku]
reconciliation: mint_shrink
base_model: ets
horizon: 12
''', tricky=True,
      why="TRICKY slip-through: data version is a range >=3 (floating), not an explicit version")

    E("team-capacity/traffic.json", "json", "random",
      [("https://data.acme.io/netops/traffic.csv", "strong")], r'''
{
  "seed": "randomized",
  "source": {
    "url": "https://data.acme.io/netops/traffic.csv",
    "sha256": "@@H64@@"
  },
  "model": {"type": "lstm", "hidden": 128, "layers": 2},
  "window": 288,
  "horizon": 12,
  "epochs": 40
}
''', why="seed \"randomized\" (random); source URL pinned by sha256 (strong)")

    E("team-energy/wind.py", "python", "declared",
      [("acme/energy/wind-turbines:latest", "floating")], r'''
config = dict(
    seed=55,
    data=dict(
        artifact="acme/energy/wind-turbines:latest",
        resample="10min",
        target="active_power_kw",
    ),
    model=dict(name="patchtst", patch_len=16, stride=8, d_model=128),
    train=dict(epochs=50, lr=1e-3, batch_size=256),
)
''', why="seed declared; W&B artifact alias :latest (floating)")

    E("team-demand-forecast/promo_uplift.toml", "toml", "declared",
      [("git@github.com:acme/forecast-data.git", "strong"),
       ("gs://acme-forecast/promos/2024-04-30/promos.parquet", "weak")], r'''
seed = 19

[[inputs]]
name = "baseline_sales"
dvc_repo = "git@github.com:acme/forecast-data.git"
path = "sales/baseline.parquet"
rev = "@@H40@@"

[[inputs]]
name = "promotions"
uri = "gs://acme-forecast/promos/2024-04-30/promos.parquet"

[model]
kind = "causal_forest"
n_estimators = 2000
min_samples_leaf = 10
''', why="seed declared; DVC input at a full commit (strong), promotions in a dated partition (weak): worst is weak")

    E("team-capacity/disk_growth.yaml", "yaml", "missing",
      [("s3://acme-sre/metrics/disk_usage/current/", "floating")], r'''
job: disk-growth-forecast
series:
  source: s3://acme-sre/metrics/disk_usage/current/
  metric: node_filesystem_used_bytes
  step: 1h
model:
  kind: sarima
  order: [2, 1, 2]
  seasonal_order: [1, 1, 1, 24]
alert:
  days_to_full_threshold: 14
''', why="no seed; the metrics folder is current/ (floating)")

    E("team-energy/grid_dataclass.py", "python", "declared",
      [("energy.silver.grid_load", "weak")], r'''
from energy_ml.config import ForecastData, ForecastJob

JOB = ForecastJob(
    name="grid-load-day-ahead",
    seed=42,
    data=ForecastData(table="energy.silver.grid_load", version_as_of=311),
    horizon=48,
    model="lightgbm",
    quantiles=(0.05, 0.5, 0.95),
)
''', why="seed=42; Delta table version_as_of=311 (weak)")

    E("team-demand-forecast/lgbm_global.yaml", "yaml", "declared",
      [("s3://acme-forecast/sku_daily/train.parquet", "strong"), ("s3://acme-forecast/sku_daily/valid.parquet", "strong")], r'''
seed: 31
train:
  path: s3://acme-forecast/sku_daily/train.parquet
  sha256: @@H64@@
valid:
  path: s3://acme-forecast/sku_daily/valid.parquet
  sha256: @@H64@@
params:
  objective: poisson
  learning_rate: 0.05
  num_leaves: 128
  feature_fraction: 0.8
num_boost_round: 2500
early_stopping: 100
''', why="seed declared; both splits pinned by sha256 (strong)")

    E("team-capacity/cpu_forecast.json", "json", "env",
      [("acme-sre.capacity.cpu_util@1717200000000", "weak")], r'''
{
  "seed": "${SEED}",
  "table": "acme-sre.capacity.cpu_util@1717200000000",
  "granularity": "5m",
  "model": {"name": "tcn", "channels": [32, 32, 64], "kernel_size": 3},
  "epochs": 25
}
''', why="seed is a ${SEED} environment interpolation (env); BigQuery snapshot decorator (weak)")

    E("team-energy/ev_charging.yaml", "yaml", "random",
      [("s3://acme-energy/ev/sessions.parquet?versionId=Lbe8YxKqbNTk2oQ3s_9pVW1nH0dGt7uA", "weak")], r'''
experiment:
  name: ev-charging-demand
  seed: true
data:
  sessions: s3://acme-energy/ev/sessions.parquet?versionId=Lbe8YxKqbNTk2oQ3s_9pVW1nH0dGt7uA
  aggregate: 15min
model:
  kind: gru
  hidden: 96
epochs: 35
''', tricky=True,
      why="TRICKY slip-through: seed: true is a flag, not a seed value (random); S3 versionId pins the data (weak)")

    E("team-demand-forecast/prophet.py", "python", "missing",
      [("gs://acme-forecast/daily_orders.csv", "none")], r'''
from types import SimpleNamespace

cfg = SimpleNamespace(
    data_path="gs://acme-forecast/daily_orders.csv",
    ds_col="order_date",
    y_col="orders",
    seasonality_mode="multiplicative",
    changepoint_prior_scale=0.05,
    holidays_country="US",
    horizon_days=60,
)
''', why="no seed and an unversioned CSV")
