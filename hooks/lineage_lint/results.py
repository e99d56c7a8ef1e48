"""What checking a file gives: where it is, and its result (the record and the findings).

Kept apart from :mod:`lineage_lint.engine` (which imports the parsers, the profiles and jsonschema) so that
a run whose results come from the cache, and the reporters, import none of them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lineage_lint.config import Settings
from lineage_lint.discover import relative_posix
from lineage_lint.plain import Frozen, Plain

if TYPE_CHECKING:
    from lineage_lint.findings import Finding
    from lineage_lint.record import LineageRecord


class Location(Frozen):
    """A checked file's path from the configuration's folder (for globs) and from the repository root
    (for annotations, SARIF and baselines)."""

    FIELDS = ("relative", "repo_path")
    __slots__ = FIELDS
    relative: str
    repo_path: str

    def __init__(self, relative: str, repo_path: str) -> None:
        self._set(relative=relative, repo_path=repo_path)


def locate(path: Path, settings: Settings, absolute: str | None = None) -> Location:
    """Where ``path`` is (``absolute``: made absolute and normalised, when the caller has it)."""
    absolute = absolute or os.path.abspath(path)
    return Location(relative_posix(path, settings.base_dir, absolute), relative_posix(path, settings.root, absolute))


class FileResult(Plain):
    """The outcome for one path: the record (None when the file could not be read) and the findings,
    including suppressed ones (``suppressed_by`` set), so reporters can count them. (The classes of this
    module are :class:`~lineage_lint.plain.Plain` ones: a warm run imports it, and no :mod:`dataclasses`.)"""

    FIELDS = ("path", "record", "findings")
    path: str
    record: LineageRecord | None
    findings: list[Finding]

    def __init__(self, path: str, record: LineageRecord | None, findings: list[Finding] | None = None) -> None:
        self.path = path
        self.record = record
        self.findings = [] if findings is None else findings

    def composition(self) -> tuple[str, Sequence[str]] | None:
        """The record's role and the files it was composed from (itself first), or None without a record."""
        record = self.record
        return None if record is None else (record.role, tuple(record.sources))

    @property
    def active(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.suppressed_by]
