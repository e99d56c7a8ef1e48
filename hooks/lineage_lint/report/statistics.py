"""``--statistics``: how many findings each rule raised, most first (as ruff's ``--statistics``)."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from lineage_lint.report import Run


def counts(run: Run) -> list[tuple[str, str, str, int]]:
    """``(code, name, severity, count)`` for every rule with an unsuppressed finding, most frequent first."""
    tally = Counter((f.code, f.name, f.severity) for f in run.active)
    return sorted(((code, name, severity, n) for (code, name, severity), n in tally.items()),
                  key=lambda row: (-row[3], row[0]))


def render_text(run: Run, out: TextIO) -> None:
    rows = counts(run)
    width = max((len(str(row[3])) for row in rows), default=1)
    for code, name, severity, count in rows:
        out.write(f"{count:>{width}}  {code}  {name}  [{severity}]\n")
    total = sum(row[3] for row in rows)
    out.write(f"{total} finding{'s' * (total != 1)} in {len(run.results)} file{'s' * (len(run.results) != 1)} "
              f"checked" + (f", {run.suppressed} suppressed" if run.suppressed else "") + ".\n")


def render_json(run: Run, out: TextIO) -> None:
    rows = [{"code": code, "name": name, "severity": severity, "count": count}
            for code, name, severity, count in counts(run)]
    json.dump(rows, out, indent=2)
    out.write("\n")
