"""What ``promote`` and ``register`` do once the gate has passed: move the version (set an alias or
transition a stage) or create it, then record audit tags on it.

Audit tags (``lineage_lint.*`` on the model version): the gate result, the policy and its sha256, the
time (UTC), the actor (from the CI environment, else the user), the tool version, what was done, the run,
and the CI job URL when there is one.
"""

from __future__ import annotations

import contextlib
import datetime
import warnings
from typing import Any

from lineage_lint import __version__
from lineage_lint.mlflow import ci, names
from lineage_lint.mlflow.gate import GateResult
from lineage_lint.mlflow.resolve import Target


class RegistrationError(Exception):
    """The run does not say which model to register."""


class IncompleteAction(Exception):
    """The version was moved, but its audit tags could not all be written."""


def audit_tags(result: GateResult, done: str) -> dict[str, str]:
    env = ci.detect()
    tags = {
        "gate": result.verdict,
        "policy": result.policy,
        "policy_sha256": result.policy_sha256,
        "checked_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "actor": ci.actor(),
        "tool_version": __version__,
        "action": done,
        "run_id": result.run_id or "",
    }
    if env.job_url:
        tags["ci_job_url"] = env.job_url
    return {names.AUDIT_PREFIX + key: value for key, value in tags.items() if value}


def promote(client: Any, result: GateResult, *, alias: str | None, stage: str | None, archive_existing: bool,
            dry_run: bool) -> dict[str, Any]:
    """Move the gated version; returns what was (or, with ``dry_run``, would be) done."""
    name, version = result.model_name, result.model_version
    assert name is not None and version is not None
    if alias is not None:
        done = f"alias @{alias}"
        from mlflow.exceptions import MlflowException

        try:
            previous = client.get_model_version_by_alias(name, alias).version
        except MlflowException as exc:  # no version holds the alias yet
            if exc.error_code not in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND"):
                raise
            previous = None
        was = f" (was version {previous})" if previous else " (new alias)"
        summary = f"set alias @{alias} on {name} version {version}{was}"
    else:
        assert stage is not None
        done = f"stage {stage}"
        summary = f"transition {name} version {version} to stage {stage}" + (
            ", archiving the versions now in it" if archive_existing else "")
    tags = audit_tags(result, done)
    if dry_run:
        return {"dry_run": True, "summary": f"dry run: would {summary}, then tag it {_show(tags)}",
                "name": name, "version": version, "audit_tags": tags}
    if alias is not None:
        client.set_registered_model_alias(name, alias, version)
    else:
        with warnings.catch_warnings():  # stages are deprecated in MLflow; --help says so, once is enough
            warnings.simplefilter("ignore", FutureWarning)
            client.transition_model_version_stage(name, version, stage, archive_existing_versions=archive_existing)
    try:
        for key, value in tags.items():
            client.set_model_version_tag(name, version, key, value)
    except Exception as exc:  # the move happened: say so, whatever stopped the tags
        raise IncompleteAction(f"done: {summary}; but the audit tags could not all be written: {exc}") from exc
    return {"dry_run": False, "summary": f"promoted: {summary}; audit tags written", "name": name,
            "version": version, "audit_tags": tags}


def _show(tags: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in tags.items())


def registration_source(client: Any, target: Target, run: Any) -> tuple[str, str | None]:
    """The source (and logged model id) to register for a run URI: the logged model of the run named by the
    artifact path (MLflow 3), else the run's artifact folder; ``runs:/ID`` alone needs exactly one logged
    model. Raises :class:`RegistrationError` when it cannot tell."""
    if target.model_id is not None:
        return f"models:/{target.model_id}", target.model_id
    run_id = run.info.run_id
    models = client.search_logged_models(experiment_ids=[run.info.experiment_id],
                                         filter_string=f"source_run_id = '{run_id}'")
    if target.artifact_path:
        named = [model for model in models if model.name == target.artifact_path.strip("/")]
        if named:
            return f"models:/{named[-1].model_id}", named[-1].model_id
        return f"{run.info.artifact_uri.rstrip('/')}/{target.artifact_path.strip('/')}", None
    if len(models) == 1:
        return f"models:/{models[0].model_id}", models[0].model_id
    found = ", ".join(model.name for model in models) or "none"
    raise RegistrationError(f"run {run_id} has {len(models)} logged models ({found}): name one, runs:/{run_id}/NAME")


def register(client: Any, result: GateResult, target: Target, run: Any, *, name: str, dry_run: bool) -> dict[str, Any]:
    source, model_id = registration_source(client, target, run)
    tags = audit_tags(result, f"registered from {target.uri}")
    summary = f"register {source} (run {result.run_id}) as a new version of {name}"
    if dry_run:
        return {"dry_run": True, "summary": f"dry run: would {summary}, tagged {_show(tags)}", "name": name,
                "version": None, "audit_tags": tags}
    from mlflow.exceptions import MlflowException

    new_model = True
    try:
        client.create_registered_model(name)
    except MlflowException as exc:
        if exc.error_code not in ("RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS"):
            raise
        new_model = False
    try:
        created = client.create_model_version(name, source, run_id=result.run_id, tags=tags, model_id=model_id,
                                              await_creation_for=0)
    except Exception:  # refused (a server plugin with a stricter policy) or failed: leave no empty model behind
        if new_model:
            with contextlib.suppress(Exception):
                client.delete_registered_model(name)
        raise
    result.model_name, result.model_version = name, str(created.version)
    return {"dry_run": False, "summary": f"registered: {name} version {created.version} from {source}; "
            "audit tags written", "name": name, "version": str(created.version), "audit_tags": tags}
