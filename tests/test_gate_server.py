"""The server plugin: ``mlflow server --app-name lineage-gate`` refuses unlineaged registrations and
promotions (HTTP 403, PERMISSION_DENIED) on the REST API and the web UI's ``/ajax-api/`` alike.

One real server is started for the module, with the policy from a file named by the environment."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mlflow  # a test dependency (the `test` extra): these tests fail, never skip, without it
import pytest
from mlflow.entities import Dataset, DatasetInput, RunTag
from mlflow.exceptions import MlflowException, RestException
from mlflow.tracking import MlflowClient

from mlflow_support import COMMIT, Server, mlflow_server, post, show_log_on_failure
from mlflow_support import make_run as lineaged_or_not
from support import cli, write


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("mlflow-gate")
    # The policy file the server is told about: run-default plus a team tag.
    policy = write(folder, "policy.json", json.dumps({
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-run-default.schema.json"}],
        "properties": {"tags": {"required": ["team"]}},
    }))
    config = write(folder, "gate.toml", '[gate.aliases]\nchampion = "run-strict"\n')
    failed_before = request.session.testsfailed
    env = {"LINEAGE_LINT_GATE_POLICY": str(policy), "LINEAGE_LINT_GATE_CONFIG": str(config)}
    with mlflow_server(folder / "server", app_name="lineage-gate", env=env) as running:
        yield running
        show_log_on_failure(request, running, failed_before)


@pytest.fixture(scope="module")
def client(server: Server) -> Any:
    return MlflowClient(tracking_uri=server.uri, registry_uri=server.uri)


def make_run(client: Any, lineage: bool) -> str:
    return lineaged_or_not(client, lineage, tags={"team": "churn"})  # the team tag the server's policy wants


def logged_model(client: Any, run_id: str) -> str:
    model_id: str = client.create_logged_model(experiment_id="0", name="model", source_run_id=run_id).model_id
    return model_id


def behind_the_server(server: Server) -> Any:
    """The server's tracking store opened directly on its database: writes the plugin cannot see."""
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    return SqlAlchemyStore(f"sqlite:///{server.folder / 'mlflow.db'}", str(server.folder / "artifacts"))


def ensure_model(client: Any, name: str) -> None:
    """A registered model with a description: not an empty shell, so a refused version never removes it."""
    with contextlib.suppress(MlflowException):  # the model exists already
        client.create_registered_model(name, description="a model of the tests")


def test_registering_an_unlineaged_run_is_refused(client: Any) -> None:
    ensure_model(client, "churn")
    model_id = logged_model(client, make_run(client, lineage=False))
    with pytest.raises(RestException) as refused:
        client.create_model_version("churn", f"models:/{model_id}", model_id=model_id, await_creation_for=0)
    assert refused.value.error_code == "PERMISSION_DENIED"
    message = refused.value.message
    assert "lineage-lint refused registering a version of churn" in message
    assert "LL101" in message and "LL204" in message and "LL301" in message and "LL306" in message
    assert client.search_model_versions("name = 'churn'") == []


def test_registering_a_lineaged_run_is_accepted(client: Any) -> None:
    ensure_model(client, "churn-ok")
    run_id = make_run(client, lineage=True)
    model_id = logged_model(client, run_id)
    version = client.create_model_version("churn-ok", f"models:/{model_id}", model_id=model_id,
                                          await_creation_for=0)
    assert version.run_id == run_id
    legacy = client.create_model_version("churn-ok", f"runs:/{run_id}/model", run_id=run_id, await_creation_for=0)
    assert legacy.version == "2" or str(legacy.version) == "2"


def test_a_version_without_any_run_is_refused(client: Any) -> None:
    ensure_model(client, "bare")
    with pytest.raises(RestException) as refused:
        client.create_model_version("bare", "s3://bucket/model", await_creation_for=0)
    assert refused.value.error_code == "PERMISSION_DENIED"
    assert "names no run" in refused.value.message


@pytest.mark.filterwarnings("ignore:.*transition_model_version_stage.*:FutureWarning")
def test_alias_and_stage_moves_are_judged_again(server: Server, client: Any) -> None:
    """Each alias brings its own policy (@champion: run-strict, which wants CI and a clean tree), and a
    version whose logged model was deleted since cannot move into service."""
    ensure_model(client, "moving")
    run_id = make_run(client, lineage=True)
    model_id = logged_model(client, run_id)
    version = client.create_model_version("moving", f"models:/{model_id}", model_id=model_id, await_creation_for=0)
    client.set_registered_model_alias("moving", "challenger", version.version)  # run-default: accepted
    with pytest.raises(RestException) as refused:
        client.set_registered_model_alias("moving", "champion", version.version)
    assert refused.value.error_code == "PERMISSION_DENIED"
    message = refused.value.message
    assert "moving moving version 1 to @champion" in message and "under policy run-strict" in message
    assert "LL302" in message or "LL303" in message, message  # the CI trigger and job URL run-strict wants
    with pytest.raises(RestException, match="the logged model backs registered model moving version 1"):
        client.delete_logged_model(model_id)  # the server keeps what a version stands on
    behind_the_server(server).delete_logged_model(model_id)  # a direct database write: the version's lineage goes
    with pytest.raises(RestException, match=f"its logged model {model_id} no longer exists"):
        client.transition_model_version_stage("moving", version.version, "Production")
    archived = client.transition_model_version_stage("moving", version.version, "Archived")  # out of service: allowed
    assert archived.current_stage == "Archived"
    assert client.get_model_version_by_alias("moving", "challenger").version == version.version


def test_the_lineage_of_a_registered_run_cannot_be_edited(client: Any) -> None:
    """Once a version stands on a run, its lineage fields are frozen and it cannot be deleted; other fields,
    and runs that back nothing, stay editable."""
    ensure_model(client, "frozen")
    run_id = make_run(client, lineage=True)
    model_id = logged_model(client, run_id)
    client.create_model_version("frozen", f"models:/{model_id}", model_id=model_id, await_creation_for=0)
    dataset = Dataset("acme/other", "whatever", "lineage-lint", json.dumps({"uri": "acme/other"}))
    edits = [
        lambda: client.set_tag(run_id, "mlflow.source.git.commit", "0000000"),
        lambda: client.delete_tag(run_id, "mlflow.source.git.commit"),
        lambda: client.delete_tag(run_id, "team"),  # a tag the server's policy requires
        lambda: client.log_param(run_id, "trainer.seed", "1"),
        lambda: client.set_tag(run_id, "dataset_version.acme/reviews", "latest"),
        lambda: client.set_tag(run_id, "lineage.git_dirty", "true"),
        lambda: client.log_batch(run_id, tags=[RunTag("note", "fine"), RunTag("Seed", "7")]),
        # where a database compares keys ignoring case and accents (MySQL's default), these overwrite the commit
        lambda: client.set_tag(run_id, "Mlflow.Source.Gít.Commit", "0000000"),
        lambda: client.set_tag(run_id, "ｍｌｆｌｏｗ.source.git.commit", "0000000"),
        lambda: client.delete_tag(run_id, "Téam"),
        lambda: client.log_inputs(run_id, datasets=[DatasetInput(dataset, [])]),
        lambda: client.delete_run(run_id),
    ]
    for edit in edits:
        with pytest.raises(RestException) as refused:
            edit()
        assert refused.value.error_code == "PERMISSION_DENIED"
        assert "the run backs registered model frozen version 1" in refused.value.message
    run = client.get_run(run_id)
    assert run.data.tags["mlflow.source.git.commit"] == COMMIT and run.data.tags["team"] == "churn"
    assert "trainer.seed" not in run.data.params and "Seed" not in run.data.tags and "note" not in run.data.tags
    assert run.info.lifecycle_stage == "active" and len(run.inputs.dataset_inputs) == 1
    client.set_tag(run_id, "note", "fine")  # not lineage
    client.log_metric(run_id, "auc", 0.9)
    free = make_run(client, lineage=False)  # backs nothing: a run is edited freely until it is registered
    client.set_tag(free, "mlflow.source.git.commit", COMMIT)
    client.delete_run(free)


def test_files_from_anywhere_under_a_lineaged_runs_id_are_refused(server: Server, client: Any) -> None:
    ensure_model(client, "elsewhere")
    run_id = make_run(client, lineage=True)
    for source in ("s3://other-bucket/model", "gs://x/evil"):
        status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                             {"name": "elsewhere", "source": source, "run_id": run_id})
        assert status == 403, body
        assert f"its source {source} does not lie under the artifact location" in body["message"]
    other = client.create_experiment("elsewhere")
    foreign = client.create_logged_model(experiment_id=other, name="model", source_run_id=run_id).model_id
    with pytest.raises(RestException) as refused:
        client.create_model_version("elsewhere", f"models:/{foreign}", model_id=foreign, await_creation_for=0)
    assert f"its logged model {foreign} is in experiment {other}" in refused.value.message
    assert client.search_model_versions("name = 'elsewhere'") == []
    inside = client.create_model_version("elsewhere", f"{client.get_run(run_id).info.artifact_uri}/model",
                                         run_id=run_id, await_creation_for=0)
    assert inside.run_id == run_id


def test_a_refused_register_model_creates_nothing(server: Server, client: Any) -> None:
    mlflow.set_tracking_uri(server.uri)
    model_id = logged_model(client, make_run(client, lineage=False))
    with pytest.raises(RestException, match="LL101") as refused:
        mlflow.register_model(f"models:/{model_id}", "never-made")
    assert "the empty registered model never-made created for it was removed" in refused.value.message
    with pytest.raises(MlflowException, match="not found"):
        client.get_registered_model("never-made")
    client.create_registered_model("kept")  # a model with versions is never removed
    lineaged = logged_model(client, make_run(client, lineage=True))
    client.create_model_version("kept", f"models:/{lineaged}", model_id=lineaged, await_creation_for=0)
    with pytest.raises(RestException) as refused:
        client.create_model_version("kept", f"models:/{model_id}", model_id=model_id, await_creation_for=0)
    assert "removed" not in refused.value.message
    assert len(client.search_model_versions("name = 'kept'")) == 1




def test_the_web_ui_paths_are_guarded_too(server: Server, client: Any) -> None:
    ensure_model(client, "from-ui")
    model_id = logged_model(client, make_run(client, lineage=False))
    status, body = post(server, "/ajax-api/2.0/mlflow/model-versions/create",
                         {"name": "from-ui", "source": f"models:/{model_id}", "model_id": model_id})
    assert status == 403
    assert body["error_code"] == "PERMISSION_DENIED" and "LL101" in body["message"]
    status, body = post(server, "/ajax-api/2.0/mlflow/model-versions/create", ["not", "an", "object"])
    assert status == 403 and "cannot be judged" in body["message"]


def test_a_run_id_contradicting_the_logged_model_is_refused(server: Server, client: Any) -> None:
    """The client names a lineaged run, the artifacts are an unlineaged run's logged model: refused, in either
    of the spellings MLflow accepts (``model_id`` and protobuf's ``modelId``)."""
    ensure_model(client, "claimed")
    lineaged = make_run(client, lineage=True)
    unlineaged_model = logged_model(client, make_run(client, lineage=False))
    for key in ("model_id", "modelId"):
        status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                             {"name": "claimed", "source": f"models:/{unlineaged_model}", "run_id": lineaged,
                              key: unlineaged_model})
        assert status == 403, body
        assert f"its run_id {lineaged} is not the run that produced its artifacts" in body["message"]
    status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                         {"name": "claimed", "source": "s3://bucket/model", "run_id": lineaged, "runId": lineaged})
    assert status == 403 and "both `run_id` and `runId`" in body["message"]
    assert client.search_model_versions("name = 'claimed'") == []
    lineaged_model = logged_model(client, lineaged)
    accepted = client.create_model_version("claimed", f"models:/{lineaged_model}", model_id=lineaged_model,
                                           run_id=lineaged, await_creation_for=0)
    assert accepted.run_id == lineaged


def test_the_prompt_tag_does_not_let_a_model_through(server: Server, client: Any) -> None:
    ensure_model(client, "disguised")
    unlineaged_model = logged_model(client, make_run(client, lineage=False))
    status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                         {"name": "disguised", "source": f"models:/{unlineaged_model}", "model_id": unlineaged_model,
                          "tags": [{"key": "mlflow.prompt.is_prompt", "value": "true"}]})
    assert status == 403 and "LL101" in body["message"]
    # The prompt placeholder with the prompt tag, in an ordinary registered model: not a prompt, refused.
    status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                         {"name": "disguised", "source": "dummy-source",
                          "tags": [{"key": "mlflow.prompt.is_prompt", "value": "true"}]})
    assert status == 403 and "names no run" in body["message"], body
    assert client.search_model_versions("name = 'disguised'") == []
    # Nor can an ordinary model be turned into a prompt (or a prompt into a model) after it was created.
    for change in (lambda: client.set_registered_model_tag("disguised", "mlflow.prompt.is_prompt", "true"),
                   lambda: client.delete_registered_model_tag("disguised", "mlflow.prompt.is_prompt")):
        with pytest.raises(RestException) as refused:
            change()
        assert "whether a registered model holds prompts is decided when it is created" in refused.value.message
    # A model version tagged as a prompt afterwards is still judged.
    run_id = make_run(client, lineage=True)
    model_id = logged_model(client, run_id)
    version = client.create_model_version("disguised", f"models:/{model_id}", model_id=model_id, await_creation_for=0)
    client.set_model_version_tag("disguised", version.version, "mlflow.prompt.is_prompt", "true")
    behind_the_server(server).delete_logged_model(model_id)
    status, body = post(server, "/api/2.0/mlflow/registered-models/alias",
                         {"name": "disguised", "alias": "champion", "version": str(version.version)})
    assert status == 403 and body["error_code"] == "PERMISSION_DENIED" and "no longer exists" in body["message"], body


def test_bad_bodies_are_refused_not_errors(server: Server, client: Any) -> None:
    for path in ("/api/2.0/mlflow/model-versions/create", "/api/2.0/mlflow/registered-models/alias",
                 "/ajax-api/2.0/mlflow/model-versions/transition-stage"):
        request = urllib.request.Request(f"{server.uri}{path}", data=b"{not json", method="POST",
                                         headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403, path
        status, body = post(server, path, {"stage": "Production"})  # no name, no version
        assert status == 403 and body["error_code"] == "PERMISSION_DENIED", (path, body)
    # A body JSON-encoded twice (old clients): MLflow decodes it again, so it is judged, not let through.
    ensure_model(client, "twice")
    model_id = logged_model(client, make_run(client, lineage=False))
    status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                         json.dumps({"name": "twice", "source": f"models:/{model_id}", "model_id": model_id}))
    assert status == 403 and "LL101" in body["message"]
    assert client.search_model_versions("name = 'twice'") == []


def test_cli_register_refused_by_the_server_leaves_nothing_behind(server: Server, client: Any,
                                                                   tmp_path: Path) -> None:
    """run-default passes the run, the server's policy (which also wants a `team` tag) refuses it: the
    command could not act (exit 2) and the registered model it created for the version is gone again."""
    run_id = make_run(client, lineage=True)
    client.delete_tag(run_id, "team")
    logged_model(client, run_id)
    outcome = cli(tmp_path, "register", f"runs:/{run_id}", "--name", "never-created", "--tracking-uri", server.uri,
                  "--no-consistency")
    assert outcome.code == 2, outcome.out + outcome.err
    assert "refused access" in outcome.err and "LL306" in outcome.err
    with pytest.raises(MlflowException, match="not found"):
        client.get_registered_model("never-created")


def test_prompts_pass_untouched(server: Server) -> None:
    """MLflow stores prompts as model versions without a run: they are not models, the gate lets them be."""
    mlflow.set_tracking_uri(server.uri)
    prompt = mlflow.genai.register_prompt(name="greeting", template="Hello {{name}}")
    assert prompt.version == 1
    mlflow.genai.set_prompt_alias("greeting", alias="production", version=1)
    assert mlflow.genai.load_prompt("prompts:/greeting@production").template == "Hello {{name}}"


def test_reads_are_not_judged(server: Server, client: Any) -> None:
    status, _ = post(server, "/api/2.0/mlflow/registered-models/create", {"name": "plain-create"})
    assert status == 200
    assert client.get_registered_model("plain-create").name == "plain-create"


def test_the_policy_in_force_is_logged_at_start(server: Server) -> None:
    started = [line for line in server.log.read_text().splitlines() if line.startswith("lineage-lint gate: policy")]
    assert started, server.log.read_text()[-3000:]
    assert "policy.json (sha256 " in started[0] and "aliases: @champion -> run-strict" in started[0]
    assert "gate.toml" in started[0]


BAD_SETTINGS = [({"LINEAGE_LINT_GATE_POLICY": "{bad}"}, "not valid JSON"),
                ({"LINEAGE_LINT_GATE_POLICY": "run-strictest"}, "neither one of the gate's presets (run-default, "
                                                                "run-strict)"),
                ({"LINEAGE_LINT_GATE_CONFIG": "missing.toml"}, "missing.toml")]


@pytest.mark.parametrize("options", [(), ("--gunicorn-opts=--timeout 60",)], ids=["uvicorn", "gunicorn"])
@pytest.mark.parametrize(("settings", "says"), BAD_SETTINGS, ids=["bad-json", "unknown-preset", "missing-config"])
def test_bad_settings_stop_the_server_with_one_line(tmp_path: Path, options: tuple[str, ...],
                                                    settings: dict[str, str], says: str) -> None:
    """`mlflow server` itself exits (status 2) before any worker starts, under uvicorn and gunicorn alike."""
    env = dict(settings)
    if env.get("LINEAGE_LINT_GATE_POLICY") == "{bad}":
        env["LINEAGE_LINT_GATE_POLICY"] = str(write(tmp_path, "policy.json", "{not json"))
    with pytest.raises(RuntimeError, match="mlflow server exited with 2") as stopped, \
            mlflow_server(tmp_path / "server", app_name="lineage-gate", env=env, workers=2, options=options):
        pass
    lines = [line for line in (tmp_path / "server" / "server.log").read_text().splitlines()
             if line.startswith("lineage-lint:")]
    assert len(lines) == 1, stopped.value
    assert lines[0].startswith("lineage-lint: the gate cannot start, so the server does not: ") and says in lines[0]
    assert "run-default or run-strict" in lines[0]
    assert "Traceback" not in (tmp_path / "server" / "server.log").read_text()
