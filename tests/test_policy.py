"""Policies are JSON Schemas over the record: presets, strict, and users' own schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from lineage_lint.schema_files import load_schema, shipped_schemas
from support import cli, codes, git_init, show, write

WEAK = "seed: 1\ndatasets:\n  - name: acme/a\n    version: v2\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


@pytest.mark.parametrize("schema", shipped_schemas(), ids=lambda s: s["$id"].rsplit("/", 1)[1])
def test_shipped_schemas_are_valid_2020_12(schema: dict[str, object]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


def test_show_output_matches_the_record_schema(repo: Path) -> None:
    write(repo, "train.yaml", WEAK + "seed_everything: null\n")
    write(repo, "broken.json", "{")
    validator = jsonschema.Draft202012Validator(load_schema("record"))
    records = show(repo, "train.yaml", "broken.json")
    assert [record["path"] for record in records] == ["train.yaml", "broken.json"]
    for record in records:
        validator.validate(record)


def test_default_accepts_a_version_strict_wants_a_digest(repo: Path) -> None:
    write(repo, "train.yaml", WEAK)
    assert cli(repo, "check", "train.yaml").code == 0
    outcome = cli(repo, "check", "--policy", "strict", "--format", "json", "train.yaml")
    assert outcome.code == 1
    (finding,) = outcome.json()["findings"]
    assert (finding["code"], finding["line"]) == ("LL203", 4)


def test_strict_reports_an_unversioned_dataset_once(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\ndatasets:\n  - name: acme/a\n")
    assert codes(show(repo, "train.yaml", extra=("--policy", "strict"))[0]) == ["LL201"]


def test_policy_from_configuration(repo: Path) -> None:
    write(repo, "pyproject.toml", '[project]\nname = "x"\n\n[tool.lineage-lint]\npolicy = "strict"\n')
    write(repo, "train.yaml", WEAK)
    assert cli(repo, "check", "train.yaml").code == 1


def test_user_policy_gets_rule_codes_and_plain_words(repo: Path) -> None:
    policy = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-default.schema.json"}],
        "properties": {
            "datasets": {"minItems": 1, "x-message": "name at least one dataset"},
            "seed": {"properties": {"value": {"not": {"const": 0}}}},
        },
    }
    write(repo, "policies/team.json", json.dumps(policy))
    write(repo, ".lineage-lint.toml", 'policy = "policies/team.json"\n')
    write(repo, "train.yaml", "seed: 0\nepochs: 3\n")
    write(repo, "other.yaml", "seed: null\nepochs: 3\n")
    first, second = show(repo, "train.yaml", "other.yaml")
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in first["findings"]] == [
        ("LL900", 1, 1, "name at least one dataset"),  # the whole record: the file's start
        ("LL900", 1, 7, "`seed.value` is 0, which the policy does not allow"),
    ]
    # the preset's rules still explain the preset's requirements
    assert [(f["code"], f["line"], f["column"]) for f in second["findings"]] == [("LL102", 1, 1), ("LL900", 1, 1)]


def test_policy_path_on_the_command_line_is_relative_to_cwd(repo: Path) -> None:
    write(repo, "p.json", json.dumps({"properties": {"dataset_pin": {"const": "strong"}}}))
    write(repo, "train.yaml", WEAK)
    outcome = cli(repo, "check", "--policy", "p.json", "--format", "concise", "train.yaml")
    assert outcome.code == 1
    assert "LL900 `dataset_pin` is 'weak'; the policy requires 'strong'" in outcome.out


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "not found"),
        ("{not json", "not valid JSON"),
        ('{"type": 12}', "not a valid JSON Schema"),
        ("[1, 2]", "must hold a JSON Schema object"),
    ],
)
def test_unusable_policy_is_a_configuration_error(repo: Path, content: str | None, words: str) -> None:
    if content is not None:
        write(repo, "p.json", content)
    write(repo, "train.yaml", WEAK)
    outcome = cli(repo, "check", "--policy", "p.json", "train.yaml")
    assert outcome.code == 2
    assert words in outcome.err
    assert "Traceback" not in outcome.err


def test_policy_option_does_not_move_the_configuration_folder(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", '[per-file-ignores]\n"configs/legacy/**" = ["LL102"]\n')
    write(repo, "configs/legacy/train.yaml", "seed: null\nepochs: 1\n")
    write(repo, "tools/p.json", json.dumps({"properties": {"seed": {"properties": {"status": {"const": "declared"}}}}}))
    outcome = cli(repo / "tools", "check", "--policy", "p.json", "../configs/legacy/train.yaml")
    assert outcome.code == 0, outcome.out


def test_unresolvable_reference_in_a_policy_is_a_configuration_error(repo: Path) -> None:
    write(repo, "p.json", json.dumps({"$ref": "https://example.com/nowhere.json"}))
    write(repo, "train.yaml", WEAK)
    outcome = cli(repo, "check", "--policy", "p.json", "train.yaml")
    assert outcome.code == 2
    assert "cannot be resolved" in outcome.err


def test_false_policy_names_the_record_without_dumping_it(repo: Path) -> None:
    write(repo, "p.json", "false")
    write(repo, "train.yaml", WEAK)
    outcome = cli(repo, "check", "--policy", "p.json", "--format", "concise", "train.yaml")
    assert outcome.code == 1
    assert outcome.out.strip().endswith("LL900 `(the record)` is this value, which the policy does not allow")


@pytest.mark.parametrize("preset", ["default", "strict"])
def test_presets_require_a_seed_of_training_configs_only(preset: str) -> None:
    from lineage_lint.policy import load_policy
    from lineage_lint.record import LineageRecord, Origin, Role, SeedVerdict

    policy = load_policy(preset, Path.cwd())

    def seed_codes(role: Role) -> list[str]:
        record = LineageRecord("x.yaml", "generic", SeedVerdict("missing", Origin("x.yaml")), role=role)
        return [finding.code for finding in policy.judge(record)]

    assert seed_codes("training") == ["LL101"]
    assert seed_codes("fragment") == []
    assert seed_codes("dataset-definition") == []
    # a record without a role (a run judged by the gate, a user's own producer) is a training run
    validator = policy.validator
    assert any(e.json_path == "$.seed.status" for e in validator.iter_errors({"seed": {"status": "missing"}}))
