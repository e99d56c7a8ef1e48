"""The gate's reads as MLflow's users configure them, with either client: credentials (a bearer token, basic
auth from each place MLflow reads it, netrc), TLS (a CA made here with openssl, the insecure flag, a client
certificate), redirects, servers that never answer; and, for lineage-lint's REST client, replies that are not
MLflow's (exit 2 in plain words), the choice of client, and commands that import no mlflow at all.

The real ``mlflow server`` answers behind :func:`mlflow_support.forwarder`, which records what each client
sends it. MLflow's basic-auth server itself is in ``test_gate_deploy.py``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lineage_lint.mlflow import client
from mlflow_support import (
    Answer,
    Certificates,
    Forwarder,
    Server,
    certificates,
    forwarder,
    json_answer,
    lineaged_version,
    make_run,
    mlflow_server,
    post,
    stalling_server,
)
from support import REPO, Outcome, chdir, cli, git_init, write

MODEL = "rest-model"
API = "/api/2.0/mlflow"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    """The server and ``models:/rest-model/1``, a version the gate passes."""
    with mlflow_server(tmp_path_factory.mktemp("mlflow")) as server:
        yield server, f"models:/{MODEL}/{lineaged_version(server.uri, MODEL)}"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return certificates(tmp_path_factory.mktemp("certs"))


def gate(cwd: Path, uri: str, tracking_uri: str, *args: str) -> Outcome:
    return cli(cwd, "gate", uri, "--tracking-uri", tracking_uri, "--retries", "0", "--timeout", "10", *args)


def authorizations(proxy: Forwarder) -> set[str]:
    return {headers.get("authorization", "") for _, _, headers, _ in proxy.requests}


# --- credentials ----------------------------------------------------------------------------------------------


def test_a_bearer_token_goes_with_every_request(running: tuple[Server, str], tmp_path: Path, asked_by: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    server, model = running
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "tok-abc")
    with forwarder(server.uri) as proxy:
        outcome = gate(tmp_path, model, proxy.uri)
    assert outcome.code == 0, outcome.err
    assert len(proxy.requests) >= 3  # the version, its logged model, its run
    assert authorizations(proxy) == {"Bearer tok-abc"}
    assert {method for method, _, _, _ in proxy.requests} == {"GET"}
    if asked_by == "rest":  # one kept-alive connection for the whole decision
        assert len({port for _, _, _, port in proxy.requests}) == 1


def _basic(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(("case", "expected"), [
    ("username and password win over a token", _basic("ann", "pw1")),
    ("the tracking URI's user:password wins over the variables", _basic("bob", "pw 2")),
    ("a netrc entry for the host wins over the tracking URI's", _basic("carol", "pw3")),
    ("~/.mlflow/credentials when the variables are unset", _basic("dan", "pw4")),
])
def test_credentials_are_taken_where_mlflow_takes_them(running: tuple[Server, str], tmp_path: Path, asked_by: str,
                                                       monkeypatch: pytest.MonkeyPatch, case: str,
                                                       expected: str) -> None:
    """Both clients send the same ``Authorization``: MLflow's client reads these through requests."""
    server, model = running
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NETRC", str(home / "no-netrc"))
    userinfo = ""
    if case.startswith("username"):
        monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "ann")
        monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", "pw1")
        monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "tok")
    elif case.startswith("the tracking URI"):
        userinfo = "bob:pw%202@"
        monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "ann")
        monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", "pw1")
    elif case.startswith("a netrc"):
        userinfo = "bob:pw%202@"
        write(home, "netrc", "machine 127.0.0.1 login carol password pw3\n")
        monkeypatch.setenv("NETRC", str(home / "netrc"))
    else:
        write(home, ".mlflow/credentials", "[mlflow]\nmlflow_tracking_username = dan\nmlflow_tracking_password = pw4\n")
    with forwarder(server.uri) as proxy:
        outcome = gate(tmp_path, model, proxy.uri.replace("http://", f"http://{userinfo}"))
    assert outcome.code == 0, outcome.err
    assert authorizations(proxy) == {expected}, case


def test_credentials_are_not_sent_to_another_host(running: tuple[Server, str], tmp_path: Path, asked_by: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    server, model = running
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "tok-abc")
    with forwarder(server.uri) as elsewhere:
        other = elsewhere.uri.replace("127.0.0.1", "localhost")  # another host name, the same listener

        def moved(method: str, path: str) -> Answer:
            return 307, {"Location": other + path}, b""

        with forwarder(server.uri, answer=moved) as first:
            outcome = gate(tmp_path, model, first.uri)
    assert outcome.code == 0, outcome.err
    assert authorizations(first) == {"Bearer tok-abc"}
    assert authorizations(elsewhere) == {""}


# --- TLS ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("setting", ["ca path", "insecure", "none", "both"])
def test_tls_as_mlflow_configures_it(running: tuple[Server, str], certs: Certificates, tmp_path: Path,
                                     asked_by: str, monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    server, model = running
    if setting in ("ca path", "both"):
        monkeypatch.setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", str(certs.ca))
    if setting in ("insecure", "both"):
        monkeypatch.setenv("MLFLOW_TRACKING_INSECURE_TLS", "true")
    with forwarder(server.uri, tls=certs.server_context()) as proxy:
        outcome = gate(tmp_path, model, proxy.uri)
    if setting in ("ca path", "insecure"):
        assert outcome.code == 0, outcome.err
        return
    assert outcome.code == 2, outcome.out + outcome.err
    if asked_by == "mlflow":
        return  # MLflow's own words
    if setting == "none":  # a CA of the test's own: not in certifi's bundle
        assert outcome.err == (f"lineage-lint: could not decide: cannot reach the tracking server at {proxy.uri} "
                               "(TLS: the server's certificate is not trusted: unable to get local issuer "
                               "certificate)\n")
    else:
        assert outcome.err == (f"lineage-lint: could not decide: cannot ask the tracking server at {proxy.uri}: "
                               "MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set; set "
                               "only one of them\n")


@pytest.mark.parametrize("with_certificate", [True, False])
def test_a_client_certificate_when_the_server_asks_for_one(running: tuple[Server, str], certs: Certificates,
                                                           tmp_path: Path, asked_by: str, with_certificate: bool,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    server, model = running
    monkeypatch.setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", str(certs.ca))
    if with_certificate:
        monkeypatch.setenv("MLFLOW_TRACKING_CLIENT_CERT_PATH", str(certs.client))
    with forwarder(server.uri, tls=certs.server_context(require_client=True)) as proxy:
        outcome = gate(tmp_path, model, proxy.uri)
    assert outcome.code == (0 if with_certificate else 2), outcome.err
    if not with_certificate and asked_by == "rest":
        assert f"cannot reach the tracking server at {proxy.uri} (" in outcome.err


def test_a_certificate_file_that_cannot_be_read_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", str(tmp_path / "missing.pem"))
    outcome = gate(tmp_path, "models:/m/1", "https://127.0.0.1:9")
    assert outcome.code == 2
    assert outcome.err == ("lineage-lint: could not decide: cannot ask the tracking server at https://127.0.0.1:9: "
                           f"MLFLOW_TRACKING_SERVER_CERT_PATH {tmp_path / 'missing.pem'}: cannot be read as PEM "
                           "certificates (No such file or directory)\n")


# --- servers that do not answer ----------------------------------------------------------------------------


def test_a_server_that_never_answers_is_exit_2_in_time(tmp_path: Path, asked_by: str) -> None:
    with stalling_server(trickle=False) as uri:
        started = time.monotonic()
        gated = cli(tmp_path, "gate", "models:/m/1", "--tracking-uri", uri, "--timeout", "2", "--retries", "0")
        gate_took = time.monotonic() - started
        started = time.monotonic()
        shown = cli(tmp_path, "show", "models:/m/1", "--tracking-uri", uri, "--timeout", "1", "--retries", "1")
        show_took = time.monotonic() - started
    assert gated.code == 2 and gate_took < 8, (gate_took, gated.err)
    assert "no decision within 2 s" in gated.err or "no answer within 2 s" in gated.err, gated.err
    assert shown.code == 2 and 1.9 < show_took < 8, (show_took, shown.err)  # two attempts of 1 s
    if asked_by == "rest":
        assert shown.err == (f"lineage-lint: could not decide: models:/m/1: cannot reach the tracking server at {uri} "
                             "(no answer within 1 s; 2 attempts)\n")


# --- replies that are not MLflow's: exit 2 in plain words (the REST client) ----------------------------------


def _on(endpoint: str, reply: Answer) -> Callable[[str, str], Answer | None]:
    def answer(method: str, path: str) -> Answer | None:
        return reply if path.split("?", maxsplit=1)[0] == API + endpoint else None

    return answer


@pytest.mark.parametrize(("endpoint", "reply", "says"), [
    ("/model-versions/get", (200, {"Content-Type": "text/html"}, b"<html>the UI</html>"),
     "did not answer as MLflow's REST API does: model-versions/get: the answer is not JSON "
     "(<html>the UI</html>)"),
    ("/model-versions/get", json_answer(200, {}),
     "did not answer as MLflow's REST API does: model-versions/get: the answer has no model_version"),
    ("/model-versions/get", json_answer(200, {"model_version": {"version": "1"}}),
     "did not answer as MLflow's REST API does: model_version.name is missing"),
    ("/model-versions/get", json_answer(200, {"model_version": {"name": MODEL, "version": "1", "aliases": "x"}}),
     "did not answer as MLflow's REST API does: model_version.aliases is not a list"),
    ("/runs/get", json_answer(200, {"run": {"data": {}}}),
     "did not answer as MLflow's REST API does: run.info is missing"),
    ("/runs/get", json_answer(200, {"run": {"info": {"run_id": "r"}, "data": {"params": [{"key": "seed",
                                                                                       "value": 42}]}}}),
     "did not answer as MLflow's REST API does: run.data.params[0].value is not a string"),
    ("/model-versions/get", (503, {"Content-Type": "text/plain"}, b"try again later"),
     "could not answer: HTTP 503 (TEMPORARILY_UNAVAILABLE) after 2 attempts: try again later"),
    ("/model-versions/get", (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>"),
     "could not answer: HTTP 404 (ENDPOINT_NOT_FOUND): <h1>Not Found</h1>"),
    ("/model-versions/get", json_answer(403, {"error_code": "PERMISSION_DENIED", "message": "no"}),
     "refused access (HTTP 403, PERMISSION_DENIED): no"),
])
def test_a_reply_that_is_not_mlflows_is_exit_2(running: tuple[Server, str], tmp_path: Path, endpoint: str,
                                                reply: Answer, says: str) -> None:
    server, model = running
    with forwarder(server.uri, answer=_on(endpoint, reply)) as proxy:
        outcome = cli(tmp_path, "gate", model, "--tracking-uri", proxy.uri, "--retries", "1", "--format", "json")
    assert outcome.code == 2
    assert outcome.json()["verdict"] == "undecided"
    assert outcome.err == f"lineage-lint: could not decide: the tracking server at {proxy.uri} {says}\n", outcome.err


# --- which client, and what it imports ---------------------------------------------------------------------------


@pytest.mark.parametrize(("uri", "variables", "rest"), [
    ("http://mlflow.example.com:5000", {}, True),
    ("HTTPS://mlflow.example.com/prefix", {}, True),
    ("databricks", {}, False),
    ("databricks://profile", {}, False),
    ("file:///tmp/mlruns", {}, False),
    ("sqlite:///mlflow.db", {}, False),
    ("postgresql://user@db/mlflow", {}, False),
    ("/tmp/mlruns", {}, False),
    ("http://mlflow.example.com", {"LINEAGE_LINT_MLFLOW_CLIENT": "mlflow"}, False),
    ("http://mlflow.example.com", {"MLFLOW_TRACKING_AUTH": "my_auth_plugin"}, False),
    ("http://mlflow.example.com", {"MLFLOW_TRACKING_AWS_SIGV4": "true"}, False),
])
def test_the_rest_client_reads_http_servers_unless_only_mlflow_can(monkeypatch: pytest.MonkeyPatch, uri: str,
                                                                  variables: dict[str, str], rest: bool) -> None:
    for name in ("LINEAGE_LINT_MLFLOW_CLIENT", "MLFLOW_TRACKING_AUTH", "MLFLOW_TRACKING_AWS_SIGV4"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert client.uses_rest(uri) is rest
    assert client.uses_rest(uri, writes=True) is False  # promote and register write: MLflow's client
    assert client.needs_mlflow(uri) is not rest


@pytest.mark.parametrize(("value", "uri", "message"), [
    ("bogus", "http://m", "LINEAGE_LINT_MLFLOW_CLIENT must be auto, rest or mlflow, not 'bogus'"),
    ("rest", "sqlite:///m.db", "LINEAGE_LINT_MLFLOW_CLIENT=rest cannot be followed: the tracking URI is not "
                               "http(s) (sqlite)"),
])
def test_a_client_choice_that_cannot_be_followed_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           value: str, uri: str, message: str) -> None:
    monkeypatch.setenv("LINEAGE_LINT_MLFLOW_CLIENT", value)
    outcome = gate(tmp_path, "models:/m/1", uri)
    assert outcome.code == 2
    assert outcome.err == f"lineage-lint: could not decide: {message}\n"


def test_a_database_store_is_read_by_mlflows_client(tmp_path: Path) -> None:
    """``sqlite:`` (and every URI but http(s)) keeps MLflow's client: the gate reads the store directly."""
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    with chdir(tmp_path):  # the store's artifacts go to ./mlruns
        version = lineaged_version(uri, MODEL)
    outcome = gate(tmp_path, f"models:/{MODEL}/{version}", uri, "--format", "json")
    assert outcome.code == 0, outcome.err
    assert outcome.json()["verdict"] == "pass"


PROBE = """
import sys
from lineage_lint.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"mlflow", "requests", "urllib3", "pandas", "flask"})
print("LOADED", heavy, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("command", ["gate", "show", "graph", "diff", "impact"])
def test_the_read_commands_import_no_mlflow(running: tuple[Server, str], tmp_path: Path, command: str) -> None:
    server, model = running
    repo = git_init(tmp_path / "repo")
    args = {"gate": ["gate", model], "show": ["show", model], "graph": ["graph", f"models:/{MODEL}"],
            "diff": ["diff", model, f"models:/{MODEL}@champion"], "impact": ["impact", "acme/reviews"]}[command]
    done = subprocess.run([sys.executable, "-c", PROBE, *args, "--tracking-uri", server.uri], cwd=repo,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.strip().endswith("LOADED []"), done.stderr


def test_the_actions_gate_mode_imports_no_mlflow(running: tuple[Server, str], tmp_path: Path) -> None:
    """``mode: gate`` without ``alias`` on an http(s) server: what action.yml then installs (no mlflow) is enough."""
    server, model = running
    code = ("import io, sys; from action.main import main;"
            f"env = {{'INPUT_MODE': 'gate', 'INPUT_MODEL_URI': {model!r}, 'INPUT_TRACKING_URI': {server.uri!r},"
            f" 'GITHUB_OUTPUT': {str(tmp_path / 'output.txt')!r}}};"
            "out = io.StringIO(); status = main(env, out); print(out.getvalue());"
            "print(status, sorted({m.split('.')[0] for m in sys.modules} & {'mlflow', 'requests', 'urllib3'}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=git_init(tmp_path / "repo"), capture_output=True,
                          text=True, timeout=120, check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.stdout.strip().splitlines()[-1:] == ["0 []"], done.stdout + done.stderr
    assert "verdict=pass" in (tmp_path / "output.txt").read_text()


def test_a_prompt_is_not_a_registered_model(running: tuple[Server, str], tmp_path: Path, asked_by: str) -> None:
    """MLflow's client hides prompts (registered models tagged ``mlflow.prompt.is_prompt``) from model reads: so
    does the REST client."""
    server, _ = running
    tags = [{"key": "mlflow.prompt.is_prompt", "value": "true"}]  # as mlflow.genai.register_prompt writes
    status, _ = post(server, f"{API}/registered-models/create", {"name": "a-prompt", "tags": tags})
    assert status in (200, 400)  # 400: created by the other client's run of this test
    outcome = cli(tmp_path, "graph", "models:/a-prompt", "--tracking-uri", server.uri)
    assert outcome.code == 2
    assert outcome.err == ("lineage-lint: could not decide: models:/a-prompt: not found on "
                           f"{server.uri}: Registered Model with name='a-prompt' not found.\n")


@pytest.mark.parametrize(("variable", "value", "what"), [
    ("MLFLOW_TRACKING_TOKEN", "tok-secret\r\nX-Injected: 1", "the credentials"),
    ("MLFLOW_WORKSPACE", "team\nX-Injected: 1", "MLFLOW_WORKSPACE"),
])
def test_a_header_that_would_break_the_request_is_refused_unprinted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    variable: str, value: str, what: str) -> None:
    monkeypatch.setenv(variable, value)
    outcome = gate(tmp_path, "models:/m/1", "http://127.0.0.1:9")
    assert outcome.code == 2
    assert outcome.err == ("lineage-lint: could not decide: cannot ask the tracking server at http://127.0.0.1:9: "
                           f"{what} contain{'s' * (what != 'the credentials')} a line break or another control "
                           "character\n")


def test_any_json_is_read_or_refused_never_a_crash() -> None:
    """Whatever JSON a server sends in place of an entity, reading it gives the entity or BadReply (exit 2)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lineage_lint.mlflow.rest.entities import (
        Experiment,
        Fields,
        LoggedModel,
        ModelVersion,
        RegisteredModel,
        Run,
    )
    from lineage_lint.mlflow.rest.errors import BadReply

    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | \
        st.sampled_from(["NaN", "Infinity", "1", "x"])
    keys = st.sampled_from(["info", "data", "inputs", "run_id", "run_uuid", "name", "version", "tags", "params",
                            "metrics", "key", "value", "aliases", "alias", "dataset_inputs", "dataset", "model_id",
                            "experiment_id", "start_time", "end_time", "latest_versions", "source", "digest"])
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=5),
                          max_leaves=25)

    @settings(max_examples=400, derandomize=True, deadline=None)
    @given(values)
    def read(value: object) -> None:
        for entity in (Run, ModelVersion, RegisteredModel, LoggedModel, Experiment):
            with contextlib.suppress(BadReply):
                entity.read(Fields(value, "x"))

    read()


def test_register_takes_no_files_from_outside_the_run(tmp_path: Path) -> None:
    """``register runs:/LINEAGED/../../OTHER/artifacts/model`` gated the lineaged run and registered the other
    run's files (a database store takes the source as given; a server refuses it itself): a run URI whose
    artifact path steps out is refused before anything is asked, in every spelling."""
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    with chdir(tmp_path):
        store = MlflowClient(uri, uri)
        lineaged, other = make_run(store, lineage=True), make_run(store, lineage=False)
        for path in (f"../../{other}/artifacts/model", f"%2e%2e/%2E%2E/{other}/artifacts/model",
                     f"model/..%2f..%2f..%2f{other}", f"./../{other}", f"model\\..\\..\\{other}"):
            outcome = cli(tmp_path, "register", f"runs:/{lineaged}/{path}", "--name", "elsewhere",
                          "--tracking-uri", uri, "--no-consistency")
            assert outcome.code == 2, (path, outcome.out)
            assert "its artifact path steps out of the run's artifacts" in outcome.err, outcome.err
        assert store.search_registered_models() == []
        assert cli(tmp_path, "gate", f"runs:/{lineaged}/model", "--tracking-uri", uri, "--no-consistency").code == 0
