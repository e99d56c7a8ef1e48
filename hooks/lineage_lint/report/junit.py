"""``--format junit``: one test case per checked file, failing with its findings (for CI dashboards)."""

from __future__ import annotations

from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from lineage_lint.report import Run, escape_line
from lineage_lint.report.text import line


def render(run: Run, out: TextIO) -> None:
    cases = []
    failures = 0
    for result in run.results:
        active = result.active
        name = quoteattr(escape_line(result.path))
        if active:
            failures += 1
            body = escape("\n".join(line(f) + f" [{f.name}]" for f in active))
            summary = quoteattr(f"{len(active)} finding{'s' * (len(active) != 1)}: {escape_line(active[0].message)}")
            cases.append(f'    <testcase classname="lineage-lint" name={name}>\n'
                         f'      <failure message={summary} type="{active[0].code}">{body}</failure>\n'
                         f"    </testcase>")
        else:
            cases.append(f'    <testcase classname="lineage-lint" name={name}/>')
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites tests="{len(run.results)}" failures="{failures}">\n')
    out.write(f'  <testsuite name="lineage-lint" tests="{len(run.results)}" failures="{failures}" errors="0">\n')
    out.write("\n".join(cases) + ("\n" if cases else ""))
    out.write("  </testsuite>\n</testsuites>\n")
