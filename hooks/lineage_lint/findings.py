"""A finding: one located, coded statement that something cannot be traced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lineage_lint.rules.base import Severity
from lineage_lint.tree import Span


@dataclass(frozen=True, slots=True)
class Finding:
    """What every reporter prints.

    ``path`` is the path as the user gave it; ``repo_path`` is the same file relative to the repository
    root, which is what annotations, SARIF and baselines use, whatever the working directory.
    ``identity`` names the finding without its line number, so that baselines survive edits that move
    lines (``seed.status``, ``datasets[data.train.name=org/a].pin``, the duplicated key)."""

    path: str
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    url: str
    identity: str = ""
    suppressed_by: str = ""
    repo_path: str = ""

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
