"""Ways around the server plugin, each tried against a real ``mlflow server --app-name lineage-gate``
(SQLite, uvicorn, the artifact proxy on): what stands under a registered version cannot change (its files,
its logged model, its experiment), an in-service version keeps its description, an alias's policy holds
whatever its case, copies are judged by what they copy, and requests spelled oddly are refused or never reach
a handler. The freeze of a run's own fields is tested in ``test_gate_server.py``."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from mlflow.exceptions import MlflowException, RestException
from mlflow.tracking import MlflowClient

from mlflow_support import Server, make_run, mlflow_server, post, show_log_on_failure
from support import write

ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts"
FROZEN = "registered model"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("mlflow-ways")
    config = write(folder, "gate.toml", '[gate]\nrequire-description = true\n[gate.aliases]\nchampion = "run-strict"\n')
    failed_before = request.session.testsfailed
    with mlflow_server(folder / "server", app_name="lineage-gate", env={"LINEAGE_LINT_GATE_CONFIG": str(config)}) \
            as running:
        yield running
        show_log_on_failure(request, running, failed_before)


@pytest.fixture(scope="module")
def client(server: Server) -> Any:
    return MlflowClient(tracking_uri=server.uri, registry_uri=server.uri)


def registered(client: Any, name: str, experiment: str = "0") -> tuple[str, str, Any]:
    """A lineaged run, its logged model (with a file in it), and a version of ``name`` registered from it."""
    run_id = make_run(client, lineage=True, experiment=experiment)
    model = client.create_logged_model(experiment_id=experiment, name="model", source_run_id=run_id)
    with contextlib.suppress(MlflowException):
        client.create_registered_model(name, description="kept")
    version = client.create_model_version(name, f"models:/{model.model_id}", model_id=model.model_id,
                                          description="the churn model", await_creation_for=0)
    return run_id, model.artifact_location, version


def registered_from_folder(client: Any, name: str) -> tuple[str, str]:
    """A lineaged run and a version of ``name`` registered from its ``model`` folder: (run id, artifact URI)."""
    run_id = make_run(client, lineage=True)
    artifact_uri = client.get_run(run_id).info.artifact_uri
    with contextlib.suppress(MlflowException):
        client.create_registered_model(name, description="kept")
    client.create_model_version(name, f"{artifact_uri}/model", run_id=run_id, description="d", await_creation_for=0)
    return run_id, artifact_uri


def proxied(location: str) -> str:
    """``mlflow-artifacts:/0/models/m-1/artifacts`` -> ``0/models/m-1/artifacts`` (the proxy's path)."""
    assert location.startswith("mlflow-artifacts:/"), location
    return location[len("mlflow-artifacts:/"):].lstrip("/")


def send(server: Server, method: str, path: str, data: bytes = b"",
         headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(f"{server.uri}{path}", data=data if method != "GET" else None, method=method,
                                     headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def test_a_registered_versions_files_cannot_be_replaced_or_deleted(server: Server, client: Any) -> None:
    """Through the artifact proxy (FastAPI's upload route under uvicorn, Flask's delete and multipart routes,
    the ajax twins, odd spellings of the path): refused inside the version's files, allowed beside them."""
    run_id, location, _ = registered(client, "files")
    folder = proxied(location)
    assert send(server, "PUT", f"{ARTIFACTS}/{folder}/model.pkl", b"trained")[0] == 403  # frozen from the start
    run_folder = proxied(client.get_run(run_id).info.artifact_uri)
    for path in (f"{ARTIFACTS}/{folder}/model.pkl", f"/ajax-api/2.0/mlflow-artifacts/artifacts/{folder}/MLmodel",
                 f"{ARTIFACTS}/{folder.replace('/models/', '//models/./')}/model.pkl",
                 f"{ARTIFACTS}/{folder.replace('/artifacts', '%2Fartifacts')}/model.pkl"):
        status, body = send(server, "PUT", path, b"not what was trained")
        assert status == 403, (path, body)
        assert "lineage-lint refused writing artifacts at" in body
        assert "the files are those of registered model files version 1" in body
    for path in (f"{ARTIFACTS}/{folder}/model.pkl", f"{ARTIFACTS}/{folder}", f"{ARTIFACTS}/{folder.split('/')[0]}"):
        status, body = send(server, "DELETE", path)
        assert status == 403 and "lineage-lint refused deleting artifacts at" in body, (path, body)
    status, body = post(server, f"/api/2.0/mlflow-artifacts/mpu/create/{folder}", {"path": "model.pkl",
                                                                                     "num_parts": 1})
    assert status == 403 and FROZEN in body["message"], body
    model_id = folder.split("/")[2]
    status, body = post(server, "/api/2.0/mlflow/artifacts/presigned-upload-url", {"model_id": model_id, "path": "x"})
    assert status == 403 and FROZEN in body["message"], body
    # Beside the version's files: the run's own folder (plots, evaluation) and runs no version stands on.
    assert send(server, "PUT", f"{ARTIFACTS}/{run_folder}/plots/roc.png", b"png")[0] == 200
    free = proxied(client.get_run(make_run(client, lineage=False)).info.artifact_uri)
    assert send(server, "PUT", f"{ARTIFACTS}/{free}/model/model.pkl", b"anything")[0] == 200
    assert send(server, "DELETE", f"{ARTIFACTS}/{free}/model")[0] == 200


def test_files_of_a_version_registered_from_a_run_folder_are_frozen(server: Server, client: Any) -> None:
    _, artifact_uri = registered_from_folder(client, "from-folder")
    folder = proxied(artifact_uri)
    assert send(server, "PUT", f"{ARTIFACTS}/{folder}/model/model.pkl", b"swapped")[0] == 403
    assert send(server, "DELETE", f"{ARTIFACTS}/{folder}")[0] == 403
    assert send(server, "PUT", f"{ARTIFACTS}/{folder}/eval/report.json", b"{}")[0] == 200


def test_a_logged_model_or_experiment_under_a_version_cannot_be_deleted(server: Server, client: Any) -> None:
    experiment = client.create_experiment("under-a-version")
    run_id, location, _ = registered(client, "under", experiment=experiment)
    model_id = proxied(location).split("/")[2]
    with pytest.raises(RestException, match="the logged model backs registered model under version 1"):
        client.delete_logged_model(model_id)
    with pytest.raises(RestException, match="a run or logged model of the experiment backs registered model under"):
        client.delete_experiment(experiment)
    assert client.get_experiment(experiment).lifecycle_stage == "active"
    assert client.get_run(run_id).info.lifecycle_stage == "active"
    assert client.get_logged_model(model_id).model_id == model_id
    # Nothing stands on these: deleted freely.
    spare = client.create_experiment("nothing-registered")
    free_model = client.create_logged_model(experiment_id=spare, name="m",
                                            source_run_id=make_run(client, True, spare))
    client.delete_logged_model(free_model.model_id)
    client.delete_experiment(spare)
    assert client.get_experiment(spare).lifecycle_stage == "deleted"


def test_an_in_service_version_keeps_a_required_description(server: Server, client: Any) -> None:
    _, _, version = registered(client, "described")
    client.update_model_version("described", version.version, description="")  # not in service yet: free
    with pytest.raises(RestException, match="LL501"):  # and it cannot go into service so
        client.set_registered_model_alias("described", "challenger", version.version)
    client.update_model_version("described", version.version, description="the churn model, v2")
    client.set_registered_model_alias("described", "challenger", version.version)
    with pytest.raises(RestException) as refused:
        client.update_model_version("described", version.version, description="")
    assert "refused changing the description of described version 1: it holds @challenger" in refused.value.message
    assert "LL501" in refused.value.message
    client.update_model_version("described", version.version, description="the churn model, third edition")
    assert client.get_model_version("described", version.version).description == "the churn model, third edition"


def test_an_alias_policy_holds_whatever_the_case(client: Any) -> None:
    """@champion needs run-strict; on MySQL's default collation (accent-, case- and width-insensitive)
    @CHAMPION, @chámpion and a full-width @ｃｈａｍｐｉｏｎ are the same alias, and MLflow accepts them all."""
    _, _, version = registered(client, "cased")
    for alias in ("CHAMPION", "Champion", "chámpion", "ｃｈａｍｐｉｏｎ", "ＣＨＡＭＰＩＯＮ", "champíon"):
        with pytest.raises(RestException, match="under policy run-strict"):
            client.set_registered_model_alias("cased", alias, version.version)
    client.set_registered_model_alias("cased", "challenger", version.version)


def test_a_verdict_given_on_a_run_passes_nothing_it_did_not_judge(server: Server, client: Any) -> None:
    """The plugin gives a verdict again for a run read the same (its tags, params, inputs, the version's name,
    number and description, the policy). Once a version of a lineaged run passed, the same run's fields are
    no pass for files from elsewhere, a logged model of another experiment, a deleted run, another alias's
    policy or another description: each is refused as on a first judgement."""
    name = "verdict-given-again"
    run_id, artifact_uri = registered_from_folder(client, name)  # passed: its verdict is kept
    create = "/api/2.0/mlflow/model-versions/create"
    again = {"name": name, "source": f"{artifact_uri}/model", "run_id": run_id, "description": "d"}
    for body, expected in (({**again, "source": "s3://other-bucket/model"}, "does not lie under the artifact location"),
                           ({**again, "description": ""}, "LL501")):
        status, answer = post(server, create, body)
        assert status == 403 and expected in answer["message"], answer
    other = client.create_experiment("verdict-given-again-elsewhere")
    model = client.create_logged_model(experiment_id=other, name="model", source_run_id=run_id)
    status, answer = post(server, create, {"name": name, "source": f"models:/{model.model_id}",
                                           "model_id": model.model_id, "description": "d"})
    assert status == 403 and f"is in experiment {other}" in answer["message"], answer
    alias = "/api/2.0/mlflow/registered-models/alias"
    status, answer = post(server, alias, {"name": name, "alias": "champion", "version": "1"})
    assert status == 403 and "run-strict" in answer["message"], answer
    assert post(server, alias, {"name": name, "alias": "challenger", "version": "1"})[0] == 200
    client.delete_model_version(name, "1")  # nothing stands on the run now: it may be deleted
    client.delete_run(run_id)
    status, answer = post(server, create, again)  # the same fields as the version that passed
    assert status == 403 and f"its run {run_id} is deleted" in answer["message"], answer
    assert [v.version for v in client.search_model_versions(f"name = '{name}'")] == []


def test_a_version_from_a_run_must_record_its_run(server: Server, client: Any) -> None:
    """The freeze finds the versions standing on a run by their ``run_id``: a ``runs:/`` source without one
    (which MLflow before 3.17 stored as given) is refused."""
    run_id = make_run(client, lineage=True)
    with contextlib.suppress(MlflowException):
        client.create_registered_model("no-run-id", description="kept")
    status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                         {"name": "no-run-id", "source": f"runs:/{run_id}/model", "description": "d"})
    assert status == 403 and "the request names no run_id" in body["message"], body
    version = client.create_model_version("no-run-id", f"runs:/{run_id}/model", run_id=run_id, description="d",
                                          await_creation_for=0)
    assert version.run_id == run_id


def test_copies_are_judged_by_what_they_copy(server: Server, client: Any) -> None:
    _, _, version = registered(client, "original")
    client.set_registered_model_alias("original", "challenger", version.version)
    with contextlib.suppress(MlflowException):
        client.create_registered_model("copied", description="kept")
    by_number = client.copy_model_version(f"models:/original/{version.version}", "copied")
    by_alias = client.create_model_version("copied", "models:/original@challenger", run_id=version.run_id,
                                           description="a copy", await_creation_for=0)
    assert by_alias.source == f"models:/original/{version.version}"  # MLflow stores the number it resolved
    assert str(by_number.version) == "1" and str(by_alias.version) == "2"
    unlineaged = client.create_logged_model(experiment_id="0", name="m", source_run_id=make_run(client, False))
    status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                         {"name": "copied", "source": f"models:/{unlineaged.model_id}", "model_id": unlineaged.model_id,
                          "description": "d"})
    assert status == 403 and "LL101" in body["message"]


def test_odd_spellings_of_a_request_are_refused_or_reach_no_handler(server: Server, client: Any) -> None:
    with contextlib.suppress(MlflowException):
        client.create_registered_model("odd", description="kept")
    unlineaged = client.create_logged_model(experiment_id="0", name="m", source_run_id=make_run(client, False))
    body = {"name": "odd", "source": f"models:/{unlineaged.model_id}", "model_id": unlineaged.model_id,
            "description": "d"}
    raw = json.dumps(body).encode()
    json_type = {"Content-Type": "application/json"}
    create = "/api/2.0/mlflow/model-versions/create"
    for path in ("//api/2.0/mlflow/model-versions/create", "/api/2.0/mlflow/model-versions/%63reate",
                 "/api/2.0/preview/mlflow/model-versions/create", "/ajax-api/2.0/mlflow/model-versions/create",
                 "/api/2.0/mlflow/model-versions/create/", "/API/2.0/mlflow/model-versions/create",
                 "/api/2.0//mlflow/model-versions/create"):
        assert send(server, "POST", path, raw, json_type)[0] in (403, 404, 308), path  # 308: redirected, not run
    assert send(server, "POST", create, gzip.compress(raw), {**json_type, "Content-Encoding": "gzip"})[0] == 403
    assert send(server, "POST", create, raw, {"Content-Type": "text/plain"})[0] == 403  # read as JSON all the same
    chunked = http.client.HTTPConnection(server.uri.split("//", 1)[1], timeout=60)
    chunked.request("POST", create, body=iter([raw[:20], raw[20:]]), headers=json_type, encode_chunked=True)
    assert chunked.getresponse().status == 403  # the same body, in chunks
    chunked.close()
    query = "&".join(f"{key}={value}" for key, value in body.items())
    assert send(server, "POST", f"{create}?{query}", b"", json_type)[0] in (400, 403)  # no query read on a POST
    assert send(server, "GET", f"{create}?{query}")[0] == 405
    assert send(server, "GET", f"{create}?{query}", headers={"X-HTTP-Method-Override": "POST"})[0] == 405
    assert client.search_model_versions("name = 'odd'") == []


def test_graphql_writes_nothing(server: Server, client: Any) -> None:
    """MLflow's GraphQL schema has no mutation that writes (its mutations are searches and an echo); the
    plugin refuses any other mutation, so one a later MLflow adds is not a way around the gate."""
    introspection = json.dumps({"query": "{ __schema { mutationType { fields { name } } } }"}).encode()
    status, body = send(server, "POST", "/graphql", introspection, {"Content-Type": "application/json"})
    assert status == 200, body
    fields = {field["name"] for field in json.loads(body)["data"]["__schema"]["mutationType"]["fields"]}
    assert fields <= {"mlflowSearchRuns", "mlflowSearchDatasets", "testMutation"}, fields
    echo = 'mutation { testMutation(inputString: "x") { output } }'
    assert send(server, "POST", "/graphql", json.dumps({"query": echo}).encode(),
                {"Content-Type": "application/json"})[0] == 200
    for query in ('mutation { mlflowCreateModelVersion(input: {name: "x"}) { modelVersion { version } } }',
                  'mutation M { ...F } fragment F on Mutation { testMutation(inputString: "x") { output } }'):
        status, body = send(server, "POST", "/graphql", json.dumps({"query": query}).encode(),
                            {"Content-Type": "application/json"})
        assert status == 403 and "lineage-lint refused a GraphQL mutation" in body, body


def test_the_web_uis_upload_route_cannot_replace_a_versions_files(server: Server, client: Any) -> None:
    """``/ajax-api/2.0/mlflow/upload-artifact`` (the web UI's upload into a run's artifacts, outside the
    artifact proxy's routes) writes into a run's folder: refused inside a version's files, allowed beside."""
    run_id, artifact_uri = registered_from_folder(client, "ui-upload")
    octets = {"Content-Type": "application/octet-stream"}
    folder = server.folder / "artifacts" / proxied(artifact_uri)
    status, body = send(server, "POST", f"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run_id}&path=model/model.pkl",
                        b"swapped", octets)
    assert status == 403, body
    assert f"lineage-lint refused writing artifacts at 0/{run_id}/artifacts/model/model.pkl: the files are those of " \
           "registered model ui-upload version 1" in body, body
    for path in ("model/sub/../MLmodel", "./model/x.pkl", "model//weights.bin", "model%2Fx.pkl", "eval/../model/a"):
        status, body = send(server, "POST", f"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run_id}&path={path}",
                            b"swapped", octets)
        assert status in (400, 403), (path, body)  # MLflow's own path check, or the gate's
    status, body = send(server, "POST", f"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run_id}&path=model/model.pkl"
                                        f"&run_uuid={make_run(client, lineage=False)}", b"swapped", octets)
    assert status == 403, body  # the first run_uuid is the one MLflow writes into
    assert not (folder / "model").exists()
    assert send(server, "POST", f"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run_id}&path=eval/report.json",
                b"{}", octets)[0] == 200
    assert (folder / "eval" / "report.json").read_bytes() == b"{}"


@pytest.fixture(scope="module")
def paused(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A server that waits 1.5 s between passing a request and handling it: two requests' checks and writes
    then interleave as they would by chance under load."""
    folder = tmp_path_factory.mktemp("mlflow-raced")
    failed_before = request.session.testsfailed
    with mlflow_server(folder / "server", app_name="lineage-gate", env={"LINEAGE_LINT_GATE_PAUSE": "1.5"}) as running:
        yield running
        show_log_on_failure(request, running, failed_before)


def one_after_the_other(server: Server, requests: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Send each request (path, body: POSTed; path alone: a DELETE) in its own thread, 0.5 s apart, so that
    each is checked while the one before waits to be written; their answers (status, body) by name."""
    answers: dict[str, tuple[int, Any]] = {}

    def send_one(which: str) -> None:
        path, body = requests[which]
        answers[which] = post(server, path, body) if body else send(server, "DELETE", path)

    threads = []
    for which in requests:
        thread = threading.Thread(target=send_one, args=(which,))
        thread.start()
        threads.append(thread)
        time.sleep(0.5)
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_a_run_edit_racing_a_registration_leaves_no_version_on_a_failing_run(paused: Server) -> None:
    """An edit checked before the version exists and written after it (or a version checked before the edit
    is written and written after it) passes both checks; whichever write comes last is judged again with
    the other in place, and the version goes. Both orders, against a real server."""
    client = MlflowClient(tracking_uri=paused.uri, registry_uri=paused.uri)
    create = "/api/2.0/mlflow/model-versions/create"
    unset_commit = "/api/2.0/mlflow/runs/set-tag"
    for first in ("create", "edit"):
        name = f"raced-{first}-first"
        run_id = make_run(client, lineage=True)
        client.create_registered_model(name)
        source = f"{client.get_run(run_id).info.artifact_uri}/model"
        requests = {"create": (create, {"name": name, "source": source, "run_id": run_id}),
                    "edit": (unset_commit, {"run_id": run_id, "key": "mlflow.source.git.commit", "value": ""})}
        answers = one_after_the_other(paused, {which: requests[which]
                                               for which in (first, "edit" if first == "create" else "create")})
        assert answers["edit"][0] == 200, answers
        assert client.get_run(run_id).data.tags.get("mlflow.source.git.commit", "") == ""
        assert client.search_model_versions(f"name = '{name}'") == [], answers  # no version on a commit-less run
        if first == "edit":  # the version was written last: its own request is refused
            status, body = answers["create"]
            assert status == 403 and "changed while it was registered" in body["message"], body
            assert "LL301" in body["message"] and "the version was removed again" in body["message"], body
    assert "it was registered while its run changed" in paused.log.read_text()


def test_an_edit_answered_with_an_error_after_writing_is_judged_again(paused: Server) -> None:
    """MLflow's log-batch writes its params, then fails on a metric naming no logged model, and answers 400:
    the params it wrote (a random seed) are lineage all the same. Racing a registration and an alias, it is
    judged again once written whatever the answer, and the version on the now seedless run goes."""
    client = MlflowClient(tracking_uri=paused.uri, registry_uri=paused.uri)
    name = "raced-partial-batch"
    run_id = make_run(client, lineage=True)
    client.create_registered_model(name)
    source = f"{client.get_run(run_id).info.artifact_uri}/model"
    no_model = "m-" + "0" * 32
    batch = {"run_id": run_id, "params": [{"key": "seed_everything", "value": "-1"}],
             "metrics": [{"key": "auc", "value": 0.9, "timestamp": 1, "step": 0, "model_id": no_model}]}
    answers = one_after_the_other(paused, {
        "create": ("/api/2.0/mlflow/model-versions/create", {"name": name, "source": source, "run_id": run_id}),
        "batch": ("/api/2.0/mlflow/runs/log-batch", batch)})
    assert answers["create"][0] == 200 and answers["batch"][0] == 400, answers  # both written, one "failed"
    assert client.get_run(run_id).data.params["seed_everything"] == "-1"  # written before the failure
    assert client.search_model_versions(f"name = '{name}'") == [], answers  # no version on a random seed
    status, body = post(paused, "/api/2.0/mlflow/registered-models/alias",
                        {"name": name, "alias": "staging", "version": "1"})
    assert status == 403 and f"Model Version (name={name}, version=1) not found" in body["message"], body
    assert f"removed {name} version 1" in paused.log.read_text()


STRICT_TAGS = {"triggered_by": "push", "ci.job_url": "https://ci.example/jobs/1", "lineage.git_dirty": "false",
               "lineage.config_path": "train.yaml", "lineage.config_sha256": "a" * 64}  # what run-strict adds


@pytest.fixture(scope="module")
def paused_strict(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A paused server (1.5 s between a check and its write) whose @champion needs run-strict."""
    folder = tmp_path_factory.mktemp("mlflow-raced-strict")
    config = write(folder, "gate.toml", '[gate.aliases]\nchampion = "run-strict"\n')
    failed_before = request.session.testsfailed
    with mlflow_server(folder / "server", app_name="lineage-gate",
                       env={"LINEAGE_LINT_GATE_PAUSE": "1.5", "LINEAGE_LINT_GATE_CONFIG": str(config)}) as running:
        yield running
        show_log_on_failure(request, running, failed_before)


def test_an_alias_checked_on_one_version_cannot_land_on_another_under_the_same_number(paused_strict: Server) -> None:
    """@champion (run-strict) is checked on version 1, a run-strict one; while it waits to be written, the
    registered model is deleted and made again, and a new version 1 from a run-default run (checked before)
    is written. The alias would land on the new version 1: judged again once written, it is removed."""
    client = MlflowClient(tracking_uri=paused_strict.uri, registry_uri=paused_strict.uri)
    name = "swapped-under-alias"
    strict, plain = make_run(client, lineage=True, tags=STRICT_TAGS), make_run(client, lineage=True)
    client.create_registered_model(name)
    client.create_model_version(name, f"{client.get_run(strict).info.artifact_uri}/model", run_id=strict,
                                await_creation_for=0)
    create = ("/api/2.0/mlflow/model-versions/create",
              {"name": name, "source": f"{client.get_run(plain).info.artifact_uri}/model", "run_id": plain})
    alias = ("/api/2.0/mlflow/registered-models/alias", {"name": name, "alias": "champion", "version": "1"})
    remade = threading.Timer(0.8, lambda: (client.delete_registered_model(name),
                                           client.create_registered_model(name)))
    remade.start()  # after both checks, before either write
    answers = one_after_the_other(paused_strict, {"create": create, "alias": alias})
    remade.join()
    assert answers["create"][0] == 200, answers  # run-default: the gate's own policy
    assert client.get_model_version(name, "1").run_id == plain  # the new version 1
    status, body = answers["alias"]
    assert status == 403, body
    assert f"refused moving {name} version 1 to @champion: its run {plain} (the version holding the alias once " \
        "written, not the one checked before) lacks lineage under policy run-strict" in body["message"], body
    assert "run-strict" in body["message"] and "the alias was removed again" in body["message"], body
    with pytest.raises(MlflowException, match="alias champion not found"):
        client.get_model_version_by_alias(name, "champion")
    assert client.get_model_version(name, "1").aliases == []


def test_an_alias_set_between_a_creation_and_a_racing_edit_does_not_stand(paused_strict: Server) -> None:
    """The judgement of a creation once written judges the version as MLflow's answer describes it (no alias),
    so an alias set on the new version in between is left to the other judgements. Here an edit that makes
    the run fail run-strict (only) is checked before the version exists and written after @champion
    (run-strict) was checked on the new version: the alias must not stand on the edited run."""
    client = MlflowClient(tracking_uri=paused_strict.uri, registry_uri=paused_strict.uri)
    name = "alias-between-creation-and-edit"
    run_id = make_run(client, lineage=True, tags=STRICT_TAGS)
    client.create_registered_model(name)
    source = f"{client.get_run(run_id).info.artifact_uri}/model"
    schedule = {"create": (0.0, "/api/2.0/mlflow/model-versions/create",
                           {"name": name, "source": source, "run_id": run_id}),
                "edit": (0.5, "/api/2.0/mlflow/runs/set-tag", {"run_id": run_id, "key": "ci.job_url", "value": ""}),
                "alias": (1.8, "/api/2.0/mlflow/registered-models/alias",
                          {"name": name, "alias": "champion", "version": "1"})}
    answers: dict[str, Any] = {}
    threads = [threading.Timer(delay, lambda which=which, path=path, body=body: answers.__setitem__(
        which, post(paused_strict, path, body))) for which, (delay, path, body) in schedule.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers["create"][0] == 200 and answers["edit"][0] == 200, answers
    assert client.get_run(run_id).data.tags.get("ci.job_url", "") == ""
    held = [version.aliases for version in client.search_model_versions(f"name = '{name}'")]
    assert held in ([], [[]]), (held, answers)  # no @champion on a run that fails run-strict
    status, body = answers["alias"]
    assert status == 403 and "run-strict" in body["message"], answers  # at its check, or once written


def test_a_deletion_racing_a_registration_leaves_no_version_on_what_is_gone(paused: Server) -> None:
    """Deleting the experiment or the logged model under a version being registered: the deletion is checked
    before the version exists and written after it; judged again once written, the version goes."""
    client = MlflowClient(tracking_uri=paused.uri, registry_uri=paused.uri)
    create = "/api/2.0/mlflow/model-versions/create"
    for gone in ("experiment", "logged model"):
        name = f"raced-{gone.replace(' ', '-')}"
        experiment = client.create_experiment(name)
        model = client.create_logged_model(experiment_id=experiment, name="model",
                                           source_run_id=make_run(client, lineage=True, experiment=experiment))
        client.create_registered_model(name)
        deletion = (("/api/2.0/mlflow/experiments/delete", {"experiment_id": experiment}) if gone == "experiment"
                    else (f"/api/2.0/mlflow/logged-models/{model.model_id}", {}))
        registration = (create, {"name": name, "source": f"models:/{model.model_id}", "model_id": model.model_id})
        answers = one_after_the_other(paused, {"create": registration, "delete": deletion})
        assert answers["create"][0] == 200 and answers["delete"][0] == 200, answers
        assert client.search_model_versions(f"name = '{name}'") == [], answers


def test_a_run_deleted_between_the_check_and_the_write_leaves_no_version(paused: Server) -> None:
    """The run itself deleted while its version is being registered, in both orders: the deletion checked
    before the version exists and written after it is checked (it is judged again once written, and the
    version goes); the version checked before the deletion is written and written after it (judged again
    once written, it is refused and removed). Never a version on a deleted run, nothing half-written."""
    client = MlflowClient(tracking_uri=paused.uri, registry_uri=paused.uri)
    create = "/api/2.0/mlflow/model-versions/create"
    for first in ("create", "delete"):
        name = f"raced-run-{first}-first"
        run_id = make_run(client, lineage=True)
        model = client.create_logged_model(experiment_id="0", name="model", source_run_id=run_id)
        client.create_registered_model(name)
        requests = {"create": (create, {"name": name, "source": f"models:/{model.model_id}",
                                        "model_id": model.model_id}),
                    "delete": ("/api/2.0/mlflow/runs/delete", {"run_id": run_id})}
        order = (first, "delete" if first == "create" else "create")
        answers = one_after_the_other(paused, {which: requests[which] for which in order})
        assert answers["delete"][0] == 200, answers
        assert client.get_run(run_id).info.lifecycle_stage == "deleted"
        assert client.search_model_versions(f"name = '{name}'") == [], answers  # no version on a deleted run
        if first == "delete":  # the version was written last: its own request is refused
            status, body = answers["create"]
            assert status == 403 and f"its run {run_id} is deleted" in body["message"], body
            assert "the version was removed again" in body["message"], body


def test_the_web_uis_upload_route_is_judged_without_the_proxy_too(tmp_path_factory: pytest.TempPathFactory) -> None:
    """With ``--no-serve-artifacts`` runs keep their artifacts in the store itself (here a folder), and the
    web UI's upload route writes there through the store: refused inside a version's files all the same."""
    folder = tmp_path_factory.mktemp("mlflow-no-proxy")
    store = folder / "store"
    with mlflow_server(folder / "server", app_name="lineage-gate",
                       options=["--no-serve-artifacts", "--default-artifact-root", str(store)]) as running:
        client = MlflowClient(tracking_uri=running.uri, registry_uri=running.uri)
        run_id, artifact_uri = registered_from_folder(client, "stored")
        assert artifact_uri.startswith(str(store)), artifact_uri
        octets = {"Content-Type": "application/octet-stream"}
        upload = f"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run_id}&path="
        status, body = send(running, "POST", f"{upload}model/model.pkl", b"swapped", octets)
        assert status == 403, body
        assert f"lineage-lint refused writing artifacts at {artifact_uri}/model/model.pkl: the files are those of " \
               "registered model stored version 1" in body, body
        assert send(running, "POST", f"{upload}plots/roc.png", b"png", octets)[0] == 200
        assert not (store / "0" / run_id / "artifacts" / "model").exists()


def test_a_refusal_repeats_no_credentials(server: Server, client: Any) -> None:
    """A source may carry credentials (a presigned URL, a password in a URI): the refusal names the source
    without them, in its answer and in the server's log."""
    run_id = make_run(client, lineage=True)
    with contextlib.suppress(MlflowException):
        client.create_registered_model("secretive", description="kept")
    for source in ("https://alice:s3cr3t@files.example/model", "s3://bucket/model?X-Amz-Signature=s3cr3t"):
        status, body = post(server, "/api/2.0/mlflow/model-versions/create",
                            {"name": "secretive", "source": source, "run_id": run_id, "description": "d"})
        assert status in (400, 403), body  # MLflow's own source check, or the gate's
        assert "s3cr3t" not in json.dumps(body), body
    assert "s3cr3t" not in server.log.read_text()
