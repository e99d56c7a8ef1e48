"""Lineage out: OpenLineage events (``log_lineage(..., openlineage=...)``, ``show --format openlineage``) and
model cards (``promote --model-card``, ``register --model-card``).

Events go through the ``openlineage-python`` client's own HTTP transport to a local endpoint (``http.server``
on 127.0.0.1), are validated against the OpenLineage specification's JSON Schemas (``tests/data/openlineage``,
the client does not ship them) and lineage-lint's facet schema, and are parsed back into the client's own
classes. Runs are recorded on a real ``mlflow server``; model cards are read back from it.
"""

from __future__ import annotations

import contextlib
import http.server
import inspect
import json
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mlflow
import pytest
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient
from openlineage.client import facet_v2
from openlineage.client.event_v2 import InputDataset, Job, JobEvent, Run, RunEvent, RunState
from openlineage.client.facet_v2 import BaseFacet, tags_run
from openlineage.client.serde import Serde
from openlineage.client.transport.http import HttpConfig, HttpTransport
from referencing import Registry, Resource

from lineage_lint.lineage import openlineage_facets as custom
from lineage_lint.lineage.openlineage_events import dataset_identity, web_url
from lineage_lint.mlflow import model_card
from lineage_lint.schema_files import load_schema
from mlflow_support import Server, log_shown_on_failure, mlflow_server
from support import REPO, Outcome, cli, git, git_init, write

CONFIG = """\
seed: 1234
data:
  train:
    name: acme/product-reviews
    version: v2.1.0
  valid_path: s3://acme-data/reviews/valid.parquet?versionId=3HL4kqtJlcpXroDTDmJ
  test:
    path: data/test.csv
    sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
trainer:
  max_epochs: 3
"""
SPEC = REPO / "tests" / "data" / "openlineage"


# --- the OpenLineage schemas and the client's classes -----------------------------------------------------


def _registry() -> Registry[Any]:
    schemas = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SPEC.glob("*.json"))]
    schemas.append(load_schema("openlineage-facets"))
    return Registry().with_resources([(schema["$id"], Resource.from_contents(schema)) for schema in schemas])


REGISTRY = _registry()


def _facets(event: dict[str, Any]) -> Iterator[dict[str, Any]]:
    parts = [event.get("job", {}), event.get("run", {})]
    for dataset in event.get("inputs", []):
        parts += [dataset, {"facets": dataset.get("inputFacets", {})}]
    for part in parts:
        yield from (part.get("facets") or {}).values()


def validate(event: dict[str, Any]) -> None:
    """The event against OpenLineage.json, and every facet against the schema its ``_schemaURL`` names."""
    kind = "RunEvent" if "run" in event else "JobEvent"
    checker = FormatChecker()
    Draft202012Validator({"$ref": f"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/{kind}"},
                         registry=REGISTRY, format_checker=checker).validate(event)
    assert event["schemaURL"].endswith(f"#/$defs/{kind}")
    for facet in _facets(event):
        Draft202012Validator({"$ref": facet["_schemaURL"]}, registry=REGISTRY, format_checker=checker).validate(facet)


def _facet_classes() -> dict[str, type[BaseFacet]]:
    classes: dict[str, type[BaseFacet]] = {}
    modules = [getattr(facet_v2, name) for name in facet_v2.__all__ if inspect.ismodule(getattr(facet_v2, name))]
    for module in [*modules, custom]:
        for item in vars(module).values():
            if inspect.isclass(item) and issubclass(item, BaseFacet) and "_get_schema" in vars(item):
                classes[item._get_schema()] = item
    return classes


FACET_CLASSES = _facet_classes()
NESTED = {("TagsRunFacet", "tags"): lambda items: [tags_run.TagsRunFacetFields(**item) for item in items],
          ("ConfigJobFacet", "seed"): lambda fields: custom.DeclaredSeed(**fields)}


def _facet(data: dict[str, Any]) -> BaseFacet:
    cls = FACET_CLASSES[data["_schemaURL"]]  # a facet the client (or lineage-lint) does not define: KeyError
    fields = {key: NESTED.get((cls.__name__, key), lambda value: value)(value)
              for key, value in data.items() if not key.startswith("_")}
    return cls(**fields, producer=data["_producer"])  # a missing or unknown field: TypeError


def _facet_map(data: dict[str, Any] | None) -> dict[str, Any]:
    return {name: _facet(facet) for name, facet in (data or {}).items()}


def parse(data: dict[str, Any]) -> RunEvent | JobEvent:
    """``data`` rebuilt with the client's own classes; serialising it again gives ``data`` back."""
    job = Job(namespace=data["job"]["namespace"], name=data["job"]["name"],
              facets=_facet_map(data["job"].get("facets")))
    inputs = [InputDataset(namespace=item["namespace"], name=item["name"], facets=_facet_map(item.get("facets")),
                           inputFacets=_facet_map(item.get("inputFacets"))) for item in data.get("inputs", [])]
    event: RunEvent | JobEvent
    if "run" in data:
        event = RunEvent(eventType=RunState(data["eventType"]), eventTime=data["eventTime"], producer=data["producer"],
                         run=Run(runId=data["run"]["runId"], facets=_facet_map(data["run"].get("facets"))), job=job,
                         inputs=inputs, outputs=[])
    else:
        event = JobEvent(eventTime=data["eventTime"], producer=data["producer"], job=job, inputs=inputs, outputs=[])
    assert Serde.to_dict(event) == data
    return event


# --- a local OpenLineage endpoint ---------------------------------------------------------------------------


class Endpoint:
    def __init__(self, url: str) -> None:
        self.url = url
        self.received: list[tuple[str, dict[str, Any]]] = []

    def events(self) -> list[dict[str, Any]]:
        return [body for _, body in self.received]


@contextlib.contextmanager
def endpoint(status: int = 201) -> Iterator[Endpoint]:
    """An HTTP server on 127.0.0.1 that keeps every JSON body POSTed to it and answers ``status``."""
    box: list[Endpoint] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            box[0].received.append((self.path, json.loads(body)))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.append(Endpoint(f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()


def http_transport(url: str) -> HttpTransport:
    return HttpTransport(HttpConfig.from_dict({"type": "http", "url": url, "retry": {"total": 0}}))


def config_repo(root: Path, config: str = CONFIG, remote: str = "git@github.com:acme/churn.git") -> tuple[Path, str]:
    repo = git_init(root)
    git(repo, "remote", "add", "origin", remote)
    write(repo, "configs/train.yaml", config)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "config")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def only_event(outcome: Outcome) -> dict[str, Any]:
    lines = outcome.out.splitlines()
    assert len(lines) == 1, outcome.out
    event: dict[str, Any] = json.loads(lines[0])
    return event


def inputs_by_name(event: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(item["namespace"], item["name"]): item for item in event["inputs"]}


# --- naming -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("reference", "key", "expected"), [
    ("s3://acme-data/reviews/train.parquet", "data.path", ("s3://acme-data", "reviews/train.parquet")),
    ("s3a://acme-data/reviews/", "data.path", ("s3://acme-data", "reviews/")),
    ("s3://acme-data/x.csv?versionId=3HL4kq", "data.path", ("s3://acme-data", "x.csv")),
    ("gs://bucket/a/b.jsonl", "data.path", ("gs://bucket", "a/b.jsonl")),
    ("gcs://bucket/a", "data.path", ("gs://bucket", "a")),
    ("abfss://raw@acct.dfs.core.windows.net/reviews/2024", "data.path",
     ("abfss://raw@acct.dfs.core.windows.net", "reviews/2024")),
    ("hdfs://namenode:8020/warehouse/reviews", "data.path", ("hdfs://namenode:8020", "warehouse/reviews")),
    ("dbfs:/mnt/reviews/train", "data.path", ("dbfs", "/mnt/reviews/train")),
    ("file:///data/reviews.csv", "data.path", ("file", "/data/reviews.csv")),
    ("file://nas01/data/reviews.csv", "data.path", ("file://nas01", "/data/reviews.csv")),
    ("/data/reviews.csv", "data.path", ("file", "/data/reviews.csv")),
    ("./data/../data/reviews.csv", "data.path", ("file", "data/reviews.csv")),
    ("data/reviews.csv", "data.train", ("file", "data/reviews.csv")),
    ("data/reviews", "data.train_dir", ("file", "data/reviews")),
    ("acme/product-reviews", "dataset.name", ("hf://datasets", "acme/product-reviews")),
    ("acme/product-reviews@v2", "dataset.name", ("hf://datasets", "acme/product-reviews")),
    ("hf://datasets/acme/reviews@abc1234/train.json", "data.files", ("hf://datasets", "acme/reviews/train.json")),
    ("https://huggingface.co/datasets/acme/reviews/resolve/main/train.json", "data.url",
     ("hf://datasets", "acme/reviews/train.json")),
    ("https://example.org/files/reviews.tar.gz", "data.url", ("https://example.org", "files/reviews.tar.gz")),
    ("bq://proj.ds.reviews", "data.table", ("bigquery", "proj.ds.reviews")),
    ("imagenet", "dataset", ("my-team", "imagenet")),
    ("coco_2017_train", "datasets.train", ("my-team", "coco_2017_train")),
])
def test_datasets_are_named_by_the_openlineage_naming_spec(reference: str, key: str, expected: tuple[str, str]) -> None:
    assert dataset_identity(reference, key, "my-team") == expected


@pytest.mark.parametrize(("remote", "expected"), [
    ("git@github.com:acme/churn.git", "https://github.com/acme/churn"),
    ("https://alice:token@github.com/acme/churn.git", "https://github.com/acme/churn"),
    ("ssh://git@gitlab.example.com:2222/ml/churn.git", "https://gitlab.example.com/ml/churn"),
    ("/srv/git/churn.git", None),
])
def test_remotes_become_web_urls_without_credentials(remote: str, expected: str | None) -> None:
    assert web_url(remote) == expected


# --- show --format openlineage on a config: the job's static lineage -------------------------------------------


def test_show_openlineage_of_a_config_is_a_valid_job_event(tmp_path: Path) -> None:
    repo, commit = config_repo(tmp_path / "repo")
    outcome = cli(repo, "show", "--format", "openlineage", "configs/train.yaml")
    assert outcome.code == 0, outcome.err
    event = only_event(outcome)
    validate(event)
    parsed = parse(event)
    assert isinstance(parsed, JobEvent)
    assert event["producer"] == custom.PRODUCER and event["job"] == {**event["job"], "namespace": "default",
                                                                      "name": "configs/train.yaml"}
    location = event["job"]["facets"]["sourceCodeLocation"]
    assert location["url"] == f"https://github.com/acme/churn/blob/{commit}/configs/train.yaml"
    assert (location["type"], location["version"], location["repoUrl"]) == ("git", commit, "https://github.com/acme/churn")
    config = event["job"]["facets"][custom.CONFIG]
    assert (config["commit"], config["tree"], config["path"]) == (commit, "clean", "configs/train.yaml")
    assert config["seed"] == {"status": "declared", "key": "seed", "value": 1234, "declaredIn": "configs/train.yaml:1"}
    datasets = inputs_by_name(event)
    assert set(datasets) == {("hf://datasets", "acme/product-reviews"), ("s3://acme-data", "reviews/valid.parquet"),
                             ("file", "data/test.csv")}
    train = datasets[("hf://datasets", "acme/product-reviews")]
    assert train["facets"]["version"]["datasetVersion"] == "v2.1.0"
    assert train["facets"][custom.PIN] == {**train["facets"][custom.PIN], "pin": "weak", "evidence": "explicit-version"}
    assert train["inputFacets"][custom.INPUT]["context"] == "training"
    valid = datasets[("s3://acme-data", "reviews/valid.parquet")]
    assert valid["facets"]["version"]["datasetVersion"] == "3HL4kqtJlcpXroDTDmJ"
    assert valid["inputFacets"][custom.INPUT] == {**valid["inputFacets"][custom.INPUT], "context": "validation",
                                                  "key": "data.valid_path", "declaredIn": "configs/train.yaml:6"}
    test = datasets[("file", "data/test.csv")]
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    assert test["facets"]["version"]["datasetVersion"] == digest
    assert (test["facets"][custom.PIN]["digest"], test["facets"][custom.PIN]["pin"]) == (digest, "strong")
    assert test["inputFacets"][custom.INPUT]["context"] == "test"


def test_the_schema_checks_are_not_vacuous(tmp_path: Path) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    event = only_event(cli(repo, "show", "--format", "openlineage", "configs/train.yaml"))
    pin = event["inputs"][0]["facets"][custom.PIN]
    del pin["pin"]
    with pytest.raises(ValidationError):
        validate(event)
    with pytest.raises(TypeError):  # the client's classes refuse it too
        parse(event)
    event = only_event(cli(repo, "show", "--format", "openlineage", "configs/train.yaml"))
    event["job"]["facets"]["sourceCodeLocation"].pop("url")
    with pytest.raises(ValidationError):
        validate(event)


def test_the_facet_schema_is_published_where_its_id_says() -> None:
    assert load_schema("openlineage-facets")["$id"] == custom.SCHEMA_URL
    assert custom.SCHEMA_URL.endswith("/schemas/openlineage-facets.schema.json")


def test_the_job_namespace_comes_from_openlineage_namespace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = config_repo(tmp_path / "repo", config="seed: 1\ndataset: imagenet\n")
    monkeypatch.setenv("OPENLINEAGE_NAMESPACE", "churn-team")
    event = only_event(cli(repo, "show", "--format", "openlineage", "configs/train.yaml"))
    validate(event)
    assert event["job"]["namespace"] == "churn-team"
    assert [(item["namespace"], item["name"]) for item in event["inputs"]] == [("churn-team", "imagenet")]


def test_a_config_outside_git_has_no_source_location_and_an_uncommitted_edit_is_dirty(tmp_path: Path) -> None:
    write(tmp_path / "plain", "train.yaml", "seed: 7\ndataset: s3://b/k\n")
    event = only_event(cli(tmp_path / "plain", "show", "--format", "openlineage", "train.yaml"))
    validate(event)
    assert "sourceCodeLocation" not in event["job"]["facets"]
    assert "commit" not in event["job"]["facets"][custom.CONFIG]
    repo, commit = config_repo(tmp_path / "repo")
    write(repo, "configs/train.yaml", CONFIG.replace("1234", "99"))
    event = only_event(cli(repo, "show", "--format", "openlineage", "configs/train.yaml"))
    config = event["job"]["facets"][custom.CONFIG]
    assert (config["commit"], config["tree"], config["seed"]["value"]) == (commit, "dirty", 99)


def test_files_that_are_not_training_configs_get_no_event_and_say_why(tmp_path: Path) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    write(repo, "configs/empty.yaml", "")
    write(repo, "configs/bad.yaml", "seed: [1\n")
    outcome = cli(repo, "show", "--format", "openlineage", "configs/empty.yaml", "configs/train.yaml",
                  "configs/bad.yaml")
    assert outcome.code == 0
    assert [json.loads(line)["job"]["name"] for line in outcome.out.splitlines()] == ["configs/train.yaml"]
    assert "no OpenLineage event for configs/empty.yaml" in outcome.err
    assert "no OpenLineage event for configs/bad.yaml: it could not be read" in outcome.err


def test_emit_without_format_openlineage_is_a_usage_error(tmp_path: Path) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    outcome = cli(repo, "show", "--emit", "configs/train.yaml")
    assert outcome.code == 2 and "--emit" in outcome.err and outcome.out == ""


def test_show_emit_sends_to_openlineage_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    with endpoint() as receiving:
        monkeypatch.setenv("OPENLINEAGE_URL", receiving.url)
        outcome = cli(repo, "show", "--format", "openlineage", "--emit", "configs/train.yaml")
    assert outcome.code == 0, outcome.err
    assert outcome.out == "" and "sent 1 OpenLineage event through the http transport" in outcome.err
    [(path, event)] = receiving.received
    assert path == "/api/v1/lineage"
    validate(event)
    assert isinstance(parse(event), JobEvent) and event["job"]["name"] == "configs/train.yaml"


def test_show_emit_that_cannot_send_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    with endpoint(status=400) as refusing:
        monkeypatch.setenv("OPENLINEAGE_URL", refusing.url)
        outcome = cli(repo, "show", "--format", "openlineage", "--emit", "configs/train.yaml")
    assert outcome.code == 2
    assert outcome.err == (f"lineage-lint: could not decide: the OpenLineage events could not be sent through the "
                           f"http transport to {refusing.url}: the endpoint answered HTTP 400\n")


@pytest.mark.parametrize(("url", "why"), [
    ("http://127.0.0.1:{port}", "connection refused"),
    ("http://alice:s3cret@127.0.0.1:{port}", "connection refused"),
    ("http://lineage-endpoint.invalid", "its host name does not resolve"),
])
def test_show_emit_says_why_in_plain_words_and_hides_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 url: str, why: str) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = url.format(port=port)
    repo, _ = config_repo(tmp_path / "repo")
    monkeypatch.setenv("OPENLINEAGE_URL", url)
    outcome = cli(repo, "show", "--format", "openlineage", "--emit", "configs/train.yaml")
    assert outcome.code == 2
    shown = url.replace("alice:s3cret", "***")  # the userinfo hidden whole, as every report hides it
    assert outcome.err == (f"lineage-lint: could not decide: the OpenLineage events could not be sent through the "
                           f"http transport to {shown}: {why}\n")
    assert "s3cret" not in outcome.err and "HTTPConnectionPool" not in outcome.err


def test_without_the_client_the_openlineage_format_says_how_to_install_it(tmp_path: Path) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    probe = ("import sys; sys.modules['openlineage'] = None; from lineage_lint.cli import main;"
             "raise SystemExit(main(['show', '--format', 'openlineage', 'configs/train.yaml']))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert "pip install 'lineage-lint[openlineage]'" in done.stderr and "Traceback" not in done.stderr


# --- against a real mlflow server: log_lineage's run events, and the run's own ---------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    with mlflow_server(tmp_path_factory.mktemp("mlflow")) as running, log_shown_on_failure(running, request):
        mlflow.set_tracking_uri(running.uri)
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> Any:
    return MlflowClient(tracking_uri=server.uri, registry_uri=server.uri)


def lineaged_run(repo: Path, **kwargs: Any) -> str:
    from lineage_lint.mlflow import log_lineage

    with mlflow.start_run() as run:
        log_lineage(repo / "configs" / "train.yaml", **kwargs)
        run_id: str = run.info.run_id
    return run_id


def test_log_lineage_sends_the_runs_start_event_and_show_its_completion(server: Server, tmp_path: Path) -> None:
    repo, commit = config_repo(tmp_path / "repo")
    with endpoint() as receiving:
        run_id = lineaged_run(repo, openlineage=http_transport(receiving.url))
    [(path, start)] = receiving.received
    assert path == "/api/v1/lineage"
    validate(start)
    parsed = parse(start)
    assert isinstance(parsed, RunEvent) and parsed.eventType == RunState.START
    assert start["run"]["runId"] == str(uuid.UUID(hex=run_id))
    assert (start["job"]["namespace"], start["job"]["name"]) == ("default", "configs/train.yaml")
    assert start["job"]["facets"]["sourceCodeLocation"]["version"] == commit
    assert start["run"]["facets"][custom.SEED] == {**start["run"]["facets"][custom.SEED], "status": "declared",
                                                   "key": "seed", "value": 1234, "declaredIn": "configs/train.yaml:1"}
    tags = {tag["key"]: tag["value"] for tag in start["run"]["facets"]["tags"]["tags"]}
    assert tags["mlflow.run_id"] == run_id
    # the run as MLflow holds it once it ended: the same run of the same job, on the same datasets
    outcome = cli(tmp_path, "show", "--format", "openlineage", f"runs:/{run_id}", "--tracking-uri", server.uri)
    assert outcome.code == 0, outcome.err
    done = only_event(outcome)
    validate(done)
    assert isinstance(parse(done), RunEvent) and done["eventType"] == "COMPLETE"
    assert done["run"]["runId"] == start["run"]["runId"] and done["job"]["name"] == start["job"]["name"]
    assert set(inputs_by_name(done)) == set(inputs_by_name(start))
    for key, item in inputs_by_name(start).items():
        assert inputs_by_name(done)[key]["facets"].get("version") == item["facets"].get("version")
    assert done["run"]["facets"][custom.SEED]["declaredIn"] == f"runs:/{run_id}#params.seed"
    assert done["job"]["facets"][custom.CONFIG]["sha256"] == start["job"]["facets"][custom.CONFIG]["sha256"]


def test_log_lineage_with_true_uses_the_clients_own_configuration(server: Server, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    with endpoint() as receiving:
        monkeypatch.setenv("OPENLINEAGE_URL", receiving.url)
        monkeypatch.setenv("OPENLINEAGE_NAMESPACE", "churn-team")
        run_id = lineaged_run(repo, openlineage=True)
    [event] = receiving.events()
    validate(event)
    assert event["run"]["runId"] == str(uuid.UUID(hex=run_id)) and event["job"]["namespace"] == "churn-team"


def test_an_event_that_cannot_be_sent_warns_and_the_run_keeps_its_lineage(server: Server, client: Any,
                                                                         tmp_path: Path) -> None:
    from lineage_lint.mlflow import LineageWarning

    repo, _ = config_repo(tmp_path / "repo")
    with endpoint(status=400) as refusing, pytest.warns(LineageWarning) as warned:
        run_id = lineaged_run(repo, openlineage=http_transport(refusing.url))
    assert [str(w.message) for w in warned if w.category is LineageWarning] == [
        f"log_lineage: the OpenLineage event for run {run_id} could not be sent through the http transport to "
        f"{refusing.url}: the endpoint answered HTTP 400"]
    assert client.get_run(run_id).data.params["seed"] == "1234"


def test_a_bad_openlineage_target_fails_before_anything_is_recorded(server: Server, client: Any,
                                                                  tmp_path: Path) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    with mlflow.start_run() as run, pytest.raises(TypeError, match="openlineage= takes True"):
        from lineage_lint.mlflow import log_lineage

        log_lineage(repo / "configs" / "train.yaml", openlineage="http://127.0.0.1:9")
    assert "seed" not in client.get_run(run.info.run_id).data.params


def test_a_run_logged_by_hand_is_named_by_its_inputs_sources(server: Server, client: Any, tmp_path: Path) -> None:
    from mlflow.entities import Dataset, DatasetInput, InputTag, RunTag

    run_id = client.create_run("0").info.run_id
    client.log_batch(run_id, tags=[RunTag("mlflow.source.name", "train.py")])
    source = json.dumps({"uri": "s3://acme-data/reviews/", "version": "v3"})
    client.log_inputs(run_id, datasets=[DatasetInput(Dataset("reviews", "abcd1234", "s3", source),
                                                     [InputTag("mlflow.data.context", "training")])])
    outcome = cli(tmp_path, "show", "--format", "openlineage", f"runs:/{run_id}", "--tracking-uri", server.uri)
    event = only_event(outcome)
    validate(event)
    assert event["eventType"] == "RUNNING" and event["job"]["name"] == "train.py"
    [item] = event["inputs"]
    assert (item["namespace"], item["name"], item["facets"]["version"]["datasetVersion"]) == (
        "s3://acme-data", "reviews/", "v3")
    assert event["run"]["facets"][custom.SEED]["status"] == "missing"
    client.set_terminated(run_id, "FAILED")
    failed = only_event(cli(tmp_path, "show", "--format", "openlineage", f"runs:/{run_id}", "--tracking-uri",
                            server.uri))
    assert failed["eventType"] == "FAIL"


# --- model cards ----------------------------------------------------------------------------------------------


def registered_version(client: Any, run_id: str, name: str, description: str | None = None) -> str:
    """A version of ``name`` registered the MLflow 3 way (a logged model of the run, then a version of it)."""
    logged = client.create_logged_model(experiment_id="0", name="model", source_run_id=run_id)
    with contextlib.suppress(MlflowException):
        client.create_registered_model(name)
    version = client.create_model_version(name, f"models:/{logged.model_id}", model_id=logged.model_id,
                                          description=description, await_creation_for=0)
    return str(version.version)


def gated_repo(root: Path) -> tuple[Path, str]:
    """A committed config, and a gate configuration that requires a description (LL501)."""
    repo, commit = config_repo(root)
    write(repo, ".lineage-lint.toml", "[gate]\nrequire-description = true\n")
    return repo, commit


def gate_cli(repo: Path, server: Server, *args: str) -> Outcome:
    return cli(repo, *args, "--tracking-uri", server.uri)


def test_register_with_a_model_card_describes_the_version_from_its_lineage(server: Server, client: Any,
                                                                           tmp_path: Path) -> None:
    repo, commit = gated_repo(tmp_path / "repo")
    run_id = lineaged_run(repo)
    client.create_logged_model(experiment_id="0", name="model", source_run_id=run_id)
    name = f"card-register-{run_id[:8]}"
    outcome = gate_cli(repo, server, "register", f"runs:/{run_id}", "--name", name, "--model-card")
    assert outcome.code == 0, outcome.out + outcome.err
    assert "registered:" in outcome.out and "model card written" in outcome.out
    description = client.get_model_version(name, "1").description
    assert description.startswith(model_card.START) and description.endswith(model_card.END)
    assert f"Trained by run `runs:/{run_id}` from commit `{commit}` (clean working tree)." in description
    assert f"Training config: `configs/train.yaml` at `{commit[:12]}`, sha256 `" in description
    assert "Seed: **1234** (`params.seed`)." in description
    assert "| `acme/product-reviews` | `v2.1.0` | weak | training |" in description
    assert re.search(r"^\| `s3://acme-data/reviews/valid\.parquet\?versionId=3HL4kqtJlcpXroDTDmJ` \| "
                     r"`3HL4kqtJlcpXroDTDmJ` \| \w+ \| validation \|$", description, re.MULTILINE)
    assert "CI job: none recorded" in description
    assert "Gate: **pass** under policy `run-default` (sha256 `" in description and "for registration" in description
    assert gate_cli(repo, server, "gate", f"models:/{name}/1").code == 0  # LL501 passes: the card is its description


def test_promote_with_a_model_card_passes_require_description_by_construction(server: Server, client: Any,
                                                                              tmp_path: Path) -> None:
    repo, _ = gated_repo(tmp_path / "repo")
    name = f"card-promote-{tmp_path.name[-12:]}"
    version = registered_version(client, lineaged_run(repo), name)
    refused = gate_cli(repo, server, "promote", f"models:/{name}/{version}", "--alias", "champion")
    assert refused.code == 1 and "LL501" in refused.out
    dry = gate_cli(repo, server, "promote", f"models:/{name}/{version}", "--alias", "champion", "--model-card",
                   "--dry-run")
    assert dry.code == 0 and "would write its description (model card written)" in dry.out
    assert not client.get_model_version(name, version).description
    outcome = gate_cli(repo, server, "promote", f"models:/{name}/{version}", "--alias", "champion", "--model-card")
    assert outcome.code == 0, outcome.out + outcome.err
    assert "promoted: set alias @champion" in outcome.out and "model card written" in outcome.out
    card = client.get_model_version(name, version).description
    assert "for alias @&#8203;champion" in card  # a name read from the server mentions nobody
    assert gate_cli(repo, server, "gate", f"models:/{name}@champion").code == 0


def test_a_hand_written_description_is_kept_and_the_card_replaced_on_later_runs(server: Server, client: Any,
                                                                               tmp_path: Path) -> None:
    repo, _ = gated_repo(tmp_path / "repo")
    name = f"card-keep-{tmp_path.name[-12:]}"
    hand = "Churn classifier for EU customers.\n\nLimits: not for accounts younger than 30 days."
    version = registered_version(client, lineaged_run(repo), name, description=hand)
    outcome = gate_cli(repo, server, "promote", f"models:/{name}/{version}", "--alias", "staging", "--model-card")
    assert outcome.code == 0, outcome.out
    assert "model card written below the hand-written description (kept as it was)" in outcome.out
    first = client.get_model_version(name, version).description
    assert first.startswith(hand + "\n\n" + model_card.START)
    client.update_model_version(name, version, description=first + "\n\nReviewed by the risk team.")
    again = gate_cli(repo, server, "promote", f"models:/{name}/{version}", "--alias", "champion", "--model-card")
    assert again.code == 0 and "model card replaced (the hand-written description around it kept)" in again.out
    second = client.get_model_version(name, version).description
    assert second.count(model_card.START) == 1 and second.count(model_card.END) == 1
    assert second.startswith(hand + "\n\n" + model_card.START)
    assert second.endswith(model_card.END + "\n\nReviewed by the risk team.")
    assert "for alias @&#8203;champion" in second and "for alias @&#8203;staging" not in second


def test_a_card_that_cannot_fit_stops_the_promotion_before_anything_moves(server: Server, client: Any,
                                                                         tmp_path: Path) -> None:
    repo, _ = gated_repo(tmp_path / "repo")
    name = f"card-long-{tmp_path.name[-12:]}"
    version = registered_version(client, lineaged_run(repo), name, description="x" * 4900)
    outcome = gate_cli(repo, server, "promote", f"models:/{name}/{version}", "--alias", "champion", "--model-card")
    assert outcome.code == 2 and "exceed the 5000 characters MLflow keeps" in outcome.out
    assert client.get_model_version(name, version).aliases == []
    assert client.get_model_version(name, version).description == "x" * 4900


def test_card_text_from_the_server_is_inert_markdown() -> None:
    from lineage_lint.record import DatasetRef, LineageRecord, Origin, SeedVerdict

    record = LineageRecord("runs:/abc", "mlflow-run", SeedVerdict("random", Origin("runs:/abc", field="params.seed")),
                           [DatasetRef("input", "[click](https://evil.example) @alice", "none",
                                       Origin("runs:/abc", field="inputs.datasets[0]"))])
    card = model_card.card(record, "abc", None)
    assert "[click](" not in card and "\\[click\\]" in card and "@&#8203;alice" in card
    assert "Seed: random (`params.seed`)." in card and "| none | none | training |" in card
    assert model_card.merge("", card) == (card, "model card written")
    replaced, done = model_card.merge(f"intro\n\n{card}\n\noutro", card.replace("random", "missing"))
    assert replaced == f"intro\n\n{card.replace('random', 'missing')}\n\noutro"
    assert done.startswith("model card replaced")


# --- audit tags keep a history, and say which alias is current -------------------------------------------------


def test_audit_tags_keep_a_history_and_the_aliases_each_version_holds(server: Server, client: Any,
                                                                      tmp_path: Path) -> None:
    repo, _ = config_repo(tmp_path / "repo")
    name = f"audit-{tmp_path.name[-12:]}"
    first = registered_version(client, lineaged_run(repo), name)
    second = registered_version(client, lineaged_run(repo), name)
    assert gate_cli(repo, server, "promote", f"models:/{name}/{first}", "--alias", "champion").code == 0
    assert gate_cli(repo, server, "promote", f"models:/{name}/{second}", "--alias", "champion").code == 0
    assert gate_cli(repo, server, "promote", f"models:/{name}/{second}", "--alias", "staging").code == 0
    old, new = client.get_model_version(name, first).tags, client.get_model_version(name, second).tags
    assert old["lineage_lint.aliases"] == "none"
    assert [entry["action"] for entry in json.loads(old["lineage_lint.history"])] == [
        "alias @champion", "alias @champion moved to version 2"]
    assert new["lineage_lint.aliases"] == "@champion, @staging" and new["lineage_lint.action"] == "alias @staging"
    history = json.loads(new["lineage_lint.history"])
    assert [(entry["action"], entry["gate"], entry["policy"]) for entry in history] == [
        ("alias @champion", "pass", "run-default"), ("alias @staging", "pass", "run-default")]
    assert all(entry["at"].endswith("Z") and len(entry["policy_sha256"]) == 12 for entry in history)
    compared = gate_cli(repo, server, "diff", f"models:/{name}/{first}", f"models:/{name}/{second}", "--all")
    assert ("lineage_lint.history 2 actions, the last: alias @champion moved to version 2 → 2 actions, the last: "
            "alias @staging") in compared.out
    assert "lineage_lint.aliases none → @champion, @staging" in compared.out


def test_the_history_is_bounded() -> None:
    from lineage_lint.mlflow.actions import MAX_HISTORY, MAX_HISTORY_CHARS, history

    kept: str | None = None
    for number in range(MAX_HISTORY + 7):
        kept = history(kept, {"action": f"alias @a{number}"})
    actions = [entry["action"] for entry in json.loads(kept or "[]")]
    assert actions == [f"alias @a{n}" for n in range(7, MAX_HISTORY + 7)]
    long = history(kept, {"action": "x" * 3000})
    assert len(long) <= MAX_HISTORY_CHARS and json.loads(long)[-1]["action"] == "x" * 3000
    assert json.loads(history("not json", {"action": "a"})) == [{"action": "a"}]
