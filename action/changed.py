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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from action.api import ApiError, call
from lineage_lint.engine import FileResult
from lineage_lint.gitrun import git_output

LIST_LIMIT = 3000  # files GitHub lists for one pull request; the rest are silently left out


@dataclass(frozen=True)
class Changes:
    paths: frozenset[str]  # repository-relative POSIX paths, old names of renamed files included
    origin: str  # "the API" or "git diff"


def from_api(pull: Any) -> Changes:
    """Every file of the pull request, page by page (github3.py follows the ``Link: rel="next"`` URLs).

    GitHub lists at most :data:`LIST_LIMIT` files and says nothing about the others; a list shorter than
    the pull request's ``changed_files`` is refused (:class:`ApiError`), so that the caller falls back to
    ``git diff`` or to every config instead of passing configs it never saw."""
    paths: set[str] = set()
    listed = 0

    def collect() -> None:
        nonlocal listed
        for item in pull.files():
            listed += 1
            paths.add(item.filename)
            previous = item.as_dict().get("previous_filename")
            if previous:  # a renamed base: configs that composed the old name are affected too
                paths.add(previous)

    call(collect)
    total = pull.as_dict().get("changed_files")
    if listed >= LIST_LIMIT or (isinstance(total, int) and listed < total):
        shown = f"{total:,}" if isinstance(total, int) else f"{listed:,} or more"
        raise ApiError(0, f"it lists {listed:,} of the pull request's {shown} files, GitHub's limit being "
                          f"{LIST_LIMIT:,}")
    return Changes(frozenset(paths), "the API")


def from_git(base: str, head: str, cwd: Path) -> Changes | None:
    """Files changed between the merge base of ``base`` and ``head`` (what the pull request shows)."""
    if not base or not head:
        return None
    for spec in (f"{base}...{head}", f"{base}..{head}"):
        listed = git_output(["diff", "--name-only", "--no-renames", "-z", spec, "--"], cwd, timeout=120)
        if listed is not None:
            names = listed.decode("utf-8", "surrogateescape").split("\0")
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
