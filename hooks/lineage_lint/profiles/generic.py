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
SEED_LIKE = re.compile(r"(?:^|_)seed(?:_|$)|^seed_everything$", re.IGNORECASE)

DATASET_SECTION = re.compile(
    r"^(?:(?:train|training|eval|evaluation|val|valid|validation|test|finetune|pretrain)_)?"
    r"(?:dataset|datasets|data)(?:_(?:ingestion|source|sources|download|downloads|urls?))?$",
    re.IGNORECASE,
)
REF_FIELDS = ("name", "path", "uri", "url", "repo_id", "repo", "hf_path", "dataset_name", "dataset_path",
              "dataset_id", "id", "source", "location", "data_path", "data_dir", "data_root", "dataset_root",
              "file", "filepath",
              "data_files")
VERSION_FIELDS = ("revision", "version", "rev", "commit", "commit_sha", "git_rev", "tag", "ref",
                  "dataset_version", "data_version", "dataset_revision", "load_version", "snapshot")
DIGEST_FIELDS = ("digest", "sha256", "sha512", "sha1", "md5", "hash", "checksum", "etag", "content_hash")
SPLIT_NAMES = re.compile(r"^(?:train|training|val|valid|validation|eval|evaluation|test|dev)$", re.IGNORECASE)
REF_SUFFIX = re.compile(r"(?:^|_)(?:path|paths|file|files|uri|url|dir|location|source)$", re.IGNORECASE)
NOT_INPUT = re.compile(r"(?:^|_)(?:output|out|cache|save|log|logs|checkpoint|ckpt|prepared|tmp|work|"
                       r"result|results|export|model|tokenizer)(?:_|$)", re.IGNORECASE)
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
    """(depth, key priority, path of the mapping holding it, entry) for each place a run seed may be set."""
    for entry in _entries(root):
        lowered = entry.key.lower()
        if lowered in RUN_SEED_KEYS:
            yield 1, RUN_SEED_KEYS.index(lowered), (), entry
        elif lowered in RUN_SECTIONS and isinstance(entry.value, MapNode) and not _is_component(entry.value):
            for inner in _entries(entry.value):
                if inner.key.lower() in RUN_SEED_KEYS:
                    yield 2, RUN_SEED_KEYS.index(inner.key.lower()), (entry.key,), inner


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
    """The run seed (or ``missing``) and the component seeds seen elsewhere."""
    candidates = sorted(_run_seed_candidates(document.root), key=lambda c: (c[0], c[1], c[3].key_span.line))
    chosen = candidates[0] if candidates else None
    if chosen is None:
        root_span = document.root.span
        seed = SeedVerdict("missing", Origin.at(document.path, Span.point(root_span.line, root_span.col)))
    else:
        seed = seed_verdict(document, chosen[2], chosen[3])
    others = [
        seed_verdict(document, base, entry)
        for base, entry in seed_like_entries(document.root, (), 0)
        if chosen is None or entry is not chosen[3]
    ][:20]
    return seed, others


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


def has_training_keys(root: Node) -> bool:
    for entry in _entries(root):
        if entry.key.lower() in TRAINING_MARKERS:
            return True
        if any(inner.key.lower() in TRAINING_MARKERS for inner in _entries(entry.value)):
            return True
    return False


# --- datasets ---------------------------------------------------------------------------------------


def find_datasets(document: Document) -> list[DatasetRef]:
    refs: list[DatasetRef] = []
    _scan_for_sections(document, document.root, "", 0, refs)
    return refs


def _scan_for_sections(document: Document, node: Node, prefix: str, depth: int, refs: list[DatasetRef]) -> None:
    if depth >= MAX_SECTION_DEPTH or not isinstance(node, MapNode):
        return
    _sibling_refs(document, node, prefix, refs)
    for entry in _entries(node):
        key_path = f"{prefix}.{entry.key}" if prefix else entry.key
        if DATASET_SECTION.match(entry.key):
            _read_section(document, entry, key_path, refs)
        elif isinstance(entry.value, MapNode):
            _scan_for_sections(document, entry.value, key_path, depth + 1, refs)


def _sibling_refs(document: Document, node: MapNode, prefix: str, refs: list[DatasetRef]) -> None:
    """``dataset_name: x`` beside ``dataset_revision: v1`` in the same mapping."""
    if _SIBLING_KEYS.isdisjoint(node.keys()):
        return
    version, digest = first_entry(node, SIBLING_PINS), first_entry(node, SIBLING_DIGESTS)
    for key in SIBLING_REFS:
        entry = node.entry(key)
        if entry is None:
            continue
        key_path = f"{prefix}.{key}" if prefix else key
        for ref_value, span in _ref_strings(document, entry.value):
            refs.append(make_ref(document, key_path, ref_value, span, version_entry=version, digest_entry=digest))


def first_entry(node: MapNode, keys: tuple[str, ...]) -> Entry | None:
    """The entry of the first of ``keys`` that ``node`` has."""
    return next((entry for key in keys if (entry := node.entry(key)) is not None), None)


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
        for child in _entries(node):
            child_key = f"{key_path}.{child.key}"
            child_node = resolve(document.root, child.value).node
            if isinstance(child_node, MapNode) and _describes_dataset(child_node):
                _read_item(document, child_node, child_key, refs, default_name=child.key)
            elif isinstance(child_node, MapNode) and depth < 2 and (named or child.key.lower().endswith("datasets")):
                _read_section(document, child, child_key, refs, depth=depth + 1, named_parent=True)
            elif isinstance(child_node, SeqNode) and (DATASET_SECTION.match(child.key) or named):
                _read_section(document, child, child_key, refs)
            elif isinstance(child_node, SeqNode):  # `data: {train: [{name: ..., version: ...}]}`
                for index, item in enumerate(child_node.items):
                    if isinstance(item, MapNode) and _describes_dataset(item):
                        _read_item(document, item, f"{child_key}[{index}]", refs)
            elif (named or SPLIT_NAMES.match(child.key) or REF_SUFFIX.search(child.key)) \
                    and not NOT_INPUT.search(child.key):
                for ref_value, span in _ref_strings(document, child.value):
                    refs.append(make_ref(document, child_key, ref_value, span))


def _describes_dataset(node: MapNode) -> bool:
    return any(node.get(key) is not None for key in (*REF_FIELDS, *VERSION_FIELDS, *DIGEST_FIELDS))


def _read_item(document: Document, node: Node, key_path: str, refs: list[DatasetRef], default_name: str = "") -> None:
    if isinstance(node, ScalarNode):
        for value, span in _ref_strings(document, node):
            refs.append(make_ref(document, key_path, value, span))
        return
    if not isinstance(node, MapNode):
        return
    # The first reference field that names something real (not a placeholder), with what it names.
    named = next(((entry, strings[0]) for key in REF_FIELDS if (entry := node.entry(key)) is not None
                  and (strings := _ref_strings(document, entry.value))), None)
    version, digest = first_entry(node, VERSION_FIELDS), first_entry(node, DIGEST_FIELDS)
    if named is not None:
        ref_entry, (value, span) = named
        narrowing = qualifiers(node, ref_entry.key) if version is None and digest is None else ()
        refs.append(make_ref(document, f"{key_path}.{ref_entry.key}", value, span, version_entry=version,
                             digest_entry=digest, qualifiers=narrowing))
    elif paths := [(entry, found) for entry in _entries(node) if REF_SUFFIX.search(entry.key)
                   and not NOT_INPUT.search(entry.key) and (found := _ref_strings(document, entry.value))]:
        # `{train_path: ..., val_path: ..., version: 1.0}`: the paths are the references the version pins
        for entry, strings in paths:
            refs.extend(make_ref(document, f"{key_path}.{entry.key}", value, span, version_entry=version,
                                 digest_entry=digest) for value, span in strings)
    elif default_name and (version is not None or digest is not None):
        refs.append(make_ref(document, key_path, default_name, node.span, version_entry=version,
                              digest_entry=digest))


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
