"""A finding: one located, coded statement that something cannot be traced."""

from __future__ import annotations

from typing import Any

from lineage_lint.plain import Frozen
from lineage_lint.rules.base import Severity
from lineage_lint.span import Span


class Finding(Frozen):
    """What every reporter prints.

    ``path`` is the path as the user gave it; ``repo_path`` is the same file relative to the repository
    root, which is what annotations, SARIF and baselines use, whatever the working directory.
    ``identity`` names the finding without its line number, so that baselines survive edits that move
    lines (``seed.status``, ``datasets[data.train.name=org/a].pin``, the duplicated key).

    Immutable (:meth:`replace` makes a changed copy); a :class:`~lineage_lint.plain.Frozen` class rather than a
    dataclass, so that a run reporting stored findings does not import :mod:`dataclasses`."""

    FIELDS = ("path", "code", "name", "severity", "message", "span", "url", "identity", "suppressed_by", "repo_path")
    __slots__ = FIELDS
    path: str
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    url: str
    identity: str
    suppressed_by: str
    repo_path: str

    def __init__(  # noqa: PLR0917 (positional, as the dataclass took them)
        self, path: str, code: str, name: str, severity: Severity, message: str, span: Span, url: str,
        identity: str = "", suppressed_by: str = "", repo_path: str = "",
    ) -> None:
        put = object.__setattr__
        put(self, "path", path)
        put(self, "code", code)
        put(self, "name", name)
        put(self, "severity", severity)
        put(self, "message", message)
        put(self, "span", span)
        put(self, "url", url)
        put(self, "identity", identity)
        put(self, "suppressed_by", suppressed_by)
        put(self, "repo_path", repo_path)

    @property
    def location(self) -> str:
        """The repository-relative path (the given path when the file lies outside the repository)."""
        return self.repo_path or self.path.removeprefix("./")

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.col, self.code)

    def to_json(self) -> dict[str, Any]:
        span = self.span
        return {
            "path": self.path, "code": self.code, "name": self.name, "severity": self.severity,
            "message": self.message, "line": span.line, "column": span.col, "end_line": span.end_line,
            "end_column": span.end_col, "url": self.url, "identity": self.identity,
        }
