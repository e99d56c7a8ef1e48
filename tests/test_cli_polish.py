"""The command line's front door: empty runs, typos, usage errors, pipes, configuration messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import cli, git_init, write

BAD = "seed: null\nepochs: 1\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


# ------------------------------------------------------------------------------ a run that checks nothing


def test_a_run_that_checks_nothing_says_so_on_stderr(repo: Path) -> None:
    write(repo, "notes/readme.txt", "hello\n")
    outcome = cli(repo, "check", ".")
    assert outcome.code == 0
    assert "lineage-lint: no files checked under .: none matched the conventions for training configs" in outcome.err
    assert "name yours with `include`" in outcome.err
    assert "set `require-files = true`" in outcome.err


def test_require_files_makes_an_empty_run_an_error(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", "require-files = true\n")
    outcome = cli(repo, "check")
    assert outcome.code == 2
    assert "lineage-lint: error: no files checked under .:" in outcome.err
    assert "`require-files` is set, so this is an error" in outcome.err


def test_include_that_matches_nothing_is_named(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", 'include = ["ml/**/*.yaml"]\n')
    write(repo, "configs/train.yaml", BAD)
    outcome = cli(repo, "check")
    assert outcome.code == 0
    assert "the configuration's `include` globs matched none" in outcome.err


def test_a_run_that_checks_files_says_nothing_more(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", "require-files = true\n")
    write(repo, "configs/train.yaml", "seed: 1\nepochs: 1\n")
    outcome = cli(repo, "check")
    assert (outcome.code, outcome.err) == (0, "")


def test_named_files_that_are_all_excluded_are_not_an_empty_run_error(repo: Path) -> None:
    # the hook passes the staged files; those the configuration excludes are each named, not an error
    write(repo, ".lineage-lint.toml", 'require-files = true\nextend-exclude = ["vendor/"]\n')
    write(repo, "vendor/train.yaml", BAD)
    outcome = cli(repo, "check", "vendor/train.yaml")
    assert outcome.code == 0
    assert "not checked: vendor/train.yaml" in outcome.err
    assert "no files checked" not in outcome.err


def test_require_files_must_be_a_boolean(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", 'require-files = "yes"\n')
    outcome = cli(repo, "check")
    assert outcome.code == 2
    assert "require-files" in outcome.err
