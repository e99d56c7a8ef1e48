"""What ``diff`` compares: config sides at git revisions, and the code layer's detail from the repository.

A config side is ``REV:PATH`` read by the engine at REV (:mod:`lineage_lint.lineage.gitrev`); with the
repository at hand a diff also says how many commits lie between the two sides, which of the config's
sources changed, and, for two runs, how their training config itself differs at the runs' two commits.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lineage_lint.engine import Engine
from lineage_lint.lineage import gitrev
from lineage_lint.lineage.diff import RecordDiff, Side, diff, source_changes


class SideError(LookupError):
    """A side that cannot be read (bad revision, no such file, unreadable config): the diff cannot decide."""


def split_rev_path(text: str) -> tuple[str, str]:
    """``REV:PATH`` -> (REV, PATH); raises :class:`SideError` for anything else."""
    rev, sep, path = text.partition(":")
    if not sep or not rev or not path:
        raise SideError(f"cannot read {text!r}: give a model URI (models:/NAME/VERSION, models:/NAME@ALIAS, "
                        "runs:/RUN_ID) or a config at a git revision (REV:PATH, e.g. HEAD~1:configs/train.yaml)")
    return rev, path.lstrip("/")


def config_side(engine: Engine, repo: Path, rev: str, path: str, label: str = "") -> Side:
    """The config ``path`` as committed at ``rev``; raises :class:`SideError` when it is not there."""
    try:
        revision = gitrev.Revision.at(engine, repo, rev)
        result = revision.record(engine, path)
    except gitrev.RevisionError as exc:
        raise SideError(str(exc)) from None
    if result is None:
        raise SideError(f"{path} does not exist at {rev} ({revision.commit[:12]})")
    if result.record is None:
        raise SideError(f"{path} at {rev} cannot be read as a YAML, JSON, TOML or Python config")
    return Side(label or f"{rev}:{path}", "config", result.record, revision.commit)


def with_code_detail(result: RecordDiff, engine: Engine, repo: Path | None) -> RecordDiff:
    """Add what the repository knows to the code layer: commits between the sides, the sources that changed
    and, for runs, the training config diffed at the two commits."""
    a, b = result.a, result.b
    if repo is None:
        if a.kind == "run":
            result.notes.append("no git repository at hand: code compared by commit hash only (--repo PATH)")
        return result
    if not a.commit or not b.commit:
        return result
    missing = [commit for commit in dict.fromkeys([a.commit, b.commit]) if not gitrev.has_commit(repo, commit)]
    if missing:
        result.notes.append(f"commit {', '.join(c[:12] for c in missing)} is not in the repository at {repo}: code "
                            "compared by commit hash only")
        return result
    if a.commit != b.commit:
        result.commits = gitrev.commits_between(repo, a.commit, b.commit)
    sources: list[str] = []
    if a.kind == b.kind == "config":
        sources = [*(a.record.sources if a.record else []), *(b.record.sources if b.record else [])]
    elif a.config_path and b.config_path:
        nested, note = _config_diff(engine, repo, a, b)
        if note:
            result.notes.append(note)
        if nested is not None:
            result.config = nested
            sources = [*(nested.a.record.sources if nested.a.record else []),
                       *(nested.b.record.sources if nested.b.record else [])]
    if a.commit != b.commit and sources:
        changed = gitrev.files_changed(repo, a.commit, b.commit, list(dict.fromkeys(sources)))
        result.changes += source_changes(changed or [])
        if changed == [] and a.kind == b.kind == "config":  # say it: only the commit around the file moved
            files = list(dict.fromkeys(sources))
            same = files[0] if len(files) == 1 else f"{files[0]} and the {len(files) - 1} files it composes"
            result.changes = [replace(change, text=f"{change.text} ({same}: the same at both commits)")
                              if change.what == "commit" else change for change in result.changes]
    return result


def _config_diff(engine: Engine, repo: Path, a: Side, b: Side) -> tuple[RecordDiff | None, str]:
    assert a.commit and b.commit and a.config_path and b.config_path
    try:
        old = config_side(engine, repo, a.commit, a.config_path, f"{a.config_path}@{a.commit[:12]}")
        new = config_side(engine, repo, b.commit, b.config_path, f"{b.config_path}@{b.commit[:12]}")
    except SideError as exc:
        return None, f"the training config could not be compared at the runs' commits: {exc}"
    return diff(old, new), ""


def rev_diffs(engine: Engine, repo: Path, base: str, head: str, paths: list[str] | None = None) -> list[RecordDiff]:
    """Every config whose sources changed between two revisions (under ``paths`` when given), diffed."""
    try:
        before, after, pairs = gitrev.configs_changed(engine, repo, base, head, paths)
    except gitrev.RevisionError as exc:
        raise SideError(str(exc)) from None
    diffs = []
    for pair in pairs:
        a = Side(f"{base}:{pair.path}", "config", pair.base.record if pair.base else None, before.commit)
        b = Side(f"{head}:{pair.path}", "config", pair.head.record if pair.head else None, after.commit)
        unreadable = [rev for rev, found in ((base, pair.base), (head, pair.head))
                      if found is not None and found.record is None]
        if unreadable:  # present but not readable as a config: neither added nor removed, and not the same
            diffs.append(RecordDiff(a, b, undecided=f"{pair.path} cannot be read as a config at "
                                                     f"{' and '.join(unreadable)}"))
            continue
        result = diff(a, b)
        if before.commit != after.commit:
            result.commits = gitrev.commits_between(repo, before.commit, after.commit)
        if a.record is not None and b.record is not None:
            result.changes += source_changes(pair.changed_sources)
        diffs.append(result)
    return diffs
