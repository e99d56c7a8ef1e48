"""Human output: ``path:line:col: CODE message``, grouped by file, coloured on a terminal."""

from __future__ import annotations

from typing import TextIO

from lineage_lint.findings import Finding
from lineage_lint.report import Run, escape_line
from lineage_lint.report.color import BOLD as _BOLD
from lineage_lint.report.color import DIM as _DIM
from lineage_lint.report.color import GREEN as _GREEN
from lineage_lint.report.color import paint as _paint
from lineage_lint.report.color import severity


def line(finding: Finding, color: bool = False) -> str:
    span = finding.span
    where = _paint(f"{escape_line(finding.path)}:{span.line}:{span.col}:", _BOLD, color)
    code = severity(finding.code, finding.severity, color)
    return f"{where} {code} {escape_line(finding.message)}"


def render_concise(run: Run, out: TextIO) -> None:
    for finding in sorted(run.active, key=Finding.sort_key):
        out.write(line(finding) + "\n")


def render(run: Run, out: TextIO) -> None:
    color = run.color
    previous = None
    for finding in sorted(run.active, key=Finding.sort_key):
        if previous is not None and finding.path != previous:
            out.write("\n")
        previous = finding.path
        name = _paint(f"[{finding.name}]", _DIM, color)
        out.write(f"{line(finding, color)} {name}\n")
    errors = sum(1 for f in run.active if f.severity == "error")
    warnings = len(run.active) - errors
    files = len(run.results)
    failing = len({f.path for f in run.active})
    suppressed = f", {run.suppressed} suppressed" if run.suppressed else ""
    if run.active:
        out.write("\n")
        summary = (f"Found {errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)} "
                   f"in {failing} of {files} file{'s' * (files != 1)}{suppressed}.")
        out.write(_paint(summary, _BOLD, color) + "\n")
    else:
        out.write(_paint(f"All traceable: {files} file{'s' * (files != 1)} checked{suppressed}.", _GREEN, color) + "\n")
