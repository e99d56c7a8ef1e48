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

import ast
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from lineage_lint.lazy_re import MAX_REMEMBERED, any_match, keys, lazy, remember_texts
from lineage_lint.profiles.data_shapes import (
    DEFINED_HERE,
    DIGEST_MAP_KEY,
    MODEL_ROLE_KEY,
    PIN_MAP_KEY,
    SQL_KEY,
    Computed,
    configures_model,
    looks_like_data,
    names_location,
    names_table,
    output_key,
    sql_tables,
    stores_data,
    writes_output,
)
from lineage_lint.profiles.explain import active as explaining
from lineage_lint.profiles.explain import note
from lineage_lint.profiles.settings import setting_keys
from lineage_lint.record import DatasetRef, LaunchSlot, LineageRecord, Origin, SeedVerdict
from lineage_lint.sources import Document, limits
from lineage_lint.tree import Entry, MapNode, Node, OpaqueNode, ScalarNode, SeqNode, Span, dotted

__all__ = ["dotted"]
from lineage_lint.values import (
    QueryVersion,
    classify_seed,
    digest_algorithm,
    is_hub_id,
    is_reference_placeholder,
    judge_reference,
    name_edition,
    resolve,
    seed_value,
    version_in_reference,
    version_parameter,
)

RUN_SEED_KEYS = ("seed_everything", "seed", "random_seed", "global_seed", "manual_seed", "rng_seed",
                 "random_state", "train_seed", "training_seed", "experiment_seed", "run_seed")
_RUN_SEED_KEY_SET = frozenset(RUN_SEED_KEYS)
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
_COMPONENT_MARKER_SET = frozenset(COMPONENT_MARKERS)
_CALLED_MARKERS = _COMPONENT_MARKER_SET - {"__call__"}
_COMPONENT_NAME_SET = frozenset(COMPONENT_NAMES)
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
    r"(?:_(?:ingestion|source|sources|download|downloads|urls?|manager|module))?$|^datamodule$"
    r"|^(?:corpus|corpora|input|inputs|sources|train_set|source)$|^(?:[a-z0-9]+_)*tables$",
    re.IGNORECASE,
)
# `data_config: {...}` is a data section; `dataset_config: main` (a scalar) is an HF config name, not data.
DATA_CONFIG_SECTION = keys(r"^(?:dataset|datasets|data)_(?:config|cfg|spec|args|params)$", re.IGNORECASE)
# Sections that configure something other than the data a model learns from, whatever they hold.
# A model's role (policy, teacher, encoder...) only as the whole key or with a model-like suffix: `teacher_logits`
# (data a teacher produced) is no model.
NOT_DATA_SECTION = keys(r"(?:^|_)(?:model|models|tokenizer|logging|logger|loggers|tracking|wandb|mlflow|"
                              r"output|outputs|checkpoint|checkpointing|callbacks|metrics|hydra|launcher|"
                              r"deepspeed|fsdp|env|environment|optimizer|scheduler|adapter|lora|peft|meta|"
                              r"metadata|spark|cluster|clusters|infra|infrastructure|resources|compute|aws|gcp|azure|"
                              r"k8s|kubernetes|slurm|ray|dask|secrets|credentials|auth|deploy|deployment|serving|"
                              r"serve|registry|monitoring|alerting|notifications?)(?:_|$)"
                              r"|^(?:policy|agent|teacher|student|backbone|generator|discriminator|encoder|decoder|"
                              r"vocoder|critic|actor)(?:_(?:net|network|config|cfg|kwargs|args|params))?$",
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
                  "snapshot_date", "as_of", "version_as_of", "versionasof", "timestamp_as_of", "timestampasof",
                  "release", "at_timestamp", "as_of_timestamp", "snapshot_time", "snapshot_timestamp", "point_in_time",
                  # an object store's version of one object (S3 version id, GCS generation): judged by its shape
                  "version_id", "versionid", "object_version", "object_version_id", "s3_version_id", "generation",
                  "object_generation", "gcs_generation")
DIGEST_FIELDS = ("digest", "sha256", "sha512", "sha1", "md5", "hash", "checksum", "etag", "content_hash")
# `<key>_<suffix>` beside `<key>` pins it.
VERSION_SUFFIXES = ("version", "revision", "rev", "commit", "tag", "snapshot", "snapshot_id", "release", "version_id",
                    "object_version", "generation")
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
# Keys whose values are not datasets even beside a version: models, tokenizers, code, images of containers.
NOT_DATA = keys(r"(?:^|_)(?:model|models|tokenizer|checkpoint|ckpt|code|docker|container|python|cuda|"
                      r"torch|package|library|schema|api|config|env|output|cache|pipeline|app|registry|bootstrap|"
                      r"script|scripts)(?:_|$)"
                      r"|(?:^|_)image(?:_(?:tag|digest|uri|name|repo|version))?$", re.IGNORECASE)
# Lists and mappings of named components that sit under data sections and are not datasets.
NAMED_COMPONENTS = keys(
    r"(?:^|_)(?:features?(?!_(?:store|stores|view|views|service|services|set|sets|group|groups|table|tables|repo))|"
    r"columns?|cols|fields|augmentations?|augment|augs|transforms?|tokenizers?|collators?|"
    r"collate_fn|callbacks?|metrics?|loss|losses|preprocess(?:ing|ors?)?|processors?|filters?|labels?|classes|"
    r"class_names|names|targets?|schema|samplers?|normali[sz]ation|pipeline|encoders?|vocab)(?:_|$)",
)
# A scalar whose key names a split or data (`TRAIN_CSV`, `paths.train`, `DEMOS`) and whose value looks like data.
LOOSE_DATA_KEY = keys(r"(?:^|_)(?:train|training|val|valid|validation|eval|test|dev|data|dataset|corpus|"
                            r"demos|demonstrations|manifest|inputs?)(?:_|$)", re.IGNORECASE)
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
# `batch_size`): a file setting one (at any depth) is launched to train.
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
        from lineage_lint.profiles.launch import launch_slots  # it reads this module's tables

        record.supplied_at_launch = [LaunchSlot(key, value, Origin.at(document.path, span))
                                     for key, value, span in launch_slots(root)]
        if seed.status == "missing" and not datasets and not has_training_keys(root):
            record.applicable = False
            record.reason = "no seed, dataset or training settings: not a training config"
        return record


# --- seeds ------------------------------------------------------------------------------------------


def _entries(node: Node) -> list[Entry]:
    return node.public() if isinstance(node, MapNode) else []


# A Python config object built by calling a config class (`cfg = TrainConfig(seed=3, ...)`, `SimpleNamespace(...)`,
# HF `TrainingArguments(...)`) holds the run's settings: it is a run section, not a component (`Model(seed=3)`).
CONFIG_CALL = lazy(r"(?:^|\.)(?:SimpleNamespace|Namespace|AttrDict|EasyDict|edict|Box|Munch|DotMap|ConfigDict|"
                         r"FrozenConfigDict|DictConfig|OrderedDict|dict|[A-Za-z0-9_]*(?:Config|Cfg|Conf|Configuration|"
                         r"Settings|Params|Parameters|Args|Arguments|HParams|Hparams|Hyperparameters|Options|Opts|Job|"
                         r"Experiment|Spec|Recipe|Setup))$")


def _is_component(node: Node) -> bool:
    if not isinstance(node, MapNode):
        return False
    called = node.get("__call__")
    if isinstance(called, ScalarNode) and isinstance(called.value, str) and CONFIG_CALL.search(called.value.strip()):
        return not _CALLED_MARKERS.isdisjoint(node.keys())
    return not _COMPONENT_MARKER_SET.isdisjoint(node.keys())  # (an entry always holds a node)


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
        elif _RUN_SEED_KEY_SET.isdisjoint(entry.value.folded()):
            continue  # no seed key in the section, whatever its case (one set test for most sections)
        elif lowered in RUN_SECTIONS and not (lowered in ENV_SECTIONS and _names_component(entry.value)):
            for inner in _entries(entry.value):
                if inner.key.lower() in RUN_SEED_KEYS:
                    yield 2, RUN_SEED_KEYS.index(inner.key.lower()), (entry.key,), inner
        elif not COMPONENT_SECTION.search(lowered) and not _names_component(entry.value):
            seeds = [inner for inner in _entries(entry.value) if inner.key.lower() in RUN_SEED_KEYS]
            if len(seeds) == 1 and isinstance(seeds[0].value, (ScalarNode, OpaqueNode)):
                yield 3, RUN_SEED_KEYS.index(seeds[0].key.lower()), (entry.key,), seeds[0]


def _names_component(node: MapNode) -> bool:
    """Whether a section names the one thing it configures (``env: {id: CartPole-v1, seed: 0}``)."""
    return not _COMPONENT_NAME_SET.isdisjoint(node.keys())


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


def _runs_seed_candidates(root: Node) -> list[tuple[int, int, tuple[str, ...], Entry | None]]:
    """A file that lists several runs (``configs = [{seed: 1, ...}, {seed: 2, ...}]``): each run's seed, or None
    for a run that sets none; empty when no top-level list holds run mappings with a seed."""
    lists = [(entry.key, entry.value) for entry in _entries(root)] if isinstance(root, MapNode) else [("", root)]
    for key, value in lists:
        items = value.items if isinstance(value, SeqNode) else []
        runs = [item for item in items[:MAX_LIST_SCAN] if isinstance(item, MapNode)]
        if not runs or len(runs) != len(items) or not any(
                key.lower() in RUN_SEED_KEYS for run in runs for key in run.keys()):  # noqa: SIM118
            continue
        found: list[tuple[int, int, tuple[str, ...], Entry | None]] = []
        for index, run in enumerate(runs):
            seeds = sorted(((RUN_SEED_KEYS.index(e.key.lower()), e) for e in _entries(run)
                            if e.key.lower() in RUN_SEED_KEYS), key=lambda pair: pair[0])
            found.append((4, seeds[0][0] if seeds else 0, (key, str(index)), seeds[0][1] if seeds else None))
        return found
    return []


def find_seeds(document: Document) -> tuple[SeedVerdict, list[SeedVerdict]]:
    """The run seed (or ``missing``) and the component seeds seen elsewhere. When the only seeds are
    component seeds, the verdict says so rather than taking one for the run seed. A file listing several runs
    is as seeded as its least seeded run."""
    candidates = sorted(_run_seed_candidates(document.root), key=lambda c: (c[0], c[1], c[3].key_span.line))
    chosen = candidates[0] if candidates else None
    if chosen is None:
        runs = _runs_seed_candidates(document.root)
        if runs:
            return _runs_seed(document, runs), []
    if chosen is None:
        root_span = document.root.span
        seed = SeedVerdict("missing", Origin.at(document.path, Span.point(root_span.line, root_span.col)))
    else:
        if chosen[0] == 3:  # several sections, each with one seed (instances of one class of settings): all run
            worst = _least_seeded(document, [c for c in candidates if c[0] == 3])
            chosen = worst if worst is not None else chosen
        overridden = ""
        if chosen[0] == 1:  # `seed: 42` beside `trainer: {seed: null}`: the run section may seed the run itself
            worst = _least_seeded(document, [chosen, *(c for c in candidates if c[0] == 2)])
            overridden = chosen[3].key if worst is not None else ""
            chosen = worst if worst is not None else chosen
        seed = seed_verdict(document, chosen[2], chosen[3])
        if overridden:
            seed.note = f"the run section unsets the top-level `{overridden}`; {seed.note}"
        note("seed", seed.key or chosen[3].key, True, _SEED_RANKS[chosen[0]] + (
            f" (`{chosen[2][0]}`)" if chosen[2] else ""))
    others = [
        seed_verdict(document, base, entry)
        for base, entry in seed_like_entries(document.root, (), 0)
        if chosen is None or entry is not chosen[3]
    ][:20]
    for other in others if explaining() else ():  # (the reasons are only for `show --explain`)
        note("seed", other.key or "", False, component_seed_reason(document.root, other.key or "", chosen is not None))
    components = [other for other in others if other.status == "declared"]
    if chosen is None and components:
        shown = ", ".join(f"{other.key} = {other.value}" for other in components[:3])
        seed.note = (f"no run seed; only component seed{'s' if len(components) > 1 else ''} set ({shown}): "
                     "each seeds one component, not the run")
    return seed, others


def _least_seeded(document: Document, candidates: list[tuple[int, int, tuple[str, ...], Entry]]
                  ) -> tuple[int, int, tuple[str, ...], Entry] | None:
    """Of sections that each set one seed and configure no component (``BASE = TrainConfig()`` and ``SWEEP =
    replace(BASE, seed=None)``; ``[debug] seed``), the first whose seed is not declared: any of them may be
    the run's, so the file is as seeded as the least seeded."""
    return next((candidate for candidate in candidates[1:]
                 if seed_verdict(document, candidate[2], candidate[3]).status != "declared"), None)


def _runs_seed(document: Document, runs: list[tuple[int, int, tuple[str, ...], Entry | None]]) -> SeedVerdict:
    """The seed of the least seeded of several listed runs (a run without one: missing)."""
    verdicts: list[SeedVerdict] = []
    for _, _, base, entry in runs:
        if entry is None:
            root_span = document.root.span
            verdicts.append(SeedVerdict("missing", Origin.at(document.path, Span.point(root_span.line, root_span.col)),
                                        note=f"`{base[0]}[{base[1]}]` is a run that sets no seed"))
        else:
            verdicts.append(seed_verdict(document, (*base[:1], int(base[1])) if base[0] else (int(base[1]),), entry))
    worst = next((verdict for verdict in verdicts if verdict.status != "declared"), verdicts[0])
    note("seed", worst.key or f"{runs[0][2][0]}[]", True, f"the file lists {len(runs)} runs: the seed of the least "
         "seeded one")
    return worst


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
    found: list[tuple[tuple[str | int, ...], Entry]] = []
    _seed_like(node, path, depth, found)
    return iter(found)


def _seed_like(node: Node, path: tuple[str | int, ...], depth: int,
               found: list[tuple[tuple[str | int, ...], Entry]]) -> None:
    """:func:`seed_like_entries` into ``found``, depth first (a list, not a generator per mapping)."""
    if depth > 12:
        return
    if isinstance(node, MapNode):
        for entry in node.entries:
            key = entry.key
            value = entry.value
            kind = type(value)
            if kind is ScalarNode:
                if "seed" in key.lower() and SEED_LIKE.search(key):
                    found.append((path, entry))
            elif (kind is MapNode or kind is SeqNode) and not key.startswith("__"):
                _seed_like(value, (*path, key), depth + 1, found)
    elif isinstance(node, SeqNode):
        for index, item in enumerate(node.items):
            if isinstance(item, (MapNode, SeqNode)):
                _seed_like(item, (*path, index), depth + 1, found)


def sets_optimisation(root: Node) -> bool:
    """Whether ``root`` sets how a model is optimised (epochs, learning rate, optimizer...) at any depth
    (:func:`~lineage_lint.profiles.settings.setting_keys`): then it is a training config, whatever else it looks
    like."""
    return not OPTIMISATION_MARKERS.isdisjoint(setting_keys(root))


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
    file that also holds one of those keys is still a training config; the keys are read at any depth
    (``experiment.training.hyperparameters.epochs``), search dimensions and other files' values left out."""
    keys = setting_keys(document.root)
    if not SCHEDULE_MARKERS.isdisjoint(keys):
        return True
    optimises = not OPTIMISER_MARKERS.isdisjoint(keys)
    seeded = any(True for _ in _run_seed_candidates(document.root))
    if not optimises and not (seeded and TRAINING_NAME.search(repo_path or document.path)):
        return False
    return (optimises and seeded) or bool(find_datasets(document))


# Training data, by the key naming it: a file that names some is launched to train.
TRAINING_DATA_KEYS = frozenset({"train_ds", "train_dataset", "train_dataloader", "train_data", "train_file",
                                "train_files", "train_data_path", "training_data"})


# A key path through a training section (`train.datasets[0].name`, `data.train.path`, `training_data.uri`), or
# through a section of data a model is judged or run on (`eval.datasets`, `test_data`, `inference.input`).
TRAINING_SECTION_PATH = lazy(r"(?:^|[.\]])(?:train|training)(?:_[a-z0-9]+)*(?:$|[.\[])", re.IGNORECASE)
NOT_TRAINING_PATH = lazy(r"(?:^|[._\]])(?:eval|evaluation|evaluate|test|tests|testing|val|valid|validation|dev|"
                         r"infer|inference|predict|prediction|predictions|calib|calibration|benchmarks?|generate|"
                         r"generation|export|quantization|quantize)(?:$|[._\[])", re.IGNORECASE)


def optimises(document: Document) -> bool:
    """Whether a file says how a model is optimised (a learning rate, an optimizer...) or names its training
    data, at any depth: the evidence that a file trains which an evaluation or export config never holds (they
    may set steps, or a trainer, to run the model). Training data is named by a key such as ``train_ds``, by a
    dataset read under a training section (``train.datasets``), or, in a file that binds a run seed, by a dataset
    read outside the sections of data a model is evaluated, tested or run on (``seed`` and ``data.path``)."""
    keys = setting_keys(document.root)
    if not OPTIMISER_MARKERS.isdisjoint(keys) or not TRAINING_DATA_KEYS.isdisjoint(keys):
        return True
    refs = find_datasets(document)
    if any(TRAINING_SECTION_PATH.search(ref.key) for ref in refs):
        return True
    return any(not NOT_TRAINING_PATH.search(ref.key) for ref in refs) \
        and any(True for _ in _run_seed_candidates(document.root))


def configures_run(document: Document) -> bool:
    """Whether a file binds a run seed or names a dataset (whatever else it defines)."""
    return any(True for _ in _run_seed_candidates(document.root)) or bool(find_datasets(document))


def has_training_keys(root: Node) -> bool:
    """Whether ``root`` sets anything of a training run: a batch size, a loss... at its top or one level down,
    how long or how to optimise (epochs, a learning rate, an optimizer) at any depth."""
    if not TRAINING_MARKERS.isdisjoint(setting_keys(root, 2)):
        return True
    keys = setting_keys(root)
    return not SCHEDULE_MARKERS.isdisjoint(keys) or not OPTIMISER_MARKERS.isdisjoint(keys)


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
#   components (NAMED_COMPONENTS: features, augmentations, transforms, ...) or an output (writes_output).
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
    pinned = [ref for ref in refs if _pins_storage(ref)]
    if not pinned:
        return refs
    # the sections holding a pinned dataset: a set, so that a file naming thousands stays linear
    holding = {prefix for ref in pinned for prefix in dot_prefixes(ref.key)}
    kept: list[DatasetRef] = []
    for ref in refs:
        parent, _, last = ref.key.rpartition(".")
        if ROOT_KEY.search(last) and ref.pin not in ("weak", "strong") and (not parent or parent in holding):
            note("dataset", ref.key, False, "a root folder beside a pinned dataset of the same section: where that "
                 "dataset is stored")
            continue
        kept.append(ref)
    return kept


def _pins_storage(ref: DatasetRef) -> bool:
    """Whether ``ref`` is pinned by a version or digest given for it, so that a root folder beside it may be where
    that version is stored: a release its name only suggests (`reviews_2024`) pins no folder."""
    return ref.pin in ("weak", "strong") and ref.evidence != "name-edition"


class KeyFacts(NamedTuple):
    """What the section scan (and the launch slots' walk) asks of a key's name alone, asked once per distinct key
    (see :func:`key_facts`)."""

    lowered: str
    pin: bool  # a version or digest key (read with what it pins)
    pin_map: bool  # a mapping of pins by name (`revisions: {train: v1}`)
    components: bool  # may name a list of components (NAMED_COMPONENTS)
    data_section: bool  # a section named for data (DATASET_SECTION)
    data_config: bool  # a data config section (DATA_CONFIG_SECTION)
    not_data: bool  # a section of a model, output, logging... (NOT_DATA_SECTION)
    split: bool  # a split (`train`, `eval`)
    model_candidate: bool  # neither a run section nor a component section (may hold data by location)


_KEY_FACTS: dict[str, KeyFacts] = {}


def key_facts(key: str) -> KeyFacts:
    """The tests of :func:`_scan_for_sections` that depend on a key's name only, remembered by name: the same
    few hundred keys come back in every config of a run."""
    facts = _KEY_FACTS.get(key)
    if facts is None:
        if len(_KEY_FACTS) >= MAX_REMEMBERED:
            _KEY_FACTS.clear()
        lowered = key.lower()
        facts = _KEY_FACTS[key] = KeyFacts(
            lowered, _is_pin_key(lowered), PIN_MAP_KEY.match(lowered) is not None,
            NAMED_COMPONENTS.search(lowered) is not None, DATASET_SECTION.match(key) is not None,
            DATA_CONFIG_SECTION.match(key) is not None, NOT_DATA_SECTION.search(lowered) is not None,
            SPLIT_NAMES.match(key) is not None,
            lowered not in RUN_SECTIONS and COMPONENT_SECTION.search(lowered) is None)
    return facts


def _value_to_scan(root: Node, entry: Entry) -> Node | None:
    """The value of ``entry`` with its interpolation followed, or None when it is a number, boolean or null
    outside a data section (the common case answered without :func:`resolve`)."""
    value = entry.value
    if type(value) is ScalarNode:
        scalar = value.value
        if isinstance(scalar, str):
            if "${" not in scalar:
                return value
            followed = resolve(root, value).node
            if followed is None:  # never: a value always resolves to a node
                return value
            if type(followed) is not ScalarNode or isinstance(followed.value, str):
                return followed
            value = followed
        return value if DATASET_SECTION.match(entry.key) else None
    return value


def _scan_for_sections(document: Document, node: Node, prefix: str, depth: int, refs: list[DatasetRef]) -> None:
    if depth >= MAX_SECTION_DEPTH:
        return
    if isinstance(node, SeqNode):  # `tasks: [{name: ..., data: {...}}]`
        _scan_items(document, node, prefix, depth, refs)
        return
    if not isinstance(node, MapNode):
        return
    mine: list[DatasetRef] = []
    _sibling_refs(document, node, prefix, mine)
    read = {ref.key for ref in mine}  # read with their pin sibling: not again
    modules = _imported_modules(node) if not prefix else frozenset()
    for entry in _entries(node):
        # (a container, or a plain string without `${`, is scanned as it is: _value_to_scan's answer without a call)
        value = entry.value if type(entry.value) is not ScalarNode or (
            type(entry.value.value) is str and "${" not in entry.value.value) else _value_to_scan(document.root, entry)
        if value is None:
            continue  # a number, boolean or null outside a data section names no data (the branches below agree)
        key_path = f"{prefix}.{entry.key}" if prefix else entry.key
        if key_path in read:
            continue
        facts = key_facts(entry.key)
        if facts.pin or facts.pin_map or (entry.key in modules and isinstance(value, OpaqueNode)):
            continue  # pins are read with what they pin; `import datasets`, then `datasets.load_from_disk()`: a module
        if facts.components and _names_components(document, entry):
            _rejected(key_path, facts.lowered)
            if isinstance(value, MapNode):  # not one dataset, but it may hold a data section: `pipeline: {stages:
                _scan_for_sections(document, value, key_path, depth + 1, refs)  # [{source: s3://...}]}`
            continue
        read_before = len(mine) + len(refs)
        # a scalar is never a reader call, nor holds one
        plain, calls = (True, False) if type(value) is ScalarNode else (False, _may_call(value))
        if calls and _is_reader_call(value):
            _read_call(document, value, key_path, mine)
        elif (facts.data_section or (facts.data_config and isinstance(value, MapNode))) and not facts.not_data:
            note("dataset", key_path, True, "a section named for data: its references are read")
            section: list[DatasetRef] = []
            _read_section(document, entry, key_path, section)
            _apply_section_pins(document, node, entry.key, section)
            mine.extend(section)
        elif facts.split and isinstance(value, MapNode) and _names_data(document, value, split=True):
            _read_item(document, value, key_path, mine)
        elif isinstance(value, MapNode) and not facts.not_data and _is_model(document, entry.key, value):
            note("dataset", key_path, False, _MODEL_WHY)
        elif isinstance(value, MapNode) and not facts.not_data and facts.model_candidate \
                and _locates_data(document, value):
            # any section naming data by location, with a version beside it or stored data there:
            # `prompts: {path: ..., revision: ...}`, `logged_feedback: {uri: s3://...}`
            note("dataset", key_path, True, "names data by location (a path, URI or table), with a version beside "
                 "it or stored data there")
            _read_item(document, value, key_path, mine, default_name=entry.key)
        elif plain or isinstance(value, OpaqueNode) or (isinstance(value, SeqNode) and _scalars(value)):
            _read_loose(document, node, entry, key_path, mine)
        elif isinstance(value, (MapNode, SeqNode)) and not facts.not_data:
            _scan_for_sections(document, value, key_path, depth + 1, refs)
        elif isinstance(value, (MapNode, SeqNode)):
            note("dataset", key_path, False, "the section configures a model, output, logging or the like, not data")
        if calls and len(mine) + len(refs) == read_before and value is not None and not _is_reader_call(value):
            for call in _nested_reader_calls(value):  # nothing read there, but a reader call inside: it reads data
                _read_call(document, call, key_path, mine)
    _apply_pin_maps(document, node, mine)
    _apply_lone_digest(document, node, prefix, mine)
    refs.extend(_without_roots(node, prefix, mine))


def _may_call(value: Node) -> bool:
    """Whether a value that is no scalar may be or hold a reader call: a mapping without `__call__` (how a call is
    read) is none and holds none (see :func:`_nested_reader_calls`)."""
    return type(value) is not MapNode or value.entry("__call__") is not None


def _scan_items(document: Document, node: SeqNode, prefix: str, depth: int, refs: list[DatasetRef]) -> None:
    for index, item in enumerate(node.items[:MAX_LIST_SCAN]):
        if isinstance(item, MapNode):
            _scan_for_sections(document, item, f"{prefix}[{index}]", depth + 1, refs)


def _imported_modules(root: MapNode) -> frozenset[str]:
    """Names a Python config binds by ``import x`` (modules, which a call on them may be said to change)."""
    imports = root.get("__imports__")
    if not isinstance(imports, SeqNode):
        return frozenset()
    return frozenset(str(item.value).split(".")[0] for item in imports.items
                     if isinstance(item, ScalarNode) and ":" not in str(item.value))


def _read_sql(document: Document, key: str, key_path: str, strings: list[tuple[str, Span]],
              refs: list[DatasetRef]) -> bool:
    """The tables a SQL query under a query key reads, each pinned by its time travel (a Delta `VERSION AS OF`
    like a version of its log; a point in time weakly; a time relative to now floats). False when no string is
    such a query."""
    found = False
    for text, span in strings:
        for table in sql_tables(key, text) if not isinstance(text, Computed) else ():
            found = True
            note("dataset", key_path, True, f"a SQL query that reads `{table.table}`")
            if table.how == "relative":
                made = make_ref_from_text(document, key_path, table.table, span, version=None, digest=None)
                made.pin, made.version, made.evidence = "floating", table.at, "explicit-version"
                made.note = f"; time travel to `{table.at}` is relative to now: it moves"
            else:
                made = make_ref_from_text(document, key_path, table.table, span, version=table.at or None,
                                          digest=None, parameter=version_parameter("versionasof")
                                          if table.how == "version" else None)
            refs.append(made)
    return found


class LooseKey(NamedTuple):
    """What :func:`_read_loose` asks of a key's name alone, asked once per distinct key (see :func:`loose_key`)."""

    lowered: str
    query: bool  # a SQL query key: its strings are read as queries first
    not_data: bool  # names an output, a model or the like, whatever its value
    output_unless_stored: bool  # a bare `logs`/`export`: an output unless its value stores data
    data_key: bool  # names a split or data (LOOSE_DATA_KEY)


_LOOSE_KEYS: dict[str, LooseKey] = {}


def loose_key(key: str) -> LooseKey:
    facts = _LOOSE_KEYS.get(key)
    if facts is None:
        if len(_LOOSE_KEYS) >= MAX_REMEMBERED:
            _LOOSE_KEYS.clear()
        lowered = key.lower()
        output = output_key(lowered)
        facts = _LOOSE_KEYS[key] = LooseKey(
            lowered, SQL_KEY.search(lowered) is not None,
            bool(NOT_DATA.search(lowered)) or output is True or MODEL_ROLE_KEY.match(lowered) is not None,
            output is None, LOOSE_DATA_KEY.search(lowered) is not None)
    return facts


def _read_loose(document: Document, node: MapNode, entry: Entry, key_path: str, refs: list[DatasetRef]) -> None:
    """A value outside any data section: a dataset when it names stored data (a storage URI, a data file, an
    Azure ML asset), or when its key names a split or data (`TRAIN_CSV`, `paths.train`) and it looks like data,
    unless the key names an output, a model or the like; the tables a SQL query reads."""
    facts = loose_key(entry.key)
    value = entry.value
    if type(value) is ScalarNode and type(value.value) is str and "${" not in value.value and not facts.query:
        # the common case, one plain string, answered by the key's facts before its span is made
        text = value.value
        if facts.not_data or is_reference_placeholder(text) or (facts.output_unless_stored and not stores_data(text)):
            return
        why = _loose_reason(facts.lowered, text, facts.data_key)
        if why:
            note("dataset", key_path, True, why)
            version, digest = _pins_for(node, entry.key)
            refs.append(make_ref(document, key_path, text, value.span, version_entry=version, digest_entry=digest))
        elif facts.data_key:
            note("dataset", key_path, False, "the key names a split or data, but the value is not a path, URI or "
                 "data file")
        return
    lowered = facts.lowered
    strings = _ref_strings(document, entry.value)
    if _read_sql(document, lowered, key_path, strings, refs):
        return
    if not strings or NOT_DATA.search(lowered) or writes_output(lowered, [text for text, _ in strings]) \
            or MODEL_ROLE_KEY.match(lowered):
        return
    data_key = LOOSE_DATA_KEY.search(lowered) is not None
    why = next((reason for text, _ in strings if (reason := _loose_reason(lowered, text, data_key))), "")
    if why:
        note("dataset", key_path, True, why)
        version, digest = _pins_for(node, entry.key)
        refs.extend(make_ref(document, key_path, text, span, version_entry=version, digest_entry=digest)
                    for text, span in strings)
    elif data_key and isinstance(entry.value, ScalarNode) and isinstance(entry.value.value, str):
        note("dataset", key_path, False, "the key names a split or data, but the value is not a path, URI or data file")


def _loose_reason(key: str, text: str, data_key: bool) -> str:
    """Why a value outside any data section names data (``""``: it does not)."""
    if isinstance(text, Computed):
        if names_location(key):
            return "computed by an expression under a key that names where data is: what it names is unknown"
        return "computed from a literal that names a storage URI" if stores_data(text) else ""
    if stores_data(text):
        return "names stored data (a storage URI below its bucket, a data file, an Azure ML data asset)"
    if names_table(key, text):
        return "names a table under a table key"
    if data_key and looks_like_data(text, data_key=True):
        return "the key names a split or data and the value looks like data (a path, URI or data file)"
    return ""


def _scalars(node: SeqNode) -> bool:
    return bool(node.items) and all(isinstance(item, (ScalarNode, OpaqueNode)) for item in node.items[:MAX_LIST_SCAN])


def _pins_for(node: MapNode, key: str) -> tuple[Entry | None, Entry | None]:
    """The pins of ``key`` in ``node``: its own sibling (``<key>_version``, ``<key>_sha256``), else a version or
    digest the mapping sets once for its data (``data_version``, ``dataset_sha256``)."""
    version, digest = pin_siblings(node, key)
    if version is None and digest is None:
        lowered = _lowered(node)
        version = next((lowered[k] for k in SIBLING_PINS if k in lowered), None)
        digest = next((lowered[k] for k in SIBLING_DIGESTS if k in lowered), None)
    return version, digest


def _names_components(document: Document, entry: Entry) -> bool:
    """Whether ``entry`` names a list or mapping of components (features, columns, labels, augmentations,
    metrics...), not data: a `labels` file or a `seed_labels: {uri: s3://...}` mapping names stored data, so it
    is data."""
    if not NAMED_COMPONENTS.search(entry.key.lower()):
        return False
    value = resolve(document.root, entry.value).node
    if isinstance(value, ScalarNode) and not isinstance(value.value, str):
        return False  # `encoder_layers: 18`: a setting, neither data nor a list of components
    if isinstance(value, MapNode):
        return not _names_data(document, value, stored=True)
    if isinstance(value, SeqNode):
        return True  # a list under such a key is a list of components, whatever its items look like
    return not any(stores_data(text) for text in _ref_texts(document, entry.value))


def _is_model(document: Document, key: str, node: MapNode) -> bool:
    """Whether a mapping configures a model (a teacher, a reward model, a judge; one with a dtype, an
    architecture or generation settings; one whose location is model weights), not data."""
    keys = node.folded().keys()
    if key.lower() in RUN_SECTIONS or not TRAINING_MARKERS.isdisjoint(keys) \
            or any_match(DATASET_SECTION, keys):
        return False  # a run's whole config (`cfg = Config(epochs=..., dataset=..., dropout=...)`) is no model
    location = ""
    for field in REF_FIELDS if _holds_any(node, _REF_FIELD_SET) else ():
        entry = first_entry(node, (field,))
        if entry is not None and (texts := _ref_texts(document, entry.value)):
            location = texts[0]
            break
    return configures_model(key, node, location)


_MODEL_WHY = ("configures a model, not data: its key names a model's role (teacher, reward model, judge...), its "
              "neighbours are a model's (a dtype, quantisation, an architecture, generation settings) and none a "
              "data's, or its location is model weights")


def _apply_pin_maps(document: Document, node: MapNode, found: list[DatasetRef]) -> None:
    """A mapping of dataset names to versions or digests beside the datasets (``checksums: {spontaneous:
    sha256:...}``, ``versions: {train: v3}``) pins each dataset of that name that nothing else pinned."""
    if not found:
        return
    maps = [entry for entry in _entries(node) if PIN_MAP_KEY.match(entry.key) and isinstance(entry.value, MapNode)]
    if not maps:
        return
    for index, ref in enumerate(found):
        if ref.version is not None or ref.digest is not None or ref.evidence is not None:
            continue
        names = [part for part in re.split(r"[.\[\]]", ref.key) if part]
        for pin_map in maps:
            assert isinstance(pin_map.value, MapNode)
            given = next((pin_map.value.entry(name) for name in reversed(names) if pin_map.value.entry(name)), None)
            if given is None or not isinstance(given.value, ScalarNode):
                continue
            digest = DIGEST_MAP_KEY.search(pin_map.key) is not None
            note("dataset", ref.key, True, f"pinned by `{pin_map.key}.{given.key}`, a mapping of dataset names to "
                 f"{'digests' if digest else 'versions'}")
            found[index] = make_ref(document, ref.key, ref.ref, ref.origin.span,
                                    version_entry=None if digest else given, digest_entry=given if digest else None)
            break


def _apply_section_pins(document: Document, node: MapNode, key: str, found: list[DatasetRef]) -> None:
    """A version or digest beside a data section (``dataset: {name: ...}`` and ``dataset_version: latest``)
    pins each dataset of the section that nothing inside it pinned."""
    version, digest = pin_siblings(node, key)
    pinned_by = version or digest
    if pinned_by is None:
        return
    for index, ref in enumerate(found):
        if ref.version is None and ref.digest is None and ref.evidence is None:
            note("dataset", ref.key, True, f"pinned by `{pinned_by.key}`, beside its section")
            found[index] = make_ref(document, ref.key, ref.ref, ref.origin.span, version_entry=version,
                                    digest_entry=digest)


def _apply_lone_digest(document: Document, node: MapNode, prefix: str, found: list[DatasetRef]) -> None:
    """A bare content digest in a mapping (``sha256:`` beside ``train_csv:``) pins the one dataset that mapping
    names by its own keys; beside several it pins none of them (a digest is of one content)."""
    if not found:
        return
    digest = first_entry(node, DIGEST_FIELDS)
    if digest is None:
        return
    own = [index for index, ref in enumerate(found) if ref.key.rpartition(".")[0] == prefix and "[" not in
           ref.key[len(prefix):]]
    if len(own) != 1:
        return
    ref = found[own[0]]
    if ref.version is None and ref.digest is None and ref.evidence is None:
        note("dataset", ref.key, True, f"pinned by `{digest.key}`, the one digest beside the one dataset of its "
             "mapping")
        found[own[0]] = make_ref(document, ref.key, ref.ref, ref.origin.span, digest_entry=digest)


def _without_roots(node: MapNode, prefix: str, found: list[DatasetRef]) -> list[DatasetRef]:
    """A root folder (`data_dir: ${paths.data_dir}`) beside a dataset that is pinned is where that dataset is
    stored, not a dataset of its own."""
    if not any(_pins_storage(ref) for ref in found):
        return found
    roots = {f"{prefix}.{e.key}" if prefix else e.key for e in node.entries if ROOT_KEY.search(e.key)}
    kept: list[DatasetRef] = []
    for ref in found:
        if ref.key not in roots or ref.pin in ("weak", "strong"):
            kept.append(ref)
        else:
            note("dataset", ref.key, False, "a root folder beside a pinned dataset: where that dataset is stored")
    return kept


def dot_prefixes(key: str) -> list[str]:
    """The parts of ``key`` before each of its dots (``a.b.c`` -> ``a``, ``a.b``)."""
    return [key[:index] for index, char in enumerate(key) if char == "."]


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
    if not _LAST_LOWERED[0][3]:  # no key of the mapping ends like a version or digest
        return None, None
    stems = [key.lower()]
    stem = STEM_SUFFIX.sub("", key.lower())
    if stem and stem != stems[0]:
        stems.append(stem)
    version = next((lowered[f"{s}_{suffix}"] for s in stems for suffix in VERSION_SUFFIXES
                    if f"{s}_{suffix}" in lowered), None)
    digest = next((lowered[f"{s}_{suffix}"] for s in stems for suffix in DIGEST_SUFFIXES
                   if f"{s}_{suffix}" in lowered), None)
    return version, digest


def _orphan_pins(node: MapNode) -> tuple[Entry | None, Entry | None]:
    """A version or digest key whose stem names no other key of the mapping (``census_version``, ``dvc_md5``,
    ``snapshot_version``): set once for the data the mapping describes."""
    lowered = _lowered(node)
    if not _LAST_LOWERED[0][3]:
        return None, None
    version: Entry | None = None
    digest: Entry | None = None
    for key, entry in lowered.items():
        match = PIN_SUFFIX.search(key)
        if match is None or NOT_DATA.search(key[:match.start()]) or MODEL_ROLE_KEY.match(key[:match.start()]):
            continue
        stem = key[:match.start()]
        if any(other != key and (other == stem or STEM_SUFFIX.sub("", other) == stem) for other in lowered):
            continue  # it pins its sibling
        if not _real_object_version(key, entry):
            continue  # `augment_generation: 2`: an object version only when it looks like one
        if match.group(0)[1:] in DIGEST_SUFFIXES:
            digest = digest or entry
        else:
            version = version or entry
    return version, digest


def _real_object_version(key: str, entry: Entry) -> bool:
    """Whether ``entry`` is no object-version key (``*_generation``, ``*_version_id``) or holds a value shaped
    like a real object version; a lone such key names an object version only by its value."""
    known = version_parameter(key)
    if known is None or known.shape is None:
        return True
    return isinstance(entry.value, ScalarNode) and known.shape.pattern.match(str(entry.value.value).strip()) is not None


_LAST_LOWERED: list[tuple[MapNode, int, dict[str, Entry], bool]] = []
_NO_PIN_SUFFIX: set[str] = set()  # lower-cased keys PIN_SUFFIX does not find


def _lowered(node: MapNode) -> dict[str, Entry]:
    """The entries of ``node`` by lower-cased key (the first of each); the last mapping's is kept, with whether
    any of its keys ends like a version or digest, since the readers ask for the same mapping once per key."""
    if _LAST_LOWERED and _LAST_LOWERED[0][0] is node and _LAST_LOWERED[0][1] == len(node.entries):
        return _LAST_LOWERED[0][2]
    found = node.folded()
    if found.keys() <= _NO_PIN_SUFFIX:  # every key known to end like no version or digest (a set test in C)
        pins = False
    else:
        pins = any(PIN_SUFFIX.search(key) for key in found)
        if not pins:
            if len(_NO_PIN_SUFFIX) >= MAX_REMEMBERED:
                _NO_PIN_SUFFIX.clear()
            _NO_PIN_SUFFIX.update(found)
    _LAST_LOWERED[:] = [(node, len(node.entries), found, pins)]
    return found


def _sibling_refs(document: Document, node: MapNode, prefix: str, refs: list[DatasetRef]) -> None:
    """``dataset_name: x`` beside ``dataset_revision: v1``; any ``<key>`` beside ``<key>_version`` /
    ``<key>_sha256`` / ``<key>_snapshot`` (or its stem's: ``DATA_DIR`` + ``DATA_VERSION``), unless it names a
    model (``teacher`` + ``teacher_revision``), a tokenizer, code or an output."""
    lowered = _lowered(node)
    if not _LAST_LOWERED[0][3] and _SIBLING_KEYS.isdisjoint(lowered):
        return
    shared_version = next((lowered[k] for k in SIBLING_PINS if k in lowered), None)
    shared_digest = next((lowered[k] for k in SIBLING_DIGESTS if k in lowered), None)
    for entry in _entries(node):
        key = entry.key.lower()
        if _is_pin_key(key) or not isinstance(entry.value, (ScalarNode, SeqNode, OpaqueNode)):
            continue
        version, digest = pin_siblings(node, entry.key)
        if key in SIBLING_REFS and version is None and digest is None:
            version, digest = shared_version, shared_digest
        elif (version is None and digest is None) or NOT_DATA.search(key) or NAMED_COMPONENTS.search(key) \
                or MODEL_ROLE_KEY.match(key) or writes_output(key):
            if version is not None or digest is not None:
                note("dataset", f"{prefix}.{entry.key}" if prefix else entry.key, False,
                     "has a version beside it, but names a model, tokenizer, code or output, not data")
            continue
        strings = _ref_strings(document, entry.value)
        key_path = f"{prefix}.{entry.key}" if prefix else entry.key
        if any(configures_model(key, None, text) for text, _ in strings):
            note("dataset", key_path, False, "has a version beside it, but its location is model weights")
            continue
        pinned_by = version or digest
        note("dataset", key_path, True, f"pinned by its sibling `{pinned_by.key}`" if pinned_by is not None
             else "a key that names a dataset by convention (`dataset_name`, `train_file`, `data_dir`...)")
        for ref_value, span in strings:
            refs.append(make_ref(document, key_path, ref_value, span, version_entry=version, digest_entry=digest))


def first_entry(node: MapNode, keys: tuple[str, ...]) -> Entry | None:
    """The entry of the first of ``keys`` that ``node`` has (whatever its case)."""
    for key in keys:
        found = node.entry(key)
        if found is not None:
            return found
    if node.cased():
        lowered = node.folded()
        for key in keys:
            found = lowered.get(key)
            if found is not None:
                return found
    return None


def _ref_texts(document: Document, node: Node) -> list[str]:
    """The texts of :func:`_ref_strings`, without making their spans for one plain string (the common case)."""
    if type(node) is ScalarNode:
        value = node.value
        if type(value) is str and "${" not in value:
            return [] if is_reference_placeholder(value) else [value]
    return [text for text, _ in _ref_strings(document, node)]


def _ref_strings(document: Document, node: Node) -> list[tuple[str, Span]]:
    """The strings a value names data by: a string, the strings of a list, an interpolation nobody could
    follow (its text), or an expression a Python config computes (:class:`Computed`)."""
    if type(node) is ScalarNode:  # the common case without building a resolution: a value with no interpolation
        value = node.value
        if not isinstance(value, str):
            return []
        if "${" not in value:
            return [] if is_reference_placeholder(value) else [(value, node.span)]
    followed = resolve(document.root, node)
    resolved = followed.node
    if followed.unresolved and not followed.env:  # names data through a key nobody could follow: unknown
        return [(followed.unresolved, node.span)]
    if isinstance(resolved, ScalarNode) and isinstance(resolved.value, str) \
            and not is_reference_placeholder(resolved.value):
        return [(resolved.value, node.span)]
    if isinstance(resolved, SeqNode):
        return [pair for item in resolved.items for pair in _ref_strings(document, item)]
    if isinstance(resolved, OpaqueNode) and not resolved.text.endswith(DEFINED_HERE):
        return [(Computed(resolved.text), node.span)]
    return []


_PIN_FIELDS = (*VERSION_FIELDS, *DIGEST_FIELDS)
_REF_FIELD_SET = frozenset(REF_FIELDS)
_DATA_REF_FIELD_SET = frozenset(DATA_REF_FIELDS)


def _holds_any(node: MapNode, fields: frozenset[str]) -> bool:
    """Whether :func:`first_entry` could find one of ``fields`` in ``node`` (a quick no for most mappings)."""
    return not fields.isdisjoint(node.keys()) or (node.cased() and not fields.isdisjoint(node.folded()))


def _pin_of(node: MapNode) -> Entry | None:
    return (first_entry(node, _PIN_FIELDS) if _holds_any(node, _PIN_KEYS) else None) or next(
        (entry for entry in _orphan_pins(node) if entry is not None), None)


def _locates_data(document: Document, node: MapNode) -> bool:
    """Whether a mapping describes one dataset by its location: a location field (``path``, ``uri``, ``table``...)
    holding a data-like value, with a version or digest beside it or stored data there (``prompts: {path: ...,
    revision: ...}``, ``logged_feedback: {uri: s3://...}``); a run's whole config is scanned, not read as one."""
    if not _holds_any(node, _DATA_REF_FIELD_SET):
        return False
    pinned = _pin_of(node) is not None
    for key in DATA_REF_FIELDS:
        entry = first_entry(node, (key,))
        if entry is not None and any(stores_data(text) or names_table(key, text)
                                     or (pinned and looks_like_data(text, data_key=True))
                                     for text in _ref_texts(document, entry.value)):
            return True
    return False


def _names_data(document: Document, node: MapNode, *, stored: bool = False, split: bool = False) -> bool:
    """Whether a mapping names data: a reference field holding a data-like value (a split section such as
    ``train: {uri: ..., version: ...}``, not ``train: {epochs: 3}``), a table under a table key, or (``stored``:
    only this) stored data under any key that is no output (``reference: {fasta: gs://...}``). A ``split``
    section names data by any path that is no model's (``train: {images: /data/x/, annotations: a.json}``;
    not ``train: {resume: checkpoints/last.ckpt}``)."""
    for entry in _entries(node):
        lowered = entry.key.lower()
        if _names_no_data(lowered):
            continue
        location = lowered in DATA_REF_FIELDS
        if any(stores_data(text) or names_table(lowered, text)
               or (not stored and location and looks_like_data(text, data_key=True))
               or (split and looks_like_data(text) and not configures_model(lowered, None, text))
               for text in _ref_texts(document, entry.value)):
            return True
    return False


@remember_texts
def _names_no_data(lowered: str) -> bool:
    """Whether :func:`_names_data` passes over a key by its name: a pin, an output, components, not data."""
    return _is_pin_key(lowered) or writes_output(lowered) or NAMED_COMPONENTS.search(lowered) is not None \
        or NOT_DATA.search(lowered) is not None


def _read_section(document: Document, entry: Entry, key_path: str, refs: list[DatasetRef], *, depth: int = 0,
                  named_parent: bool = False) -> None:
    node = resolve(document.root, entry.value).node
    if isinstance(node, MapNode) and isinstance(node.get("init_args"), MapNode):
        node = node.get("init_args")
    if _is_reader_call(node):
        _read_call(document, node, key_path, refs)
    elif isinstance(node, (ScalarNode, OpaqueNode)):
        for value, span in _ref_strings(document, entry.value):
            refs.append(make_ref(document, key_path, value, span))
    elif isinstance(node, SeqNode):
        for index, item in enumerate(node.items):
            _read_item(document, item, f"{key_path}[{index}]", refs)
    elif isinstance(node, MapNode):
        if _describes_dataset(node):
            _read_item(document, node, key_path, refs, default_name=entry.key)
            return
        # `datasets: {train: org/a, eval: org/b}`, also nested: `mixed_seq_datasets: {128: {wiki: path}}`
        named = named_parent or entry.key.lower().endswith(("datasets", "tables"))
        found: list[DatasetRef] = []
        _sibling_refs(document, node, key_path, found)
        for child in _entries(node):
            _read_child(document, node, child, f"{key_path}.{child.key}", found, named=named, depth=depth)
        _apply_pin_maps(document, node, found)
        refs.extend(found)


def _read_child(document: Document, section: MapNode, child: Entry, child_key: str, refs: list[DatasetRef], *,
                named: bool, depth: int) -> None:
    """One entry of a data section: a mapping describing a dataset, named datasets, a list, or a reference (under
    a split, data or path-like key, or a value that looks like data); not components, pins, outputs or models."""
    lowered = child.key.lower()
    if _is_pin_key(lowered) or PIN_MAP_KEY.match(lowered):
        return
    if _names_components(document, child):
        _rejected(child_key, lowered)
        return
    child_node = resolve(document.root, child.value).node
    strings = _ref_strings(document, child.value) if isinstance(child_node, (ScalarNode, OpaqueNode)) else []
    if MODEL_ROLE_KEY.match(lowered) or (isinstance(child_node, MapNode)
                                         and _is_model(document, child.key, child_node)):
        note("dataset", child_key, False, _MODEL_WHY)
    elif _is_reader_call(child_node):
        _read_call(document, child_node, child_key, refs)
    elif isinstance(child_node, MapNode) and _describes_dataset(child_node):
        _read_item(document, child_node, child_key, refs, default_name=child.key)
    elif isinstance(child_node, MapNode) and depth < 2 and (named or lowered.endswith("datasets")
                                                            or REF_SUFFIX.search(lowered)):
        # named datasets, or a mapping of splits to locations under a path-like key (`data_files: {train: ...}`)
        _read_section(document, child, child_key, refs, depth=depth + 1, named_parent=True)
    elif isinstance(child_node, SeqNode) and (DATASET_SECTION.match(child.key) or named):
        _read_section(document, child, child_key, refs)
    elif isinstance(child_node, SeqNode) and writes_output(lowered, _ref_texts(document, child_node)):
        note("dataset", child_key, False, "a list of outputs, caches, logs, checkpoints or models, not inputs")
    elif isinstance(child_node, SeqNode):  # `data: {train: [{name: ..., version: ...}]}`
        _read_list(document, section, child, child_node, child_key=child_key, refs=refs)
    elif writes_output(lowered, [text for text, _ in strings]):
        note("dataset", child_key, False, "an output, cache, log, checkpoint or model path, not an input")
    elif _read_sql(document, lowered, child_key, strings, refs):
        return
    elif strings:
        data_key = named or SPLIT_NAMES.match(child.key) is not None or REF_SUFFIX.search(child.key) is not None \
            or DATASET_SECTION.match(child.key) is not None or names_location(lowered) \
            or (LOOSE_DATA_KEY.search(lowered) is not None and not any(isinstance(t, Computed) for t, _ in strings))
        if any(looks_like_data(text, data_key=data_key) or stores_data(text) or names_table(lowered, text)
               for text, _ in strings) or (named and not any(isinstance(text, Computed) for text, _ in strings)):
            note("dataset", child_key, True, "in a data section, a split, a path-like key or a data-like value")
            version, digest = _pins_for(section, child.key)
            refs.extend(make_ref(document, child_key, value, span, version_entry=version, digest_entry=digest)
                        for value, span in strings)


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
    data_key = path_like or LOOSE_DATA_KEY.search(child.key) is not None
    for index, item in enumerate(items.items):
        item_key = f"{child_key}[{index}]"
        if _is_reader_call(item):
            _read_call(document, item, item_key, refs)
            continue
        if isinstance(item, MapNode):
            if _is_model(document, child.key, item):
                note("dataset", item_key, False, _MODEL_WHY)
            elif _describes_dataset(item):
                _read_item(document, item, item_key, refs)
            continue
        strings = [(text, span) for text, span in _ref_strings(document, item)
                   if path_like or looks_like_data(text, data_key=data_key) or stores_data(text)]
        if strings:
            note("dataset", item_key, True, "a list item naming data in a data section")
        refs.extend(make_ref(document, item_key, value, span) for value, span in strings)


_DESCRIBING_FIELDS = frozenset((*REF_FIELDS, *VERSION_FIELDS, *DIGEST_FIELDS))


def _describes_dataset(node: MapNode) -> bool:
    """Whether a mapping describes one dataset: it has a reference, version or digest field (any case), or a
    version or digest set once for its data (``census_version``, ``dvc_md5``)."""
    keys = node.keys()
    if not _DESCRIBING_FIELDS.isdisjoint(keys):
        return True
    if node.cased() and not _DESCRIBING_FIELDS.isdisjoint(node.folded()):
        return True
    return any(entry is not None for entry in _orphan_pins(node))


def _location_first(document: Document, node: MapNode) -> tuple[Entry, tuple[str, Span]] | None:
    """The reference field naming the dataset a mapping describes: the first one holding a location that looks
    like data (``uri: gs://...`` over ``name: promotions``), else the first one naming something real."""
    named: list[tuple[Entry, tuple[str, Span]]] = []
    lowered = _lowered(node)
    for key in REF_FIELDS:
        entry = lowered.get(key)
        if entry is not None and (strings := _ref_strings(document, entry.value)):
            named.append((entry, strings[0]))
    return next((pair for pair in named if pair[0].key.lower() != "name" and (
        stores_data(pair[1][0]) or looks_like_data(pair[1][0], data_key=True))), named[0] if named else None)


@remember_texts
def _no_path_key(key: str) -> bool:
    """Whether :func:`_read_item` takes no path from a key, by its name: a pin, a reference field (read as the
    dataset's name or location), components, a model's role."""
    lowered = key.lower()
    return _is_pin_key(lowered) or lowered in REF_FIELDS or NAMED_COMPONENTS.search(lowered) is not None \
        or MODEL_ROLE_KEY.match(key) is not None


def _read_item(document: Document, node: Node, key_path: str, refs: list[DatasetRef], default_name: str = "") -> None:
    if _is_reader_call(node):
        _read_call(document, node, key_path, refs)
        return
    if isinstance(node, (ScalarNode, OpaqueNode)):
        for value, span in _ref_strings(document, node):
            refs.append(make_ref(document, key_path, value, span))
        return
    if not isinstance(node, MapNode):
        return
    # The reference field that names the dataset (a location over a bare name), with what it names.
    named = _location_first(document, node)
    version, digest = first_entry(node, VERSION_FIELDS), first_entry(node, DIGEST_FIELDS)
    if version is None and digest is None:
        version, digest = _orphan_pins(node)
    for entry in _entries(node):
        if NAMED_COMPONENTS.search(entry.key.lower()):
            _rejected(f"{key_path}.{entry.key}", entry.key.lower())
    paths = [(entry, _ref_strings(document, entry.value)) for entry in _entries(node)
             if not _no_path_key(entry.key)
             and (found := _ref_texts(document, entry.value))
             and not writes_output(entry.key, found)
             and not any(configures_model(entry.key, None, text) for text in found)
             and (REF_SUFFIX.search(entry.key) or DATASET_SECTION.match(entry.key)
                  or any(looks_like_data(text) or stores_data(text) or names_table(entry.key, text)
                         for text in found))]
    mapped = _mapped_locations(document, node, key_path, version, digest)
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
    elif default_name and not mapped and (version is not None or digest is not None):
        # `source: {kind: cellxgene-census, census_version: stable}`: named by what identifies it, else its key
        identity = next((strings[0] for field in IDENTITY_FIELDS if (holder := first_entry(node, (field,))) is not None
                         and (strings := _ref_strings(document, holder.value))), (default_name, node.span))
        pinned = version or digest
        note("dataset", key_path, True, "a version or digest set for the data this mapping describes"
             + (f" (`{pinned.key}`)" if pinned is not None else ""))
        refs.append(make_ref(document, key_path, identity[0], identity[1], version_entry=version,
                              digest_entry=digest))
    refs.extend(mapped)
    for child in _entries(node):  # `data: {data_dir: ..., dataset: {name: ..., version: ...}}`
        if isinstance(child.value, (MapNode, SeqNode)) and DATASET_SECTION.match(child.key) \
                and not NOT_DATA_SECTION.search(child.key.lower()):
            _read_section(document, child, f"{key_path}.{child.key}", refs)


def _mapped_locations(document: Document, node: MapNode, key_path: str, version: Entry | None,
                      digest: Entry | None) -> list[DatasetRef]:
    """Locations under a path-like key of a mapping describing data, by split or name (``{data_files: {train:
    s3://b/train/*.parquet, validation: ...}, revision: v2}``), pinned by the mapping's version or digest."""
    found: list[DatasetRef] = []
    for entry in _entries(node):
        value = resolve(document.root, entry.value).node
        if not isinstance(value, MapNode) or not (entry.key.lower() in REF_FIELDS or REF_SUFFIX.search(entry.key)) \
                or writes_output(entry.key.lower()):
            continue
        for child in _entries(value):
            where = f"{key_path}.{entry.key}.{child.key}"
            strings = [(text, span) for text, span in _ref_strings(document, child.value)
                       if looks_like_data(text, data_key=True) or stores_data(text)]
            if strings:
                note("dataset", where, True, "a location under a path-like key of a mapping describing data")
            found.extend(make_ref(document, where, text, span, version_entry=version, digest_entry=digest)
                         for text, span in strings)
    return found


IDENTITY_FIELDS = ("kind", "id", "source", "dataset", "project", "service", "feature_service", "type")


# --- reader calls in Python configs: `load_dataset("acme/reviews", revision="main")`, `pd.read_parquet(...)` ---
# A call to a function that reads data names a dataset by its arguments (never run): the location (its first
# argument, or `data_files=`/`path=`... for builders such as `load_dataset("csv", data_files=...)`), pinned by its
# `revision=`/`version=`/digest arguments; whatever key holds it.
READER_CALL = lazy(
    r"(?:^|\.)(?:load_dataset|load_from_disk|load_from_hub|read_(?:csv|parquet|json|table|feather|orc|excel|pickle|"
    r"hdf|sql|sql_table|sql_query|delta|avro|ipc|ndjson|fwf|gbq|database|iceberg)|scan_(?:csv|parquet|ndjson|ipc|"
    r"delta|iceberg)|from_(?:csv|parquet|json|sql|text)|loadtxt|genfromtxt|[A-Za-z]*Dataset|ImageFolder|"
    r"DatasetFolder|make_csv_dataset)$|(?:^|\.)tfds\.load$|(?:^|\.)read\.(?:parquet|csv|json|orc|text|table|load)$")
# `load_dataset`'s packaged builders: the data is in `data_files`/`data_dir`, not in the builder's name.
BUILDERS = frozenset({"csv", "json", "parquet", "text", "arrow", "imagefolder", "audiofolder", "videofolder",
                      "webdataset", "pandas", "sql", "xml"})
CALL_LOCATIONS = ("path", "uri", "url", "urls", "data_files", "data_dir", "dataset_path", "path_or_buf",
                  "filepath_or_buffer", "io", "source", "file", "files", "filename", "paths", "root", "table",
                  "table_name", "name")
_CALL_TEXT = lazy(r"^[\w.]+\s*\(")


def _callee(node: Node | None) -> str:
    """The function a call-built value calls (`datasets.load_dataset`), or ``""``."""
    if isinstance(node, MapNode):
        called = node.get("__call__")
        return str(called.value).strip() if isinstance(called, ScalarNode) and isinstance(called.value, str) else ""
    if isinstance(node, OpaqueNode) and _CALL_TEXT.match(node.text):
        return _outer_callee(node.text)
    return ""


@functools.lru_cache(maxsize=1024)
def _outer_callee(text: str) -> str:
    """The function an expression kept as source text calls, when the whole expression is one call of a dotted
    name (``datasets.load_dataset(...)``); ``""`` for a method called on a call's result
    (``load_dataset(...).map(fn)``: its arguments are the method's, not the reader's)."""
    try:
        parsed = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return text.split("(", 1)[0].strip()
    if not isinstance(parsed, ast.Call):
        return ""
    func: ast.expr = parsed.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return ast.unparse(parsed.func) if isinstance(func, ast.Name) else ""


def _is_reader_call(node: Node | None) -> bool:
    callee = _callee(node)
    return bool(callee) and READER_CALL.search(callee) is not None


def _nested_reader_calls(node: Node) -> list[Node]:
    """The reader calls a Python value holds inside itself, each as the reader builds a call (source text, or a
    mapping of its arguments): ``load_dataset("acme/a").shuffle(seed=1)``, ``concatenate_datasets([load_dataset(
    "acme/a"), load_dataset("acme/b")])``, a list of reader calls, a comprehension over names. Each reads data the
    run trains on, whatever wraps it. Every one is read (none is dropped past a count: the reading limits of the
    source bound the work), depth first and iteratively."""
    found: list[Node] = []
    pending: list[Node] = [node]
    while pending:
        current = pending.pop()
        if _is_reader_call(current) and current is not node:
            found.append(current)
        elif isinstance(current, OpaqueNode):
            found.extend(_reader_calls_in_text(current.text, current.span))
        elif isinstance(current, SeqNode):
            pending.extend(reversed(current.items))
        elif isinstance(current, MapNode) and current.get("__call__") is not None:
            called = current.get("__call__")
            if isinstance(called, ScalarNode) and isinstance(called.value, str) and "(" in called.value:
                found.extend(_reader_calls_in_text(called.value, called.span))  # `load_dataset(...).shuffle`
            pending.extend(entry.value for entry in reversed(current.entries) if entry.key != "__call__")
    return found


def _reader_calls_in_text(text: str, span: Span) -> list[Node]:
    """The reader calls in an expression kept as source text, outermost first, never looked into again."""
    try:
        parsed = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found: list[Node] = []
    pending: list[ast.AST] = [parsed]
    while pending:
        current = pending.pop()
        if isinstance(current, ast.Call) and READER_CALL.search(ast.unparse(current.func)):
            found.append(_call_node(current, span))
            continue
        pending.extend(reversed(list(ast.iter_child_nodes(current))))
    return found


def _call_node(call: ast.Call, span: Span) -> Node:
    """A reader call found in source text, in the form the Python reader gives one: its text without keyword
    arguments, else a mapping of its callee, positional arguments and keyword arguments (literals as values)."""
    if not call.keywords:
        return OpaqueNode(ast.unparse(call), span)

    def value(expr: ast.expr) -> Node:
        if isinstance(expr, ast.Constant) and (expr.value is None or isinstance(expr.value, (str, int, float, bool))):
            return ScalarNode(expr.value, span)
        return OpaqueNode(ast.unparse(expr), span)

    mapping = MapNode([Entry("__call__", span, ScalarNode(ast.unparse(call.func), span))], span)
    if call.args:
        mapping.set(Entry("__args__", span, SeqNode([value(argument) for argument in call.args], span)))
    for keyword in call.keywords:
        if keyword.arg is not None:
            mapping.set(Entry(keyword.arg, span, value(keyword.value)))
    return mapping


def _read_call(document: Document, node: Node | None, key_path: str, refs: list[DatasetRef]) -> None:
    """The dataset a reader call names, judged by its arguments."""
    callee = _callee(node)
    if node is None or not callee:
        return
    if isinstance(node, OpaqueNode):  # no keyword argument: the reader kept the source text; parse it (never run)
        positional = _call_arguments(document, node)
        mapping = MapNode([], node.span)
    else:
        assert isinstance(node, MapNode)
        mapping = node
        args = node.get("__args__")
        positional = [pair for item in args.items for pair in _ref_strings(document, item)][:2] \
            if isinstance(args, SeqNode) else []
    version, digest = first_entry(mapping, VERSION_FIELDS), first_entry(mapping, DIGEST_FIELDS)
    located: list[tuple[str, tuple[str, Span]]] = []
    first = positional[0] if positional else None
    if first is not None and not (callee.endswith("load_dataset") and first[0].strip().lower() in BUILDERS):
        located.append((key_path, first))
    if not located:
        for field in CALL_LOCATIONS:
            entry = first_entry(mapping, (field,))
            if entry is None:
                continue
            value = resolve(document.root, entry.value).node
            items = [(f"{key_path}.{field}.{e.key}", e.value) for e in value.entries] \
                if isinstance(value, MapNode) else [(f"{key_path}.{field}", entry.value)]
            located.extend((path, pair) for path, item in items for pair in _ref_strings(document, item))
            if located:
                break
    if not located:
        note("dataset", key_path, False, f"a call to `{callee}` that names no location lineage-lint can read")
        return
    note("dataset", key_path, True, f"a call to `{callee}`, which reads data: judged by its arguments, never run")
    narrowing = tuple(text for text, _ in positional[1:2]) if version is None and digest is None else ()
    for path, (text, span) in located:
        refs.append(make_ref(document, path, text, span, version_entry=version, digest_entry=digest,
                             qualifiers=narrowing))


def _call_arguments(document: Document, node: OpaqueNode) -> list[tuple[str, Span]]:
    """The positional arguments of a call kept as source text (``load_dataset("acme/reviews")``): string
    literals, names of module constants (looked up), anything else computed."""
    try:
        parsed = ast.parse(node.text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [(Computed(node.text), node.span)]
    if not isinstance(parsed, ast.Call):
        return []
    found: list[tuple[str, Span]] = []
    root = document.root
    for argument in parsed.args[:2]:
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            found.append((argument.value, node.span))
        elif isinstance(argument, ast.Name) and isinstance(root, MapNode) and root.get(argument.id) is not None:
            bound = root.get(argument.id)
            assert bound is not None
            found.extend(_ref_strings(document, bound) or [(Computed(argument.id), node.span)])
        else:
            found.append((Computed(ast.unparse(argument)), node.span))
    return found


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


_NAMED: ContextVar[set[tuple[str, str]] | None] = ContextVar("lineage_lint_datasets", default=None)


@contextmanager
def counting_datasets() -> Iterator[None]:
    """Inside the block (one checked file's reading), naming more than :data:`~limits.MAX_DATASETS` distinct
    datasets raises LL014 where the one past the limit is named: each dataset is judged and may become a
    finding, so this bounds what a file costs."""
    token = _NAMED.set(set())
    try:
        yield
    finally:
        _NAMED.reset(token)


def _count(key: str, ref: str, span: Span) -> None:
    named = _NAMED.get()
    if named is not None:
        named.add((key, ref))  # distinct: a framework's reading and the generic search may meet the same one
        if len(named) > limits.MAX_DATASETS:
            raise limits.too_many_datasets(span)


def make_ref(document: Document, key: str, ref: str, span: Span, *, version_entry: Entry | None = None,
             digest_entry: Entry | None = None, qualifiers: tuple[str, ...] = ()) -> DatasetRef:
    """A dataset reference judged by every pin the config gives it: a version key, a digest key, or else a
    version the reference carries (``org/data@v1``, ``?versionId=``, ``/v3/``); the firmest decides, and the
    finding points at the line that gave it. Without any, a release named in a registered name (or in a
    qualifier beside it) is a weak pin (``name-edition``)."""
    _count(key, ref, span)
    version = _scalar_text(document, version_entry, ref, by_name_only=True)
    digest = _scalar_text(document, digest_entry, ref)
    algorithm = digest_algorithm(digest_entry.key) if digest_entry is not None else None
    origin = Origin.at(document.path, span)
    parameter = version_parameter(version_entry.key) if version_entry is not None else None
    computed = isinstance(ref, Computed)
    made = judge_reference(key, _shown(ref) if computed else ref, origin, version=version, digest=digest,
                           algorithm=algorithm, parameter=parameter, computed=computed)
    decided_by = version_entry if made.evidence == "explicit-version" else \
        digest_entry if made.evidence == "digest" else None
    if decided_by is not None:
        made.origin = Origin.at(document.path, decided_by.value.span)
    if version_entry is not None:
        made.version_key = version_entry.key
    if digest_entry is not None:
        made.digest_key = digest_entry.key
    if made.pin == "none" and version_entry is not None:
        made.note = f"; `{version_entry.key}` {_why_no_version(document, version_entry)}" + made.note
    if made.pin == "none" and made.evidence is None and version is None and digest is None:
        if computed:
            made.note += ("; computed by an expression lineage-lint does not run: what it names, and its version, "
                          "are unknown")
        else:
            _embedded(made, qualifiers)
    return made


def _shown(expression: str) -> str:
    """A computed reference as records show it: its expression on one line, at most 160 characters."""
    text = " ".join(expression.split())
    return text if len(text) <= 160 else text[:157] + "..."


def _why_no_version(document: Document, entry: Entry) -> str:
    node = resolve(document.root, entry.value).node
    return "is computed by an expression: its value is unknown" if isinstance(node, OpaqueNode) else \
        "holds a mapping, not a version" if isinstance(node, MapNode) else \
        "pins nothing" if isinstance(node, ScalarNode) and not is_reference_placeholder(node.value) else \
        "holds a placeholder"


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
                       digest: str | None, note: str = "", parameter: QueryVersion | None = None) -> DatasetRef:
    """A reference whose pins were read elsewhere (a registry file, a SQL query): judged like :func:`make_ref`."""
    _count(key, ref, span)
    made = judge_reference(key, ref, Origin.at(document.path, span), version=version, digest=digest,
                           algorithm=None, parameter=parameter)
    made.note = note + made.note
    if made.pin == "none" and made.evidence is None and version is None and digest is None:
        _embedded(made, ())
    return made


def _scalar_text(document: Document, entry: Entry | None, ref: str = "", *, by_name_only: bool = False) -> str | None:
    """The text of the value at ``entry``. A mapping of file names to digests (Ludwig's ``sha256:
    {train.csv: ...}``) gives the digest of the file ``ref`` names, else its first; of versions
    (``by_name_only``), only the one of the file ``ref`` names: ``generation: {max_new_tokens: 256}`` is no
    version."""
    if entry is None:
        return None
    node = resolve(document.root, entry.value).node
    if isinstance(node, MapNode) and node.entries:
        named = next((e for e in node.entries if ref and ref.rstrip("/").endswith(e.key)),
                     None if by_name_only else node.entries[0])
        if named is None:
            return None
        node = named.value
    if isinstance(node, ScalarNode) and node.value is not None and not isinstance(node.value, bool):
        return str(node.value)
    return None
