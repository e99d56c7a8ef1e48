"""``--format github``: workflow commands that GitHub Actions turns into annotations on the diff.

GitHub shows at most :data:`STEP_LIMIT` error and :data:`STEP_LIMIT` warning annotations per step and
silently drops the rest; :func:`limited` picks the ones to show, so that a caller (the Action) can say
where the others went instead of losing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from lineage_lint.findings import Finding
from lineage_lint.report import Run, escape_line

STEP_LIMIT = 10  # annotations of each level GitHub shows per step


def escape_data(text: str) -> str:
    """Workflow-command data: ``%``, CR and LF percent-encoded (GitHub's own escapes); any other control
    character or line separator escaped, so that nothing in a name or message can end the command."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_line(encoded)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    span = finding.span
    properties = {
        "file": finding.location, "line": span.line, "col": span.col,
        "endLine": span.end_line, "endColumn": span.end_col, "title": f"{finding.code} {finding.name}",
    }
    if span.end_line != span.line:
        del properties["endColumn"]  # GitHub only honours columns on single-line annotations
        del properties["col"]
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{finding.severity} {rendered}::{escape_data(finding.message)}"


def limited(findings: Iterable[Finding], limit: int = STEP_LIMIT) -> tuple[list[Finding], list[Finding]]:
    """Split sorted ``findings`` into the ones GitHub will show (the first ``limit`` of each severity)
    and the ones it would drop."""
    shown: list[Finding] = []
    dropped: list[Finding] = []
    counts: dict[str, int] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        seen = counts.get(finding.severity, 0)
        (shown if seen < limit else dropped).append(finding)
        counts[finding.severity] = seen + 1
    return shown, dropped


def render(run: Run, out: TextIO) -> None:
    for finding in sorted(run.active, key=Finding.sort_key):
        out.write(command(finding) + "\n")
