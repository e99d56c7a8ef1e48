"""The shipped presets checked in Python give exactly jsonschema's findings.

A record the Python check says passes is not validated by jsonschema (most records pass, and jsonschema's
walk costs as much as reading a small file); every other record is. So the two must agree on every record:
a record the check passes wrongly would be waved through. Compared here on the records of the examples,
the in-house set and the corpus (when it sits beside the checkout), and on thousands of records with every
combination of the fields the presets read; the preset files are pinned, so that a change to one fails
until its check is brought along.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from lineage_lint import policy as policy_module
from lineage_lint.config import Settings
from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from lineage_lint.policy import ERRORS, PASSES, Policy, load_policy
from lineage_lint.record import (
    CIContext,
    CodeVersion,
    ConfigFile,
    DatasetRef,
    LaunchSlot,
    LineageRecord,
    Origin,
    SeedVerdict,
)
from lineage_lint.schema_files import load_schema

REPO = Path(__file__).resolve().parents[1]
# The requirements (title and description aside) the Python checks were written from.
PINNED = {
    "default": "21bd1029ea6815c195811789c047e29e984fcce4a60a001a9cbbb133a0262563",
    "strict": "62c2fd1120554905f9c7f0da9af9981e4409b8a2b4ac675c7dcb2ad14382ece9",
    "run-default": "6171e49b5cc176c04680c350cf4b62df96d34722a86e61db42377f9e07442b94",
    "run-strict": "a4dd422ba2c748897645b3c1ab9037d093a09013414b34edac6d3b6f055d0adf",
}


@pytest.fixture(autouse=True)
def fresh_policies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test loads the presets anew (the module caches them per process)."""
    monkeypatch.setattr(policy_module, "_validators", {})


def requirements_digest(name: str) -> str:
    schema = {key: value for key, value in load_schema(f"policy-{name}").items() if key not in ("title", "description")}
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()


def fully(policy: Policy) -> Policy:
    return Policy(policy.name, policy.validator)


@pytest.mark.parametrize("name", sorted(PASSES))
def test_the_presets_are_the_ones_the_checks_were_written_from(name: str) -> None:
    assert requirements_digest(name) == PINNED[name], (
        f"policy-{name}.schema.json changed: bring policy.PASSES[{name!r}] along, then update PINNED")


def records_of_files() -> list[LineageRecord]:
    folders = [REPO / "examples", *(REPO / "bench" / name / "files" for name in ("inhouse", "blind", "adversarial")),
               REPO.parent.parent / "shared" / "corpus"]
    records = []
    for folder in folders:
        if not folder.is_dir():
            continue
        engine = Engine(Settings(base_dir=folder, root=folder))
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yaml", ".yml", ".json", ".toml", ".py") and path.is_file():
                result = engine.check(Target(path, str(path)))
                if result.record is not None:
                    records.append(result.record)
    return records


def synthetic_records() -> list[LineageRecord]:
    """Every combination of what the presets read (role, seed status, pins, evidence, launch slots), and
    random lists of datasets."""
    roles = ("training", "fragment", "dataset-definition")
    statuses = ("declared", "random", "env", "missing", "unresolved")
    pins = ("strong", "weak", "floating", "none")
    evidences = (None, "explicit-version", "digest", "inline-revision", "uri-version", "name-edition")
    origin = Origin("x.yaml")
    records = []
    for role, status in itertools.product(roles, statuses):
        for count in range(3):
            for combination in itertools.product(itertools.product(pins, evidences), repeat=count):
                for launch in ((), (LaunchSlot("data.path", "???", origin),)):
                    datasets = [DatasetRef(f"data{i}", f"org/d{i}", pin, origin, evidence=evidence)
                                for i, (pin, evidence) in enumerate(combination)]
                    records.append(LineageRecord("x.yaml", "generic", SeedVerdict(status, origin), datasets,
                                                 role=role, supplied_at_launch=list(launch)))
    rng = random.Random(13)
    for _ in range(2000):
        datasets = [DatasetRef(f"d{i}", "org/x", rng.choice(pins), origin, evidence=rng.choice(evidences))
                    for i in range(rng.randrange(0, 6))]
        records.append(LineageRecord("y.yaml", "generic", SeedVerdict(rng.choice(statuses), origin), datasets,
                                     role=rng.choice(roles)))
    return records


def synthetic_run_records() -> list[LineageRecord]:
    """Records of MLflow runs (what the gate judges): every combination of the code, CI and config fields the
    run presets read, each near its edge (a commit of 6, 7, 64 and 65 hex digits, upper case, a trailing
    newline, an empty string; a sha256 in upper case), over datasets trained on or only evaluated on."""
    origin = Origin("runs:/r")
    commits = (None, "", "012345", "0123456", "0123456\n", "ABCDEF0", "g123456", "a" * 40, "a" * 64, "a" * 65)
    texts = (None, "", "x")
    shas = (None, "", "a" * 64, "A" * 64, "a" * 63, "a" * 64 + "\n")
    trees = ("clean", "dirty", "unknown")
    contexts = (None, "training", "eval", "Validation")
    pins = ("strong", "weak", "floating", "none")
    records = []

    def record(status: str, datasets: list[DatasetRef], commit: str | None, tree: str, trigger: str | None,
               job: str | None, path: str | None, sha: str | None, parts: int = 3) -> LineageRecord:
        return LineageRecord("runs:/r", "mlflow-run", SeedVerdict(status, origin), datasets,
                             code=CodeVersion(commit, tree, origin) if parts > 0 else None,  # type: ignore[arg-type]
                             ci=CIContext(None, trigger, job, origin) if parts > 1 else None,
                             config=ConfigFile(path, sha, origin) if parts > 2 else None)

    good = [DatasetRef("input", "org/d", "strong", origin, context="training")]
    for commit, tree, trigger, job, path, sha in itertools.product(commits, trees, texts, texts, texts, shas):
        records.append(record("declared", good, commit, tree, trigger, job, path, sha))
    rng = random.Random(17)

    def mostly(usual: object, others: tuple[object, ...]) -> object:  # enough of them pass run-strict
        return usual if rng.random() < 0.85 else rng.choice(others)

    for _ in range(4000):
        datasets = [DatasetRef(f"d{i}", "org/x", str(mostly("strong", pins)), origin,  # type: ignore[arg-type]
                               context=mostly("training", contexts))  # type: ignore[arg-type]
                    for i in range(rng.randrange(0, 4))]
        records.append(record(str(mostly("declared", ("random", "missing"))), datasets,
                              mostly("a" * 40, commits), str(mostly("clean", trees)),  # type: ignore[arg-type]
                              mostly("x", texts), mostly("x", texts), mostly("x", texts),  # type: ignore[arg-type]
                              mostly("a" * 64, shas), int(mostly(3, (2, 1, 0)))))  # type: ignore[arg-type]
    return records


@pytest.fixture(scope="module")
def records() -> list[LineageRecord]:
    return records_of_files() + synthetic_records() + synthetic_run_records()


@pytest.mark.parametrize("name", sorted(PASSES))
def test_findings_are_jsonschema_s_on_every_record(records: list[LineageRecord], name: str) -> None:
    policy = load_policy(name, REPO)
    assert policy.passes is not None
    reference = fully(policy)
    passed = 0
    for record in records:
        findings = reference.judge(record)
        assert policy.judge(record) == findings, record
        # exactly the preset's requirements: a stricter check would send passing records to jsonschema
        assert policy.passes(record) == (findings == []), record
        passed += policy.passes(record)
    assert len(records) > 5000 and 500 < passed < len(records) - 500  # both ways exercised


@pytest.mark.parametrize("name", sorted(ERRORS))  # the config presets; a run's judgement (the gate) keeps jsonschema
def test_the_presets_errors_in_python_are_jsonschema_s(records: list[LineageRecord], name: str) -> None:
    """A record that fails a preset is reported from errors found in Python (a failing file then imports no
    jsonschema): the same errors as jsonschema's, in its order, so the same findings (code, message, line,
    column, order) as the test above compares."""
    policy = load_policy(name, REPO)
    assert policy.errors is not None
    validator = fully(policy).validator
    failing = 0
    for record in records:
        instance = record.to_json()
        expected = [(tuple(leaf.absolute_path), leaf.validator, leaf.validator_value, leaf.instance, leaf.schema)
                    for error in validator.iter_errors(instance) for leaf in policy_module._leaves(error)]
        got = [(tuple(leaf.absolute_path), leaf.validator, leaf.validator_value, leaf.instance, leaf.schema)
               for leaf in policy.errors(instance)]
        assert got == expected, record
        failing += bool(expected)
    assert failing > 500


def test_user_policies_are_validated_by_jsonschema(tmp_path: Path) -> None:
    """A user's policy, even one built on a preset, has no Python check: its own requirements are read."""
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-default.schema.json"}],
        "properties": {"datasets": {"minItems": 1, "x-message": "name at least one dataset"}},
    }), encoding="utf-8")
    policy = load_policy(str(path), tmp_path)
    assert policy.passes is None
    record = LineageRecord("x.yaml", "generic", SeedVerdict("declared", Origin("x.yaml")))
    assert [finding.message for finding in policy.judge(record)] == ["name at least one dataset"]
    assert load_policy("default", tmp_path).judge(record) == []


def test_a_preset_whose_python_errors_find_nothing_is_judged_by_its_schema() -> None:
    """Where a preset's Python check fails a record but its Python errors name nothing (the two would
    disagree), jsonschema names the errors: a disagreement fails closed, it never passes the record."""
    preset = load_policy("default", REPO)
    policy = Policy("default", passes=lambda record: False, schema=preset._schema, errors=lambda instance: [])
    record = LineageRecord("x.yaml", "generic", SeedVerdict("missing", Origin("x.yaml")))
    assert [finding.code for finding in policy.judge(record)] == [finding.code for finding in preset.judge(record)]
    assert policy.judge(record) != []


@pytest.mark.parametrize(("policy", "loaded"), [("default", False), ("strict", False), ("custom.json", True)])
def test_a_failing_file_imports_jsonschema_only_for_a_custom_policy(tmp_path: Path, policy: str, loaded: bool) -> None:
    """The one-file hook run on a failing config: a preset's findings come from Python (no jsonschema, no
    referencing); a custom policy is validated by jsonschema."""
    (tmp_path / "custom.json").write_text(json.dumps({
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-default.schema.json"}]}), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)  # the config search stops here, not in /tmp
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "train.yaml").write_text(
        "seed: null\ndatasets:\n  - name: org/data\n    revision: main\n", encoding="utf-8")
    probe = ("import sys; from lineage_lint.cli import main;"
             "code = main(['check', '--no-cache', '--format', 'json', '--policy', sys.argv[1], 'configs/train.yaml']);"
             "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'jsonschema', 'referencing'}))")
    completed = subprocess.run([sys.executable, "-c", probe, policy], cwd=tmp_path, capture_output=True, text=True,
                               check=False)
    *report, last = completed.stdout.strip().splitlines()
    codes = sorted(finding["code"] for finding in json.loads("\n".join(report))["findings"])
    assert codes == ["LL102", "LL202"], completed.stdout
    assert last == ("1 ['jsonschema', 'referencing']" if loaded else "1 []"), (completed.stdout, completed.stderr)


EDGE_VALUES = ("", " ", "0", "1", "1.0", "-1", "True", "true", "None", "null", "NaN", "inf", "1e3", "\u0663",
               "\uff11\uff12", "\u00b2", "1" * 30, "0x10", " 7 ", "+5", "random", "${oc.env:SEED}", "???", "a" * 40,
               "A" * 7, "0123456\n", "g" * 7, "a" * 64, "a" * 65, "A" * 64, "main", "latest", "v1", "1\n",
               "dirty", "clean", "false", "https://ci/job/1", "c.yaml", "*", "\uff41" * 7, "\u0661" * 7)
EDGE_KEYS = ("seed", "random_seed", "trainer.seed", "SEED", "model.seed", "mlflow.source.git.commit", "git_commit",
             "lineage.git_dirty", "triggered_by", "ci.job_url", "build_url", "lineage.config_path",
             "lineage.config_sha256", "dataset_version", "dataset", "data_version", "dataset_version.org/x", "x")
GOOD_RUN = {"mlflow.source.git.commit": "a" * 40, "lineage.git_dirty": "false", "triggered_by": "x",
            "ci.job_url": "https://ci/1", "lineage.config_path": "c.yaml", "lineage.config_sha256": "b" * 64,
            "seed": "1"}


def edge_runs(count: int, seed: int) -> list[LineageRecord]:
    """Records the gate builds (``run_record``) from runs whose tags, params and inputs take odd values (Unicode
    digits, NaN, a commit with a newline, sources that are not JSON or hold numbers, lists and nulls), most of
    them near a passing run, so that both answers are exercised."""
    from types import SimpleNamespace as NS

    from lineage_lint.mlflow.run_record import run_record

    rng = random.Random(seed)

    def source() -> tuple[str, str]:
        fields = {key: rng.choice([*EDGE_VALUES, 1, 1.0, True, None, [], {}])
                  for key in rng.sample(["uri", "version", "digest", "declared_in", "version_key", "digest_key",
                                         "path", "revision"], rng.randrange(0, 5))}
        return rng.choice([
            (json.dumps({"uri": "s3://b/x", "version": rng.choice(EDGE_VALUES), "digest": rng.choice(EDGE_VALUES)}),
             "lineage-lint"),
            (json.dumps(fields), rng.choice(["lineage-lint", "s3"])),
            (rng.choice(["s3://b/k?versionId=abc", "hf://org/x@main", "/data/v3/x", "{bad", "[1]", "null"]), "s3"),
        ])

    records = []
    for _ in range(count):
        tags = dict(GOOD_RUN) if rng.random() < 0.7 else {}
        tags.update({key: rng.choice(EDGE_VALUES) for key in rng.sample(EDGE_KEYS, rng.randrange(0, 4))})
        params = {key: rng.choice(EDGE_VALUES) for key in rng.sample(EDGE_KEYS, rng.randrange(0, 3))}
        inputs = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            text, kind = source()
            context = rng.choice((None, "training", "eval", " Validation ", ""))
            inputs.append(NS(dataset=NS(name=rng.choice(("d", "org/x", "")), digest=rng.choice((None, "", "abcd1234",
                                                                                                "a" * 64)),
                                        source=text, source_type=kind),
                             tags=[] if context is None else [NS(key="mlflow.data.context", value=context)]))
        run = NS(info=NS(run_id="r"), data=NS(tags=tags, params=params), inputs=NS(dataset_inputs=inputs))
        records.append(run_record(run).record)
    return records


@pytest.mark.parametrize("name", sorted(PASSES))
def test_runs_at_the_edges_get_jsonschema_s_answer(name: str) -> None:
    """Beyond the fields' combinations: records built by the gate's own run adapter from runs with odd values
    (a record the Python check passes and the schema fails would be a model waved through)."""
    policy = load_policy(name, REPO)
    assert policy.passes is not None
    reference = fully(policy)
    records = edge_runs(3000, 29)
    answers = [policy.passes(record) for record in records]
    assert answers == [reference.judge(record) == [] for record in records]
    assert 100 < sum(answers) < len(records) - 100  # both answers exercised
