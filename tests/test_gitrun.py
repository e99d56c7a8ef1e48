"""git_output runs git without the subprocess module on POSIX: the same output, None where git fails, is
missing or is too slow (and then it is not left running)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lineage_lint import gitrun
from lineage_lint.gitrun import git_output


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "configs").mkdir(parents=True)
    git(repo, "init", "-q")
    for name in ("configs/a.yaml", "configs/b c.yaml", "configs/é.yaml", ".gitignore"):
        (repo / name).write_text("ignored.yaml\n" if name == ".gitignore" else "seed: 1\n", encoding="utf-8")
    (repo / "configs" / "ignored.yaml").write_text("seed: 1\n", encoding="utf-8")
    return repo


def test_the_output_is_what_subprocess_gives(repo: Path) -> None:
    args = ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."]
    expected = subprocess.run(["git", *args], cwd=repo / "configs", capture_output=True, check=True).stdout
    assert git_output(args, repo / "configs") == expected
    assert sorted(expected.split(b"\0")) == [b"", b"a.yaml", b"b c.yaml", "é.yaml".encode()]


def test_a_failing_command_a_missing_folder_or_a_nul_byte_gives_none(repo: Path, tmp_path: Path) -> None:
    assert git_output(["rev-parse", "--verify", "HEAD"], repo) is None  # no commit yet: git exits 128
    assert git_output(["status"], tmp_path / "missing") is None
    assert git_output(["ls-files", "a\0b"], repo) is None


def test_without_git_gives_none(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "nowhere"))
    assert git_output(["status"], repo) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX spawn path")
def test_a_git_that_is_too_slow_is_stopped_and_gives_none(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = repo.parent / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    (bin_dir / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    stopped: list[int] = []
    real = gitrun._stop
    monkeypatch.setattr(gitrun, "_stop", lambda pid: (stopped.append(pid), real(pid)))
    started = time.monotonic()
    assert git_output(["status"], repo, timeout=0.5) is None
    assert time.monotonic() - started < 5
    (pid,) = stopped
    with pytest.raises(ChildProcessError):  # reaped: no process of ours left behind
        os.waitpid(pid, 0)
