"""The run adapter: an MLflow run (and the model version being judged) -> a :class:`LineageRecord`.

Reads MLflow entities by attribute only, so mlflow is not imported here. Where each value comes from:

- seed: the params, then the tags, named like a config's run seed (``seed``, ``seed_everything``...,
  also Hydra-style ``trainer.seed``), judged by value like a config's (``None`` and ``-1`` are random);
- datasets: ``run.inputs.dataset_inputs`` (name, digest, source, ``mlflow.data.context``); inputs written by
  ``log_lineage`` carry the declared version and digest in their source; ``dataset_version`` tags and
  params add or fill versions;
- code: ``mlflow.source.git.commit`` (or ``git_commit``) and ``lineage.git_dirty``;
- CI: ``triggered_by``, ``ci.job_url``, ``ci.provider``; config: ``lineage.config_path`` and
  ``lineage.config_sha256``.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lineage_lint.mlflow import names
from lineage_lint.profiles.generic import RUN_SECTIONS, RUN_SEED_KEYS
from lineage_lint.record import (
    PIN_ORDER,
    CIContext,
    CodeVersion,
    ConfigFile,
    DatasetRef,
    LineageRecord,
    ModelVersion,
    Origin,
    Pin,
    SeedVerdict,
    TreeState,
)
from lineage_lint.tree import FILE_START, ScalarNode
from lineage_lint.values import (
    Resolved,
    classify_seed,
    classify_version,
    digest_algorithm,
    judge_parameter,
    judge_reference,
    split_inline_revision,
    version_in_reference,
    version_parameter,
)

PROFILE = "mlflow-run"
_SOURCE_VERSION_KEYS = ("version", "revision", "rev", "commit", "tag", "versionId", "version_id")
_SOURCE_REF_KEYS = ("uri", "url", "path", "repo_id", "name", "table_name", "location")


@dataclass
class RunLineage:
    """The record of one run, and what the consistency check needs beyond it: for each dataset, whether
    its version and digest were declared (by a config or a tag) rather than computed by MLflow."""

    record: LineageRecord
    run_id: str
    declared_digest: dict[int, bool] = field(default_factory=dict)


def run_uri(run_id: str) -> str:
    return f"runs:/{run_id}"


def run_record(run: Any, model_version: Any = None) -> RunLineage:
    """The lineage record of ``run`` (an ``mlflow.entities.Run``); ``model_version`` (an
    ``mlflow.entities.model_registry.ModelVersion``) adds the model part."""
    run_id: str = run.info.run_id
    uri = run_uri(run_id)
    tags: dict[str, str] = dict(run.data.tags or {})
    params: dict[str, str] = dict(run.data.params or {})
    lineage = RunLineage(LineageRecord(uri, PROFILE, _seed(uri, params, tags)), run_id)
    record = lineage.record
    _datasets(lineage, getattr(getattr(run, "inputs", None), "dataset_inputs", None) or [], tags, params)
    record.code = _code(uri, tags)
    provider, _ = _first(tags, names.CI_PROVIDER_TAGS)
    trigger, trigger_tag = _first(tags, names.TRIGGERED_BY_TAGS)
    job_url, url_tag = _first(tags, names.JOB_URL_TAGS)
    record.ci = CIContext(provider, trigger, job_url,
                          Origin(uri, field=f"tags.{trigger_tag or url_tag or names.TRIGGERED_BY_TAGS[0]}"))
    path, path_tag = _first(tags, names.CONFIG_PATH_TAGS)
    sha, sha_tag = _first(tags, names.CONFIG_SHA256_TAGS)
    record.config = ConfigFile(path, sha.lower() if sha else None,
                               Origin(uri, field=f"tags.{path_tag or sha_tag or names.CONFIG_PATH_TAGS[0]}"))
    record.tags = tags
    record.params = params
    record.sources = [uri]
    if model_version is not None:
        name, version = model_version.name, str(model_version.version)
        record.model = ModelVersion(name, version, model_version.description or None,
                                    Origin(f"models:/{name}/{version}", field="description"))
    return lineage


def read_fields(run: Any, model_version: Any = None) -> Hashable:
    """Everything :func:`run_record` reads of ``run`` and ``model_version``, as a key: two runs (and versions)
    with equal keys give equal records, so a verdict on one is the verdict on the other (the server plugin
    judges a version again once written, most often on a run read again unchanged). Tags and params keep
    the order they were read in; a change to this function's reads is a change here."""
    inputs = getattr(getattr(run, "inputs", None), "dataset_inputs", None) or []
    version = (None if model_version is None else
               (model_version.name, str(model_version.version), model_version.description or None))
    return (run.info.run_id, tuple(dict(run.data.tags or {}).items()), tuple(dict(run.data.params or {}).items()),
            tuple((each.dataset.name, each.dataset.digest, each.dataset.source_type, each.dataset.source,
                   tuple((tag.key, tag.value) for tag in each.tags or [])) for each in inputs),
            version)


def _first(values: Mapping[str, str], keys: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The first non-empty value among ``keys``, and the key it was found under."""
    for key in keys:
        value = values.get(key)
        if value is not None and value.strip():
            return value.strip(), key
    return None, None


# --- seed -------------------------------------------------------------------------------------------


def _seed(uri: str, params: dict[str, str], tags: dict[str, str]) -> SeedVerdict:
    candidates: list[tuple[int, int, int, str, str]] = []
    for kind, values in enumerate((params, tags)):
        for key in values:
            parts = key.lower().split(".")
            if parts[-1] not in RUN_SEED_KEYS:
                continue
            if len(parts) == 1:
                candidates.append((1, kind, RUN_SEED_KEYS.index(parts[0]), key, "params" if kind == 0 else "tags"))
            elif len(parts) == 2 and parts[0] in RUN_SECTIONS:
                candidates.append((2, kind, RUN_SEED_KEYS.index(parts[1]), key, "params" if kind == 0 else "tags"))
    if not candidates:
        return SeedVerdict("missing", Origin(uri, field=f"params.{names.SEED_PARAM}"),
                           note="the run logged no `seed` param or tag")
    _, kind, _, key, where = min(candidates)
    value = (params if kind == 0 else tags)[key]
    status, note = classify_seed(Resolved(ScalarNode(value, FILE_START)))
    shown: str | int = int(value.strip()) if status == "declared" else value
    return SeedVerdict(status, Origin(uri, field=f"{where}.{key}"), key, shown, note)


# --- datasets ---------------------------------------------------------------------------------------


def _stronger(first: Pin, second: Pin) -> Pin:
    return max(first, second, key=PIN_ORDER.index)


def _source_fields(dataset: Any) -> tuple[dict[str, Any], bool]:
    """The dataset's source as a mapping, and whether log_lineage wrote it."""
    try:
        source = json.loads(dataset.source or "{}")
    except (TypeError, ValueError):
        source = {"uri": str(dataset.source)}
    if not isinstance(source, dict):
        source = {"uri": str(source)}
    return source, dataset.source_type == names.SOURCE_TYPE


def source_location(dataset: Any) -> str | None:
    """Where a run input's data lives, as its source says (``uri``, ``url``, ``path``...), or None."""
    source, _ = _source_fields(dataset)
    return next((_text(source[key]) for key in _SOURCE_REF_KEYS if _text(source.get(key))), None)


def _dataset_ref(index: int, uri: str, dataset_input: Any) -> tuple[DatasetRef, bool]:
    dataset = dataset_input.dataset
    context = next((tag.value for tag in dataset_input.tags or [] if tag.key == names.CONTEXT_TAG), None)
    source, ours = _source_fields(dataset)
    origin = Origin(uri, field=f"inputs.datasets[{index}]")
    if ours:  # log_lineage: the source holds exactly what the config declared, judged as the config was
        version, digest = _text(source.get("version")), _text(source.get("digest"))
        note = f"declared in {source['declared_in']}" if source.get("declared_in") else ""
        pin = _declared_pin(_text(source.get("uri")) or dataset.name, version, digest,
                            _text(source.get("version_key")), _text(source.get("digest_key")))
        return DatasetRef(context or "input", dataset.name, pin, origin, version, digest, note, context), True
    version_key = next((key for key in _SOURCE_VERSION_KEYS if _text(source.get(key))), None)
    version = _text(source[version_key]) if version_key else None
    parameter = version_parameter(version_key) if version_key else None
    if version is None:
        ref = source_location(dataset)
        found = version_in_reference(ref) if ref else None
        if found is not None:  # `?versionId=`, `@v1`, a `/v3/` folder: judged as in a config
            version = found.version
            parameter = None
            version_pin = found.judgement.pin
    digest = _text(dataset.digest)
    note = "digest computed by MLflow from the data" if digest else ""
    if version is not None and parameter is not None:
        version_pin = judge_parameter(parameter, version, source_location(dataset) or "").pin
    elif version is None or version_key is not None:
        version_pin = classify_version(version)
    # MLflow's own digests are short content hashes (8 hex digits): a weak pin, judged like any digest.
    pin = _stronger(version_pin, classify_version(digest, digest=True))
    return DatasetRef(context or "input", dataset.name, pin, origin, version, digest, note, context), False


def _declared_pin(uri: str, version: str | None, digest: str | None, version_key: str | None,
                  digest_key: str | None) -> Pin:
    """The pin of a dataset log_lineage recorded, by the grammar the config was judged by: a version the
    reference carries (S3 ``?versionId=``, ``@<commit>``) is judged in the reference, a version read from a key
    with a meaning of its own (``version_id``, ``generation``) under that key, a digest by its key's
    algorithm."""
    found = version_in_reference(uri)
    if found is not None and found.version == version and version_key is None:
        version = None  # the reference's own version: judged where it stands
    return judge_reference("input", uri, Origin(uri), version=version, digest=digest,
                           algorithm=digest_algorithm(digest_key) if digest_key else None,
                           parameter=version_parameter(version_key) if version_key else None).pin


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _datasets(lineage: RunLineage, inputs: list[Any], tags: dict[str, str], params: dict[str, str]) -> None:
    record, uri = lineage.record, lineage.record.path
    for index, dataset_input in enumerate(inputs):
        ref, declared = _dataset_ref(index, uri, dataset_input)
        record.datasets.append(ref)
        lineage.declared_digest[index] = declared
    # Per-dataset version tags: `dataset_version.<name>` fills a version the input lacks.
    for key, value in tags.items():
        prefix = names.DATASET_VERSION + "."
        if not key.startswith(prefix) or not value.strip():
            continue
        for ref in record.datasets:
            if names.tag_safe(ref.ref) == key[len(prefix):] and ref.version is None:
                _set_version(ref, value.strip(), Origin(uri, field=f"tags.{key}"))
    # A run-wide `dataset_version` (tag or param), with the dataset named by a tag or param when no input is.
    for where, values in (("tags", tags), ("params", params)):
        version, version_key = _first(values, names.DATASET_VERSION_KEYS)
        if version is None:
            continue
        origin = Origin(uri, field=f"{where}.{version_key}")
        if len(record.datasets) == 1 and record.datasets[0].version is None:
            _set_version(record.datasets[0], version, origin)
        elif not record.datasets:
            name, _ = _first(tags, names.DATASET_NAME_KEYS)
            name = name or _first(params, names.DATASET_NAME_KEYS)[0]
            if name is not None:
                record.datasets.append(DatasetRef(f"{where}.{version_key}", split_inline_revision(name)[0],
                                                  classify_version(version), origin, version))


def _set_version(ref: DatasetRef, version: str, origin: Origin) -> None:
    ref.version = version
    ref.pin = _stronger(ref.pin, classify_version(version))
    ref.note = (ref.note + "; " if ref.note else "") + f"version from {origin}"


# --- code -------------------------------------------------------------------------------------------


def _code(uri: str, tags: dict[str, str]) -> CodeVersion:
    commit, commit_tag = _first(tags, names.GIT_COMMIT_TAGS)
    dirty, _ = _first(tags, names.GIT_DIRTY_TAGS)
    tree: TreeState = "unknown"
    if dirty is not None:
        lowered = dirty.lower()
        tree = "dirty" if lowered in ("true", "1", "yes") else "clean" if lowered in ("false", "0", "no") else "unknown"
    return CodeVersion(commit, tree, Origin(uri, field=f"tags.{commit_tag or names.GIT_COMMIT_TAGS[0]}"))


# --- which fields are lineage ----------------------------------------------------------------------

_LINEAGE_TAGS = frozenset(key.lower() for key in (
    *names.GIT_COMMIT_TAGS, *names.GIT_DIRTY_TAGS, *names.TRIGGERED_BY_TAGS, *names.JOB_URL_TAGS,
    *names.CI_PROVIDER_TAGS, *names.CONFIG_PATH_TAGS, *names.CONFIG_SHA256_TAGS, *names.DATASET_NAME_KEYS,
    *names.DATASET_VERSION_KEYS, names.DATASET_DIGEST))
_LINEAGE_PREFIXES = ("lineage.", names.DATASET_VERSION + ".")


def is_lineage_field(key: str, required: frozenset[str] = frozenset()) -> bool:
    """Whether a run param or tag named ``key`` is one the run adapter reads as lineage (a seed, the commit,
    a dataset's version or name, the CI and config tags, ``lineage.*``), or one the policy requires; compared
    as a case- and accent-insensitive database compares keys (where ``Séed`` overwrites ``seed``)."""
    lowered = names.collation_key(key)
    if lowered.split(".")[-1] in RUN_SEED_KEYS or lowered in _LINEAGE_TAGS:
        return True
    if lowered in {names.collation_key(name) for name in required}:
        return True
    return lowered.startswith(_LINEAGE_PREFIXES)
