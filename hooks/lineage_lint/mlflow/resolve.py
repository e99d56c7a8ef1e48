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
        if match["path"] and _DOT_SEGMENT.search(match["path"]):  # `register` would take files from elsewhere
            raise UsageError(f"cannot read {uri!r}: its artifact path steps out of the run's artifacts ('.' or "
                             "'..' segments, or an encoded separator)")
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


_NOT_FOUND = ("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND")


def _not_found(exc: BaseException) -> bool:
    """MLflow's "does not exist" (by error code: mlflow is not imported here)."""
    return str(getattr(exc, "error_code", "")) in _NOT_FOUND
MAX_COPIES = 10  # a version copied from a version copied from...: followed this far


@dataclass(frozen=True)
class Link:
    """Where a version's artifacts come from: the run that produced them (None: ``why`` says why it cannot be
    told), the logged model they are (MLflow 3), and the source they are read from."""

    run_id: str | None
    why: str = ""
    logged_model: Any = None
    source: str = ""


def logged_model_id(version: Any) -> str | None:
    """The logged model a version's artifacts are: its ``model_id``, else the id its ``models:/<model_id>``
    source names (search results may leave ``model_id`` out); None for a version without one."""
    model_id = str(getattr(version, "model_id", None) or "") or None
    source_model = _LOGGED_MODEL.match(str(getattr(version, "source", "") or ""))
    return model_id or (source_model["model_id"] if source_model else None)


def linked_run(backend: Backend, version: Any, _depth: int = 0) -> tuple[str | None, str]:
    """The run that produced a model version, or None and why it cannot be told (see :func:`link`)."""
    found = link(backend, version, _depth)
    return found.run_id, found.why


def link(backend: Backend, version: Any, _depth: int = 0) -> Link:
    """What a model version's artifacts come from.

    What the version's artifacts come from decides: its logged model (``model_id``, or a
    ``models:/<model_id>`` source) and that model's ``source_run_id``; the run of a ``runs:/`` source; the
    version a ``models:/NAME/VERSION`` source copies. The version's own ``run_id`` is what the client that
    registered it claimed (MLflow stores it as given): when it contradicts the artifacts' run, neither is
    trusted. A ``models:/NAME@ALIAS`` source copies the version the alias names. Without any of these,
    ``run_id`` alone names the run (versions registered before MLflow 3), and :func:`version_run` then holds
    the source to lie under that run's artifact location.
    """
    claimed = str(version.run_id) if getattr(version, "run_id", None) else None
    model_id = str(getattr(version, "model_id", None) or "") or None
    source = str(getattr(version, "source", "") or "")
    produced: str | None = None
    origin = ""
    model: Any = None
    source_model = _LOGGED_MODEL.match(source)
    source_run = _RUN.match(source)
    source_version = _MODEL_VERSION.match(source)
    source_alias = _MODEL_ALIAS.match(source)
    if model_id and source_model and source_model["model_id"] != model_id:
        return Link(None, f"its model_id {model_id} and its source {source} name different logged models")
    model_id = model_id or (source_model["model_id"] if source_model else None)
    if model_id:
        try:
            model = backend.get_logged_model(model_id)
        except Exception as exc:
            if not _not_found(exc):
                raise
            return Link(None, f"its logged model {model_id} no longer exists (deleted), so its lineage is gone")
        produced = str(model.source_run_id or "") or None
        if produced is None:
            return Link(None, f"its logged model {model_id} names no source run")
        origin = f"its logged model {model_id}"
        if source_run and source_run["run_id"] != produced:
            return Link(None, f"its source {source} is not the run of its logged model {model_id} ({produced})")
    elif source_run:
        produced, origin = source_run["run_id"], f"its source {source}"
    elif (source_version and (source_version["name"], source_version["version"]) != (
            str(version.name), str(version.version))) or source_alias:
        if _depth >= MAX_COPIES:
            return Link(None, f"its source {source} is a copy of a copy more than {MAX_COPIES} times over")
        if source_alias:  # MLflow resolves the alias when it creates the version, and stores the number
            copied = backend.get_model_version_by_alias(source_alias["name"], source_alias["alias"])
        else:
            assert source_version is not None
            copied = backend.get_model_version(source_version["name"], source_version["version"])
        original = link(backend, copied, _depth + 1)
        if original.run_id is None:
            return Link(None, f"it copies {source}, which cannot be traced: {original.why}")
        produced, origin, model = original.run_id, f"its source {source}", original.logged_model
        source = original.source
    if produced and claimed and produced != claimed:
        return Link(None, f"its run_id {claimed} is not the run that produced its artifacts ({origin} comes from "
                          f"run {produced})")
    run_id = produced or claimed
    if run_id is None:
        return Link(None, f"it names no run (source {source or 'empty'})")
    return Link(run_id, "", model, source)


def _plain(uri: str) -> str:
    """A location as compared: ``file://`` dropped, no trailing slash."""
    text = uri.strip()
    if text.startswith("file://"):
        text = text[len("file://"):]
    return text.rstrip("/")


_DOT_SEGMENT = re.compile(r"(?:^|/)\.{1,2}(?:/|$)|%2e|%2f|%5c|\\", re.IGNORECASE)


def under(source: str, location: str) -> bool:
    """Whether ``source`` lies in ``location`` (the same folder or below it), spelled without ``.``/``..``
    segments or encoded separators that could step out of it."""
    if not location or _DOT_SEGMENT.search(source):
        return False
    plain, top = _plain(source), _plain(location)
    return bool(top) and (plain == top or plain.startswith(top + "/"))


def artifact_problem(found: Link, run: Any) -> str:
    """Why the artifacts are not that run's (empty when they are): a source must lie under the run's (or its
    logged model's) artifact location, and a logged model must belong to the run's experiment, as a model
    logged in the run does. Otherwise anyone could register files from anywhere under a lineaged run's id."""
    source, model = found.source, found.logged_model
    if model is not None:
        model_experiment = str(getattr(model, "experiment_id", "") or "")
        run_experiment = str(getattr(run.info, "experiment_id", "") or "")
        if model_experiment and run_experiment and model_experiment != run_experiment:
            return (f"its logged model {model.model_id} is in experiment {model_experiment}, but its source run "
                    f"{run.info.run_id} is in experiment {run_experiment}: the model was not logged by that run")
    if (_LOGGED_MODEL.match(source) and model is not None) or _RUN.match(source):
        if _DOT_SEGMENT.search(source):
            return f"its source {source} steps out of the run's artifacts"
        return ""
    locations = [str(getattr(run.info, "artifact_uri", "") or "")]
    if model is not None:
        locations.append(str(getattr(model, "artifact_location", "") or ""))
    if any(under(source, location) for location in locations if location):
        return ""
    shown = " or ".join(location for location in locations if location) or "(none recorded)"
    return (f"its source {source or 'empty'} does not lie under the artifact location of the run that names it "
            f"({shown}), so its files need not be what that run produced")


def _traced_run(backend: Backend, run_id: str, what: str) -> tuple[Any, str]:
    """``run_id``'s run, or None and why its lineage is gone (deleted, or purged after deletion)."""
    try:
        run = backend.get_run(run_id)
    except Exception as exc:
        if _not_found(exc):
            return None, f"{what}: its run {run_id} no longer exists (deleted and purged), so its lineage is gone"
        raise
    if str(getattr(run.info, "lifecycle_stage", "active")) == "deleted":
        return None, (f"{what}: its run {run_id} is deleted, so its lineage can be purged at any time "
                      "(`mlflow gc`); restore the run to promote it")
    return run, ""


def version_run(backend: Backend, version: Any) -> Resolution:
    """A model version and its run, or (``run`` None) why the run cannot be traced."""
    what = f"model version {version.name}/{version.version}"
    found = link(backend, version)
    if found.run_id is None:
        return Resolution(version, None, f"{what} cannot be traced: {found.why}")
    run, gone = _traced_run(backend, found.run_id, what)
    if run is None:
        return Resolution(version, None, gone)
    problem = artifact_problem(found, run)
    if problem:
        return Resolution(version, None, f"{what} cannot be traced: {problem}")
    return Resolution(version, run)


def resolve(backend: Backend, target: Target) -> Resolution:
    """Look the target up; MLflow's exceptions (not found, refused, unreachable) propagate to the caller,
    except a version's run that is gone, which is an untraceable version (``run`` None)."""
    if target.run_id is not None:
        run = backend.get_run(target.run_id)  # a run that does not exist: not found, could not decide
        if str(getattr(run.info, "lifecycle_stage", "active")) == "deleted":
            return Resolution(None, None, f"run {target.run_id} is deleted, so its lineage can be purged at any "
                                          "time (`mlflow gc`); restore the run first")
        return Resolution(None, run)
    if target.model_id is not None:
        model = backend.get_logged_model(target.model_id)
        if not model.source_run_id:
            return Resolution(None, None, f"logged model {target.model_id} names no source run")
        what = f"logged model {target.model_id}"
        run, gone = _traced_run(backend, str(model.source_run_id), what)
        if run is None:
            return Resolution(None, None, gone)
        problem = artifact_problem(Link(str(model.source_run_id), "", model, target.uri), run)
        return Resolution(None, None, f"{what} cannot be traced: {problem}") if problem else Resolution(None, run)
    assert target.name is not None
    if target.alias is not None:
        version = backend.get_model_version_by_alias(target.name, target.alias)
    else:
        assert target.version is not None
        version = backend.get_model_version(target.name, target.version)
    return version_run(backend, version)
