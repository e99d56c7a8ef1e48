"""From what the gate is given (``models:/NAME/VERSION``, ``models:/NAME@ALIAS``, ``runs:/RUN_ID``,
``models:/m-<id>``) to the model version and the run that produced it.

The lookups go through a *backend*: anything with MLflow's ``get_run``, ``get_model_version``,
``get_model_version_by_alias`` and ``get_logged_model``: an ``MlflowClient`` for the CLI, the server's own
stores for the server plugin. One resolution, both places. In MLflow 3 a version links to its run through
``source='models:/<model_id>'`` -> logged model -> ``source_run_id``; older versions carry ``run_id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

_MODEL_VERSION = re.compile(r"^models:/(?P<name>[^/@]+)/(?P<version>\d+)/?$")
_MODEL_ALIAS = re.compile(r"^models:/(?P<name>[^/@]+)@(?P<alias>[^/@]+)/?$")
_LOGGED_MODEL = re.compile(r"^models:/(?P<model_id>m-[0-9a-f]{16,})/?$")
_RUN = re.compile(r"^runs:/(?P<run_id>[0-9a-zA-Z_-]+)(?:/(?P<path>.*))?$")


class UsageError(ValueError):
    """The URI given is not one the gate understands (exit 2)."""


class Backend(Protocol):
    def get_run(self, run_id: str) -> Any: ...

    def get_model_version(self, name: str, version: str) -> Any: ...

    def get_model_version_by_alias(self, name: str, alias: str) -> Any: ...

    def get_logged_model(self, model_id: str) -> Any: ...


@dataclass(frozen=True)
class Target:
    """A parsed URI: a model version (by number or alias), a run, or a logged model."""

    uri: str
    name: str | None = None
    version: str | None = None
    alias: str | None = None
    run_id: str | None = None
    artifact_path: str | None = None
    model_id: str | None = None

    @property
    def is_model_version(self) -> bool:
        return self.name is not None


def parse_uri(uri: str) -> Target:
    text = uri.strip()
    if match := _MODEL_VERSION.match(text):
        return Target(text, name=match["name"], version=match["version"])
    if match := _MODEL_ALIAS.match(text):
        return Target(text, name=match["name"], alias=match["alias"])
    if match := _LOGGED_MODEL.match(text):
        return Target(text, model_id=match["model_id"])
    if match := _RUN.match(text):
        return Target(text, run_id=match["run_id"], artifact_path=match["path"] or None)
    raise UsageError(
        f"cannot read {uri!r}: give models:/NAME/VERSION, models:/NAME@ALIAS, runs:/RUN_ID or models:/<model_id>"
    )


@dataclass
class Resolution:
    """The version (None for runs and logged models) and its run (None when it names none: ``unlinked``
    says why)."""

    model_version: Any
    run: Any
    unlinked: str = ""


def run_id_of_version(backend: Backend, version: Any) -> str | None:
    """The run that produced a model version: ``run_id``, else the logged model's (or the source version's)."""
    if getattr(version, "run_id", None):
        return str(version.run_id)
    model_id = getattr(version, "model_id", None)
    source = str(getattr(version, "source", "") or "")
    if not model_id and (match := _LOGGED_MODEL.match(source)):
        model_id = match["model_id"]
    if model_id:
        source_run = backend.get_logged_model(model_id).source_run_id
        return str(source_run) if source_run else None
    if match := _RUN.match(source):
        return match["run_id"]
    match = _MODEL_VERSION.match(source)
    if match and (match["name"], match["version"]) != (version.name, str(version.version)):  # a copied version
        return run_id_of_version(backend, backend.get_model_version(match["name"], match["version"]))
    return None


def resolve(backend: Backend, target: Target) -> Resolution:
    """Look the target up; MLflow's exceptions (not found, refused, unreachable) propagate to the caller."""
    if target.run_id is not None:
        return Resolution(None, backend.get_run(target.run_id))
    if target.model_id is not None:
        run_id = backend.get_logged_model(target.model_id).source_run_id
        if not run_id:
            return Resolution(None, None, f"logged model {target.model_id} names no source run")
        return Resolution(None, backend.get_run(run_id))
    assert target.name is not None
    if target.alias is not None:
        version = backend.get_model_version_by_alias(target.name, target.alias)
    else:
        assert target.version is not None
        version = backend.get_model_version(target.name, target.version)
    run_id = run_id_of_version(backend, version)
    if run_id is None:
        return Resolution(version, None, f"model version {version.name}/{version.version} names no run "
                                         f"(source {version.source or 'empty'}): its lineage cannot be traced")
    return Resolution(version, backend.get_run(run_id))
