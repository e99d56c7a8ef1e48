"""Config records at a git revision: ``git show REV:PATH`` judged by the engine, its bases read at REV too.

The same engine as ``check`` builds the record (:meth:`Engine.check_document`); composition goes through a
:class:`~lineage_lint.profiles.context.Loader` whose reader takes every base and overlay from the same
commit (as the gate's consistency check does), so a change in a base shows on the configs composed from it.
Nothing here imports mlflow.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lineage_lint.discover import is_excluded, is_included, relative_posix
from lineage_lint.engine import Engine, FileResult
from lineage_lint.mlflow.consistency import git_show, reader_at
from lineage_lint.profiles.context import Loader
from lineage_lint.sources import UnreadableSource, detect_format, parse_text

GIT_TIMEOUT = 60


class RevisionError(LookupError):
    """A revision or path git cannot give (the diff cannot decide: exit 2)."""


def _git(repo: Path, *args: str) -> str:
    try:
        completed = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=GIT_TIMEOUT,
                                   check=False)
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"git could not run in {repo}: {exc}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} failed in {repo}: {message[-1] if message else completed.returncode}")
    return completed.stdout.decode("utf-8", errors="replace")


def toplevel(start: Path) -> Path | None:
    """The git repository around ``start``, or None outside one."""
    try:
        return Path(_git(start, "rev-parse", "--show-toplevel").strip())
    except RevisionError:
        return None


def commit_of(repo: Path, rev: str) -> str:
    """The full commit hash ``rev`` names; raises :class:`RevisionError`."""
    if rev.startswith("-"):
        raise RevisionError(f"refusing a revision that looks like an option: {rev!r}")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except RevisionError:
        raise RevisionError(f"{rev!r} is not a commit in {repo} (a shallow clone? fetch the history)") from None


def has_commit(repo: Path, commit: str) -> bool:
    try:
        commit_of(repo, commit)
    except RevisionError:
        return False
    return True


@dataclass
class Revision:
    """One commit of one repository, and the loader that composes configs as they were at it."""

    repo: Path
    commit: str
    loader: Loader

    @classmethod
    def at(cls, engine: Engine, repo: Path, rev: str) -> Revision:
        commit = commit_of(repo, rev)
        max_bytes = engine.settings.max_file_size
        return cls(repo, commit, Loader(repo, max_bytes, read=reader_at(repo, commit, max_bytes)))

    def exists(self, path: str) -> bool:
        try:
            _git(self.repo, "cat-file", "-e", f"{self.commit}:{path}")
        except RevisionError:
            return False
        return True

    def record(self, engine: Engine, path: str) -> FileResult | None:
        """The engine's result for ``path`` as committed at this revision; None when the file is not there."""
        fmt = detect_format(PurePosixPath(path))
        if not self.exists(path):
            return None
        try:
            data = git_show(self.repo, self.commit, path, engine.settings.max_file_size)
        except LookupError as exc:
            raise RevisionError(str(exc)) from None
        where = engine.locate(self.repo / path)
        try:
            document = parse_text(data.decode("utf-8"), fmt or "yaml", path)
        except UnicodeDecodeError:
            return FileResult(path, None, [])
        except UnreadableSource:
            return FileResult(path, None, [])
        return engine.check_document(document, where, self.loader)


def changed_files(repo: Path, base: str, head: str) -> list[str]:
    """Files that differ between two commits (a rename counts under both names)."""
    out = _git(repo, "diff", "--name-only", "--no-renames", "-z", base, head)
    return [name for name in out.split("\0") if name]


def commits_between(repo: Path, old: str, new: str) -> tuple[int, int] | None:
    """How many commits ``new`` has that ``old`` has not, and the other way round; None when git cannot say."""
    try:
        ahead = int(_git(repo, "rev-list", "--count", f"{old}..{new}").strip() or 0)
        behind = int(_git(repo, "rev-list", "--count", f"{new}..{old}").strip() or 0)
    except (RevisionError, ValueError):
        return None
    return ahead, behind


def files_changed(repo: Path, old: str, new: str, among: list[str]) -> list[str] | None:
    """Which of ``among`` differ between two commits; None when git cannot say."""
    if not among:
        return []
    try:
        out = _git(repo, "diff", "--name-only", "--no-renames", "-z", old, new, "--", *among)
    except RevisionError:
        return None
    return [name for name in out.split("\0") if name]


@dataclass
class ConfigPair:
    """One config at two revisions (None where it does not exist) and the files that changed among its
    sources."""

    path: str
    base: FileResult | None
    head: FileResult | None
    changed_sources: list[str] = field(default_factory=list)


def configs_changed(engine: Engine, repo: Path, base_rev: str, head_rev: str,
                    paths: list[str] | None = None) -> tuple[Revision, Revision, list[ConfigPair]]:
    """Every config (under ``paths``, repository-relative, when given) whose sources changed between the two
    revisions: the file itself, or any base or overlay it is composed from at either revision."""
    base, head = Revision.at(engine, repo, base_rev), Revision.at(engine, repo, head_rev)
    changed = set(changed_files(repo, base.commit, head.commit))
    candidates = sorted(set(_config_files(engine, repo, base.commit, paths))
                        | set(_config_files(engine, repo, head.commit, paths)))
    pairs: list[ConfigPair] = []
    for path in candidates:
        old, new = base.record(engine, path), head.record(engine, path)
        sources = [*(_sources(old) or [path]), *_sources(new)]
        touched = [source for source in dict.fromkeys(sources) if source in changed]
        if not touched:
            continue
        unreadable = any(result is not None and result.record is None for result in (old, new))
        if not _is_config(old) and not _is_config(new) and not (unreadable and path in changed):
            continue
        pairs.append(ConfigPair(path, old, new, touched))
    return base, head, pairs


def _sources(result: FileResult | None) -> list[str]:
    return list(result.record.sources) if result is not None and result.record is not None else []


def _is_config(result: FileResult | None) -> bool:
    """Whether a result describes a training config (applicable, not a fragment or dataset definition)."""
    return (result is not None and result.record is not None and result.record.applicable
            and result.record.role == "training")


def _config_files(engine: Engine, repo: Path, commit: str, paths: list[str] | None) -> list[str]:
    listed = _git(repo, "ls-tree", "-r", "-z", "--name-only", commit, "--", *(paths or []))
    settings = engine.settings
    found = []
    for name in listed.split("\0"):
        if not name or detect_format(PurePosixPath(name)) is None:
            continue
        relative = relative_posix(repo / name, settings.base_dir)
        if paths or (is_included(relative, settings) and not is_excluded(relative, settings)):
            found.append(name)
    return found
