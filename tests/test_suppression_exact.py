"""Suppression, exactly: what a broken ignore comment is told (code, span, words, rule), which line a
comment covers when others surround it, which suppression wins when several apply, how many findings a
baseline entry absorbs, and the baseline file a team commits (``bench/mutation.py suppress`` runs these)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support import cli, git_init, write

DOCS = "https://github.com/lineage-lint/lineage-lint/blob/main/docs/rules.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def findings(repo: Path, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = cli(repo, "check", "--format", "json", *args).json()["findings"]
    return found


def brief(found: list[dict[str, Any]]) -> list[tuple[str, int, str | None]]:
    """(code, line, what suppressed it) of each finding."""
    return [(f["code"], f["line"], f.get("suppressed_by")) for f in found]


def test_a_comment_without_a_reason_is_one_located_warning_in_full(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\nepochs: 2  # lineage-lint: ignore[LL102, seed-random]\n")
    assert findings(repo, "train.yaml") == [{
        "path": "train.yaml", "code": "LL010", "name": "suppression-without-reason", "severity": "warning",
        "message": "this ignore comment gives no reason, so it suppresses nothing; add `-- <why>` after "
                   "[LL102, seed-random]",
        "line": 2, "column": 12, "end_line": 2, "end_column": 54,  # the comment, to the end of its line
        "url": f"{DOCS}#ll010-suppression-without-reason",
        "identity": "comment:LL010:this ignore comment gives no reason, so it suppresses nothing",
    }]


@pytest.mark.parametrize(("comment", "names"), [
    ("ignore[LL1O2, seed-randm] -- typo", "LL1O2, seed-randm"),
    ("ignore[] -- nothing named", "nothing"),
    ("ignore[ , ] -- nothing named", "nothing"),
])
def test_a_comment_naming_no_known_rule_says_which_names(repo: Path, comment: str, names: str) -> None:
    write(repo, "train.yaml", f"seed: 1\n# lineage-lint: {comment}\nepochs: 2\n")
    message = (f"this ignore comment names no known rule ({names}); use codes such as LL102 or names such as "
               "seed-random (see `lineage-lint rules`)")
    assert findings(repo, "train.yaml") == [{
        "path": "train.yaml", "code": "LL011", "name": "suppression-unknown-rule", "severity": "warning",
        "message": message, "line": 2, "column": 1, "end_line": 2, "end_column": len(comment) + 17,
        "url": f"{DOCS}#ll011-suppression-unknown-rule",
        "identity": f"comment:LL011:this ignore comment names no known rule ({names})",
    }]


def test_a_broken_comment_does_not_stop_the_comments_after_it(repo: Path) -> None:
    """A reasonless comment, or ignore text inside a string value, leaves later real comments working."""
    write(repo, "train.yaml", 'note: "# lineage-lint: ignore[LL202] -- in a string"\n'
                              "seed: null  # lineage-lint: ignore[LL102]\n"
                              "datasets:\n  - name: acme/a\n"
                              "    revision: main  # lineage-lint: ignore[LL202] -- upstream only publishes main\n"
                              "  - name: acme/b\n"
                              "    revision: main  # lineage-lint: ignore[LL202] -- mirrored nightly\n")
    assert brief(findings(repo, "train.yaml")) == [
        ("LL102", 2, None), ("LL010", 2, None), ("LL202", 5, "inline: upstream only publishes main"),
        ("LL202", 7, "inline: mirrored nightly")]


def test_a_comment_above_skips_other_comments_and_blank_lines(repo: Path) -> None:
    write(repo, "train.yaml", "epochs: 2\n# lineage-lint: ignore[LL102] -- smoke test\n# the seed is set by the "
                              "sweep\n\nseed: null\n")
    assert brief(findings(repo, "train.yaml")) == [("LL102", 5, "inline: smoke test")]


def test_a_comment_on_the_last_line_covers_nothing_above_it(repo: Path) -> None:
    write(repo, "train.yaml", "epochs: 2\nseed: null\n# lineage-lint: ignore[LL102] -- meant for the line above\n")
    assert brief(findings(repo, "train.yaml")) == [("LL102", 2, None)]


def test_the_first_suppression_that_applies_is_the_one_named(repo: Path) -> None:
    """Inline, then the configuration, then the baseline: a finding several cover is named by the first, and
    does not use up a baseline entry that another finding needs."""
    write(repo, "a.yaml", "seed: null  # lineage-lint: ignore[LL102] -- smoke test\nepochs: 1\n")
    write(repo, "b.yaml", "seed: null\nepochs: 1\n")
    baseline = {"version": 1, "findings": [{"path": "a.yaml", "code": "LL102", "identity": "seed.status"},
                                           {"path": "b.yaml", "code": "LL102", "identity": "seed.status"}]}
    write(repo, "baseline.json", json.dumps(baseline))
    assert brief(findings(repo, "--baseline", "baseline.json", "a.yaml", "b.yaml")) == [
        ("LL102", 1, "inline: smoke test"), ("LL102", 1, "baseline")]
    write(repo, ".lineage-lint.toml", '[per-file-ignores]\n"b.yaml" = ["LL102"]\n')
    assert brief(findings(repo, "--baseline", "baseline.json", "b.yaml")) == [
        ("LL102", 1, "config: per-file-ignores b.yaml")]


REASONLESS = "# lineage-lint: ignore[LL102]\n"


def test_a_baseline_entry_absorbs_as_many_findings_as_it_counts(repo: Path) -> None:
    """Three reasonless comments are three LL010 with one identity: an entry counting 2 accepts two of them;
    an entry without a count accepts one."""
    write(repo, "train.yaml", "seed: 1\n" + REASONLESS * 3)
    identity = "comment:LL010:this ignore comment gives no reason, so it suppresses nothing"
    for count, absorbed in ((2, 2), (None, 1), (3, 3)):
        entry = {"path": "train.yaml", "code": "LL010", "identity": identity, **({"count": count} if count else {})}
        write(repo, "baseline.json", json.dumps({"version": 1, "findings": [entry]}))
        outcome = findings(repo, "--baseline", "baseline.json", "train.yaml")
        assert [f["suppressed_by"] for f in outcome if f.get("suppressed_by")] == ["baseline"] * absorbed, count
        assert len(outcome) == 3


def test_a_baselined_comment_problem_stays_accepted_but_another_is_reported(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\n# lineage-lint: ignore[seed-randm] -- typo\n")
    assert cli(repo, "check", "--write-baseline", "--baseline", "b.json", "train.yaml").code == 0
    write(repo, "train.yaml", "# moved down\nseed: 1\n# lineage-lint: ignore[seed-randm] -- typo\n")
    assert cli(repo, "check", "--baseline", "b.json", "train.yaml").code == 0
    write(repo, "train.yaml", "seed: 1\n# lineage-lint: ignore[seed-rnd] -- another typo\n")
    assert brief(findings(repo, "--baseline", "b.json", "train.yaml")) == [("LL011", 2, None)]


def test_a_baselined_reasonless_comment_stays_accepted_when_its_codes_change(repo: Path) -> None:
    """The problem is the missing reason, whatever the comment names."""
    write(repo, "train.yaml", "seed: 1\n" + REASONLESS)
    assert cli(repo, "check", "--write-baseline", "--baseline", "b.json", "train.yaml").code == 0
    write(repo, "train.yaml", "seed: 1\n# lineage-lint: ignore[LL102, LL202]\n")
    assert brief(findings(repo, "--baseline", "b.json", "train.yaml")) == [("LL010", 2, "baseline")]


def test_the_baseline_file_is_stable_reviewable_json(repo: Path) -> None:
    """What ``--write-baseline`` writes is committed and reviewed: sorted entries, two-space indent, a final
    newline, the format's version and tool, one entry per (path, code, identity) with its count."""
    write(repo, "b.yaml", "seed: 1\n" + REASONLESS * 2)
    write(repo, "a.yaml", "")
    outcome = cli(repo, "check", "--write-baseline", "--baseline", "baseline.json", "b.yaml", "a.yaml")
    assert (outcome.code, outcome.err) == (0, "lineage-lint: wrote 3 findings to baseline.json\n")
    expected = {"version": 1, "tool": "lineage-lint", "findings": [
        {"path": "a.yaml", "code": "LL003", "identity": "empty-config", "count": 1},
        {"path": "b.yaml", "code": "LL010", "identity": "comment:LL010:this ignore comment gives no reason, so it "
                                                        "suppresses nothing", "count": 2}]}
    assert (repo / "baseline.json").read_text(encoding="utf-8") == json.dumps(expected, indent=2) + "\n"


@pytest.mark.parametrize(("content", "error"), [
    (None, "baseline {path} not found (create it with --write-baseline)"),
    ("{", "baseline {path} cannot be read: Expecting property name enclosed in double quotes: line 1 column 2 "
          "(char 1)"),
    ('{"version": 99, "findings": []}', "baseline {path} is not a lineage-lint baseline (version 1)"),
    ('{"version": 1, "findings": {}}', "baseline {path} is not a lineage-lint baseline (version 1)"),
    ('[]', "baseline {path} is not a lineage-lint baseline (version 1)"),
    ('{"version": 1, "findings": [3]}', "baseline {path} has a malformed entry: 3"),
    ('{"version": 1, "findings": [{"path": "x"}]}', "baseline {path} has a malformed entry: {{'path': 'x'}}"),
    ('{"version": 1, "findings": [{"path": "x", "code": "LL1", "count": "two"}]}',
     "baseline {path} has a malformed entry: {{'path': 'x', 'code': 'LL1', 'count': 'two'}}"),
])
def test_an_unusable_baseline_says_why(repo: Path, content: str | None, error: str) -> None:
    write(repo, "train.yaml", "seed: 1\n")
    if content is not None:
        write(repo, "b.json", content)
    outcome = cli(repo, "check", "--baseline", "b.json", "train.yaml")
    assert outcome.code == 2
    assert outcome.err.splitlines()[0] == f"lineage-lint: error: {error.format(path='b.json')}"
