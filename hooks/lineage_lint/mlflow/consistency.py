"""The run against its training config as committed: ``git show COMMIT:PATH``, judged by the same engine.

When the run names its config and commit and the repository is at hand, the config is read as it was at
that commit, its lineage record extracted by :class:`Engine` (the same profiles as ``check``), and every
seed or dataset version that differs from what the run logged is reported (LL401). A config that cannot
be read at the commit is reported too (LL402, a warning: the check did not happen), and so is a config
whose sha256 differs from the one the run recorded (LL403).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lineage_lint.config import Settings
from lineage_lint.engine import Engine
from lineage_lint.findings import Finding
from lineage_lint.mlflow.run_record import RunLineage
from lineage_lint.policy import make_finding
from lineage_lint.profiles.context import Loader, Reader
from lineage_lint.record import DatasetRef, LineageRecord, Origin
from lineage_lint.rules import get_rule
from lineage_lint.sources import UnreadableSource, detect_format, parse_text
from lineage_lint.sources.problems import fail
from lineage_lint.tree import FILE_START
from lineage_lint.values import show_value

GIT_TIMEOUT = 30
_COMMIT = re.compile(r"[0-9a-fA-F]{7,64}")


@dataclass
class Consistency:
    """What the check found, and a line saying what was (or was not) compared."""

    findings: list[Finding] = field(default_factory=list)
    summary: str = ""


def _finding(code: str, path: str, message: str, origin: Origin | None = None, identity: str = "") -> Finding:
    rule = get_rule(code)
    assert rule is not None, code
    return make_finding(rule, path, message, origin.span if origin else FILE_START, identity or rule.name)


def git_show(repo: Path, commit: str, path: str, max_bytes: int) -> bytes:
    """The bytes of ``path`` at ``commit``; raises :class:`LookupError` saying why it cannot."""
    if commit.startswith("-") or path.startswith("-"):
        raise LookupError("refusing a commit or path that looks like an option")
    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    try:
        if git("cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
            raise LookupError(f"commit {commit[:12]} is not in the repository at {repo} "
                              "(a shallow clone? fetch the full history)")
        size = git("cat-file", "-s", f"{commit}:{path}")
        if size.returncode != 0:
            raise LookupError(f"{path} does not exist at commit {commit[:12]}")
        if int(size.stdout.strip() or 0) > max_bytes:
            raise LookupError(f"{path} at commit {commit[:12]} is larger than {max_bytes} bytes")
        shown = git("show", f"{commit}:{path}")
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:  # ValueError: a NUL byte in the path
        raise LookupError(f"git could not read {path!r} at {commit[:12]} in {repo}: {exc}") from None
    if shown.returncode != 0:
        raise LookupError(f"git show {commit[:12]}:{path} failed: {shown.stderr.decode(errors='replace').strip()}")
    return shown.stdout


def reader_at(repo: Path, commit: str, max_bytes: int) -> Reader:
    """A composition reader that takes every file from ``commit`` (what :class:`Loader` calls for bases)."""
    top = Path(os.path.abspath(repo))

    def read(path: Path) -> str:
        relative = PurePosixPath(os.path.relpath(path, top)).as_posix()
        try:
            return git_show(top, commit, relative, max_bytes).decode("utf-8")
        except LookupError as exc:
            raise fail("LL009", str(exc)) from None
        except UnicodeDecodeError:
            raise fail("LL002", f"{relative} at commit {commit[:12]} is not UTF-8 text") from None

    return read


def check(lineage: RunLineage, repo: Path | None, settings: Settings) -> Consistency:
    record = lineage.record
    commit = record.code.commit if record.code else None
    path = record.config.path if record.config else None
    if repo is None:
        return Consistency(summary="not checked: no git repository at hand (run the gate in a checkout, or --repo)")
    if not commit or not path:
        return Consistency(summary="not checked: the run does not name both its config and its commit")
    if not _COMMIT.fullmatch(commit):
        message = f"the run's commit {commit!r} is not a commit hash; its config cannot be read at it"
        return Consistency([_finding("LL402", record.path, message)], "not checked: " + message)
    engine = Engine(settings)
    posix = PurePosixPath(path)
    if posix.is_absolute() or ".." in posix.parts:
        message = f"the run's config path {path!r} is not repository-relative; it cannot be read at the commit"
        return Consistency([_finding("LL402", record.path, message)], "not checked: " + message)
    where = f"{path}@{commit[:12]}"
    try:
        data = git_show(repo, commit, path, engine.settings.max_file_size)
    except LookupError as exc:
        message = f"the run's config could not be read at its commit: {exc}"
        return Consistency([_finding("LL402", record.path, message)], "not checked: " + str(exc))
    findings: list[Finding] = []
    recorded_sha = record.config.sha256 if record.config else None
    if recorded_sha and hashlib.sha256(data).hexdigest() != recorded_sha:
        findings.append(_finding("LL403", path, f"the config the run used (sha256 {recorded_sha[:12]}…) is not "
                                                f"{where} (sha256 {hashlib.sha256(data).hexdigest()[:12]}…)"))
    fmt = detect_format(posix)
    try:
        document = parse_text(data.decode("utf-8"), fmt, path) if fmt else None
    except (UnicodeDecodeError, UnreadableSource):
        document = None
    if document is None:
        message = f"the run's config {where} cannot be read as a YAML, JSON, TOML or Python config"
        return Consistency([*findings, _finding("LL402", path, message)], "not checked: " + message)
    # The bases and overlays it composes are read at the same commit, never from today's working tree.
    loader = Loader(repo, engine.settings.max_file_size, read=reader_at(repo, commit, engine.settings.max_file_size))
    result = engine.check_document(document, engine.locate(repo / path), loader)
    if result.record is None or not result.record.applicable:
        message = f"{where} declares no seed or dataset to compare"
        return Consistency([*findings, _finding("LL402", path, message)], "not checked: " + message)
    findings += _compare(result.record, lineage, where)
    compared = len(result.record.datasets)
    summary = (f"checked against {where}: seed and {compared} dataset{'s' * (compared != 1)} compared, "
               f"{sum(1 for f in findings if f.code == 'LL401')} difference(s)")
    return Consistency(findings, summary)


def _compare(config: LineageRecord, lineage: RunLineage, where: str) -> list[Finding]:
    run = lineage.record
    findings: list[Finding] = []
    seed, run_seed = config.seed, run.seed
    if seed.key is None:
        config_says = "declares no seed"
    else:
        config_says = f"sets {seed.key} = {show_value(seed.value)}" + ("" if seed.status == "declared" else
                                                                      f" ({seed.status})")
    run_says = f"seed {show_value(run_seed.value)} ({run_seed.origin})" if run_seed.key else "no seed"
    if seed.status != "missing" or run_seed.status != "missing":
        same = seed.status == run_seed.status == "declared" and str(seed.value).strip() == str(run_seed.value).strip()
        if not same:
            findings.append(_finding("LL401", config.path, f"the run logged {run_says} but {where} {config_says}",
                                     seed.origin, "seed"))
    by_name = {_norm(ref.ref): (index, ref) for index, ref in enumerate(run.datasets)}
    for declared in config.datasets:
        found = by_name.get(_norm(declared.ref))
        identity = f"datasets[{declared.ref}]"
        if found is None:
            findings.append(_finding("LL401", config.path, f"{where} trains on dataset `{declared.ref}` "
                                     f"({declared.key}), which the run did not record", declared.origin, identity))
            continue
        index, logged = found
        problem = _dataset_difference(declared, logged, lineage.declared_digest.get(index, True))
        if problem:
            findings.append(_finding("LL401", config.path, f"dataset `{declared.ref}`: {problem} "
                                     f"({logged.origin}), but {where} declares {_pin_text(declared)}",
                                     declared.origin, identity))
    return findings


def _dataset_difference(declared: DatasetRef, logged: DatasetRef, digest_declared: bool) -> str:
    if declared.version and logged.version and declared.version.strip() != logged.version.strip():
        return f"the run logged version {logged.version}"
    if declared.version and not logged.version and not logged.digest:
        return "the run logged no version"
    if declared.digest and logged.digest and digest_declared and _hex(declared.digest) != _hex(logged.digest):
        return f"the run logged digest {logged.digest}"
    return ""


def _pin_text(ref: DatasetRef) -> str:
    parts = [f"version {ref.version}" if ref.version else "", f"digest {ref.digest}" if ref.digest else ""]
    return " and ".join(part for part in parts if part) or "no version"


def _norm(ref: str) -> str:
    return ref.strip().rstrip("/").lower()


def _hex(digest: str) -> str:
    return digest.strip().lower().split(":", 1)[-1]
