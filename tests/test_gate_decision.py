"""The gate's decision (``lineage_lint.mlflow.gate``) on MLflow's own entities, in-process: the verdict, the
exit status, which findings count, and what the configuration (``ignore``, ``severity``, ``[gate]``
requirements, ``policy``) changes.

``test_gate.py`` takes the same decisions through a real ``mlflow server``; here the backend is a table of
``mlflow.entities`` objects (the gate reads MLflow through four lookups, ``resolve.Backend``), so each
decision takes milliseconds and ``bench/mutation.py gate`` can run them for every mutant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mlflow.entities import Dataset, DatasetInput, InputTag, Param, Run, RunData, RunInfo, RunInputs, RunTag
from mlflow.entities.model_registry import ModelVersion

from lineage_lint.config import Settings, load_settings
from lineage_lint.mlflow.gate import EXIT_FAIL, EXIT_PASS, EXIT_UNDECIDED, decide, gate_policy, judge, undecided
from lineage_lint.mlflow.resolve import parse_uri
from lineage_lint.mlflow.run_record import run_record
from lineage_lint.policy import PolicyError
from support import git, git_init, write

COMMIT = "0123456789abcdef0123456789abcdef01234567"
LINEAGED = {"params": {"seed": "42"}, "tags": {"mlflow.source.git.commit": COMMIT, "lineage.git_dirty": "false"},
            "datasets": [("acme/reviews", "", json.dumps({"uri": "s3://acme/reviews", "version": "v3"}))]}


def make_run(run_id: str, params: dict[str, str] | None = None, tags: dict[str, str] | None = None,
             datasets: list[tuple[str, str, str]] | None = None, stage: str = "active") -> Run:
    info = RunInfo(run_id=run_id, experiment_id="0", user_id="ci", status="FINISHED", start_time=1, end_time=2,
                   lifecycle_stage=stage, artifact_uri=f"mlflow-artifacts:/0/{run_id}/artifacts")
    data = RunData(params=[Param(k, v) for k, v in (params or {}).items()],
                   tags=[RunTag(k, v) for k, v in (tags or {}).items()])
    inputs = RunInputs(dataset_inputs=[
        DatasetInput(Dataset(name, digest, "s3", source), [InputTag("mlflow.data.context", "training")])
        for name, digest, source in datasets or []
    ])
    return Run(info, data, inputs)


class NotFound(Exception):
    error_code = "RESOURCE_DOES_NOT_EXIST"


class Backend:
    """Runs and model versions by id, answering as ``MlflowClient`` does (not found: an exception with
    MLflow's error code)."""

    def __init__(self, *runs: Run) -> None:
        self.runs = {run.info.run_id: run for run in runs}
        self.versions: dict[tuple[str, str], ModelVersion] = {}

    def register(self, name: str, run_id: str, description: str = "") -> str:
        version = str(len(self.versions) + 1)
        self.versions[(name, version)] = ModelVersion(name, version, 1, source=f"runs:/{run_id}/model",
                                                      run_id=run_id, description=description)
        return version

    def get_run(self, run_id: str) -> Run:
        if run_id not in self.runs:
            raise NotFound(f"Run '{run_id}' not found")
        return self.runs[run_id]

    def get_model_version(self, name: str, version: str) -> ModelVersion:
        if (name, version) not in self.versions:
            raise NotFound(f"Model Version (name={name}, version={version}) not found")
        return self.versions[(name, version)]

    def get_model_version_by_alias(self, name: str, alias: str) -> ModelVersion:
        raise NotFound(f"alias {alias} not found")

    def get_logged_model(self, model_id: str) -> Any:
        raise NotFound(f"logged model {model_id} not found")


def settings(tmp_path: Path, config: str = "") -> Settings:
    if config:
        write(tmp_path, ".lineage-lint.toml", config)
    return load_settings(tmp_path)


def decision(tmp_path: Path, run: Run, config: str = "", uri: str = "") -> Any:
    chosen = settings(tmp_path, config)
    policy = gate_policy(None, chosen.gate, chosen.base_dir)
    return decide(Backend(run), parse_uri(uri or f"runs:/{run.info.run_id}"), policy, chosen, None)


def found(result: Any) -> list[tuple[str, str, str]]:
    return [(f.code, f.path, f.severity) for f in result.findings]


def test_a_run_without_lineage_fails_with_each_missing_part(tmp_path: Path) -> None:
    result = decision(tmp_path, make_run("r1", params={"lr": "0.1"}))
    assert (result.verdict, result.exit_code, result.run_id) == ("fail", EXIT_FAIL, "r1")
    assert found(result) == [("LL204", "runs:/r1", "error"), ("LL101", "runs:/r1#params.seed", "error"),
                             ("LL301", "runs:/r1#tags.mlflow.source.git.commit", "error")]
    assert [f.code for f in result.errors] == ["LL204", "LL101", "LL301"]
    assert result.policy == "run-default" and len(result.policy_sha256) == 64 and result.record is not None


def test_a_lineaged_run_passes(tmp_path: Path) -> None:
    result = decision(tmp_path, make_run("r2", **LINEAGED))
    assert (result.verdict, result.exit_code, found(result), result.errors) == ("pass", EXIT_PASS, [], [])
    assert (result.uri, result.consistency) == (
        "runs:/r2", "not checked: no git repository at hand (run the gate in a checkout, or --repo)")


def test_with_a_repository_the_consistency_check_runs(tmp_path: Path) -> None:
    chosen = settings(tmp_path)
    result = decide(Backend(make_run("r8", **LINEAGED)), parse_uri("runs:/r8"), gate_policy(None, {}, tmp_path),
                    chosen, tmp_path)
    assert result.consistency == "not checked: the run does not name both its config and its commit"


def test_the_gate_applies_ignore_from_configuration(tmp_path: Path) -> None:
    """``ignore`` in the configuration drops the code from the gate's findings, as it does for ``check``; the
    other codes still fail the run."""
    result = decision(tmp_path, make_run("r3", params={"lr": "0.1"}), 'ignore = ["LL204", "LL301"]\n')
    assert found(result) == [("LL101", "runs:/r3#params.seed", "error")]
    assert result.verdict == "fail"
    everything = decision(tmp_path / "all", make_run("r4", params={"lr": "0.1"}),
                          'ignore = ["LL204", "LL301", "LL101"]\n')
    assert (everything.verdict, found(everything)) == ("pass", [])


def test_a_severity_override_turns_an_error_into_a_warning_that_passes(tmp_path: Path) -> None:
    run = make_run("r5", params={"seed": "42"}, tags={"mlflow.source.git.commit": COMMIT, "lineage.git_dirty": "false"},
                   datasets=[("acme/reviews", "", json.dumps({"uri": "s3://acme/reviews", "version": "latest"}))])
    failing = decision(tmp_path / "a", run)
    assert [(f.code, f.severity) for f in failing.findings] == [("LL202", "error")] and failing.verdict == "fail"
    warned = decision(tmp_path / "b", run, '[severity]\nLL202 = "warning"\n')
    assert [(f.code, f.severity) for f in warned.findings] == [("LL202", "warning")]
    assert (warned.verdict, warned.errors) == ("pass", [])


def test_the_gate_table_adds_required_tags_params_and_a_description(tmp_path: Path) -> None:
    config = ('[gate]\nrequired-tags = ["team", "owner"]\nrequired-params = ["feature_set"]\n'
              "require-description = true\n")
    chosen = settings(tmp_path, config)
    policy = gate_policy(None, chosen.gate, chosen.base_dir)
    backend = Backend(make_run("r6", params={"seed": "42"}, tags={**LINEAGED["tags"], "team": "ml"},
                               datasets=LINEAGED["datasets"]))
    version = backend.register("churn", "r6")
    result = decide(backend, parse_uri(f"models:/churn/{version}"), policy, chosen, None)
    assert (result.model_name, result.model_version, result.run_id) == ("churn", "1", "r6")
    assert [(f.code, f.path) for f in result.findings] == [
        ("LL501", "models:/churn/1#description"), ("LL307", "runs:/r6#params"), ("LL306", "runs:/r6#tags"),
    ]
    assert "the run lacks the tag `owner`" in result.findings[2].message and result.verdict == "fail"
    # a run missing its seed as well: the configuration's requirements add to the policy's findings
    backend.runs["r6"] = make_run("r6", tags={**LINEAGED["tags"], "team": "ml"}, datasets=LINEAGED["datasets"])
    both = decide(backend, parse_uri("models:/churn/1"), policy, chosen, None)
    assert [f.code for f in both.findings] == ["LL501", "LL307", "LL101", "LL306"]
    plain = gate_policy(None, {}, chosen.base_dir)
    assert plain.extra is None and plain.sha256 != policy.sha256 and policy.name == plain.name == "run-default"


def test_the_policy_option_wins_over_the_configuration(tmp_path: Path) -> None:
    chosen = settings(tmp_path, '[gate]\npolicy = "run-strict"\n')
    assert gate_policy(None, chosen.gate, chosen.base_dir).name == "run-strict"
    assert gate_policy("run-default", chosen.gate, chosen.base_dir).name == "run-default"
    assert gate_policy(None, {}, chosen.base_dir).name == "run-default"


def test_the_policy_digest_is_stable_and_names_what_was_applied(tmp_path: Path) -> None:
    first = gate_policy(None, {"required-tags": ["team"]}, tmp_path)
    again = gate_policy(None, {"required-tags": ["team"]}, tmp_path)
    other = gate_policy(None, {"required-tags": ["owner"]}, tmp_path)
    params = gate_policy(None, {"required-params": ["team"]}, tmp_path)
    assert first.sha256 == again.sha256
    assert len({first.sha256, other.sha256, params.sha256}) == 3


def test_a_version_without_a_run_fails_with_ll308(tmp_path: Path) -> None:
    chosen = settings(tmp_path)
    backend = Backend()
    backend.versions[("churn", "1")] = ModelVersion("churn", "1", 1, source="s3://bucket/model")
    result = decide(backend, parse_uri("models:/churn/1"), gate_policy(None, {}, tmp_path), chosen, None)
    assert (result.uri, result.verdict, result.exit_code) == ("models:/churn/1", "fail", EXIT_FAIL)
    assert [(f.code, f.path, f.span.line, f.span.col, f.identity, f.message) for f in result.findings] == [
        ("LL308", "models:/churn/1", 1, 1, "version-without-run",
         "model version churn/1 cannot be traced: it names no run (source s3://bucket/model)"),
    ]
    assert (result.model_name, result.model_version, result.run_id, result.record) == ("churn", "1", None, None)


def test_undecided_is_exit_2_and_keeps_the_policy(tmp_path: Path) -> None:
    policy = gate_policy(None, {}, tmp_path)
    result = undecided("models:/churn/1", policy, "the server could not answer")
    assert (result.uri, result.verdict, result.exit_code, result.error) == (
        "models:/churn/1", "undecided", EXIT_UNDECIDED, "the server could not answer")
    assert (result.policy, result.policy_sha256) == ("run-default", policy.sha256)
    assert (undecided("x", None, "bad").policy, undecided("x", None, "bad").policy_sha256) == ("", "")


def test_judge_sorts_and_filters_the_findings(tmp_path: Path) -> None:
    lineage = run_record(make_run("r7", params={"lr": "0.1"}))
    findings, summary = judge(lineage, gate_policy(None, {}, tmp_path), settings(tmp_path, 'ignore = ["LL301"]\n'),
                              None)
    assert [(f.code, f.path) for f in findings] == [("LL204", "runs:/r7"), ("LL101", "runs:/r7#params.seed")]
    assert summary.startswith("not checked")


@pytest.mark.parametrize("uri", ["runs:/missing", "models:/churn/9"])
def test_lookups_that_fail_propagate_to_the_caller(tmp_path: Path, uri: str) -> None:
    with pytest.raises(NotFound):
        decide(Backend(), parse_uri(uri), gate_policy(None, {}, tmp_path), settings(tmp_path), None)


def test_a_gate_policy_file_is_found_beside_the_configuration(tmp_path: Path) -> None:
    write(tmp_path, "policies/gate.json", json.dumps({"properties": {"tags": {"required": ["team"]}}}))
    chosen = settings(tmp_path, '[gate]\npolicy = "policies/gate.json"\n')
    result = decide(Backend(make_run("r10", **LINEAGED)), parse_uri("runs:/r10"),
                    gate_policy(None, chosen.gate, chosen.base_dir), chosen, None)
    assert [(f.code, f.path) for f in result.findings] == [("LL306", "runs:/r10#tags")]
    assert result.policy == "policies/gate.json"


@pytest.mark.parametrize(("description", "codes"), [("x", []), ("", ["LL501"]), ("Churn model, v2", [])])
def test_require_description_wants_a_non_empty_one(tmp_path: Path, description: str, codes: list[str]) -> None:
    chosen = settings(tmp_path, "[gate]\nrequire-description = true\n")
    backend = Backend(make_run("r11", **LINEAGED))
    backend.register("churn", "r11", description=description)
    result = decide(backend, parse_uri("models:/churn/1"), gate_policy(None, chosen.gate, chosen.base_dir), chosen,
                    None)
    assert [f.code for f in result.findings] == codes


def test_a_seed_logged_differently_from_the_committed_config_fails_the_consistency_check(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "configs/train.yaml", "seed: 1234\ndata:\n  train:\n    name: acme/product-reviews\n"
                                      "    version: v2.1.0\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "config")
    commit = git(repo, "rev-parse", "HEAD").strip()
    run = make_run("r12", params={"seed": "7"},
                   tags={"mlflow.source.git.commit": commit, "lineage.git_dirty": "false",
                         "lineage.config_path": "configs/train.yaml"},
                   datasets=[("acme/product-reviews", "v2.1.0",
                              json.dumps({"uri": "acme/product-reviews", "version": "v2.1.0"}))])
    chosen = settings(repo)
    result = decide(Backend(run), parse_uri("runs:/r12"), gate_policy(None, {}, repo), chosen, repo)
    assert [(f.code, f.path, f.span.line) for f in result.findings if f.code.startswith("LL4")] == [
        ("LL401", "configs/train.yaml", 1),
    ]
    assert result.verdict == "fail"
    assert result.consistency.startswith(f"checked against configs/train.yaml@{commit[:12]}")


def test_the_fields_a_policy_judges_by_name_are_the_ones_the_server_freezes(tmp_path: Path) -> None:
    """A tag or param a policy requires, or constrains by name, is frozen under a registered version like
    the lineage fields; so are those of an alias's policy. Aliases are matched whatever their case."""
    write(tmp_path, "approved.json", json.dumps({
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-run-default.schema.json"}],
        "properties": {"tags": {"properties": {"approved": {"const": "yes"}}},
                       "params": {"required": ["epochs"]}},
    }))
    policy = gate_policy(None, {"required-tags": ["team"], "aliases": {"Champion": "approved.json"}}, tmp_path)
    assert policy.required_fields() == {"team", "approved", "epochs"}
    assert policy.for_alias("CHAMPION") is policy.for_alias("champion") is not policy
    assert policy.for_alias("challenger") is policy
    with pytest.raises(PolicyError, match="names 'champion' twice"):
        gate_policy(None, {"aliases": {"Champion": "run-strict", "champion": "run-default"}}, tmp_path)


@pytest.mark.parametrize("reference", [
    "s3://acme/reviews/train.parquet?versionId=3HL4kqtJlcpXroDTDmJ",  # an immutable object version: strong
    "delta://lake/reviews?versionAsOf=12",
    "acme/reviews@v1.2",
    "hf://datasets/acme/reviews@main/train.json",  # floating
    "s3://acme/reviews/v3/train.parquet",
])
@pytest.mark.parametrize("logged_by", ["log_lineage", "mlflow"])
def test_a_run_judges_a_dataset_as_its_config_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str,
                                                 logged_by: str) -> None:
    from lineage_lint.discover import Target
    from lineage_lint.engine import Engine
    from lineage_lint.mlflow import names

    repo = git_init(tmp_path / "repo")
    write(repo, "configs/train.yaml", f"seed: 1\ndata:\n  train_path: {reference}\nepochs: 1\n")
    monkeypatch.chdir(repo)
    (declared,) = Engine(load_settings(repo, None)).check(Target(Path("configs/train.yaml"), "x")).record.datasets
    if logged_by == "log_lineage":  # its source repeats the config; the pin it claims is never believed
        source = json.dumps({"uri": reference, "version": declared.version, "digest": declared.digest, "pin": "strong"})
        dataset = Dataset(reference, declared.version or "", names.SOURCE_TYPE, source)
    else:  # mlflow.data: the source names where the data lives
        dataset = Dataset(reference, "", "s3", json.dumps({"uri": reference}))
    run = Run(RunInfo(run_id="r1", experiment_id="0", user_id="ci", status="FINISHED", start_time=1, end_time=2,
                      lifecycle_stage="active", artifact_uri="mlflow-artifacts:/0/r1/artifacts"),
              RunData(params=[], tags=[]), RunInputs(dataset_inputs=[DatasetInput(dataset, [])]))
    (ref,) = run_record(run).record.datasets
    assert (ref.pin, ref.version) == (declared.pin, declared.version)


def test_the_policies_a_server_applies_are_described_in_one_line(tmp_path: Path) -> None:
    """The line the server plugin logs at start: the policy and its digest, then each alias's, by alias."""
    plain = gate_policy(None, {}, tmp_path)
    assert plain.describe() == f"run-default (sha256 {plain.sha256[:12]})"
    policy = gate_policy(None, {"aliases": {"prod": "run-strict", "Champion": "run-default"}}, tmp_path)
    champion, prod = policy.for_alias("champion"), policy.for_alias("prod")
    assert policy.describe() == (
        f"run-default (sha256 {policy.sha256[:12]}); aliases: @champion -> run-default (sha256 "
        f"{champion.sha256[:12]}), @prod -> run-strict (sha256 {prod.sha256[:12]})")
    assert len(policy.sha256) == 64 and len({champion.sha256, prod.sha256}) == 2
    assert policy.for_alias(None) is policy and policy.for_alias("") is policy


def test_the_fields_a_policy_names_are_found_in_every_part_of_its_schema(tmp_path: Path) -> None:
    """Names under `allOf`/`anyOf` branches count; a `tags` that is not a schema object does not hide `params`."""
    write(tmp_path, "nested.json", json.dumps({
        "allOf": [{"properties": {"tags": {"required": ["owner"]}}},
                  {"anyOf": [{"properties": {"params": {"properties": {"lr": {"type": "string"}}}}}]}],
        "properties": {"tags": True, "params": {"required": ["epochs"]}},
    }))
    assert gate_policy("nested.json", {}, tmp_path).required_fields() == {"owner", "lr", "epochs"}


def test_gate_policy_errors_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as unknown:
        gate_policy("strcit", {}, tmp_path)
    assert str(unknown.value) == ("policy 'strcit' is neither one of the gate's presets (run-default, run-strict) nor "
                                  f"a JSON Schema file (looked for {(tmp_path / 'strcit').resolve()})")
    with pytest.raises(PolicyError) as twice:
        gate_policy(None, {"aliases": {"Prod": "run-strict", "ｐｒｏｄ": "run-default"}}, tmp_path)
    assert str(twice.value) == ("gate.aliases names 'ｐｒｏｄ' twice (aliases are matched whatever their case, "
                                "accents or width)")


def test_a_version_is_judged_with_the_description_it_will_have_and_reported_as_it_is(tmp_path: Path) -> None:
    """`--model-card`: the card the gate will write counts for `require-description`; the record keeps the
    description the version has now."""
    chosen = settings(tmp_path, "[gate]\nrequire-description = true\n")
    backend = Backend(make_run("r13", **LINEAGED))
    backend.register("churn", "r13", description="Churn model")
    calls: list[tuple[str | None, Any]] = []

    def card(written: str | None, record: Any) -> str:
        calls.append((written, record))
        return f"{written}\n\nlineage: seed 42"

    policy = gate_policy(None, chosen.gate, chosen.base_dir)
    result = decide(backend, parse_uri("models:/churn/1"), policy, chosen, None, describe=card)
    assert (result.verdict, result.findings) == ("pass", [])
    assert calls == [("Churn model", result.record)]
    assert result.record is not None and result.record.model is not None
    assert result.record.model.description == "Churn model"
    empty = Backend(make_run("r14", **LINEAGED))
    empty.register("churn", "r14")
    refused = decide(empty, parse_uri("models:/churn/1"), policy, chosen, None)
    assert [f.code for f in refused.findings] == ["LL501"]
    carded = decide(empty, parse_uri("models:/churn/1"), policy, chosen, None,
                    describe=lambda written, record: "a card")
    assert carded.verdict == "pass"
