"""Running git for what it prints: every caller wants the output, or None when git is missing, too slow, or
refuses (not a repository, unknown commit). Callers that must say *why* git refused run it themselves."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def git_output(args: Sequence[str], cwd: Path, *, timeout: float = 60) -> bytes | None:
    """``git ARGS`` run in ``cwd``: its standard output when it succeeds, else None."""
    import subprocess  # the hook path needs it only when a directory walk asks git

    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=timeout, check=False)
    except (OSError, ValueError, subprocess.SubprocessError):  # ValueError: a NUL byte in an argument
        return None
    return completed.stdout if completed.returncode == 0 else None
