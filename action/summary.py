"""Markdown for reviewers: the job summary, the sticky comment's body and the check run's text.

Everything that comes from a config (paths, dataset names, messages) is written by the pull request's
author, so it is escaped (:func:`cell`: no markup, links, images or mentions), and reduced to Mermaid entity codes
in graph labels, so that no config can break a table, close a code fence or inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from action.outcome import Outcome
from lineage_lint.engine import Engine, FileResult
from lineage_lint.findings import Finding
from lineage_lint.record import LineageRecord
from lineage_lint.report.markdown import cell

SUMMARY_LIMIT = 1024 * 1024  # bytes GitHub accepts in one step's summary
TEXT_LIMIT = 65535  # characters in a check run's output.summary / output.text and a comment body
MAX_TABLE_ROWS = 500
MAX_GRAPHS = 50
MAX_GRAPH_DATASETS = 40  # datasets drawn per graph (lineage_lint.lineage.graph.MAX_DATASETS)
COMMENT_MARKER = "<!-- lineage-lint:sticky-comment -->"


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


def lineage_graph(record: LineageRecord) -> str:
    """dataset -> config -> seed, each dataset with its pin and each node styled pass or fail: the graph
    model's Mermaid (``lineage-lint graph CONFIG``), in the two colours of the policy's verdict."""
    from lineage_lint.lineage import graph

    drawn = graph.config_graph(record)
    return drawn.mermaid(graph.PASS_FAIL_CLASSES, graph.PASS_FAIL, fence=True)


def pull_request_changes(engine: Engine, root: Path, base: str, head: str, results: Sequence[FileResult]) -> str:
    """Markdown: per changed config, its lineage diff between the pull request's base and head, computed by
    the code behind ``lineage-lint diff --rev BASE..HEAD PATH...``; a sentence saying why when it cannot be."""
    from lineage_lint.lineage import compare, gitrev, render

    paths = [engine.locate(Path(result.path)).repo_path for result in results]
    if not paths or not base or not head:
        return ""
    repo = gitrev.toplevel(root)
    if repo is None:
        return ""
    try:
        diffs = compare.rev_diffs(engine, repo, base, head, paths)
    except compare.SideError as exc:
        return (f"### Lineage changes\n\nNot computed: {cell(str(exc))}. The diff needs the base and head commits "
                "in the checkout (actions/checkout with `fetch-depth: 0`).\n")
    changed = [result for result in diffs if result.differs or result.a.record is None or result.b.record is None]
    if not changed:
        return ""
    return (f"### Lineage changes\n\nBetween the base {cell(base[:12])} and the head {cell(head[:12])} "
            f"(`lineage-lint diff --rev {cell(base[:12])}..{cell(head[:12])}`):\n\n" + render.markdown_table(changed))


def verdict_icon(outcome: Outcome) -> str:
    """❌ when the findings fail the step, ⚠️ when some are left that do not (warnings, or `fail-on: never`),
    ✅ when there are none: a run with 12 errors never heads its summary with a tick."""
    return {"failure": "❌", "neutral": "⚠️"}.get(outcome.conclusion, "✅")


def job_summary(outcome: Outcome, changes: str = "") -> str:
    icon = verdict_icon(outcome)
    parts = [f"## {icon} lineage-lint: {cell(outcome.headline)}\n", f"{cell(outcome.scope)}\n"]
    if changes:
        parts.append(changes)
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


def comment_body(outcome: Outcome, details: str, changes: str = "") -> str:
    """The sticky comment: the verdict, the lineage changes and the findings, with the hidden marker that
    finds it again."""
    icon = verdict_icon(outcome)
    body = [COMMENT_MARKER, f"### {icon} lineage-lint: {cell(outcome.headline)}", "", cell(outcome.scope), ""]
    if changes:
        body.append(changes)
    table = findings_table(outcome.findings, limit=50)
    if table:
        body.append(table)
    if details:
        body.append(details)
    return _fit("\n".join(body))


def resolved_body(outcome: Outcome, changes: str = "") -> str:
    return _fit(f"{COMMENT_MARKER}\n### ✅ lineage-lint: resolved\n\nThe findings reported earlier are fixed: "
                f"{cell(outcome.headline)}.\n" + (f"\n{changes}" if changes else ""))


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
