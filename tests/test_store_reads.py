"""The server plugin's lean reads (``lineage_lint.mlflow.store_reads``) give the gate what MLflow's own store
lookups give it: the same run record, the same resolution, the same errors, on MLflow's real SQLAlchemy stores
(SQLite here; PostgreSQL with the ``postgres`` mark), in-process.

Each case is read twice through :class:`lineage_lint.mlflow.server_store.StoreBackend`: once with the lean
readers, once through the stores' public API (what the backend does for stores that are not SQL), and the two
answers must agree field by field."""

from __future__ import annotations

import contextlib
import itertools
import json
import time
from collections.abc import Iterator
from functools import partial
from types import SimpleNamespace
from typing import Any

import mlflow
import pytest
from mlflow.entities import Dataset, DatasetInput, InputTag, LoggedModelStatus, Param, RunTag
from mlflow.exceptions import MlflowException
from mlflow.server import handlers
from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore as RegistryStore
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore as TrackingStore
from sqlalchemy import create_engine, event, text

from lineage_lint.config import Settings
from lineage_lint.mlflow import traced
from lineage_lint.mlflow.gate import gate_policy
from lineage_lint.mlflow.resolve import version_run
from lineage_lint.mlflow.run_record import run_record
from lineage_lint.mlflow.server import ServerGate
from lineage_lint.mlflow.server_store import StoreBackend
from lineage_lint.mlflow.store_reads import lean_tracking, one_session, reads_engine
from lineage_lint.mlflow.traced import TracedRuns, identity
from mlflow_support import postgres, postgres_missing
from support import require_part, write

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def stores(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """MLflow's SQL stores on one database, installed as the server's (what the plugin's backend reads)."""
    folder = tmp_path_factory.mktemp("stores")
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            uri = f"sqlite:///{folder / 'mlflow.db'}"
        else:
            missing = postgres_missing()
            require_part("PostgreSQL", not missing, f"{missing} (.ci/run installs it)")
            uri = stack.enter_context(postgres()).uri
        tracking, registry = TrackingStore(uri, str(folder / "artifacts")), RegistryStore(uri)
        stack.callback(registry.engine.dispose)
        stack.callback(tracking.engine.dispose)
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        patch.setattr(handlers, "_tracking_store", tracking)
        patch.setattr(handlers, "_model_registry_store", registry)
        stack.callback(mlflow.set_tracking_uri, mlflow.get_tracking_uri())
        mlflow.set_tracking_uri(uri)  # the registry store reads logged models through the client
        yield tracking, registry


def both() -> tuple[StoreBackend, StoreBackend]:
    lean, full = StoreBackend(), StoreBackend()
    full._lean = (None, None)  # the stores' public API, as for a store that is not SQL
    assert all(lean.lean()), "the lean readers must apply to MLflow's SQL stores"
    return lean, full


def make_run(tracking: Any, params: dict[str, str], tags: dict[str, str],
             inputs: list[tuple[Dataset, dict[str, str]]], experiment: str = "0") -> str:
    run_id: str = tracking.create_run(experiment, "ci", 1, [], "trained").info.run_id
    tracking.log_batch(run_id, metrics=[], params=[Param(k, v) for k, v in params.items()],
                       tags=[RunTag(k, v) for k, v in tags.items()])
    if inputs:
        tracking.log_inputs(run_id, datasets=[DatasetInput(dataset, [InputTag(k, v) for k, v in input_tags.items()])
                                              for dataset, input_tags in inputs])
    return run_id


def ours(name: str, version: str) -> Dataset:
    return Dataset(name, "", "lineage-lint", json.dumps({"uri": name, "version": version}))


def described(run: Any) -> dict[str, Any]:
    """Everything the gate can read of a run, in comparable form."""
    info = run.info
    return {
        "info": (info.run_id, info.experiment_id, info.user_id, info.status, info.start_time, info.end_time,
                 info.lifecycle_stage, info.artifact_uri, info.run_name),
        "params": dict(run.data.params), "tags": dict(run.data.tags),
        "inputs": [((i.dataset.name, i.dataset.digest, i.dataset.source_type, i.dataset.source, i.dataset.schema,
                     i.dataset.profile), [(t.key, t.value) for t in i.tags]) for i in run.inputs.dataset_inputs],
        "record": run_record(run).record.to_json(),
    }


def error_code(call: Any) -> str:
    with pytest.raises(MlflowException) as raised:
        call()
    return str(raised.value.error_code)


def test_runs_read_lean_are_the_runs_mlflow_reads(stores: Any) -> None:
    tracking, _ = stores
    lean, full = both()
    runs = [
        make_run(tracking, {"seed": "42", "lr": "0.1", "trainer.seed": "7"},
                 {"mlflow.source.git.commit": COMMIT, "lineage.git_dirty": "false", "dataset_version": "v3",
                  "team": "churn", "note": "é ünïcode"},
                 [(ours("acme/reviews", "v3"), {"mlflow.data.context": "training"}),
                  (Dataset("eval", "1a2b3c4d", "s3", json.dumps({"uri": "s3://b/eval"})),
                   {"mlflow.data.context": "eval", "other": "x"}),
                  (Dataset("bare", "", "http", "not json"), {})]),
        make_run(tracking, {}, {}, []),  # nothing recorded
        make_run(tracking, {"Seed": "-1"}, {"git_commit": "abc"}, [(ours("acme/reviews", "latest"), {})]),
    ]
    deleted = make_run(tracking, {"seed": "1"}, {}, [])
    tracking.delete_run(deleted)
    for run_id in [*runs, deleted]:
        with one_session():
            read_lean = lean.get_run(run_id)
        assert described(read_lean) == described(full.get_run(run_id))
    assert lean.get_run(deleted).info.lifecycle_stage == "deleted"
    missing = "f" * 32
    assert error_code(lambda: lean.get_run(missing)) == error_code(lambda: full.get_run(missing)) \
        == "RESOURCE_DOES_NOT_EXIST"


def test_runs_at_the_edges_read_lean_are_the_runs_mlflow_reads(stores: Any) -> None:
    """The one joined statement neither doubles nor loses a row where params, tags and inputs meet: a param and
    a tag of the same key (the seed in both, different values), values at MLflow's length limits, many inputs
    with many tags, datasets of one name and several digests, a dataset another run logged first with another
    source (MLflow reuses that row), keys and values in other scripts; each read as MLflow reads it, and judged
    the same."""
    tracking, _ = stores
    lean, full = both()
    first = make_run(tracking, {}, {}, [(Dataset("shared", "d1", "s3", json.dumps({"uri": "s3://first"})), {})])
    inputs = [(ours(f"acme/part{index}", f"v{index}"), {"mlflow.data.context": "training", **{
        f"t{tag}": "x" * 50 for tag in range(index % 4)}}) for index in range(30)]
    inputs += [(Dataset("twin", digest, "s3", json.dumps({"uri": f"s3://twin/{digest}"})),
                {"mlflow.data.context": context}) for digest, context in (("aa", "training"), ("bb", "eval"))]
    inputs += [(Dataset("shared", "d1", "s3", json.dumps({"uri": "s3://second", "version": "main"})), {})]
    edge = make_run(tracking, {"seed": "7", "commit": "p" * 6000, "données": "ß", "git_commit": "abc1234"},
                    {"seed": "-1", "commit": "t" * 8000, "mlflow.source.git.commit": COMMIT, "données": "ẞ",
                     "dataset_version": "v1"}, inputs)
    for run_id in (first, edge):
        with one_session():
            read_lean = lean.get_run(run_id)
        read_full = full.get_run(run_id)
        assert described(read_lean) == described(read_full)
        assert sorted(read_lean.data.params.items()) == sorted(read_full.data.params.items())
    with one_session():
        read_lean = lean.get_run(edge)
    assert len(read_lean.inputs.dataset_inputs) == 33 and read_lean.data.params["seed"] == "7"
    assert read_lean.data.tags["seed"] == "-1" and len(read_lean.data.tags["commit"]) == 8000
    sources = [each.dataset.source for each in read_lean.inputs.dataset_inputs if each.dataset.name == "shared"]
    assert sources == [json.dumps({"uri": "s3://first"})]  # MLflow's reuse of the row, read as it is


def test_aliases_of_models_of_similar_names_are_each_their_own(stores: Any) -> None:
    """The version an alias names, read lean, is the one of that model only: not of a model whose name differs
    by case, a suffix or a space, nor by an alias that differs by case (where the database tells them apart,
    as SQLite and PostgreSQL do), exactly as MLflow finds it."""
    tracking, registry = stores
    lean, full = both()
    run_id = make_run(tracking, {"seed": "1"}, {}, [])
    location = tracking.get_run(run_id).info.artifact_uri
    for name, versions, alias, number in (("Similar", 1, "champion", "1"), ("similar", 2, "Champion", "2"),
                                          ("similar_v2", 3, "champion", "3"), ("similar x", 1, "champion", "1")):
        registry.create_registered_model(name)
        for _ in range(versions):
            registry.create_model_version(name, f"{location}/model", run_id=run_id)
        registry.set_registered_model_alias(name, alias, number)
    for name, alias in itertools.product(("Similar", "similar", "similar_v2", "similar x", "SIMILAR"),
                                         ("champion", "Champion", "CHAMPION")):
        try:
            expected: Any = full.get_model_version_by_alias(name, alias)
        except MlflowException:
            expected = None
        with one_session():
            try:
                found: Any = lean.get_model_version_by_alias(name, alias)
            except MlflowException as exc:
                assert str(exc.error_code) == "RESOURCE_DOES_NOT_EXIST"
                found = None
        assert (found and (found.name, found.version, sorted(found.aliases))) == \
            (expected and (expected.name, expected.version, sorted(expected.aliases))), (name, alias)


def test_logged_models_and_versions_read_lean_resolve_the_same(stores: Any) -> None:
    tracking, registry = stores
    lean, full = both()
    lineaged = make_run(tracking, {"seed": "42"}, {"mlflow.source.git.commit": COMMIT},
                        [(ours("acme/reviews", "v3"), {"mlflow.data.context": "training"})])
    other = tracking.create_experiment("resolve-elsewhere")
    model = tracking.create_logged_model(experiment_id="0", name="model", source_run_id=lineaged)
    tracking.finalize_logged_model(model.model_id, LoggedModelStatus.READY)
    foreign = tracking.create_logged_model(experiment_id=other, name="model", source_run_id=lineaged)
    gone = tracking.create_logged_model(experiment_id="0", name="model", source_run_id=lineaged)
    registry.create_registered_model("churn", description="kept")
    artifacts = tracking.get_run(lineaged).info.artifact_uri
    registered = [registry.create_model_version("churn", f"models:/{m.model_id}", run_id=lineaged,
                                                model_id=m.model_id) for m in (model, foreign, gone)]
    registered.append(registry.create_model_version("churn", f"{artifacts}/model", run_id=lineaged,
                                                    description="from the run's folder"))
    registered.append(registry.create_model_version("churn", "s3://elsewhere/model", run_id=lineaged))
    registered.append(registry.create_model_version("churn", "models:/churn/1", run_id=lineaged))
    dropped = registry.create_model_version("churn", f"{artifacts}/dropped", run_id=lineaged)
    registry.delete_model_version("churn", dropped.version)
    tracking.delete_logged_model(gone.model_id)

    for found in (model, foreign):
        lean_model, full_model = lean.get_logged_model(found.model_id), full.get_logged_model(found.model_id)
        fields = ("model_id", "experiment_id", "name", "artifact_location", "source_run_id", "status",
                  "creation_timestamp", "model_type")
        assert [getattr(lean_model, f) for f in fields] == [getattr(full_model, f) for f in fields]
    assert error_code(lambda: lean.get_logged_model(gone.model_id)) == \
        error_code(lambda: full.get_logged_model(gone.model_id)) == "RESOURCE_DOES_NOT_EXIST"

    for version in registered:
        number = str(version.version)
        lean_version, full_version = lean.get_model_version("churn", number), full.get_model_version("churn", number)
        fields = ("name", "version", "source", "run_id", "description", "current_stage", "creation_timestamp")
        assert [getattr(lean_version, f) for f in fields] == [getattr(full_version, f) for f in fields]
        with one_session():
            lean_resolution = version_run(lean, lean_version)
        full_resolution = version_run(full, full_version)
        assert lean_resolution.unlinked == full_resolution.unlinked
        assert (lean_resolution.run and lean_resolution.run.info.run_id) == \
            (full_resolution.run and full_resolution.run.info.run_id)
    assert version_run(lean, lean.get_model_version("churn", "1")).run is not None  # the lineaged case passes
    for bad in ("x", "0", "99", str(dropped.version)):  # not a number, none, deleted
        assert error_code(partial(lean.get_model_version, "churn", bad)) == \
            error_code(partial(full.get_model_version, "churn", bad))


def test_what_stands_on_a_run_a_model_or_an_experiment(stores: Any) -> None:
    tracking, registry = stores
    lean, full = both()
    other = tracking.create_experiment("elsewhere")
    run_a, run_b = make_run(tracking, {}, {}, []), make_run(tracking, {}, {}, [], experiment=other)
    free = make_run(tracking, {}, {}, [], experiment=other)
    model_b = tracking.create_logged_model(experiment_id=other, name="model", source_run_id=run_b)
    unused = tracking.create_logged_model(experiment_id=other, name="model", source_run_id=free)
    registry.create_registered_model("stands")
    registry.create_model_version("stands", f"{tracking.get_run(run_a).info.artifact_uri}/model", run_id=run_a)
    registry.create_model_version("stands", f"models:/{model_b.model_id}", model_id=model_b.model_id)

    def shown(versions: list[Any]) -> list[tuple[str, str, str, str]]:
        return sorted((v.name, str(v.version), v.source, v.run_id) for v in versions)

    for backend in (lean, full):
        assert shown(backend.versions_of_run(run_a)) == [("stands", "1", shown(full.versions_of_run(run_a))[0][2],
                                                          run_a)]
        assert shown(backend.versions_on(run_ids=[run_b])) == shown(backend.versions_on(model_ids=[model_b.model_id]))
        assert backend.versions_on(run_ids=[free], model_ids=[unused.model_id]) == []
        runs, models = backend.contents_of_experiment(other)
        assert runs == {run_b, free} and models == {model_b.model_id, unused.model_id}
    assert shown(lean.every_version()) == shown(full.every_version())
    assert {("stands", "1"), ("stands", "2")} <= {(v.name, str(v.version)) for v in lean.every_version()}


def lineaged_version(tracking: Any, registry: Any, name: str) -> tuple[str, str]:
    """Version 1 of a new registered model ``name``, from the logged model of a lineaged run: (run, model)."""
    run_id = make_run(tracking, {"seed": "42"}, {"mlflow.source.git.commit": COMMIT},
                      [(ours("acme/reviews", "v3"), {"mlflow.data.context": "training"})])
    model_id = tracking.create_logged_model(experiment_id="0", name="model", source_run_id=run_id).model_id
    registry.create_registered_model(name)
    registry.create_model_version(name, f"models:/{model_id}", run_id=run_id, model_id=model_id)
    return run_id, model_id


def test_a_move_re_judges_a_kept_run_only_while_its_version_stands(stores: Any, tmp_path_factory: Any) -> None:
    """The plugin keeps the run of a version it moved (``lineage_lint.mlflow.traced``): the next move reads
    the version's row alone. A version deleted and made again under the same number is another version, so its
    run is read again, and a run edited meanwhile (allowed: nothing stood on it) is judged as it is now."""
    tracking, registry = stores
    folder = tmp_path_factory.mktemp("kept")
    gate = ServerGate(gate_policy(None, {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    assert gate.traced.enabled  # run-default: a preset
    assert not ServerGate(gate.policy, gate.settings, StoreBackend(), keep_runs=False).traced.enabled
    gate.traced = TracedRuns(enabled=True, settle_seconds=0)  # no minute to wait in a test
    run_id, model_id = lineaged_version(tracking, registry, "kept-runs")
    move = {"name": "kept-runs", "alias": "challenger", "version": "1"}
    with Statements(tracking, registry) as statements:
        assert gate.check("registered-models/alias", move) is None
        first = statements.take()
        assert gate.check("registered-models/alias", move) is None
        assert statements.take() < first  # the version's row, not the logged model, the run and its inputs
    registry.delete_registered_model("kept-runs")  # nothing stands on the run now: it may change
    tracking.delete_tag(run_id, "mlflow.source.git.commit")
    time.sleep(0.01)  # another creation time
    registry.create_registered_model("kept-runs")
    registry.create_model_version("kept-runs", f"models:/{model_id}", run_id=run_id, model_id=model_id)
    refused = gate.check("registered-models/alias", move)
    assert refused is not None and "LL301" in refused, refused  # judged on the run as it is now
    copy = registry.create_model_version("kept-runs", "models:/kept-runs/1", run_id=run_id)
    assert identity(copy) is None  # a copy hangs on the version it copies: never kept
    base = {"allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-run-default.schema.json"}]}
    write(folder, "policy.json", json.dumps(base))
    custom = ServerGate(gate_policy("policy.json", {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    assert not custom.traced.enabled  # a policy file may judge a tag the freeze does not know of


class Statements:
    """Counts the SELECT statements the stores' engines and the lean reads' own engine (on PostgreSQL, which
    sends its statements as they are, through its dialect's ``do_execute``) run while it is open; ``take()``
    reads the count and starts a new one."""

    def __init__(self, *stores: Any) -> None:
        self.engines = {store.engine for store in stores}
        self.direct = {reads_engine(store) for store in stores} - self.engines
        self.count = 0

    def _one(self, _connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.count += statement.lstrip().upper().startswith("SELECT")  # reads, not a connection's PRAGMAs

    def take(self) -> int:
        value, self.count = self.count, 0
        return value

    def __enter__(self) -> Statements:
        for engine in self.direct:  # the dialect's first connection asks the server its version and settings
            engine.connect().close()  # (SELECTs sent once per engine): made before counting, so tests compare reads
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._one)
        for engine in self.direct:
            engine.dialect.do_execute = sent(engine.dialect.do_execute, lambda cursor, statement: self._one(
                None, cursor, statement))
        return self

    def __exit__(self, *_: Any) -> None:
        for engine in self.engines:
            event.remove(engine, "before_cursor_execute", self._one)
        for engine in self.direct:
            del engine.dialect.do_execute


def sent(do_execute: Any, seen: Any) -> Any:
    """``do_execute`` telling ``seen(cursor, statement)`` of every statement it sends."""
    def counted(cursor: Any, statement: str, *rest: Any) -> Any:
        seen(cursor, statement)
        return do_execute(cursor, statement, *rest)

    return counted


def aliased_versions(tracking: Any, registry: Any, name: str) -> None:
    """Three versions of a new registered model ``name``: 1 with no alias, 2 @champion and @challenger, 3 @shadow."""
    run_id = make_run(tracking, {"seed": "1"}, {}, [])
    registry.create_registered_model(name)
    for _ in range(3):
        registry.create_model_version(name, f"{tracking.get_run(run_id).info.artifact_uri}/model", run_id=run_id)
    registry.set_registered_model_alias(name, "champion", "2")
    registry.set_registered_model_alias(name, "challenger", "2")
    registry.set_registered_model_alias(name, "shadow", "3")


def test_a_versions_aliases_are_read_with_its_row(stores: Any) -> None:
    """The lean version read fills the aliases a version holds (the plugin judges a version under each alias's
    policy), as MLflow's own ``get_model_version`` does."""
    tracking, registry = stores
    lean, full = both()
    aliased_versions(tracking, registry, "aliased")
    for number, held in (("1", []), ("2", ["challenger", "champion"]), ("3", ["shadow"])):
        with one_session():
            read_lean = lean.get_model_version("aliased", number)
        assert sorted(read_lean.aliases) == sorted(full.get_model_version("aliased", number).aliases) == held


def test_a_version_read_by_its_alias_lean_is_the_one_mlflow_finds(stores: Any) -> None:
    """The version holding an alias, read lean in one statement (the judgement once an alias is written), is
    MLflow's ``get_model_version_by_alias``'s, with every alias it holds; an alias that is not there, or whose
    version was deleted, is not found either way (and refused, not a pass)."""
    tracking, registry = stores
    lean, full = both()
    aliased_versions(tracking, registry, "by-alias")
    for alias in ("champion", "challenger", "shadow"):
        with one_session():
            read_lean = lean.get_model_version_by_alias("by-alias", alias)
        read_full = full.get_model_version_by_alias("by-alias", alias)
        fields = ("name", "version", "creation_timestamp", "last_updated_timestamp", "description", "user_id",
                  "current_stage", "source", "run_id", "status", "status_message", "run_link")
        assert [getattr(read_lean, each) for each in fields] == [getattr(read_full, each) for each in fields]
        assert sorted(read_lean.aliases) == sorted(read_full.aliases)
    assert sorted(lean.get_model_version_by_alias("by-alias", "champion").aliases) == ["challenger", "champion"]
    with pytest.raises(MlflowException):
        full.get_model_version_by_alias("by-alias", "nobody")
    assert error_code(partial(lean.get_model_version_by_alias, "by-alias", "nobody")) == "RESOURCE_DOES_NOT_EXIST"
    assert error_code(partial(lean.get_model_version_by_alias, "no-such-model", "champion")) == \
        "RESOURCE_DOES_NOT_EXIST"
    registry.delete_model_version("by-alias", "3")  # MLflow drops its aliases with it
    assert error_code(partial(lean.get_model_version_by_alias, "by-alias", "shadow")) == "RESOURCE_DOES_NOT_EXIST"


def test_statements_are_kept_per_workspace_and_scoped_by_the_stores_own_query(stores: Any,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A statement built once is kept for the workspace it was built in: read in another workspace, a version
    of the default one is not found. A store whose ``_get_query`` is not MLflow's own (a plugin's subclass may
    scope by anything) has its statements built for each read, so its scoping always applies."""
    tracking, registry = stores
    lean, _ = both()
    run_id = make_run(tracking, {"seed": "1"}, {}, [])
    registry.create_registered_model("scoped")
    registry.create_model_version("scoped", f"{tracking.get_run(run_id).info.artifact_uri}/model", run_id=run_id)
    assert lean.get_model_version("scoped", "1").run_id == run_id  # built and kept for the default workspace
    monkeypatch.setattr(registry, "_get_active_workspace", lambda: "elsewhere")
    assert error_code(partial(lean.get_model_version, "scoped", "1")) == "RESOURCE_DOES_NOT_EXIST"
    monkeypatch.undo()
    assert lean.get_model_version("scoped", "1").run_id == run_id

    hidden: set[str] = set()

    class Scoped(TrackingStore):  # type: ignore[misc]
        def _get_query(self, session: Any, model: Any) -> Any:
            query = super()._get_query(session, model)
            return query.filter(model.run_uuid.notin_(sorted(hidden))) if model.__name__ == "SqlRun" else query

    scoped = Scoped.__new__(Scoped)
    scoped.__dict__.update(tracking.__dict__)  # the same engine and session maker
    monkeypatch.setattr(handlers, "_tracking_store", scoped)
    own = StoreBackend()
    assert own.lean()[0] is not None and own.get_run(run_id).info.run_id == run_id
    hidden.add(run_id)
    assert error_code(partial(own.get_run, run_id)) == "RESOURCE_DOES_NOT_EXIST"


def test_a_kept_runs_verdict_is_given_again_only_for_the_same_description(stores: Any, tmp_path_factory: Any) -> None:
    """A kept run's verdicts are kept by policy and description: a version refused for want of a description
    (``require-description``) and then described is judged again, and passes."""
    tracking, registry = stores
    folder = tmp_path_factory.mktemp("kept-verdicts")
    gate = ServerGate(gate_policy(None, {"require-description": True}, folder), Settings(base_dir=folder, root=None),
                      StoreBackend())
    gate.traced = TracedRuns(enabled=True, settle_seconds=0)
    lineaged_version(tracking, registry, "described")
    move = {"name": "described", "alias": "champion", "version": "1"}
    with Statements(tracking, registry) as statements:
        for _ in range(2):
            refused = gate.check("registered-models/alias", move)
            assert refused is not None and "LL501" in refused, refused
        registry.update_model_version("described", "1", "trained on acme/reviews v3")
        statements.take()
        assert gate.check("registered-models/alias", move) is None
        assert statements.take() == 1  # the version's row: the run was kept


def test_a_verdict_is_given_again_only_for_a_run_read_the_same(stores: Any, tmp_path_factory: Any) -> None:
    """The plugin keeps verdicts by everything the judgement read (the run's tags, params and inputs, the
    version's description): a creation judged twice on an unchanged run is judged once, and a run whose
    lineage changed underneath (a write the freeze did not see: straight into the store here) is judged as
    it is now, whatever field changed."""
    tracking, registry = stores
    folder = tmp_path_factory.mktemp("verdicts")
    gate = ServerGate(gate_policy(None, {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    calls: list[str] = []

    run_id, model_id = lineaged_version(tracking, registry, "by-content")
    body = {"name": "by-content", "source": f"models:/{model_id}", "model_id": model_id}
    with patch_judge(calls):
        assert gate.check("model-versions/create", body) is None
        assert gate.check("model-versions/create", body) is None
    assert len(calls) == 1  # the second read of the same run gave the same fields
    for edit, code in ((lambda: tracking.set_tag(run_id, RunTag("mlflow.source.git.commit", "")), "LL301"),
                       (lambda: tracking.set_tag(run_id, RunTag("mlflow.source.git.commit", COMMIT[::-1])), None),
                       (lambda: tracking.log_inputs(run_id, datasets=[DatasetInput(
                           Dataset("acme/other", "", "lineage-lint", json.dumps({"uri": "acme/other",
                                                                                 "version": "main"})),
                           [InputTag("mlflow.data.context", "training")])]), "LL2")):
        edit()
        calls.clear()
        with patch_judge(calls):
            refused = gate.check("model-versions/create", body)
        assert calls, "a changed run must be judged afresh"
        assert (refused is None) if code is None else (refused is not None and code in refused), refused


def test_a_creation_judged_once_written_on_an_unchanged_run_is_judged_once(stores: Any,
                                                                          tmp_path_factory: Any) -> None:
    """Under the presets a creation's check and its judgement once written read the same fields but for the
    version's number, which no preset judges: one judgement. A run edited between the two is judged again
    (and the version removed when it fails), and under a policy file, which may judge the number, the two are
    judged each."""
    tracking, registry = stores
    folder = tmp_path_factory.mktemp("settle-verdicts")
    gate = ServerGate(gate_policy(None, {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    run_id, model_id = lineaged_version(tracking, registry, "settled-once")
    body = {"name": "settled-once", "source": f"models:/{model_id}", "model_id": model_id}

    def created() -> dict[str, Any]:
        version = registry.create_model_version("settled-once", body["source"], run_id=run_id, model_id=model_id)
        return {"model_version": {"name": version.name, "version": version.version, "source": version.source,
                                  "run_id": version.run_id, "description": version.description,
                                  "creation_timestamp": version.creation_timestamp}}

    calls: list[str] = []
    with patch_judge(calls):
        assert gate.check("model-versions/create", body) is None
        assert gate.settle("model-versions/create", body, created()) == (None, [])
    assert calls == ["judged"]
    calls.clear()
    with patch_judge(calls):
        assert gate.check("model-versions/create", body) is None
        answer = created()
        tracking.set_tag(run_id, RunTag("mlflow.source.git.commit", ""))  # between the check and the judgement
        refused, removed = gate.settle("model-versions/create", body, answer)
    assert refused is not None and "LL301" in refused and removed, refused
    assert calls == ["judged"], "the changed run must be judged afresh"
    tracking.set_tag(run_id, RunTag("mlflow.source.git.commit", COMMIT))
    base = {"allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-run-default.schema.json"}]}
    write(folder, "policy.json", json.dumps(base))
    custom = ServerGate(gate_policy("policy.json", {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    calls.clear()
    with patch_judge(calls):
        assert custom.check("model-versions/create", body) is None
        assert custom.settle("model-versions/create", body, created()) == (None, [])
    assert calls == ["judged", "judged"]  # a policy file may judge the version's number: judged with it


def test_kept_verdicts_hold_none_of_what_a_run_records(stores: Any, tmp_path_factory: Any) -> None:
    """A verdict is kept by a digest of what the judgement read, not by the run's fields themselves: anyone who
    may log params can make a run of megabytes, and the plugin kept each of thousands of such runs whole
    (refused creations too) until the server ran out of memory. What a verdict keeps is the same few bytes
    whatever the run holds, and a run changed by one character is still judged afresh."""
    tracking, _ = stores
    folder = tmp_path_factory.mktemp("verdict-size")
    gate = ServerGate(gate_policy(None, {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    bulky = {f"filler_{index}": "x" * 6000 for index in range(40)}  # 240 kB of params, as MLflow allows
    run_id = make_run(tracking, bulky, {}, [])  # no lineage: refused, and its verdict kept all the same
    body = {"name": "bulky", "source": f"runs:/{run_id}/model", "run_id": run_id}
    calls: list[str] = []
    with patch_judge(calls):
        for _ in range(2):
            refused = gate.check("model-versions/create", body)
            assert refused is not None and "LL101" in refused, refused
    assert len(calls) == 1  # given again, from the digest
    kept = list(gate.verdicts._given.items())
    assert kept and max(len(repr(entry)) for entry in kept) < 2000, "a kept verdict holds the run's fields"
    tracking.log_param(run_id, Param("filler_x", "y"))
    calls.clear()
    with patch_judge(calls):
        assert gate.check("model-versions/create", body) is not None
    assert calls, "a changed run must be judged afresh"


def test_a_bulky_run_is_not_kept(stores: Any, tmp_path_factory: Any) -> None:
    """A move keeps its version's run (``lineage_lint.mlflow.traced``), but not a run of more than a megabyte of
    fields: a writer could otherwise make each server process hold thousands of such lineaged runs (one per
    version moved) until it ran out of memory. Such a run is read again on each move, and judged the same."""
    tracking, registry = stores
    folder = tmp_path_factory.mktemp("bulky-kept")
    gate = ServerGate(gate_policy(None, {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    gate.traced = TracedRuns(enabled=True, settle_seconds=0)
    run_id, _ = lineaged_version(tracking, registry, "bulky-kept")
    for start in range(0, 200, 100):
        tracking.log_batch(run_id, metrics=[], params=[Param(f"filler_{index}", "x" * 6000)
                                                        for index in range(start, start + 100)], tags=[])
    move = {"name": "bulky-kept", "alias": "challenger", "version": "1"}
    with Statements(tracking, registry) as statements:
        assert gate.check("registered-models/alias", move) is None
        first = statements.take()
        assert gate.check("registered-models/alias", move) is None
        assert statements.take() == first  # read again: nothing was kept
    assert gate.traced.kept(registry.get_model_version("bulky-kept", "1")) is None
    lineaged_version(tracking, registry, "slim-kept")  # a run of ordinary size is kept as before
    assert gate.check("registered-models/alias", {**move, "name": "slim-kept"}) is None
    assert gate.traced.kept(registry.get_model_version("slim-kept", "1")) is not None


def test_the_runs_kept_together_stay_under_their_budget() -> None:
    """Each kept run is under a megabyte of fields, but thousands of them would still be gigabytes: the runs one
    process keeps hold at most ``MAX_KEPT_CHARACTERS`` together, the least recently used let go first."""
    runs = TracedRuns(enabled=True, settle_seconds=0)
    params = {f"filler_{index}": "x" * 9_000 for index in range(100)}  # 900,000 characters and more
    run = SimpleNamespace(data=SimpleNamespace(tags={}, params=params), inputs=None)
    size = traced.fields_size(run)
    assert 900_000 < size <= traced.MAX_RUN_CHARACTERS
    versions = [SimpleNamespace(name="big", version=str(number), creation_timestamp=1_000, source="runs:/r/m",
                                run_id=f"run-{number}") for number in range(1, 201)]
    for version in versions:
        runs.keep(version, run)
    fits = traced.MAX_KEPT_CHARACTERS // size
    assert runs.characters == fits * size <= traced.MAX_KEPT_CHARACTERS
    assert all(runs.kept(version) is None for version in versions[:-fits])  # the oldest let go
    assert all(runs.kept(version) is not None for version in versions[-fits:])
    runs.keep(versions[-1], run)  # kept again: counted once
    assert runs.characters == fits * size


@contextlib.contextmanager
def patch_judge(calls: list[str]) -> Iterator[None]:
    """Count the judgements :meth:`ServerGate._errors` really makes (not the verdicts it gives again)."""
    from lineage_lint.mlflow import server

    real = server.judge

    def counted(*given: Any) -> Any:
        calls.append("judged")
        return real(*given)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(server, "judge", counted)
        yield


@pytest.mark.parametrize("stores", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_reads_on_postgresql_open_no_transaction_ping_nothing_and_leave_mlflows_pool_alone(
        stores: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL the lean reads go through the plugin's own engine: sent without ``BEGIN``/``COMMIT``
    (psycopg2's autocommit) and without a pre-ping on checkout (round trips each, per check), and MLflow's own
    engine is untouched: its pooled connections stay in transaction mode, its writes atomic."""
    tracking, registry = stores
    assert tracking.engine.dialect.name == "postgresql"
    lean, _ = both()
    run_id, _ = lineaged_version(tracking, registry, "no-transaction")
    engine = reads_engine(tracking)
    assert engine is reads_engine(registry) and engine not in (tracking.engine, registry.engine)
    engine.connect().close()  # its first connection's SELECTs (the server's version, settings) sent before counting
    modes: list[bool] = []
    pings: list[Any] = []

    ping = type(engine.dialect).do_ping
    monkeypatch.setattr(type(engine.dialect), "do_ping", lambda *given: pings.append(given) or ping(*given))
    monkeypatch.setattr(engine.dialect, "do_execute", sent(engine.dialect.do_execute, lambda cursor, _: modes.append(
        cursor.connection.autocommit)))
    for _ in range(2):  # the second check on a pooled connection
        with one_session():
            lean.get_run(run_id)
            lean.get_model_version("no-transaction", "1")
    lean.get_run(run_id)  # outside a check: a connection of its own
    assert modes == [True] * 5, modes
    assert not pings
    for each in {tracking.engine, registry.engine}:
        pooled = [each.raw_connection() for _ in range(max(1, each.pool.checkedin()))]
        try:
            assert [one.driver_connection.autocommit for one in pooled] == [False] * len(pooled)
        finally:
            for one in pooled:
                one.close()
    tracking.set_tag(run_id, RunTag("note", "written in a transaction"))  # MLflow's writes work as before
    assert tracking.get_run(run_id).data.tags["note"] == "written in a transaction"


@pytest.mark.parametrize("stores", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_a_dead_pooled_connection_is_replaced_and_the_read_sent_again(stores: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a pre-ping a pooled connection may be dead (the database restarted, a connection dropped): the
    read fails on it, and is sent once more on a new connection, with the same answer. A read that fails on
    the new connection too propagates (the request is refused)."""
    tracking, registry = stores
    lean, _ = both()
    run_id, _ = lineaged_version(tracking, registry, "dead-connection")
    engine = reads_engine(tracking)
    with one_session():
        expected = described(lean.get_run(run_id))
    sent_now: list[str] = []
    monkeypatch.setattr(engine.dialect, "do_execute", sent(engine.dialect.do_execute, lambda _, statement: (
        sent_now.append(statement))))
    other = create_engine(tracking.engine.url.set(database="postgres"))  # a database of its own: it stays
    with other.connect() as keeper:
        kill = text("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE datname = 'mlflow'")
        assert keeper.execute(kill).scalar()  # the plugin's pooled connection among them
        time.sleep(0.2)
        with one_session():
            assert described(lean.get_run(run_id)) == expected
        assert len(sent_now) == 2 and sent_now[0] == sent_now[1]  # failed on the dead connection, answered on a new one
        keeper.execute(text("ALTER DATABASE mlflow ALLOW_CONNECTIONS false"))  # no new connection either
        keeper.commit()
        assert keeper.execute(kill).scalar()
        keeper.commit()
        try:
            time.sleep(0.2)
            with pytest.raises(Exception, match="not currently accepting connections"), one_session():
                lean.get_run(run_id)
            assert len(sent_now) == 3
        finally:
            keeper.execute(text("ALTER DATABASE mlflow ALLOW_CONNECTIONS true"))
            keeper.commit()
    other.dispose()


@pytest.mark.parametrize("stores", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_the_plugins_pool_recycles_its_connections_as_mlflows_does(stores: Any, tmp_path_factory: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """An operator sets ``MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE`` when something between the server and the database
    (a firewall, a load balancer, PgBouncer's ``server_idle_timeout``) drops idle connections, often silently: a
    statement sent on such a connection waits for TCP to give up (minutes), and the request with it. MLflow's
    engine never uses a connection older than that; nor may the plugin's own pool, which sends its reads with no
    pre-ping, or a registration hangs where MLflow's own requests do not."""
    tracking, _ = stores
    monkeypatch.setenv("MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE", "1")
    url = tracking.engine.url.update_query_dict({"application_name": "recycled"})  # a database URL of its own
    recycled = TrackingStore(url.render_as_string(hide_password=False), str(tmp_path_factory.mktemp("recycled")))
    try:
        assert recycled.engine.pool._recycle == 1  # MLflow's engine recycles after a second
        run_id = make_run(recycled, {"seed": "42"}, {}, [])
        lean = StoreBackend()
        lean._lean = (lean_tracking(recycled), None)
        served: list[int] = []  # the database process behind each connection the plugin's reads check out
        event.listen(reads_engine(recycled), "checkout", lambda dbapi, *_: served.append(dbapi.get_backend_pid()))
        assert lean.get_run(run_id).data.params == {"seed": "42"}
        time.sleep(1.5)  # past the recycle time
        assert lean.get_run(run_id).data.params == {"seed": "42"}
        assert len(served) == 2 and served[0] != served[1], f"a connection past its recycle time was used: {served}"
    finally:
        recycled.engine.dispose()
        reads_engine(recycled).dispose()


def test_reads_go_to_the_primary_database_not_a_read_replica(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a read replica (``mlflow server --read-replica-backend-store-uri``) MLflow sends its read-only
    sessions there, and a replica may lag: the plugin reads the primary, so that its judgement once written sees
    the write it follows. Here the "replica" is a copy of the database taken before the run was written."""
    import shutil

    primary, replica = tmp_path / "primary.db", tmp_path / "replica.db"
    TrackingStore(f"sqlite:///{primary}", str(tmp_path / "artifacts")).engine.dispose()
    shutil.copy(primary, replica)
    tracking = TrackingStore(f"sqlite:///{primary}", str(tmp_path / "artifacts"), read_db_uri=f"sqlite:///{replica}")
    registry = RegistryStore(f"sqlite:///{primary}", read_db_uri=f"sqlite:///{replica}")
    try:
        monkeypatch.setattr(handlers, "_tracking_store", tracking)
        monkeypatch.setattr(handlers, "_model_registry_store", registry)
        run_id = make_run(tracking, {"seed": "42"}, {}, [])
        registry.create_registered_model("on-the-primary")
        registry.create_model_version("on-the-primary", "runs:/" + run_id + "/model", run_id=run_id)
        with pytest.raises(MlflowException):
            tracking.get_run(run_id)  # MLflow's own read goes to the replica, which has not got it
        lean, _ = both()
        with one_session():
            assert lean.get_run(run_id).data.params == {"seed": "42"}
            assert lean.get_model_version("on-the-primary", "1").run_id == run_id
    finally:
        for store in (tracking, registry):
            store.engine.dispose()
            store.read_engine.dispose()


def test_only_a_young_empty_registered_model_is_removed(stores: Any) -> None:
    """After a refused version the plugin removes the registered model made for it: only when it is empty and
    younger than the bound, read from its row first (MLflow's get_registered_model reads all its versions)."""
    _, registry = stores
    lean, full = both()
    for backend, name in ((lean, "young-lean"), (full, "young-full")):
        registry.create_registered_model(name)
        assert not backend.remove_if_empty(name, younger_than=-1)  # older than the bound: kept
        registry.get_registered_model(name)
        assert backend.remove_if_empty(name, younger_than=60)
        assert error_code(partial(registry.get_registered_model, name)) == "RESOURCE_DOES_NOT_EXIST"
    registry.create_registered_model("young-described", description="kept")
    assert not lean.remove_if_empty("young-described", younger_than=60)
    assert not lean.remove_if_empty("never-made", younger_than=60)


def test_a_creation_that_cannot_be_judged_again_once_written_is_removed(stores: Any, tmp_path_factory: Any) -> None:
    """The second judgement after a version is written (``ServerGate.settle``) failing (the database gone between
    the write and the read) must not leave the version standing on a judgement made before a racing write: the
    version is removed and the creation refused, saying why; the empty registered model made for it goes too."""
    from flask import Flask

    from lineage_lint.mlflow.server import install

    tracking, registry = stores
    folder = tmp_path_factory.mktemp("withdrawn")
    gate = ServerGate(gate_policy(None, {}, folder), Settings(base_dir=folder, root=None), StoreBackend())
    app = Flask("withdrawn")
    for path, handler, methods in handlers.get_endpoints():
        app.add_url_rule(path, handler.__name__, handler, methods=methods)
    install(app, gate)
    run_id = make_run(tracking, {"seed": "42"}, {"mlflow.source.git.commit": COMMIT},
                      [(ours("acme/reviews", "v3"), {"mlflow.data.context": "training"})])
    model_id = tracking.create_logged_model(experiment_id="0", name="model", source_run_id=run_id).model_id
    body = {"name": "withdrawn", "source": f"models:/{model_id}", "run_id": run_id, "model_id": model_id}

    def gone(*_: Any, **__: Any) -> Any:
        raise ConnectionError("server closed the connection unexpectedly")

    with app.test_client() as client:
        assert client.post("/api/2.0/mlflow/registered-models/create", json={"name": "kept-model"}).status_code == 200
        kept = dict(body, name="kept-model")
        assert client.post("/api/2.0/mlflow/model-versions/create", json=kept).status_code == 200  # judged twice
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(gate, "settle", gone)
            answer = client.post("/api/2.0/mlflow/model-versions/create", json=kept)
            assert answer.status_code == 403, answer.get_json()
            message = answer.get_json()["message"]
            assert message == ("lineage-lint could not judge the new version again once written (server closed "
                               "the connection unexpectedly), so kept-model version 2 was removed again")
            assert [v.version for v in registry.search_model_versions("name = 'kept-model'")] == [1]
            # register_model's two requests: the registered model, then its version
            assert client.post("/api/2.0/mlflow/registered-models/create", json={"name": "withdrawn"}).status_code \
                == 200
            fresh = client.post("/api/2.0/mlflow/model-versions/create", json=body)
            assert fresh.status_code == 403 and "the empty registered model withdrawn created for it was removed" \
                in fresh.get_json()["message"], fresh.get_json()
        assert error_code(lambda: registry.get_registered_model("withdrawn")) == "RESOURCE_DOES_NOT_EXIST"
