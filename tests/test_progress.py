"""Progress on a terminal's stderr for long runs (files done / total, rate); nothing anywhere else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lineage_lint import runner
from lineage_lint.runner import Progress
from support import cli, git_init


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [100.0]
    monkeypatch.setattr(runner.time, "monotonic", lambda: now[0])
    return now


def test_a_long_run_shows_files_done_and_the_rate_then_clears_the_line(clock: list[float],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    progress = Progress.for_terminal(stream)
    assert progress is not None
    progress.start(1000, 200)  # 200 from the cache
    clock[0] += 0.5
    progress.advance(100)
    assert stream.getvalue() == ""  # the first second draws nothing: a short run stays silent
    clock[0] += 1.5
    progress.advance(100)
    assert stream.getvalue() == "\rlineage-lint: 400/1,000 files (200/s)\x1b[K"
    clock[0] += 0.1
    progress.advance(10)  # redrawn at most every 0.2 s
    assert stream.getvalue().count("\r") == 1
    progress.finish()
    assert stream.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize("variable", ["PRE_COMMIT=1", "CI=true"])
def test_silent_under_pre_commit_and_ci(variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    name, value = variable.split("=")
    monkeypatch.setenv(name, value)
    assert Progress.for_terminal(Terminal()) is None


def test_silent_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert Progress.for_terminal(io.StringIO()) is None


def test_a_run_whose_stderr_is_a_file_writes_no_progress(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    (repo / "configs").mkdir()
    for index in range(150):
        (repo / "configs" / f"train_{index}.yaml").write_text(f"seed: {index}\n", encoding="utf-8")
    outcome = cli(repo, "check", "--no-cache", ".")
    assert outcome.code == 0 and outcome.err == ""
