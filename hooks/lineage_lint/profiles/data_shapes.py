"""What a key, a value or a mapping's neighbours say about data, for the generic reading.

A value names stored data by its shape (a storage URI below its bucket, an Azure ML data asset, a path to a data
file, a warehouse table); a key says where a run writes rather than what it reads (outputs, caches,
checkpoints, logs folders); a mapping configures a model rather than data when its neighbours are a model's
(a dtype, quantisation, an architecture, generation settings, weights) or its key names a model's role in
training (a teacher, a reward model, a judge); a mapping of names to versions or digests (``checksums:``,
``versions:``) pins the datasets of those names. Pure functions over strings and mappings: the generic
profile decides with them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lineage_lint.lazy_re import keys, lazy, remember_texts
from lineage_lint.tree import MapNode, Node

DATA_SCHEME = lazy(r"^(?:s3|s3a|s3n|gs|gcs|az|abfs|abfss|wasb|wasbs|adl|hdfs|hf|lakefs|dvc|bq|bigquery|"
                         r"delta|dbfs|file|oci|r2|minio|swift|ftp|sftp|snowflake|redshift|postgres|postgresql|"
                         r"mysql|feast|hopsworks|tfds|kaggle)://", re.IGNORECASE)
# Schemes whose host names a table (`bq://project.dataset.table`), not a bucket holding files.
TABLE_SCHEME = lazy(r"^(?:bq|bigquery)://", re.IGNORECASE)
DATA_FILE = lazy(r"\.(?:csv|tsv|parquet|pq|jsonl|ndjson|json|arrow|feather|h5|hdf5|npz|npy|tfrecords?|"
                       r"avro|orc|txt|zip|tar|tgz|gz|bz2|zst|xz|pkl|pickle|lmdb|wav|flac|mp3|zarr|nc|"
                       r"fa|fasta|fastq|fq|bam|cram|vcf|bed|gtf|gff3?|h5ad|loom|xlsx|xls|sqlite|db)$", re.IGNORECASE)
# Files that hold data whatever key names them (not `.json`, `.txt`, `.pkl`, `.zip`, `.db`: configs, vocabularies,
# models and code bundles look alike).
DATA_FILE_ONLY = lazy(r"\.(?:csv|tsv|parquet|pq|jsonl|ndjson|arrow|feather|h5|hdf5|npz|npy|tfrecords?|avro|orc|"
                            r"lmdb|wav|flac|mp3|zarr|nc|fa|fasta|fastq|fq|bam|cram|vcf|bed|gtf|gff3?|h5ad|loom|"
                            r"xlsx|xls|tar|tgz|tar\.gz|csv\.gz|jsonl\.gz|tsv\.gz)$", re.IGNORECASE)
# Azure ML data assets (`azureml:name:3`, `azureml:name@latest`, `azureml://...`), versioned by their registry.
DATA_ASSET = lazy(r"^azureml:(?://)?[\w./-]+(?::[\w.-]+|@[\w.-]+)?$", re.IGNORECASE)
# A warehouse table (`project.dataset.table`, `DB.SCHEMA.TABLE`, `catalog.schema.table@<epoch-ms>`): read as a
# dataset under a key that names a table (`table:`, `source_table:`), never elsewhere (a module path looks alike).
TABLE = lazy(r"^[A-Za-z_][\w$-]*(?:\.[A-Za-z_][\w$-]*){1,3}(?:@-?\d+-?\d*)?$")
LOCATION_KEY = keys(r"(?:^|_)(?:data|dataset|datasets|corpus|corpora|paths?|files?|uris?|urls?|dirs?|root|"
                          r"folder|locations?|sources?|tables?|csv|tsv|parquet|jsonl|manifest|shards|images|audio|"
                          r"set|split)$", re.IGNORECASE)
TABLE_KEY = keys(r"(?:^|_)tables?$", re.IGNORECASE)
# Folders that hold what a run writes or a model, not the data it reads (in a storage URI's path).
OUTPUT_SEGMENTS = frozenset({"output", "outputs", "checkpoint", "checkpoints", "ckpt", "ckpts", "model", "models",
                             "runs", "mlruns", "artifacts", "tensorboard", "tb_logs", "wandb", "cache", "tmp",
                             "scratch", "predictions", "results", "weights", "staging", "temp", "spark-events",
                             "bootstrap"})
# Model weights; `.pt`/`.pth`/`.bin`/`.joblib` hold tensors or objects of any kind (a saved graph dataset too): they
# name a model only by their key.
WEIGHTS_FILE = lazy(r"\.(?:ckpt|safetensors|onnx|gguf|tflite|engine|keras|mlmodel)$", re.IGNORECASE)
OBJECT_FILE = lazy(r"\.(?:pt|pth|bin|pb|joblib|pkl|pickle)$", re.IGNORECASE)
# A bracket or brace group stops at the next opening one, so that a search over a long value of `{a,{a,...` or
# `[a,[a,...` is linear (the groups `\{[^}$]*,[^}]*\}` took minutes on 12 KB, backtracking from every `{`).
GLOB = lazy(r"[*?]|\[[^\[\]]*\]|\{[^{}$]*,[^{}]*\}")

# Keys naming where a run writes, a model, or a tracker: never its input data.
OUTPUT_KEY = keys(r"(?:^|_)(?:output|outputs|out|cache|save|saved|checkpoint|checkpoints|ckpt|tmp|temp|"
                        r"scratch|staging|result|results|model|tokenizer|pretrained|prediction|predictions|preds|"
                        r"tracking|"
                        r"tensorboard|wandb|mlflow|report|reports|plot|plots|figure|figures|submission|"
                        r"submissions)(?:_|$)", re.IGNORECASE)
# Words that name an output as a folder or file (`log_dir`, `export_path`, `work_dir`, `artifact_location`) or
# alone (`logs: ./logs`); alone and holding stored data they name data (log anomaly detection reads `logs`).
WEAK_OUTPUT_WORDS = r"(?:log|logs|logging|export|exports|work|prepared)"
WEAK_OUTPUT_KEY = keys(r"(?:^|_)(?:log|logs|logging|export|exports|work|prepared|artifact|artifacts)_"
                             r"(?:dir|dirs|path|root|folder|file|uri|url|location|prefix)$", re.IGNORECASE)
WEAK_OUTPUT_ALONE = keys(rf"^{WEAK_OUTPUT_WORDS}$", re.IGNORECASE)

# A model named by its role in training (a distillation teacher, a reward model, a judge...), alone or with a
# location suffix: `teacher`, `teacher_path`, `reward_model`; not `reward_data`.
MODEL_ROLE_KEY = keys(
    r"^(?:teacher|student|critic|actor|judge|grader|verifier|reward|reward_model|rm|ref|ref_model|reference|"
    r"reference_model|value_model|policy|policy_model|base|base_model|draft|draft_model|embedder|embedding_model|"
    r"backbone|encoder|decoder|generator|discriminator|vocoder|classifier|detector|scorer|reranker)"
    r"(?:_(?:model|path|name|id|repo|repo_id|ckpt|checkpoint|weights|uri|url|dir|name_or_path))?$", re.IGNORECASE)
# Neighbours that configure a model (its precision, quantisation, architecture, generation, weights).
MODEL_NEIGHBOURS = frozenset({
    "dtype", "torch_dtype", "precision", "quantization", "quantization_config", "quantize", "load_in_8bit",
    "load_in_4bit", "bits", "attn_implementation", "trust_remote_code", "device_map", "num_layers", "n_layers",
    "num_hidden_layers", "hidden_size", "hidden_dim", "num_heads", "n_heads", "num_attention_heads", "arch",
    "architecture", "checkpoint", "ckpt", "weights", "lora", "adapter", "peft", "temperature", "max_new_tokens",
    "top_p", "top_k", "num_labels", "vocab_size", "embed_dim", "model_type", "tokenizer", "tokenizer_name",
    "freeze", "frozen", "use_flash_attention", "flash_attention", "gradient_checkpointing", "init_checkpoint",
    "pretrained", "from_pretrained", "model_revision", "dropout", "kl_coef", "beta",
})
# Neighbours that configure data (a split, columns, files, streaming, sampling): a mapping with one is data.
DATA_NEIGHBOURS = frozenset({
    "split", "splits", "columns", "column", "text_field", "text_column", "text_key", "label_column", "data_files",
    "data_dir", "subset", "streaming", "shuffle", "num_samples", "max_samples", "samples", "format", "file_format",
    "sample_rate", "partition", "partitions", "shards", "num_shards", "conversation_template", "chat_template",
    "field", "fields", "schema", "query", "filter", "where",
})
# A mapping of dataset names to versions or digests, beside the datasets it pins (`checksums: {spontaneous:
# sha256:...}`, `versions: {train: v3}`).
PIN_MAP_KEY = keys(r"^(?:(?:data|dataset|datasets)_)?(?:versions|revisions|checksums|digests|hashes|pins|"
                         r"sha256s?|md5s?)$", re.IGNORECASE)
DIGEST_MAP_KEY = keys(r"(?:checksums|digests|hashes|sha256s?|md5s?)$", re.IGNORECASE)


def is_pattern(text: str) -> bool:
    """Whether ``text`` is a glob pattern (``*``, ``?``, ``[...]``, ``{a,b}`` in its path; a URI's query, as in
    ``?versionId=``, is no pattern)."""
    return GLOB.search(text.split("?", 1)[0] if "://" in text else text) is not None


def looks_like_data(value: str, *, data_key: bool = False) -> bool:
    """Whether a string names data by its shape: a URI of a storage scheme, a path, a data file, an Azure ML
    data asset; never a web page, a module path or an environment id. A glob pattern names data only under
    a key that names data (``data_files: {train: s3://b/train/*.parquet}``; not ``exclude: ["*.tmp"]``)."""
    if isinstance(value, Computed):  # under a data key, or built from a literal that looks like data
        return data_key or any(looks_like_data(literal) for literal in value.literals())
    text = value.strip()
    if not text or len(text) > 2048 or (not data_key and is_pattern(text)):
        return False
    if DATA_SCHEME.match(text) or DATA_ASSET.match(text):
        return True
    if "://" in text or "\n" in text:
        return False
    return ("/" in text and not text.startswith(("http:", "https:"))) or DATA_FILE.search(text) is not None


@remember_texts
def stores_data(value: str) -> bool:
    """Whether a string names stored data whatever key holds it: a storage URI below its bucket (a glob of
    one too), an Azure ML data asset, or a path to a data file (not a pattern, not model weights); never a
    folder for outputs, checkpoints, models, runs or caches (``s3://b/outputs/run1/``)."""
    if isinstance(value, Computed):  # built from a literal naming remote data (`f"s3://{BUCKET}/train/"`)
        return any(DATA_SCHEME.match(literal) or DATA_ASSET.match(literal) for literal in value.literals())
    text = value.strip()
    if not text or len(text) > 2048 or "\n" in text:
        return False
    if DATA_ASSET.match(text):
        return True
    scheme = DATA_SCHEME.match(text)
    if scheme and TABLE_SCHEME.match(text):  # `bq://project.dataset.table@1700000000000`: the host is the table
        host = text[scheme.end():].split("/", 1)[0].split("@", 1)[0]
        return host.count(".") >= 1 and not host.startswith(".") and not host.endswith(".")
    if scheme:
        below = text[scheme.end():].split("?", 1)[0].split("/")[1:]  # the path below the bucket (or host)
        segments = [part.lower() for part in below if part]
        return bool(segments) and OUTPUT_SEGMENTS.isdisjoint(segments)
    if "://" in text or text.startswith(("http:", "https:")) or is_pattern(text) or WEIGHTS_FILE.search(text) \
            or OBJECT_FILE.search(text):
        return False
    return DATA_FILE_ONLY.search(text) is not None \
        and OUTPUT_SEGMENTS.isdisjoint(part.lower() for part in text.split("/"))


def names_location(key: str) -> bool:
    """Whether a key names data by where it is (``TRAIN_DATA``, ``DATA_DIR``, ``train_path``, ``TRAIN_CSV``): what
    makes a computed value under it a dataset (``NUM_TRAIN = len(rows)`` is a count)."""
    return LOCATION_KEY.search(key) is not None


def names_table(key: str, value: str) -> bool:
    """A warehouse table named under a key that names one (``table: acme.sales.orders``)."""
    return TABLE_KEY.search(key) is not None and TABLE.match(value.strip()) is not None


def writes_output(key: str, values: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether ``key`` names where a run writes (an output, cache, checkpoint, model, tracker, a log or export
    folder) rather than data it reads; a bare ``logs``/``export`` holding stored data names data."""
    by_name = output_key(key)
    return by_name if by_name is not None else not any(stores_data(value) for value in values)


def output_key(key: str) -> bool | None:
    """:func:`writes_output` by the key alone: True or False, or None when its values decide (a bare
    ``logs``/``export``)."""
    if OUTPUT_KEY.search(key) or WEAK_OUTPUT_KEY.search(key):
        return True
    return None if WEAK_OUTPUT_ALONE.match(key) is not None else False


def configures_model(key: str, node: Node | None, location: str = "") -> bool:
    """Whether the mapping (or value) at ``key`` configures a model rather than data: its key names a model's role
    (``teacher``, ``reward_model``, ``judge``), its neighbours are a model's (a dtype, quantisation, an
    architecture, generation settings) and none is data's (a split, columns, files), or ``location`` is a path to
    model weights (``.safetensors``, ``.ckpt``, a ``checkpoints/`` folder)."""
    if MODEL_ROLE_KEY.match(key):
        return True
    text = location.strip()
    if text and (WEIGHTS_FILE.search(text.split("?", 1)[0]) or not OUTPUT_SEGMENTS.isdisjoint(
            part.lower() for part in text.split("?", 1)[0].split("/")[:-1] if part)):
        return True
    if not isinstance(node, MapNode):
        return False
    keys = node.folded().keys()
    return not MODEL_NEIGHBOURS.isdisjoint(keys) and DATA_NEIGHBOURS.isdisjoint(keys)


class Computed(str):
    """A reference a Python config computes (``f"{BUCKET}/train/"``, ``os.path.join(ROOT, "train.csv")``, a value
    a statement the reader does not follow changed): its text is the expression. What it names, and so its
    version, cannot be known without running it; only the string literals inside it say whether it is data."""

    __slots__ = ()

    def literals(self) -> list[str]:
        return [match.group(2) for match in _LITERAL.finditer(self)]


_LITERAL = lazy(r"""(['"])((?:(?!\1)[^\\\n]|\\.)*)\1""")
DEFINED_HERE = " (defined here)"  # the reader's text for a function or class a Python config defines


# --- SQL queries: the tables a query reads, and the time travel that pins each -----------------------------
SQL_KEY = keys(r"(?:^|_)(?:query|queries|sql)$", re.IGNORECASE)
_SQL_START = lazy(r"^\s*(?:\(\s*)?(?:SELECT|WITH)\b", re.IGNORECASE)
# A table after FROM or JOIN (quoted or not, up to three dotted parts), then an optional time-travel clause:
# Snowflake `AT(TIMESTAMP => '...')` / `BEFORE(...)` / `AT(OFFSET => -60)`, BigQuery `FOR SYSTEM_TIME AS OF ...`,
# Delta/Spark `VERSION AS OF 12` / `TIMESTAMP AS OF '...'`, a BigQuery decorator `table@<epoch-ms>`.
_SQL_TABLE = lazy(
    r"\b(?:FROM|JOIN)\s+(?P<table>`[^`]+`|\"[^\"]+\"|[A-Za-z_][\w$-]*(?:\.[A-Za-z_][\w$-]*){0,2}(?:@-?\d+)?)"
    r"(?:\s+(?:AS\s+)?(?!AT\b|BEFORE\b|FOR\b|VERSION\b|TIMESTAMP\b|WHERE\b|JOIN\b|ON\b|GROUP\b|ORDER\b|LIMIT\b|"
    r"INNER\b|LEFT\b|RIGHT\b|FULL\b|CROSS\b|UNION\b)[A-Za-z_]\w*)?"
    r"(?P<travel>\s*(?:AT|BEFORE)\s*\(\s*(?P<kind>TIMESTAMP|OFFSET|STATEMENT)\s*=>\s*(?P<at>[^)]*)\)"
    r"|\s+FOR\s+SYSTEM_TIME\s+AS\s+OF\s+(?P<system>[^\s,;)]+(?:\s*\([^)]*\))?)"
    r"|\s+VERSION\s+AS\s+OF\s+(?P<version>\d+)"
    r"|\s+TIMESTAMP\s+AS\s+OF\s+(?P<timestamp>'[^']*'|\S+))?",
    re.IGNORECASE)
_RELATIVE_TIME = lazy(r"CURRENT_|NOW\s*\(|SYSDATE|GETDATE|DATEADD|TIMESTAMP_SUB|DATE_SUB|INTERVAL", re.IGNORECASE)


class SqlTable(NamedTuple):
    """A table a SQL query reads: its name, the time travel that pins it (its text) and how (``version``: a Delta
    table version; ``time``: a point in time; ``relative``: relative to now, which moves; ``""``: none)."""

    table: str
    at: str
    how: str


def sql_tables(key: str, value: str) -> list[SqlTable]:
    """The tables a SQL query under a query key reads (``query: "SELECT ... FROM db.t AT(TIMESTAMP => ...)"``),
    CTE names excluded; ``[]`` for anything else."""
    if SQL_KEY.search(key) is None or not _SQL_START.match(value) or len(value) > 20_000:
        return []
    ctes = {match.group(1).lower() for match in re.finditer(r"(?:\bWITH|,)\s*([A-Za-z_]\w*)\s+AS\s*\(", value,
                                                            re.IGNORECASE)}
    found: list[SqlTable] = []
    for match in _SQL_TABLE.finditer(value):
        table = match.group("table").strip("`\"")
        if table.lower() in ctes or table.startswith("("):
            continue
        at = next((match.group(name) for name in ("at", "system", "version", "timestamp") if match.group(name)), "")
        quoted = re.search(r"'([^']*)'", at)  # `'2024-05-01 00:00:00'::TIMESTAMP_LTZ`: the literal
        at = quoted.group(1) if quoted and not _RELATIVE_TIME.search(at) else at.strip()
        how = "" if not at else "version" if match.group("version") else \
            "relative" if _RELATIVE_TIME.search(at) or (match.group("kind") or "").upper() == "OFFSET" else "time"
        if (table, at, how) not in found:
            found.append(SqlTable(table, at, how))
    return found
