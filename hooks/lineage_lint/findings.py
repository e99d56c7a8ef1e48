"""A finding: one located, coded statement that something cannot be traced."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from lineage_lint.rules.base import Severity
from lineage_lint.tree import Span


@dataclass(frozen=True, slots=True)
class Finding:
    """What every reporter prints. ``identity`` names the finding without its line number, so that
    baselines survive edits that move lines (``seed``, ``datasets[tatsu-lab/alpaca]``, a duplicate key)."""

    path: str
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    url: str
    identity: str = ""
    suppressed_by: str = ""

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.col, self.code)

    def to_json(self) -> dict[str, Any]:
        span = self.span
        return {
            "path": self.path, "code": self.code, "name": self.name, "severity": self.severity,
            "message": self.message, "line": span.line, "column": span.col, "end_line": span.end_line,
            "end_column": span.end_col, "url": self.url, "identity": self.identity,
        }
