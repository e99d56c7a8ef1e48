"""From a URI to the run whose lineage the gate judges (``lineage_lint.mlflow.resolve``), on MLflow's own
entities and exceptions, in-process: which run a version's artifacts come from, and every way a version can
claim a run that did not produce it (each is LL308 in the gate, with these words).

``test_gate_server.py`` and ``test_gate_deploy.py`` take the same paths through a real ``mlflow server``;
here each case takes milliseconds, so ``bench/mutation.py resolve`` runs them for every mutant.
"""

from __future__ import annotations

from typing import Any

import pytest
from mlflow.entities import LoggedModel, Run, RunData, RunInfo
from mlflow.entities.model_registry import ModelVersion
from mlflow.exceptions import MlflowException
from mlflow.protos.databricks_pb2 import PERMISSION_DENIED, RESOURCE_DOES_NOT_EXIST

from lineage_lint.mlflow.resolve import (
    MAX_COPIES,
    Link,
    Target,
    UsageError,
    artifact_problem,
    link,
    linked_run,
    logged_model_id,
    parse_uri,
    resolve,
    under,
    version_run,
)

MODEL = "m-0123456789abcdef0123456789abcdef"
OTHER_MODEL = "m-fedcba9876543210fedcba9876543210"


def make_run(run_id: str, experiment: str = "1", stage: str = "active", artifacts: str | None = None) -> Run:
    location = f"s3://mlflow/{experiment}/{run_id}/artifacts" if artifacts is None else artifacts
    info = RunInfo(run_id=run_id, experiment_id=experiment, user_id="ci", status="FINISHED", start_time=1,
                   end_time=2, lifecycle_stage=stage, artifact_uri=location)
    return Run(info, RunData())


def logged(model_id: str, run_id: str | None, experiment: str = "1") -> LoggedModel:
    return LoggedModel(experiment, model_id, "model", f"s3://mlflow/{experiment}/models/{model_id}/artifacts", 1, 1,
                       source_run_id=run_id)


def version(number: str = "1", source: str = "", run_id: str | None = None, model_id: str | None = None,
            name: str = "churn") -> ModelVersion:
    return ModelVersion(name, number, 1, source=source, run_id=run_id, model_id=model_id)


def missing(what: str) -> MlflowException:
    return MlflowException(f"{what} not found", error_code=RESOURCE_DOES_NOT_EXIST)


class Backend:
    """MlflowClient's four lookups over tables; a missing entry raises MLflow's not-found exception, and
    ``refused`` names lookups that raise another MLflow error (a permission refused)."""

    def __init__(self, runs: list[Run] = (), models: list[LoggedModel] = (),  # type: ignore[assignment]
                 versions: list[ModelVersion] = (), aliases: dict[str, str] | None = None,  # type: ignore[assignment]
                 refused: tuple[str, ...] = ()) -> None:
        self.runs = {run.info.run_id: run for run in runs}
        self.models = {model.model_id: model for model in models}
        self.versions = {(v.name, str(v.version)): v for v in versions}
        self.aliases = aliases or {}
        self.refused = refused
        self.calls: list[str] = []

    def _look(self, kind: str, table: dict[Any, Any], key: Any) -> Any:
        self.calls.append(f"{kind} {key}")
        if kind in self.refused:
            raise MlflowException(f"{kind} refused", error_code=PERMISSION_DENIED)
        if key not in table:
            raise missing(f"{kind} {key}")
        return table[key]

    def get_run(self, run_id: str) -> Run:
        return self._look("run", self.runs, run_id)  # type: ignore[no-any-return]

    def get_model_version(self, name: str, number: str) -> ModelVersion:
        return self._look("version", self.versions, (name, str(number)))  # type: ignore[no-any-return]

    def get_model_version_by_alias(self, name: str, alias: str) -> ModelVersion:
        return self.get_model_version(name, self._look("alias", self.aliases, alias))

    def get_logged_model(self, model_id: str) -> LoggedModel:
        return self._look("model", self.models, model_id)  # type: ignore[no-any-return]


# --- reading the URI ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("uri", "target"), [
    ("models:/churn/3", Target("models:/churn/3", name="churn", version="3")),
    ("  models:/churn/12/ ", Target("models:/churn/12/", name="churn", version="12")),
    ("models:/churn@champion", Target("models:/churn@champion", name="churn", alias="champion")),
    ("models:/churn@champion/", Target("models:/churn@champion/", name="churn", alias="champion")),
    (f"models:/{MODEL}", Target(f"models:/{MODEL}", model_id=MODEL)),
    ("runs:/abc123", Target("runs:/abc123", run_id="abc123")),
    ("runs:/abc_12-3/", Target("runs:/abc_12-3/", run_id="abc_12-3")),
    ("runs:/abc123/model/data", Target("runs:/abc123/model/data", run_id="abc123", artifact_path="model/data")),
])
def test_each_uri_form_is_read(uri: str, target: Target) -> None:
    assert parse_uri(uri) == target
    assert parse_uri(uri).is_model_version == (target.name is not None)


@pytest.mark.parametrize("uri", [
    "models:/churn", "models:/churn/latest", "models:/churn/3/extra", "models:/a/b@c", "models:/m-0123abcd",
    "runs:/", "runs:/a b", "run:/abc", "s3://bucket/model", "", "models:/churn@", "models:/@alias",
])
def test_other_uris_are_a_usage_error_naming_the_forms(uri: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_uri(uri)
    assert str(caught.value) == (f"cannot read {uri!r}: give models:/NAME/VERSION, models:/NAME@ALIAS, "
                                 "runs:/RUN_ID or models:/<model_id>")


# --- which run a version's artifacts come from ---------------------------------------------------------------


def test_a_logged_model_names_the_run_mlflow_3_versions_come_from() -> None:
    backend = Backend(models=[logged(MODEL, "r1")])
    found = link(backend, version(source=f"models:/{MODEL}", model_id=MODEL, run_id="r1"))
    assert found == Link("r1", "", backend.models[MODEL], f"models:/{MODEL}")
    assert linked_run(backend, version(source=f"models:/{MODEL}")) == ("r1", "")  # the source alone names it too
    assert logged_model_id(version(source=f"models:/{MODEL}")) == MODEL
    assert logged_model_id(version(source="s3://x", model_id=OTHER_MODEL)) == OTHER_MODEL
    assert logged_model_id(version(source="runs:/r1/model")) is None


def test_a_model_id_and_a_source_naming_different_logged_models_trace_nothing() -> None:
    backend = Backend(models=[logged(MODEL, "r1"), logged(OTHER_MODEL, "r2")])
    assert link(backend, version(source=f"models:/{OTHER_MODEL}", model_id=MODEL)) == Link(
        None, f"its model_id {MODEL} and its source models:/{OTHER_MODEL} name different logged models")
    assert backend.calls == []


def test_a_deleted_logged_model_has_no_lineage_and_other_errors_propagate() -> None:
    assert link(Backend(), version(model_id=MODEL)) == Link(
        None, f"its logged model {MODEL} no longer exists (deleted), so its lineage is gone")
    with pytest.raises(MlflowException, match="model refused"):
        link(Backend(models=[logged(MODEL, "r1")], refused=("model",)), version(model_id=MODEL))


@pytest.mark.parametrize("run_id", [None, ""])
def test_a_logged_model_without_a_source_run_traces_nothing(run_id: str | None) -> None:
    backend = Backend(models=[logged(MODEL, run_id)])
    assert link(backend, version(model_id=MODEL, run_id="r1")) == Link(
        None, f"its logged model {MODEL} names no source run")


def test_a_runs_source_must_be_the_logged_models_run() -> None:
    backend = Backend(models=[logged(MODEL, "r1")])
    assert link(backend, version(source="runs:/r2/model", model_id=MODEL)) == Link(
        None, f"its source runs:/r2/model is not the run of its logged model {MODEL} (r1)")
    assert link(backend, version(source="runs:/r1/model", model_id=MODEL)).run_id == "r1"


def test_a_runs_source_names_the_run() -> None:
    assert link(Backend(), version(source="runs:/r7/model")) == Link("r7", "", None, "runs:/r7/model")
    assert link(Backend(), version(source="runs:/r7/model", run_id="r7")).run_id == "r7"


def test_a_run_id_that_contradicts_the_artifacts_run_is_not_trusted() -> None:
    assert link(Backend(), version(source="runs:/r7/model", run_id="r8")) == Link(
        None, "its run_id r8 is not the run that produced its artifacts (its source runs:/r7/model comes from run r7)")
    backend = Backend(models=[logged(MODEL, "r1")])
    assert link(backend, version(model_id=MODEL, run_id="r9")) == Link(
        None, f"its run_id r9 is not the run that produced its artifacts (its logged model {MODEL} comes from run r1)")


def test_a_copied_version_is_traced_to_the_original_run() -> None:
    backend = Backend(models=[logged(MODEL, "r1")],
                      versions=[version("1", source=f"models:/{MODEL}", model_id=MODEL, name="staging")])
    found = link(backend, version("4", source="models:/staging/1"))
    assert found == Link("r1", "", backend.models[MODEL], f"models:/{MODEL}")
    assert linked_run(backend, version("4", source="models:/staging/1")) == ("r1", "")
    contradicted = link(backend, version("4", source="models:/staging/1", run_id="r2"))
    assert contradicted == Link(None, "its run_id r2 is not the run that produced its artifacts (its source "
                                      "models:/staging/1 comes from run r1)")


def test_a_copy_of_something_untraceable_says_why() -> None:
    backend = Backend(versions=[version("1", source="s3://bucket/model", name="staging")])
    assert link(backend, version("2", source="models:/staging/1")) == Link(
        None, "it copies models:/staging/1, which cannot be traced: it names no run (source s3://bucket/model)")


def test_copies_are_followed_only_so_far() -> None:
    chain = [version(str(n), source=f"models:/churn/{n + 1}") for n in range(1, MAX_COPIES + 2)]
    chain.append(version(str(MAX_COPIES + 2), source="runs:/r1/model"))
    backend = Backend(versions=chain)
    assert link(backend, chain[1]).run_id == "r1"  # MAX_COPIES copies: traced
    assert linked_run(backend, chain[1]) == ("r1", "")
    nested = "".join(f"it copies models:/churn/{n}, which cannot be traced: " for n in range(2, MAX_COPIES + 2))
    assert link(backend, chain[0]) == Link(None, f"{nested}its source models:/churn/{MAX_COPIES + 2} is a copy of a "
                                                 f"copy more than {MAX_COPIES} times over")


def test_a_version_naming_itself_as_its_source_is_not_a_copy() -> None:
    backend = Backend()
    assert link(backend, version("3", source="models:/churn/3", run_id="r1")) == Link("r1", "", None,
                                                                                     "models:/churn/3")
    assert backend.calls == []


@pytest.mark.parametrize(("source", "why"), [
    ("s3://bucket/model", "it names no run (source s3://bucket/model)"),
    ("", "it names no run (source empty)"),
])
def test_a_version_naming_no_run_traces_nothing(source: str, why: str) -> None:
    assert link(Backend(), version(source=source)) == Link(None, why)


def test_without_a_logged_model_or_runs_source_the_run_id_names_the_run() -> None:
    """Versions registered before MLflow 3: ``run_id`` alone (the artifacts must then lie under that run's)."""
    assert link(Backend(), version(source="s3://mlflow/1/r1/artifacts/model", run_id="r1")) == Link(
        "r1", "", None, "s3://mlflow/1/r1/artifacts/model")


# --- whether the artifacts are the run's -------------------------------------------------------------------


@pytest.mark.parametrize(("source", "location", "inside"), [
    ("s3://b/runs/1/artifacts/model", "s3://b/runs/1/artifacts", True),
    ("s3://b/runs/1/artifacts", "s3://b/runs/1/artifacts/", True),
    ("file:///srv/a/model", "/srv/a", True),
    ("/srv/a/model", "file:///srv/a/", True),
    ("s3://b/runs/10/artifacts/model", "s3://b/runs/1", False),
    ("s3://b/runs/1/artifacts/../../2/artifacts/model", "s3://b/runs/1/artifacts", False),
    ("s3://b/runs/1/artifacts/./model", "s3://b/runs/1/artifacts", False),
    ("s3://b/runs/1/artifacts/%2e%2e/x", "s3://b/runs/1/artifacts", False),
    ("s3://b/runs/1/artifacts/%2E%2E%2Fx", "s3://b/runs/1/artifacts", False),
    ("s3://b/runs/1/artifacts\\..\\x", "s3://b/runs/1/artifacts", False),
    ("s3://b/runs/1/artifacts/model", "", False),
    ("s3://b/x", "/", False),
    ("s3://b/1/model", "s3://b/1X", False),  # a location that only begins like the source's folder
    ("s3://b/1X/model", "s3://b/1X", True),
    ("s3://b/runs/1/artifacts/..model", "s3://b/runs/1/artifacts", True),
])
def test_a_source_lies_under_a_location_only_when_spelled_plainly(source: str, location: str, inside: bool) -> None:
    assert under(source, location) is inside


def test_a_logged_model_from_another_experiment_is_not_the_runs() -> None:
    run, model = make_run("r1", experiment="1"), logged(MODEL, "r1", experiment="2")
    assert artifact_problem(Link("r1", "", model, f"models:/{MODEL}"), run) == (
        f"its logged model {MODEL} is in experiment 2, but its source run r1 is in experiment 1: the model was not "
        "logged by that run")
    assert artifact_problem(Link("r1", "", logged(MODEL, "r1"), f"models:/{MODEL}"), run) == ""


@pytest.mark.parametrize(("source", "problem"), [
    ("runs:/r1/model", ""),
    ("runs:/r1/../r2/model", "its source runs:/r1/../r2/model steps out of the run's artifacts"),
    ("s3://mlflow/1/r1/artifacts/model", ""),
    ("s3://mlflow/1/models/" + MODEL + "/artifacts/x", ""),
    ("s3://elsewhere/model", "its source s3://elsewhere/model does not lie under the artifact location of the run "
                             "that names it (s3://mlflow/1/r1/artifacts or s3://mlflow/1/models/" + MODEL +
                             "/artifacts), so its files need not be what that run produced"),
    ("", "its source empty does not lie under the artifact location of the run that names it "
         "(s3://mlflow/1/r1/artifacts or s3://mlflow/1/models/" + MODEL + "/artifacts), so its files need not be "
         "what that run produced"),
])
def test_a_versions_files_must_be_the_runs_or_its_logged_models(source: str, problem: str) -> None:
    assert artifact_problem(Link("r1", "", logged(MODEL, "r1"), source), make_run("r1")) == problem


def test_without_a_logged_model_only_the_runs_location_counts() -> None:
    run = make_run("r1")
    assert artifact_problem(Link("r1", "", None, "s3://mlflow/1/r1/artifacts/m"), run) == ""
    assert artifact_problem(Link("r1", "", None, f"models:/{MODEL}"), run) == (
        f"its source models:/{MODEL} does not lie under the artifact location of the run that names it "
        "(s3://mlflow/1/r1/artifacts), so its files need not be what that run produced")
    assert artifact_problem(Link("r1", "", None, "s3://x"), make_run("r1", artifacts="")) == (
        "its source s3://x does not lie under the artifact location of the run that names it ((none recorded)), so "
        "its files need not be what that run produced")


# --- the whole resolution ----------------------------------------------------------------------------------


def test_a_version_resolves_to_its_run() -> None:
    run = make_run("r1")
    mv = version("3", source="runs:/r1/model")
    mlflow3 = version("4", source=f"models:/{MODEL}", model_id=MODEL)
    backend = Backend(runs=[run], models=[logged(MODEL, "r1")], versions=[mv, mlflow3], aliases={"champion": "3"})
    for uri, expected in (("models:/churn/3", mv), ("models:/churn@champion", mv), ("models:/churn/4", mlflow3)):
        resolution = resolve(backend, parse_uri(uri))
        assert (resolution.model_version, resolution.run, resolution.unlinked) == (expected, run, "")


@pytest.mark.parametrize(("setup", "unlinked"), [
    ({"source": "s3://bucket/m"}, "model version churn/3 cannot be traced: it names no run (source s3://bucket/m)"),
    ({"source": "runs:/gone/model"}, "model version churn/3: its run gone no longer exists (deleted and purged), so "
                                     "its lineage is gone"),
    ({"source": "runs:/old/model"}, "model version churn/3: its run old is deleted, so its lineage can be purged at "
                                    "any time (`mlflow gc`); restore the run to promote it"),
    ({"source": "s3://elsewhere/m", "run_id": "r1"},
     "model version churn/3 cannot be traced: its source s3://elsewhere/m does not lie under the artifact location "
     "of the run that names it (s3://mlflow/1/r1/artifacts), so its files need not be what that run produced"),
])
def test_a_version_whose_run_cannot_be_traced_says_why(setup: dict[str, str], unlinked: str) -> None:
    mv = version("3", **setup)
    backend = Backend(runs=[make_run("r1"), make_run("old", stage="deleted")], versions=[mv])
    resolution = resolve(backend, parse_uri("models:/churn/3"))
    assert (resolution.model_version, resolution.run, resolution.unlinked) == (mv, None, unlinked)


def test_a_run_resolves_to_itself_unless_deleted() -> None:
    backend = Backend(runs=[make_run("r1"), make_run("old", stage="deleted")])
    assert resolve(backend, parse_uri("runs:/r1/model")).run is backend.runs["r1"]
    deleted = resolve(backend, parse_uri("runs:/old"))
    assert (deleted.model_version, deleted.run, deleted.unlinked) == (
        None, None, "run old is deleted, so its lineage can be purged at any time (`mlflow gc`); restore the run first")


@pytest.mark.parametrize(("model", "unlinked"), [
    (logged(MODEL, None), f"logged model {MODEL} names no source run"),
    (logged(MODEL, "gone"), f"logged model {MODEL}: its run gone no longer exists (deleted and purged), so its "
                            "lineage is gone"),
    (logged(MODEL, "r1", experiment="9"), f"logged model {MODEL} cannot be traced: its logged model {MODEL} is in "
                                          "experiment 9, but its source run r1 is in experiment 1: the model was not "
                                          "logged by that run"),
    (logged(MODEL, "r1"), ""),
])
def test_a_logged_model_resolves_to_its_source_run(model: LoggedModel, unlinked: str) -> None:
    backend = Backend(runs=[make_run("r1")], models=[model])
    resolution = resolve(backend, parse_uri(f"models:/{MODEL}"))
    run = backend.runs["r1"] if not unlinked else None
    assert (resolution.model_version, resolution.run, resolution.unlinked) == (None, run, unlinked)


@pytest.mark.parametrize(("uri", "refused"), [
    ("runs:/nope", ()), ("models:/churn/9", ()), ("models:/churn@none", ()), (f"models:/{MODEL}", ()),
    ("models:/churn/3", ("run",)),
])
def test_a_lookup_that_fails_propagates_to_the_caller(uri: str, refused: tuple[str, ...]) -> None:
    """Not found for what was asked, or any refusal: the gate cannot decide (exit 2), never a pass."""
    backend = Backend(runs=[make_run("r1")], versions=[version("3", source="runs:/r1/model")], refused=refused)
    with pytest.raises(MlflowException):
        resolve(backend, parse_uri(uri))


class Unreachable(Backend):
    """Every lookup fails as a dropped connection does: an exception with no MLflow error code."""

    def _look(self, kind: str, table: dict[Any, Any], key: Any) -> Any:
        raise ConnectionError(f"{kind} {key}: connection refused")


@pytest.mark.parametrize("mv", [version("3", model_id=MODEL), version("3", source="runs:/r1/model")],
                         ids=["logged-model", "run"])
def test_an_unreachable_backend_propagates_as_itself(mv: ModelVersion) -> None:
    """Not mistaken for a deleted model or a purged run (which would be a verdict): the caller cannot decide."""
    with pytest.raises(ConnectionError, match="connection refused"):
        version_run(Unreachable(), mv)
