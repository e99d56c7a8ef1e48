"""The server plugin: ``mlflow server --app-name lineage-gate`` refuses what the gate would refuse.

A Flask ``before_request`` check on MLflow's own app (how MLflow's basic-auth app plugs in) judges, on the
REST API (``/api/2.0/...``) and the web UI's (``/ajax-api/2.0/...``) alike:

- creating a model version, setting an alias, moving a version to Staging or Production: the version's run
  must carry lineage under the policy (the alias's own policy when ``gate.aliases`` names one), and its
  artifacts must be that run's (:func:`lineage_lint.mlflow.resolve.artifact_problem`);
- editing a run that backs a registered version: its lineage fields (seed params and tags, the commit,
  ``lineage.*``, ``dataset_version*``, the CI and config tags, the policy's required tags and params, its
  dataset inputs) are frozen once a version stands on them, and the run cannot be deleted;
- the prompt tag of a registered model, which decides whether its versions are prompts, cannot be set or
  removed after the model was created.

A refusal is HTTP 403 with ``error_code: PERMISSION_DENIED`` (the MLflow client raises a ``RestException``;
the UI shows the message), and the findings are in the message. A refused version leaves nothing behind:
the registered model ``mlflow.register_model`` created for it a moment before is removed again when it is
still empty. A request that cannot be judged (a bad body, the database unreachable) is refused.

Configuration, read once when the server starts (a bad policy stops ``mlflow server`` before any worker
starts, with one line saying why; see :mod:`lineage_lint.mlflow.app`):

- ``LINEAGE_LINT_GATE_POLICY``: ``run-default`` (the default), ``run-strict``, or a JSON Schema file;
- ``LINEAGE_LINT_GATE_CONFIG``: optional ``.lineage-lint.toml`` or ``pyproject.toml`` whose ``gate`` table
  adds ``required-tags``, ``required-params``, ``require-description`` and ``aliases``.

Prompt versions (MLflow's prompt registry stores prompts as model versions) have no training lineage and
pass untouched, but only in a registered model that is itself a prompt, and only with MLflow's placeholder
source and no run or logged model. The request body is read the way MLflow reads it (``run_id`` or
``runId``; a body spelling a field both ways is refused). What it cannot stop is in the README ("What the
server plugin cannot stop").
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from lineage_lint.config import Settings, find_root, load_settings
from lineage_lint.mlflow.gate import GatePolicy, gate_policy, judge
from lineage_lint.mlflow.resolve import version_run
from lineage_lint.mlflow.run_record import is_lineage_field, run_record
from lineage_lint.mlflow.server_store import StoreBackend, all_tags
from lineage_lint.mlflow.store_reads import one_session
from lineage_lint.schema_files import PRESET_POLICIES

POLICY_ENV = "LINEAGE_LINT_GATE_POLICY"
CONFIG_ENV = "LINEAGE_LINT_GATE_CONFIG"
TIMING_ENV = "LINEAGE_LINT_GATE_TIMING"
LOG = logging.getLogger("lineage_lint.gate")
GUARDED = re.compile(r"/(?:api|ajax-api)/2\.0/(?:preview/)?mlflow/(?P<what>model-versions/create|"
                     r"registered-models/alias|model-versions/transition-stage|runs/log-parameter|runs/set-tag|runs/delete-tag|"
                     r"runs/log-batch|runs/log-inputs|runs/delete|registered-models/set-tag|"
                     r"registered-models/delete-tag)$")
# MLflow names each route's endpoint after its handler, for the REST and the ajax path alike: matching the
# endpoint catches every spelling of a path that reaches the handler (static prefix, encoded characters).
GUARDED_ENDPOINTS = {"_create_model_version": "model-versions/create",
                     "_set_registered_model_alias": "registered-models/alias",
                     "_transition_stage": "model-versions/transition-stage",
                     "_log_param": "runs/log-parameter", "_set_tag": "runs/set-tag", "_delete_tag": "runs/delete-tag",
                     "_log_batch": "runs/log-batch", "_log_inputs": "runs/log-inputs", "_delete_run": "runs/delete",
                     "_set_registered_model_tag": "registered-models/set-tag",
                     "_delete_registered_model_tag": "registered-models/delete-tag"}
GUARDED_STAGES = frozenset({"staging", "production"})
PROMPT_TAG = "mlflow.prompt.is_prompt"
PROMPT_SOURCES = frozenset({"dummy-source", "prompt-template"})  # MLflow's placeholder sources of prompts
_JSON_NAMES = {"run_id": "runId", "model_id": "modelId"}  # protobuf's JSON names MLflow accepts as well
_RUN_ID = re.compile(r"[0-9a-zA-Z_-]{1,64}")
EMPTY_MODEL_SECONDS = 10  # a registered model this young, with nothing in it, was made for the refused version


class AmbiguousRequest(ValueError):
    """The body spells one field two ways; which one MLflow acts on depends on its version."""


def field(body: dict[str, Any], name: str) -> Any:
    """``body[name]`` as MLflow's protobuf parsing reads it: by the field's name or its JSON name."""
    alias = _JSON_NAMES.get(name)
    if alias is not None and name in body and alias in body:
        raise AmbiguousRequest(f"the body gives both `{name}` and `{alias}`")
    return body.get(name, body.get(alias) if alias else None)


def is_prompt(tags: dict[str, Any], source: Any, run_id: Any, model_id: Any) -> bool:
    """A prompt version: tagged as a prompt, with MLflow's placeholder source and no run or logged model."""
    tagged = str(tags.get(PROMPT_TAG, "false")).lower() == "true"
    return tagged and str(source or "") in PROMPT_SOURCES and not run_id and not model_id


def run_of(body: dict[str, Any]) -> str:
    """The run a run edit names (``run_id``, ``runId`` or the old ``run_uuid``), which must be one."""
    given = {str(value) for key in ("run_id", "runId", "run_uuid", "runUuid") if (value := body.get(key))}
    if len(given) != 1:
        raise AmbiguousRequest("the body names no run" if not given else "the body names several runs")
    run_id = given.pop()
    if not _RUN_ID.fullmatch(run_id):
        raise AmbiguousRequest(f"{run_id!r} is not a run id")
    return run_id


def _pairs(items: Any) -> list[str]:
    return [str(item.get("key")) for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def request_body(raw: Any) -> dict[str, Any] | None:
    """The JSON object MLflow will act on (it also accepts a body JSON-encoded twice, as old clients send)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    return raw if isinstance(raw, dict) else None


class ServerGate:
    """The decision for one guarded request: None to let it through, else the refusal's message."""

    def __init__(self, policy: GatePolicy, settings: Settings, backend: StoreBackend, config: str = "") -> None:
        self.policy, self.settings, self.backend, self.config = policy, settings, backend, config
        self.required = policy.required_fields()  # the tags and params the policy (or configuration) names

    @classmethod
    def from_environment(cls) -> ServerGate:
        config = os.environ.get(CONFIG_ENV)
        if config:
            settings = load_settings(Path.cwd(), Path(config))
        else:  # a server's working directory is not a repository: no ambient configuration
            settings = Settings(base_dir=Path.cwd(), root=find_root(Path.cwd()))
        spec = os.environ.get(POLICY_ENV) or None
        if spec and spec not in PRESET_POLICIES:
            spec = str(Path(spec).resolve())
        policy = gate_policy(spec, settings.gate, settings.base_dir)
        return cls(policy, settings, StoreBackend(), str(Path(config).resolve()) if config else "")

    def describe(self) -> str:
        """What is in force, for the server's log at start."""
        config = f"configuration {self.config}" if self.config else f"no configuration ({CONFIG_ENV} unset)"
        return f"policy {self.policy.describe()}; {config}"

    def check(self, what: str, body: dict[str, Any]) -> str | None:
        """None to let the request through, else why it is refused; MLflow's errors propagate (refused)."""
        with one_session():  # one transaction for the whole check
            return self._check(what, body)

    def _check(self, what: str, body: dict[str, Any]) -> str | None:
        if what.startswith("runs/"):
            return self._check_run_edit(what, body)
        if what.startswith("registered-models/") and what.endswith("-tag"):
            return self._check_model_tag(what, body)
        policy = self.policy
        if what == "model-versions/create":
            raw_tags = field(body, "tags") or []
            tags = {str(tag.get("key")): tag.get("value") for tag in raw_tags if isinstance(tag, dict)} \
                if isinstance(raw_tags, list) else {}
            version = SimpleNamespace(name=field(body, "name"), version="(new)", source=field(body, "source") or "",
                                      run_id=field(body, "run_id") or None, model_id=field(body, "model_id") or None,
                                      description=field(body, "description") or None)
            if is_prompt(tags, version.source, version.run_id, version.model_id) and self._prompt_model(version.name):
                return None
            doing = f"registering a version of {version.name} from {version.source or 'no source'}"
        else:
            if what.endswith("transition-stage") and str(field(body, "stage") or "").lower() not in GUARDED_STAGES:
                return None  # archiving, or back to None: moving a model out of service is always allowed
            name, number = str(field(body, "name") or ""), str(field(body, "version") or "")
            version = self.backend.get_model_version(name, number)
            if self._is_prompt(version):
                return None
            if what.endswith("alias"):
                alias = str(field(body, "alias") or "")
                policy, target = self.policy.for_alias(alias), f"@{alias}"
            else:
                target = f"stage {field(body, 'stage')}"
            doing = f"moving {name} version {number} to {target}"
        resolution = version_run(self.backend, version)
        if resolution.run is None:
            return f"lineage-lint refused {doing}: {resolution.unlinked}"
        lineage = run_record(resolution.run, version)
        findings, _ = judge(lineage, policy, self.settings, None)
        errors = [finding for finding in findings if finding.severity == "error"]
        if not errors:
            return None
        listed = "; ".join(f"{finding.code} {finding.message}" for finding in errors)
        return (f"lineage-lint refused {doing}: run {lineage.run_id} lacks lineage under policy {policy.name}: "
                f"{listed}")

    def _check_run_edit(self, what: str, body: dict[str, Any]) -> str | None:
        """Edits of a run's lineage fields, and its deletion, once a registered version stands on it."""
        run_id = run_of(body)
        if what in ("runs/log-parameter", "runs/set-tag", "runs/delete-tag"):
            keys = [str(body.get("key") or "")]
            touched = [key for key in keys if is_lineage_field(key, self.required)]
            doing = f"{'deleting' if what.endswith('delete-tag') else 'setting'} {', '.join(touched)} of run {run_id}"
        elif what == "runs/log-batch":
            keys = _pairs(body.get("params")) + _pairs(body.get("tags"))
            touched = [key for key in keys if is_lineage_field(key, self.required)]
            doing = f"setting {', '.join(touched)} of run {run_id}"
        elif what == "runs/log-inputs":
            touched = ["its dataset inputs"] if body.get("datasets") else []
            doing = f"adding dataset inputs to run {run_id}"
        else:  # runs/delete
            touched, doing = ["the run"], f"deleting run {run_id}"
        if not touched:
            return None
        backing = self.backend.versions_of_run(run_id)
        if not backing:
            return None
        version = backing[0]
        return (f"lineage-lint refused {doing}: the run backs registered model {version.name} version "
                f"{version.version}, whose lineage was judged on it; its lineage fields cannot change now "
                "(log a new run and register it instead)")

    def _check_model_tag(self, what: str, body: dict[str, Any]) -> str | None:
        """The prompt tag decides which versions are prompts (and pass untouched): fixed at creation."""
        if str(body.get("key") or "").strip() != PROMPT_TAG:
            return None
        return (f"lineage-lint refused {'setting' if what.endswith('set-tag') else 'deleting'} {PROMPT_TAG} on "
                f"registered model {body.get('name')}: whether a registered model holds prompts is decided when it "
                "is created")

    def cleanup(self, body: dict[str, Any]) -> str:
        """After refusing a version: remove the empty registered model made for it; a note saying so."""
        name = field(body, "name")
        try:
            if isinstance(name, str) and name and self.backend.remove_if_empty(name, EMPTY_MODEL_SECONDS):
                return f" (the empty registered model {name} created for it was removed)"
        except Exception as exc:  # the refusal stands whatever happens here
            LOG.warning("lineage-lint: could not remove the empty registered model %r: %s", name, exc)
        return ""

    def _prompt_model(self, name: Any) -> bool:
        """Whether the registered model ``name`` is itself a prompt (tagged so when it was created)."""
        try:
            model = self.backend.get_registered_model(str(name))
        except Exception:
            return False
        return str(all_tags(model).get(PROMPT_TAG, "false")).lower() == "true"

    def _is_prompt(self, version: Any) -> bool:
        if not is_prompt({PROMPT_TAG: "true"}, version.source, version.run_id, getattr(version, "model_id", None)):
            return False  # whatever its tags say, a version with a model's source or a run is judged
        return self._prompt_model(version.name)


def install(flask_app: Any, gate: ServerGate) -> None:
    """Put the gate's check in front of ``flask_app``'s handlers (after any check registered before it, such
    as basic-auth's: who may act is decided first, then whether the model may go). With
    ``LINEAGE_LINT_GATE_TIMING=1`` each judged response carries a ``Server-Timing`` header with the time the
    check took in the server (wall and CPU milliseconds), which ``bench/bench_gate_load.py`` reads."""
    from flask import Response, g, request

    timing = os.environ.get(TIMING_ENV, "").strip().lower() in ("1", "true", "yes")

    def refuse(message: str) -> Response:
        LOG.warning("%s", message)
        body = json.dumps({"error_code": "PERMISSION_DENIED", "message": message})
        return Response(body, status=403, mimetype="application/json")

    def judged() -> Response | None:
        match = GUARDED.search(request.path)
        what = GUARDED_ENDPOINTS.get(request.endpoint or "") or (match["what"] if match else None)
        if what is None or request.method not in ("POST", "DELETE", "PATCH", "PUT"):
            return None
        if request.method == "POST":
            body = request_body(request.get_json(force=True, silent=True))  # as MLflow's handlers read it
        else:  # MLflow reads the query string of a DELETE, and the body when there is one
            body = request_body(request.get_json(force=True, silent=True)) or dict(request.args.items())
        if body is None:
            return refuse("lineage-lint refused the request: its body is not a JSON object, so it cannot be judged")
        try:
            message = gate.check(what, body)
        except Exception as exc:  # fail closed: what cannot be judged is not let through
            return refuse(f"lineage-lint could not judge the request, so it is refused: {exc}")
        if message and what == "model-versions/create":
            message += gate.cleanup(body)
        return refuse(message) if message else None

    def before_request() -> Response | None:
        if not timing:
            return judged()
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return judged()
        finally:
            g.lineage_lint_spent = (time.perf_counter() - started, time.thread_time() - cpu)

    def after_request(response: Response) -> Response:
        spent = g.pop("lineage_lint_spent", None)
        if spent is not None:
            response.headers.add("Server-Timing", f"lineage-lint;dur={spent[0] * 1000:.3f}, "
                                                  f"lineage-lint-cpu;dur={spent[1] * 1000:.3f}")
        return response

    flask_app.before_request(before_request)
    if timing:
        flask_app.after_request(after_request)


def as_served(flask_app: Any) -> Any:
    """``flask_app`` as the server MLflow runs wants it: wrapped in MLflow's FastAPI app under uvicorn."""
    from mlflow.environment_variables import _MLFLOW_SGI_NAME

    if os.environ.get(_MLFLOW_SGI_NAME.name) == "uvicorn":  # set by `mlflow server` for its workers
        from mlflow.server.fastapi_app import create_fastapi_app

        return create_fastapi_app(flask_app)
    return flask_app


def create_app(app: Any = None) -> Any:
    """MLflow's app with the gate in front of it (the ``lineage-gate`` entry point is
    :func:`lineage_lint.mlflow.app.create_app`, which checks the configuration first)."""
    from mlflow.server import app as mlflow_app

    flask_app = app if app is not None else mlflow_app
    install(flask_app, ServerGate.from_environment())
    return as_served(flask_app)
