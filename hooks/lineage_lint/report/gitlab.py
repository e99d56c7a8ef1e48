"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

A JSON array of issues, each with a description, the check's name, a severity, the file and line, and a
fingerprint. GitLab compares the fingerprints of the merge request's report with the target branch's, so
they must not change when lines move: they are SARIF's location-free ones (path, code, identity), with
the occurrence counted when the same finding appears more than once in a file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, TextIO

from lineage_lint.findings import Finding
from lineage_lint.report import Run
from lineage_lint.report.sarif import fingerprint

# GitLab's severities: info, minor, major, critical, blocker. An error blocks a merge here.
SEVERITIES = {"error": "major", "warning": "minor"}


def render(run: Run, out: TextIO) -> None:
    seen: Counter[str] = Counter()
    issues: list[dict[str, Any]] = []
    for finding in sorted(run.active, key=Finding.sort_key):
        base = fingerprint(finding)
        occurrence = seen[base]
        seen[base] += 1
        unique = base if occurrence == 0 else hashlib.sha256(f"{base}\0{occurrence}".encode()).hexdigest()[:32]
        issues.append({
            "type": "issue",
            "description": f"{finding.code} {finding.message}",
            "check_name": finding.code,
            "categories": ["Bug Risk"],
            "severity": SEVERITIES.get(finding.severity, "minor"),
            "fingerprint": unique,
            "location": {"path": finding.location, "lines": {"begin": finding.span.line,
                                                             "end": max(finding.span.end_line, finding.span.line)}},
            "content": {"body": f"[{finding.name}]({finding.url})"},
        })
    json.dump(issues, out, indent=2)
    out.write("\n")
