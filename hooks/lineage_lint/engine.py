"""The one engine: path -> document -> profile (composition) -> lineage record -> policy -> findings.

Every surface (the CLI and its hook, the GitHub Action, the MLflow gate) goes through
:class:`Engine`; they differ only in where sources come from and where findings go.

Composition reads other files of the repository (bases, overlays, params files) through one
:class:`~lineage_lint.profiles.context.Loader` per engine, bound to the repository root and the size cap:
a base shared by many configs is read once per run. :meth:`Engine.check_document` judges a document read
elsewhere (``git show COMMIT:PATH``); its bases are read from the working tree unless the caller passes a
``loader`` whose reader takes them from the same commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from lineage_lint.config import Settings
from lineage_lint.discover import Target
from lineage_lint.findings import Finding
from lineage_lint.globs import matches
from lineage_lint.policy import Policy, load_policy, make_finding
from lineage_lint.profiles import choose_profile, empty_file_record
from lineage_lint.profiles.context import Context, Loader
from lineage_lint.profiles.generic import counting_datasets
from lineage_lint.profiles.stream import merge_documents
from lineage_lint.record import LineageRecord
from lineage_lint.results import FileResult, Location, locate
from lineage_lint.rules import get_rule
from lineage_lint.sources import Document, Problem, UnreadableSource, detect_format, observe, parse_text
from lineage_lint.sources.problems import fail
from lineage_lint.sources.reading import forget_folders, read_text, safe_path
from lineage_lint.suppress import apply_inline, apply_per_file, parse_inline

__all__ = ["Engine", "FileResult", "Location", "Recorded", "problem_finding"]

EMPTY_CONFIG = "LL003"


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a result depended on: the digest of the checked file's text, and every observation of the
    repository the check made besides (:mod:`lineage_lint.sources.observe`)."""

    digest: str
    observed: dict[observe.Observation, str]


class Engine:
    """Judges sources under one set of settings; the policy is compiled once, at construction."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.policy: Policy = load_policy(settings.policy, settings.base_dir)
        self.loader = Loader(settings.root, settings.max_file_size)
        forget_folders()

    def check(self, target: Target) -> FileResult:
        return self.check_recorded(target)[0]

    def check_recorded(self, target: Target, record: bool = False) -> tuple[FileResult, Recorded | None]:
        """The result for ``target`` and, with ``record``, what it depended on (None when the file itself could
        not be read, or the result is not a config file's)."""
        where = locate(target.path, self.settings, target.absolute)
        settings = self.settings
        fmt = detect_format(target.path)
        try:
            if fmt is None:
                safe_path(target.path, settings.root)  # a missing path or an escaping symlink says so
                raise fail("LL009", "unsupported file type: lineage-lint reads YAML, JSON, TOML and Python configs")
            text = read_text(target.path, settings.root, settings.max_file_size)
        except UnreadableSource as exc:
            finding = problem_finding(target.display, exc.problem)
            return FileResult(target.display, None, self._finish([finding], target.display, where, "", "")), None
        observed: dict[observe.Observation, str] | None = {} if record else None
        self.loader.observed = observed
        try:
            result = self._check_text(text, fmt, target, where)
        finally:
            self.loader.observed = None
        if observed is None or not _from_a_file(result.record):
            return result, None
        return result, Recorded(observe.digest(text), observed)

    def _check_text(self, text: str, fmt: str, target: Target, where: Location) -> FileResult:
        try:
            document = parse_text(text, fmt, target.display)
        except UnreadableSource as exc:
            empty = None
            if exc.problem.code == EMPTY_CONFIG:  # empty on purpose? (see :func:`empty_file_record`)
                empty = empty_file_record(text, fmt, Context.for_file(self.loader, where.repo_path))
            if empty is not None:
                return FileResult(target.display, empty, self._finish([], target.display, where, "", ""))
            finding = problem_finding(target.display, exc.problem)
            return FileResult(target.display, None, self._finish([finding], target.display, where, "", ""))
        return self.check_document(document, where)

    def locate(self, path: Path) -> Location:
        return locate(path, self.settings)

    def check_document(self, document: Document, where: Location, loader: Loader | None = None) -> FileResult:
        """Judge an already-parsed document (the gate and the Action pass documents read elsewhere).

        The files it composes are read through ``loader`` (default: this engine's, over the working tree)."""
        findings = [problem_finding(document.path, problem) for problem in document.problems]
        forced = self._forced_profile(where.relative)
        records: list[LineageRecord] = []
        problems: list[Problem] = []
        context = Context.for_file(loader or self.loader, where.repo_path)
        try:
            with counting_datasets():
                for index, root in enumerate([document.root, *document.later]):
                    # each document of a YAML stream is a config of its own (see profiles.stream)
                    part = document if index == 0 else replace(document, root=root, later=[])
                    context = context if index == 0 else Context.for_file(loader or self.loader, where.repo_path)
                    records.append(choose_profile(part, where.repo_path, forced).extract(part, context))
                    records[-1].composed_at = context.composed_at
                    problems.extend(context.problems)
        except UnreadableSource as exc:  # a reading limit crossed (LL014): the file is not evaluated
            span = context.in_checked_file(exc.problem.span)
            findings.append(problem_finding(document.path, exc.problem.replace(span=span)))
            return FileResult(document.path, None, self._finish(findings, document.path, where, document.text,
                                                                    document.format))
        record = merge_documents(records)
        settings = self.settings
        if settings.dataset_keys or settings.not_dataset_keys or settings.seed_keys:
            from lineage_lint.profiles.forced import apply_forced

            record = apply_forced(record, document, settings.dataset_keys, settings.not_dataset_keys,
                                  settings.seed_keys)
        findings.extend(problem_finding(document.path, problem) for problem in problems)
        if not record.sources:
            record.sources = [where.repo_path]
        if record.applicable:
            findings.extend(self.policy.judge(record))
        return FileResult(document.path, record, self._finish(findings, document.path, where, document.text,
                                                                document.format))

    def _forced_profile(self, relative: str) -> str | None:
        return next((name for glob, name in self.settings.profiles.items() if matches(relative, [glob])), None)

    def _finish(self, findings: list[Finding], display: str, where: Location, text: str,
                fmt: str) -> list[Finding]:
        settings = self.settings
        suppressions, comment_problems = parse_inline(text, display, fmt)
        findings = apply_inline([*findings, *comment_problems], suppressions)
        findings = apply_per_file(findings, where.relative, settings.per_file_ignores, settings.ignore)
        overrides = settings.severity
        findings = [f.replace(repo_path=where.repo_path, severity=overrides.get(f.code, f.severity))
                    for f in findings]
        return sorted(findings, key=Finding.sort_key)


def _from_a_file(record: LineageRecord | None) -> bool:
    """Whether a result is a config file's (a run's record carries what only a run has)."""
    return record is None or all(part is None for part in (record.code, record.ci, record.config, record.tags,
                                                            record.params, record.model))


def problem_finding(path: str, problem: Problem) -> Finding:
    rule = get_rule(problem.code)
    assert rule is not None, problem.code
    return make_finding(rule, path, problem.message, problem.span, problem.identity or rule.name)
