"""The sticky pull request comment: one per pull request, found again by a hidden marker and edited.

A run with findings creates the comment or edits it in place; a run without findings marks an earlier
comment resolved (and posts nothing when there was none). Only comments written by the account the token
writes as are candidates (:func:`author`), so a person quoting the marker cannot make the Action edit
their comment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from action import summary
from action.api import NotPermitted, call
from action.outcome import Outcome

Author = Callable[[Any], bool]  # is this comment's user the account the token writes as?


def author(client: Any, token: str) -> Author:
    """Which comments the token wrote. An installation token (``ghs_``: the job token, which writes as
    ``github-actions[bot]``, or another app's) writes as a bot and cannot ask ``GET /user`` who it is, so
    its candidates are the bot accounts' comments; a person's token (``ghp_``, ``github_pat_``, ...)
    writes as that person, whose login ``GET /user`` gives."""
    if not token.startswith("ghs_"):
        try:
            login = call(client.me).login
        except NotPermitted:  # an installation token in an older format
            pass
        else:
            return lambda user: getattr(user, "login", None) == login
    return lambda user: getattr(user, "type", "") == "Bot"


def find(pull: Any, mine: Author) -> Any | None:
    def search() -> Any | None:
        for comment in pull.issue_comments():
            if summary.COMMENT_MARKER in (comment.body or "") and mine(getattr(comment, "user", None)):
                return comment
        return None

    return call(search)


def upsert(pull: Any, mine: Author, outcome: Outcome, details: str = "", changes: str = "") -> str:
    """Create, edit or resolve the comment; returns what was done (for the log). ``changes`` (the lineage
    diff of the changed configs, markdown) is shown in it whenever it is written."""
    existing = find(pull, mine)
    if not outcome.findings:
        if existing is None:
            return "no comment needed"
        call(lambda: existing.edit(summary.resolved_body(outcome, changes)))
        return f"marked comment {existing.id} resolved"
    body = summary.comment_body(outcome, details, changes)
    if existing is None:
        created = call(lambda: pull.create_comment(body))
        return f"created comment {getattr(created, 'id', '')}".strip()
    call(lambda: existing.edit(body))
    return f"updated comment {existing.id}"
