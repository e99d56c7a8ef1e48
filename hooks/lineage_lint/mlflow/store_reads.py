"""The server plugin's reads, lean: only the rows the gate's judgement needs, read through the server's own
SQLAlchemy stores.

MLflow's ``get_run`` loads a run's latest metrics, params, tags, dataset inputs, model inputs and model
outputs (17 SQL statements on SQLite); ``get_model_version`` and ``get_logged_model`` load tags, aliases,
params and metrics the gate never reads. A check needs a run's row, params, tags and dataset inputs, a logged
model's row and a version's row with its aliases. These readers fetch just those, with the store's own session
maker and its own query builder (``_get_query``, which applies the same workspace scoping MLflow's handlers
get), and return MLflow's own entities with the fields the gate reads filled (metrics, a logged model's params
and tags, a version's tags are left empty). A run or version that does not exist raises MLflow's own
``RESOURCE_DOES_NOT_EXIST``, as the full lookups do.

A check sends few statements: a run is one (its row, params, tags and dataset inputs), a logged model with its
source run one, a version with its aliases one (by number or by alias). Each is built once per store and
workspace (:class:`Prepared`) and sent with bound parameters on the
session's connection: building SQLAlchemy's ORM query took five to eight times the CPU of sending it. The
workspace scoping is still ``_get_query``'s: a statement is kept for the workspace it was built in (MLflow's
``_get_query`` depends on the active workspace alone), and a store whose ``_get_query`` is not MLflow's own
(a plugin's subclass, which may scope by anything) has its statements built afresh for each read.

They are used only when the store is MLflow's SQLAlchemy store (SQLite, PostgreSQL, MySQL, SQL Server) and
offers every piece used here; any other store (a file store, a plugin's) is read through its public API
(:func:`lean_tracking` and :func:`lean_registry` return None then). ``tests/test_store_reads.py`` checks that
both paths give the gate the same record and the same resolution.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext, suppress
from typing import Any

_TRACKING_NEEDS = ("ManagedSessionMaker", "_get_query")
_REGISTRY_NEEDS = ("ManagedSessionMaker", "_get_query", "_get_sql_model_version")


_SCOPE = threading.local()  # the sessions of the check running in this thread, by database


@contextmanager
def one_session() -> Iterator[None]:
    """Within this block, the lean reads of this thread share one session per database (the tracking and
    registry stores share it when they use the same database): one pool checkout for a whole check."""
    with ExitStack() as stack:
        _SCOPE.sessions, _SCOPE.stack, _SCOPE.runs = {}, stack, {}
        try:
            yield
        finally:
            _SCOPE.sessions, _SCOPE.stack, _SCOPE.runs = None, None, None


def _read_runs() -> dict[str, Any]:
    """The runs read in this thread's :func:`one_session` so far, by id (with their logged model); outside
    one, a dict that is dropped at once (nothing is kept between transactions)."""
    runs = getattr(_SCOPE, "runs", None)
    return runs if runs is not None else {}


def _session(store: Any) -> AbstractContextManager[Any]:
    """The reader of the check running in this thread (see :func:`one_session`), else a new one: a
    :class:`Direct` reader on PostgreSQL with psycopg2, a session of the store otherwise. The tracking and
    registry stores each have their own engine, even on one database: keyed by the database's full URL, they
    share one connection (one pool checkout)."""
    sessions = getattr(_SCOPE, "sessions", None)
    if sessions is None:
        return _new_reader(store)
    key = _database(store)
    if key not in sessions:
        sessions[key] = _SCOPE.stack.enter_context(_new_reader(store))
    return nullcontext(sessions[key])


def _new_reader(store: Any) -> AbstractContextManager[Any]:
    engine = getattr(store, "engine", None)
    return _direct(engine) if _reads_direct(engine) else _primary(store)


def _reads_direct(engine: Any) -> bool:
    dialect = getattr(engine, "dialect", None)
    return getattr(dialect, "name", "") == "postgresql" and getattr(dialect, "driver", "") == "psycopg2"


def reads_engine(store: Any) -> Any:
    """The engine the lean reads of ``store`` go through: the plugin's own (:func:`direct_engine`) on
    PostgreSQL with psycopg2, the store's primary engine otherwise."""
    return direct_engine(store.engine) if _reads_direct(store.engine) else store.engine


def _primary(store: Any) -> AbstractContextManager[Any]:
    """A session of ``store`` on its primary database: MLflow routes its read-only sessions to a read replica
    when the server has one (``--read-replica-backend-store-uri``), which may lag behind the writes the
    judgement once written must see. MLflow versions whose session maker has no ``read_only`` have no
    replica either."""
    try:
        return store.ManagedSessionMaker(read_only=False)  # type: ignore[no-any-return]
    except TypeError:
        return store.ManagedSessionMaker()  # type: ignore[no-any-return]


_ENGINES: dict[tuple[int, str], Any] = {}  # the plugin's engines, by process and database (full URL)
# Idle connections the plugin's pool keeps per server process and database: a connection beyond them is closed
# when it comes back, and a new one costs the database a process and a cold catalog cache (many milliseconds
# of CPU), so the pool is sized for the reads that run at once under load (a connection is held for one
# statement: with 16 clients on 2 workers, up to 5 at once, seen 10.5 -> 19.8 connections opened per 100
# requests with SQLAlchemy's default of 5).
POOL_SIZE = 10
_ENGINES_LOCK = threading.Lock()


def direct_engine(engine: Any) -> Any:
    """The plugin's own engine on the database of ``engine`` (a store's primary engine, PostgreSQL with
    psycopg2), made once per database and process (the tracking and registry stores share it): the same URL,
    :data:`POOL_SIZE` idle connections (no pool when MLflow's has none, ``MLFLOW_SQLALCHEMYSTORE_POOLCLASS=NullPool``),
    MLflow's recycle time (``MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE``), its connections in psycopg2's autocommit mode,
    and no pre-ping (see :class:`Direct`)."""
    key = (os.getpid(), _url(engine))  # a process forked from one that read never shares its connections
    with _ENGINES_LOCK:
        found = _ENGINES.get(key)
        if found is None:
            from sqlalchemy import create_engine
            from sqlalchemy.pool import NullPool

            pooling: dict[str, Any] = ({"poolclass": NullPool} if isinstance(engine.pool, NullPool)
                                       else {"pool_size": POOL_SIZE})
            # MLflow's recycle time (MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE): something between the server and the
            # database drops idle connections, maybe silently, and a read sent on one would wait for TCP to give up
            recycle = getattr(engine.pool, "_recycle", -1)
            if isinstance(recycle, int) and recycle >= 0 and not isinstance(engine.pool, NullPool):
                pooling["pool_recycle"] = recycle
            found = _ENGINES[key] = create_engine(engine.url, pool_pre_ping=False, isolation_level="AUTOCOMMIT",
                                                     **pooling)
        return found


def _direct(engine: Any) -> AbstractContextManager[Direct]:
    return nullcontext(Direct(direct_engine(engine)))


class Direct:
    """The lean reads on PostgreSQL with psycopg2: each statement sent on a connection of the plugin's own engine
    (:func:`direct_engine`), held for that statement alone, compiled once (:class:`Prepared`) and sent as it
    is. What it spares, per check, against a session of MLflow's own engine: the pool's pre-ping (a round trip:
    MLflow's engine pings every connection it checks out), ``BEGIN`` and ``COMMIT`` (psycopg2 sends each as a
    round trip; under PostgreSQL's READ COMMITTED each statement reads what was committed when it starts, in a
    transaction or not, and the judgement once written needs reads at least as recent as the write it follows,
    which both give), and the ORM session's and the statement cache's CPU. Under load every round trip and
    every millisecond of CPU waits for the server process's other threads, so these were most of a check's
    cost.

    Without a pre-ping a pooled connection may be dead (the database restarted, an idle connection dropped):
    the statement then fails, SQLAlchemy drops that connection and marks every older one of the pool for
    replacement, and the read is sent once more on a new connection; a second failure propagates, and the
    request is refused (fail closed). A connection in autocommit mode never holds a transaction, so nothing
    is left open in the pool; MLflow's own engine and its writes are untouched."""

    def __init__(self, engine: Any) -> None:
        self.engine, self.dialect = engine, engine.dialect

    def rows(self, statement: Any, compiled: Sent | None, values: dict[str, Any]) -> list[Any]:
        """The rows of ``statement`` with ``values`` bound: its SQL sent as it is when it was ``compiled``, else
        the statement through SQLAlchemy."""
        if compiled is None:
            return _twice(lambda: self._through_sqlalchemy(statement, values))
        params = {**compiled.defaults, **values}
        for attempt in (1, 2):
            raw = self.engine.raw_connection()  # held for this statement alone: fewer held at once, under load
            cursor = None
            try:
                cursor = raw.cursor()
                self.dialect.do_execute(cursor, compiled.sql, params)  # SQLAlchemy's own way of sending it
                found = cursor.fetchall()
                row = compiled.row or compiled.row_of(cursor.description)
                return [row._make(each) for each in found]
            except self.dialect.loaded_dbapi.Error as exc:
                if attempt == 2 or not self.dialect.is_disconnect(exc, raw.dbapi_connection, cursor):
                    raise
                raw.invalidate(exc)  # dead: dropped from the pool, and every other connection of it
                self.engine.dispose()  # (they share its fate: a restarted database) replaced on their next use
            finally:
                if cursor is not None:
                    with suppress(Exception):
                        cursor.close()
                raw.close()  # back to the pool (an invalidated one is discarded)
        raise AssertionError("unreachable")

    def _through_sqlalchemy(self, statement: Any, values: dict[str, Any]) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(statement, values).all())


def _twice(read: Callable[[], list[Any]]) -> list[Any]:
    """``read()``, once more when it failed on a dead connection (SQLAlchemy has dropped it from the pool)."""
    from sqlalchemy.exc import DBAPIError

    try:
        return read()
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
    return read()


class Sent:
    """A statement compiled once: its SQL, the values of the parameters it holds itself, and the class of its
    rows (named by the columns' labels, made at its first answer)."""

    __slots__ = ("defaults", "row", "sql")

    def __init__(self, sql: str, defaults: dict[str, Any]) -> None:
        self.sql, self.defaults = sql, defaults
        self.row: Any = None

    def row_of(self, description: Any) -> Any:
        self.row = namedtuple("Row", [column[0] for column in description])  # type: ignore[misc]
        return self.row


def compile_once(statement: Any, dialect: Any) -> Sent | None:
    """``statement``'s SQL for ``dialect`` and the values of the parameters it holds itself, when it can be
    sent as it is (named parameters, none expanded at execution and none converted by a type), else None."""
    compiled = statement.compile(dialect=dialect)
    if (dialect.paramstyle not in ("pyformat", "named") or compiled.post_compile_params
            or getattr(compiled, "_bind_processors", True)):
        return None
    return Sent(compiled.string, dict(compiled.params))


_DATABASES: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()  # an engine's full URL


def _database(store: Any) -> str:
    engine = getattr(store, "engine", None)
    return str(id(store)) if engine is None else _url(engine)


def _url(engine: Any) -> str:
    found = _DATABASES.get(engine)
    if found is None:
        found = _DATABASES[engine] = engine.url.render_as_string(hide_password=False)
    return found


class Prepared:
    """A store's statements, each built once per workspace by ``build(session)`` (with ``_get_query``'s
    scoping and bound parameters), when the store's ``_get_query`` is MLflow's own; afresh otherwise. On a
    :class:`Direct` connection a statement kept is compiled once as well (:func:`compile_once`)."""

    def __init__(self, store: Any) -> None:
        self.store, self._built = store, dict[tuple[str, str], tuple[Any, Any]]()
        scoping = getattr(type(store), "_get_query", None)
        self.keeps = str(getattr(scoping, "__module__", "")).startswith("mlflow.store.")

    def statement(self, reader: Any, name: str, build: Callable[[Any], Any]) -> tuple[Any, Any]:
        """The statement ``name`` (built with ``reader``, a session, or an unconnected one of the store for a
        :class:`Direct` reader) and, for a :class:`Direct` reader, its compiled SQL (or None)."""
        direct = isinstance(reader, Direct)
        if not self.keeps:
            return self._build(reader, build), None
        workspace = getattr(self.store, "_get_active_workspace", None)
        key = (name, str(workspace()) if workspace is not None else "")
        found = self._built.get(key)
        if found is None or (direct and found[1] is None):
            statement = found[0] if found is not None else self._build(reader, build)
            found = self._built[key] = (statement, compile_once(statement, reader.dialect) if direct else None)
        return found

    def _build(self, reader: Any, build: Callable[[Any], Any]) -> Any:
        if not isinstance(reader, Direct):
            return build(reader)
        from sqlalchemy.orm import Session

        with Session(self.store.engine) as session:  # building connects to nothing
            return build(session)

    def rows(self, reader: Any, name: str, build: Callable[[Any], Any], /, **values: Any) -> list[Any]:
        """The rows of the statement ``name`` with ``values`` bound, on ``reader``'s connection."""
        statement, compiled = self.statement(reader, name, build)
        if isinstance(reader, Direct):
            return reader.rows(statement, compiled, values)
        return list(reader.connection().execute(statement, values).all())


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
        self.store, self.prepared = store, Prepared(store)

    _RUN_COLUMNS = ("run_uuid", "experiment_id", "user_id", "status", "start_time", "end_time", "lifecycle_stage",
                    "artifact_uri", "name")
    _MODEL_COLUMNS = ("model_id", "experiment_id", "name", "artifact_location", "creation_timestamp_ms",
                      "last_updated_timestamp_ms", "model_type", "source_run_id", "status")

    def _run_query(self, session: Any, run_id: Any) -> Any:
        """The run ``run_id`` (a bound parameter or a scalar subquery) with its params, tags and dataset inputs,
        one row each (``kind`` 0, 1 and 2; an input once per tag it has), run columns labelled ``run_*``: all
        that :meth:`get_run` reads, in one statement. The inputs are MLflow's own reading of them
        (``_get_run_inputs``: the same tables, joins and columns)."""
        from mlflow.store.tracking.dbmodels.models import SqlDataset, SqlInput, SqlInputTag, SqlParam, SqlRun, SqlTag
        from sqlalchemy import String, cast, literal_column, null, select, union_all

        def none() -> Any:
            return cast(null(), String)

        extra = ("input_uuid", "dataset_uuid", "source_type", "source", "schema", "profile", "tag_key", "tag_value")
        pairs = union_all(*(
            select(literal_column(str(kind)).label("kind"), table.run_uuid.label("owner"), table.key.label("key"),
                   table.value.label("value"), *(none().label(name) for name in extra))
            .where(table.run_uuid == run_id)
            for kind, table in ((0, SqlParam), (1, SqlTag))
        ), select(literal_column("2").label("kind"), SqlInput.destination_id.label("owner"),
                  SqlDataset.name.label("key"), SqlDataset.digest.label("value"),
                  SqlInput.input_uuid.label("input_uuid"),
                  SqlDataset.dataset_uuid.label("dataset_uuid"), SqlDataset.dataset_source_type.label("source_type"),
                  SqlDataset.dataset_source.label("source"), SqlDataset.dataset_schema.label("schema"),
                  SqlDataset.dataset_profile.label("profile"), SqlInputTag.name.label("tag_key"),
                  SqlInputTag.value.label("tag_value"))
          .select_from(SqlInput)
          .join(SqlDataset, SqlInput.source_id == SqlDataset.dataset_uuid)
          .outerjoin(SqlInputTag, SqlInputTag.input_uuid == SqlInput.input_uuid)
          .where(SqlInput.destination_type == "RUN", SqlInput.destination_id == run_id)).subquery()
        return (self.store._get_query(session, SqlRun)  # MLflow's own scoping of runs
                .filter(SqlRun.run_uuid == run_id)
                .outerjoin(pairs, pairs.c.owner == SqlRun.run_uuid)
                .with_entities(*(getattr(SqlRun, column).label(f"run_{column}") for column in self._RUN_COLUMNS),
                               *pairs.c))

    def _run_statement(self, session: Any) -> Any:
        from sqlalchemy import bindparam

        return self._run_query(session, bindparam("run_id")).statement

    def _model_statement(self, session: Any) -> Any:
        """The logged model's row and its source run's rows (:meth:`_run_query`), in one statement: a version
        registered from a logged model is traced through both."""
        from mlflow.entities import LifecycleStage
        from mlflow.store.tracking.dbmodels.models import SqlLoggedModel
        from sqlalchemy import bindparam, select

        model_id: Any = bindparam("model_id")
        source_run = (select(SqlLoggedModel.source_run_id).where(SqlLoggedModel.model_id == model_id)
                      .scalar_subquery())
        run = self._run_query(session, source_run).subquery()
        return (self.store._get_query(session, SqlLoggedModel)
                .filter(SqlLoggedModel.model_id == model_id, SqlLoggedModel.lifecycle_stage != LifecycleStage.DELETED)
                .outerjoin(run, run.c.run_run_uuid == SqlLoggedModel.source_run_id)
                .with_entities(*(getattr(SqlLoggedModel, column).label(f"model_{column}")
                                 for column in self._MODEL_COLUMNS), *run.c)
                .statement)

    def get_run(self, run_id: str) -> Any:
        read = _read_runs().get(run_id)  # read with its logged model a moment ago, in this transaction
        if read is not None:
            return read
        with _session(self.store) as session:
            rows = self.prepared.rows(session, "run", self._run_statement, run_id=run_id)
        if not rows:
            raise _not_found(f"Run with id={run_id}")
        return self._run(rows)

    def _run(self, rows: list[Any]) -> Any:
        """The run of :meth:`_run_query`'s rows."""
        from mlflow.entities import Dataset, DatasetInput, InputTag, Param, Run, RunData, RunInfo, RunInputs, RunTag

        row = rows[0]
        info = RunInfo(run_id=row.run_run_uuid, experiment_id=str(row.run_experiment_id), user_id=row.run_user_id,
                       status=row.run_status, start_time=row.run_start_time, end_time=row.run_end_time,
                       lifecycle_stage=row.run_lifecycle_stage, artifact_uri=row.run_artifact_uri,
                       run_name=row.run_name)
        params, tags, inputs = [], [], dict[str, Any]()
        for each in rows:
            kind = None if each.kind is None else int(each.kind)
            if kind == 0:
                params.append(Param(each.key, each.value))
            elif kind == 1:
                tags.append(RunTag(each.key, each.value))
            elif kind == 2:  # as _get_run_inputs makes them: one per dataset, with its tags
                found = inputs.get(each.dataset_uuid)
                if found is None:
                    dataset = Dataset(name=each.key, digest=each.value, source_type=each.source_type,
                                      source=each.source, schema=each.schema, profile=each.profile)
                    found = inputs[each.dataset_uuid] = DatasetInput(dataset=dataset, tags=[])
                if each.tag_key is not None:
                    found.tags.append(InputTag(key=each.tag_key, value=each.tag_value))
        return Run(info, RunData(params=params, tags=tags), RunInputs(dataset_inputs=list(inputs.values())))

    def get_logged_model(self, model_id: str) -> Any:
        """The logged model (its row); its source run, read with it, is kept for this transaction's
        :meth:`get_run` (:func:`one_session`)."""
        from mlflow.entities import LoggedModel
        from mlflow.entities.logged_model_status import LoggedModelStatus

        with _session(self.store) as session:
            rows = self.prepared.rows(session, "logged model", self._model_statement, model_id=model_id)
        if not rows:
            raise _not_found(f"Logged model with ID '{model_id}'")
        row = rows[0]
        if row.run_run_uuid is not None:
            _read_runs()[str(row.run_run_uuid)] = self._run(rows)
        return LoggedModel(experiment_id=str(row.model_experiment_id), model_id=row.model_model_id,
                           name=row.model_name, artifact_location=row.model_artifact_location,
                           creation_timestamp=row.model_creation_timestamp_ms,
                           last_updated_timestamp=row.model_last_updated_timestamp_ms, model_type=row.model_model_type,
                           source_run_id=row.model_source_run_id, status=LoggedModelStatus.from_int(row.model_status))

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
        from sqlalchemy import bindparam

        def statement(session: Any) -> Any:
            return (self.store._get_query(session, table).filter(table.experiment_id == bindparam("experiment_id"))
                    .with_entities(column).statement)

        with _session(self.store) as session:
            rows = self.prepared.rows(session, f"ids of {table.__tablename__}", statement, experiment_id=number)
        return {str(row[0]) for row in rows}


class LeanRegistry:
    """A model version's row with its aliases (no tags), and the versions standing on a run or a logged model."""

    def __init__(self, store: Any) -> None:
        self.store, self.prepared = store, Prepared(store)

    _VERSION_COLUMNS = ("workspace", "name", "version", "creation_time", "last_updated_time", "description",
                        "user_id", "current_stage", "source", "run_id", "status", "status_message", "run_link")

    def _with_aliases(self, session: Any, versions: Any) -> Any:
        """``versions`` (a query of version rows, not deleted, MLflow's own scoping) once per alias each holds
        (once, with no alias, when it holds none), with the version's columns."""
        from mlflow.entities.model_registry.model_version_stages import STAGE_DELETED_INTERNAL
        from mlflow.store.model_registry.dbmodels.models import SqlModelVersion, SqlRegisteredModelAlias
        from sqlalchemy import and_

        aliases = self.store._get_query(session, SqlRegisteredModelAlias).statement.subquery()
        return (versions.filter(SqlModelVersion.current_stage != STAGE_DELETED_INTERNAL)
                .outerjoin(aliases, and_(aliases.c.workspace == SqlModelVersion.workspace,
                                         aliases.c.name == SqlModelVersion.name,
                                         aliases.c.version == SqlModelVersion.version))
                .with_entities(*(getattr(SqlModelVersion, column) for column in self._VERSION_COLUMNS),
                               aliases.c.alias)
                .order_by(aliases.c.alias)
                .statement)

    def _version_statement(self, session: Any) -> Any:
        """The version's row, once per alias it holds (once, with no alias, when it holds none)."""
        from mlflow.store.model_registry.dbmodels.models import SqlModelVersion
        from sqlalchemy import bindparam

        return self._with_aliases(session, self.store._get_query(session, SqlModelVersion)  # as _get_sql_model_version
                                  .filter(SqlModelVersion.name == bindparam("name"),
                                          SqlModelVersion.version == bindparam("version")))

    def _alias_statement(self, session: Any) -> Any:
        """The version an alias names, as :meth:`_version_statement` reads it: MLflow's
        ``get_model_version_by_alias`` (the alias's row, then the version's, then its aliases) in one."""
        from mlflow.store.model_registry.dbmodels.models import SqlModelVersion, SqlRegisteredModelAlias
        from sqlalchemy import and_, bindparam

        held = (self.store._get_query(session, SqlRegisteredModelAlias)
                .filter(SqlRegisteredModelAlias.name == bindparam("name"),
                        SqlRegisteredModelAlias.alias == bindparam("alias"))
                .statement.subquery())
        versions = (self.store._get_query(session, SqlModelVersion)
                    .join(held, and_(held.c.workspace == SqlModelVersion.workspace, held.c.name == SqlModelVersion.name,
                                     held.c.version == SqlModelVersion.version)))
        return self._with_aliases(session, versions)

    def get_model_version(self, name: str, version: str) -> Any:
        """The version (tags left empty, aliases filled), checked and missed as MLflow's ``get_model_version``."""
        from mlflow.utils import validation

        validation._validate_model_name(name)
        number = validation._validate_model_version(version)  # type: ignore[no-untyped-call]
        with _session(self.store) as session:
            rows = self.prepared.rows(session, "version", self._version_statement, name=name, version=number)
        if not rows:
            raise _not_found(f"Model Version (name={name}, version={number})")
        return self._version(rows, f"(name={name}, version={number})")

    def get_model_version_by_alias(self, name: str, alias: str) -> Any:
        """The version holding ``alias`` (tags left empty, aliases filled), as MLflow's
        ``get_model_version_by_alias`` finds it (``latest``, which MLflow computes, is left to it); an alias or
        version that does not exist raises ``RESOURCE_DOES_NOT_EXIST``."""
        from mlflow.utils import validation

        validation._validate_model_name(name)
        # MLflow 3.18 renamed its alias check (_validate_model_alias_name before): the one this MLflow has
        checks = ("_validate_alias_name", "_validate_model_alias_name")
        validate_alias = next(getattr(validation, check) for check in checks if hasattr(validation, check))
        validate_alias(alias)
        if alias.lower() == "latest":
            return self.store.get_model_version_by_alias(name, alias)
        with _session(self.store) as session:
            rows = self.prepared.rows(session, "version by alias", self._alias_statement, name=name, alias=alias)
        if not rows:
            raise _not_found(f"Registered model {name} with an alias {alias}")
        return self._version(rows, f"(name={name}, alias={alias})")

    @staticmethod
    def _version(rows: list[Any], which: str) -> Any:
        from mlflow.entities.model_registry import ModelVersion
        from mlflow.exceptions import MlflowException
        from mlflow.protos.databricks_pb2 import INVALID_STATE

        if len({(row.workspace, row.name, row.version) for row in rows}) > 1:
            raise MlflowException(f"Expected only 1 model version with {which}. Found "
                                  f"{len({(row.workspace, row.name, row.version) for row in rows})}.", INVALID_STATE)
        row = rows[0]
        return ModelVersion(row.name, row.version, row.creation_time, row.last_updated_time, row.description,
                            row.user_id, row.current_stage, row.source, row.run_id, row.status,
                            row.status_message, [], row.run_link, [each.alias for each in rows if each.alias])

    def model_created(self, name: str) -> int | None:
        """When the registered model ``name`` was created (ms since the epoch), or None when there is none: its
        row alone (MLflow's ``get_registered_model`` reads every version of it)."""
        from mlflow.store.model_registry.dbmodels.models import SqlRegisteredModel
        from sqlalchemy import bindparam

        def statement(session: Any) -> Any:
            return (self.store._get_query(session, SqlRegisteredModel)
                    .filter(SqlRegisteredModel.name == bindparam("name"))
                    .with_entities(SqlRegisteredModel.creation_time)
                    .statement)

        with _session(self.store) as session:
            rows = self.prepared.rows(session, "registered model", statement, name=name)
        return int(rows[0].creation_time or 0) if rows else None

    def versions_where(self, *, run_ids: set[str], sources: set[str], limit: int | None = None) -> list[Any]:
        """Versions (not deleted) whose ``run_id`` is one of ``run_ids`` or whose source is one of ``sources``,
        as rows with ``name``, ``version``, ``source`` and ``run_id``."""
        if not run_ids and not sources:
            return []
        name = "versions on" if limit is None else "versions on, limited"
        return self._versions(name, lambda session: self._versions_statement(session, limit is not None),
                              run_ids=sorted(run_ids), sources=sorted(sources), **({"limit": limit} if limit else {}))

    def _versions_statement(self, session: Any, limited: bool) -> Any:
        from mlflow.store.model_registry.dbmodels.models import SqlModelVersion
        from sqlalchemy import bindparam, or_

        condition = or_(SqlModelVersion.run_id.in_(bindparam("run_ids", expanding=True)),
                        SqlModelVersion.source.in_(bindparam("sources", expanding=True)))
        statement = self._versions_query(session, condition)
        return statement.limit(bindparam("limit")) if limited else statement

    def every_version(self) -> list[Any]:
        """Every version that is not deleted, as rows with ``name``, ``version``, ``source`` and ``run_id``."""
        from sqlalchemy import true

        return self._versions("every version", lambda session: self._versions_query(session, true()))

    def _versions_query(self, session: Any, condition: Any) -> Any:
        from mlflow.entities.model_registry.model_version_stages import STAGE_DELETED_INTERNAL
        from mlflow.store.model_registry.dbmodels.models import SqlModelVersion

        return (self.store._get_query(session, SqlModelVersion)
                .filter(condition, SqlModelVersion.current_stage != STAGE_DELETED_INTERNAL)
                .with_entities(SqlModelVersion.name, SqlModelVersion.version, SqlModelVersion.source,
                               SqlModelVersion.run_id)
                .order_by(SqlModelVersion.name, SqlModelVersion.version)
                .statement)

    def _versions(self, name: str, build: Callable[[Any], Any], /, **values: Any) -> list[Any]:
        with _session(self.store) as session:
            return self.prepared.rows(session, name, build, **values)
