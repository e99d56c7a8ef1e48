"""The MLflow promotion gate against a real ``mlflow server`` (SQLite, 127.0.0.1, a free port).

`gate`, `promote` and `register` run in-process through ``lineage_lint.cli.main``; runs are recorded with
the real MLflow client and with ``log_lineage`` from temporary git repositories.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mlflow  # a test dependency (the `test` extra): these tests fail, never skip, without it
import pytest
from jsonschema import Draft202012Validator
from mlflow.entities import Dataset, DatasetInput, InputTag, Param, RunTag
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from lineage_lint.cli import GATE_FORMATS
from lineage_lint.schema_files import load_schema
from mlflow_support import Answer, Server, forwarder, free_port, json_answer, mlflow_server, stalling_server
from support import Outcome, chdir, cli, git, git_init, write

GOOD_CONFIG = """
seed: 1234
data:
  train:
    name: acme/product-reviews
    version: v2.1.0
trainer:
  max_epochs: 3
"""
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    failed_before = request.session.testsfailed
    with mlflow_server(tmp_path_factory.mktemp("mlflow")) as started:
        mlflow.set_tracking_uri(started.uri)
        yield started
        if request.session.testsfailed > failed_before:  # show what the server said about the failures
            sys.stderr.write(f"\n--- mlflow server log ({started.log}) ---\n{started.log.read_text()[-6000:]}\n")


@pytest.fixture
def server(running: Server, asked_by: str) -> Server:
    """The server, asked by each client in turn (a test that reads through the gate runs with both)."""
    return running


@pytest.fixture(scope="module")
def client(running: Server) -> Any:
    return MlflowClient(tracking_uri=running.uri, registry_uri=running.uri)


_counter = iter(range(10_000))


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}-{time.monotonic_ns() % 100_000}"


def make_run(client: Any, *, params: dict[str, str] | None = None, tags: dict[str, str] | None = None,
             datasets: list[tuple[str, str, str]] | None = None) -> str:
    """A finished run with the given params, tags and (name, digest, source-json) inputs. MLflow keeps one
    dataset per (name, digest) in an experiment, so tests that need a different source use another name."""
    run = client.create_run("0")
    run_id: str = run.info.run_id
    client.log_batch(run_id, params=[Param(k, v) for k, v in (params or {}).items()],
                     tags=[RunTag(k, v) for k, v in (tags or {}).items()])
    if datasets:
        inputs = [DatasetInput(Dataset(name, digest, "s3", source), [InputTag("mlflow.data.context", "training")])
                  for name, digest, source in datasets]
        client.log_inputs(run_id, datasets=inputs)
    client.set_terminated(run_id)
    return run_id


def register(client: Any, run_id: str, name: str | None = None) -> tuple[str, str]:
    """Register the run's model the MLflow 3 way: a logged model, then a version whose source is it."""
    name = name or unique("model")
    logged = client.create_logged_model(experiment_id="0", name="model", source_run_id=run_id)
    with contextlib.suppress(MlflowException):  # the model exists already
        client.create_registered_model(name)
    version = client.create_model_version(name, f"models:/{logged.model_id}", model_id=logged.model_id,
                                          await_creation_for=0)
    return name, str(version.version)


def lineaged_run(client: Any) -> str:
    return make_run(client, params={"seed": "42"},
                    tags={"mlflow.source.git.commit": COMMIT, "lineage.git_dirty": "false"},
                    datasets=[("acme/reviews", "", json.dumps({"uri": "s3://acme/reviews", "version": "v3"}))])


def gate(cwd: Path, server: Server, command: str, uri: str, *args: str) -> Outcome:
    """``lineage-lint COMMAND URI --tracking-uri SERVER ARGS`` in-process from ``cwd``."""
    return cli(cwd, command, uri, "--tracking-uri", server.uri, *args)


def committed_repo(root: Path, config: str = GOOD_CONFIG) -> tuple[Path, str]:
    repo = git_init(root)
    write(repo, "configs/train.yaml", config)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "config")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def log_lineage_run(repo: Path, config: str = "configs/train.yaml", **kwargs: Any) -> str:
    from lineage_lint.mlflow import log_lineage

    with mlflow.start_run() as run:
        log_lineage(repo / config, **kwargs)
        run_id: str = run.info.run_id
    return run_id


# --- the decision ------------------------------------------------------------------------------------


def test_run_without_lineage_fails(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = make_run(client, params={"lr": "0.1"})
    name, version = register(client, run_id)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version}", "--format", "json")
    assert outcome.code == 1, outcome.err
    report = outcome.json()
    assert report["verdict"] == "fail" and report["run_id"] == run_id
    assert [(f["code"], f["path"], f["severity"]) for f in report["findings"]] == [
        ("LL204", f"runs:/{run_id}", "error"),
        ("LL101", f"runs:/{run_id}#params.seed", "error"),
        ("LL301", f"runs:/{run_id}#tags.mlflow.source.git.commit", "error"),
    ]
    seed = next(f for f in report["findings"] if f["code"] == "LL101")
    assert seed["path"].endswith("#params.seed")  # the run field, where a file finding has its line


def test_run_recorded_with_log_lineage_passes(server: Server, client: Any, tmp_path: Path) -> None:
    repo, commit = committed_repo(tmp_path / "repo")
    run_id = log_lineage_run(repo)
    name, version = register(client, run_id)
    outcome = gate(repo, server, "gate", f"models:/{name}/{version}", "--format", "json")
    assert outcome.code == 0, outcome.out + outcome.err
    report = outcome.json()
    record = report["record"]
    assert record["seed"]["status"] == "declared" and record["seed"]["value"] == 1234
    assert [(d["ref"], d["version"], d["pin"], d["context"]) for d in record["datasets"]] == [
        ("acme/product-reviews", "v2.1.0", "weak", "training")]
    assert record["code"] == {"commit": commit, "tree": "clean",
                              "from": f"runs:/{run_id}#tags.mlflow.source.git.commit"}
    assert record["config"]["path"] == "configs/train.yaml"
    assert list(Draft202012Validator(load_schema("record")).iter_errors(record)) == []  # the documented shape
    assert report["consistency"].startswith(f"checked against configs/train.yaml@{commit[:12]}")
    run = client.get_run(run_id)
    assert run.data.params["seed"] == "1234"
    assert run.data.tags["dataset_version.acme/product-reviews"] == "v2.1.0"
    assert "lineage/train.yaml" in [a.path for a in client.list_artifacts(run_id, "lineage")]


def test_alias_is_resolved_to_its_version(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = lineaged_run(client)
    name, version = register(client, run_id)
    register(client, make_run(client), name)  # a later, unlineaged version the alias does not point at
    client.set_registered_model_alias(name, "challenger", version)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}@challenger",
                   "--format", "json")
    assert outcome.code == 0, outcome.out + outcome.err
    report = outcome.json()
    assert report["model"] == {"name": name, "version": version}
    assert report["run_id"] == run_id


def test_runs_uri_and_legacy_run_id_versions(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = lineaged_run(client)
    assert gate(tmp_path, server, "gate", f"runs:/{run_id}").code == 0
    name = unique("legacy")
    client.create_registered_model(name)
    legacy = client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id, await_creation_for=0)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{legacy.version}", "--format", "json")
    assert outcome.code == 0, outcome.out
    assert outcome.json()["run_id"] == run_id


def test_version_without_run_fails(server: Server, client: Any, tmp_path: Path) -> None:
    name = unique("bare")
    client.create_registered_model(name)
    version = client.create_model_version(name, "s3://models/churn/final", await_creation_for=0)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version.version}")
    assert outcome.code == 1
    assert "LL308" in outcome.out and "names no run" in outcome.out


def test_a_run_id_contradicting_the_logged_model_fails(server: Server, client: Any, tmp_path: Path) -> None:
    """MLflow stores the run_id a client sends even when the version's logged model came from another run:
    the artifacts' run decides, and a contradiction is untraceable."""
    lineaged, unlineaged = lineaged_run(client), make_run(client)
    logged = client.create_logged_model(experiment_id="0", name="model", source_run_id=unlineaged)
    name = unique("claimed")
    client.create_registered_model(name)
    version = client.create_model_version(name, f"models:/{logged.model_id}", run_id=lineaged,
                                          model_id=logged.model_id, await_creation_for=0)
    assert version.run_id == lineaged  # what the registry says
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version.version}")
    assert outcome.code == 1, outcome.out
    assert "LL308" in outcome.out and f"its run_id {lineaged} is not the run that produced" in outcome.out
    assert unlineaged in outcome.out


@pytest.mark.parametrize("source", ["s3://other-bucket/model", "gs://x/evil"])
def test_files_from_anywhere_under_a_lineaged_runs_id_fail(server: Server, client: Any, tmp_path: Path,
                                                           source: str) -> None:
    """MLflow accepts any source with any run_id: the files must lie under the run's artifact location."""
    run_id = lineaged_run(client)
    name = unique("elsewhere")
    client.create_registered_model(name)
    version = client.create_model_version(name, source, run_id=run_id, await_creation_for=0)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version.version}")
    assert outcome.code == 1, outcome.out + outcome.err
    assert "LL308" in outcome.out and f"its source {source} does not lie under the artifact location" in outcome.out
    inside = client.create_model_version(name, f"{client.get_run(run_id).info.artifact_uri}/model", run_id=run_id,
                                         await_creation_for=0)
    assert gate(tmp_path, server, "gate", f"models:/{name}/{inside.version}").code == 0


def test_a_logged_model_from_another_experiment_fails(server: Server, client: Any, tmp_path: Path) -> None:
    """A logged model made elsewhere that merely names a lineaged run as its source is not that run's model."""
    run_id = lineaged_run(client)
    elsewhere = client.create_experiment(unique("elsewhere"))
    logged = client.create_logged_model(experiment_id=elsewhere, name="model", source_run_id=run_id)
    name = unique("foreign")
    client.create_registered_model(name)
    version = client.create_model_version(name, f"models:/{logged.model_id}", model_id=logged.model_id,
                                          await_creation_for=0)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version.version}")
    assert outcome.code == 1, outcome.out + outcome.err
    assert "LL308" in outcome.out
    assert f"its logged model {logged.model_id} is in experiment {elsewhere}" in outcome.out
    assert gate(tmp_path, server, "gate", f"models:/{logged.model_id}").code == 1


def test_a_copied_version_is_traced_through_its_source(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = lineaged_run(client)
    name, version = register(client, run_id)
    copy = client.copy_model_version(f"models:/{name}/{version}", unique("copied"))
    outcome = gate(tmp_path, server, "gate", f"models:/{copy.name}/{copy.version}", "--format", "json")
    assert outcome.code == 0, outcome.out
    assert outcome.json()["run_id"] == run_id
    bare = unique("bare-source")
    client.create_registered_model(bare)
    untraced = client.create_model_version(bare, "s3://models/churn/final", await_creation_for=0)
    copied_bare = client.copy_model_version(f"models:/{bare}/{untraced.version}", unique("copied"))
    outcome = gate(tmp_path, server, "gate", f"models:/{copied_bare.name}/{copied_bare.version}")
    assert outcome.code == 1 and f"it copies models:/{bare}/{untraced.version}" in outcome.out


def test_a_version_whose_run_was_deleted_fails(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = lineaged_run(client)
    name, version = register(client, run_id)
    client.delete_run(run_id)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version}")
    assert outcome.code == 1, outcome.out
    assert f"its run {run_id} is deleted" in outcome.out
    assert gate(tmp_path, server, "gate", f"runs:/{run_id}").code == 1
    client.restore_run(run_id)
    assert gate(tmp_path, server, "gate", f"models:/{name}/{version}").code == 0
    client.delete_run(run_id)
    purged = subprocess.run([sys.executable, "-m", "mlflow", "gc", "--backend-store-uri",
                             f"sqlite:///{server.folder / 'mlflow.db'}", "--run-ids", run_id],
                            capture_output=True, text=True, timeout=180, check=False)
    assert purged.returncode == 0, purged.stderr[-2000:]
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version}")
    assert outcome.code == 1, outcome.out + outcome.err  # the version exists, its lineage does not
    assert f"its run {run_id} no longer exists" in outcome.out
    model_id = client.get_model_version(name, version).source.removeprefix("models:/")
    client.delete_logged_model(model_id)
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version}")
    assert outcome.code == 1, outcome.out + outcome.err
    assert f"its logged model {model_id} no longer exists" in outcome.out


def test_floating_dataset_and_random_seed_fail(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = make_run(client, params={"seed": "-1"}, tags={"git_commit": COMMIT},
                      datasets=[("acme/nightly", "", json.dumps({"uri": "hf://acme/nightly", "revision": "main"}))])
    outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}")
    assert outcome.code == 1
    assert "LL102" in outcome.out and "LL202" in outcome.out
    assert "LL301" not in outcome.out  # git_commit is read as the commit too


def test_evaluation_data_alone_does_not_trace_the_training_data(server: Server, client: Any, tmp_path: Path) -> None:
    """mlflow.evaluate logs its data with context `eval`: a run whose only inputs are evaluation data names no
    training data, so it fails like a run without inputs."""
    run_id = make_run(client, params={"seed": "42"}, tags={"mlflow.source.git.commit": COMMIT})
    evaluation = Dataset("acme/holdout", "3f2a9c1b", "s3", json.dumps({"uri": "s3://acme/holdout"}))
    client.log_inputs(run_id, datasets=[DatasetInput(evaluation, [InputTag("mlflow.data.context", "eval")])])
    outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", "json")
    assert outcome.code == 1, outcome.out
    assert [f["code"] for f in outcome.json()["findings"]] == ["LL204"]
    training = Dataset("acme/reviews", "v3", "s3", json.dumps({"uri": "s3://acme/reviews", "version": "v3"}))
    client.log_inputs(run_id, datasets=[DatasetInput(training, [InputTag("mlflow.data.context", "train")])])
    assert gate(tmp_path, server, "gate", f"runs:/{run_id}").code == 0


def test_a_digest_is_judged_by_what_it_can_be(server: Server, client: Any, tmp_path: Path) -> None:
    """A refused run "fixed" with a junk digest is still unpinned: `whatever` is not a content hash."""
    source = json.dumps({"uri": "s3://acme/fixed"})
    run_id = make_run(client, params={"seed": "1"}, tags={"mlflow.source.git.commit": COMMIT},
                      datasets=[("acme/fixed", "whatever", source)])
    outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", "json")
    assert outcome.code == 1, outcome.out
    assert "LL201" in {finding["code"] for finding in outcome.json()["findings"]}


def test_a_finding_repeats_no_credentials_of_the_run(server: Server, client: Any, tmp_path: Path) -> None:
    """A run's dataset may be named by a URI carrying credentials (a presigned URL's signature, a password): the
    findings about it name the dataset without them, in every format (as the record's lines do)."""
    for uri, secrets in (("s3://acme/reviews.csv?X-Amz-Signature=sig-123", ("sig-123",)),
                         ("https://alice:s3cr3t-pw@files.example/reviews.csv", ("s3cr3t-pw", "alice"))):
        run_id = make_run(client, params={"random_seed": "1", "dataset_name": uri},
                          tags={"git_commit": COMMIT, "dataset_version": "latest"})
        for fmt in GATE_FORMATS:
            outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", fmt)
            assert outcome.code == 1, outcome.out + outcome.err
            assert "LL202" in outcome.out and "/reviews.csv" in outcome.out, (fmt, outcome.out)
            printed = (outcome.out + outcome.err).replace("\u200b", "").replace("&#8203;", "")
            for secret in secrets:
                assert secret not in printed, (uri, fmt, secret, printed)


def test_dataset_version_tags_teams_already_use(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = make_run(client, params={"random_seed": "11", "dataset_name": "s3://acme/churn/events"},
                      tags={"git_commit": COMMIT, "dataset_version": "2024-06-01"})
    outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", "json")
    assert outcome.code == 0, outcome.out
    (dataset,) = outcome.json()["record"]["datasets"]
    assert (dataset["ref"], dataset["version"], dataset["pin"]) == ("s3://acme/churn/events", "2024-06-01", "weak")
    assert dataset["from"] == f"runs:/{run_id}#tags.dataset_version"
    floating = make_run(client, params={"seed": "11"}, tags={"git_commit": COMMIT, "dataset": "acme/events",
                                                             "dataset_version": "latest"})
    assert "LL202" in gate(tmp_path, server, "gate", f"runs:/{floating}").out


# --- could not decide: exit 2, never 0 ----------------------------------------------------------------


def test_unreachable_server_exits_2_quickly(tmp_path: Path, asked_by: str) -> None:
    uri = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    outcome = cli(tmp_path, "gate", "models:/churn/1", "--tracking-uri", uri, "--retries", "0", "--timeout", "5")
    assert outcome.code == 2
    # in plain words, not the HTTP library's, whichever client asked
    assert outcome.err == f"lineage-lint: could not decide: cannot reach the tracking server at {uri} " \
                          "(connection refused)\n"
    assert time.monotonic() - started < 60


def test_the_timeout_bounds_the_whole_decision(tmp_path: Path, asked_by: str) -> None:

    with stalling_server(trickle=True) as uri:
        started = time.monotonic()
        outcome = cli(tmp_path, "gate", "models:/churn/1", "--tracking-uri", uri, "--timeout", "2", "--retries", "0")
        took = time.monotonic() - started
    assert outcome.code == 2, outcome.out + outcome.err
    assert "no decision within 2 s" in outcome.err
    assert took < 10, took  # the server would keep a per-read timeout waiting for 100,000 s


@pytest.mark.parametrize("query", ["/?token=tok-123&workspace=team", ""])
@pytest.mark.parametrize("fmt", ["text", "github", "markdown", "json"])
def test_credentials_in_the_tracking_uri_are_never_printed(tmp_path: Path, fmt: str, query: str,
                                                           asked_by: str) -> None:
    port = free_port()
    uri = f"http://alice:s3cr3t-pw@127.0.0.1:{port}{query}"
    outcome = cli(tmp_path, "gate", "models:/churn/1", "--tracking-uri", uri, "--retries", "0", "--timeout", "2",
                  "--format", fmt)
    assert outcome.code == 2
    printed = outcome.out + outcome.err
    # The REST client refuses a query (MLflow's client appends its paths after it: nothing can answer there).
    why = "cannot ask" if query and asked_by == "rest" else "cannot reach"
    assert why in outcome.err and f"http://***@127.0.0.1:{port}" in outcome.err, outcome.err
    for secret in ("s3cr3t-pw", "tok-123", "alice"):
        assert secret not in printed.replace("\u200b", "").replace("&#8203;", ""), (fmt, printed)
    if query:
        assert "workspace=team" in outcome.err  # what is not a secret stays


@pytest.mark.parametrize("fmt", ["text", "github", "markdown", "json"])
def test_credentials_spelled_oddly_are_never_printed(tmp_path: Path, fmt: str) -> None:
    """A password with a space or an unencoded ``@`` in it (wrong, but what people paste), and a token in the
    fragment: none of it is printed, in any format."""
    port = free_port()
    for uri in (f"http://alice:s3cr3t pw@127.0.0.1:{port}", f"http://alice:s3cr3t@pw x@127.0.0.1:{port}",
                f"http://127.0.0.1:{port}/#access_token=s3cr3t-pw"):
        outcome = cli(tmp_path, "gate", "models:/churn/1", "--tracking-uri", uri, "--retries", "0", "--timeout",
                      "2", "--format", fmt)
        assert outcome.code == 2, outcome.out
        printed = (outcome.out + outcome.err).replace("\u200b", "").replace("&#8203;", "")
        assert not any(secret in printed for secret in ("s3cr3t", "alice", " pw", "pw x")), (uri, fmt, printed)
        assert "127.0.0.1" in outcome.err, outcome.err  # where it could not reach is still said


# Passwords pasted unencoded: many spaces (of every kind), quotes and brackets, the URI's own delimiters.
ODD_PASSWORDS = ["c0rrect h0rse b4ttery st4ple n0w here", "  p4dded  ", "qu0te\"d's`b4ck<t1ck>",
                 "sl4sh/qu3ry?fr4g#ment", "t4b\tn0break\u00a0w1de\u3000sp4ce", "p3r%20c3nt@4t", "p4ren (s1de) n0te"]


def odd_pieces(password: str) -> list[str]:
    """The password, and every piece of it a URI parser or a word split may print apart."""
    return [password.strip(), *(piece for piece in re.split(r"[\s/?#@:%()]+", password) if len(piece) >= 4)]


@pytest.mark.parametrize("fmt", ["text", "github", "markdown", "json"])
@pytest.mark.parametrize("given", ["option", "environment"])
def test_passwords_with_many_spaces_or_odd_characters_are_never_printed(tmp_path: Path, fmt: str, given: str,
                                                                        asked_by: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """However a password is spelled in the tracking URI (``--tracking-uri`` or ``MLFLOW_TRACKING_URI``),
    neither it nor any piece of it is printed, in any format, by either client; where the gate could not reach
    or read is still said."""
    from lineage_lint.mlflow import redact

    port = free_port()
    for password in ODD_PASSWORDS:
        monkeypatch.setattr(redact, "_given", [])  # the URIs a process was given: one command's, here one case's
        uri = f"http://alice:{password}@127.0.0.1:{port}"
        if given == "option":
            monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
            options: tuple[str, ...] = ("--tracking-uri", uri)
        else:
            monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
            options = ()
        outcome = cli(tmp_path, "gate", "models:/churn/1", *options, "--retries", "0", "--timeout", "2",
                      "--format", fmt)
        assert outcome.code == 2, outcome.out + outcome.err
        printed = (outcome.out + outcome.err).replace("\u200b", "").replace("&#8203;", "")
        for secret in odd_pieces(password):
            assert secret not in printed, (password, secret, fmt, printed)
        assert "alice" not in printed, printed
        assert "127.0.0.1" in outcome.err or "the tracking URI cannot be read" in outcome.err, outcome.err


def test_credentials_split_by_invisible_characters_are_still_removed() -> None:
    from lineage_lint.mlflow.redact import redact

    sneaky = "at https://ali\u200bce:se\u200bcret@\u200bhost.example/path?X-Amz-Signature=abc&a=1 now"
    assert redact(sneaky) == "at https://***@host.example/path?X-Amz-Signature=***&a=1 now"


@pytest.mark.parametrize("password", ["c0rrect h0rse b4ttery st4ple n0w here", "  p4dded  ", "t4b\tn0break\u00a0w1de"])
def test_a_password_of_many_words_is_removed_from_any_uri(password: str) -> None:
    """A URI nobody gave the gate (a version's source in the plugin's refusal): read by its shape, a password
    of up to nine words, spaces of any kind around them, is removed all the same."""
    from lineage_lint.mlflow.redact import redact

    assert redact(f"from https://alice:{password}@files.example/model, refused") == \
        "from https://***@files.example/model, refused"


@pytest.mark.parametrize("uri", ["models:/no-such-model/1", "models:/no-such-model@champion"])
def test_unknown_model_or_alias_exits_2(server: Server, uri: str, tmp_path: Path) -> None:
    outcome = gate(tmp_path, server, "gate", uri, "--format", "json")
    assert outcome.code == 2
    assert outcome.json()["verdict"] == "undecided"
    assert "not found" in outcome.err


def test_unknown_alias_of_existing_model_exits_2(server: Server, client: Any, tmp_path: Path) -> None:
    name, _ = register(client, lineaged_run(client))
    assert gate(tmp_path, server, "gate", f"models:/{name}@nobody").code == 2


class _Refusing(http.server.BaseHTTPRequestHandler):
    """A server that refuses every request, as a tracking server behind auth does without credentials."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"You are not authenticated. Please provide valid credentials.")

    do_POST = do_GET

    def log_message(self, *args: Any) -> None:
        pass


class _Unavailable(http.server.BaseHTTPRequestHandler):
    """A server that is always briefly unavailable (503), counting the requests it gets."""

    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        self.send_response(503)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"try again later")

    def log_message(self, *args: Any) -> None:
        pass


def test_retries_are_bounded_by_each_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked_by: str) -> None:
    """--retries decides, call after call in one process; without it, MLFLOW_HTTP_REQUEST_MAX_RETRIES does."""
    unavailable = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    threading.Thread(target=unavailable.serve_forever, daemon=True).start()
    uri = f"http://127.0.0.1:{unavailable.server_address[1]}"
    seen = []
    try:
        for args in (("--retries", "1"), ("--retries", "0"), ()):
            if not args:
                monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
            _Unavailable.requests = 0
            outcome = cli(tmp_path, "gate", "models:/churn/1", "--tracking-uri", uri, "--timeout", "5", *args)
            assert outcome.code == 2 and "could not answer" in outcome.err, outcome.err
            seen.append(_Unavailable.requests)
    finally:
        unavailable.shutdown()
    assert seen == [2, 1, 1]


def test_refused_access_exits_2(tmp_path: Path, asked_by: str) -> None:
    refusing = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=refusing.serve_forever, daemon=True).start()
    try:
        outcome = cli(tmp_path, "gate", "models:/churn/1", "--tracking-uri",
                      f"http://127.0.0.1:{refusing.server_address[1]}")
    finally:
        refusing.shutdown()
    assert outcome.code == 2
    assert "refused access" in outcome.err


_URI_FORMS = "give models:/NAME/VERSION, models:/NAME@ALIAS, runs:/RUN_ID or models:/<model_id>"


@pytest.mark.parametrize(("args", "message"), [
    (("gate", "churn/1"), f"cannot read 'churn/1': {_URI_FORMS}"),
    (("gate", "models:/churn"), f"cannot read 'models:/churn': {_URI_FORMS}"),
    (("promote", "runs:/abc", "--alias", "champion"),
     "promote moves a model version: give models:/NAME/VERSION or models:/NAME@ALIAS, not runs:/abc"),
    (("register", "models:/churn/1", "--name", "x"),
     "register creates a version from a run: give runs:/RUN_ID[/PATH], not models:/churn/1"),
    (("gate", "models:/churn/1", "--policy", "no-such-policy.json"),
     "policy '{cwd}/no-such-policy.json' is neither one of the gate's presets (run-default, run-strict) nor a "
     "JSON Schema file (looked for {cwd}/no-such-policy.json)"),
    (("gate", "models:/churn/1", "--timeout", "0"), "--timeout must be at least 1 second and --retries at least 0"),
])
def test_bad_input_exits_2_with_a_message(server: Server, tmp_path: Path, args: tuple[str, ...],
                                          message: str) -> None:
    outcome = gate(tmp_path, server, *args)
    assert outcome.code == 2
    assert outcome.err == f"lineage-lint: could not decide: {message.format(cwd=tmp_path.resolve())}\n"


def test_unwritable_report_is_exit_2(server: Server, client: Any, tmp_path: Path) -> None:
    outcome = gate(tmp_path, server, "gate", f"runs:/{lineaged_run(client)}", "--output", "no/such/dir/r.json")
    assert outcome.code == 2
    assert "cannot write no/such/dir/r.json" in outcome.err


def test_parsing_the_gate_commands_imports_no_mlflow(tmp_path: Path) -> None:
    probe = ("import sys; from lineage_lint.cli import parse_args; import lineage_lint.mlflow;"
             "parse_args(['promote', 'models:/m/1', '--alias', 'champion']);"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mlflow', 'pandas', 'flask')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "[]", done.stderr


def test_missing_tracking_uri_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked_by: str) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    outcome = cli(tmp_path, "gate", "models:/churn/1")
    assert outcome.code == 2
    assert "MLFLOW_TRACKING_URI" in outcome.err


# --- promote and register ----------------------------------------------------------------------------


def test_promote_moves_the_alias_and_writes_audit_tags(running: Server, client: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    name, first = register(client, lineaged_run(client))
    _, second = register(client, lineaged_run(client), name)
    client.set_registered_model_alias(name, "champion", first)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_ACTOR", "alice")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "workflow_dispatch")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/churn")
    monkeypatch.setenv("GITHUB_RUN_ID", "77")
    dry = gate(tmp_path, running, "promote", f"models:/{name}/{second}", "--alias", "champion", "--dry-run")
    assert dry.code == 0, dry.out + dry.err
    assert f"would set alias @champion on {name} version {second} (was version {first})" in dry.out
    assert client.get_model_version_by_alias(name, "champion").version == first  # a dry run changes nothing
    outcome = gate(tmp_path, running, "promote", f"models:/{name}/{second}", "--alias", "champion")
    assert outcome.code == 0, outcome.out + outcome.err
    assert client.get_model_version_by_alias(name, "champion").version == second
    tags = client.get_model_version(name, second).tags
    assert tags["lineage_lint.gate"] == "pass"
    assert tags["lineage_lint.policy"] == "run-default"
    assert len(tags["lineage_lint.policy_sha256"]) == 64
    assert tags["lineage_lint.actor"] == "alice (workflow_dispatch) via github-actions"
    assert tags["lineage_lint.action"] == "alias @champion"
    assert tags["lineage_lint.ci_job_url"] == "https://github.com/acme/churn/actions/runs/77"
    assert tags["lineage_lint.checked_at"].endswith("Z")


def test_each_alias_is_judged_by_its_own_policy(server: Server, client: Any, tmp_path: Path) -> None:
    """`gate.aliases`: @champion needs run-strict; every other alias the gate's policy (run-default)."""
    write(tmp_path, ".lineage-lint.toml", '[gate.aliases]\nchampion = "run-strict"\n')
    name, version = register(client, lineaged_run(client))  # lineaged under run-default, not run-strict (no CI)
    refused = gate(tmp_path, server, "promote", f"models:/{name}/{version}", "--alias", "champion", "--format",
                   "json")
    assert refused.code == 1, refused.out + refused.err
    report = refused.json()
    assert report["policy"]["name"] == "run-strict" and "LL304" in {f["code"] for f in report["findings"]}
    with pytest.raises(MlflowException):
        client.get_model_version_by_alias(name, "champion")  # nothing moved
    accepted = gate(tmp_path, server, "promote", f"models:/{name}/{version}", "--alias", "challenger")
    assert accepted.code == 0, accepted.out + accepted.err
    assert "(policy run-default)" in accepted.out
    client.set_registered_model_alias(name, "champion", version)  # set behind the gate's back
    judged = gate(tmp_path, server, "gate", f"models:/{name}@champion")
    assert judged.code == 1 and "(policy run-strict)" in judged.out, judged.out


def test_promote_refuses_an_unlineaged_version(running: Server, client: Any, tmp_path: Path) -> None:
    name, good = register(client, lineaged_run(client))
    _, bad = register(client, make_run(client), name)
    client.set_registered_model_alias(name, "champion", good)
    outcome = gate(tmp_path, running, "promote", f"models:/{name}/{bad}", "--alias", "champion")
    assert outcome.code == 1
    assert client.get_model_version_by_alias(name, "champion").version == good
    assert "lineage_lint.gate" not in client.get_model_version(name, bad).tags


def _no_tag_writes(method: str, path: str) -> Answer | None:
    """A token allowed to set aliases but not tags is refused this way."""
    if path.endswith("/model-versions/set-tag"):
        return json_answer(403, {"error_code": "PERMISSION_DENIED", "message": "no tag writes"})
    return None


def test_promote_whose_audit_tags_fail_says_what_was_done(running: Server, client: Any, tmp_path: Path) -> None:
    name, version = register(client, lineaged_run(client))
    with forwarder(running.uri, answer=_no_tag_writes) as proxy:
        outcome = cli(tmp_path, "promote", f"models:/{name}/{version}", "--alias", "champion",
                      "--tracking-uri", proxy.uri, "--retries", "0")
    assert outcome.code == 2, outcome.out + outcome.err  # not a clean success: the audit trail is incomplete
    assert f"done: set alias @champion on {name} version {version}" in outcome.err
    assert "the audit tags could not all be written" in outcome.err
    assert client.get_model_version_by_alias(name, "champion").version == version  # the move did happen


def test_promote_to_a_stage(running: Server, client: Any, tmp_path: Path) -> None:
    name, version = register(client, lineaged_run(client))
    outcome = gate(tmp_path, running, "promote", f"models:/{name}/{version}",
                   "--stage", "Production", "--archive-existing", "--format", "json")
    assert outcome.code == 0, outcome.out + outcome.err
    assert client.get_model_version(name, version).current_stage == "Production"
    assert outcome.json()["action"]["audit_tags"]["lineage_lint.action"] == "stage Production"


def test_register_gates_first(running: Server, client: Any, tmp_path: Path) -> None:
    good = lineaged_run(client)
    client.create_logged_model(experiment_id="0", name="model", source_run_id=good)
    name = unique("registered")
    outcome = gate(tmp_path, running, "register", f"runs:/{good}", "--name", name, "--format", "json")
    assert outcome.code == 0, outcome.out + outcome.err
    version = outcome.json()["action"]["version"]
    created = client.get_model_version(name, version)
    assert created.run_id == good
    assert created.tags["lineage_lint.gate"] == "pass"
    assert created.tags["lineage_lint.aliases"] == "none"  # the audit tags say which alias is current from the start
    assert [entry["action"] for entry in json.loads(created.tags["lineage_lint.history"])] == [
        f"registered from runs:/{good}"]

    bad = make_run(client)
    client.create_logged_model(experiment_id="0", name="model", source_run_id=bad)
    refused = gate(tmp_path, running, "register", f"runs:/{bad}", "--name", name)
    assert refused.code == 1
    assert len(client.search_model_versions(f"name = '{name}'")) == 1


def test_register_needs_to_know_which_model(running: Server, client: Any, tmp_path: Path) -> None:
    run_id = lineaged_run(client)  # no logged model at all
    outcome = gate(tmp_path, running, "register", f"runs:/{run_id}", "--name", unique("none"))
    assert outcome.code == 2
    assert "0 logged models" in outcome.err


# --- consistency with the config at the run's commit ---------------------------------------------------


def test_config_changed_after_commit_is_caught(server: Server, client: Any, tmp_path: Path) -> None:
    repo, commit = committed_repo(tmp_path / "repo")
    # The run trains from an uncommitted edit: the commit says v2.1.0, the run uses (and logs) v3.0.0.
    write(repo, "configs/train.yaml", GOOD_CONFIG.replace("v2.1.0", "v3.0.0"))
    run_id = log_lineage_run(repo)
    outcome = gate(repo, server, "gate", f"runs:/{run_id}", "--format", "json")
    assert outcome.code == 1, outcome.out
    findings = outcome.json()["findings"]
    mismatch = next(f for f in findings if f["code"] == "LL401")
    assert mismatch["path"] == "configs/train.yaml" and mismatch["line"] == 5  # the version line
    assert "v3.0.0" in mismatch["message"] and "v2.1.0" in mismatch["message"]
    assert commit[:12] in mismatch["message"]
    assert any(f["code"] == "LL403" and f["severity"] == "warning" for f in findings)
    # Without the repository the same run passes run-default: the check needs the history.
    assert gate(repo, server, "gate", f"runs:/{run_id}", "--no-consistency").code == 0


def test_composed_bases_are_read_at_the_runs_commit(server: Server, client: Any, tmp_path: Path) -> None:
    """The seed comes from an MMEngine ``_base_`` file that changed after the run: the check reads the base as
    it was at the run's commit (so the run is consistent), not as it is in today's working tree."""
    repo = git_init(tmp_path / "repo")
    write(repo, "configs/_base_/runtime.py", "randomness = dict(seed=1234)\n")
    write(repo, "configs/r50.py", "_base_ = ['./_base_/runtime.py']\n"
                                  "train_dataloader = dict(dataset=dict(type='ImageNet', data_root='s3://acme/in1k', "
                                  "version='v2'))\noptim_wrapper = dict(lr=0.1)\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "config")
    run_id = log_lineage_run(repo, "configs/r50.py")
    write(repo, "configs/_base_/runtime.py", "randomness = dict(seed=99)\n")
    git(repo, "commit", "-qam", "a later change to the base")
    outcome = gate(repo, server, "gate", f"runs:/{run_id}", "--format", "json")
    report = outcome.json()
    assert outcome.code == 0, report["findings"]
    assert report["consistency"].startswith("checked against configs/r50.py@")
    assert report["consistency"].endswith("0 difference(s)")
    assert client.get_run(run_id).data.params["seed"] == "1234"


def test_seed_logged_differently_from_the_config(server: Server, client: Any, tmp_path: Path) -> None:
    repo, commit = committed_repo(tmp_path / "repo")
    run_id = make_run(client, params={"seed": "7"},
                      tags={"mlflow.source.git.commit": commit, "lineage.config_path": "configs/train.yaml"},
                      datasets=[("acme/product-reviews", "v2.1.0",
                                 json.dumps({"uri": "acme/product-reviews", "version": "v2.1.0"}))])
    outcome = gate(repo, server, "gate", f"runs:/{run_id}")
    assert outcome.code == 1
    assert "configs/train.yaml:1:" in outcome.out and "LL401 the run logged seed 7" in outcome.out


def test_commit_missing_from_the_repository_is_a_warning(server: Server, client: Any, tmp_path: Path) -> None:
    repo, _ = committed_repo(tmp_path / "repo")
    run_id = make_run(client, params={"seed": "1"},
                      tags={"mlflow.source.git.commit": COMMIT, "lineage.config_path": "configs/train.yaml"},
                      datasets=[("acme/product-reviews", "3e7a1c5b", "{}")])  # an MLflow digest: weak
    outcome = gate(repo, server, "gate", f"runs:/{run_id}")
    assert outcome.code == 0, outcome.out
    assert "LL402" in outcome.out and "not in the repository" in outcome.out
    write(repo, ".lineage-lint.toml", '[severity]\nLL402 = "error"\n')
    assert gate(repo, server, "gate", f"runs:/{run_id}").code == 1


def test_a_commit_that_is_not_a_hash_is_not_read(server: Server, client: Any, tmp_path: Path) -> None:
    repo, _ = committed_repo(tmp_path / "repo")
    run_id = make_run(client, params={"seed": "1234"},
                      tags={"git_commit": "--output=/tmp/x", "lineage.config_path": "configs/train.yaml"},
                      datasets=[("acme/product-reviews", "3e7a1c5b", "{}")])  # an MLflow digest: weak
    outcome = gate(repo, server, "gate", f"runs:/{run_id}")
    assert outcome.code == 1  # LL301: not a usable commit
    assert "LL402 the run's commit '--output=/tmp/x' is not a commit hash" in outcome.out


@pytest.mark.parametrize("path", ["../outside.yaml", "/etc/passwd", "-configs/train.yaml", "configs/a\x00.yaml"])
def test_a_config_path_that_is_not_repository_relative_is_not_read(server: Server, client: Any, tmp_path: Path,
                                                                    path: str) -> None:
    repo, commit = committed_repo(tmp_path / "repo")
    run_id = make_run(client, params={"seed": "1234"},
                      tags={"mlflow.source.git.commit": commit, "lineage.config_path": path},
                      datasets=[("acme/product-reviews", "3e7a1c5b", "{}")])  # an MLflow digest: weak
    outcome = gate(repo, server, "gate", f"runs:/{run_id}", "--format", "json")
    assert outcome.code == 0, outcome.out + outcome.err  # the check did not happen: a warning, not a crash
    assert [f["code"] for f in outcome.json()["findings"]] == ["LL402"]
    assert outcome.json()["consistency"].startswith("not checked")


def test_a_config_moved_after_the_run_is_read_where_it_was(server: Server, client: Any, tmp_path: Path) -> None:
    repo, commit = committed_repo(tmp_path / "repo")
    run_id = log_lineage_run(repo)
    git(repo, "mv", "configs/train.yaml", "configs/churn.yaml")
    git(repo, "commit", "-qm", "move the config")
    outcome = gate(repo, server, "gate", f"runs:/{run_id}", "--format", "json")
    assert outcome.code == 0, outcome.out
    assert outcome.json()["consistency"].startswith(f"checked against configs/train.yaml@{commit[:12]}")


# --- policies and configuration ------------------------------------------------------------------------


def test_run_strict_wants_ci_and_a_clean_tree(server: Server, client: Any, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = committed_repo(tmp_path / "repo")
    local = log_lineage_run(repo)
    outcome = gate(repo, server, "gate", f"runs:/{local}", "--policy", "run-strict")
    assert outcome.code == 1
    assert "LL304" in outcome.out and "LL302" not in outcome.out
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("GITLAB_USER_LOGIN", "bob")
    monkeypatch.setenv("CI_PIPELINE_SOURCE", "push")
    monkeypatch.setenv("CI_JOB_URL", "https://gitlab.example/acme/churn/-/jobs/9")
    in_ci = log_lineage_run(repo)
    outcome = gate(repo, server, "gate", f"runs:/{in_ci}", "--policy", "run-strict", "--format", "json")
    assert outcome.code == 0, outcome.out
    assert outcome.json()["record"]["ci"]["job_url"] == "https://gitlab.example/acme/churn/-/jobs/9"


S3_VERSION_ID = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"  # an S3 object version id as S3 writes them


@pytest.mark.parametrize("data", [
    f"  uri: s3://acme/reviews/train.parquet?versionId={S3_VERSION_ID}\n",
    f"  uri: s3://acme/reviews/train.parquet\n  version_id: {S3_VERSION_ID}\n",
    "  path: gs://acme/reviews/train.parquet\n  generation: 1699999999123456\n",
], ids=["in-the-uri", "version-id-key", "gcs-generation"])
def test_a_logged_object_version_is_judged_as_the_config_was(server: Server, client: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    """One grammar for configs and runs: a config the strict policy passes (its dataset pinned by an S3 object
    version or a GCS generation) logs a run the run-strict policy passes, its dataset still strong."""
    config = f"seed: 1234\ndata:\n{data}trainer:\n  max_epochs: 3\n"
    repo, _ = committed_repo(tmp_path / "repo", config)
    assert cli(repo, "check", "--policy", "strict", "configs/train.yaml").code == 0
    for name, value in (("GITLAB_CI", "true"), ("GITLAB_USER_LOGIN", "bob"), ("CI_PIPELINE_SOURCE", "push"),
                        ("CI_JOB_URL", "https://gitlab.example/acme/churn/-/jobs/9")):
        monkeypatch.setenv(name, value)
    run_id = log_lineage_run(repo)
    outcome = gate(repo, server, "gate", f"runs:/{run_id}", "--policy", "run-strict", "--format", "json")
    assert outcome.code == 0, outcome.out
    assert [d["pin"] for d in outcome.json()["record"]["datasets"]] == ["strong"]


def test_a_logged_object_version_that_is_none_is_not_strong(server: Server, client: Any, tmp_path: Path) -> None:
    """An input whose source claims `version_key: version_id` is still judged by its value: `null` pins nothing."""
    run_id = make_run(client, params={"seed": "42"},
                      tags={"mlflow.source.git.commit": COMMIT, "lineage.git_dirty": "false"},
                      datasets=[("s3://acme/x.parquet", "", json.dumps({"uri": "s3://acme/x.parquet",
                                                                         "version_id": "null"}))])
    outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", "json")
    assert outcome.code == 1
    assert [d["pin"] for d in outcome.json()["record"]["datasets"]] == ["none"]


def test_required_tags_params_and_description_from_configuration(server: Server, client: Any,
                                                                 tmp_path: Path) -> None:
    write(tmp_path, ".lineage-lint.toml", """
        [gate]
        required-tags = ["team"]
        required-params = ["feature_set"]
        require-description = true
    """)
    name, version = register(client, lineaged_run(client))
    outcome = gate(tmp_path, server, "gate", f"models:/{name}/{version}")
    assert outcome.code == 1
    assert "LL306 the run lacks the tag `team`" in outcome.out
    assert "LL307 the run lacks the param `feature_set`" in outcome.out
    assert "LL501" in outcome.out
    run_id = client.get_model_version(name, version).run_id
    client.set_tag(run_id, "team", "churn")
    client.log_param(run_id, "feature_set", "fs-7")
    client.update_model_version(name, version, description="Churn classifier; data: acme/reviews v3")
    assert gate(tmp_path, server, "gate", f"models:/{name}/{version}").code == 0


def test_own_policy_file(server: Server, client: Any, tmp_path: Path) -> None:
    write(tmp_path, "policy.json", json.dumps({
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-run-default.schema.json"}],
        "properties": {"tags": {"required": ["approved_by"], "x-message": "a reviewer must approve"}},
    }))
    run_id = lineaged_run(client)
    outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--policy", "policy.json", "--format", "json")
    assert outcome.code == 1
    assert [f["code"] for f in outcome.json()["findings"]] == ["LL306"]


# --- reports ---------------------------------------------------------------------------------------------


def test_github_and_markdown_formats(server: Server, client: Any, tmp_path: Path) -> None:
    run_id = make_run(client, params={"seed": "None"}, tags={"git_commit": COMMIT},
                      datasets=[("acme/unversioned", "", "{}")])
    github = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", "github")
    assert github.code == 1
    assert f"::error title=LL102 seed-random::runs%3A/{run_id}#params.seed" not in github.out  # data is not escaped
    assert f"::error title=LL102 seed-random::runs:/{run_id}#params.seed: the run's seed" in github.out
    output = tmp_path / "summary.md"
    markdown = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", "markdown", "--output", str(output))
    assert markdown.code == 1 and markdown.out == ""
    text = output.read_text()
    assert text.startswith("### :x: lineage-lint gate: fail")
    assert "| :x: | [LL102](" in text and "LL201" in text


def test_markdown_format_makes_logged_names_inert(server: Server, client: Any, tmp_path: Path) -> None:
    """Dataset names are whatever a run logged: in the job summary they make no link, mention or markup, and
    cannot close the code block that shows the record."""
    name = "acme/x](https://evil.example) @octo/reviewers **bold** ```"
    run_id = make_run(client, params={"seed": "1"}, tags={"git_commit": COMMIT}, datasets=[(name, "", "{}")])
    output = tmp_path / "summary.md"
    assert gate(tmp_path, server, "gate", f"runs:/{run_id}", "--format", "markdown", "--output", str(output)).code == 1
    text = output.read_text()
    table, record = text.split("<details>")
    assert "evil.example" in table and not re.search(r"(?<!\\)\]\(https://evil", table)
    assert "@octo" not in table and "@&#8203;octo/reviewers" in table and "\\*\\*bold\\*\\*" in table
    assert "\n````text\n" in record and f"{name} (" in record and "\n````\n\n</details>" in record


def test_github_format_text_cannot_start_a_workflow_command(server: Server, tmp_path: Path) -> None:
    """A model URI (a workflow input) with a line break is reported on one line, not as a command."""
    outcome = gate(tmp_path, server, "gate", "models:/churn\n::warning title=forged::shipped@champion",
                   "--format", "github")
    assert outcome.code == 2
    lines = outcome.out.splitlines()
    assert lines[0].startswith("::error title=lineage-lint gate::")
    assert not any(line.startswith("::warning") for line in lines), outcome.out
    assert "COULD NOT DECIDE models:/churn%0A::warning title=forged::shipped@champion: exit 2" in lines


# --- log_lineage ----------------------------------------------------------------------------------------


def test_log_lineage_refuses_a_config_that_fails_the_policy(server: Server, client: Any, tmp_path: Path) -> None:
    from lineage_lint.mlflow import LineageError

    repo, _ = committed_repo(tmp_path / "repo", GOOD_CONFIG.replace("seed: 1234", "seed: null"))
    with pytest.raises(LineageError, match=r"configs/train.yaml:1:1: LL102"), mlflow.start_run() as run:
        from lineage_lint.mlflow import log_lineage

        log_lineage(repo / "configs/train.yaml")
    assert "seed" not in client.get_run(run.info.run_id).data.params  # nothing recorded
    recorded = log_lineage_run(repo, enforce=False)
    outcome = gate(repo, server, "gate", f"runs:/{recorded}")
    assert outcome.code == 1 and "LL101" in outcome.out  # the random seed was not logged as a seed


def test_log_lineage_outside_git_says_the_commit_is_not_recorded(server: Server, client: Any, tmp_path: Path) -> None:
    from lineage_lint.mlflow import LineageWarning

    config = write(tmp_path / "scratch", "train.yaml", GOOD_CONFIG)
    with pytest.warns(LineageWarning, match=r"train.yaml is not in a git repository with a commit"):
        run_id = log_lineage_run(config.parent, "train.yaml")
    tags = client.get_run(run_id).data.tags
    assert "lineage.git_dirty" not in tags and tags["lineage.config_path"] == "train.yaml"


def test_log_lineage_refuses_to_change_a_logged_seed(server: Server, tmp_path: Path) -> None:
    from lineage_lint.mlflow import LineageError, log_lineage

    repo, _ = committed_repo(tmp_path / "repo")
    with mlflow.start_run():
        mlflow.log_param("seed", "7")
        with pytest.raises(LineageError, match=r"already has a different `seed` param; the config says 1234"):
            log_lineage(repo / "configs/train.yaml")


@pytest.mark.parametrize("text", [None, "seed: [unclosed\n", "seed: 1\nseed: 2\n"])
def test_log_lineage_refuses_a_config_it_cannot_read(server: Server, client: Any, tmp_path: Path,
                                                    text: str | None) -> None:
    from lineage_lint.mlflow import LineageError, log_lineage

    repo, _ = committed_repo(tmp_path / "repo")
    if text is not None:
        write(repo, "configs/broken.yaml", text)
    refusal = r"(?s)configs/broken.yaml (cannot be read|does not pass).*LL00"
    with mlflow.start_run() as run, pytest.raises(LineageError, match=refusal):
        log_lineage(repo / "configs/broken.yaml")
    assert client.get_run(run.info.run_id).data.params == {}  # nothing recorded


def test_log_lineage_needs_a_run(server: Server, tmp_path: Path) -> None:
    from lineage_lint.mlflow import LineageError, log_lineage

    repo, _ = committed_repo(tmp_path / "repo")
    with pytest.raises(LineageError, match=r"inside `with mlflow\.start_run"):
        log_lineage(repo / "configs/train.yaml")


def test_log_lineage_works_without_pandas(server: Server, client: Any, tmp_path: Path) -> None:
    repo, _ = committed_repo(tmp_path / "repo")
    script = (
        "import sys; sys.modules['pandas'] = None; sys.modules['numpy'] = None\n"
        "import mlflow\n"
        "from lineage_lint.mlflow import log_lineage\n"
        f"mlflow.set_tracking_uri({server.uri!r})\n"
        "with mlflow.start_run() as run:\n"
        "    log_lineage('configs/train.yaml')\n"
        "print(run.info.run_id)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    run_id = done.stdout.strip().splitlines()[-1]
    assert gate(repo, server, "gate", f"runs:/{run_id}").code == 0


# --- the GitHub Action's gate mode (action/gate.py), against the same server ---------------------------------


def run_action_gate(tmp_path: Path, **inputs: str) -> tuple[int, str, str, dict[str, str]]:
    """The Action's entry point in-process with ``mode: gate``: exit status, log, job summary, outputs."""
    import io

    from action.main import main as action_main

    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs),
           "INPUT_MODE": "gate", **{"INPUT_" + key.upper(): value for key, value in inputs.items()}}
    out = io.StringIO()
    with chdir(tmp_path):
        code = action_main(env, out)
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines()) if outputs.exists() else {}
    return code, out.getvalue(), summary.read_text() if summary.exists() else "", written


def test_action_gate_mode_blocks_an_unlineaged_version(server: Server, client: Any, tmp_path: Path) -> None:
    name, version = register(client, make_run(client, params={"lr": "0.1"}))
    code, log, summary, outputs = run_action_gate(tmp_path, model_uri=f"models:/{name}/{version}",
                                                  tracking_uri=server.uri)
    assert code == 1
    assert "::error title=LL101 seed-missing::" in log
    assert f"FAIL models:/{name}/{version}" in log
    assert "lineage-lint gate: fail" in summary and "LL301" in summary
    assert outputs["verdict"] == "fail" and outputs["conclusion"] == "failure" and int(outputs["errors"]) >= 3


def test_action_gate_mode_promotes_a_lineaged_version(server: Server, client: Any, tmp_path: Path) -> None:
    name, version = register(client, lineaged_run(client))
    code, log, summary, outputs = run_action_gate(tmp_path, model_uri=f"models:/{name}/{version}",
                                                  tracking_uri=server.uri, alias="champion")
    assert code == 0, log
    assert outputs == {"errors": "0", "warnings": "0", "files-checked": "0", "sarif": "", "conclusion": "success",
                       "verdict": "pass"}
    assert "lineage-lint gate: pass" in summary
    assert client.get_model_version_by_alias(name, "champion").version == version
    assert client.get_model_version(name, version).tags["lineage_lint.action"] == "alias @champion"


def test_action_gate_mode_unreachable_server_is_undecided(tmp_path: Path) -> None:
    code, log, _, outputs = run_action_gate(tmp_path, model_uri="models:/churn/1",
                                            tracking_uri=f"http://127.0.0.1:{free_port()}")
    assert code == 2
    assert "::error title=lineage-lint gate::" in log
    assert outputs["verdict"] == "undecided" and outputs["conclusion"] == "failure"


def test_a_run_is_advised_in_mlflow_calls_and_each_missing_part_reported_once(server: Server, client: Any,
                                                                             tmp_path: Path) -> None:
    run_id = make_run(client, tags={"mlflow.source.git.commit": COMMIT, "lineage.git_dirty": "false"},
                      datasets=[("acme/reviews", "", json.dumps({"uri": "s3://acme/reviews", "version": "v3"}))])
    outcome = gate(tmp_path, server, "gate", f"runs:/{run_id}", "--policy", "run-strict")
    assert outcome.code == 1
    assert sorted(line.split(": ", 1)[1].split(" ", 1)[0] for line in outcome.out.splitlines()
                  if line.startswith(f"runs:/{run_id}")) == ["LL101", "LL304", "LL305"]
    assert (f"runs:/{run_id}#params.seed: LL101 the run logged no `seed` param or tag; "
            'log the one it used: `mlflow.log_param("seed", 1234)`, or `log_lineage("configs/train.yaml")` from the '
            "config that declares it [seed-missing]") in outcome.out
    assert "`seed: 1234`" not in outcome.out
    assert "LL304 the run records no CI `triggered_by` or `job_url` (found null)" in outcome.out
