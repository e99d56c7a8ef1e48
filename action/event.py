"""The workflow's event: which pull request, and which commits, a run is about.

On ``pull_request`` events ``GITHUB_SHA`` is the merge commit GitHub made for the run, which no reviewer
sees; check runs and changed files are about the pull request's head commit, read from the payload.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")


class EventError(Exception):
    """The event payload cannot be read."""


@dataclass(frozen=True)
class PullRequest:
    repository: str  # owner/name of the base repository
    number: int
    base_sha: str
    head_sha: str
    fork: bool  # the head lives in another repository: its workflow token is read-only


@dataclass(frozen=True)
class Event:
    name: str
    repository: str
    sha: str  # the commit a check run belongs to: the PR head on pull requests, GITHUB_SHA otherwise
    pull_request: PullRequest | None


def read_event(env: Mapping[str, str]) -> Event:
    name = env.get("GITHUB_EVENT_NAME", "")
    repository = env.get("GITHUB_REPOSITORY", "")
    payload: dict[str, Any] = {}
    path = env.get("GITHUB_EVENT_PATH", "")
    if path:
        try:
            loaded = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EventError(f"cannot read the event payload {path}: {exc}") from None
        if isinstance(loaded, dict):
            payload = loaded
    pull = _pull_request(payload, repository) if name in PULL_REQUEST_EVENTS else None
    repository = repository or (pull.repository if pull else "")
    sha = pull.head_sha if pull else env.get("GITHUB_SHA", "")
    return Event(name, repository, sha, pull)


def _pull_request(payload: dict[str, Any], repository: str) -> PullRequest | None:
    pull = payload.get("pull_request")
    if not isinstance(pull, dict):
        return None
    base, head = _mapping(pull.get("base")), _mapping(pull.get("head"))
    base_repo = _mapping(base.get("repo")).get("full_name") or repository
    head_repo = _mapping(head.get("repo")).get("full_name") or base_repo
    number = payload.get("number", pull.get("number"))
    if not isinstance(number, int) or not isinstance(head.get("sha"), str):
        raise EventError("the pull_request event payload has no pull request number or head commit")
    return PullRequest(
        repository=str(base_repo),
        number=number,
        base_sha=str(base.get("sha") or ""),
        head_sha=str(head["sha"]),
        fork=head_repo != base_repo,
    )


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
