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
from lineage_lint.gitrun import git_output
from lineage_lint.mlflow import ci, names
from lineage_lint.record import DatasetRef, LineageRecord
from lineage_lint.schema_files import PRESET_POLICIES

_EVAL_PART = re.compile(r"(?:^|[._\[\]])(val|valid|validation|eval|evaluation|test|dev)(?:$|[._\[\]])", re.I)
_CONTEXTS = {"val": "validation", "valid": "validation", "validation": "validation", "eval": "evaluation",
             "evaluation": "evaluation", "test": "test", "dev": "validation"}
MAX_DIGEST = 36  # MLflow refuses longer dataset digests; the full values are in the input's source


class LineageWarning(UserWarning):
    """What log_lineage recorded will not pass the gate (no git commit), but the run goes on."""


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
) -> LineageRecord:
    """Record the lineage ``config`` declares on the active run (or ``run_id``); returns the record."""
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
    return record


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


def _git(repo: Path, *args: str) -> str | None:
    output = git_output(args, repo, timeout=30)
    return None if output is None else output.decode("utf-8", "replace")


def _tags(record: LineageRecord, display: str, path: Path, repo: Path) -> dict[str, str]:
    tags: dict[str, str] = {names.TOOL_VERSION_TAG: __version__}
    commit = _git(repo, "rev-parse", "--verify", "HEAD")
    if commit:
        tags[names.GIT_COMMIT_TAGS[0]] = commit.strip()
        changes = _git(repo, "status", "--porcelain", "--untracked-files=no")
        tracked = _git(repo, "ls-files", "--error-unmatch", "--", display) is not None
        tags[names.GIT_DIRTY_TAGS[0]] = "true" if (changes is None or changes.strip() or not tracked) else "false"
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


def _context(ref: DatasetRef) -> str:
    match = _EVAL_PART.search(ref.key)
    return _CONTEXTS[match.group(1).lower()] if match else "training"


def _dataset_input(ref: DatasetRef, display: str) -> Any:
    from mlflow.entities import Dataset, DatasetInput, InputTag

    source = {"uri": ref.ref, "version": ref.version, "digest": ref.digest, "pin": ref.pin,
              "declared_in": f"{display}:{ref.origin.span.line}", "config_key": ref.key}
    digest = (ref.digest or ref.version or "")[:MAX_DIGEST]
    dataset = Dataset(name=ref.ref, digest=digest, source_type=names.SOURCE_TYPE, source=json.dumps(source))
    return DatasetInput(dataset, tags=[InputTag(names.CONTEXT_TAG, _context(ref))])
