SEED = 1024
METRICS_SOURCE = "acme-sre.metrics.service_latency"
SERVICES = ["checkout", "search", "auth", "payments"]
DETECTOR = "robust_zscore"
WINDOW = "1h"
