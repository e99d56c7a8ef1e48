"""``--format json``: every finding (suppressed ones flagged) and a summary, for scripts."""

from __future__ import annotations

import json
from typing import TextIO

from lineage_lint import __version__
from lineage_lint.report import Run


def render(run: Run, out: TextIO) -> None:
    findings = []
    for result in run.results:
        for finding in result.findings:
            item = finding.to_json()
            if finding.suppressed_by:
                item["suppressed_by"] = finding.suppressed_by
            findings.append(item)
    active = run.active
    errors = sum(1 for f in active if f.severity == "error")
    document = {
        "tool": "lineage-lint",
        "version": __version__,
        "summary": {"files": len(run.results), "errors": errors, "warnings": len(active) - errors,
                    "suppressed": run.suppressed},
        "findings": findings,
    }
    json.dump(document, out, indent=2)
    out.write("\n")
