"""Model cards: a model version's description written from its lineage (``promote --model-card``,
``register --model-card``), so the registry page says what the version was trained on and how, and a gate
with ``require-description`` (LL501) passes by construction.

The card is a Markdown section between two HTML comments (invisible once rendered). A description written
by hand is never replaced: the card goes below it, and on later runs only the marked section is replaced,
whatever was written above or below it kept as it is. Every text read from the server or a config goes
through :func:`~lineage_lint.report.markdown.cell`, so a dataset name cannot become a link or a mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from lineage_lint import __version__
from lineage_lint.record import LineageRecord
from lineage_lint.report.markdown import cell

START = "<!-- lineage-lint model card: written by `--model-card`, replaced on each run; edit outside it -->"
END = "<!-- end of the lineage-lint model card -->"
MAX_DESCRIPTION = 5000  # MLflow's SQL stores keep at most 5000 characters of a version's description
MAX_DATASETS = 25  # rows of the data table; the rest are counted


class ModelCardError(Exception):
    """The card and the hand-written description do not fit in a version's description."""


@dataclass(frozen=True)
class Verdict:
    """The gate's part of the card: the verdict, the policy, when, and for what."""

    verdict: str
    policy: str
    policy_sha256: str
    at: str
    purpose: str  # "alias @champion", "stage Production", "registration"


def _code(text: object) -> str:
    return f"`{cell(str(text))}`"


def card(record: LineageRecord, run_id: str | None, verdict: Verdict | None) -> str:
    """The marked Markdown section for a version trained by the run ``record`` describes."""
    lines = [START, "## Lineage", ""]
    code = record.code
    commit = code.commit if code is not None else None
    state = {"clean": "clean working tree", "dirty": "uncommitted changes", "unknown": "working tree not recorded"}
    trained = f"Trained by run {_code(f'runs:/{run_id}')}" if run_id else "Trained by an unrecorded run"
    if commit:
        trained += f" from commit {_code(commit)} ({state[code.tree]})" if code is not None else ""
    else:
        trained += " (no git commit recorded)"
    lines.append(trained + ".")
    config = record.config
    if config is not None and config.path:
        at = f" at {_code(commit[:12])}" if commit else ""
        sha = f", sha256 {_code(config.sha256[:16])}" if config.sha256 else ""
        lines.append(f"Training config: {_code(config.path)}{at}{sha}.")
    else:
        lines.append("Training config: not recorded.")
    seed = record.seed
    where = seed.origin.field or str(seed.origin)
    if seed.status == "declared":
        lines.append(f"Seed: **{cell(str(seed.value))}** ({_code(where)}).")
    else:
        lines.append(f"Seed: {cell(seed.status)} ({_code(where)}).")
    lines += ["", "| data | version or digest | pin | used for |", "|---|---|---|---|"]
    for ref in record.datasets[:MAX_DATASETS]:
        pinned = ref.version or ref.digest
        lines.append(f"| {_code(ref.ref)} | {_code(pinned) if pinned else 'none'} | {cell(ref.pin)} | "
                     f"{cell(ref.context or 'training')} |")
    if not record.datasets:
        lines.append("| none recorded | | | |")
    elif len(record.datasets) > MAX_DATASETS:
        lines.append(f"| and {len(record.datasets) - MAX_DATASETS} more | | | |")
    lines.append("")
    ci = record.ci
    if ci is not None and ci.job_url:
        who = f", triggered by {cell(ci.triggered_by)}" if ci.triggered_by else ""
        lines.append(f"CI job: <{cell(ci.job_url)}> ({cell(ci.provider or 'CI')}{who}).")
    else:
        lines.append("CI job: none recorded (not trained by a CI job that tagged the run).")
    if verdict is not None:
        lines.append(f"Gate: **{cell(verdict.verdict)}** under policy {_code(verdict.policy)} (sha256 "
                     f"{_code(verdict.policy_sha256[:12])}) at {cell(verdict.at)}, for {cell(verdict.purpose)}, "
                     f"by lineage-lint {cell(__version__)}.")
    lines.append(END)
    return "\n".join(lines)


def merge(existing: str | None, section: str) -> tuple[str, str]:
    """The description with ``section`` in place of the previous card (or below a hand-written description),
    and what was done, in words."""
    text = (existing or "").rstrip()
    start, end = text.find(START), text.find(END)
    if start != -1 and end > start:
        before, after = text[:start].rstrip(), text[end + len(END):].strip()
        merged = "\n\n".join(part for part in (before, section, after) if part)
        done = "model card replaced" + (" (the hand-written description around it kept)" if before or after else "")
    elif text:
        merged, done = f"{text}\n\n{section}", "model card written below the hand-written description (kept as it was)"
    else:
        merged, done = section, "model card written"
    if len(merged) > MAX_DESCRIPTION:
        raise ModelCardError(f"the model card ({len(section)} characters) and the description already there "
                             f"({len(text)}) exceed the {MAX_DESCRIPTION} characters MLflow keeps; shorten the "
                             "hand-written description")
    return merged, done
