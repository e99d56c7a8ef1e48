"""``check --jobs N`` gives byte for byte the output of ``--jobs 1``, in every format, from the cache too.

The files are checked in worker processes (each with its own loader) and the results merged in the order of
the targets, so nothing a user or a tool reads may depend on how many processes checked them, or on
whether a result came from the cache.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from lineage_lint.report import FORMATS
from lineage_lint.runner import split
from support import Outcome, cli, cli_subprocess, git, git_init, write_mixed_repository


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    repo = git_init(tmp_path_factory.mktemp("mixed") / "repo")
    given = write_mixed_repository(repo, tmp_path_factory.mktemp("outside"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "mixed")
    return repo, given


def runs(repo: Path, *args: str) -> dict[str, Outcome]:
    """The same check with one process and no cache (the reference), with two and three processes, filling
    the cache, and then from the cache with one and two processes."""
    return {
        "--jobs 1 --no-cache": cli(repo, "check", "--jobs", "1", "--no-cache", *args),
        "--jobs 2 --no-cache": cli(repo, "check", "--jobs", "2", "--no-cache", *args),
        "--jobs 3 (fills the cache)": cli(repo, "check", "--jobs", "3", *args),
        "--jobs 1 (from the cache)": cli(repo, "check", "--jobs", "1", *args),
        "--jobs 2 (from the cache)": cli(repo, "check", "--jobs", "2", *args),
    }


def assert_identical(outcomes: dict[str, Outcome]) -> None:
    reference = outcomes["--jobs 1 --no-cache"]
    assert reference.code == 1 and reference.out
    for name, outcome in outcomes.items():
        assert (outcome.code, outcome.out, outcome.err) == (reference.code, reference.out, reference.err), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_the_same_whatever_the_processes_and_the_cache(mixed: tuple[Path, list[str]],
                                                                       fmt: str) -> None:
    repo, _ = mixed
    assert_identical(runs(repo, "--format", fmt, "."))


def test_given_files_and_the_configs_composed_from_them_are_the_same(mixed: tuple[Path, list[str]]) -> None:
    """pre-commit's way: the changed files, then the configs composed from a changed base."""
    repo, given = mixed
    outcomes = runs(repo, "--format", "json", *given)
    assert_identical(outcomes)
    assert "also checked" in outcomes["--jobs 1 --no-cache"].err


def test_a_baseline_is_applied_the_same(mixed: tuple[Path, list[str]], tmp_path: Path) -> None:
    repo, _ = mixed
    baseline = tmp_path / "baseline.json"
    assert cli(repo, "check", "--no-cache", "--write-baseline", "--baseline", str(baseline), ".").code == 0
    (repo / "configs" / "train_new_config.yaml").write_text("seed: null\n", encoding="utf-8")
    try:
        outcomes = runs(repo, "--baseline", str(baseline), ".")
    finally:
        (repo / "configs" / "train_new_config.yaml").unlink()
    assert_identical(outcomes)
    assert "train_new_config.yaml:1:1: LL102" in outcomes["--jobs 1 --no-cache"].out


def test_workers_really_check_the_files(mixed: tuple[Path, list[str]]) -> None:
    """The comparison above would hold trivially if the workers never ran: -v says how many processes did."""
    repo, _ = mixed
    outcome = cli_subprocess(repo, "check", "--jobs", "2", "--no-cache", "-v", ".")
    assert "in 2 processes" in outcome.err, outcome.err
    assert "in 1 process" in cli(repo, "check", "--jobs", "1", "--no-cache", "-v", ".").err


def test_jobs_from_the_configuration_and_its_errors(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    (repo / "configs").mkdir()
    for index in range(12):
        (repo / "configs" / f"train_{index}.yaml").write_text(f"seed: {index}\n", encoding="utf-8")
    (repo / ".lineage-lint.toml").write_text("jobs = 2\n", encoding="utf-8")
    assert "in 2 processes" in cli(repo, "check", "--no-cache", "-v", ".").err
    assert "in 1 process" in cli(repo, "check", "--no-cache", "-v", "--jobs", "1", ".").err
    (repo / ".lineage-lint.toml").write_text("jobs = 0\n", encoding="utf-8")
    outcome = cli(repo, "check", ".")
    assert outcome.code == 2 and "jobs" in outcome.err
    outcome = cli(repo, "check", "--jobs", "none", ".")
    assert outcome.code == 2 and "'none' is neither a number of processes" in outcome.err


def test_a_worker_that_dies_loses_nothing(mixed: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked copy killed in the middle of the run (after a few files of its own): the chunks it took and did
    not deliver are checked by the parent, and the output is still that of one process."""
    repo, _ = mixed
    reference = cli(repo, "check", "--jobs", "1", "--no-cache", "--format", "json", ".")
    parent, checked = os.getpid(), [0]
    check_recorded = Engine.check_recorded

    def dying(self: Engine, target: Target, record: bool = False) -> Any:
        checked[0] += 1
        if os.getpid() != parent and checked[0] > 3:
            os._exit(3)
        return check_recorded(self, target, record)

    monkeypatch.setattr(Engine, "check_recorded", dying)
    outcome = cli(repo, "check", "--jobs", "3", "--no-cache", "--format", "json", "-v", ".")
    assert (outcome.code, outcome.out) == (reference.code, reference.out)
    assert "in 3 processes" in outcome.err


def test_chunks_shrink_towards_the_end_and_keep_the_order() -> None:
    """Each chunk is a quarter of what is left per process (at most 64 files, at least 2): the processes end
    within a couple of files of each other, and the results are merged back in the order of the targets."""
    targets = list(range(1000))
    chunks = split(targets, 2)  # type: ignore[arg-type]
    sizes = [len(chunk) for chunk in chunks]
    assert [item for chunk in chunks for item in chunk] == targets
    assert sizes[:3] == [64, 64, 64] and sizes[-4:-1] == [2, 2, 2] and sizes[-1] <= 2
    assert sizes == sorted(sizes, reverse=True)
    assert [len(chunk) for chunk in split(list(range(3)), 2)] == [2, 1]  # type: ignore[arg-type]


@pytest.mark.parametrize("forks", [0, 1])
def test_a_fork_that_fails_loses_nothing(mixed: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch,
                                         forks: int) -> None:
    """The system refuses a new process (``fork`` fails with EAGAIN: a process limit reached on a busy CI
    machine) after ``forks`` copies were started: the run goes on with the processes it has, and its output is
    that of one process (not a usage error saying it 'cannot write')."""
    repo, _ = mixed
    reference = cli(repo, "check", "--jobs", "1", "--no-cache", "--format", "json", ".")
    fork, started = os.fork, [0]

    def refusing() -> int:
        if started[0] >= forks:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        started[0] += 1
        return fork()

    monkeypatch.setattr(os, "fork", refusing)
    outcome = cli(repo, "check", "--jobs", "3", "--no-cache", "--format", "json", "-v", ".")
    assert (outcome.code, outcome.out) == (reference.code, reference.out), outcome.err
    processes = forks + 1
    assert f"in {processes} process{'es' * (processes != 1)}" in outcome.err
