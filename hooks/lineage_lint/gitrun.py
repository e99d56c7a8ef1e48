"""Running git for what it prints: every caller wants the output, or None when git is missing, too slow, or
refuses (not a repository, unknown commit). Callers that must say *why* git refused run it themselves."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from pathlib import Path


def git_output(args: Sequence[str], cwd: Path, *, timeout: float = 60) -> bytes | None:
    """``git ARGS`` run in ``cwd``: its standard output when it succeeds, else None (its standard error is
    discarded, its standard input is this process's)."""
    if hasattr(os, "posix_spawnp"):
        try:
            return _spawned_output(["git", "-C", os.fspath(cwd), *args], timeout)
        except (OSError, ValueError):  # ValueError: a NUL byte in an argument
            return None
    import subprocess

    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=timeout, check=False)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return completed.stdout if completed.returncode == 0 else None


def _spawned_output(argv: list[str], timeout: float) -> bytes | None:
    """What :func:`subprocess.run` with ``capture_output`` and ``timeout`` gives, through ``posix_spawn``: the
    hook path runs git once per directory walk, and importing :mod:`subprocess` (with threading, selectors,
    signal...) costs about as much CPU as git listing a few thousand files. ``git -C`` stands for ``cwd``."""
    import select

    reading, writing = os.pipe()  # neither inherited (PEP 446): the child has the write end as its stdout only
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
                (os.POSIX_SPAWN_DUP2, writing, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
        finally:
            os.close(null)
    except BaseException:
        os.close(reading)
        raise
    finally:
        os.close(writing)
    chunks: list[bytes] = []
    try:
        poller = select.poll()
        poller.register(reading, select.POLLIN)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(left * 1000):  # too slow: stopped, as subprocess.run stops it
                _stop(pid)
                return None
            chunk = os.read(reading, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:  # interrupted: git is not left running
        _stop(pid)
        raise
    finally:
        os.close(reading)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None


def _stop(pid: int) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def code_state(repo: Path, path: str) -> tuple[str | None, str]:
    """The commit checked out in ``repo`` and whether the working tree is ``clean`` or ``dirty`` (``dirty`` also
    when ``path``, repository-relative, is not tracked: the commit does not hold it); ``(None, "unknown")``
    outside a repository with a commit."""
    commit = git_output(["rev-parse", "--verify", "HEAD"], repo, timeout=30)
    if commit is None:
        return None, "unknown"
    changes = git_output(["status", "--porcelain", "--untracked-files=no"], repo, timeout=30)
    tracked = git_output(["ls-files", "--error-unmatch", "--", path], repo, timeout=30) is not None
    dirty = changes is None or bool(changes.strip()) or not tracked
    return commit.decode("utf-8", "replace").strip(), "dirty" if dirty else "clean"


def remote_url(repo: Path) -> str | None:
    """The URL of ``repo``'s ``origin`` remote (else its first remote), or None."""
    names = git_output(["remote"], repo, timeout=30)
    remotes = names.decode("utf-8", "replace").split() if names else []
    if not remotes:
        return None
    url = git_output(["remote", "get-url", "origin" if "origin" in remotes else remotes[0]], repo, timeout=30)
    return url.decode("utf-8", "replace").strip() or None if url else None
