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
from lineage_lint.record import (
    CIContext,
    CodeVersion,
    ConfigFile,
    DatasetRef,
    LaunchSlot,
    LineageRecord,
    ModelVersion,
    Origin,
    SeedVerdict,
)
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
    ({"properties": {"seed": {"minProperties": 9}}}, SEED, "`seed` has 4 entries; the policy requires at least 9",
     "seed"),
    ({"properties": {"seed": {"maxProperties": 2}}}, SEED, "`seed` has 4 entries; the policy allows at most 2", "seed"),
    ({"properties": {"path": {"type": "integer"}}}, START, "`path` is str; the policy requires integer", "path"),
    ({"properties": {"path": {"pattern": "^configs/"}}}, START,
     "`path` ('x.yaml') does not have the form the policy requires", "path"),
    ({"properties": {"datasets": {"minItems": 2}}}, START, "`datasets` has 1 item; the policy requires at least 2",
     "datasets"),
    ({"properties": {"datasets": {"maxItems": 0}}}, START, "`datasets` has 1 item; the policy allows at most 0",
     "datasets"),
    ({"properties": {"seed": {"properties": {"value": {"minimum": 10}}}}}, SEED,
     "`seed.value` is 3; the policy requires at least 10", "seed.value"),
    ({"properties": {"seed": {"properties": {"value": {"exclusiveMinimum": 3}}}}}, SEED,
     "`seed.value` is 3; the policy requires more than 3", "seed.value"),
    ({"properties": {"seed": {"properties": {"value": {"exclusiveMaximum": 3}}}}}, SEED,
     "`seed.value` is 3; the policy requires less than 3", "seed.value"),
    ({"properties": {"seed": {"properties": {"value": {"maximum": 1}}}}}, SEED,
     "`seed.value` is 3; the policy allows at most 1", "seed.value"),
    ({"properties": {"path": {"minLength": 10}}}, START,
     "`path` is 6 characters long; the policy requires at least 10", "path"),
    ({"properties": {"path": {"maxLength": 2}}}, START, "`path` is 6 characters long; the policy allows at most 2",
     "path"),
    ({"properties": {"seed": {"properties": {"key": {"maxLength": 0}}}}}, SEED,
     "`seed.key` is 4 characters long; the policy allows at most 0", "seed.key"),
    ({"properties": {"profile": {"not": {"const": "generic"}}}}, START,
     "`profile` is 'generic', which the policy does not allow", "profile"),
    ({"properties": {"profile": {"const": "hydra", "x-message": "use the hydra profile"}}}, START,
     "use the hydra profile", "profile"),
    ({"properties": {"seed": {"properties": {"value": {"multipleOf": 2}}}}}, SEED,
     "`seed.value` is 3; the policy requires a multiple of 2", "seed.value"),
    ({"properties": {"datasets": {"contains": {"properties": {"pin": {"const": "strong"}}}}}}, START,
     "`datasets` does not have the items the policy's `contains` requires", "datasets"),
    ({"properties": {"profile": {"oneOf": [{"type": "string"}, {"minLength": 1}]}}}, START,
     "`profile` meets more than one of the policy's alternatives (oneOf), where it must meet exactly one", "profile"),
    ({"properties": {"seed": {"unevaluatedProperties": False}}}, SEED,
     "`seed` has entries that no part of the policy allows (unevaluatedProperties)", "seed"),
    ({"properties": {"seed": {"dependentRequired": {"key": ["source", "kind"]}}}}, SEED,
     "`seed` has `key` but lacks `source`, `kind`, which the policy requires with it", "seed"),
    ({"properties": {"seed": {"propertyNames": {"pattern": "^[a-s]"}}}}, SEED,
     "`seed` has the key 'value', a name the policy does not allow", "seed.value"),
    ({"properties": {"seed": {"propertyNames": {"maxLength": 5}}}}, SEED,
     "`seed` has the key 'status', a name the policy does not allow", "seed.status"),
    ({"properties": {"seed": {"properties": {"from": False}}}}, SEED,
     "`seed.from` is 'x.yaml:2', which the policy does not allow", "seed.from"),
    ({"properties": {"seed": {"additionalProperties": False, "properties": {"status": {}, "value": {}, "from": {}}}}},
     SEED,
     "`seed.key` is 'seed', which the policy does not allow", "seed.key"),
    ({"properties": {"datasets": {"prefixItems": [False]}}}, ("x.yaml", 5, 9),
     "`datasets[0]` is this value, which the policy does not allow", "datasets[data.name=acme/a]"),
    ({"properties": {"sources": {"const": 1}}}, START, "`sources` is this value; the policy requires 1", "sources"),
    ({"properties": {"datasets": {"items": {"properties": {"version": {"const": "v3"}}}}}}, ("x.yaml", 5, 9),
     "`datasets[0].version` is 'v2'; the policy requires 'v3'", "datasets[data.name=acme/a].version"),
    ({"properties": {"profile": False}}, START, "`profile` is 'generic', which the policy does not allow", "profile"),
])
def test_each_requirement_is_worded_and_located(tmp_path: Path, schema: dict[str, Any], where: tuple[str, int, int],
                                                 message: str, identity: str) -> None:
    assert judge(tmp_path, schema) == [("LL900", *where, message, identity)]


def test_repeated_items_are_named(tmp_path: Path) -> None:
    subject = record()
    subject.sources = ["x.yaml", "base.yaml", "base.yaml"]
    assert judge(tmp_path, {"properties": {"sources": {"uniqueItems": True}}}, subject) == [
        ("LL900", *START, "`sources` has repeated items; the policy requires each item once", "sources")]


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


def run_record() -> LineageRecord:
    """A run with two tags and two params (their findings name the run field: they have no line)."""
    uri = "runs:/r"
    return LineageRecord(uri, "mlflow-run", SeedVerdict("declared", Origin(uri, field="params.seed"), key="seed",
                                                        value=1),
                         tags={"team": "ml", "Owner": "ana"}, params={"lr": "0.1", "Seed": "1"})


LACKS_TAG = "the run lacks the tag `ticket`, `lr`, which the gate's configuration requires"
LACKS_PARAM = "the run lacks the param `team`, `ticket`, which the gate's configuration requires"


@pytest.mark.parametrize(("part", "requirement", "findings"), [
    ("tags", {"required": ["team", "ticket", "lr"]}, [("LL306", "#tags", LACKS_TAG)]),
    ("params", {"required": ["team", "ticket", "lr"]}, [("LL307", "#params", LACKS_PARAM)]),
    ("tags", {"minProperties": 3}, [("LL900", "#tags", "`tags` has 2 entries; the policy requires at least 3")]),
    ("params", {"minProperties": 3}, [("LL900", "#params", "`params` has 2 entries; the policy requires at least 3")]),
    ("tags", {"maxProperties": 1}, [("LL900", "#tags", "`tags` has 2 entries; the policy allows at most 1")]),
    ("params", {"type": "array"}, [("LL900", "#params", "`params` is dict; the policy requires array")]),
    ("tags", {"propertyNames": {"pattern": "^[a-z]+$"}},
     [("LL900", "#tags.Owner", "`tags` has the key 'Owner', a name the policy does not allow")]),
    ("params", {"propertyNames": {"enum": ["lr", "seed"]}},
     [("LL900", "#params.Seed", "`params` has the key 'Seed', a name the policy does not allow")]),
    ("tags", {"properties": {"team": {}}, "additionalProperties": False},
     [("LL900", "#tags.Owner", "`tags.Owner` is 'ana', which the policy does not allow")]),
    ("params", {"additionalProperties": {"pattern": "^[0-9]+$"}},
     [("LL900", "#params.lr", "`params.lr` ('0.1') does not have the form the policy requires")]),
    ("tags", {"patternProperties": {"^[A-Z]": False}},
     [("LL900", "#tags.Owner", "`tags.Owner` is 'ana', which the policy does not allow")]),
    ("params", {"dependentRequired": {"lr": ["batch", "Seed", "epochs"]}},
     [("LL900", "#params", "`params` has `lr` but lacks `batch`, `epochs`, which the policy requires with it")]),
])
def test_any_keyword_on_tags_or_params_reads_right(tmp_path: Path, part: str, requirement: dict[str, Any],
                                                    findings: list[tuple[str, str, str]]) -> None:
    """Only a failed ``required`` on the run's tags or params is a missing tag or param (LL306, LL307); any
    other requirement of a user's policy on them is said in its own words, naming the run field it failed on
    (one tag, or the whole part), never "lacks the tag ," (a bug once)."""
    got = judge(tmp_path, {"properties": {part: requirement}}, run_record())
    assert [(code, path, line, column, message) for code, path, line, column, message, _ in got] == [
        (code, f"runs:/r{field}", 1, 1, message) for code, field, message in findings]


@pytest.mark.parametrize(("description", "code", "message"), [
    (None, "LL501", "the model version has no description (its model card); describe it before promoting it"),
    ("churn model", "LL900", "`model.description` is 11 characters long; the policy requires at least 40"),
])
def test_a_short_description_is_not_called_missing(tmp_path: Path, description: str | None, code: str,
                                                   message: str) -> None:
    subject = run_record()
    subject.model = ModelVersion("churn", "3", description, Origin("models:/churn/3", field="description"))
    schema = {"properties": {"model": {"properties": {"description": {"type": "string", "minLength": 40}}}}}
    assert [row[:5] for row in judge(tmp_path, schema, subject)] == [
        (code, "models:/churn/3#description", 1, 1, message)]


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


# --------------------------------------------------------------- findings located and worded by what they are about


def test_strict_names_each_field_left_to_the_launch_command_at_its_line() -> None:
    """LL206 (strict) names the field of each value left to the launch command, on that value's line."""
    slots = [LaunchSlot("model.train_ds.manifest_filepath", "???", Origin("x.yaml", Span(4, 24, 4, 27))),
             LaunchSlot("model.validation_ds.manifest_filepath", "???", Origin("x.yaml", Span(12, 15, 12, 18)))]
    subject = LineageRecord("x.yaml", "generic", SeedVerdict("declared", LINE2, key="seed", value=1),
                            supplied_at_launch=slots)
    findings = load_policy("strict", Path("/")).judge(subject)
    launch = "is left to the launch command (`???`): the config does not say which data"
    assert [(f.code, f.path, f.span.line, f.span.col, f.message, f.identity) for f in findings] == [
        ("LL206", "x.yaml", 4, 24, f"dataset field `model.train_ds.manifest_filepath` {launch}",
         "supplied_at_launch[0]"),
        ("LL206", "x.yaml", 12, 15, f"dataset field `model.validation_ds.manifest_filepath` {launch}",
         "supplied_at_launch[1]"),
    ]


def test_a_value_set_in_a_base_is_shown_at_the_line_that_composes_the_base(tmp_path: Path) -> None:
    base = "configs/_base_/runtime.py"
    seed = SeedVerdict("declared", Origin(base, Span(3, 5, 3, 6, file=base)), key="seed", value=3)
    subject = LineageRecord("x.yaml", "generic", seed, composed_at={base: Span(7, 3, 7, 30)})
    assert judge(tmp_path, {"properties": {"seed": {"properties": {"value": {"const": 4}}}}}, subject) == [
        ("LL900", "x.yaml", 7, 3, "`seed.value` is 3; the policy requires 4 (set in configs/_base_/runtime.py:3)",
         "seed.value"),
    ]


def test_a_key_refused_in_a_list_item_names_the_item(tmp_path: Path) -> None:
    schema = {"properties": {"datasets": {"items": {"propertyNames": {"pattern": "^[a-r]"}}}}}
    assert judge(tmp_path, schema) == [
        ("LL900", "x.yaml", 5, 9, "`datasets[0]` has the key 'version', a name the policy does not allow",
         "datasets[data.name=acme/a].version"),
    ]


def test_each_dependent_requirement_is_said_in_one_message(tmp_path: Path) -> None:
    schema = {"properties": {"seed": {"dependentRequired": {"key": ["source"], "value": ["kind", "status"]}}}}
    assert judge(tmp_path, schema) == [
        ("LL900", *SEED, "`seed` has `key` but lacks `source`, which the policy requires with it; `seed` has `value` "
                         "but lacks `kind`, which the policy requires with it", "seed"),
    ]


@pytest.mark.parametrize("rest", [False, {"type": "integer"}])
def test_unevaluated_list_items_are_named(tmp_path: Path, rest: object) -> None:
    subject = record()
    subject.sources = ["x.yaml", "base.yaml"]
    schema = {"properties": {"sources": {"prefixItems": [{"const": "x.yaml"}], "unevaluatedItems": rest}}}
    assert judge(tmp_path, schema, subject) == [
        ("LL900", *START, "`sources` has entries that no part of the policy allows (unevaluatedItems)", "sources")]


def test_false_inside_a_const_is_a_value_not_a_schema(tmp_path: Path) -> None:
    """Only subschemas are rewritten: a ``const`` object holding ``false`` still means that value."""
    seed = SeedVerdict("declared", Origin("x.yaml", Span(2, 7, 2, 12)), key="seed", value=False)
    subject = LineageRecord("x.yaml", "generic", seed)
    value = {"status": "declared", "key": "seed", "value": False, "from": "x.yaml:2"}
    assert judge(tmp_path, {"properties": {"seed": {"const": value}}}, subject) == []
    (tmp_path / "not").mkdir()  # another file: policies are compiled once per path
    assert judge(tmp_path / "not", {"properties": {"seed": {"not": {"const": value}}}}, subject) == [
        ("LL900", "x.yaml", 2, 7, "`seed` is this value, which the policy does not allow", "seed")]
