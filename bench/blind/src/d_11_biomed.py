DOMAIN = "biomed"


def define(E):
    E("team-genomics/variant_caller.yaml", "yaml", "declared",
      [("gs://acme-genomics/reference/GRCh38_no_alt.fa", "strong"),
       ("gs://acme-genomics/training/examples.tfrecord.gz", "strong")], r'''
# Germline SNV/indel caller (pileup CNN)
seed: 6174
reference:
  fasta: gs://acme-genomics/reference/GRCh38_no_alt.fa
  md5: @@H32@@
training:
  examples: gs://acme-genomics/training/examples.tfrecord.gz
  sha256: @@H64@@
  label_field: genotype_class
model:
  arch: inception_v3_pileup
  pileup_height: 100
  pileup_width: 221
optim:
  lr: 0.0008
  batch_size: 512
  steps: 250000
''', why="seed declared; reference FASTA (md5) and training examples (sha256) both strong")

    E("team-biomed/chest_xray.yaml", "yaml", "declared",
      [("s3://acme-med/cxr/v2024.1/", "weak")], r'''
experiment:
  name: cxr-multilabel
  seed: 9001
data:
  root: s3://acme-med/cxr/v2024.1/
  labels: [atelectasis, cardiomegaly, effusion, pneumonia, pneumothorax]
  view: PA
model:
  arch: densenet121
  pretrained: imagenet
train:
  epochs: 30
  lr: 0.0001
  loss: asymmetric
''', why="experiment.seed declared; data under /v2024.1/ release folder (weak)")

    E("team-genomics/expression.json", "json", "missing",
      [("gs://acme-genomics/rnaseq/counts.h5ad", "strong")], r'''
{
  "counts": "gs://acme-genomics/rnaseq/counts.h5ad",
  "counts_sha256": "@@H64@@",
  "normalization": "log1p_cpm",
  "hvg": 2000,
  "model": {"kind": "vae", "latent": 10, "layers": [128, 128]},
  "epochs": 400
}
''', why="no seed; counts matrix pinned by sha256 (strong)")

    E("team-biomed/ehr_readmission.toml", "toml", "declared",
      [("acme-health.fhir_export.encounters", "none")], r'''
[run]
random_seed = 17
name = "readmission-30d"

[data]
table = "acme-health.fhir_export.encounters"
label = "readmit_30d"
cohort = "adult_inpatient"

[model]
kind = "xgboost"
max_depth = 5
eta = 0.05
''', why="run.random_seed declared; BigQuery FHIR table without snapshot (none)")

    E("team-genomics/protein_lm.py", "python", "declared",
      [("acme/protein-seqs", "strong")], r'''
SEED = 123
TRAIN_SET = "acme/protein-seqs"
TRAIN_SET_VERSION = "@@H40@@"
MAX_LEN = 1024
MODEL = "esm2-style-150M"
MASK_PROB = 0.15
STEPS = 500_000
''', why="SEED declared; TRAIN_SET_VERSION is a full commit (strong)")

    E("team-biomed/pathology_seg.yaml", "yaml", "env",
      [("lakefs://pathology/@@H64@@/tiles/", "strong")], r'''
seed: ${oc.env:SEED}
tiles: lakefs://pathology/@@H64@@/tiles/
magnification: 20x
tile_size: 512
model:
  arch: hover-net
  classes: [background, neoplastic, inflammatory, connective, necrosis]
epochs: 50
''', why="seed from the environment (env); tiles at a lakeFS commit (strong)")

    E("team-genomics/crop_yield.yaml", "yaml", "missing",
      [("s3://acme-agri/field_trials/", "weak")], r'''
# Genomic prediction of yield for the oilseed breeding programme
crop: rapeseed
seeds_per_plot: 40
seed_lot: SL-2291
trials:
  uri: s3://acme-agri/field_trials/
  release: 7
model:
  kind: gblup
  kinship: vanraden
cv:
  folds: 5
  repeats: 10
''', tricky=True,
      why="TRICKY slip-through: rapeseed/seeds_per_plot/seed_lot are agronomy, not a run seed (missing); trials release 7 (weak)")

    E("team-biomed/ecg_arrhythmia.py", "python", "declared",
      [("acme/ecg-records", "floating")], r'''
from cardio_ml.config import ECGConfig, HubData

config = ECGConfig(
    seed=2718,
    data=HubData(repo_id="acme/ecg-records", revision="main"),
    leads=12,
    sample_rate=500,
    model="resnet1d",
)
''', why="seed declared; dataset revision main (floating)")

    E("team-genomics/single_cell.yaml", "yaml", "declared",
      [("cellxgene-census", "floating")], r'''
seed: 1337
source:
  kind: cellxgene-census
  census_version: stable
  organism: homo_sapiens
  obs_filter: "tissue_general == 'lung'"
model:
  kind: scvi
  n_latent: 30
  n_layers: 2
epochs: 200
''', why="seed declared; census_version stable is a moving alias (floating)")

    E("team-biomed/radiology_report.json", "json", "declared",
      [("lakefs://radiology/@@H64@@/reports/train.jsonl", "strong"),
       ("lakefs://radiology/@@H64@@/reports/val.jsonl", "strong")], r'''
{
  "seed": 616,
  "train": "lakefs://radiology/@@H64@@/reports/train.jsonl",
  "val": "lakefs://radiology/@@H64@@/reports/val.jsonl",
  "model": "acme/clinical-t5-base",
  "task": "impression_generation",
  "epochs": 6
}
''', why="seed declared; both splits at lakeFS commits (strong)")

    E("team-genomics/enhancer_cnn.toml", "toml", "random",
      [("gs://acme-genomics/enhancers/v5/", "weak")], r'''
seed = -1

[data]
root = "gs://acme-genomics/enhancers/v5/"
sequence_length = 1000

[model]
kind = "basset"
filters = [300, 200, 200]
''', why="seed -1 (random); data under /v5/ (weak)")

    E("team-biomed/drug_response.yaml", "yaml", "declared",
      [("s3://acme-bio/drug/cell_line_expression.parquet", "strong"),
       ("s3://acme-bio/drug/compound_fingerprints.parquet", "strong"),
       ("s3://acme-bio/drug/ic50_measurements.parquet", "strong")], r'''
schema_version: 2
seed: 8
sources:
  - name: expression
    uri: s3://acme-bio/drug/cell_line_expression.parquet
    sha256: @@H64@@
  - name: fingerprints
    uri: s3://acme-bio/drug/compound_fingerprints.parquet
    sha256: @@H64@@
  - name: response
    uri: s3://acme-bio/drug/ic50_measurements.parquet
    sha256: @@H64@@
model:
  kind: two_branch_mlp
  hidden: [1024, 256]
''', why="seed declared; all three sources pinned by sha256 (strong); schema_version is not a data version")

    E("team-genomics/splice_site.py", "python", "missing",
      [("/data/genomes/transcripts.fa", "none")], r'''
config = dict(
    fasta="/data/genomes/transcripts.fa",
    annotation_format="gtf",
    flank=400,
    model=dict(kind="dilated_cnn", residual_blocks=16),
    train=dict(epochs=10, batch_size=64),
)
''', why="no seed and an unversioned FASTA")

    E("team-biomed/molecule_gnn.yaml", "yaml", "random",
      [("s3://acme-bio/chem/assay_extract/", "none")], r'''
seed: null
data:
  molecules: s3://acme-bio/chem/assay_extract/
  smiles_column: canonical_smiles
  target: pchembl_value
featurizer: morgan_and_graph
model: {kind: mpnn, depth: 5, hidden: 300}
''', why="seed null (random) and an unversioned extract")

    E("team-biomed/sepsis.py", "python", "declared",
      [("CLINICAL.ICU.VITALS", "weak")], r'''
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=44,
    query=(
        "SELECT stay_id, charttime, hr, map, resp_rate, lactate, sepsis_onset "
        "FROM CLINICAL.ICU.VITALS AT(TIMESTAMP => '2024-05-01 00:00:00'::TIMESTAMP_LTZ)"
    ),
    horizon_hours=6,
    model="gru_d",
)
''', tricky=True,
      why="TRICKY false alarm: the table is pinned by Snowflake time travel inside the SQL text (weak); seed declared")

    E("team-genomics/msa_fold.json", "json", "declared", [], r'''
{
  "seed": 31,
  "train_msas": "???",
  "crop_size": 256,
  "recycles": 3,
  "model": "evoformer-lite"
}
''', why="seed declared; the only data value is the ??? placeholder (no reference)")
