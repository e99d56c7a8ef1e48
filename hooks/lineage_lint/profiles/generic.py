"""The generic profile: plain configs with conventional keys, and the fallback for every file.

Run seed: a key named ``seed``, ``seed_everything``, ``random_seed``, ``random_state``, ``global_seed``,
``manual_seed`` or ``rng_seed`` (any case) at the top level, or one level down in a run-level section
(``trainer``, ``training``, ``training_args``, ``experiment``, ``randomness``, ``common``, ...) that does not
configure a component (no ``_target_``, ``class_path``, ``type``). Seeds elsewhere (``data.shuffle_seed``,
``init_args.seed``, ``sampler.seed``) are component seeds: listed, never taken for the run seed.

Datasets: ``dataset``/``datasets``/``data`` sections (also ``train_dataset``, ``eval_data``, ...): a string,
a mapping with ``name``/``path``/``uri``/``repo_id``..., a list of those, or a mapping of named datasets;
``dataset_name``/``train_file``/``data_path``-style keys with ``dataset_revision``/``dataset_version``
siblings. Pins come from ``version``/``revision``/``rev``/``commit``/``tag`` (judged by value) and
``digest``/``sha256``/``md5``/``checksum`` (content digests), or from the reference itself
(``org/data@<commit>``, S3 ``?versionId=``). ``model_revision`` pins a model and is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lineage_lint.lazy_re import keys, lazy
from lineage_lint.profiles.explain import note
from lineage_lint.record import PIN_ORDER, DatasetRef, Evidence, LineageRecord, Origin, SeedVerdict
from lineage_lint.sources import Document
from lineage_lint.tree import Entry, MapNode, Node, ScalarNode, SeqNode, Span, dotted

__all__ = ["dotted"]
from lineage_lint.values import (
    Judgement,
    QueryVersion,
    classify_seed,
    digest_algorithm,
    is_hub_id,
    is_reference_placeholder,
    judge_digest,
    judge_parameter,
    judge_version,
    name_edition,
    resolve,
    seed_value,
    version_in_reference,
    version_parameter,
)

RUN_SEED_KEYS = ("seed_everything", "seed", "random_seed", "global_seed", "manual_seed", "rng_seed",
                 "random_state", "train_seed", "training_seed", "experiment_seed", "run_seed")
RUN_SECTIONS = frozenset({
    "trainer", "training", "train", "training_args", "train_args", "args", "experiment", "exp", "run",
    "runtime", "randomness", "reproducibility", "common", "general", "env", "environment", "system",
    "config", "cfg", "settings", "params", "parameters", "hparams", "hyperparameters", "globals",
    "global", "setup", "job", "main",
})
COMPONENT_MARKERS = ("_target_", "class_path", "type", "__call__")
# A section that names the one thing it configures: its seed seeds that thing (an environment, a sampler).
COMPONENT_NAMES = ("id", "env_id", "name", "kind", "algorithm", "method", "strategy")
ENV_SECTIONS = frozenset({"env", "environment"})
# Sections that configure one component (seeded on their own): a seed there is not the run seed.
COMPONENT_SECTION = keys(
    r"(?:^|_)(?:envs?|environments?|sampler|samplers|sampling|split|splits|splitter|splitting|folds?|cv|"
    r"data|dataset|datasets|loader|loaders|dataloader|dataloaders|model|models|policy|agent|critic|actor|"
    r"augment|augmentation|augmentations|shuffle|shuffling|sweeper|sweep|search|tuner|tune|hpo|optuna|"
    r"optimizer|optim|init|initializer|noise|dropout|mask|masking|eval|evaluation|test|val|validation|"
    r"inference|generation|generate|bootstrap|simulator|world|game|replay|buffer|explore|exploration|"
    r"mixture|mixer|subset|teacher|student|encoder|decoder|tokenizer)(?:_|$)", re.IGNORECASE)
SEED_LIKE = keys(r"(?:^|_)seed(?:_|$)|^seed_everything$", re.IGNORECASE)

DATASET_SECTION = keys(
    r"^(?:[a-z0-9]+_)*?"
    r"(?:dataset|datasets|data|corpus|corpora|train_set|trainset)"
    r"(?:_(?:ingestion|source|sources|download|downloads|urls?))?$"
    r"|^(?:corpus|corpora|input|inputs|sources|train_set|source)$",
    re.IGNORECASE,
)
# `data_config: {...}` is a data section; `dataset_config: main` (a scalar) is an HF config name, not data.
DATA_CONFIG_SECTION = keys(r"^(?:dataset|datasets|data)_(?:config|cfg|spec|args|params)$", re.IGNORECASE)
# Sections that configure something other than the data a model learns from, whatever they hold.
NOT_DATA_SECTION = keys(r"(?:^|_)(?:model|models|tokenizer|logging|logger|loggers|tracking|wandb|mlflow|"
                              r"output|outputs|checkpoint|checkpointing|callbacks|metrics|hydra|launcher|"
                              r"deepspeed|fsdp|env|environment|policy|agent|optimizer|scheduler|teacher|student|"
                              r"backbone|adapter|lora|peft|generator|discriminator|encoder|decoder|vocoder|meta|"
                              r"metadata)(?:_|$)",
                              re.IGNORECASE)
REF_FIELDS = ("name", "path", "uri", "url", "repo_id", "repo", "hf_path", "dataset_name", "dataset_path",
              "dataset_id", "id", "source", "location", "data_path", "data_dir", "data_root", "dataset_root",
              "file", "filepath",
              "data_files", "table")
# Fields that name data by location (a split section holds data when one of them looks like data).
DATA_REF_FIELDS = ("path", "uri", "url", "source", "location", "root", "file", "files", "table", "dir", "data_path",
                   "data_dir", "data_root", "dataset_path", "repo_id")
VERSION_FIELDS = ("revision", "version", "rev", "commit", "commit_sha", "git_rev", "tag", "ref",
                  "dataset_version", "data_version", "dataset_revision", "load_version", "snapshot", "snapshot_id",
                  "snapshot_date", "as_of", "version_as_of", "versionasof", "timestamp_as_of", "timestampasof")
DIGEST_FIELDS = ("digest", "sha256", "sha512", "sha1", "md5", "hash", "checksum", "etag", "content_hash")
# `<key>_<suffix>` beside `<key>` pins it.
VERSION_SUFFIXES = ("version", "revision", "rev", "commit", "tag", "snapshot", "snapshot_id", "release")
DIGEST_SUFFIXES = ("sha256", "sha512", "sha1", "sha", "md5", "digest", "hash", "checksum", "etag")
PIN_SUFFIX = keys(r"_(?:" + "|".join((*VERSION_SUFFIXES, *DIGEST_SUFFIXES)) + r")$", re.IGNORECASE)
_PIN_KEYS = frozenset((*VERSION_FIELDS, *DIGEST_FIELDS))
SPLIT_NAMES = keys(r"^(?:train|training|val|valid|validation|eval|evaluation|test|dev)$", re.IGNORECASE)
REF_SUFFIX = keys(r"(?:^|_)(?:paths?|files?|uris?|urls?|dirs?|locations?|source|table)$", re.IGNORECASE)
# What a key's stem is without (`DATA_DIR` -> `DATA`, `train_root` -> `train`), to find its pin sibling.
STEM_SUFFIX = keys(r"_(?:path|paths|file|files|uri|url|dir|location|source|root|table|name|id)$", re.IGNORECASE)
# A folder data is stored under (not a split's own folder: `train_dir` is the training data).
ROOT_KEY = keys(r"^(?:(?:data|dataset|datasets|base|storage|local|root)_)?(?:dir|root|root_dir|folder)$",
                      re.IGNORECASE)
NOT_INPUT = keys(r"(?:^|_)(?:output|out|cache|save|log|logs|checkpoint|ckpt|prepared|tmp|work|"
                       r"result|results|export|model|tokenizer|pretrained)(?:_|$)", re.IGNORECASE)
# Keys whose values are not datasets even beside a version: models, tokenizers, code, images of containers.
NOT_DATA = keys(r"(?:^|_)(?:model|models|tokenizer|checkpoint|ckpt|code|image|docker|container|python|cuda|"
                      r"torch|package|library|schema|api|config|env|output|cache|log|logs|pipeline|app)(?:_|$)",
                      re.IGNORECASE)
# Lists and mappings of named components that sit under data sections and are not datasets.
NAMED_COMPONENTS = keys(
    r"(?:^|_)(?:features?|columns?|cols|fields|augmentations?|augment|augs|transforms?|tokenizers?|collators?|"
    r"collate_fn|callbacks?|metrics?|loss|losses|preprocess(?:ing|ors?)?|processors?|filters?|labels?|classes|"
    r"class_names|names|targets?|schema|samplers?|normali[sz]ation|pipeline|encoders?|vocab)(?:_|$)",
)
DATA_SCHEME = lazy(r"^(?:s3|s3a|s3n|gs|gcs|az|abfs|abfss|wasb|wasbs|adl|hdfs|hf|lakefs|dvc|bq|bigquery|"
                         r"delta|dbfs|file|oci|r2|minio|swift|ftp|sftp|snowflake|redshift|postgres|postgresql|"
                         r"mysql|feast|hopsworks|tfds|kaggle)://", re.IGNORECASE)
DATA_FILE = lazy(r"\.(?:csv|tsv|parquet|pq|jsonl|ndjson|json|arrow|feather|h5|hdf5|npz|npy|tfrecords?|"
                       r"avro|orc|txt|zip|tar|tgz|gz|pkl|pickle|lmdb|wav|flac|mp3|zarr|nc)$", re.IGNORECASE)
# A scalar whose key names a split or data (`TRAIN_CSV`, `paths.train`, `DEMOS`) and whose value looks like data.
LOOSE_DATA_KEY = keys(r"(?:^|_)(?:train|training|val|valid|validation|eval|test|dev|data|dataset|corpus|"
                            r"demos|demonstrations|manifest|inputs?)(?:_|$)", re.IGNORECASE)
GLOB = lazy(r"[*?]|\[[^\]]*\]|\{[^}$]*,[^}]*\}")
MAX_LIST_SCAN = 64
SIBLING_REFS = ("dataset_name", "dataset_path", "dataset_id", "dataset_uri", "dataset_url", "train_file",
                "validation_file", "train_path", "data_path", "data_file", "data_files", "data_dir",
                "train_data_path", "train_dir", "dataset_dir")
SIBLING_PINS = ("dataset_revision", "dataset_version", "dataset_commit", "data_revision", "data_version")
SIBLING_DIGESTS = ("dataset_digest", "dataset_sha256", "data_digest", "data_md5", "data_sha256")
_SIBLING_KEYS = frozenset((*SIBLING_REFS, *SIBLING_PINS, *SIBLING_DIGESTS))
TRAINING_MARKERS = frozenset({
    "epochs", "num_epochs", "max_epochs", "num_train_epochs", "max_steps", "max_iters", "learning_rate",
    "lr", "batch_size", "train_batch_size", "per_device_train_batch_size", "micro_batch_size",
    "optimizer", "optim", "trainer", "training", "train", "loss", "scheduler", "lr_scheduler",
    "gradient_accumulation_steps", "warmup_steps", "weight_decay", "train_cfg", "training_args",
})
# Settings of an optimisation run that no dataset definition or data-module fragment holds (unlike `train`,
# `batch_size`): a file setting one at its top (or in its `init_args`) is launched to train.
OPTIMISATION_MARKERS = frozenset({
    "epochs", "num_epochs", "max_epochs", "num_train_epochs", "max_steps", "max_iters", "learning_rate", "lr", "lr0",
    "optimizer", "optim", "optim_wrapper", "lr_scheduler", "scheduler", "warmup_steps", "weight_decay",
    "gradient_accumulation_steps", "trainer", "train_cfg", "training_args",
})
MAX_SECTION_DEPTH = 4


class GenericProfile:
    """Conventional keys, judged by value; recognises every file (it is the fallback)."""

    name = "generic"

    def detect(self, document: Document) -> bool:
        return True

    def extract(self, document: Document) -> LineageRecord:
        root = document.root
        seed, others = find_seeds(document)
        datasets = find_datasets(document)
        record = LineageRecord(document.path, self.name, seed, datasets, other_seeds=others)
        if seed.status == "missing" and not datasets and not has_training_keys(root):
            record.applicable = False
            record.reason = "no seed, dataset or training settings: not a training config"
        return record


# --- seeds ------------------------------------------------------------------------------------------


def _entries(node: Node) -> list[Entry]:
    return [e for e in node.entries if not e.key.startswith("__")] if isinstance(node, MapNode) else []


def _is_component(node: Node) -> bool:
    return isinstance(node, MapNode) and any(node.get(marker) is not None for marker in COMPONENT_MARKERS)


def _run_seed_candidates(root: Node) -> Iterator[tuple[int, int, tuple[str, ...], Entry]]:
    """(rank, key priority, path of the mapping holding it, entry) for each place a run seed may be set: the
    top level first, then a run section, then a lone seed in any other section that configures no component
    (torchtitan's ``[debug] seed``)."""
    for entry in _entries(root):
        lowered = entry.key.lower()
        if lowered in RUN_SEED_KEYS:
            yield 1, RUN_SEED_KEYS.index(lowered), (), entry
        elif not isinstance(entry.value, MapNode) or _is_component(entry.value):
            continue
        elif lowered in RUN_SECTIONS and not (lowered in ENV_SECTIONS and _names_component(entry.value)):
            for inner in _entries(entry.value):
                if inner.key.lower() in RUN_SEED_KEYS:
                    yield 2, RUN_SEED_KEYS.index(inner.key.lower()), (entry.key,), inner
        elif not COMPONENT_SECTION.search(lowered) and not _names_component(entry.value):
            seeds = [inner for inner in _entries(entry.value) if inner.key.lower() in RUN_SEED_KEYS]
            if len(seeds) == 1 and isinstance(seeds[0].value, ScalarNode):
                yield 3, RUN_SEED_KEYS.index(seeds[0].key.lower()), (entry.key,), seeds[0]


def _names_component(node: MapNode) -> bool:
    """Whether a section names the one thing it configures (``env: {id: CartPole-v1, seed: 0}``)."""
    return any(node.get(key) is not None for key in COMPONENT_NAMES)


def seed_verdict(document: Document, base: tuple[str | int, ...], entry: Entry) -> SeedVerdict:
    """Judge the value at ``entry``, which sits in the mapping at path ``base`` (following interpolations
    within the file)."""
    key = dotted((*base, entry.key))
    resolved = resolve(document.root, entry.value, tuple(str(part) for part in base))
    status, note = classify_seed(resolved)
    span = resolved.node.span if resolved.node is not None and status == "declared" else entry.key_span
    if resolved.hops and status == "declared":
        note = "via " + " -> ".join(f"${{{hop}}}" for hop in resolved.hops)
    return SeedVerdict(status, Origin.at(document.path, span), key, seed_value(entry.value), note)


def find_seeds(document: Document) -> tuple[SeedVerdict, list[SeedVerdict]]:
    """The run seed (or ``missing``) and the component seeds seen elsewhere. When the only seeds are
    component seeds, the verdict says so rather than taking one for the run seed."""
    candidates = sorted(_run_seed_candidates(document.root), key=lambda c: (c[0], c[1], c[3].key_span.line))
    chosen = candidates[0] if candidates else None
    if chosen is None:
        root_span = document.root.span
        seed = SeedVerdict("missing", Origin.at(document.path, Span.point(root_span.line, root_span.col)))
    else:
        seed = seed_verdict(document, chosen[2], chosen[3])
        note("seed", seed.key or chosen[3].key, True, _SEED_RANKS[chosen[0]] + (
            f" (`{chosen[2][0]}`)" if chosen[2] else ""))
    others = [
        seed_verdict(document, base, entry)
        for base, entry in seed_like_entries(document.root, (), 0)
        if chosen is None or entry is not chosen[3]
    ][:20]
    for other in others:
        note("seed", other.key or "", False, component_seed_reason(document.root, other.key or "", chosen is not None))
    components = [other for other in others if other.status == "declared"]
    if chosen is None and components:
        shown = ", ".join(f"{other.key} = {other.value}" for other in components[:3])
        seed.note = (f"no run seed; only component seed{'s' if len(components) > 1 else ''} set ({shown}): "
                     "each seeds one component, not the run")
    return seed, others


_SEED_RANKS = {1: "the run seed: a seed key at the top level", 2: "the run seed: a seed key in a run section",
               3: "the run seed: the only seed of a section that configures no component"}


def component_seed_reason(root: Node, key: str, has_run_seed: bool) -> str:
    """Why the seed at the dotted path ``key`` is not taken for the run seed."""
    parts = key.split(".")
    if len(parts) == 1:
        return "another run-seed key; the one taken comes first" if has_run_seed else "not a run-seed key name"
    section = root.get(parts[0]) if isinstance(root, MapNode) else None
    if len(parts) > 2 or not isinstance(section, MapNode):
        return f"a component seed: set inside `{'.'.join(parts[:-1])}`, not at the top or in a run section"
    if _is_component(section):
        return f"a component seed: `{parts[0]}` configures a component (it has a `_target_`, `class_path` or `type`)"
    if _names_component(section):
        named = next(name for name in COMPONENT_NAMES if section.get(name) is not None)
        return f"a component seed: `{parts[0]}` names the one thing it configures (`{named}`)"
    if COMPONENT_SECTION.search(parts[0].lower()):
        return f"a component seed: `{parts[0]}` configures a component (data, sampler, environment, split...)"
    if parts[-1].lower() not in RUN_SEED_KEYS:
        return "a component seed: its name seeds one thing (`data_seed`, `shuffle_seed`), not the run"
    return "another run-seed key; the one taken comes first" if has_run_seed else \
        f"`{parts[0]}` holds several seeds: none is taken for the run seed"


def seed_like_entries(
    node: Node, path: tuple[str | int, ...], depth: int
) -> Iterator[tuple[tuple[str | int, ...], Entry]]:
    """Entries with a seed-like key and a scalar value anywhere in the tree, with the path holding them."""
    if depth > 12:
        return
    if isinstance(node, MapNode):
        for entry in node.entries:
            key = entry.key
            if "seed" in key.lower() and SEED_LIKE.search(key) and isinstance(entry.value, ScalarNode):
                yield path, entry
            if isinstance(entry.value, (MapNode, SeqNode)) and not key.startswith("__"):
                yield from seed_like_entries(entry.value, (*path, key), depth + 1)
    elif isinstance(node, SeqNode):
        for index, item in enumerate(node.items):
            if isinstance(item, (MapNode, SeqNode)):
                yield from seed_like_entries(item, (*path, index), depth + 1)


def sets_optimisation(root: Node) -> bool:
    """Whether ``root`` sets how a model is optimised (epochs, learning rate, optimizer...) at its top or in
    its ``init_args``: then it is a training config, whatever else it looks like."""
    entries = _entries(root)
    init_args = root.get("init_args") if isinstance(root, MapNode) else None
    if init_args is not None:
        entries = [*entries, *_entries(init_args)]
    return any(entry.key.lower() in OPTIMISATION_MARKERS for entry in entries)


# How long a model is trained: a file setting one trains, whatever else it holds.
SCHEDULE_MARKERS = frozenset({
    "epochs", "num_epochs", "max_epochs", "num_train_epochs", "train_epochs", "n_epochs", "max_steps", "max_iters",
    "total_steps", "train_steps", "num_train_steps", "training_steps", "num_boost_round", "total_timesteps",
    "max_update", "total_kimg", "do_train",
})
# How a model is optimised: with a dataset or a run seed beside it, the file trains.
OPTIMISER_MARKERS = frozenset({
    "learning_rate", "lr", "lr0", "learn_rate", "optimizer", "optim", "optim_wrapper", "lr_scheduler", "weight_decay",
    "gradient_accumulation_steps", "warmup_steps",
})
TRAINING_NAME = lazy(r"(?:^|[/_.-])(?:train|training|finetune|fine_tune|sft|pretrain|pretraining|fit)"
                           r"(?:$|[/_.-])", re.IGNORECASE)


def trains(document: Document, repo_path: str = "") -> bool:
    """Whether a file configures a training run, from what it sets, never from one stray key: how long to
    train (epochs, steps), or how to optimise (a learning rate, an optimizer) with a dataset or a run seed,
    or a run seed and a dataset in a file named like a training config. A launcher, CI, logging or inference
    file that also holds one of those keys is still a training config."""
    keys = {entry.key.lower() for entry in _entries(document.root)}
    for entry in _entries(document.root):
        if isinstance(entry.value, MapNode) and not entry.key.lower().startswith(("zero_", "hydra")):
            keys.update(inner.key.lower() for inner in _entries(entry.value))
    if not SCHEDULE_MARKERS.isdisjoint(keys):
        return True
    optimises = not OPTIMISER_MARKERS.isdisjoint(keys)
    seeded = any(True for _ in _run_seed_candidates(document.root))
    if not optimises and not (seeded and TRAINING_NAME.search(repo_path or document.path)):
        return False
    return (optimises and seeded) or bool(find_datasets(document))


def has_training_keys(root: Node) -> bool:
    for entry in _entries(root):
        if entry.key.lower() in TRAINING_MARKERS:
            return True
        if any(inner.key.lower() in TRAINING_MARKERS for inner in _entries(entry.value)):
            return True
    return False


# --- datasets ---------------------------------------------------------------------------------------
#
# A dataset reference is decided by the key's name, the value's shape and the neighbours:
# - a section named for data (DATASET_SECTION: `data`, `dataset`, `corpus`, `inputs`, `sources`, `train_data`,
#   ...) holds references: a string, a mapping describing one dataset, a list of those, or named datasets;
# - a split section (`train:`, `eval:`) holds one when it names data by a reference field;
# - any key beside a pin sibling (`<key>_version`, `<key>_sha256`, `<key>_snapshot`, ... also of the key's stem:
#   `DATA_DIR` + `DATA_VERSION`) is a reference, pinned by that sibling, unless it names a model, a tokenizer,
#   an output or the like (NOT_DATA);
# - inside a data section, a value that looks like data (DATA_VALUE: a URI of a storage scheme, a path, a data
#   file) is a reference, whatever its key (`images`, `edges`, `train_root`), unless the key names a list of
#   components (NAMED_COMPONENTS: features, augmentations, transforms, ...) or an output (NOT_INPUT).
# Keys are matched whatever their case (Python configs name them `TRAIN_SET`, `DATA_DIR`).


def find_datasets(document: Document) -> list[DatasetRef]:
    refs: list[DatasetRef] = []
    _scan_for_sections(document, document.root, "", 0, refs)
    seen: set[tuple[str, str]] = set()
    unique: list[DatasetRef] = []
    for ref in refs:  # the first reading of a key wins (the one that found its pin sibling)
        if (ref.key.lower(), ref.ref) not in seen:
            seen.add((ref.key.lower(), ref.ref))
            unique.append(ref)
    return without_storage_roots(unique)


def without_storage_roots(refs: list[DatasetRef]) -> list[DatasetRef]:
    """A root folder (`data.data_dir: ${paths.data_dir}`, `init_args.root`) holding no pin of its own, beside a
    dataset of the same section that is pinned (`data.dataset: {name, version}`), is where that dataset is
    stored, not a second dataset."""
    kept: list[DatasetRef] = []
    for ref in refs:
        parent, _, last = ref.key.rpartition(".")
        if ROOT_KEY.search(last) and ref.pin not in ("weak", "strong") and any(
                other is not ref and other.pin in ("weak", "strong")
                and (not parent or other.key.startswith(f"{parent}."))
                for other in refs):
            note("dataset", ref.key, False, "a root folder beside a pinned dataset of the same section: where that "
                 "dataset is stored")
            continue
        kept.append(ref)
    return kept


def _scan_for_sections(document: Document, node: Node, prefix: str, depth: int, refs: list[DatasetRef]) -> None:
    if depth >= MAX_SECTION_DEPTH:
        return
    if isinstance(node, SeqNode):  # `tasks: [{name: ..., data: {...}}]`
        for index, item in enumerate(node.items[:MAX_LIST_SCAN]):
            if isinstance(item, MapNode):
                _scan_for_sections(document, item, f"{prefix}[{index}]", depth + 1, refs)
        return
    if not isinstance(node, MapNode):
        return
    mine: list[DatasetRef] = []
    _sibling_refs(document, node, prefix, mine)
    for entry in _entries(node):
        key_path = f"{prefix}.{entry.key}" if prefix else entry.key
        lowered = entry.key.lower()
        if NAMED_COMPONENTS.search(lowered) or _is_pin_key(lowered):
            _rejected(key_path, lowered)
            continue
        if (DATASET_SECTION.match(entry.key) or (DATA_CONFIG_SECTION.match(entry.key)
                and isinstance(entry.value, MapNode))) and not NOT_DATA_SECTION.search(lowered):
            note("dataset", key_path, True, "a section named for data: its references are read")
            _read_section(document, entry, key_path, mine)
        elif SPLIT_NAMES.match(entry.key) and isinstance(entry.value, MapNode) and _names_data(document, entry.value):
            _read_item(document, entry.value, key_path, mine)
        elif isinstance(entry.value, MapNode) and not NOT_DATA_SECTION.search(lowered) \
                and not COMPONENT_SECTION.search(lowered) and _names_data(document, entry.value) \
                and first_entry(entry.value, (*VERSION_FIELDS, *DIGEST_FIELDS)) is not None:
            # any section naming data by location with a version beside it: `prompts: {path: ..., revision: ...}`
            note("dataset", key_path, True, "names data by location (a path or URI) with a version beside it")
            _read_item(document, entry.value, key_path, mine)
        elif isinstance(entry.value, ScalarNode) and LOOSE_DATA_KEY.search(lowered) \
                and not NOT_INPUT.search(lowered) and not NOT_DATA.search(lowered):
            strings = _ref_strings(document, entry.value)
            if any(looks_like_data(text) for text, _ in strings):
                note("dataset", key_path, True, "the key names a split or data and the value looks like data")
                version, digest = pin_siblings(node, entry.key)
                mine.extend(make_ref(document, key_path, value, span, version_entry=version, digest_entry=digest)
                            for value, span in strings)
            elif strings and isinstance(entry.value, ScalarNode) and isinstance(entry.value.value, str):
                note("dataset", key_path, False, "the key names a split or data, but the value is not a path, URI "
                     "or data file")
        elif isinstance(entry.value, (MapNode, SeqNode)) and not NOT_DATA_SECTION.search(lowered):
            _scan_for_sections(document, entry.value, key_path, depth + 1, refs)
        elif isinstance(entry.value, (MapNode, SeqNode)):
            note("dataset", key_path, False, "the section configures a model, output, logging or the like, not data")
    refs.extend(_without_roots(node, prefix, mine))


def _without_roots(node: MapNode, prefix: str, found: list[DatasetRef]) -> list[DatasetRef]:
    """A root folder (`data_dir: ${paths.data_dir}`) beside a dataset that is pinned is where that dataset is
    stored, not a dataset of its own."""
    if not any(ref.pin in ("weak", "strong") for ref in found):
        return found
    roots = {f"{prefix}.{e.key}" if prefix else e.key for e in node.entries if ROOT_KEY.search(e.key)}
    kept = [ref for ref in found if ref.key not in roots or ref.pin in ("weak", "strong")]
    for ref in found:
        if ref not in kept:
            note("dataset", ref.key, False, "a root folder beside a pinned dataset: where that dataset is stored")
    return kept


def _rejected(key_path: str, lowered: str) -> None:
    if NAMED_COMPONENTS.search(lowered):
        note("dataset", key_path, False, "names components (features, columns, augmentations, transforms, "
             "metrics...), not data")


def _is_pin_key(lowered: str) -> bool:
    return lowered in _PIN_KEYS or PIN_SUFFIX.search(lowered) is not None


def pin_siblings(node: MapNode, key: str) -> tuple[Entry | None, Entry | None]:
    """The version and digest entries beside ``key`` that name it (``key_version``, ``key_sha256``, or of its
    stem: ``data_dir`` -> ``data_version``), whatever their case."""
    lowered = _lowered(node)
    stems = [key.lower()]
    stem = STEM_SUFFIX.sub("", key.lower())
    if stem and stem != stems[0]:
        stems.append(stem)
    version = next((lowered[f"{s}_{suffix}"] for s in stems for suffix in VERSION_SUFFIXES
                    if f"{s}_{suffix}" in lowered), None)
    digest = next((lowered[f"{s}_{suffix}"] for s in stems for suffix in DIGEST_SUFFIXES
                   if f"{s}_{suffix}" in lowered), None)
    return version, digest


_LAST_LOWERED: list[tuple[MapNode, int, dict[str, Entry]]] = []


def _lowered(node: MapNode) -> dict[str, Entry]:
    """The entries of ``node`` by lower-cased key (the first of each); the last mapping's is kept, since the
    readers ask for the same mapping once per key."""
    if _LAST_LOWERED and _LAST_LOWERED[0][0] is node and _LAST_LOWERED[0][1] == len(node.entries):
        return _LAST_LOWERED[0][2]
    found: dict[str, Entry] = {}
    for entry in node.entries:
        found.setdefault(entry.key.lower(), entry)
    _LAST_LOWERED[:] = [(node, len(node.entries), found)]
    return found


def _sibling_refs(document: Document, node: MapNode, prefix: str, refs: list[DatasetRef]) -> None:
    """``dataset_name: x`` beside ``dataset_revision: v1``; any ``<key>`` beside ``<key>_version`` /
    ``<key>_sha256`` / ``<key>_snapshot`` (or its stem's: ``DATA_DIR`` + ``DATA_VERSION``)."""
    lowered = _lowered(node)
    if not any(PIN_SUFFIX.search(key) for key in lowered) and _SIBLING_KEYS.isdisjoint(lowered):
        return
    shared_version = next((lowered[k] for k in SIBLING_PINS if k in lowered), None)
    shared_digest = next((lowered[k] for k in SIBLING_DIGESTS if k in lowered), None)
    for entry in _entries(node):
        key = entry.key.lower()
        if _is_pin_key(key) or not isinstance(entry.value, (ScalarNode, SeqNode)):
            continue
        version, digest = pin_siblings(node, entry.key)
        if key in SIBLING_REFS and version is None and digest is None:
            version, digest = shared_version, shared_digest
        elif (version is None and digest is None) or NOT_DATA.search(key) or NAMED_COMPONENTS.search(key):
            if version is not None or digest is not None:
                note("dataset", f"{prefix}.{entry.key}" if prefix else entry.key, False,
                     "has a version beside it, but names a model, tokenizer, code or output, not data")
            continue
        key_path = f"{prefix}.{entry.key}" if prefix else entry.key
        pinned_by = version or digest
        note("dataset", key_path, True, f"pinned by its sibling `{pinned_by.key}`" if pinned_by is not None
             else "a dataset key")
        for ref_value, span in _ref_strings(document, entry.value):
            refs.append(make_ref(document, key_path, ref_value, span, version_entry=version, digest_entry=digest))


def first_entry(node: MapNode, keys: tuple[str, ...]) -> Entry | None:
    """The entry of the first of ``keys`` that ``node`` has (whatever its case)."""
    found = next((entry for key in keys if (entry := node.entry(key)) is not None), None)
    if found is None and any(not key.islower() for key in node.keys()):  # noqa: SIM118
        lowered = _lowered(node)
        found = next((lowered[key] for key in keys if key in lowered), None)
    return found


def _ref_strings(document: Document, node: Node) -> list[tuple[str, Span]]:
    followed = resolve(document.root, node)
    resolved = followed.node
    if followed.unresolved and not followed.env:  # names data through a key nobody could follow: unknown
        return [(followed.unresolved, node.span)]
    if isinstance(resolved, ScalarNode) and isinstance(resolved.value, str) \
            and not is_reference_placeholder(resolved.value):
        return [(resolved.value, node.span)]
    if isinstance(resolved, SeqNode):
        return [pair for item in resolved.items for pair in _ref_strings(document, item)]
    return []


def looks_like_data(value: str) -> bool:
    """Whether a string names data by its shape: a URI of a storage scheme, a path, a data file; never a
    glob pattern, a web page, a module path or an environment id."""
    text = value.strip()
    if not text or GLOB.search(text) or len(text) > 2048:
        return False
    scheme = DATA_SCHEME.match(text)
    if scheme:
        return True
    if "://" in text or "\n" in text:
        return False
    return ("/" in text and not text.startswith(("http:", "https:"))) or DATA_FILE.search(text) is not None


def _names_data(document: Document, node: MapNode) -> bool:
    """Whether a mapping names data by a reference field holding a data-like value (a split section such as
    ``train: {uri: ..., version: ...}``, not ``train: {epochs: 3}``)."""
    for key in DATA_REF_FIELDS:
        entry = node.entry(key)
        if entry is not None and any(looks_like_data(text) for text, _ in _ref_strings(document, entry.value)):
            return True
    return False


def _read_section(document: Document, entry: Entry, key_path: str, refs: list[DatasetRef], *, depth: int = 0,
                  named_parent: bool = False) -> None:
    node = resolve(document.root, entry.value).node
    if isinstance(node, MapNode) and isinstance(node.get("init_args"), MapNode):
        node = node.get("init_args")
    if isinstance(node, ScalarNode):
        for value, span in _ref_strings(document, entry.value):
            refs.append(make_ref(document, key_path, value, span))
    elif isinstance(node, SeqNode):
        for index, item in enumerate(node.items):
            _read_item(document, item, f"{key_path}[{index}]", refs)
    elif isinstance(node, MapNode):
        if _describes_dataset(node):
            _read_item(document, node, key_path, refs)
            return
        # `datasets: {train: org/a, eval: org/b}`, also nested: `mixed_seq_datasets: {128: {wiki: path}}`
        named = named_parent or entry.key.lower().endswith("datasets")
        _sibling_refs(document, node, key_path, refs)
        for child in _entries(node):
            child_key = f"{key_path}.{child.key}"
            lowered = child.key.lower()
            if NAMED_COMPONENTS.search(lowered) or _is_pin_key(lowered):
                _rejected(child_key, lowered)
                continue
            child_node = resolve(document.root, child.value).node
            if isinstance(child_node, MapNode) and _describes_dataset(child_node):
                _read_item(document, child_node, child_key, refs, default_name=child.key)
            elif isinstance(child_node, MapNode) and depth < 2 and (named or lowered.endswith("datasets")):
                _read_section(document, child, child_key, refs, depth=depth + 1, named_parent=True)
            elif isinstance(child_node, SeqNode) and (DATASET_SECTION.match(child.key) or named):
                _read_section(document, child, child_key, refs)
            elif isinstance(child_node, SeqNode) and NOT_INPUT.search(child.key):
                note("dataset", child_key, False, "a list of outputs, caches, logs, checkpoints or models, not inputs")
            elif isinstance(child_node, SeqNode):  # `data: {train: [{name: ..., version: ...}]}`
                _read_list(document, node, child, child_node, child_key=child_key, refs=refs)
            elif NOT_INPUT.search(child.key):
                note("dataset", child_key, False, "an output, cache, log, checkpoint or model path, not an input")
            else:
                strings = _ref_strings(document, child.value)
                if named or SPLIT_NAMES.match(child.key) or REF_SUFFIX.search(child.key) \
                        or any(looks_like_data(text) for text, _ in strings):
                    note("dataset", child_key, True, "in a data section, a split, a path-like key or a data-like value")
                    version, digest = pin_siblings(node, child.key)
                    refs.extend(make_ref(document, child_key, value, span, version_entry=version,
                                         digest_entry=digest) for value, span in strings)


def _read_list(document: Document, section: MapNode, child: Entry, items: SeqNode, *, child_key: str,
               refs: list[DatasetRef]) -> None:
    """A list inside a data section: mappings that describe a dataset, and strings that name data (any item
    under a path-like key such as ``train_files`` or ``paths``, else only data-like values such as storage
    URIs or paths). A list with a version or digest sibling (``paths_version``) is read by
    :func:`_sibling_refs` with its pin."""
    version, digest = pin_siblings(section, child.key)
    if version is not None or digest is not None:  # read with its pin by the sibling reading of the section
        return
    path_like = REF_SUFFIX.search(child.key) is not None
    for index, item in enumerate(items.items):
        item_key = f"{child_key}[{index}]"
        if isinstance(item, MapNode):
            if _describes_dataset(item):
                _read_item(document, item, item_key, refs)
            continue
        strings = [(text, span) for text, span in _ref_strings(document, item) if path_like or looks_like_data(text)]
        if strings:
            note("dataset", item_key, True, "a list item naming data in a data section")
        refs.extend(make_ref(document, item_key, value, span) for value, span in strings)


_DESCRIBING_FIELDS = frozenset((*REF_FIELDS, *VERSION_FIELDS, *DIGEST_FIELDS))


def _describes_dataset(node: MapNode) -> bool:
    """Whether a mapping describes one dataset: it has a reference, version or digest field (any case)."""
    keys = node.keys()
    if not _DESCRIBING_FIELDS.isdisjoint(keys):
        return True
    return any(not key.islower() for key in keys) and not _DESCRIBING_FIELDS.isdisjoint(_lowered(node))


def _read_item(document: Document, node: Node, key_path: str, refs: list[DatasetRef], default_name: str = "") -> None:
    if isinstance(node, ScalarNode):
        for value, span in _ref_strings(document, node):
            refs.append(make_ref(document, key_path, value, span))
        return
    if not isinstance(node, MapNode):
        return
    # The first reference field that names something real (not a placeholder), with what it names.
    named = next(((entry, strings[0]) for key in REF_FIELDS if (entry := first_entry(node, (key,))) is not None
                  and (strings := _ref_strings(document, entry.value))), None)
    version, digest = first_entry(node, VERSION_FIELDS), first_entry(node, DIGEST_FIELDS)
    for entry in _entries(node):
        if NAMED_COMPONENTS.search(entry.key.lower()):
            _rejected(f"{key_path}.{entry.key}", entry.key.lower())
    paths = [(entry, found) for entry in _entries(node)
             if not NOT_INPUT.search(entry.key) and not NAMED_COMPONENTS.search(entry.key.lower())
             and not _is_pin_key(entry.key.lower()) and entry.key.lower() not in REF_FIELDS
             and (found := _ref_strings(document, entry.value))
             and (REF_SUFFIX.search(entry.key) or DATASET_SECTION.match(entry.key)
                  or any(looks_like_data(text) for text, _ in found))]
    if named is not None and not (paths and not looks_like_data(named[1][0]) and named[0].key.lower() == "name"):
        ref_entry, (value, span) = named
        own_version, own_digest = pin_siblings(node, ref_entry.key)
        if own_version is not None or own_digest is not None:
            version, digest = own_version, own_digest
        narrowing = qualifiers(node, ref_entry.key) if version is None and digest is None else ()
        pinned_by = version or digest
        note("dataset", f"{key_path}.{ref_entry.key}", True, f"`{ref_entry.key}` names the dataset this mapping "
             "describes" + (f", pinned by `{pinned_by.key}`" if pinned_by is not None else ""))
        refs.append(make_ref(document, f"{key_path}.{ref_entry.key}", value, span, version_entry=version,
                             digest_entry=digest, qualifiers=narrowing))
    elif paths:
        # `{train_path: ..., val_path: ..., version: 1.0}`: the paths are the references the version pins
        for entry, strings in paths:
            note("dataset", f"{key_path}.{entry.key}", True, "a path-like key or a data-like value in a mapping "
                 "describing data")
            own_version, own_digest = pin_siblings(node, entry.key)
            if own_version is None and own_digest is None:
                own_version, own_digest = version, digest
            refs.extend(make_ref(document, f"{key_path}.{entry.key}", value, span, version_entry=own_version,
                                 digest_entry=own_digest) for value, span in strings)
    elif default_name and (version is not None or digest is not None):
        refs.append(make_ref(document, key_path, default_name, node.span, version_entry=version,
                              digest_entry=digest))
    for child in _entries(node):  # `data: {data_dir: ..., dataset: {name: ..., version: ...}}`
        if isinstance(child.value, (MapNode, SeqNode)) and DATASET_SECTION.match(child.key) \
                and not NOT_DATA_SECTION.search(child.key.lower()):
            _read_section(document, child, f"{key_path}.{child.key}", refs)


QUALIFIER_FIELDS = ("ann_file", "data_prefix", "config", "config_name", "dataset_config", "dataset_config_name",
                    "subset", "name", "split")


def qualifiers(node: MapNode, ref_key: str) -> tuple[str, ...]:
    """Strings beside a reference that narrow it (an HF config name, an annotation file): a release named
    there names the data too."""
    found: list[str] = []
    for key in QUALIFIER_FIELDS:
        value = node.get(key) if key != ref_key else None
        values = [value] if isinstance(value, ScalarNode) else [e.value for e in value.entries] \
            if isinstance(value, MapNode) else []
        found.extend(v.value for v in values if isinstance(v, ScalarNode) and isinstance(v.value, str))
    return tuple(found)


def make_ref(document: Document, key: str, ref: str, span: Span, *, version_entry: Entry | None = None,
             digest_entry: Entry | None = None, qualifiers: tuple[str, ...] = ()) -> DatasetRef:
    """A dataset reference judged by every pin the config gives it: a version key, a digest key, or else a
    version the reference carries (``org/data@v1``, ``?versionId=``, ``/v3/``); the firmest decides, and the
    finding points at the line that gave it. Without any, a release named in a registered name (or in a
    qualifier beside it) is a weak pin (``name-edition``)."""
    version = _scalar_text(document, version_entry)
    digest = _scalar_text(document, digest_entry, ref)
    algorithm = digest_algorithm(digest_entry.key) if digest_entry is not None else None
    origin = Origin.at(document.path, span)
    parameter = version_parameter(version_entry.key) if version_entry is not None else None
    made = _judged(key, ref, origin, version=version, digest=digest, algorithm=algorithm, parameter=parameter)
    decided_by = version_entry if made.evidence == "explicit-version" else \
        digest_entry if made.evidence == "digest" else None
    if decided_by is not None:
        made.origin = Origin.at(document.path, decided_by.value.span)
    if made.pin == "none" and version_entry is not None:
        made.note = f"; `{version_entry.key}` holds a placeholder" + made.note
    if made.pin == "none" and made.evidence is None and version is None and digest is None:
        _embedded(made, qualifiers)
    return made


def _judged(key: str, ref: str, origin: Origin, *, version: str | None, digest: str | None,
            algorithm: str | None, parameter: QueryVersion | None = None) -> DatasetRef:
    """Judge each pin given (a version, a digest, or else the one the reference carries); the firmest
    decides. A malformed digest or a moving version is named in the note."""
    judged: list[tuple[Judgement, Evidence, str]] = []
    found = version_in_reference(ref)
    shown_ref = ref
    if version is not None:
        judged.append((judge_parameter(parameter, version) if parameter else judge_version(version),
                       "explicit-version", version))
    elif found is not None:
        judged.append((found.judgement, found.evidence, found.version))
        shown_ref = found.ref
        version = found.version
    if digest is not None:
        judged.append((judge_digest(digest, algorithm), "digest", digest))
    notes = [f"; `{text}` is {judgement.meaning}" for judgement, _, text in judged
             if judgement.pin in ("none", "floating") and judgement.meaning and judgement.meaning != "a placeholder"]
    if not judged:
        return DatasetRef(key, shown_ref, "none", origin, version, digest)
    judgement, evidence, _ = max(judged, key=lambda item: PIN_ORDER.index(item[0].pin))
    return DatasetRef(key, shown_ref, judgement.pin, origin, version, digest, "".join(notes),
                      evidence=evidence if judgement.pin != "none" else None)


def _embedded(made: DatasetRef, qualifiers: tuple[str, ...]) -> None:
    """A release named in the reference itself (or in a qualifier beside it, such as an HF config name or
    an annotation file) is a weak pin; a hub id is not pinned by its name, nor by what narrows it."""
    if is_hub_id(made.ref):
        guess = name_edition(made.ref.rsplit("/", 1)[-1])
        if guess is not None:
            made.note += (f"; `{guess}` in `{made.ref}` is part of its name, not a revision: without one a hub "
                          f"id loads whatever its default branch holds today")
        return
    for text in (made.ref, *qualifiers):
        found = version_in_reference(text) if text is not made.ref else None
        if found is not None and found.judgement.pin != "none":
            made.pin, made.version, made.evidence = found.judgement.pin, found.version, found.evidence
            made.note += f"; {found.version} named in `{text}`"
            return
        edition = name_edition(text)
        if edition is not None:
            made.pin, made.version, made.evidence = "weak", edition, "name-edition"
            made.note += f"; release {edition} named in `{text}`"
            return


def make_ref_from_text(document: Document, key: str, ref: str, span: Span, *, version: str | None,
                       digest: str | None, note: str = "") -> DatasetRef:
    """A reference whose pins were read elsewhere (a registry file): judged like :func:`make_ref`."""
    made = _judged(key, ref, Origin.at(document.path, span), version=version, digest=digest, algorithm=None)
    made.note = note + made.note
    if made.pin == "none" and made.evidence is None and version is None and digest is None:
        _embedded(made, ())
    return made


def _scalar_text(document: Document, entry: Entry | None, ref: str = "") -> str | None:
    """The text of the value at ``entry``. A mapping of file names to digests (Ludwig's ``sha256:
    {train.csv: ...}``) gives the digest of the file ``ref`` names, else its first."""
    if entry is None:
        return None
    node = resolve(document.root, entry.value).node
    if isinstance(node, MapNode) and node.entries:
        named = next((e for e in node.entries if ref.rstrip("/").endswith(e.key)), node.entries[0])
        node = named.value
    if isinstance(node, ScalarNode) and node.value is not None and not isinstance(node.value, bool):
        return str(node.value)
    return None
