"""Run sides from a model URI: the gate's own resolution and run record, without its judgement.

``models:/NAME/VERSION``, ``models:/NAME@ALIAS``, ``runs:/RUN_ID`` and ``models:/<model_id>`` are resolved by
:func:`lineage_lint.mlflow.resolve.resolve` (the run the version's artifacts come from) and turned into a
record by :func:`lineage_lint.mlflow.run_record.run_record`: what ``gate`` judges is what ``diff``,
``show`` and ``graph`` report. The backend is the REST client or an ``MlflowClient``; mlflow is not imported
here.
"""

from __future__ import annotations

from typing import Any

from lineage_lint.lineage.diff import AUDIT_PREFIX, ModelInfo, Side
from lineage_lint.mlflow.resolve import Backend, logged_model_id, parse_uri, resolve
from lineage_lint.mlflow.run_record import RunLineage, run_record


class Untraceable(LookupError):
    """The URI resolves, but to no run whose lineage can be read (deleted, purged, never linked)."""


def is_model_uri(text: str) -> bool:
    return text.strip().startswith(("models:/", "runs:/"))


def lineage_of(backend: Backend, uri: str) -> tuple[RunLineage, Any, Any]:
    """The run record of ``uri``, its model version (None for runs and logged models) and its run; raises
    :class:`Untraceable`, :class:`~lineage_lint.mlflow.resolve.UsageError`, or MLflow's own errors."""
    resolution = resolve(backend, parse_uri(uri))
    if resolution.run is None:
        raise Untraceable(resolution.unlinked)
    return run_record(resolution.run, resolution.model_version), resolution.model_version, resolution.run


def model_info(version: Any) -> ModelInfo:
    tags = dict(getattr(version, "tags", None) or {})
    created = getattr(version, "creation_timestamp", None)
    return ModelInfo(str(version.name), str(version.version), sorted(str(a) for a in getattr(version, "aliases", None)
                                                                     or []),
                     int(created) if created is not None else None, logged_model_id(version),
                     {key: str(value) for key, value in sorted(tags.items()) if key.startswith(AUDIT_PREFIX)})


def run_side(backend: Backend, uri: str) -> Side:
    lineage, version, run = lineage_of(backend, uri)
    record = lineage.record
    metrics = {str(key): float(value) for key, value in (getattr(run.data, "metrics", None) or {}).items()}
    return Side(uri.strip(), "run", record, record.code.commit if record.code else None, lineage.run_id, metrics,
                model_info(version) if version is not None else None)
