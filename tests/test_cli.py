"""The command line: exit codes, output formats, rule documentation, entry points."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support import REPO, cli, cli_subprocess, git_init, require_part, write

BAD = "seed: null\ndatasets:\n  - name: acme/a\n    revision: main\n"
GOOD = "seed: 3\ndatasets:\n  - name: acme/a\n    revision: v1\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = git_init(tmp_path / "repo")
    write(root, "configs/bad.yaml", BAD)
    write(root, "configs/good.yaml", GOOD)
    return root


def test_exit_codes(repo: Path) -> None:
    assert cli(repo, "check", "configs/good.yaml").code == 0
    assert cli(repo, "check", "configs/bad.yaml").code == 1
    assert cli(repo, "check", "--format", "nope").code == 2
    assert cli(repo, "frobnicate").code == 2
    assert cli(repo).code == 2


def test_text_output_is_grouped_and_located(repo: Path) -> None:
    write(repo, "configs/worse.yaml", "epochs: 1\n")
    outcome = cli(repo, "check", "--color", "never", "configs/")
    lines = outcome.out.splitlines()
    assert "configs/bad.yaml:1:1: LL102 run seed `seed` is null" in lines[0]
    assert lines[1].startswith("configs/bad.yaml:4:15: LL202")
    assert lines[2] == ""  # a blank line between files
    assert lines[3].startswith("configs/worse.yaml:1:1: LL101")
    assert lines[-1] == "Found 3 errors and 0 warnings in 2 of 3 files."
    assert "\033[" not in outcome.out


def test_color_when_asked(repo: Path) -> None:
    assert "\033[1m" in cli(repo, "check", "--color", "always", "configs/bad.yaml").out


def test_clean_run_says_so(repo: Path) -> None:
    assert cli(repo, "check", "configs/good.yaml").out.strip() == "All traceable: 1 file checked."


def test_concise(repo: Path) -> None:
    out = cli(repo, "check", "--format", "concise", "configs/").out
    assert out.splitlines() == [
        "configs/bad.yaml:1:1: LL102 run seed `seed` is null: null means a fresh random seed on every run; "
        "set a concrete integer",
        "configs/bad.yaml:4:15: LL202 dataset `acme/a` (datasets[0].name) is pinned to `main`, which moves over time",
    ]


def test_json(repo: Path) -> None:
    document = cli(repo, "check", "--format", "json", "configs/").json()
    assert document["summary"] == {"files": 2, "errors": 2, "warnings": 0, "suppressed": 0}
    first = document["findings"][0]
    assert first["url"].endswith("#ll102-seed-random")
    assert (first["line"], first["column"], first["end_line"]) == (1, 1, 1)


def test_github_workflow_commands(repo: Path) -> None:
    write(repo, "configs/odd,name.yaml", "seed: '100%\nx'\n")
    out = cli(repo, "check", "--format", "github", "configs/").out.splitlines()
    assert out[0] == ("::error file=configs/bad.yaml,line=1,col=1,endLine=1,endColumn=5,title=LL102 seed-random::"
                      "run seed `seed` is null: null means a fresh random seed on every run; set a concrete integer")
    assert any(line.startswith("::error file=configs/odd%2Cname.yaml,") for line in out)
    assert any("100%25" in line for line in out)


def test_auto_picks_github_under_actions(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli(repo, "check", "configs/bad.yaml").out.startswith("::error file=configs/bad.yaml,")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert cli(repo, "check", "configs/bad.yaml").out.startswith("configs/bad.yaml:1:1:")


def test_sarif(repo: Path) -> None:
    document = cli(repo, "check", "--format", "sarif", "configs/").json()
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert {"LL102", "LL202"} <= {rule["id"] for rule in rules}
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "LL102"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "configs/bad.yaml"
    assert location["region"]["startLine"] == 1
    assert all(rule["helpUri"] and rule["fullDescription"]["text"] for rule in rules)
    # the fingerprint ignores line numbers: moving the finding keeps it
    fingerprint = first["partialFingerprints"]["lineageLint/v1"]
    write(repo, "configs/bad.yaml", "# moved\n\n" + BAD)
    moved = cli(repo, "check", "--format", "sarif", "configs/").json()["runs"][0]["results"][0]
    assert moved["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert moved["partialFingerprints"]["lineageLint/v1"] == fingerprint


def test_junit(repo: Path) -> None:
    root = ET.fromstring(cli(repo, "check", "--format", "junit", "configs/").out)
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failing = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert [case.get("name") for case in failing] == ["configs/bad.yaml"]


def test_output_file(repo: Path) -> None:
    outcome = cli(repo, "check", "--format", "sarif", "--output", "out.sarif", "configs/")
    assert outcome.code == 1
    assert outcome.out == ""
    assert json.loads((repo / "out.sarif").read_text())["version"] == "2.1.0"


def test_show_exits_zero_and_explains(repo: Path) -> None:
    outcome = cli(repo, "show", "configs/bad.yaml")
    assert outcome.code == 0
    assert "seed         random       seed = null  <- configs/bad.yaml:1" in outcome.out
    assert "dataset      floating     datasets[0].name = acme/a @ main  <- configs/bad.yaml:4" in outcome.out
    assert cli(repo, "show").code == 2


def test_show_json_contract(repo: Path) -> None:
    (record,) = cli(repo, "show", "--format", "json", "configs/bad.yaml").json()
    assert record["path"] == "configs/bad.yaml"
    assert record["profile"] == "generic"
    assert record["seed"] == {"status": "random", "key": "seed", "value": None, "from": "configs/bad.yaml:1",
                              "note": "null means a fresh random seed on every run"}
    assert record["datasets"] == [{"key": "datasets[0].name", "ref": "acme/a", "version": "main", "digest": None,
                                   "pin": "floating", "evidence": "explicit-version", "from": "configs/bad.yaml:4",
                                   "note": "; `main` is a branch"}]
    assert record["dataset_pin"] == "floating"
    assert [f["code"] for f in record["findings"]] == ["LL102", "LL202"]


def test_rules_and_rule(repo: Path) -> None:
    listing = cli(repo, "rules").out
    assert "LL102  seed-random" in listing
    for name in ("LL102", "seed-random", "ll102"):
        outcome = cli(repo, "rule", name)
        assert outcome.code == 0
        for heading in ("What it does", "Why it matters", "Example", "Use instead"):
            assert heading in outcome.out
    assert cli(repo, "rule", "LL999").code == 2


def test_every_rule_is_documented() -> None:
    from lineage_lint.rules import all_rules

    for rule in all_rules():
        docs = rule.docs()
        for heading in ("What it does", "Why it matters", "Example", "Use instead"):
            assert heading in docs, (rule.code, heading)
        assert rule.name == rule.name.lower() and " " not in rule.name


def test_docs_rules_page_is_current() -> None:
    from lineage_lint.rules.docs import rules_markdown

    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `lineage-lint rules --format markdown > docs/rules.md`"
    )


def test_python_dash_m_and_console_script(repo: Path) -> None:
    outcome = cli_subprocess(repo, "check", "configs/bad.yaml")
    assert outcome.code == 1
    assert "LL102" in outcome.out
    script = Path(sys.executable).with_name("lineage-lint")
    require_part("the lineage-lint console script", script.exists(), "pip install -e . into the test environment")
    completed = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert completed.stdout.startswith("lineage-lint ")
    assert completed.returncode == 0


@pytest.mark.parametrize("given", [["configs/"], ["configs/_base_/data.py", "configs/hydra/train.yaml"]])
def test_check_imports_neither_mlflow_nor_github3(repo: Path, given: list[str]) -> None:
    """The hook path, with composition (MMEngine bases, Hydra groups) and, for given files, the search for
    configs composed from a changed base: none of the gate's or the Action's libraries is loaded."""
    write(repo, "configs/_base_/data.py", "train_dataloader = dict(dataset=dict(data_root='data/x@v1'))\n")
    write(repo, "configs/mm.py", "_base_ = ['./_base_/data.py']\nrandomness = dict(seed=None)\n")
    write(repo, "configs/hydra/train.yaml", "defaults:\n  - data: small\n  - _self_\nseed: 1\n")
    write(repo, "configs/hydra/data/small.yaml", "name: acme/small\nrevision: main\n")
    probe = (
        "import sys; from lineage_lint.cli import main; code = main(['check', *sys.argv[1:]]);"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('mlflow', 'github3', 'openlineage', 'pandas', 'numpy', 'requests', 'urllib3', 'flask', 'sqlalchemy',"
        " 'action')"
        " or m.startswith('lineage_lint.mlflow'));"
        "print(code, heavy)"
    )
    completed = subprocess.run([sys.executable, "-c", probe, *given], cwd=repo, capture_output=True, text=True,
                               check=False)
    assert completed.stdout.strip().splitlines()[-1] == "1 []", (completed.stdout, completed.stderr)
    if len(given) > 1:  # the composed configs were found and judged: the import check saw that path run
        assert "configs/mm.py" in completed.stdout and "configs/hydra/train.yaml" in completed.stdout


def test_closed_pipe_is_not_a_traceback(repo: Path) -> None:
    for index in range(300):
        write(repo, f"configs/c{index:03}.yaml", BAD)
    reader = "import sys; sys.stdin.readline()"  # reads one line, then closes the pipe
    producer = subprocess.Popen([sys.executable, "-m", "lineage_lint", "show", "--format", "json",
                                 *(f"configs/c{i:03}.yaml" for i in range(300))],
                                cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    consumer = subprocess.run([sys.executable, "-c", reader], stdin=producer.stdout, check=False)
    assert producer.stdout is not None
    producer.stdout.close()
    _, err = producer.communicate(timeout=120)
    assert consumer.returncode == 0
    assert b"Traceback" not in err, err.decode()


@pytest.mark.parametrize(
    "option", [("--output", "no/such/dir/out.txt"), ("--write-baseline", "--baseline", "no/dir/b.json")]
)
def test_unwritable_output_is_a_usage_error(repo: Path, option: tuple[str, ...]) -> None:
    outcome = cli(repo, "check", *option, "configs/bad.yaml")
    assert outcome.code == 2
    assert "cannot write" in outcome.err


def test_huge_size_cap_reads_only_what_the_file_holds(repo: Path) -> None:
    outcome = cli(repo, "check", "--max-file-size", str(10**14), "configs/good.yaml")
    assert outcome.code == 0, outcome.err


CHECK_ARGVS = [
    [], ["a.yaml"], ["a.yaml", "b.yaml", "-"], ["--no-cache", "a.yaml", "b.yaml"], ["a.yaml", "b.yaml", "-v"],
    ["--format", "json", "-o", "out.json", "a.yaml"], ["--format=sarif", "a.yaml", "--jobs", "2"],
    ["-j", "auto", "--policy", "strict", "x/", "", "a=b.yaml"], ["a.yaml", "--verbose", "b.yaml"],
    ["--form", "json", "a.yaml"], ["-j2", "a.yaml"], ["--", "-a.yaml"], ["--output", "-", "a.yaml"],
    ["--no-cache=1", "a.yaml"], ["--format"], ["--format", "nope", "a.yaml"], ["--jobs", "0", "a.yaml"],
    ["-1.yaml"], ["--statistics", "--color", "never", "--max-file-size", "10", "--baseline", "b.json", "c.yaml"],
    ["", "a b.yaml", "ü.yaml", "check", "-"], ["--"], ["a.yaml", "--"], ["a.yaml", "-h"],
]


@pytest.mark.parametrize("argv", CHECK_ARGVS, ids=lambda argv: " ".join(argv) or "(none)")
def test_check_paths_told_apart_parse_as_argparse_parses_them(argv: list[str], capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`check`'s options are parsed apart from its paths where they can be told apart, and a command line of
    paths alone is read without argparse: the same namespace, or the same usage error, as argparse reading the
    whole command line."""
    from lineage_lint import cli as cli_module

    def outcome() -> tuple[object, str]:
        try:
            result: object = vars(cli_module.parse_args(["check", *argv]))
        except SystemExit as exc:
            result = ("exit", exc.code)
        return result, capsys.readouterr().err

    apart = outcome()
    monkeypatch.setattr(cli_module, "_only_paths", lambda given: None)
    monkeypatch.setattr(cli_module, "_paths_apart", lambda check, given: None)
    assert apart == outcome()
