"""``--format github``: workflow commands that GitHub Actions turns into annotations on the diff."""

from __future__ import annotations

from typing import TextIO

from lineage_lint.findings import Finding
from lineage_lint.report import Run


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    span = finding.span
    properties = {
        "file": finding.location, "line": span.line, "col": span.col,
        "endLine": span.end_line, "endColumn": span.end_col, "title": f"{finding.code} {finding.name}",
    }
    if span.end_line != span.line:
        del properties["endColumn"]  # GitHub only honours columns on single-line annotations
        del properties["col"]
    rendered = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{finding.severity} {rendered}::{_escape_data(finding.message)}"


def render(run: Run, out: TextIO) -> None:
    for finding in sorted(run.active, key=Finding.sort_key):
        out.write(command(finding) + "\n")
