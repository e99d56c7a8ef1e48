DOMAIN = "anomaly"


def define(E):
    E("team-sre-anomaly/latency_iforest.yaml", "yaml", "declared",
      [("s3://acme-sre/exports/latency/2024-06-10/", "weak")], r'''
# Isolation forest over per-endpoint latency features
random_state: 42
data:
  export: s3://acme-sre/exports/latency/2024-06-10/
  features: [p50_ms, p95_ms, p99_ms, error_rate, rps]
  resample: 5min
model:
  kind: isolation_forest
  n_estimators: 300
  contamination: 0.002
alerting:
  threshold_quantile: 0.999
''', why="top-level random_state declared; export in a dated folder (weak)")

    E("team-iot-anomaly/vibration_ae.yaml", "yaml", "declared",
      [("data/vibration/healthy", "strong")], r'''
seed: 271
data:
  path: data/vibration/healthy
  md5: @@H32@@.dir
  window: 4096
  hop: 1024
model:
  kind: conv_autoencoder
  latent: 32
train:
  epochs: 80
  lr: 0.0005
''', why="seed declared; DVC directory md5 (strong)")

    E("team-sre-anomaly/log_anomaly.json", "json", "missing",
      [("gs://acme-sre/logs/parsed/", "none")], r'''
{
  "logs": "gs://acme-sre/logs/parsed/",
  "parser": "drain",
  "window_size": 20,
  "model": "deeplog",
  "top_k": 9,
  "epochs": 30
}
''', why="no seed and the parsed logs are unversioned")

    E("team-iot-anomaly/sensor_lstm.toml", "toml", "declared",
      [("iot.silver.sensor_readings", "weak")], r'''
[reproducibility]
seed = 451
deterministic_algorithms = true

[source]
table = "iot.silver.sensor_readings"
version_as_of = 1290
sensors = ["temp", "pressure", "flow", "rpm"]

[model]
kind = "lstm_forecaster"
hidden = 64
''', why="reproducibility.seed declared; Delta version_as_of (weak)")

    E("team-sre-anomaly/config.py", "python", "declared",
      [("acme-sre.metrics.service_latency", "none")], r'''
SEED = 1024
METRICS_SOURCE = "acme-sre.metrics.service_latency"
SERVICES = ["checkout", "search", "auth", "payments"]
DETECTOR = "robust_zscore"
WINDOW = "1h"
''', why="SEED declared; BigQuery table without a snapshot (none)")

    E("team-iot-anomaly/camera_anomaly.yaml", "yaml", "env",
      [("s3://acme-iot/cam/normal/v3/", "weak")], r'''
seed: ${oc.env:SEED}
normal_images: s3://acme-iot/cam/normal/v3/
backbone: wide_resnet50_2
method: patchcore
coreset_ratio: 0.01
image_size: 256
''', why="seed from the environment (env); normal images under /v3/ (weak)")

    E("team-payments-anomaly/txn_anomaly.yaml", "yaml", "missing",
      [("s3://acme-pay/anomaly/seed_labels.csv", "strong"), ("s3://acme-pay/anomaly/txns/v8/", "weak")], r'''
# Semi-supervised: a small hand-labelled seed set plus unlabelled traffic
seed_labels:
  uri: s3://acme-pay/anomaly/seed_labels.csv
  sha256: @@H64@@
unlabeled: s3://acme-pay/anomaly/txns/v8/
seed_set_size: 2500
method: deep_sad
eta: 1.0
epochs: 60
''', tricky=True,
      why="TRICKY slip-through: seed_labels / seed_set_size are a labelled seed DATA set, not a run seed (missing); worst data pin weak")

    E("team-iot-anomaly/hvac.py", "python", "random",
      [("lakefs://iot/@@H64@@/hvac/", "strong")], r'''
from iot_ml.config import DetectorConfig

config = DetectorConfig(
    seed=-1,
    data_uri="lakefs://iot/@@H64@@/hvac/",
    detector="ecod",
    contamination=0.01,
)
''', why="seed=-1 (random); data at a lakeFS commit (strong)")

    E("team-sre-anomaly/trace_gnn.yaml", "yaml", "declared",
      [("lakefs://sre/main/traces/", "floating")], r'''
experiment:
  seed: 18
traces: lakefs://sre/main/traces/
graph:
  node: service
  edge: rpc_call
model: {kind: gat_ae, hidden: 64}
epochs: 40
''', why="experiment.seed declared; traces on the main branch (floating)")

    E("team-iot-anomaly/pump.json", "json", "declared",
      [("data/pump/normal_operation.csv", "strong")], r'''
{
  "seed": 12,
  "train_csv": "data/pump/normal_operation.csv",
  "sha256": "@@H64@@",
  "features": ["suction_pressure", "discharge_pressure", "motor_current", "vibration_rms"],
  "model": {"kind": "one_class_svm", "nu": 0.01, "gamma": "scale"}
}
''', why="seed declared; CSV pinned by sha256 (strong)")

    E("team-sre-anomaly/kpi.toml", "toml", "declared",
      [("s3://acme-sre/kpi/orders.parquet", "strong"), ("s3://acme-sre/kpi/payments.parquet", "strong"),
       ("s3://acme-sre/kpi/signups/", "floating")], r'''
seed = 9

[[sources]]
uri = "s3://acme-sre/kpi/orders.parquet"
md5 = "@@H32@@"

[[sources]]
uri = "s3://acme-sre/kpi/payments.parquet"
md5 = "@@H32@@"

[[sources]]
uri = "s3://acme-sre/kpi/signups/"
version = "latest"

[detector]
kind = "stl_residual"
period = 168
''', why="seed declared; two sources md5-pinned but the third is version latest (floating)")

    E("team-payments-anomaly/merchant_drift.py", "python", "declared",
      [("acme-pay.risk.merchant_daily@1718841600000", "weak")], r'''
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=77,
    table="acme-pay.risk.merchant_daily@1718841600000",
    features=["gmv", "refund_rate", "avg_ticket", "new_card_share"],
    model="copod",
)
''', why="seed declared; BigQuery snapshot decorator (weak)")

    E("team-iot-anomaly/edge_vae.yaml", "yaml", "declared",
      [("azureml:edge-telemetry:3", "weak")], r'''
trainer:
  seed: 5
  max_epochs: 100
  precision: 16
data:
  asset: azureml:edge-telemetry:3
  window: 128
model:
  kind: lstm_vae
  latent: 16
''', why="trainer.seed declared; Azure ML data asset version 3 (weak)")

    E("team-sre-anomaly/alert_noise.toml", "toml", "missing",
      [("acme/alert-history", "weak")], r'''
name = "alert-noise-classifier"

[data]
hub_id = "acme/alert-history"
revision = "v0.9.2"

[sampling]
seed = 3
negatives_per_positive = 4

[model]
kind = "gbdt"
n_estimators = 400
''', why="only the sampling seed is set (component): run seed missing; dataset tag v0.9.2 (weak)")

    E("team-payments-anomaly/ae_baseline.py", "python", "declared",
      [("/data/payments/anomaly/train.parquet", "none")], r'''
DEFAULTS = {
    "seed": 2,
    "train_path": "/data/payments/anomaly/train.parquet",
    "hidden": [64, 16, 64],
    "epochs": 25,
    "threshold": "p99.5",
}
''', why="seed declared; local parquet unversioned")

    E("team-iot-anomaly/ts_transformer.yaml", "yaml", "declared",
      [("s3://acme-iot/turbines/train_windows.npz", "strong")], r'''
docker_image: registry.acme.io/ml/anomaly-train:latest
code_ref: main
seed: 1789
data:
  windows: s3://acme-iot/turbines/train_windows.npz
  sha256: @@H64@@
model:
  kind: anomaly_transformer
  d_model: 512
  layers: 3
mlflow:
  tracking_uri: http://mlflow.iot.internal
  registered_model: iot-anomaly
  alias: latest
''', tricky=True,
      why="TRICKY false alarm: image :latest, code_ref main and the model alias latest are not data; windows pinned by sha256 (strong)")
