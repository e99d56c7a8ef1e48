"""The fake GitHub API answers as GitHub does: its payloads carry every field github3.py 4.0.1 reads, and it
follows GitHub's rules where the Action's behaviour depends on them.

``data/github3py_required_fields.json`` lists, per payload, the fields github3.py requires (``required``) and
those GitHub sends that it reads when present (``present_but_optional``); dotted names are nested fields.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fake_github import WRITE, FakeGitHub, running

FIELDS = json.loads((Path(__file__).parent / "data" / "github3py_required_fields.json").read_text(encoding="utf-8"))
TOKEN = "ghs_fakeTOKEN0123456789abcdefghijklmnopq"
HEAD, BASE = "a" * 40, "b" * 40


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    for server in running():
        server.tokens = {TOKEN: WRITE}
        server.add_pull(7, HEAD, BASE, ["configs/train.yaml"])
        yield server


def call(fake: FakeGitHub, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(fake.api_url + path, data=data, method=method,
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def dotted_fields(payload: dict[str, Any], prefix: str = "") -> set[str]:
    names = set()
    for key, value in payload.items():
        names.add(prefix + key)
        if isinstance(value, dict):
            names |= dotted_fields(value, f"{prefix}{key}.")
    return names


def payloads(fake: FakeGitHub) -> dict[str, dict[str, Any]]:
    repo = "/repos/octo/models"
    created = call(fake, "POST", f"{repo}/check-runs", {"name": "lineage-lint", "head_sha": HEAD,
                                                         "status": "in_progress"})
    comment = call(fake, "POST", f"{repo}/issues/7/comments", {"body": "hello"})
    answers = {
        "Repository (GET /repos/o/r)": call(fake, "GET", repo),
        "PullRequest (GET /pulls/n)": call(fake, "GET", f"{repo}/pulls/7"),
        "CheckRun (POST/PATCH check-runs)": created,
        "IssueComment (issue comments)": comment,
    }
    status, files = call(fake, "GET", f"{repo}/pulls/7/files")
    answers["PullFile (GET /pulls/n/files item)"] = (status, files[0])
    assert {name: status for name, (status, _) in answers.items()} == {
        name: 201 if name.startswith(("CheckRun", "IssueComment")) else 200 for name in answers
    }
    return {name: payload for name, (_, payload) in answers.items()}


def test_the_pinned_list_is_the_shared_one() -> None:
    shared = Path("/work/shared/github/github3py_required_fields.json")
    if shared.exists():  # the copy beside the tests is what CI reads; it must not drift from the source
        assert json.loads(shared.read_text(encoding="utf-8")) == FIELDS
    assert len(FIELDS) == 5 and all(entry["n_required"] == len(entry["required"]) for entry in FIELDS.values())


@pytest.mark.parametrize("kind", sorted(FIELDS))
def test_every_payload_carries_the_fields_github3py_reads(fake: FakeGitHub, kind: str) -> None:
    present = dotted_fields(payloads(fake)[kind])
    wanted = FIELDS[kind]
    assert sorted(set(wanted["required"]) - present) == []
    assert sorted(set(wanted["present_but_optional"]) - present) == []


def test_the_check_run_and_comment_after_a_patch_still_carry_them(fake: FakeGitHub) -> None:
    repo = "/repos/octo/models"
    _, created = call(fake, "POST", f"{repo}/check-runs", {"name": "lineage-lint", "head_sha": HEAD})
    status, patched = call(fake, "PATCH", f"{repo}/check-runs/{created['id']}",
                           {"conclusion": "success", "output": {"title": "t", "summary": "s"}})
    assert status == 200
    assert set(FIELDS["CheckRun (POST/PATCH check-runs)"]["required"]) <= dotted_fields(patched)
    _, comment = call(fake, "POST", f"{repo}/issues/7/comments", {"body": "hello"})
    status, edited = call(fake, "PATCH", f"{repo}/issues/comments/{comment['id']}", {"body": "edited"})
    assert status == 200 and edited["body"] == "edited"
    assert set(FIELDS["IssueComment (issue comments)"]["required"]) <= dotted_fields(edited)


def test_github3py_reads_every_payload(fake: FakeGitHub) -> None:
    import github3

    client = github3.GitHubEnterprise(fake.root, token=TOKEN) if fake.prefix else github3.GitHub(token=TOKEN)
    client.session.base_url = fake.api_url
    repository = client.repository("octo", "models")
    pull = repository.pull_request(7)
    assert (repository.full_name, pull.number, pull.head.sha, pull.base.sha) == ("octo/models", 7, HEAD, BASE)
    assert [f.filename for f in pull.files()] == ["configs/train.yaml"]
    created = pull.create_comment("first")
    assert [c.body for c in pull.issue_comments()] == ["first"] and created.user.login == "github-actions[bot]"


# ---------------------------------------------------------------------------------------------- GitHub's rules


def test_a_conclusion_completes_the_check_run(fake: FakeGitHub) -> None:
    """GitHub: "Providing conclusion will automatically set the status parameter to completed"."""
    status, created = call(fake, "POST", "/repos/octo/models/check-runs",
                           {"name": "lineage-lint", "head_sha": HEAD, "conclusion": "failure"})
    assert status == 201
    assert (created["status"], created["conclusion"], created["completed_at"]) == ("completed", "failure",
                                                                                   "2026-11-22T12:00:00Z")
    assert fake.requests[-1].body == {"name": "lineage-lint", "head_sha": HEAD, "conclusion": "failure"}

    _, queued = call(fake, "POST", "/repos/octo/models/check-runs", {"name": "lineage-lint", "head_sha": HEAD})
    assert (queued["status"], queued["conclusion"]) == ("queued", None)
    status, patched = call(fake, "PATCH", f"/repos/octo/models/check-runs/{queued['id']}",
                           {"status": "in_progress", "conclusion": "neutral"})
    assert status == 200 and (patched["status"], patched["conclusion"]) == ("completed", "neutral")


@pytest.mark.parametrize("body", [{"status": "completed"}, {"completed_at": "2026-11-22T12:01:00Z"}])
def test_completing_without_a_conclusion_is_refused(fake: FakeGitHub, body: dict[str, str]) -> None:
    """GitHub: conclusion is "Required if you provide completed_at or a status of completed"."""
    status, refused = call(fake, "POST", "/repos/octo/models/check-runs",
                           {"name": "lineage-lint", "head_sha": HEAD, **body})
    assert (status, refused["message"]) == (422, "Invalid request.\n\nconclusion is required when status is "
                                                 "completed or completed_at is given")
    assert fake.check_runs == {}


@pytest.mark.parametrize("path", ["/repos/octo/models/pulls/8", "/repos/octo/models/pulls/8/files",
                                  "/repos/octo/models/issues/8/comments"])
def test_an_unknown_pull_request_is_404(fake: FakeGitHub, path: str) -> None:
    status, refused = call(fake, "GET", path)
    assert (status, refused["message"], refused["status"]) == (404, "Not Found", "404")
    assert call(fake, "GET", path.replace("/8", "/7"))[0] == 200
