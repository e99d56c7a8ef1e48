"""The server plugin: ``mlflow server --app-name lineage-gate`` refuses what the gate would refuse.

A Flask ``before_request`` check on MLflow's own app (how MLflow's basic-auth app plugs in) judges every
request that creates a model version, sets an alias or moves a version to Staging or Production, on the
REST API (``/api/2.0/...``) and the web UI's (``/ajax-api/2.0/...``) alike. A version whose run lacks
lineage is refused with HTTP 403 and ``error_code: PERMISSION_DENIED`` (the MLflow client raises a
``RestException``; the UI shows the message), and the findings are in the message.

Configuration, read once when the server starts (a bad policy stops the server from starting):

- ``LINEAGE_LINT_GATE_POLICY``: ``run-default`` (the default), ``run-strict``, or a JSON Schema file;
- ``LINEAGE_LINT_GATE_CONFIG``: optional ``.lineage-lint.toml`` or ``pyproject.toml`` whose ``gate`` table
  adds ``required-tags``, ``required-params`` and ``require-description``.

Prompt versions (MLflow's prompt registry stores prompts as model versions) have no training lineage and
pass untouched, but only real ones: a version counts as a prompt when it is tagged as one *and* its source is
MLflow's prompt placeholder with no run or logged model, so a model cannot pass by wearing the prompt tag.
The request body is read the way MLflow reads it (``run_id`` or ``runId``; a body spelling a field both ways
is refused). What it cannot stop is in the README ("What the server plugin cannot stop").
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from lineage_lint.config import Settings, find_root, load_settings
from lineage_lint.mlflow.gate import GatePolicy, gate_policy, judge
from lineage_lint.mlflow.resolve import version_run
from lineage_lint.mlflow.run_record import run_record
from lineage_lint.schema_files import PRESET_POLICIES

POLICY_ENV = "LINEAGE_LINT_GATE_POLICY"
CONFIG_ENV = "LINEAGE_LINT_GATE_CONFIG"
GUARDED = re.compile(r"/(?:api|ajax-api)/2\.0/(?:preview/)?mlflow/"
                     r"(?P<what>model-versions/create|registered-models/alias|model-versions/transition-stage)$")
# MLflow names each route's endpoint after its handler, for the REST and the ajax path alike: matching the
# endpoint catches every spelling of a path that reaches the handler (static prefix, encoded characters).
GUARDED_ENDPOINTS = {"_create_model_version": "model-versions/create",
                     "_set_registered_model_alias": "registered-models/alias",
                     "_transition_stage": "model-versions/transition-stage"}
GUARDED_STAGES = frozenset({"staging", "production"})
PROMPT_TAG = "mlflow.prompt.is_prompt"
PROMPT_SOURCES = frozenset({"dummy-source", "prompt-template"})  # MLflow's placeholder sources of prompts
_JSON_NAMES = {"run_id": "runId", "model_id": "modelId"}  # protobuf's JSON names MLflow accepts as well


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


def request_body(raw: Any) -> dict[str, Any] | None:
    """The JSON object MLflow will act on (it also accepts a body JSON-encoded twice, as old clients send)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    return raw if isinstance(raw, dict) else None


class StoreBackend:
    """The gate's lookups served by the server's own stores (no HTTP round trip to itself)."""

    def __init__(self) -> None:
        from mlflow.server import handlers

        self._handlers: Any = handlers  # the server's store accessors (what MLflow's own handlers use)

    def get_run(self, run_id: str) -> Any:
        return self._handlers._get_tracking_store().get_run(run_id)

    def get_logged_model(self, model_id: str) -> Any:
        return self._handlers._get_tracking_store().get_logged_model(model_id)

    def get_model_version(self, name: str, version: str) -> Any:
        return self._handlers._get_model_registry_store().get_model_version(name, version)

    def get_model_version_by_alias(self, name: str, alias: str) -> Any:
        return self._handlers._get_model_registry_store().get_model_version_by_alias(name, alias)

    def get_registered_model(self, name: str) -> Any:
        return self._handlers._get_model_registry_store().get_registered_model(name)


class ServerGate:
    """The decision for one guarded request: None to let it through, else the refusal's message."""

    def __init__(self, policy: GatePolicy, settings: Settings, backend: StoreBackend) -> None:
        self.policy, self.settings, self.backend = policy, settings, backend

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
        return cls(gate_policy(spec, settings.gate, settings.base_dir), settings, StoreBackend())

    def check(self, what: str, body: dict[str, Any]) -> str | None:
        if what == "model-versions/create":
            raw_tags = field(body, "tags") or []
            tags = {str(tag.get("key")): tag.get("value") for tag in raw_tags if isinstance(tag, dict)} \
                if isinstance(raw_tags, list) else {}
            version = SimpleNamespace(name=field(body, "name"), version="(new)", source=field(body, "source") or "",
                                      run_id=field(body, "run_id") or None, model_id=field(body, "model_id") or None,
                                      description=field(body, "description") or None)
            if is_prompt(tags, version.source, version.run_id, version.model_id):
                return None
            doing = f"registering a version of {version.name} from {version.source or 'no source'}"
        else:
            if what.endswith("transition-stage") and str(field(body, "stage") or "").lower() not in GUARDED_STAGES:
                return None  # archiving, or back to None: moving a model out of service is always allowed
            name, number = str(field(body, "name") or ""), str(field(body, "version") or "")
            version = self.backend.get_model_version(name, number)
            if self._is_prompt(version):
                return None
            target = f"@{field(body, 'alias')}" if what.endswith("alias") else f"stage {field(body, 'stage')}"
            doing = f"moving {name} version {number} to {target}"
        resolution = version_run(self.backend, version)
        if resolution.run is None:
            return f"lineage-lint refused {doing}: {resolution.unlinked}"
        lineage = run_record(resolution.run, version)
        findings, _ = judge(lineage, self.policy, self.settings, None)
        errors = [finding for finding in findings if finding.severity == "error"]
        if not errors:
            return None
        listed = "; ".join(f"{finding.code} {finding.message}" for finding in errors)
        return (f"lineage-lint refused {doing}: run {lineage.run_id} lacks lineage under policy {self.policy.name}: "
                f"{listed}")

    def _is_prompt(self, version: Any) -> bool:
        tags = dict(getattr(version, "tags", None) or {})
        if not is_prompt({PROMPT_TAG: "true"}, version.source, version.run_id, getattr(version, "model_id", None)):
            return False  # whatever its tags say, a version with a model's source or a run is judged
        if str(tags.get(PROMPT_TAG, "false")).lower() == "true":
            return True
        model = self.backend.get_registered_model(version.name)
        return str((getattr(model, "tags", None) or {}).get(PROMPT_TAG, "false")).lower() == "true"


def create_app(app: Any = None) -> Any:
    """The ``mlflow.app`` entry point ``lineage-gate``: MLflow's app with the gate in front of it."""
    from flask import Response, request
    from mlflow.environment_variables import _MLFLOW_SGI_NAME
    from mlflow.server import app as mlflow_app

    flask_app = app if app is not None else mlflow_app
    gate = ServerGate.from_environment()

    def refuse(message: str) -> Response:
        body = json.dumps({"error_code": "PERMISSION_DENIED", "message": message})
        return Response(body, status=403, mimetype="application/json")

    def before_request() -> Response | None:
        match = GUARDED.search(request.path)
        what = GUARDED_ENDPOINTS.get(request.endpoint or "") or (match["what"] if match else None)
        if what is None or request.method != "POST":
            return None
        body = request_body(request.get_json(force=True, silent=True))  # as MLflow's handlers read it
        if body is None:
            return refuse("lineage-lint refused the request: its body is not a JSON object, so it cannot be judged")
        try:
            message = gate.check(what, body)
        except Exception as exc:  # fail closed: what cannot be judged is not let through
            return refuse(f"lineage-lint could not judge the request, so it is refused: {exc}")
        return refuse(message) if message else None

    flask_app.before_request(before_request)
    if os.environ.get(_MLFLOW_SGI_NAME.name) == "uvicorn":  # set by `mlflow server` for its workers
        from mlflow.server.fastapi_app import create_fastapi_app

        return create_fastapi_app(flask_app)
    return flask_app
