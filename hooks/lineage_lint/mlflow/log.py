"""``log_lineage``: record on an MLflow run what its training config declares, so the gate passes by
construction.

Inside an active run, ``log_lineage("configs/train.yaml")`` judges the config with the same engine as
``lineage-lint check`` and records: the seed as the ``seed`` param; each dataset as a run input (name,
digest or version, source; built from ``mlflow.entities``, so pandas is not needed) with a
``dataset_version.<name>`` tag; the git commit and whether the tree was dirty; the CI context; the config's
repository-relative path and sha256; and the file itself as an artifact under ``lineage/``. A config that
fails the policy raises :class:`LineageError` (``enforce=False`` records it anyway, and the gate will
refuse the run instead).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from pathlib import Path
from typing import Any

from lineage_lint import __version__
from lineage_lint.config import load_settings
from lineage_lint.discover import Target, relative_posix
from lineage_lint.engine import Engine, FileResult
from lineage_lint.gitrun import code_state
from lineage_lint.mlflow import ci, names
from lineage_lint.record import DatasetRef, LineageRecord
from lineage_lint.schema_files import PRESET_POLICIES

_EVAL_PART = re.compile(r"(?:^|[._\[\]])(val|valid|validation|eval|evaluation|test|dev)(?:$|[._\[\]])", re.I)
_CONTEXTS = {"val": "validation", "valid": "validation", "validation": "validation", "eval": "evaluation",
             "evaluation": "evaluation", "test": "test", "dev": "validation"}
MAX_DIGEST = 36  # MLflow refuses longer dataset digests; the full values are in the input's source


class LineageWarning(UserWarning):
    """What log_lineage recorded will not pass the gate (no git commit), or its OpenLineage event could not be
    sent; the run goes on."""


class LineageError(Exception):
    """The config cannot be traced (its findings are in the message and in ``findings``), or there is no
    run to record on."""

    def __init__(self, message: str, result: FileResult | None = None) -> None:
        super().__init__(message)
        self.findings = list(result.active) if result else []


def log_lineage(
    config: str | os.PathLike[str],
    *,
    run_id: str | None = None,
    enforce: bool = True,
    policy: str | None = None,
    log_artifact: bool = True,
    openlineage: Any = None,
) -> LineageRecord:
    """Record the lineage ``config`` declares on the active run (or ``run_id``); returns the record.

    ``openlineage`` also sends it as an OpenLineage ``START`` run event (job = the config, run = this run):
    ``True`` sends it the way the ``openlineage-python`` client is configured (``OPENLINEAGE_URL``,
    ``openlineage.yml``, ``OPENLINEAGE__*`` variables); an ``OpenLineageClient`` or a transport is used as
    given. An event that cannot be sent is a :class:`LineageWarning`: the run goes on, its MLflow lineage
    recorded."""
    lineage_client = None
    if openlineage is not None and openlineage is not False:  # before anything is recorded: a bad target fails now
        from lineage_lint.lineage import openlineage_events

        try:
            lineage_client = openlineage_events.client_for(openlineage)
        except openlineage_events.OpenLineageMissing as exc:
            raise LineageError(str(exc)) from None
    path = Path(config)
    settings = load_settings(path.resolve().parent if path.exists() else Path.cwd())
    if policy is not None:
        settings.policy = policy if policy in PRESET_POLICIES else str(Path(policy).resolve())
    display = relative_posix(path, settings.root)
    result = Engine(settings).check(Target(path, display))
    errors = [finding for finding in result.active if finding.severity == "error"]
    if result.record is None or (enforce and (errors or not result.record.applicable)):
        raise LineageError(_explain(display, result), result)
    record = result.record

    import mlflow
    from mlflow.tracking import MlflowClient

    if run_id is None:
        active = mlflow.active_run()
        if active is None:
            raise LineageError("log_lineage needs a run: call it inside `with mlflow.start_run():`, or pass run_id")
        run_id = active.info.run_id
    client = MlflowClient()
    repo = settings.root
    tags = _tags(record, display, path, repo)
    params = {names.SEED_PARAM: str(record.seed.value)} if record.seed.status == "declared" else {}
    _log_batch(client, run_id, params, tags)
    if record.datasets:
        client.log_inputs(run_id, datasets=[_dataset_input(ref, display) for ref in record.datasets])
    if log_artifact:
        client.log_artifact(run_id, str(path), artifact_path="lineage")
    if lineage_client is not None:
        active = mlflow.active_run()
        started = active.info.start_time if active is not None and active.info.run_id == run_id else None
        _send_openlineage(lineage_client, record, display=display, run_id=run_id, tags=tags, repo=repo,
                          started=started)
    return record


def _send_openlineage(lineage_client: Any, record: LineageRecord, *, display: str, run_id: str,
                      tags: dict[str, str], repo: Path, started: int | None) -> None:
    """The START event of the run, from what was just recorded on it."""
    from lineage_lint.gitrun import remote_url
    from lineage_lint.lineage import openlineage_events as ol

    commit = tags.get(names.GIT_COMMIT_TAGS[0])
    run_tags = {"mlflow.run_id": run_id}
    run_tags.update({key: tags[key] for key in (names.CI_PROVIDER_TAGS[0], names.TRIGGERED_BY_TAGS[0],
                                                names.JOB_URL_TAGS[0]) if key in tags})
    facts = ol.Facts(record, display, run_id=run_id, event_type="START", event_time=ol.from_millis(started),
                     commit=commit, tree=("clean" if tags.get(names.GIT_DIRTY_TAGS[0]) == "false" else "dirty")
                     if commit else None, repo_url=remote_url(repo) if commit else None,
                     repo_dir=repo if commit else None, config_path=display,
                     config_sha256=tags.get(names.CONFIG_SHA256_TAGS[0]), config_seed=record.seed, tags=run_tags)
    try:
        ol.emit([ol.build_event(facts)], lineage_client)
    except Exception as exc:  # the lineage backend's failure must not stop training: say so, loudly
        warnings.warn("log_lineage: " + ol.not_sent(exc, lineage_client, f"the OpenLineage event for run {run_id}"),
                      LineageWarning, stacklevel=3)
        return
    if ol.transport_kind(lineage_client) == "console":
        warnings.warn("log_lineage: no OpenLineage transport is configured (OPENLINEAGE_URL, openlineage.yml, "
                      "OPENLINEAGE__TRANSPORT__*), so the client only logged the event to its console logger",
                      LineageWarning, stacklevel=3)


def _explain(display: str, result: FileResult) -> str:
    if result.record is None:
        reason = "; ".join(f"{f.code} {f.message}" for f in result.active) or "it could not be read"
        return f"{display} cannot be read: {reason}"
    if not result.record.applicable:
        return f"{display} is not a training config: {result.record.reason} (enforce=False records it anyway)"
    lines = [f"  {f.path}:{f.span.line}:{f.span.col}: {f.code} {f.message}" for f in result.active
             if f.severity == "error"]
    return (f"{display} does not pass the lineage policy, so the run could not be traced:\n" + "\n".join(lines)
            + "\nFix the config, or pass enforce=False to record it anyway (the gate will then refuse the run).")


def _log_batch(client: Any, run_id: str, params: dict[str, str], tags: dict[str, str]) -> None:
    from mlflow.entities import Param, RunTag
    from mlflow.exceptions import MlflowException

    try:
        client.log_batch(run_id, params=[Param(k, v) for k, v in params.items()],
                         tags=[RunTag(k, v) for k, v in tags.items()])
    except MlflowException as exc:
        if "changing param values" in str(exc).lower() and params:
            raise LineageError(f"the run already has a different `seed` param; the config says {params['seed']}: "
                               f"{exc.message}") from None
        raise


def _tags(record: LineageRecord, display: str, path: Path, repo: Path) -> dict[str, str]:
    tags: dict[str, str] = {names.TOOL_VERSION_TAG: __version__}
    commit, tree = code_state(repo, display)
    if commit:
        tags[names.GIT_COMMIT_TAGS[0]] = commit
        tags[names.GIT_DIRTY_TAGS[0]] = "false" if tree == "clean" else "true"
    else:  # recorded as unknown (no commit tag): say so now, not when the gate refuses the model
        warnings.warn(f"log_lineage: {display} is not in a git repository with a commit, so neither the commit "
                      "nor whether the tree was clean is recorded; the gate's run policies require a commit (LL301). "
                      "Train from a git checkout.", LineageWarning, stacklevel=3)
    env = ci.detect()
    for key, value in ((names.CI_PROVIDER_TAGS[0], env.provider), (names.TRIGGERED_BY_TAGS[0], env.triggered_by),
                       (names.JOB_URL_TAGS[0], env.job_url)):
        if value:
            tags[key] = value
    tags[names.CONFIG_PATH_TAGS[0]] = display
    tags[names.CONFIG_SHA256_TAGS[0]] = hashlib.sha256(path.read_bytes()).hexdigest()
    for ref in record.datasets:
        pinned = ref.version or ref.digest
        if pinned:
            tags[f"{names.DATASET_VERSION}.{names.tag_safe(ref.ref)}"] = pinned
    if len(record.datasets) == 1 and (record.datasets[0].version or record.datasets[0].digest):
        tags[names.DATASET_VERSION] = str(record.datasets[0].version or record.datasets[0].digest)
    return tags


def dataset_context(ref: DatasetRef) -> str:
    """The role of a dataset a config declares, from its key: validation, evaluation, test, else training."""
    match = _EVAL_PART.search(ref.key)
    return _CONTEXTS[match.group(1).lower()] if match else "training"


def _dataset_input(ref: DatasetRef, display: str) -> Any:
    from mlflow.entities import Dataset, DatasetInput, InputTag

    source = {"uri": ref.ref, "version": ref.version, "digest": ref.digest, "pin": ref.pin,
              "declared_in": f"{display}:{ref.origin.span.line}", "config_key": ref.key}
    if ref.version_key:  # the gate judges `version_id: <S3 id>` as the config's checker did
        source["version_key"] = ref.version_key
    if ref.digest_key:
        source["digest_key"] = ref.digest_key
    digest = (ref.digest or ref.version or "")[:MAX_DIGEST]
    dataset = Dataset(name=ref.ref, digest=digest, source_type=names.SOURCE_TYPE, source=json.dumps(source))
    return DatasetInput(dataset, tags=[InputTag(names.CONTEXT_TAG, dataset_context(ref))])
