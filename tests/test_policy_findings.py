"""What a user's policy says when a record fails it: for each kind of JSON Schema requirement, the finding's
code, location (the line the value came from) and plain words, judged directly by ``Policy.judge``.

``test_policy.py`` runs policies through the CLI; this is the table of every message the policy module can
word, so a changed or swapped message is caught (it is also what ``bench/mutation.py policy`` measures)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lineage_lint import policy as policy_module
from lineage_lint.policy import PolicyError, load_policy
from lineage_lint.record import CIContext, CodeVersion, ConfigFile, DatasetRef, LineageRecord, Origin, SeedVerdict
from lineage_lint.tree import Span


@pytest.fixture(autouse=True)
def fresh_policies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test compiles its policies anew (the module caches them per process)."""
    monkeypatch.setattr(policy_module, "_validators", {})


def record() -> LineageRecord:
    """A config with its seed on line 2 and one weakly pinned dataset on line 5."""
    seed = SeedVerdict("declared", Origin("x.yaml", Span(2, 7, 2, 8)), key="seed", value=3)
    dataset = DatasetRef("data.name", "acme/a", "weak", Origin("x.yaml", Span(5, 9, 5, 15)), version="v2")
    return LineageRecord("x.yaml", "generic", seed, datasets=[dataset], tags={"team": "ml"})


Row = tuple[str, str, int, int, str, str]  # code, path, line, column, message, identity


def judge(tmp_path: Path, schema: Any, subject: LineageRecord | None = None) -> list[Row]:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    findings = load_policy(str(path), tmp_path).judge(subject or record())
    return [(f.code, f.path, f.span.line, f.span.col, f.message, f.identity) for f in findings]


START = ("x.yaml", 1, 1)  # a value with no line of its own: the file's start
SEED = ("x.yaml", 2, 7)


@pytest.mark.parametrize(("schema", "where", "message", "identity"), [
    ({"properties": {"dataset_pin": {"const": "strong"}}}, START,
     "`dataset_pin` is 'weak'; the policy requires 'strong'", "dataset_pin"),
    ({"properties": {"profile": {"enum": ["hydra", "lightning"]}}}, START,
     "`profile` is 'generic'; the policy allows 'hydra', 'lightning'", "profile"),
    ({"required": ["code", "path"]}, START, "`(the record)` lacks `code`, which the policy requires", "(the record)"),
    ({"required": ["code", "path", "owner"]}, START, "`(the record)` lacks `code`, `owner`, which the policy requires",
     "(the record)"),
    ({"minProperties": 100}, START, "`(the record)` is below the policy's minimum (100)", "(the record)"),
    ({"maxProperties": 2}, START, "`(the record)` is above the policy's maximum (2)", "(the record)"),
    ({"properties": {"path": {"type": "integer"}}}, START, "`path` is str; the policy requires integer", "path"),
    ({"properties": {"path": {"pattern": "^configs/"}}}, START,
     "`path` ('x.yaml') does not have the form the policy requires", "path"),
    ({"properties": {"datasets": {"minItems": 2}}}, START, "`datasets` is below the policy's minimum (2)", "datasets"),
    ({"properties": {"datasets": {"maxItems": 0}}}, START, "`datasets` is above the policy's maximum (0)", "datasets"),
    ({"properties": {"seed": {"properties": {"value": {"minimum": 10}}}}}, SEED,
     "`seed.value` is below the policy's minimum (10)", "seed.value"),
    ({"properties": {"seed": {"properties": {"value": {"maximum": 1}}}}}, SEED,
     "`seed.value` is above the policy's maximum (1)", "seed.value"),
    ({"properties": {"path": {"minLength": 10}}}, START, "`path` is below the policy's minimum (10)", "path"),
    ({"properties": {"path": {"maxLength": 2}}}, START, "`path` is above the policy's maximum (2)", "path"),
    ({"properties": {"profile": {"not": {"const": "generic"}}}}, START,
     "`profile` is 'generic', which the policy does not allow", "profile"),
    ({"properties": {"profile": {"const": "hydra", "x-message": "use the hydra profile"}}}, START,
     "use the hydra profile", "profile"),
    ({"properties": {"seed": {"properties": {"value": {"multipleOf": 2}}}}}, SEED,
     "`seed.value` does not meet the policy (multipleOf)", "seed.value"),
    ({"properties": {"sources": {"const": 1}}}, START, "`sources` is this value; the policy requires 1", "sources"),
    ({"properties": {"datasets": {"items": {"properties": {"version": {"const": "v3"}}}}}}, ("x.yaml", 5, 9),
     "`datasets[0].version` is 'v2'; the policy requires 'v3'", "datasets[data.name=acme/a].version"),
    pytest.param({"properties": {"profile": False}}, START, "`profile` is 'generic', which the policy does not allow",
                 "profile", marks=pytest.mark.xfail(strict=True, reason=(
                     "bug: a `false` subschema's error carries no path in jsonschema, so the finding names "
                     "`(the record)` instead of `profile`"))),
])
def test_each_requirement_is_worded_and_located(tmp_path: Path, schema: dict[str, Any], where: tuple[str, int, int],
                                                 message: str, identity: str) -> None:
    assert judge(tmp_path, schema) == [("LL900", *where, message, identity)]


def test_a_false_subschema_is_a_finding_in_plain_words(tmp_path: Path) -> None:
    """Whatever it names (see the xfail above), a ``false`` subschema is a finding, never a crash."""
    [(code, path, line, column, message, _)] = judge(tmp_path, {"properties": {"profile": False}})
    assert (code, path, line, column) == ("LL900", *START)
    assert message.endswith(" is 'generic', which the policy does not allow")


def test_a_failed_any_of_is_explained_by_each_branch(tmp_path: Path) -> None:
    schema = {"anyOf": [{"properties": {"profile": {"const": "hydra"}}}, {"properties": {"path": {"const": "y.yaml"}}}]}
    assert judge(tmp_path, schema) == [
        ("LL900", *START, "`profile` is 'generic'; the policy requires 'hydra'", "profile"),
        ("LL900", *START, "`path` is 'x.yaml'; the policy requires 'y.yaml'", "path"),
    ]


def test_the_same_requirement_failed_twice_is_one_finding(tmp_path: Path) -> None:
    schema = {"allOf": [{"properties": {"path": {"const": "y.yaml"}}}, {"properties": {"path": {"const": "y.yaml"}}}]}
    assert judge(tmp_path, schema) == [("LL900", *START, "`path` is 'x.yaml'; the policy requires 'y.yaml'", "path")]


def test_a_record_that_meets_the_policy_has_no_findings(tmp_path: Path) -> None:
    schema = {"properties": {"dataset_pin": {"enum": ["weak", "strong"]}, "path": {"const": "x.yaml"}}}
    assert judge(tmp_path, schema) == []


def test_a_value_set_in_a_base_is_reported_on_the_checked_file_naming_the_base(tmp_path: Path) -> None:
    base = "configs/_base_/runtime.py"
    seed = SeedVerdict("declared", Origin(base, Span(3, 5, 3, 6, file=base)), key="seed", value=3)
    subject = LineageRecord("x.yaml", "generic", seed)
    assert judge(tmp_path, {"properties": {"seed": {"properties": {"value": {"const": 4}}}}}, subject) == [
        ("LL900", *START, "`seed.value` is 3; the policy requires 4 (set in configs/_base_/runtime.py:3)",
         "seed.value"),
    ]


def test_a_value_read_from_a_run_names_the_run_field(tmp_path: Path) -> None:
    seed = SeedVerdict("declared", Origin("runs:/abc", field="params.seed"), key="seed", value=3)
    subject = LineageRecord("runs:/abc", "mlflow-run", seed)
    assert judge(tmp_path, {"properties": {"seed": {"properties": {"value": {"const": 4}}}}}, subject) == [
        ("LL900", "runs:/abc#params.seed", 1, 1, "`seed.value` is 3; the policy requires 4", "seed.value"),
    ]


def test_presets_are_compiled_once_and_files_once_per_path(tmp_path: Path) -> None:
    assert load_policy("default", tmp_path) is load_policy("default", Path("/"))
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"properties": {"path": {"const": "x.yaml"}}}), encoding="utf-8")
    assert load_policy("p.json", tmp_path) is load_policy(str(path), Path("/"))


@pytest.mark.parametrize(("content", "message"), [
    (None, "policy file p.json not found (looked for {path}); use default, strict or a path"),
    ("{not json", "policy file p.json is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
    ("[1, 2]", "policy file p.json must hold a JSON Schema object"),
    ('"strict"', "policy file p.json must hold a JSON Schema object"),
    (b"\xff\xfe{}", "policy file p.json cannot be read: 'utf-8' codec can't decode byte 0xff in position 0: "
                    "invalid start byte"),
    ('{"type": 12}', "policy p.json is not a valid JSON Schema at type: 12 is not valid under any of the given "
                     "schemas"),
])
def test_an_unusable_policy_file_says_why(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "p.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy("p.json", tmp_path)
    assert str(caught.value) == message.format(path=path.resolve())


@pytest.mark.parametrize(("content", "codes"), [("true", []), ("false", ["LL900"]), ("{}", [])])
def test_boolean_policies(tmp_path: Path, content: str, codes: list[str]) -> None:
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    assert [f.code for f in load_policy("p.json", tmp_path).judge(record())] == codes


# ---------------------------------------------------------------------------------------------- the presets' rules

LINE2 = Origin("x.yaml", Span(2, 7, 2, 11))


@pytest.mark.parametrize(("seed", "code", "message"), [
    (SeedVerdict("random", LINE2, key="training.seed", value=None, note="null picks a new seed every run"), "LL102",
     "run seed `training.seed` is null: null picks a new seed every run; set a concrete integer"),
    (SeedVerdict("random", LINE2, key=None, value=-1, note="-1 draws a seed"), "LL102",
     "run seed `seed` is -1: -1 draws a seed; set a concrete integer"),
    (SeedVerdict("missing", LINE2, note="no key named like a seed"), "LL101",
     "no run seed is set (no key named like a seed); declare one, e.g. `seed: 1234`"),
    (SeedVerdict("missing", LINE2), "LL101", "no run seed is set; declare one, e.g. `seed: 1234`"),
    (SeedVerdict("env", LINE2, key="seed", value="${oc.env:SEED}", note="taken from the environment"), "LL103",
     "run seed `seed` is '${oc.env:SEED}': taken from the environment; the repository does not say which seed "
     "was used"),
    (SeedVerdict("unresolved", LINE2, key="seed", value="${x}", note="the reference cannot be followed"), "LL104",
     "run seed `seed` could not be resolved: the reference cannot be followed"),
])
def test_seed_rules_word_the_seeds_key_value_and_note(seed: SeedVerdict, code: str, message: str) -> None:
    findings = load_policy("default", Path("/")).judge(LineageRecord("x.yaml", "generic", seed))
    assert [(f.code, f.path, f.span.line, f.span.col, f.message) for f in findings] == [(code, "x.yaml", 2, 7, message)]


def test_run_rules_word_the_failing_field_and_its_value() -> None:
    """A run's parts (code, CI, config) are worded by the failing field and value, not by the run's seed."""
    uri = "runs:/r"
    subject = LineageRecord(uri, "mlflow-run", SeedVerdict("declared", Origin(uri, field="params.seed"), key="seed",
                                                           value=1))
    subject.code = CodeVersion(None, "unknown", Origin(uri, field="tags.mlflow.source.git.commit"))
    subject.ci = CIContext(None, None, None, Origin(uri, field="tags.triggered_by"))
    subject.config = ConfigFile(None, None, Origin(uri, field="tags.lineage.config_path"))
    findings = load_policy("run-strict", Path("/")).judge(subject)
    assert [(f.code, f.path, f.message) for f in findings] == [
        ("LL204", uri, "no training dataset is recorded, so the training data cannot be traced; log each dataset "
                       "as a run input"),
        ("LL305", f"{uri}#tags.lineage.config_path",  # one finding for the part, naming each missing field
         "the run does not record its training config's `path` or `sha256` (found null); `log_lineage` records it"),
        ("LL301", f"{uri}#tags.mlflow.source.git.commit",
         "the run records no usable git commit of its code (found null); set the tag `mlflow.source.git.commit`"),
        ("LL303", f"{uri}#tags.mlflow.source.git.commit",
         "the run does not record whether its working tree was clean (tag `lineage.git_dirty`)"),
        ("LL304", f"{uri}#tags.triggered_by", "the run records no CI `triggered_by` or `job_url` (found null): it "
                                              "was not trained by a CI job that tagged it"),
    ]
    subject.ci = CIContext("github-actions", "alice (push)", None, Origin(uri, field="tags.triggered_by"))
    [ci] = [f for f in load_policy("run-strict", Path("/")).judge(subject) if f.code == "LL304"]
    assert ci.message == "the run records no CI `job_url` (found null): it was not trained by a CI job that tagged it"


def test_a_run_is_advised_in_mlflow_calls_and_a_config_in_config_syntax() -> None:
    uri = "runs:/r"
    run = LineageRecord(uri, "mlflow-run", SeedVerdict("missing", Origin(uri, field="params.seed")))
    [seed] = [f for f in load_policy("run-default", Path("/")).judge(run) if f.code == "LL101"]
    assert '`mlflow.log_param("seed", 1234)`' in seed.message and "log_lineage(" in seed.message
    assert "`seed: 1234`" not in seed.message and "\\" not in seed.message
    config = LineageRecord("train.yaml", "generic", SeedVerdict("missing", Origin("train.yaml")))
    [declared] = [f for f in load_policy("default", Path("/")).judge(config) if f.code == "LL101"]
    assert "`seed: 1234`" in declared.message and "mlflow" not in declared.message


def test_required_tags_name_each_missing_tag(tmp_path: Path) -> None:
    assert judge(tmp_path, {"properties": {"tags": {"required": ["team", "owner", "cost_center"]}}}) == [
        ("LL306", "x.yaml#tags", 1, 1,
         "the run lacks the tag `owner`, `cost_center`, which the gate's configuration requires", "tags"),
    ]


def test_a_run_part_is_worded_by_its_own_value_not_the_seeds() -> None:
    uri = "runs:/r"
    subject = LineageRecord(uri, "mlflow-run", SeedVerdict("declared", Origin(uri, field="params.seed"), key="seed",
                                                           value=1))
    subject.code = CodeVersion("main", "clean", Origin(uri, field="tags.mlflow.source.git.commit"))
    findings = load_policy("run-default", Path("/")).judge(subject)
    assert [(f.code, f.message) for f in findings if f.code == "LL301"] == [
        ("LL301", "the run records no usable git commit of its code (found 'main'); set the tag "
                  "`mlflow.source.git.commit`"),
    ]


def test_an_item_of_a_list_is_named_by_its_dataset(tmp_path: Path) -> None:
    assert judge(tmp_path, {"properties": {"datasets": {"items": {"type": "string"}}}}) == [
        ("LL900", "x.yaml", 5, 9, "`datasets[0]` is dict; the policy requires string", "datasets[data.name=acme/a]"),
    ]


def test_dataset_rules_word_the_reference_key_version_or_digest_and_note() -> None:
    where = Origin("x.yaml", Span(4, 3, 4, 9))
    subject = LineageRecord("x.yaml", "generic", SeedVerdict("declared", Origin("x.yaml"), key="seed", value=1),
                            datasets=[DatasetRef("data.name", "acme/a", "none", where,
                                                 note=" (the name looks like a hub id)"),
                                      DatasetRef("eval.name", "acme/b", "weak", where, digest="v1-abc")])
    findings = load_policy("strict", Path("/")).judge(subject)
    docs = "https://github.com/lineage-lint/lineage-lint/blob/main/docs/rules.md"
    assert [(f.code, f.name, f.url, f.identity, f.message) for f in findings] == [
        ("LL201", "dataset-unversioned", f"{docs}#ll201-dataset-unversioned", "datasets[data.name=acme/a].pin",
         "dataset `acme/a` (data.name) has no version, revision or digest (the name looks like a hub id)"),
        ("LL203", "dataset-not-content-addressed", f"{docs}#ll203-dataset-not-content-addressed",
         "datasets[eval.name=acme/b].pin",
         "dataset `acme/b` (eval.name) is pinned by version `v1-abc`, not by a digest or commit"),
    ]


def test_a_policy_may_build_on_a_preset_by_its_id(tmp_path: Path) -> None:
    schema = {"allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-default.schema.json"}]}
    missing = LineageRecord("x.yaml", "generic", SeedVerdict("missing", Origin("x.yaml")))
    assert [f.code for f in load_policy(str(write_policy(tmp_path, schema)), tmp_path).judge(missing)] == ["LL101"]


def write_policy(tmp_path: Path, schema: Any, name: str = "policy.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


@pytest.mark.parametrize(("schema", "problem"), [
    ({"$ref": "https://example.com/nowhere.json"},
     "refers to a schema that cannot be resolved: Unresolvable: https://example.com/nowhere.json"),
    ({"properties": {"a": {"type": 12}}},
     "is not a valid JSON Schema at properties/a/type: 12 is not valid under any of the given schemas"),
])
def test_a_broken_policy_names_itself_and_where_it_is_broken(tmp_path: Path, schema: Any, problem: str) -> None:
    path = write_policy(tmp_path, schema)
    with pytest.raises(PolicyError) as caught:
        load_policy(str(path), tmp_path).judge(record())
    assert str(caught.value) == f"policy {path} {problem}"


def test_presets_are_the_shipped_schemas() -> None:
    assert load_policy("default", Path("/")).name == "default"
    assert load_policy("strict", Path("/")).validator.schema["$id"].endswith("/policy-strict.schema.json")
