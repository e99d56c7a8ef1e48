"""What stands under a registered version cannot change: the server plugin's freeze.

A version's judgement rests on its run (params, tags, dataset inputs), on the logged model it was registered
from, and on its files. Once a version stands on them, the plugin refuses, through every route MLflow's server
offers for it:

- editing the run's lineage fields (seed params and tags, the commit, ``lineage.*``, ``dataset_version*``, the
  CI and config tags, the policy's required tags and params) or adding dataset inputs; deleting the run;
- deleting the logged model, or the experiment that holds the run or the logged model (deleting an experiment
  deletes its runs);
- writing or deleting the version's files through the server's artifact proxy (``mlflow-artifacts``: upload,
  multipart upload, delete) or the web UI's upload into a run's artifacts, or asking it for a presigned upload
  URL into them.

A run, model or file no version stands on stays free to change. Each method returns None (let it through) or
why it is refused; lookups that fail raise, and the caller refuses (fail closed).
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import Any
from urllib.parse import urlparse

from lineage_lint.mlflow.resolve import MAX_COPIES, link
from lineage_lint.mlflow.run_record import is_lineage_field
from lineage_lint.mlflow.server_store import StoreBackend

_RUN_ID = re.compile(r"[0-9a-zA-Z_-]{1,64}")
_ID_SEGMENT = re.compile(r"(?P<model>m-)?(?P<id>[0-9a-f]{32})")  # MLflow's run ids and logged model ids
_RUN_SOURCE = re.compile(r"^runs:/(?P<run_id>[^/]+)(?:/(?P<path>.*))?$")
ARTIFACTS_SCHEME = "mlflow-artifacts"
Location = tuple[str, ...]


class AmbiguousRequest(ValueError):
    """The body spells one field two ways, or names no run or several; which one MLflow acts on is unclear."""


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


def location(uri: str) -> Location:
    """A storage location as comparable path segments: ``mlflow-artifacts:/0/r/artifacts`` and
    ``mlflow-artifacts://host:5000/0/r/artifacts`` -> ``("mlflow-artifacts", "0", "r", "artifacts")``;
    ``s3://bucket/key`` -> ``("s3", "bucket", "key")``; a local path or ``file://`` URI -> ``("file", ...)``."""
    parsed = urlparse(uri.strip())
    scheme = parsed.scheme.lower() if len(parsed.scheme) > 1 else ""  # a Windows drive letter is no scheme
    if scheme in ("", "file"):
        path = parsed.path if scheme else uri.strip()
        return ("file", *_segments(os.path.abspath(path) if path else path))
    host = () if scheme == ARTIFACTS_SCHEME else (parsed.netloc,)
    return (scheme, *host, *_segments(parsed.path))


def _segments(path: str) -> list[str]:
    """A path's segments, without the empty and ``.`` ones a store ignores (``0//models/./x`` is ``0/models/x``)."""
    return [segment for segment in path.split("/") if segment not in ("", ".")]


def inside(place: Location, top: Location) -> bool:
    """Whether ``place`` is ``top`` or lies below it."""
    return len(place) >= len(top) and place[:len(top)] == top


class Freeze:
    """The freeze's checks on one server (its stores through ``backend``)."""

    def __init__(self, backend: StoreBackend, required: frozenset[str]) -> None:
        self.backend, self.required = backend, required

    # --- runs -----------------------------------------------------------------------------------------

    def run_edit(self, what: str, body: dict[str, Any]) -> str | None:
        """Edits of a run's lineage fields, and its deletion, once a registered version stands on it."""
        run_id, touched, doing = self.lineage_edit(what, body)
        if not touched:
            return None
        return self._refusal(doing, "the run backs", self.backend.versions_of_run(run_id))

    def lineage_edit(self, what: str, body: dict[str, Any]) -> tuple[str, list[str], str]:
        """The run a run edit names, the lineage fields it touches (none: it changes nothing judged), and what
        it does, in words."""
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
        return run_id, touched, doing

    # --- logged models and experiments ---------------------------------------------------------------

    def logged_model_delete(self, args: dict[str, Any]) -> str | None:
        model_id = str(args.get("model_id") or "")
        if not model_id:
            raise AmbiguousRequest("the request names no logged model")
        standing = self._with_copies(self.backend.versions_on(model_ids=[model_id]))
        return self._refusal(f"deleting logged model {model_id}", "the logged model backs", standing)

    @staticmethod
    def experiment_of(body: dict[str, Any]) -> str:
        """The experiment a request names (``experiment_id`` or ``experimentId``), which must be one."""
        given = {str(value) for key in ("experiment_id", "experimentId") if (value := body.get(key))}
        if len(given) != 1:
            raise AmbiguousRequest("the body names no experiment" if not given else "the body names several")
        return given.pop()

    def experiment_delete(self, body: dict[str, Any]) -> str | None:
        experiment_id = self.experiment_of(body)
        runs, models = self.backend.contents_of_experiment(experiment_id)
        standing = self.backend.versions_on(run_ids=runs, model_ids=models, limit=1)
        return self._refusal(f"deleting experiment {experiment_id} (and with it its runs)",
                             "a run or logged model of the experiment backs", standing)

    # --- files ----------------------------------------------------------------------------------------

    def proxied_write(self, path: str, deleting: bool) -> str | None:
        """A write (``deleting``: a delete, which takes a whole folder) at ``path`` under the server's
        artifact destination, as MLflow's handlers read it (decoded, checked, workspace-scoped)."""
        from mlflow.server.handlers import _get_workspace_scoped_repo_path_if_enabled
        from mlflow.utils import uri

        safe: Any = uri.validate_path_is_safe  # MLflow's decoding and path checks (raises on ``..`` and the like)
        relative = _get_workspace_scoped_repo_path_if_enabled(safe(path)) or ""
        places = [(ARTIFACTS_SCHEME, *_segments(relative))]
        destination = os.environ.get("_MLFLOW_SERVER_ARTIFACT_DESTINATION")  # where the proxy writes
        if destination:
            places.append((*location(destination), *_segments(relative)))
        doing = f"{'deleting' if deleting else 'writing'} artifacts at {relative or '/'}"
        return self._touching(doing, places, self._standing_in(_segments(relative)), deleting)

    def run_upload(self, query: dict[str, Any]) -> str | None:
        """The web UI's upload into a run's artifacts (``/ajax-api/2.0/mlflow/upload-artifact?run_uuid=&path=``),
        written where MLflow's handler writes it: under the proxy's destination at
        ``<experiment>/<run>/artifacts/<path>`` when the run's artifacts are proxied, else under the run's
        artifact location through its store."""
        from mlflow.server import handlers
        from mlflow.utils import uri

        run_id, path = str(query.get("run_uuid") or ""), str(query.get("path") or "")
        if not run_id or not path:
            return None  # MLflow refuses it itself
        run = self.backend.get_run(run_of({"run_uuid": run_id}))
        top = str(run.info.artifact_uri or "")
        proxied: Any = handlers._is_servable_proxied_run_artifact_root  # where MLflow's handler writes
        if proxied(top):
            return self.proxied_write(posixpath.join(str(run.info.experiment_id), run_id, "artifacts", path), False)
        safe: Any = uri.validate_path_is_safe
        place = (*location(top), *_segments(safe(path)))
        return self._touching(f"writing artifacts at {posixpath.join(top, path)}", [place],
                              self._standing_in(list(place)), deleting=False)

    def _standing_in(self, segments: list[str]) -> list[Any]:
        """The versions whose files may lie at or below a place with these path segments: a version's files lie
        in its run's or logged model's folder, which is named by its id; above every such folder (an
        experiment's, the root), any version may lie below."""
        ids = [match for segment in segments if (match := _ID_SEGMENT.fullmatch(segment))]
        if not ids:
            return self.backend.every_version()
        runs = [found["id"] for found in ids if not found["model"]]
        models = [f"m-{found['id']}" for found in ids if found["model"]]
        return self._with_copies(self.backend.versions_on(run_ids=runs, model_ids=models))

    def presigned_upload(self, body: dict[str, Any]) -> str | None:
        """A presigned URL to upload into a run's or a logged model's artifacts (cloud stores)."""
        run_id, model_id, path = (str(body.get(key) or "") for key in ("run_id", "model_id", "path"))
        if bool(run_id) == bool(model_id):
            return None  # MLflow refuses it itself
        if run_id:
            top, candidates = self.backend.get_run(run_id).info.artifact_uri, self.backend.versions_on(run_ids=[run_id])
        else:
            top = self.backend.get_logged_model(model_id).artifact_location
            candidates = self.backend.versions_on(model_ids=[model_id])
        place = (*location(str(top or "")), *_segments(path))
        return self._touching(f"asking for an upload URL to {posixpath.join(str(top), path)}", [place],
                              self._with_copies(candidates), deleting=False)

    def _touching(self, doing: str, places: list[Location], candidates: list[Any], deleting: bool) -> str | None:
        for version in candidates:
            files = self.files_of(version)
            if files is None:
                continue
            if any(inside(place, files) or (deleting and inside(files, place)) for place in places):
                return self._refusal(doing, "the files are those of", [version])
        return None

    def files_of(self, version: Any) -> Location | None:
        """Where a version's files are (its logged model's folder, its run's sub-folder, its source), or None
        when it cannot be traced any more (it fails the gate then; there is no lineage left to keep)."""
        try:
            found = link(self.backend, version)
        except Exception as exc:
            if str(getattr(exc, "error_code", "")) in ("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND"):
                return None
            raise
        if found.run_id is None:
            return None
        if found.logged_model is not None:
            return location(str(found.logged_model.artifact_location or ""))
        run_source = _RUN_SOURCE.match(found.source)
        if run_source:
            run = self.backend.get_run(run_source["run_id"])
            return (*location(str(run.info.artifact_uri or "")), *_segments(run_source["path"] or ""))
        return location(found.source)

    # --- shared ---------------------------------------------------------------------------------------

    def _with_copies(self, versions: list[Any]) -> list[Any]:
        """``versions`` and the versions copying them (source ``models:/NAME/VERSION``), copies of copies
        included (as far as :data:`lineage_lint.mlflow.resolve.MAX_COPIES`)."""
        found, frontier = list(versions), list(versions)
        for _ in range(MAX_COPIES):
            sources = {f"models:/{v.name}/{v.version}" for v in frontier}
            frontier = self.backend.versions_with_sources(sources) if sources else []
            if not frontier:
                break
            found += frontier
        return found

    @staticmethod
    def _refusal(doing: str, why: str, standing: list[Any]) -> str | None:
        if not standing:
            return None
        version = standing[0]
        return (f"lineage-lint refused {doing}: {why} registered model {version.name} version "
                f"{version.version}, whose lineage was judged on it; it cannot change now (log a new run and "
                "register it instead)")
