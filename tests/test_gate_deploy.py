"""The gate as a real deployment runs it: with MLflow's basic-auth (the ``lineage-gate-auth`` app, real users),
on PostgreSQL, under uvicorn with several workers and under gunicorn, and through faults (the database
going away mid-request, a run deleted between two checks, a worker killed). Never a pass by accident.

PostgreSQL comes from Debian's ``postgresql`` package; without it these tests skip, except under ``CI=true``,
where they fail (``.ci/run`` installs it)."""

from __future__ import annotations

import base64
import os
import secrets
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mlflow.exceptions import MlflowException, RestException
from mlflow.tracking import MlflowClient

from mlflow_support import (
    Postgres,
    Server,
    children,
    make_run,
    mlflow_server,
    post,
    postgres,
    postgres_missing,
    show_log_on_failure,
)
from support import cli, require_part

KEPT = "a model of the tests"  # a description: not an empty shell, so a refused version never removes it


def logged_model(client: Any, run_id: str, experiment: str = "0") -> str:
    model_id: str = client.create_logged_model(experiment_id=experiment, name="model", source_run_id=run_id).model_id
    return model_id


# --- with authentication: basic-auth's users and permissions, and the gate -----------------------------

ADMIN_PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("mlflow-auth")
    config = folder / "basic_auth.ini"
    config.write_text(f"[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///{folder / 'auth.db'}\n"
                      "admin_username = admin\nauthorization_function = "
                      "mlflow.server.auth:authenticate_request_basic_auth\n")
    env = {"MLFLOW_AUTH_CONFIG_PATH": str(config), "MLFLOW_FLASK_SERVER_SECRET_KEY": secrets.token_hex(16),
           "MLFLOW_AUTH_ADMIN_PASSWORD": ADMIN_PASSWORD}
    failed_before = request.session.testsfailed
    with mlflow_server(folder / "server", app_name="lineage-gate-auth", env=env) as running:
        yield running
        show_log_on_failure(request, running, failed_before)


def _as(server: Server, user: str, password: str) -> Any:
    uri = server.uri.replace("http://", f"http://{user}:{password}@")
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def test_basic_auth_and_the_gate_in_one_server(auth_server: Server) -> None:
    """A reader cannot register (basic-auth refuses), a writer cannot register an unlineaged run (the gate
    refuses), and the writer's lineaged run is registered."""
    from mlflow.server.auth.client import AuthServiceClient

    users = AuthServiceClient(auth_server.uri.replace("http://", f"http://admin:{ADMIN_PASSWORD}@"))
    passwords = {user: secrets.token_urlsafe(12) for user in ("reader", "writer")}
    for user, password in passwords.items():
        users.create_user(user, password)
    admin = _as(auth_server, "admin", ADMIN_PASSWORD)
    admin.create_registered_model("guarded", description=KEPT)
    users.grant_user_permission("writer", "registered_model", "guarded", "EDIT")
    users.grant_user_permission("writer", "experiment", "0", "EDIT")
    writer = _as(auth_server, "writer", passwords["writer"])
    reader = _as(auth_server, "reader", passwords["reader"])
    lineaged = logged_model(writer, make_run(writer, lineage=True))
    unlineaged = logged_model(writer, make_run(writer, lineage=False))

    with pytest.raises(MlflowException, match="error code 403") as denied:  # basic-auth's plain-text 403
        reader.create_model_version("guarded", f"models:/{lineaged}", model_id=lineaged, await_creation_for=0)
    assert "Permission denied" in denied.value.message and "lineage-lint" not in denied.value.message
    with pytest.raises(RestException) as refused:
        writer.create_model_version("guarded", f"models:/{unlineaged}", model_id=unlineaged, await_creation_for=0)
    assert refused.value.error_code == "PERMISSION_DENIED"
    assert "lineage-lint refused registering a version of guarded" in refused.value.message
    assert "LL101" in refused.value.message
    version = writer.create_model_version("guarded", f"models:/{lineaged}", model_id=lineaged, await_creation_for=0)
    assert str(version.version) == "1"
    with pytest.raises(MlflowException, match="error code 403"):
        reader.set_registered_model_alias("guarded", "champion", "1")
    writer.set_registered_model_alias("guarded", "champion", "1")
    assert [str(v.version) for v in admin.search_model_versions("name = 'guarded'")] == ["1"]
    with pytest.raises(MlflowException):  # no credentials: basic-auth answers 401 before anything else
        MlflowClient(tracking_uri=auth_server.uri).search_registered_models()


def test_basic_auth_decides_first_on_the_routes_the_freeze_guards(auth_server: Server) -> None:
    """On the routes the plugin guards beyond model moves (a logged model's deletion, an upload through the
    artifact proxy, an experiment's deletion), basic-auth's permissions still come first: a reader is refused
    by basic-auth (its plain-text 403), a writer by the gate when a version stands on what it touches."""
    from mlflow.server.auth.client import AuthServiceClient

    users = AuthServiceClient(auth_server.uri.replace("http://", f"http://admin:{ADMIN_PASSWORD}@"))
    passwords = {user: secrets.token_urlsafe(12) for user in ("reader2", "writer2")}
    for user, password in passwords.items():
        users.create_user(user, password)
    admin = _as(auth_server, "admin", ADMIN_PASSWORD)
    experiment = admin.create_experiment("frozen-under-auth")
    admin.create_registered_model("frozen-auth", description=KEPT)
    users.grant_user_permission("writer2", "registered_model", "frozen-auth", "EDIT")
    users.grant_user_permission("writer2", "experiment", experiment, "MANAGE")
    writer = _as(auth_server, "writer2", passwords["writer2"])
    reader = _as(auth_server, "reader2", passwords["reader2"])
    model = writer.create_logged_model(experiment_id=experiment, name="model",
                                       source_run_id=make_run(writer, lineage=True, experiment=experiment))
    writer.create_model_version("frozen-auth", f"models:/{model.model_id}", model_id=model.model_id,
                                await_creation_for=0)
    folder = model.artifact_location.split("mlflow-artifacts:/", 1)[1].lstrip("/")

    def put(user: str) -> tuple[int, str]:
        request = urllib.request.Request(f"{auth_server.uri}/api/2.0/mlflow-artifacts/artifacts/{folder}/model.pkl",
                                         data=b"swapped", method="PUT")
        token = base64.b64encode(f"{user}:{passwords[user]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    status, body = put("reader2")
    assert status == 403 and "lineage-lint" not in body, body  # basic-auth's answer
    status, body = put("writer2")
    assert status == 403 and "the files are those of registered model frozen-auth version 1" in body, body
    for change in (lambda: reader.delete_logged_model(model.model_id), lambda: reader.delete_experiment(experiment)):
        with pytest.raises(MlflowException, match="error code 403") as denied:
            change()
        assert "lineage-lint" not in denied.value.message
    with pytest.raises(RestException, match="the logged model backs registered model frozen-auth version 1"):
        writer.delete_logged_model(model.model_id)
    with pytest.raises(RestException, match="of the experiment backs registered model frozen-auth version 1"):
        writer.delete_experiment(experiment)
    assert admin.get_experiment(experiment).lifecycle_stage == "active"


@pytest.mark.parametrize("where", ["variables", "tracking URI", "none", "wrong password"])
def test_the_gate_reads_through_basic_auth(auth_server: Server, tmp_path: Path, asked_by: str, where: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only user's credentials, as MLflow's client takes them, let either client read what the gate needs;
    without them, or with a wrong password, it is exit 2, refused."""
    from mlflow.server.auth.client import AuthServiceClient

    admin_uri = auth_server.uri.replace("http://", f"http://admin:{ADMIN_PASSWORD}@")
    user, password = f"viewer-{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    AuthServiceClient(admin_uri).create_user(user, password)  # default_permission READ
    name = f"audited-{secrets.token_hex(4)}"
    admin = _as(auth_server, "admin", ADMIN_PASSWORD)
    admin.create_registered_model(name, description=KEPT)
    model_id = logged_model(admin, make_run(admin, lineage=True))
    admin.create_model_version(name, f"models:/{model_id}", model_id=model_id, await_creation_for=0)
    uri = auth_server.uri
    for variable in ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.mlflow/credentials, no ~/.netrc
    if where == "variables":
        monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", user)
        monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)
    elif where == "tracking URI":
        uri = uri.replace("http://", f"http://{user}:{password}@")
    elif where == "wrong password":
        uri = uri.replace("http://", f"http://{user}:not-{password}@")
    outcome = cli(tmp_path, "gate", f"models:/{name}/1", "--tracking-uri", uri, "--retries", "0")
    if where in ("variables", "tracking URI"):
        assert outcome.code == 0, outcome.out + outcome.err
        return
    assert outcome.code == 2
    assert "refused access" in outcome.err and password not in outcome.err


# --- PostgreSQL, several uvicorn workers, gunicorn, and faults ------------------------------------------


@pytest.fixture(scope="module")
def pg() -> Iterator[Postgres]:
    missing = postgres_missing()
    require_part("PostgreSQL", not missing, f"{missing} (.ci/run installs it)")
    with postgres() as running:
        yield running


@pytest.fixture(scope="module")
def pg_server(pg: Postgres, tmp_path_factory: pytest.TempPathFactory,
              request: pytest.FixtureRequest) -> Iterator[Server]:
    failed_before = request.session.testsfailed
    with mlflow_server(tmp_path_factory.mktemp("mlflow-pg"), app_name="lineage-gate", backend=pg.uri,
                       workers=2) as running:
        yield running
        show_log_on_failure(request, running, failed_before)


def _client(server: Server) -> Any:
    return MlflowClient(tracking_uri=server.uri, registry_uri=server.uri)


def _register(client: Any, name: str, model_id: str) -> Any:
    return client.create_model_version(name, f"models:/{model_id}", model_id=model_id, await_creation_for=0)


@pytest.mark.postgres
def test_on_postgresql_with_several_uvicorn_workers(pg_server: Server) -> None:
    client = _client(pg_server)
    client.create_registered_model("pg-churn", description=KEPT)
    workers = children(next(iter(children(pg_server.pid)), pg_server.pid))
    assert len(workers) >= 2, workers  # the uvicorn supervisor's workers
    for _ in range(6):  # requests spread over the workers: each one judges the same way
        with pytest.raises(RestException, match="LL101"):
            _register(client, "pg-churn", logged_model(client, make_run(client, lineage=False)))
        _register(client, "pg-churn", logged_model(client, make_run(client, lineage=True)))
    assert len(client.search_model_versions("name = 'pg-churn'")) == 6


@pytest.mark.postgres
def test_the_database_going_away_refuses_and_writes_nothing(pg: Postgres, pg_server: Server) -> None:
    """While the database is gone a request is refused, fails, or waits for it (MLflow retries opening its
    engine for about a minute in a worker that has none yet), and is judged when it comes back: an unlineaged
    version is never created, a lineaged one is created whole or not at all."""
    client = _client(pg_server)
    client.create_registered_model("pg-outage", description=KEPT)
    lineaged = logged_model(client, make_run(client, lineage=True))
    unlineaged = logged_model(client, make_run(client, lineage=False))
    pg.stop()
    try:
        for model_id in (unlineaged, lineaged):
            status, body = post(pg_server, "/api/2.0/mlflow/model-versions/create",
                                 {"name": "pg-outage", "source": f"models:/{model_id}", "model_id": model_id},
                                 timeout=20)
            # refused, failed, or no answer while the database is gone (0: the client gave up)
            assert status in (0, 403, 500, 503), (status, body)
            if status == 403:
                assert "could not judge the request, so it is refused" in body["message"]
    finally:
        pg.start()
    deadline = time.monotonic() + 90
    while True:  # the workers' connection pools reconnect
        try:
            version = _register(client, "pg-outage", lineaged)
            break
        except MlflowException:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    time.sleep(5)  # a request that waited for the database has been judged by now
    versions = client.search_model_versions("name = 'pg-outage'")
    assert str(version.version) in {str(v.version) for v in versions} and len(versions) <= 2
    assert all(v.source == f"models:/{lineaged}" and v.run_id for v in versions), versions  # never the unlineaged


@pytest.mark.postgres
def test_a_run_deleted_between_two_checks_is_refused(pg_server: Server, tmp_path: Path) -> None:
    client = _client(pg_server)
    run_id = make_run(client, lineage=True)
    logged_model(client, run_id)
    assert cli(tmp_path, "gate", f"runs:/{run_id}", "--tracking-uri", pg_server.uri).code == 0  # first check
    client.delete_run(run_id)  # it backs no version yet, so it may be deleted
    outcome = cli(tmp_path, "register", f"runs:/{run_id}", "--name", "pg-deleted", "--tracking-uri", pg_server.uri,
                  "--no-consistency")
    assert outcome.code == 1 and f"run {run_id} is deleted" in outcome.out, outcome.out + outcome.err
    with pytest.raises(MlflowException, match="not found"):
        client.get_registered_model("pg-deleted")


@pytest.mark.postgres
def test_a_killed_worker_never_lets_a_version_through(pg_server: Server) -> None:
    client = _client(pg_server)
    client.create_registered_model("pg-killed", description=KEPT)
    supervisor = next(iter(children(pg_server.pid)), pg_server.pid)
    victim = children(supervisor)[0]
    unlineaged = logged_model(client, make_run(client, lineage=False))
    lineaged = logged_model(client, make_run(client, lineage=True))
    os.kill(victim, signal.SIGKILL)
    outcomes = []
    for _ in range(10):  # while the supervisor replaces it: refused, failed or retried, never accepted
        status, _ = post(pg_server, "/api/2.0/mlflow/model-versions/create",
                          {"name": "pg-killed", "source": f"models:/{unlineaged}", "model_id": unlineaged})
        outcomes.append(status)
    assert 200 not in outcomes, outcomes
    assert str(_register(client, "pg-killed", lineaged).version) == "1"
    assert len(client.search_model_versions("name = 'pg-killed'")) == 1


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:.*transition_model_version_stage.*:FutureWarning")
def test_under_gunicorn(pg: Postgres, tmp_path: Path) -> None:
    with mlflow_server(tmp_path / "server", app_name="lineage-gate", backend=pg.uri, workers=2,
                       options=["--gunicorn-opts=--timeout 120"]) as server:
        client = _client(server)
        client.create_registered_model("gunicorn-churn", description=KEPT)
        with pytest.raises(RestException, match="LL101"):
            _register(client, "gunicorn-churn", logged_model(client, make_run(client, lineage=False)))
        version = _register(client, "gunicorn-churn", logged_model(client, make_run(client, lineage=True)))
        client.set_registered_model_alias("gunicorn-churn", "champion", version.version)
        assert "lineage-lint gate: policy run-default" in server.log.read_text()
        # Under gunicorn the artifact proxy's upload is Flask's route (under uvicorn, FastAPI's): guarded too.
        folder = client.get_logged_model(version.source.split("/")[-1]).artifact_location.split(":/", 1)[1]
        request = urllib.request.Request(f"{server.uri}/api/2.0/mlflow-artifacts/artifacts/{folder.lstrip('/')}/x",
                                         data=b"swapped", method="PUT")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=60)
        assert refused.value.code == 403 and b"the files are those of" in refused.value.read()

