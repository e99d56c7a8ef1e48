"""``--format gitlab`` (GitLab Code Quality) and ``--statistics`` (counts per rule)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support import cli, git_init, write

BAD = "seed: null\ndata:\n  name: acme/a\n  revision: main\n"
# GitLab's Code Quality report: an array of issues with these fields (docs.gitlab.com, "Code Quality").
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = git_init(tmp_path / "repo")
    write(root, "configs/a.yaml", BAD)
    write(root, "configs/b.yaml", "seed: 1\ndata:\n  name: acme/b\n  revision: main\n")
    write(root, "configs/ok.yaml", "seed: 1\ndata:\n  name: acme/c\n  version: v1.2.0\n")
    return root


def _gitlab(repo: Path, *args: str) -> list[dict[str, Any]]:
    outcome = cli(repo, "check", "--format", "gitlab", *args)
    assert outcome.code == 1, outcome.err
    issues = json.loads(outcome.out)
    assert isinstance(issues, list)
    return issues


def test_gitlab_issues_carry_what_code_quality_reads(repo: Path) -> None:
    issues = _gitlab(repo, "configs")
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in issues] == [
        ("configs/a.yaml", 1, "LL102"), ("configs/a.yaml", 4, "LL202"), ("configs/b.yaml", 4, "LL202")]
    for issue in issues:
        assert issue["type"] == "issue"
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["severity"] == "major"  # errors
        assert issue["description"].startswith(issue["check_name"] + " ")
        assert len(issue["fingerprint"]) == 32
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_fingerprints_survive_moved_lines_and_differ_for_repeats(repo: Path) -> None:
    before = {i["check_name"]: i["fingerprint"] for i in _gitlab(repo, "configs/a.yaml")}
    write(repo, "configs/a.yaml", "# moved down\n\n" + BAD)
    moved = _gitlab(repo, "configs/a.yaml")
    assert {i["check_name"]: i["fingerprint"] for i in moved} == before
    assert [i["location"]["lines"]["begin"] for i in moved] == [3, 6]
    write(repo, "configs/a.yaml", "seed: 1\ndata:\n  name: acme/a\n  revision: main\neval:\n  name: acme/a\n"
                                  "  revision: main\n")
    repeated = _gitlab(repo, "configs/a.yaml")
    assert len({i["fingerprint"] for i in repeated}) == len(repeated)


def test_a_warning_is_minor_and_suppressed_findings_are_left_out(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", '[severity]\nLL202 = "warning"\n')
    write(repo, "configs/a.yaml", "seed: null  # lineage-lint: ignore[LL102] -- smoke test\n" + BAD.split("\n", 1)[1])
    outcome = cli(repo, "check", "--format", "gitlab", "configs/a.yaml")
    assert outcome.code == 0
    assert [(i["check_name"], i["severity"]) for i in json.loads(outcome.out)] == [("LL202", "minor")]


def test_statistics_counts_findings_per_rule(repo: Path) -> None:
    outcome = cli(repo, "check", "--statistics", "configs")
    assert outcome.code == 1
    assert outcome.out.splitlines() == [
        "2  LL202  dataset-floating-version  [error]",
        "1  LL102  seed-random  [error]",
        "3 findings in 3 files checked.",
    ]


def test_statistics_in_json(repo: Path) -> None:
    outcome = cli(repo, "check", "--statistics", "--format", "json", "configs")
    assert outcome.code == 1
    assert json.loads(outcome.out) == [
        {"code": "LL202", "name": "dataset-floating-version", "severity": "error", "count": 2},
        {"code": "LL102", "name": "seed-random", "severity": "error", "count": 1},
    ]


def test_statistics_of_a_clean_run(repo: Path) -> None:
    outcome = cli(repo, "check", "--statistics", "configs/ok.yaml")
    assert (outcome.code, outcome.out) == (0, "0 findings in 1 file checked.\n")
