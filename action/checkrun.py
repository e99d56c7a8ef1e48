"""The check run: every finding as an annotation on the pull request's head commit.

The Checks API takes at most 50 annotations per request and appends the annotations of each update to
the ones already sent, so the run is created with the first 50 and updated with the rest, 50 at a time;
the last request carries the conclusion (and when a batch is refused the run is concluded without it).
"""

from __future__ import annotations

import contextlib
from typing import Any

from action import summary
from action.api import ApiError, call
from action.outcome import Outcome
from lineage_lint.findings import Finding

NAME = "lineage-lint report"  # not the job's name, so the two checks are told apart in branch protection
BATCH = 50  # annotations per request, GitHub's limit
MESSAGE_LIMIT = 4096  # characters of a message; GitHub refuses the whole request past 64 KB
_LEVEL = {"error": "failure", "warning": "warning"}


def annotation(finding: Finding) -> dict[str, Any]:
    span = finding.span
    data: dict[str, Any] = {
        "path": finding.location,
        "start_line": span.line,
        "end_line": span.end_line,
        "annotation_level": _LEVEL.get(finding.severity, "warning"),
        "title": f"{finding.code} {finding.name}",
        "message": _cap(finding.message, MESSAGE_LIMIT),
        "raw_details": finding.url,
    }
    if span.end_line == span.line:  # GitHub refuses columns on multi-line annotations
        data["start_column"] = span.col
        data["end_column"] = max(span.end_col, span.col)
    return data


def _cap(text: str, limit: int) -> str:
    """A config's value can make a message of any length (a 100 kB dataset name); cut it to ``limit``."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def batches(items: list[dict[str, Any]], size: int = BATCH) -> list[list[dict[str, Any]]]:
    return [items[start:start + size] for start in range(0, len(items), size)] or [[]]


def publish(repository: Any, head_sha: str, outcome: Outcome, details_url: str = "") -> Any:
    """Create the check run on ``head_sha`` and send every annotation; returns the finished run."""
    output = summary.check_output(outcome)
    chunks = batches([annotation(f) for f in outcome.findings])
    last = len(chunks) - 1
    finished = {"status": "completed", "conclusion": outcome.conclusion, "completed_at": _now()}
    first = {"output": {**output, "annotations": chunks[0]}, **(finished if last == 0 else {"status": "in_progress"})}
    run = call(lambda: repository.create_check_run(NAME, head_sha, details_url=details_url or None,
                                                   started_at=_now(), **first))
    try:
        for index, chunk in enumerate(chunks[1:], start=1):
            update = {"output": {**output, "annotations": chunk}, **(finished if index == last else {})}
            _update(run, update)
    except ApiError:
        # A run left in_progress shows as pending on the pull request for good: conclude it, then report.
        with contextlib.suppress(ApiError):
            _update(run, {"output": output, **finished})
        raise
    return run


def _update(run: Any, fields: dict[str, Any]) -> None:
    call(lambda: run.update(**fields))


def _now() -> str:
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
