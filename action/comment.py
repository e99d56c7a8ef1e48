"""The sticky pull request comment: one per pull request, found again by a hidden marker and edited.

A run with findings creates the comment or edits it in place; a run without findings marks an earlier
comment resolved (and posts nothing when there was none). Only comments written by a bot account (the
workflow token writes as ``github-actions[bot]``) are candidates, so a person quoting the marker cannot
make the Action edit their comment.
"""

from __future__ import annotations

from typing import Any

from action import summary
from action.api import call
from action.outcome import Outcome


def find(pull: Any) -> Any | None:
    def search() -> Any | None:
        for comment in pull.issue_comments():
            user = getattr(comment, "user", None)
            if summary.COMMENT_MARKER in (comment.body or "") and getattr(user, "type", "") == "Bot":
                return comment
        return None

    return call(search)


def upsert(pull: Any, outcome: Outcome, details: str = "") -> str:
    """Create, edit or resolve the comment; returns what was done (for the log)."""
    existing = find(pull)
    if not outcome.findings:
        if existing is None:
            return "no comment needed"
        call(lambda: existing.edit(summary.resolved_body(outcome)))
        return f"marked comment {existing.id} resolved"
    body = summary.comment_body(outcome, details)
    if existing is None:
        created = call(lambda: pull.create_comment(body))
        return f"created comment {getattr(created, 'id', '')}".strip()
    call(lambda: existing.edit(body))
    return f"updated comment {existing.id}"
