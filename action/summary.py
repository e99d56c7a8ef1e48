"""Markdown for reviewers: the job summary, the sticky comment's body and the check run's text.

Everything that comes from a config (paths, dataset names, messages) is written by the pull request's
author, so it is escaped (:func:`cell`: no markup, links, images or mentions), and reduced to Mermaid entity codes
in graph labels, so that no config can break a table, close a code fence or inject markup.
"""

from __future__ import annotations

import re

from action.outcome import Outcome
from lineage_lint.findings import Finding
from lineage_lint.record import LineageRecord
from lineage_lint.report.markdown import cell

SUMMARY_LIMIT = 1024 * 1024  # bytes GitHub accepts in one step's summary
TEXT_LIMIT = 65535  # characters in a check run's output.summary / output.text and a comment body
MAX_TABLE_ROWS = 500
MAX_GRAPHS = 50
MAX_GRAPH_DATASETS = 40  # datasets drawn per graph (with LABEL_LIMIT, far below Mermaid's 50,000 characters)
LABEL_LIMIT = 160  # characters of one graph label before escaping
COMMENT_MARKER = "<!-- lineage-lint:sticky-comment -->"
_PIN_STYLE = {"strong": "pass", "weak": "pass", "floating": "fail", "none": "fail"}
_SEED_STYLE = {"declared": "pass"}


def findings_table(findings: list[Finding], limit: int = MAX_TABLE_ROWS) -> str:
    if not findings:
        return ""
    rows = ["| | location | rule | finding |", "|---|---|---|---|"]
    for finding in findings[:limit]:
        icon = "❌" if finding.severity == "error" else "⚠️"
        where = f"{finding.location}:{finding.span.line}:{finding.span.col}"
        rule = f"[{finding.code}]({finding.url}) {finding.name}"
        rows.append(f"| {icon} | {cell(where)} | {rule} | {cell(finding.message)} |")
    if len(findings) > limit:
        rows.append(f"\n… and {len(findings) - limit} more (all of them are in the check run and the SARIF file).")
    return "\n".join(rows) + "\n"


def _label(text: str, limit: int = LABEL_LIMIT) -> str:
    """A Mermaid label: letters, digits and plain punctuation pass; everything else becomes ``#code;``.
    Long text is cut: Mermaid refuses to draw a diagram of more than 50,000 characters."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return re.sub(r"[^A-Za-z0-9 _.:/@=+()\-]", lambda m: f"#{ord(m.group())};", text)


def lineage_graph(record: LineageRecord) -> str:
    """dataset -> config -> seed, each dataset with its pin and each node styled pass or fail."""
    seed = record.seed
    seed_text = f"seed: {seed.status}" + (f" ({seed.key} = {seed.value})" if seed.key else "")
    lines = [
        "```mermaid",
        "graph LR",
        "  classDef pass fill:#dafbe1,stroke:#1a7f37",
        "  classDef fail fill:#ffebe9,stroke:#cf222e",
        f'  config["{_label(record.path)}"]',
        f'  seed["{_label(seed_text)}"]:::{_SEED_STYLE.get(seed.status, "fail")}',
        "  config --> seed",
    ]
    for index, dataset in enumerate(record.datasets[:MAX_GRAPH_DATASETS]):
        pinned = dataset.digest or dataset.version
        text = f"{dataset.ref} ({dataset.pin}" + (f" @ {pinned})" if pinned else ")")
        lines.append(f'  data{index}["{_label(text)}"]:::{_PIN_STYLE.get(dataset.pin, "fail")} --> config')
    if not record.datasets:
        lines.append('  nodata["no dataset named"]:::fail --> config')
    if len(record.datasets) > MAX_GRAPH_DATASETS:
        lines.append(f'  more["{len(record.datasets) - MAX_GRAPH_DATASETS} more datasets"] --> config')
    lines.append("```")
    return "\n".join(lines) + "\n"


def job_summary(outcome: Outcome) -> str:
    icon = "❌" if outcome.failed else "✅"
    parts = [f"## {icon} lineage-lint: {cell(outcome.headline)}\n", f"{cell(outcome.scope)}\n"]
    table = findings_table(outcome.findings)
    if table:
        parts.append("### Findings\n\n" + table)
    records = [r.record for r in outcome.results if r.record is not None and r.record.applicable]
    if records:
        parts.append("### Lineage\n")
        for record in records[:MAX_GRAPHS]:
            pin = record.dataset_pin
            parts.append(f"**{cell(record.path)}** — seed {record.seed.status}, datasets {pin}\n\n"
                         + lineage_graph(record))
        if len(records) > MAX_GRAPHS:
            parts.append(f"… and {len(records) - MAX_GRAPHS} more configs (`lineage-lint show` prints them).\n")
    return truncate("\n".join(parts), SUMMARY_LIMIT)


def truncate(text: str, limit_bytes: int) -> str:
    """``text`` cut at a line boundary to fit ``limit_bytes`` of UTF-8, with a note when it was cut."""
    data = text.encode("utf-8")
    if len(data) <= limit_bytes:
        return text
    note = "\n\n… (cut here: GitHub's size limit; every finding is in the log, the check run and the SARIF file)\n"
    room = limit_bytes - len(note.encode("utf-8"))
    kept = data[:room].decode("utf-8", "ignore")
    kept = kept[: kept.rfind("\n")] if "\n" in kept else kept
    if kept.count("```") % 2:  # never leave a code fence open
        kept = kept[: kept.rfind("```")]
    return kept + note


def comment_body(outcome: Outcome, details: str) -> str:
    """The sticky comment: the verdict and the findings, with the hidden marker that finds it again."""
    icon = "❌" if outcome.failed else "✅"
    body = [COMMENT_MARKER, f"### {icon} lineage-lint: {cell(outcome.headline)}", "", cell(outcome.scope), ""]
    table = findings_table(outcome.findings, limit=50)
    if table:
        body.append(table)
    if details:
        body.append(details)
    return _fit("\n".join(body))


def resolved_body(outcome: Outcome) -> str:
    return _fit(f"{COMMENT_MARKER}\n### ✅ lineage-lint: resolved\n\nThe findings reported earlier are fixed: "
                f"{cell(outcome.headline)}.\n")


def check_output(outcome: Outcome) -> dict[str, str]:
    """The check run's ``output`` without annotations (those are sent in batches)."""
    return {
        "title": outcome.headline,
        "summary": _fit(f"{outcome.scope}\n\n" + (findings_table(outcome.findings) or "Nothing to report.\n")),
    }


def _fit(text: str) -> str:
    if len(text) <= TEXT_LIMIT:
        return text
    return truncate(text[:TEXT_LIMIT], TEXT_LIMIT - 200)
