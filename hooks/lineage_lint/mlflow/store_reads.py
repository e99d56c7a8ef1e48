"""The server plugin's reads, lean: only the rows the gate's judgement needs, read through the server's own
SQLAlchemy stores.

MLflow's ``get_run`` loads a run's latest metrics, params, tags, dataset inputs, model inputs and model
outputs (17 SQL statements on SQLite); ``get_model_version`` and ``get_logged_model`` load tags, aliases,
params and metrics the gate never reads. A check needs a run's row, params, tags and dataset inputs, a logged
model's row and a version's row. These readers fetch just those, with the store's own session maker and its
own query builder (``_get_query``, which applies the same workspace scoping MLflow's handlers get), and
return MLflow's own entities with the fields the gate reads filled (metrics, a logged model's params and
tags, a version's tags and aliases are left empty). A run or version that does not exist raises MLflow's own
``RESOURCE_DOES_NOT_EXIST``, as the full lookups do.

They are used only when the store is MLflow's SQLAlchemy store (SQLite, PostgreSQL, MySQL, SQL Server) and
offers every piece used here; any other store (a file store, a plugin's) is read through its public API
(:func:`lean_tracking` and :func:`lean_registry` return None then). ``tests/test_store_reads.py`` checks that
both paths give the gate the same record and the same resolution.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from typing import Any

_TRACKING_NEEDS = ("ManagedSessionMaker", "_get_query", "_get_run_inputs")
_REGISTRY_NEEDS = ("ManagedSessionMaker", "_get_query", "_get_sql_model_version")


_SCOPE = threading.local()  # the sessions of the check running in this thread, by database


@contextmanager
def one_session() -> Iterator[None]:
    """Within this block, the lean reads of this thread share one session per database (the tracking and
    registry stores share it when they use the same database): one transaction for a whole check."""
    with ExitStack() as stack:
        _SCOPE.sessions, _SCOPE.stack = {}, stack
        try:
            yield
        finally:
            _SCOPE.sessions, _SCOPE.stack = None, None


def _session(store: Any) -> AbstractContextManager[Any]:
    """The session of the check running in this thread (see :func:`one_session`), else a new one. The
    tracking and registry stores each have their own engine, even on one database: keyed by the database's
    full URL, they share one connection and one transaction (one pool checkout, one commit)."""
    sessions = getattr(_SCOPE, "sessions", None)
    if sessions is None:
        return store.ManagedSessionMaker()  # type: ignore[no-any-return]
    engine = getattr(store, "engine", None)
    key = engine.url.render_as_string(hide_password=False) if engine is not None else str(id(store))
    if key not in sessions:
        sessions[key] = _SCOPE.stack.enter_context(store.ManagedSessionMaker())
    return nullcontext(sessions[key])


def _is_sql_store(store: Any, kind: str, needs: tuple[str, ...]) -> bool:
    try:
        if kind == "tracking":
            from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
        else:
            from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore  # type: ignore[assignment]
    except ImportError:
        return False
    return isinstance(store, SqlAlchemyStore) and all(hasattr(store, name) for name in needs)


def lean_tracking(store: Any) -> LeanTracking | None:
    """Lean reads of ``store`` (the server's tracking store), or None when it is not MLflow's SQL store."""
    return LeanTracking(store) if _is_sql_store(store, "tracking", _TRACKING_NEEDS) else None


def lean_registry(store: Any) -> LeanRegistry | None:
    """Lean reads of ``store`` (the server's registry store), or None when it is not MLflow's SQL store."""
    return LeanRegistry(store) if _is_sql_store(store, "registry", _REGISTRY_NEEDS) else None


def _not_found(what: str) -> Exception:
    from mlflow.exceptions import MlflowException
    from mlflow.protos.databricks_pb2 import RESOURCE_DOES_NOT_EXIST

    return MlflowException(f"{what} not found", RESOURCE_DOES_NOT_EXIST)


class LeanTracking:
    """A run (row, params, tags, dataset inputs) and a logged model (its row), nothing else."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def get_run(self, run_id: str) -> Any:
        from mlflow.entities import Param, Run, RunData, RunInfo, RunInputs, RunTag
        from mlflow.store.tracking.dbmodels.models import SqlParam, SqlRun, SqlTag
        from sqlalchemy import literal_column, select, union_all

        store = self.store
        pairs = union_all(  # its params and tags, one statement with the run's row
            select(literal_column("0").label("kind"), SqlParam.run_uuid, SqlParam.key, SqlParam.value)
            .where(SqlParam.run_uuid == run_id),
            select(literal_column("1").label("kind"), SqlTag.run_uuid, SqlTag.key, SqlTag.value)
            .where(SqlTag.run_uuid == run_id),
        ).subquery()
        with _session(store) as session:
            rows = (store._get_query(session, SqlRun)  # MLflow's own scoping of runs
                    .filter(SqlRun.run_uuid == run_id)
                    .outerjoin(pairs, pairs.c.run_uuid == SqlRun.run_uuid)
                    .with_entities(SqlRun.run_uuid, SqlRun.experiment_id, SqlRun.user_id, SqlRun.status,
                                   SqlRun.start_time, SqlRun.end_time, SqlRun.lifecycle_stage, SqlRun.artifact_uri,
                                   SqlRun.name, pairs.c.kind, pairs.c.key, pairs.c.value)
                    .all())
            if not rows:
                raise _not_found(f"Run with id={run_id}")
            inputs = store._get_run_inputs(session, [run_id])[0]  # MLflow's own reading, in its order
        row = rows[0]
        info = RunInfo(run_id=row.run_uuid, experiment_id=str(row.experiment_id), user_id=row.user_id,
                       status=row.status, start_time=row.start_time, end_time=row.end_time,
                       lifecycle_stage=row.lifecycle_stage, artifact_uri=row.artifact_uri, run_name=row.name)
        params = [Param(row.key, row.value) for row in rows if row.kind is not None and int(row.kind) == 0]
        tags = [RunTag(row.key, row.value) for row in rows if row.kind is not None and int(row.kind) == 1]
        return Run(info, RunData(params=params, tags=tags), RunInputs(dataset_inputs=inputs))

    def get_logged_model(self, model_id: str) -> Any:
        from mlflow.entities import LifecycleStage, LoggedModel
        from mlflow.entities.logged_model_status import LoggedModelStatus
        from mlflow.store.tracking.dbmodels.models import SqlLoggedModel

        with _session(self.store) as session:
            row = (self.store._get_query(session, SqlLoggedModel)
                   .filter(SqlLoggedModel.model_id == model_id,
                           SqlLoggedModel.lifecycle_stage != LifecycleStage.DELETED)
                   .with_entities(SqlLoggedModel.model_id, SqlLoggedModel.experiment_id, SqlLoggedModel.name,
                                  SqlLoggedModel.artifact_location, SqlLoggedModel.creation_timestamp_ms,
                                  SqlLoggedModel.last_updated_timestamp_ms, SqlLoggedModel.model_type,
                                  SqlLoggedModel.source_run_id, SqlLoggedModel.status)
                   .first())
        if row is None:
            raise _not_found(f"Logged model with ID '{model_id}'")
        return LoggedModel(experiment_id=str(row.experiment_id), model_id=row.model_id, name=row.name,
                           artifact_location=row.artifact_location, creation_timestamp=row.creation_timestamp_ms,
                           last_updated_timestamp=row.last_updated_timestamp_ms, model_type=row.model_type,
                           source_run_id=row.source_run_id, status=LoggedModelStatus.from_int(row.status))

    def runs_of_experiment(self, experiment_id: str) -> set[str]:
        """The ids of every run in an experiment, deleted or not."""
        from mlflow.store.tracking.dbmodels.models import SqlRun

        return self._ids_in(SqlRun, SqlRun.run_uuid, experiment_id)

    def models_of_experiment(self, experiment_id: str) -> set[str]:
        """The ids of every logged model in an experiment, deleted or not."""
        from mlflow.store.tracking.dbmodels.models import SqlLoggedModel

        return self._ids_in(SqlLoggedModel, SqlLoggedModel.model_id, experiment_id)

    def _ids_in(self, table: Any, column: Any, experiment_id: str) -> set[str]:
        try:
            number = int(experiment_id)
        except ValueError:
            return set()
        with _session(self.store) as session:
            rows = (self.store._get_query(session, table).filter(table.experiment_id == number)
                    .with_entities(column).all())
        return {str(row[0]) for row in rows}


class LeanRegistry:
    """A model version's row (no tags, no aliases), and the versions standing on a run or a logged model."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def get_model_version(self, name: str, version: str) -> Any:
        from mlflow.entities.model_registry import ModelVersion

        with _session(self.store) as session:
            row = self.store._get_sql_model_version(session, name, version)  # MLflow's validation and errors
            return ModelVersion(row.name, row.version, row.creation_time, row.last_updated_time,
                                row.description, row.user_id, row.current_stage, row.source, row.run_id,
                                row.status, row.status_message, [], row.run_link, [])

    def versions_where(self, *, run_ids: set[str], sources: set[str], limit: int | None = None) -> list[Any]:
        """Versions (not deleted) whose ``run_id`` is one of ``run_ids`` or whose source is one of ``sources``,
        as rows with ``name``, ``version``, ``source`` and ``run_id``."""
        from mlflow.store.model_registry.dbmodels.models import SqlModelVersion
        from sqlalchemy import or_

        conditions: list[Any] = []
        if run_ids:
            conditions.append(SqlModelVersion.run_id.in_(sorted(run_ids)))
        if sources:
            conditions.append(SqlModelVersion.source.in_(sorted(sources)))
        return self._versions(or_(*conditions), limit) if conditions else []

    def every_version(self) -> list[Any]:
        """Every version that is not deleted, as rows with ``name``, ``version``, ``source`` and ``run_id``."""
        from sqlalchemy import true

        return self._versions(true(), None)

    def _versions(self, condition: Any, limit: int | None) -> list[Any]:
        from mlflow.entities.model_registry.model_version_stages import STAGE_DELETED_INTERNAL
        from mlflow.store.model_registry.dbmodels.models import SqlModelVersion

        with _session(self.store) as session:
            query = (self.store._get_query(session, SqlModelVersion)
                     .filter(condition, SqlModelVersion.current_stage != STAGE_DELETED_INTERNAL)
                     .with_entities(SqlModelVersion.name, SqlModelVersion.version, SqlModelVersion.source,
                                    SqlModelVersion.run_id)
                     .order_by(SqlModelVersion.name, SqlModelVersion.version))
            return list(query.limit(limit).all() if limit else query.all())
