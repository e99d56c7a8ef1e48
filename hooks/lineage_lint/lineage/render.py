"""Diff reports: text (coloured on a terminal), json (``schemas/diff.schema.json``) and markdown (the
Action's comment and job summary use :func:`markdown_table`)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from lineage_lint.lineage.diff import LAYERS, Change, RecordDiff
from lineage_lint.report.color import DIM, GREEN, RED, YELLOW, paint
from lineage_lint.report.markdown import cell

_MARK = {"added": "+", "removed": "-", "changed": "~", "same": "="}
_COLOUR = {"added": GREEN, "removed": RED, "changed": YELLOW, "same": DIM}


def brief(result: RecordDiff) -> str:
    """The lineage changes in one line: "dataset `orders` v2.0 → v2.1, seed 42 → 7"."""
    texts = [c.text for c in result.changes if c.lineage and c.kind != "same"]
    return ", ".join(texts) if texts else "lineage unchanged"


def _commits(result: RecordDiff) -> str:
    if result.commits is None:
        return ""
    ahead, behind = result.commits
    old, new = (result.a.commit or "")[:12], (result.b.commit or "")[:12]
    if behind == 0:
        return f"{ahead} commit{'s' * (ahead != 1)} from {old} to {new}"
    if ahead == 0:
        return f"{new} is {behind} commit{'s' * (behind != 1)} behind {old}"
    return f"the commits diverged: {ahead} only on {new}, {behind} only on {old}"


def _lines(result: RecordDiff, everything: bool, color: bool, indent: str = "") -> list[str]:
    lines = [f"{indent}{result.a.label} → {result.b.label}", f"{indent}{result.summary}"]
    for layer in LAYERS:
        changes = result.layer(layer, everything)
        extra = _commits(result) if layer == "code" else ""
        if not changes and not extra:
            continue
        lines.append(f"{indent}  {layer}")
        for change in changes:
            mark = paint(_MARK[change.kind], _COLOUR[change.kind], color)
            lines.append(f"{indent}    {mark} {change.text}")
        if extra:
            lines.append(f"{indent}    {extra}")
    lines += [f"{indent}  note: {note}" for note in result.notes]
    if result.config is not None and (everything or result.config.changes):
        lines.append(f"{indent}  the training config at the two commits:")
        lines += _lines(result.config, everything, color, indent + "    ")
    return lines


def render_text(results: list[RecordDiff], out: TextIO, everything: bool = False, color: bool = False,
                header: str = "") -> None:
    if header:
        out.write(header + "\n")
    if not results:
        out.write("no config's lineage sources changed\n")
    for number, result in enumerate(results):
        if number or header:
            out.write("\n")
        out.write("\n".join(_lines(result, everything, color)) + "\n")


def as_json(result: RecordDiff, everything: bool = False) -> dict[str, Any]:
    return result.to_json(everything)


def render_json(results: list[RecordDiff], out: TextIO, everything: bool = False,
                revisions: dict[str, str] | None = None) -> None:
    """One diff as an object; ``diff --rev`` as ``{"base", "head", "differs", "configs": [...]}``."""
    data: dict[str, Any]
    if revisions is None:
        assert len(results) == 1
        data = as_json(results[0], everything)
    else:
        data = {**revisions, "differs": any(r.differs for r in results),
                "configs": [as_json(r, everything) for r in results]}
    json.dump(data, out, indent=2, sort_keys=False)
    out.write("\n")


def _markdown_change(change: Change) -> str:
    return f"- {_MARK[change.kind]} **{change.layer}**: {cell(change.text)}"


def markdown(result: RecordDiff, everything: bool = False) -> str:
    lines = [f"#### {cell(result.a.label)} → {cell(result.b.label)}", "", f"**{cell(result.summary)}**", ""]
    for layer in LAYERS:
        lines += [_markdown_change(change) for change in result.layer(layer, everything)]
    commits = _commits(result)
    if commits:
        lines.append(f"- {cell(commits)}")
    lines += [f"- note: {cell(note)}" for note in result.notes]
    if result.config is not None and result.config.changes:
        lines += ["", "The training config at the two commits:", ""]
        lines += [_markdown_change(c) for c in result.config.changes if everything or c.kind != "same"]
    return "\n".join(lines) + "\n"


def render_markdown(results: list[RecordDiff], out: TextIO, everything: bool = False, header: str = "") -> None:
    if header:
        out.write(f"### {cell(header)}\n\n")
    if not results:
        out.write("No config's lineage sources changed.\n")
    out.write("\n".join(markdown(result, everything) for result in results))


def markdown_table(results: list[RecordDiff], limit: int = 100) -> str:
    """Per changed config, its lineage change in one line (the pull request's comment and job summary)."""
    if not results:
        return ""
    rows = ["| config | what changed | lineage |", "|---|---|---|"]
    for result in results[:limit]:
        path = (result.b.record or result.a.record)
        shown = path.path if path else result.b.label
        rows.append(f"| {cell(shown)} | {cell(result.summary)} | {cell(brief(result))} |")
    if len(results) > limit:
        rows.append(f"\n… and {len(results) - limit} more (`lineage-lint diff --rev` prints them all).")
    return "\n".join(rows) + "\n"
