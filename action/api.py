"""The GitHub REST API through github3.py, imported only here and only when a run needs the API.

``GITHUB_API_URL`` is the API root on every host: ``https://api.github.com`` on github.com and
``https://HOST/api/v3`` on GitHub Enterprise Server. github3.py's ``GitHubEnterprise(url)`` appends
``/api/v3`` itself, which would be wrong for github.com, so the session's base URL is set to
``GITHUB_API_URL`` as given; every later request follows the ``url`` fields of the responses.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
DEFAULT_API_URL = "https://api.github.com"
READ_ONLY_HINT = "Resource not accessible by integration"


class ApiError(Exception):
    """A request failed; ``status`` is the HTTP status (0 when no answer came)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class BadToken(ApiError):
    """The API refused the token (HTTP 401): a configuration error, reported as one."""


class NotPermitted(ApiError):
    """The token may not do this (HTTP 403): a fork's read-only token, or missing ``permissions:``."""


class RateLimited(ApiError):
    """GitHub refused for the rate limit (403 with ``x-ratelimit-remaining: 0`` or ``retry-after``, or 429):
    the token is fine and may do this, just not now."""


def connect(api_url: str, token: str) -> Any:
    """A github3.py client for ``api_url`` authenticated with the workflow's token."""
    import github3
    from github3.session import GitHubSession

    session = GitHubSession(default_connect_timeout=10, default_read_timeout=30)
    client = github3.GitHub(session=session)
    session.base_url = (api_url or DEFAULT_API_URL).rstrip("/")
    # The job token (GITHUB_TOKEN, ``github.token``) IS a GitHub App installation token: the "GitHub
    # Actions" app's, scoped to this repository and expiring when the job ends (24 hours at most).
    # github3.py guards the check-run methods with @requires_app_installation_auth, which refuses any
    # session whose auth is not an AppInstallationTokenAuth before sending a request. It normally gets
    # one by exchanging an app's private key for a token, which a workflow has no need to do: the runner
    # already hands us the installation token. So we declare the token for what it is, with that 24-hour
    # upper bound as its expiry; the header sent is the same ``Authorization: token ...``. A personal
    # access token passed as ``github-token`` passes the same guard but GitHub answers 403 for check
    # runs, which ``publish`` reports as a notice like any other permission refusal.
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=24)
    session.app_installation_token_auth({"token": token, "expires_at": expires.isoformat()})
    return client


def call(action: Callable[[], T]) -> T:
    """Run one API interaction, turning github3.py's and requests' exceptions into :class:`ApiError`.

    Messages carry GitHub's answer (``403 Resource not accessible by integration``), never the request's
    headers, so the token cannot leak through them."""
    from github3 import exceptions

    try:
        return action()
    except exceptions.AuthenticationFailed as exc:
        raise BadToken(401, f"the GitHub API refused the token ({exc.code} {exc.msg})") from None
    except exceptions.GitHubException as exc:  # other statuses, incomplete answers, connection errors
        status = int(getattr(exc, "code", 0) or 0)
        message = getattr(exc, "msg", "") or type(exc).__name__
        text = f"{status} {message}" if status else str(message)
        headers = getattr(getattr(exc, "response", None), "headers", None) or {}
        if status == 429 or (status == 403 and (headers.get("x-ratelimit-remaining") == "0"
                                                or "retry-after" in headers)):
            raise RateLimited(status, f"{text} ({_when(headers)})") from None
        if status == 403:
            raise NotPermitted(status, text) from None
        raise ApiError(status, text) from None


def _when(headers: Any) -> str:
    """When a rate-limited request may be tried again, from GitHub's ``retry-after`` or ``x-ratelimit-reset``."""
    if headers.get("retry-after", "").isdigit():
        return f"GitHub's rate limit: retry after {headers['retry-after']} s"
    reset = headers.get("x-ratelimit-reset", "")
    if reset.isdigit():
        moment = datetime.datetime.fromtimestamp(int(reset), datetime.timezone.utc)
        return f"GitHub's rate limit: it resets at {moment:%H:%M} UTC"
    return "GitHub's rate limit"


def repository(client: Any, full_name: str) -> Any:
    owner, _, name = full_name.partition("/")
    found = call(lambda: client.repository(owner, name))
    if found is None:
        raise ApiError(404, f"repository {full_name} not found")
    return found
