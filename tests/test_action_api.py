"""What the Action says when GitHub refuses a request (``action.api.call``), built from github3.py's own
exceptions over real ``requests`` responses: a rate limit (primary, secondary, 429) says when to try again,
in UTC whatever the runner's time zone; a 403 without a rate limit is a permission; anything else an error."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests
from github3 import exceptions

from action.api import ApiError, NotPermitted, RateLimited, call
from action.inputs import Inputs

RESET = "1795353600"  # 2026-11-22T13:20:00Z


def refusal(status: int, message: str, **headers: str) -> exceptions.GitHubException:
    response = requests.Response()
    response.status_code = status
    response.headers.update({name.replace("_", "-"): value for name, value in headers.items()})
    response._content = json.dumps({"message": message}).encode()
    response.url = "https://api.github.com/repos/octo/models/check-runs"
    error: exceptions.GitHubException = exceptions.error_for(response)
    return error


def raised(error: Exception) -> ApiError:
    def action() -> None:
        raise error

    with pytest.raises(ApiError) as caught:
        call(action)
    return caught.value


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A runner whose local time is not UTC."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("tokyo")
@pytest.mark.parametrize(("status", "headers", "message"), [
    (403, {"Retry-After": "60"},
     "403 You have exceeded a secondary rate limit (GitHub's rate limit: retry after 60 s)"),
    (429, {"retry-after": "5", "X-RateLimit-Reset": RESET},
     "429 You have exceeded a secondary rate limit (GitHub's rate limit: retry after 5 s)"),
    (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": RESET},
     "403 You have exceeded a secondary rate limit (GitHub's rate limit: it resets at 13:20 UTC)"),
    (429, {"Retry-After": "soon"}, "429 You have exceeded a secondary rate limit (GitHub's rate limit)"),
    (403, {"x-ratelimit-remaining": "0"}, "403 You have exceeded a secondary rate limit (GitHub's rate limit)"),
])
def test_a_rate_limit_says_when_to_try_again(status: int, headers: dict[str, str], message: str) -> None:
    error = raised(refusal(status, "You have exceeded a secondary rate limit", **headers))
    assert (type(error), error.status, str(error)) == (RateLimited, status, message)


@pytest.mark.parametrize(("status", "headers", "kind"), [
    (403, {}, NotPermitted),
    (403, {"X-RateLimit-Remaining": "12"}, NotPermitted),
    (404, {"Retry-After": "60"}, ApiError),
    (500, {}, ApiError),
])
def test_other_refusals_are_permissions_or_errors(status: int, headers: dict[str, str], kind: type) -> None:
    error = raised(refusal(status, "Resource not accessible by integration", **headers))
    assert (type(error), error.status, str(error)) == (kind, status, f"{status} Resource not accessible by "
                                                                       "integration")


@pytest.mark.parametrize(("token", "shown"), [("ghs_secret0123456789abcdefghijklmnopqrstu", "<set>"), ("", "<empty>")])
def test_the_inputs_never_show_the_token(token: str, shown: str) -> None:
    """What a log or a traceback prints of the inputs says whether a token was given, never the token."""
    inputs = Inputs.from_env({"INPUT_GITHUB_TOKEN": token, "INPUT_PATHS": "configs\nconf"})
    assert repr(inputs) == f"Inputs(mode='check', paths=('configs', 'conf'), token={shown})"
