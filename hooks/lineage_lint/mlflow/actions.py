"""What ``promote`` and ``register`` do once the gate has passed: move the version (set an alias or
transition a stage) or create it, record audit tags on it, and with ``--model-card`` write its description
from its lineage (:mod:`lineage_lint.mlflow.model_card`).

Audit tags (``lineage_lint.*`` on the model version) describe the last action: the gate result, the policy and
its sha256, the time (UTC), the actor (from the CI environment, else the user), the tool version, what was
done, the run, and the CI job URL when there is one. ``lineage_lint.history`` keeps the last
:data:`MAX_HISTORY` actions (a JSON list, oldest first), and ``lineage_lint.aliases`` the aliases the version
held after the last action that touched it: a version an alias moved away from gets both updated too, so its
tags never claim an alias it lost through lineage-lint (the registry's own aliases stay authoritative).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import warnings
from typing import Any

from lineage_lint import __version__
from lineage_lint.mlflow import ci, model_card, names
from lineage_lint.mlflow.gate import GateResult
from lineage_lint.mlflow.resolve import Target

HISTORY_TAG = names.AUDIT_PREFIX + "history"
ALIASES_TAG = names.AUDIT_PREFIX + "aliases"
MAX_HISTORY = 20  # entries kept in lineage_lint.history
MAX_HISTORY_CHARS = 5000  # and no longer than this (older MLflow servers keep 5000 characters of a tag value)


class RegistrationError(Exception):
    """The run does not say which model to register."""


class IncompleteAction(Exception):
    """The version was moved, but its audit tags could not all be written."""


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def audit_tags(result: GateResult, done: str, when: str | None = None) -> dict[str, str]:
    env = ci.detect()
    tags = {
        "gate": result.verdict,
        "policy": result.policy,
        "policy_sha256": result.policy_sha256,
        "checked_at": when or _now(),
        "actor": ci.actor(),
        "tool_version": __version__,
        "action": done,
        "run_id": result.run_id or "",
    }
    if env.job_url:
        tags["ci_job_url"] = env.job_url
    return {names.AUDIT_PREFIX + key: value for key, value in tags.items() if value}


def history(previous: str | None, entry: dict[str, str]) -> str:
    """``previous`` (the ``lineage_lint.history`` tag's JSON list) with ``entry`` added, the oldest entries
    dropped past :data:`MAX_HISTORY` or :data:`MAX_HISTORY_CHARS`; an unreadable previous value starts anew."""
    try:
        items = json.loads(previous) if previous else []
    except ValueError:
        items = []
    items = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    items = [*items, entry][-MAX_HISTORY:]
    while len(json.dumps(items, separators=(",", ":"))) > MAX_HISTORY_CHARS and len(items) > 1:
        items.pop(0)
    return json.dumps(items, separators=(",", ":"))


def _entry(tags: dict[str, str]) -> dict[str, str]:
    keys = ("checked_at", "action", "gate", "policy", "policy_sha256", "actor", "run_id", "ci_job_url")
    short = {"checked_at": "at", "policy_sha256": "policy_sha256"}
    return {short.get(key, key): (tags[names.AUDIT_PREFIX + key][:12] if key == "policy_sha256"
                                  else tags[names.AUDIT_PREFIX + key])
            for key in keys if names.AUDIT_PREFIX + key in tags}


def _aliases(version: Any) -> str:
    return ", ".join(f"@{alias}" for alias in sorted(getattr(version, "aliases", None) or [])) or "none"


def _card(result: GateResult, when: str, purpose: str, existing: str | None) -> tuple[str, str]:
    """The description to write and what writing it does (raises ModelCardError when it cannot fit)."""
    assert result.record is not None
    verdict = model_card.Verdict(result.verdict, result.policy, result.policy_sha256, when, purpose)
    return model_card.merge(existing, model_card.card(result.record, result.run_id, verdict))


def promote(client: Any, result: GateResult, *, alias: str | None, stage: str | None, archive_existing: bool,
            dry_run: bool, write_card: bool = False) -> dict[str, Any]:
    """Move the gated version; returns what was (or, with ``dry_run``, would be) done."""
    name, version = result.model_name, result.model_version
    assert name is not None and version is not None
    previous = None
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
    when = _now()
    tags = audit_tags(result, done, when)
    description, card_done = None, ""
    if write_card:  # before anything moves: a card that cannot be written stops the promotion
        model = result.record.model if result.record is not None else None
        description, card_done = _card(result, when, done, model.description if model is not None else None)
    if dry_run:
        card = f"; would write its description ({card_done})" if write_card else ""
        return {"dry_run": True, "summary": f"dry run: would {summary}, then tag it {_show(tags)}{card}",
                "name": name, "version": version, "audit_tags": tags}
    if description is not None:  # first: a server-side gate requiring a description sees it when the alias moves
        client.update_model_version(name, version, description=description)
    if alias is not None:
        client.set_registered_model_alias(name, alias, version)
    else:
        with warnings.catch_warnings():  # stages are deprecated in MLflow; --help says so, once is enough
            warnings.simplefilter("ignore", FutureWarning)
            client.transition_model_version_stage(name, version, stage, archive_existing_versions=archive_existing)
    try:
        current = client.get_model_version(name, version)
        tags[ALIASES_TAG] = _aliases(current)
        tags[HISTORY_TAG] = history((getattr(current, "tags", None) or {}).get(HISTORY_TAG), _entry(tags))
        for key, value in tags.items():
            client.set_model_version_tag(name, version, key, value)
        if previous is not None and str(previous) != str(version):  # the alias left that version: say so there
            other = client.get_model_version(name, previous)
            moved = {"at": when, "action": f"alias @{alias} moved to version {version}", "actor": ci.actor()}
            client.set_model_version_tag(name, previous, ALIASES_TAG, _aliases(other))
            client.set_model_version_tag(name, previous, HISTORY_TAG,
                                         history((getattr(other, "tags", None) or {}).get(HISTORY_TAG), moved))
    except Exception as exc:  # the move happened: say so, whatever stopped the tags
        raise IncompleteAction(f"done: {summary}; but the audit tags could not all be written: {exc}") from exc
    card = f"; {card_done}" if write_card else ""
    return {"dry_run": False, "summary": f"promoted: {summary}; audit tags written{card}", "name": name,
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


def register(client: Any, result: GateResult, target: Target, run: Any, *, name: str, dry_run: bool,
             write_card: bool = False) -> dict[str, Any]:
    source, model_id = registration_source(client, target, run)
    when = _now()
    tags = audit_tags(result, f"registered from {target.uri}", when)
    tags[ALIASES_TAG] = "none"  # a new version holds no alias
    tags[HISTORY_TAG] = history(None, _entry(tags))
    description, card_done = _card(result, when, "registration", None) if write_card else (None, "")
    summary = f"register {source} (run {result.run_id}) as a new version of {name}"
    if dry_run:
        card = f"; would write its description ({card_done})" if write_card else ""
        return {"dry_run": True, "summary": f"dry run: would {summary}, tagged {_show(tags)}{card}", "name": name,
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
                                              await_creation_for=0, description=description)
    except Exception:  # refused (a server plugin with a stricter policy) or failed: leave no empty model behind
        if new_model:
            with contextlib.suppress(Exception):
                client.delete_registered_model(name)
        raise
    result.model_name, result.model_version = name, str(created.version)
    card = f"; {card_done}" if write_card else ""
    return {"dry_run": False, "summary": f"registered: {name} version {created.version} from {source}; "
            f"audit tags written{card}", "name": name, "version": str(created.version), "audit_tags": tags}
