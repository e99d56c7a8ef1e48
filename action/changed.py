"""Changed-only runs: the configs a pull request changed, and the configs whose composed bases it changed.

The pull request's files come from the API (``GET /repos/{repo}/pulls/{n}/files``, 100 per page,
following the ``Link`` headers; GitHub lists up to 3,000 files there, where the diff endpoints stop at
300). When the API cannot be used they come from ``git diff`` between the base and head commits, which
needs both in the checkout (``fetch-depth: 0``). When neither works, every config is checked: a run
never passes a pull request because it could not tell what changed.

A config is selected when any file it was composed from (``LineageRecord.sources``: the file itself
first, then every base it pulled in) is among the changed files.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from action.api import call
from lineage_lint.engine import FileResult


@dataclass(frozen=True)
class Changes:
    paths: frozenset[str]  # repository-relative POSIX paths, old names of renamed files included
    origin: str  # "the API" or "git diff"


def from_api(pull: Any) -> Changes:
    """Every file of the pull request, page by page (github3.py follows the ``Link: rel="next"`` URLs)."""
    paths: set[str] = set()

    def collect() -> None:
        for item in pull.files():
            paths.add(item.filename)
            previous = item.as_dict().get("previous_filename")
            if previous:  # a renamed base: configs that composed the old name are affected too
                paths.add(previous)

    call(collect)
    return Changes(frozenset(paths), "the API")


def from_git(base: str, head: str, cwd: Path) -> Changes | None:
    """Files changed between the merge base of ``base`` and ``head`` (what the pull request shows)."""
    if not base or not head:
        return None
    for spec in (f"{base}...{head}", f"{base}..{head}"):
        try:
            completed = subprocess.run(
                ["git", "diff", "--name-only", "--no-renames", "-z", spec, "--"],
                cwd=cwd, capture_output=True, timeout=120, check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if completed.returncode == 0:
            names = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
            return Changes(frozenset(name for name in names if name), "git diff")
    return None


def touches(sources: Iterable[str], changed: frozenset[str]) -> bool:
    return any(source in changed for source in sources)


def select(results: Sequence[FileResult], repo_paths: Sequence[str], changed: frozenset[str]) -> list[FileResult]:
    """The results whose sources intersect ``changed``; ``repo_paths[i]`` is ``results[i]``'s own path
    from the repository root (the only source of a file that could not be read)."""
    chosen = []
    for result, own in zip(results, repo_paths, strict=True):
        sources = result.record.sources if result.record is not None and result.record.sources else [own]
        if touches(sources, changed):
            chosen.append(result)
    return chosen
