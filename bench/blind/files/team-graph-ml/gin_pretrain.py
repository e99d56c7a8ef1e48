import os
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=os.environ["SEED"],
    graphs="gs://acme-graph/pretrain/graphs.pt",
    graphs_md5="165bfc18a360a97da7fd1318264fc857",
    layers=5,
    hidden=300,
)
