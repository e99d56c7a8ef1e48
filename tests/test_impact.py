"""``impact``, ``diff`` of model versions, ``graph`` of a registered model and ``show`` of a model URI against
one real ``mlflow server`` (SQLite, 127.0.0.1), loaded once for the module: three experiments, runs with
training and evaluation dataset inputs, logged models, versions of two registered models, aliases, a run
deleted after its version was registered, and a git repository holding the runs' training config at two
commits. Every command runs in-process through ``lineage_lint.cli.main``.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from lineage_lint.mlflow.client import CLIENT_VARIABLE
from lineage_lint.schema_files import load_schema
from mlflow_support import Server, mlflow_server
from support import Outcome, cli, git, git_init, write

CONFIG = """\
seed: 42
data:
  name: orders
  version: v2.0
trainer:
  lr: 0.1
"""


@dataclass
class World:
    server: Server
    repo: Path
    commits: tuple[str, str]
    runs: dict[str, str] = field(default_factory=dict)
    experiments: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str, cwd: Path | None = None) -> Outcome:
        return cli(cwd or self.repo, *args, "--tracking-uri", self.server.uri)


def _dataset(name: str, digest: str, version: str, context: str) -> DatasetInput:
    source = json.dumps({"uri": f"s3://acme/{name}", "version": version})
    return DatasetInput(Dataset(name, digest, "s3", source), [InputTag("mlflow.data.context", context)])


def _run(client: Any, experiment: str, name: str, *, params: dict[str, str], commit: str,
         inputs: list[DatasetInput], metrics: dict[str, float] | None = None,
         tags: dict[str, str] | None = None) -> str:
    run_id: str = client.create_run(experiment, run_name=name).info.run_id
    all_tags = {"mlflow.source.git.commit": commit, "lineage.git_dirty": "false",
                "lineage.config_path": "configs/train.yaml", **(tags or {})}
    client.log_batch(run_id, params=[Param(k, v) for k, v in params.items()],
                     tags=[RunTag(k, v) for k, v in all_tags.items()],
                     metrics=[Metric(k, v, 0, 0) for k, v in (metrics or {}).items()])
    if inputs:
        client.log_inputs(run_id, datasets=inputs)
    client.set_terminated(run_id)
    return run_id


def _version(client: Any, experiment: str, name: str, run_id: str) -> str:
    """A version registered the MLflow 3 way: a logged model from the run, then a version whose source it is."""
    logged = client.create_logged_model(experiment_id=experiment, name="model", source_run_id=run_id)
    with contextlib.suppress(MlflowException):
        client.create_registered_model(name)
    return str(client.create_model_version(name, f"models:/{logged.model_id}", model_id=logged.model_id,
                                           await_creation_for=0).version)


@pytest.fixture
def world(seeded: World, asked_by: str) -> World:
    """The world, asked by each client in turn: every diff, impact, graph and show test runs with both."""
    return seeded


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[World]:
    repo = git_init(tmp_path_factory.mktemp("repo") / "models")
    write(repo, "configs/train.yaml", CONFIG)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "train on orders v2.0")
    first = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "configs/train.yaml", CONFIG.replace("lr: 0.1", "lr: 0.1  # tuned later"))
    write(repo, "train.py", "print('training')\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "code change")
    second = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "configs/finetune.yaml", "seed: 5\ndata:\n  name: orders\n  version: v2.1\n")
    write(repo, "configs/returns.yaml", "seed: 5\ndata:\n  name: returns\n  version: v5\n")
    failed_before = request.session.testsfailed
    with mlflow_server(tmp_path_factory.mktemp("mlflow")) as server:
        client = MlflowClient(tracking_uri=server.uri, registry_uri=server.uri)
        world = World(server, repo, (first, second))
        for name in ("churn", "churn-eval", "fraud"):
            world.experiments[name] = client.create_experiment(name)
        churn, evals, fraud = (world.experiments[n] for n in ("churn", "churn-eval", "fraud"))
        v20 = _dataset("orders", "aaaa1111", "v2.0", "training")
        v21 = _dataset("orders", "bbbb2222", "v2.1", "training")
        holdout = _dataset("holdout", "cccc3333", "v1", "evaluation")
        base = {"seed": "42", "lr": "0.1"}
        runs = world.runs
        runs["A"] = _run(client, churn, "A", params=base, commit=first, inputs=[v20, holdout], metrics={"auc": 0.81})
        runs["B"] = _run(client, churn, "B", params=base, commit=first, inputs=[v21, holdout], metrics={"auc": 0.84})
        runs["C"] = _run(client, churn, "C", params=base, commit=second, inputs=[v20, holdout], metrics={"auc": 0.81})
        runs["D"] = _run(client, churn, "D", params={"seed": "7", "lr": "0.01"}, commit=first, inputs=[v20, holdout],
                         metrics={"auc": 0.79})
        runs["E"] = _run(client, fraud, "E", params={"seed": "1"}, commit=first,
                         inputs=[_dataset("returns", "dddd4444", "v5", "training"),
                                 _dataset("orders", "bbbb2222", "v2.1", "evaluation")])
        runs["F"] = _run(client, evals, "F", params={"seed": "3"}, commit=first,
                         inputs=[_dataset("orders", "aaaa1111", "v2.0", "eval")])
        runs["G"] = _run(client, churn, "G", params=base, commit=first, inputs=[v20])
        runs["H"] = _run(client, churn, "H", params=base, commit=first, inputs=[],
                         tags={"dataset_version.orders": "v2.0"})
        runs["unrelated"] = _run(client, churn, "unrelated", params=base, commit=first,
                                 inputs=[_dataset("clicks", "eeee5555", "v1", "training")])
        for key in ("A", "B", "C", "D"):
            _version(client, churn, "churn", runs[key])  # churn/1..4
        _version(client, churn, "churn", runs["A"])  # churn/5: a second model of run A: the same lineage
        _version(client, churn, "churn", runs["G"])  # churn/6, whose run is deleted below
        _version(client, churn, "churn", runs["unrelated"])  # churn/7
        # churn/8: its artifacts come from run A, but the client that registered it claimed the unrelated run
        logged = client.create_logged_model(experiment_id=churn, name="model", source_run_id=runs["A"])
        client.create_model_version("churn", f"models:/{logged.model_id}", run_id=runs["unrelated"],
                                    model_id=logged.model_id, await_creation_for=0)
        client.delete_run(runs["G"])
        client.set_registered_model_alias("churn", "champion", "2")
        client.set_registered_model_alias("churn", "challenger", "1")
        client.create_registered_model("fraud")  # a legacy version: run_id and a runs:/ source
        client.create_model_version("fraud", f"runs:/{runs['E']}/model", run_id=runs["E"], await_creation_for=0)
        client.set_registered_model_alias("fraud", "champion", "1")
        client.create_registered_model("scoring")  # files from elsewhere under run B's id: untraceable
        client.create_model_version("scoring", "s3://other-bucket/model", run_id=runs["B"], await_creation_for=0)
        yield world
        if request.session.testsfailed > failed_before:
            sys.stderr.write(f"\n--- mlflow server log ---\n{server.log.read_text()[-4000:]}\n")


def schema_errors(name: str, document: Any) -> list[str]:
    return [error.message for error in Draft202012Validator(load_schema(name)).iter_errors(document)]


# --- diff of model versions ---------------------------------------------------------------------------


def test_two_versions_differing_in_data_only(world: World) -> None:
    outcome = world.cli("diff", "models:/churn/1", "models:/churn/2", "--format", "json")
    assert outcome.code == 1, outcome.err
    report = outcome.json()
    assert schema_errors("diff", report) == []
    assert report["summary"] == "data changed; code, seed and params are the same; 1 metric moved"
    [data] = report["layers"]["data"]
    assert data["text"] == "dataset `orders` v2.0 → v2.1, digest aaaa1111 → bbbb2222"
    [metric] = [c for c in report["layers"]["experiment"] if c["what"] == "metric"]
    assert metric["text"] == "metric auc 0.81 → 0.84 (+0.03)" and metric["delta"] == pytest.approx(0.03)
    artifact = {c["what"]: c["text"] for c in report["layers"]["artifact"]}
    assert artifact["version"] == "version churn/1 → churn/2"
    assert artifact["alias"] == "aliases @challenger → @champion"
    assert report["a"]["run_id"] == world.runs["A"] and report["b"]["run_id"] == world.runs["B"]


def test_two_versions_differing_in_code_only_with_the_config_diffed_at_both_commits(world: World) -> None:
    first, second = world.commits
    outcome = world.cli("diff", "models:/churn/1", "models:/churn/3")
    assert outcome.code == 1, outcome.err
    lines = outcome.out.splitlines()
    assert lines[:2] == ["models:/churn/1 → models:/churn/3", "code changed; data, seed and params are the same"]
    assert f"    ~ commit {first[:12]} → {second[:12]}" in lines
    assert f"    1 commit from {first[:12]} to {second[:12]}" in lines
    assert "    ~ configs/train.yaml changed" in lines  # the config's own source changed between the commits
    assert "  the training config at the two commits:" in lines
    assert "    same lineage: data, composition and seed are the same" in lines, outcome.out


def test_two_versions_differing_in_seed_and_params(world: World) -> None:
    outcome = world.cli("diff", "models:/churn@challenger", "models:/churn/4", "--format", "json")
    assert outcome.code == 1
    report = outcome.json()
    assert report["summary"] == "seed and 1 param changed; data and code are the same; 1 metric moved"
    texts = [c["text"] for c in report["layers"]["experiment"]]
    assert texts == ["seed 42 → 7", "param lr 0.1 → 0.01", "metric auc 0.81 → 0.79 (-0.02)"]


def test_identical_lineage_exits_0(world: World) -> None:
    outcome = world.cli("diff", "models:/churn/1", "models:/churn/5")
    assert outcome.code == 0, outcome.out
    assert outcome.out.splitlines()[1] == "same lineage: data, code, seed and params are the same"
    assert f"runs:/{world.runs['A']}" in world.cli("diff", f"runs:/{world.runs['A']}", "models:/churn/5").out


def test_a_version_whose_run_is_gone_cannot_be_decided(world: World) -> None:
    outcome = world.cli("diff", "models:/churn/1", "models:/churn/6")
    assert outcome.code == 2
    assert outcome.out == ""
    assert (f"could not decide: models:/churn/6: model version churn/6: its run {world.runs['G']} is deleted"
            in outcome.err)


def test_an_unknown_version_and_an_unreachable_server_exit_2(world: World, asked_by: str) -> None:
    unknown = world.cli("diff", "models:/churn/1", "models:/churn/99")
    assert unknown.code == 2 and "not found on" in unknown.err
    down = cli(world.repo, "diff", "models:/churn/1", "models:/churn/2", "--tracking-uri", "http://127.0.0.1:9",
               "--timeout", "2", "--retries", "0")
    assert down.code == 2
    assert "cannot reach the tracking server at http://127.0.0.1:9 (connection refused)" in down.err, down.err


# --- impact -------------------------------------------------------------------------------------------


def test_impact_by_name_lists_training_and_evaluation_use_champion_first(world: World) -> None:
    outcome = world.cli("impact", "orders", "--format", "json")
    assert outcome.code == 0, outcome.err
    report = outcome.json()
    assert schema_errors("impact", report) == []
    runs = {r["run_id"]: r for r in report["runs"]}
    r = world.runs
    assert set(runs) == {r["A"], r["B"], r["C"], r["D"], r["E"], r["F"], r["G"], r["H"]}
    assert runs[r["E"]]["uses"] == ["evaluation"] and runs[r["F"]]["uses"] == ["evaluation"]
    assert runs[r["A"]]["uses"] == ["training"] and runs[r["H"]]["uses"] == ["tag"]
    versions = [(v["name"], v["version"], v["aliases"], v["use"]) for v in report["model_versions"]]
    assert versions[:2] == [("churn", "2", ["champion"], "training"), ("fraud", "1", ["champion"], "evaluation")]
    assert ("churn", "7", [], "training") not in versions  # trained on clicks
    gone = next(v for v in report["model_versions"] if v["version"] == "6")
    assert gone["untraceable"] == f"its run {r['G']} is deleted"
    # found through its logged model although its run_id names another run: listed, and untraceable
    claimed = next(v for v in report["model_versions"] if v["version"] == "8")
    assert claimed["run_id"] == r["unrelated"]
    assert claimed["untraceable"].startswith(f"its run_id {r['unrelated']} is not the run that produced its artifacts")
    configs = [(c["path"], c["version"]) for c in report["configs"]]
    assert configs == [("configs/finetune.yaml", "v2.1"), ("configs/train.yaml", "v2.0")]


def test_impact_by_version_says_champion_is_affected_and_fails_if_asked(world: World) -> None:
    outcome = world.cli("impact", "orders@v2.1")
    assert outcome.code == 0
    first = outcome.out.splitlines()[0]
    assert first == ("dataset orders@v2.1: 2 runs (1 training, 1 evaluation only) in 4 experiments, 3 model "
                     "versions; @champion IS affected: churn/2, fraud/1")
    assert "  models:/churn/2  @champion  trained on it" in outcome.out
    assert "  models:/fraud/1  @champion  evaluated on it" in outcome.out
    # the gate's own check: its files do not lie under the run's artifacts, so the version is untraceable
    assert ("  models:/scoring/1  trained on it, run " + world.runs["B"] + "  (untraceable: its source "
            "s3://other-bucket/model does not lie under the artifact location") in outcome.out
    assert "  configs/train.yaml  data.name: v2.0 (weak) <- configs/train.yaml:4  (pins another version)" in outcome.out
    failing = world.cli("impact", "orders@v2.1", "--fail-if-aliased", "champion")
    assert failing.code == 1 and "@champion is affected: churn/2, fraud/1" in failing.err


def test_impact_by_digest_where_champion_is_not_affected(world: World) -> None:
    outcome = world.cli("impact", "orders#aaaa11", "--fail-if-aliased", "champion", "--format", "json")
    assert outcome.code == 0, outcome.err
    report = outcome.json()
    assert {r["run_id"] for r in report["runs"]} == {world.runs[k] for k in ("A", "C", "D", "F", "G")}
    versions = [(v["name"], v["version"], v["aliases"]) for v in report["model_versions"]]
    assert versions[0] == ("churn", "1", ["challenger"])
    assert sorted(v for _, v, _ in versions) == ["1", "3", "4", "5", "6", "8"]
    assert all("champion" not in aliases for _, _, aliases in versions)
    assert world.cli("impact", "orders#aaaa11", "--fail-if-aliased", "challenger").code == 1


def test_impact_in_one_experiment_and_as_mermaid(world: World) -> None:
    outcome = world.cli("impact", "orders", "--experiment", "churn-eval", "--format", "json", "--no-repo")
    report = outcome.json()
    assert [r["run_id"] for r in report["runs"]] == [world.runs["F"]]
    assert report["model_versions"] == [] and report["configs"] is None
    mermaid = world.cli("impact", "returns", "--format", "mermaid").out
    assert mermaid.startswith("graph LR\n")
    assert '["fraud v1"]' in mermaid and '["@champion"]:::alias' in mermaid
    assert world.cli("impact", "orders", "--experiment", "nope").code == 2


def test_impact_needs_a_server(world: World, asked_by: str) -> None:
    outcome = cli(world.repo, "impact", "orders", "--tracking-uri", "http://127.0.0.1:9", "--timeout", "2",
                  "--retries", "0")
    assert outcome.code == 2
    assert "cannot reach the tracking server at http://127.0.0.1:9 (connection refused)" in outcome.err, outcome.err


# --- graph and show -----------------------------------------------------------------------------------


def test_graph_of_a_registered_model_draws_every_version(world: World) -> None:
    outcome = world.cli("graph", "models:/churn", "--format", "json")
    assert outcome.code == 0, outcome.err
    drawn = outcome.json()
    assert schema_errors("graph", drawn) == []
    nodes = {n["id"]: n for n in drawn["nodes"]}
    assert [n["label"] for n in drawn["nodes"] if n["kind"] == "version"] == [f"churn v{i}" for i in range(1, 9)]
    assert nodes["version:churn/6"]["style"] == "untraceable"
    edges = {(e["from"], e["to"]) for e in drawn["edges"]}
    assert ("version:churn/2", "alias:churn@champion") in edges
    assert ("dataset:orders@bbbb2222", f"run:{world.runs['B']}") in edges
    # datasets -> run -> logged model -> version: the logged model each version's `models:/<id>` source names
    logged = [n for n in drawn["nodes"] if n["kind"] == "logged-model"]
    assert logged and all(n["label"] == "logged model " + n["id"].removeprefix("logged:") for n in logged)
    assert all(n["id"].startswith("logged:m-") for n in logged)
    logged_of_2 = next(src for src, dst in edges if dst == "version:churn/2")
    assert logged_of_2.startswith("logged:m-") and (f"run:{world.runs['B']}", logged_of_2) in edges
    assert nodes["dataset:orders@bbbb2222"]["style"] == "weak"
    dot = world.cli("graph", "models:/churn/2", "--format", "dot").out
    assert dot.startswith("digraph lineage {") and '"@champion"' in dot


def test_show_a_model_uri_prints_the_gates_record(world: World) -> None:
    outcome = world.cli("show", "models:/churn@champion", "--format", "json")
    assert outcome.code == 0, outcome.err
    [record] = outcome.json()
    assert record["path"] == f"runs:/{world.runs['B']}" and record["seed"]["value"] == 42
    assert [d["context"] for d in record["datasets"]] == ["training", "evaluation"]
    assert record["findings"] == []  # the record, without the judgement
    text = world.cli("show", "models:/churn/1", "configs/train.yaml").out
    assert "seed         declared     seed = 42" in text and "configs/train.yaml  (profile:" in text


@pytest.mark.parametrize("args", [
    ("diff", "models:/churn/1", "models:/churn@champion", "--format", "json"),
    ("diff", "models:/churn/1", "models:/churn/8"),
    ("impact", "orders", "--format", "json"),
    ("graph", "models:/churn", "--format", "json"),
    ("show", "models:/churn@champion", "models:/fraud/1", "--format", "json"),
    ("gate", "models:/churn/2", "--format", "json"),
    ("gate", "models:/scoring/1"),
])
def test_both_clients_give_the_same_answer(seeded: World, args: tuple[str, ...],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte for byte: exit status, report and messages, whichever client asked."""
    answers = {}
    for client in ("rest", "mlflow"):
        monkeypatch.setenv(CLIENT_VARIABLE, client)
        outcome = seeded.cli(*args)
        answers[client] = (outcome.code, outcome.out, outcome.err)
    assert answers["rest"] == answers["mlflow"]
    assert answers["rest"][1] or answers["rest"][2]  # something was said
