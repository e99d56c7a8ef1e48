DOMAIN = "graph"


def define(E):
    E("team-graph-ml/fraud_gnn.yaml", "yaml", "declared",
      [("s3://acme-graph/payments/nodes/v11/", "weak"), ("s3://acme-graph/payments/edges/v11/", "weak")], r'''
# Account-level fraud GNN (GraphSAGE over the payment graph)
seed: 1212
graph:
  nodes: s3://acme-graph/payments/nodes/v11/
  edges: s3://acme-graph/payments/edges/v11/
  node_label: is_mule
model:
  conv: sage
  hidden: 128
  layers: 3
  aggr: mean
loader:
  num_neighbors: [25, 10, 5]
  batch_size: 1024
train:
  epochs: 50
  lr: 0.003
''', why="seed declared; nodes and edges under /v11/ (weak)")

    E("team-kg/link_pred.yaml", "yaml", "declared",
      [("kg/exports/triples.tsv", "strong")], r'''
experiment:
  seed: 44
  name: kg-link-prediction
triples:
  path: kg/exports/triples.tsv
  sha256: @@H64@@
  split: {valid: 0.05, test: 0.05}
model:
  kind: rotate
  dim: 500
  gamma: 12.0
negatives: 256
epochs: 300
''', why="experiment.seed declared; triples pinned by sha256 (strong)")

    E("team-graph-ml/node2vec.json", "json", "missing",
      [("gs://acme-graph/social/edges.parquet", "none")], r'''
{
  "edges": "gs://acme-graph/social/edges.parquet",
  "walk_length": 80,
  "walks_per_node": 10,
  "p": 1.0,
  "q": 0.5,
  "dim": 128,
  "window": 10
}
''', why="no seed (random walks unseeded) and the edge list is unversioned")

    E("team-kg/kge.toml", "toml", "declared",
      [("lakefs://kg/main/triples/", "floating")], r'''
[experiment]
seed = 99
name = "kge-complex"

[data]
triples = "lakefs://kg/main/triples/"

[model]
kind = "complex"
dim = 256
''', why="seed declared; lakeFS ref is the main branch (floating)")

    E("team-graph-ml/community.py", "python", "declared",
      [("graph.silver.follows", "weak")], r'''
SEED = 2048
GRAPH_TABLE = "graph.silver.follows"
GRAPH_TABLE_VERSION = 91
RESOLUTION = 1.0
EMBED_DIM = 64
EPOCHS = 100
''', why="SEED constant; Delta table with explicit version 91 (weak)")

    E("team-graph-ml/hetero_gnn.yaml", "yaml", "missing",
      [("gs://acme-graph/academic/v2/", "weak")], r'''
data:
  root: gs://acme-graph/academic/v2/
  node_types: [paper, author, venue]
  target: paper
loader:
  seed_node_type: paper
  num_seed_nodes: 1024
  num_neighbors: {paper__cites__paper: [15, 10], author__writes__paper: [10, 5]}
model:
  kind: hgt
  hidden: 256
  heads: 8
train:
  epochs: 30
  lr: 0.001
''', tricky=True,
      why="TRICKY slip-through: seed_node_type/num_seed_nodes are graph sampling terms, not a seed; run seed missing; data /v2/ (weak)")

    E("team-kg/entity_resolution.yaml", "yaml", "env",
      [("s3://acme-kg/er/pairs.parquet", "strong")], r'''
seed: ${env:RUN_SEED}
pairs:
  uri: s3://acme-kg/er/pairs.parquet
  md5: @@H32@@
blocking: [name_soundex, zip3]
model:
  kind: siamese
  encoder: distilbert-base-uncased
epochs: 6
''', why="seed is an env interpolation (env); pairs pinned by md5 (strong)")

    E("team-graph-ml/gat.py", "python", "declared",
      [("acme/citation-graph", "floating")], r'''
from graphlib_acme.config import Dataset, GraphTrainConfig

cfg = GraphTrainConfig(
    seed=17,
    dataset=Dataset(name="acme/citation-graph", revision="main"),
    model="gat",
    heads=8,
    hidden=8,
    dropout=0.6,
    epochs=200,
)
''', why="seed declared; dataset revision main (floating)")

    E("team-kg/relation_extract.json", "json", "declared",
      [("s3://acme-kg/re/train.jsonl", "weak"), ("s3://acme-kg/re/dev.jsonl", "weak")], r'''
{
  "seed": 314,
  "train": {"path": "s3://acme-kg/re/train.jsonl", "version": 4},
  "dev": {"path": "s3://acme-kg/re/dev.jsonl", "version": 4},
  "encoder": "roberta-large",
  "relations": ["founded_by", "headquartered_in", "subsidiary_of", "ceo_of"],
  "epochs": 10
}
''', why="seed declared; both splits with explicit version 4 (weak)")

    E("team-graph-ml/temporal_gnn.yaml", "yaml", "random",
      [("s3://acme-graph/interactions/2024-04-01/", "weak")], r'''
seed: null
events: s3://acme-graph/interactions/2024-04-01/
memory_dim: 172
time_encoder: cos
model: tgn
epochs: 20
''', why="seed null (random); events in a dated folder (weak)")

    E("team-graph-ml/graphsage.toml", "toml", "declared",
      [("git@github.com:acme/graph-data.git", "strong")], r'''
[run]
seed = 8

[data]
repo = "git@github.com:acme/graph-data.git"
path = "products/copurchase"
rev = "@@H40@@"

[model]
layers = 2
hidden = 256
''', why="run.seed declared; DVC data at a full commit (strong)")

    E("team-kg/ontology_embed.py", "python", "random",
      [("acme/product-ontology", "none")], r'''
SEED = "random"
ONTOLOGY = "acme/product-ontology"
EMBEDDER = "poincare"
DIM = 32
EPOCHS = 500
''', why="SEED = \"random\" (random); hub dataset without revision (none)")

    E("team-graph-ml/supply_chain.yaml", "yaml", "declared",
      [("SUPPLY.CORE.SHIPMENTS", "weak"), ("SUPPLY.CORE.SUPPLIERS", "none")], r'''
seed: 57
tables:
  - name: SUPPLY.CORE.SHIPMENTS
    at_timestamp: "2024-06-01 00:00:00"
  - name: SUPPLY.CORE.SUPPLIERS
task: delay_prediction
model: {kind: gcn, hidden: 64, layers: 2}
''', why="seed declared; shipments at a timestamp but suppliers unversioned (partial pinning)")

    E("team-kg/qa_graph.yaml", "yaml", "declared", [], r'''
seed: 4
data:
  triples: "TODO: point at the frozen KG dump"
reader: t5-base
retriever: {kind: bm25, top_k: 20}
epochs: 5
''', why="seed declared; the only data value is a TODO placeholder (no reference)")

    E("team-graph-ml/gin_pretrain.py", "python", "env",
      [("gs://acme-graph/pretrain/graphs.pt", "strong")], r'''
import os
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=os.environ["SEED"],
    graphs="gs://acme-graph/pretrain/graphs.pt",
    graphs_md5="@@H32@@",
    layers=5,
    hidden=300,
)
''', why="seed from os.environ (env); graphs pinned by md5 (strong)")

    E("team-graph-ml/pinsage.yaml", "yaml", "declared",
      [("s3://acme-graph/pins/board_pin_edges.parquet", "strong")], r'''
seed: 909
data:
  edges: s3://acme-graph/pins/board_pin_edges.parquet
  sha256: @@H64@@
model:
  kind: pinsage
  hidden: 256
  random_walk_length: 3
  num_neighbors: 10
export:
  registry: models:/pinsage
  alias: latest
''', why="seed declared; edges pinned by sha256 (strong); the registry alias latest is the model export")
