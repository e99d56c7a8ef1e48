"""Suppressing findings: inline comments with reasons, per-file ignores, baselines that survive edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import cli, codes, git_init, show, write

BAD = "seed: null\ndatasets:\n  - name: acme/a\n    revision: main\n"


def judged(repo: Path, *args: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int, str]]]:
    """``check --format json``: the active findings as (path, code, line), and the suppressed ones as
    (path, code, line, what suppressed them)."""
    document = cli(repo, "check", "--format", "json", *args).json()
    findings = document["findings"]
    active = [(f["path"], f["code"], f["line"]) for f in findings if not f.get("suppressed_by")]
    suppressed = [(f["path"], f["code"], f["line"], f["suppressed_by"]) for f in findings if f.get("suppressed_by")]
    assert document["summary"]["suppressed"] == len(suppressed)
    return active, suppressed


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def test_trailing_comment_with_reason_suppresses_that_line(repo: Path) -> None:
    write(repo, "train.yaml", "seed: null  # lineage-lint: ignore[LL102] -- exploratory sweep, never promoted\n"
                              "datasets:\n  - name: acme/a\n    revision: main\n")
    (record,) = show(repo, "train.yaml")
    assert codes(record) == ["LL202"]
    document = cli(repo, "check", "--format", "json", "train.yaml").json()
    suppressed = [f for f in document["findings"] if f.get("suppressed_by")]
    reasons = [(f["code"], f["suppressed_by"]) for f in suppressed]
    assert reasons == [("LL102", "inline: exploratory sweep, never promoted")]
    assert document["summary"]["suppressed"] == 1


def test_comment_on_the_line_above(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\ndatasets:\n  - name: acme/a\n"
                              "    # lineage-lint: ignore[LL202] -- upstream only publishes main\n\n"
                              "    revision: main\n")
    assert codes(show(repo, "train.yaml")[0]) == []
    assert judged(repo, "train.yaml") == ([], [("train.yaml", "LL202", 6, "inline: upstream only publishes main")])


@pytest.mark.parametrize(("name", "text", "active", "suppressed"), [
    # trailing: the comment covers its own line only; the same code on the next dataset still fails
    ("train.yaml", "seed: 1\ndatasets:\n  - name: acme/a\n    revision: main  # lineage-lint: ignore[LL202] -- "
                   "upstream only publishes main\n  - name: acme/b\n    revision: main\n", [6], [4]),
    ("train.yaml", "seed: 1\ndatasets:\n  - name: acme/a\n    revision: main\n  - name: acme/b\n"
                   "    revision: main  # lineage-lint: ignore[LL202] -- upstream only publishes main\n", [4], [6]),
    # on the line above: it covers the next line that holds code, not every later one
    ("train.yaml", "seed: 1\ndatasets:\n  - name: acme/a\n    # lineage-lint: ignore[LL202] -- upstream only "
                   "publishes main\n    revision: main\n  - name: acme/b\n    revision: main\n", [7], [5]),
    # a comment on a line where the code does not fire covers nothing
    ("train.yaml", "seed: 1  # lineage-lint: ignore[LL202] -- upstream only publishes main\ndatasets:\n"
                   "  - name: acme/a\n    revision: main\n", [4], []),
    ("configs/train.py", "seed = 1\ndatasets = [\n    dict(name='acme/a', revision='main'),  # lineage-lint: "
                         "ignore[LL202] -- upstream only publishes main\n"
                         "    dict(name='acme/b', revision='main'),\n]\n", [4], [3]),
])
def test_the_same_code_firing_on_another_line_than_the_comments_is_not_suppressed(
        repo: Path, name: str, text: str, active: list[int], suppressed: list[int]) -> None:
    write(repo, name, text)
    reason = "inline: upstream only publishes main"
    assert judged(repo, name) == ([(name, "LL202", line) for line in active],
                                  [(name, "LL202", line, reason) for line in suppressed])


def test_comment_without_reason_suppresses_nothing_and_is_reported(repo: Path) -> None:
    write(repo, "train.yaml", "seed: null  # lineage-lint: ignore[LL102]\nepochs: 1\n")
    (record,) = show(repo, "train.yaml")
    assert codes(record) == ["LL102", "LL010"]  # by position: the seed at column 1, the comment after it
    warning = record["findings"][1]
    assert warning["severity"] == "warning"
    assert cli(repo, "check", "train.yaml").code == 1


def test_a_warning_alone_does_not_fail(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1  # lineage-lint: ignore[LL102]\nepochs: 1\n")
    outcome = cli(repo, "check", "train.yaml")
    assert outcome.code == 0
    assert "LL010" in outcome.out


def test_ignore_file(repo: Path) -> None:
    write(repo, "train.yaml", "# lineage-lint: ignore-file[LL102, LL202] -- vendored from upstream\n" + BAD)
    assert codes(show(repo, "train.yaml")[0]) == []
    assert judged(repo, "train.yaml") == ([], [("train.yaml", "LL102", 2, "inline: vendored from upstream"),
                                               ("train.yaml", "LL202", 5, "inline: vendored from upstream")])


def test_other_codes_are_not_suppressed(repo: Path) -> None:
    write(repo, "train.yaml", "seed: null  # lineage-lint: ignore[LL101] -- wrong code\nepochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == ["LL102"]
    assert judged(repo, "train.yaml") == ([("train.yaml", "LL102", 1)], [])


def test_python_configs_take_comments_too(repo: Path) -> None:
    write(repo, "configs/x.py", "seed = None  # lineage-lint: ignore[LL102] -- smoke test config\nmax_epochs = 1\n")
    assert codes(show(repo, "configs/x.py")[0]) == []
    assert judged(repo, "configs/x.py") == ([], [("configs/x.py", "LL102", 1, "inline: smoke test config")])


def test_per_file_ignores_and_ignore_from_configuration(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint]\nignore = ["LL202"]\n\n'
                                  '[tool.lineage-lint.per-file-ignores]\n"legacy/**" = ["LL102"]\n')
    write(repo, "legacy/old/train.yaml", BAD)
    write(repo, "new/train.yaml", BAD)
    legacy, new = show(repo, "legacy/old/train.yaml", "new/train.yaml")
    assert codes(legacy) == []
    assert codes(new) == ["LL102"]
    assert judged(repo, "legacy/old/train.yaml", "new/train.yaml") == (
        [("new/train.yaml", "LL102", 1)],
        [("legacy/old/train.yaml", "LL102", 1, "config: per-file-ignores legacy/**"),
         ("legacy/old/train.yaml", "LL202", 4, "config: ignore"),
         ("new/train.yaml", "LL202", 4, "config: ignore")],
    )


def test_severity_override(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", '[severity]\nLL202 = "warning"\n')
    write(repo, "train.yaml", "seed: 1\ndatasets:\n  - name: acme/a\n    revision: main\n")
    outcome = cli(repo, "check", "train.yaml")
    assert outcome.code == 0
    assert "LL202" in outcome.out


def test_baseline_adopts_existing_findings_and_survives_moves(repo: Path) -> None:
    write(repo, "configs/a.yaml", BAD)
    write(repo, "configs/b.yaml", "epochs: 1\n")
    outcome = cli(repo, "check", "--write-baseline", "--baseline", "baseline.json", "configs/")
    assert outcome.code == 0
    assert "wrote 3 findings" in outcome.err
    entries = json.loads((repo / "baseline.json").read_text())["findings"]
    assert all("line" not in entry for entry in entries)
    assert cli(repo, "check", "--baseline", "baseline.json", "configs/").code == 0

    # Lines move: still accepted.
    write(repo, "configs/a.yaml", "# a new header\n\n" + BAD)
    assert cli(repo, "check", "--baseline", "baseline.json", "configs/").code == 0

    # A new problem is not hidden by the baseline.
    write(repo, "configs/a.yaml", BAD + "  - name: acme/b\n")
    outcome = cli(repo, "check", "--baseline", "baseline.json", "--format", "concise", "configs/")
    assert outcome.code == 1
    assert outcome.out.splitlines() == [
        "configs/a.yaml:5:11: LL201 dataset `acme/b` (datasets[1].name) has no version, revision or digest"
    ]


def test_baseline_from_configuration(repo: Path) -> None:
    write(repo, "train.yaml", BAD)
    write(repo, ".lineage-lint.toml", 'baseline = "lineage-lint-baseline.json"\n')
    assert cli(repo, "check", "--write-baseline", "train.yaml").code == 0
    assert (repo / "lineage-lint-baseline.json").exists()
    assert cli(repo, "check", "train.yaml").code == 0


def test_baseline_matches_whatever_the_working_directory(repo: Path) -> None:
    write(repo, "configs/a.yaml", BAD)
    assert cli(repo, "check", "--write-baseline", "--baseline", "b.json", "configs/").code == 0
    assert cli(repo / "configs", "check", "--baseline", "../b.json", ".").code == 0
    assert cli(repo / "configs", "check", "--baseline", "../b.json", str(repo / "configs" / "a.yaml")).code == 0


def test_annotations_and_sarif_use_repository_paths(repo: Path) -> None:
    write(repo, "configs/a.yaml", BAD)
    github = cli(repo / "configs", "check", "--format", "github", "a.yaml").out
    assert github.startswith("::error file=configs/a.yaml,")
    sarif = json.loads(cli(repo, "check", "--format", "sarif", str(repo / "configs")).out)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"configs/a.yaml"}


def test_reason_may_contain_a_hash(repo: Path) -> None:
    write(repo, "train.yaml", "seed: null  # lineage-lint: ignore[LL102] -- see issue #12\nepochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == []
    assert judged(repo, "train.yaml") == ([], [("train.yaml", "LL102", 1, "inline: see issue #12")])


def test_rule_names_work_like_codes(repo: Path) -> None:
    write(repo, "train.yaml", "seed: null  # lineage-lint: ignore[seed-random] -- smoke test only\nepochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == []
    assert judged(repo, "train.yaml") == ([], [("train.yaml", "LL102", 1, "inline: smoke test only")])


def test_unknown_rule_in_a_comment_is_reported(repo: Path) -> None:
    write(repo, "train.yaml", "seed: null  # lineage-lint: ignore[LL1O2] -- typo\nepochs: 1\n")
    (record,) = show(repo, "train.yaml")
    assert codes(record) == ["LL102", "LL011"]
    assert "LL1O2" in record["findings"][1]["message"]
