"""The gate's reports: text (people), json (scripts), github (annotations), markdown (job summaries).

Every renderer first redacts the result (userinfo and token-like query values of every URI in it), so no
report, escaped or not, prints a credential."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from lineage_lint import __version__
from lineage_lint.findings import Finding
from lineage_lint.mlflow.gate import GateResult
from lineage_lint.mlflow.redact import scrubbed
from lineage_lint.record import LineageRecord
from lineage_lint.report.color import BOLD, DIM, RED, paint, severity, verdict
from lineage_lint.report.github import command, escape_data, escape_property
from lineage_lint.report.markdown import cell, code_block

FORMATS = ("text", "json", "github", "markdown")
_HEADLINE = {"pass": "PASS", "fail": "FAIL", "undecided": "COULD NOT DECIDE"}


def _target(result: GateResult) -> str:
    parts = [result.uri]
    if result.model_name and f"/{result.model_version}" not in result.uri:
        parts.append(f"-> {result.model_name} version {result.model_version}")
    if result.run_id and result.run_id not in result.uri:
        parts.append(f"-> run {result.run_id}")
    return " ".join(parts)


def _where(finding: Finding) -> str:
    """A run field (``runs:/<id>#params.seed``) has no line; a file finding has one."""
    if "#" in finding.path or finding.path.startswith(("runs:/", "models:/")):
        return finding.path
    return f"{finding.path}:{finding.span.line}:{finding.span.col}"


def _record_lines(record: LineageRecord, color: bool = False) -> list[str]:
    seed = record.seed
    setting = f"{seed.key} = {seed.value}" if seed.key else "no seed"
    lines = [f"seed      {verdict(seed.status, color, f'{seed.status:<10}')} {setting}  <- {seed.origin}"]
    for ref in record.datasets:
        pinned = ref.digest or ref.version
        at = f" @ {pinned}" if pinned else ""
        pin = verdict(ref.pin, color, f"{ref.pin:<10}")
        lines.append(f"dataset   {pin} {ref.ref}{at} ({ref.key})  <- {ref.origin}")
    if not record.datasets:
        lines.append("dataset   none recorded")
    if record.code is not None:
        lines.append(f"code      {record.code.tree:<10} {record.code.commit or 'no commit'}")
    if record.ci is not None:
        ci = record.ci
        trigger, url = ci.triggered_by or "no trigger", ci.job_url or "no job URL"
        lines.append(f"ci        {ci.provider or '-':<10} {trigger}  {url}")
    if record.config is not None:
        config = record.config
        lines.append(f"config    {config.path or 'not recorded'}  sha256 {(config.sha256 or '-')[:16]}")
    return lines


def render_text(result: GateResult, out: TextIO, color: bool = False) -> None:
    result = scrubbed(result)  # secrets out before any escaping
    out.write(f"lineage-lint gate: {_target(result)}  (policy {result.policy})\n")
    if result.record is not None:
        for line in _record_lines(result.record, color):
            out.write(f"  {line}\n")
    if result.consistency:
        out.write(f"  consistency: {result.consistency}\n")
    for finding in result.findings:
        where = paint(f"{_where(finding)}:", BOLD, color)
        name = paint(f"[{finding.name}]", DIM, color)
        out.write(f"{where} {severity(finding.code, finding.severity, color)} {finding.message} {name}\n")
    if result.error:
        out.write(f"{paint('error:', RED, color)} {result.error}\n")
    errors, warnings = len(result.errors), len(result.findings) - len(result.errors)
    counts = ""
    if result.findings:
        counts = f" ({errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)})"
    out.write(f"{verdict(_HEADLINE[result.verdict], color)}{counts}: exit {result.exit_code}\n")
    if result.action:
        out.write(f"{result.action['summary']}\n")


def as_json(result: GateResult) -> dict[str, Any]:
    return {
        "tool": "lineage-lint", "version": __version__, "uri": result.uri, "verdict": result.verdict,
        "exit_code": result.exit_code, "error": result.error or None,
        "model": {"name": result.model_name, "version": result.model_version} if result.model_name else None,
        "run_id": result.run_id,
        "policy": {"name": result.policy, "sha256": result.policy_sha256},
        "consistency": result.consistency or None,
        "record": result.record.to_json() if result.record else None,
        "findings": [finding.to_json() for finding in result.findings],
        "action": result.action,
    }


def render_json(result: GateResult, out: TextIO) -> None:
    result = scrubbed(result)  # secrets out before any escaping
    json.dump(as_json(result), out, indent=2)
    out.write("\n")


def render_github(result: GateResult, out: TextIO) -> None:
    """Workflow commands: findings in a file annotate its line; findings on run fields annotate the job."""
    result = scrubbed(result)  # secrets out before any escaping
    for finding in result.findings:
        if "#" in finding.path or finding.path.startswith(("runs:/", "models:/")):
            title = escape_property(f"{finding.code} {finding.name}")
            out.write(f"::{finding.severity} title={title}::{escape_data(f'{finding.path}: {finding.message}')}\n")
        else:
            out.write(command(finding) + "\n")
    if result.verdict == "undecided":
        out.write(f"::error title=lineage-lint gate::{escape_data(result.error)}\n")
    # Plain lines carry names read from the server (a model name may hold a line break): kept on one line,
    # so no text of theirs can start a workflow command.
    out.write(escape_data(f"{_HEADLINE[result.verdict]} {_target(result)}: exit {result.exit_code}") + "\n")
    if result.action:
        out.write(escape_data(str(result.action["summary"])) + "\n")


def render_markdown(result: GateResult, out: TextIO) -> None:
    result = scrubbed(result)  # secrets out before any escaping
    icon = {"pass": ":white_check_mark:", "fail": ":x:", "undecided": ":warning:"}[result.verdict]
    out.write(f"### {icon} lineage-lint gate: {_HEADLINE[result.verdict].lower()}\n\n")
    out.write(f"{cell(_target(result))}, policy {cell(result.policy)} (exit {result.exit_code})\n\n")
    if result.error:
        out.write(f"**Could not decide:** {cell(result.error)}\n\n")
    if result.findings:
        out.write("| | code | where | finding |\n|---|---|---|---|\n")
        for finding in result.findings:
            mark = ":x:" if finding.severity == "error" else ":warning:"
            out.write(f"| {mark} | [{finding.code}]({finding.url}) | {cell(_where(finding))} | "
                      f"{cell(finding.message)} |\n")
        out.write("\n")
    if result.record is not None:
        out.write("<details><summary>What the run records</summary>\n\n")
        out.write(code_block(_record_lines(result.record)) + "\n</details>\n")
    if result.consistency:
        out.write(f"\nConsistency: {cell(result.consistency)}\n")
    if result.action:
        out.write(f"\n{cell(result.action['summary'])}\n")


RENDERERS: dict[str, Callable[[GateResult, TextIO], None]] = {
    "text": render_text, "json": render_json, "github": render_github, "markdown": render_markdown,
}
