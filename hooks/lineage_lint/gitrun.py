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
