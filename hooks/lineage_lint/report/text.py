"""Human output: ``path:line:col: CODE message``, grouped by file, coloured on a terminal."""

from __future__ import annotations

from typing import TextIO

from lineage_lint.findings import Finding
from lineage_lint.report import Run, escape_line

_RESET, _BOLD, _RED, _YELLOW, _DIM, _GREEN = "\033[0m", "\033[1m", "\033[31m", "\033[33m", "\033[2m", "\033[32m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def line(finding: Finding, color: bool = False) -> str:
    span = finding.span
    where = _paint(f"{escape_line(finding.path)}:{span.line}:{span.col}:", _BOLD, color)
    code = _paint(finding.code, _RED if finding.severity == "error" else _YELLOW, color)
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
