"""A local fake of the GitHub REST API: the endpoints the Action uses, with GitHub's payload shapes.

Started on 127.0.0.1 with an ephemeral port. It keeps pull requests, check runs and issue comments in
memory, answers like GitHub does (Link-header pagination of files and comments, 401 "Bad credentials",
403 "Resource not accessible by integration" for a read-only token, 403 with ``x-ratelimit-remaining: 0``
when ``rate_limited`` is set, 404 for a pull request that does not exist (its files, its comments), 422 for
invalid check runs and comments, ``conclusion`` completing a check run; error bodies carry ``message``,
``documentation_url`` and ``status``), and records every request so that tests assert exactly what GitHub
would have received: method, path, query, JSON body and headers, with the token in ``Authorization``
replaced by what it is (``token <write token>``). :meth:`FakeGitHub.transcript` prints that log. Payloads
carry every field github3.py 4.0.1 reads (``tests/data/github3py_required_fields.json`` lists them;
``tests/test_fake_github.py`` holds the payloads to it).

``prefix`` mounts the API below a path: ``""`` as on api.github.com, ``"/api/v3"`` as on GitHub
Enterprise Server.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

NOW = "2026-11-22T12:00:00Z"
WRITE, READ = "write", "read"
DOCS = "https://docs.github.com/rest"
RATE_LIMIT = 5000
RESET = 1795353600  # x-ratelimit-reset: 2026-11-22T13:20:00Z


@dataclass
class Request:
    method: str
    path: str  # without the prefix
    query: dict[str, str]
    body: Any
    authorization: str  # the scheme and what the token is, never the token: "token <write token>"
    headers: dict[str, str] = field(default_factory=dict)  # as received, Authorization redacted the same way

    def __str__(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query.items())
        line = f"{self.method} {self.path}{'?' + query if query else ''}  Authorization: {self.authorization}"
        return line if self.body is None else f"{line}\n  {json.dumps(self.body, sort_keys=True)}"


def error(status: int, message: str, errors: list[Any] | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
    """An error answer in GitHub's shape."""
    body: dict[str, Any] = {"message": message, "documentation_url": DOCS, "status": str(status)}
    if errors:
        body["errors"] = errors
    return status, body, headers or {}


@dataclass
class PullState:
    number: int
    head_sha: str
    base_sha: str
    files: list[dict[str, Any]] = field(default_factory=list)
    head_repo: str = ""  # owner/name of the head repository (a fork when it differs)


class FakeGitHub:
    def __init__(self, repository: str = "octo/models", prefix: str = "") -> None:
        self.repository = repository
        self.prefix = prefix
        self.tokens: dict[str, str] = {}  # token -> WRITE or READ
        self.people: dict[str, str] = {}  # token -> login, for a person's token; the others are installation tokens
        self._caller = ""  # the token of the request being handled (handlers run under the lock)
        self.pulls: dict[int, PullState] = {}
        self.check_runs: dict[int, dict[str, Any]] = {}
        self.annotations: dict[int, list[dict[str, Any]]] = {}
        self.comments: dict[int, dict[str, Any]] = {}
        self.comment_issue: dict[int, int] = {}
        self.statuses: list[dict[str, Any]] = []
        self.requests: list[Request] = []
        self.rate_limited = False  # every request answers 403 with x-ratelimit-remaining: 0, as GitHub does
        self.failures: list[tuple[str, str, int, str]] = []  # (method, path pattern, status, message): answered once
        self._ids = itertools.count(1001)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        # a short poll: `stop` waits for the serving loop to notice, 0.5 s a test at the default
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    # ------------------------------------------------------------------------------ lifecycle

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """What GITHUB_API_URL is set to."""
        return self.root + self.prefix

    def start(self) -> FakeGitHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------------------------ test setup

    def add_pull(self, number: int, head_sha: str, base_sha: str, files: list[str],
                 head_repo: str = "", renamed: dict[str, str] | None = None,
                 status: dict[str, str] | None = None) -> PullState:
        """A pull request; ``renamed`` maps new names to old ones, ``status`` gives other files' status
        (``added``, ``removed``, ...; ``modified`` when not given)."""
        renamed, status = renamed or {}, status or {}
        pull = PullState(number, head_sha, base_sha, head_repo=head_repo or self.repository)
        for name in files:
            item = {
                "sha": "0" * 40, "filename": name,
                "status": "renamed" if name in renamed else status.get(name, "modified"),
                "additions": 1, "deletions": 1, "changes": 2,
                "blob_url": f"https://github.example/{self.repository}/blob/{head_sha}/{name}",
                "raw_url": f"https://github.example/{self.repository}/raw/{head_sha}/{name}",
                "contents_url": f"{self.api_url}/repos/{self.repository}/contents/{name}?ref={head_sha}",
                "patch": "@@ -1 +1 @@\n-a\n+b",
            }
            if name in renamed:
                item["previous_filename"] = renamed[name]
            pull.files.append(item)
        self.pulls[number] = pull
        return pull

    def add_comment(self, number: int, body: str, login: str = "octocat", kind: str = "User") -> dict[str, Any]:
        with self._lock:
            return self._new_comment(number, body, login, kind)

    # ------------------------------------------------------------------------------ queries for tests

    def transcript(self) -> str:
        """The request log as a reviewer reads it: one request per entry, with its JSON body."""
        return "\n".join(str(request) for request in self.requests) + "\n"

    def redact(self, authorization: str) -> str:
        scheme, _, token = authorization.partition(" ")
        if not token:
            return "<none>" if not authorization else "<malformed>"
        access = self.tokens.get(token.strip())
        return f"{scheme} <{access} token>" if access else f"{scheme} <unknown token>"

    def sent(self, method: str, pattern: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and re.fullmatch(pattern, r.path)]

    def comments_on(self, number: int) -> list[dict[str, Any]]:
        return [c for cid, c in sorted(self.comments.items()) if self.comment_issue[cid] == number]

    # ------------------------------------------------------------------------------ payloads

    def _url(self, path: str) -> str:
        return f"{self.api_url}{path}"

    def user(self, login: str, kind: str = "User", uid: int = 583231) -> dict[str, Any]:
        base = self._url(f"/users/{login}")
        return {
            "login": login, "id": uid, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "type": kind, "site_admin": False,
            "avatar_url": "https://avatars.example/u/583231", "gravatar_id": "", "url": base,
            "html_url": f"https://github.example/{login}", "followers_url": f"{base}/followers",
            "following_url": f"{base}/following{{/other_user}}", "gists_url": f"{base}/gists{{/gist_id}}",
            "starred_url": f"{base}/starred{{/owner}}{{/repo}}", "subscriptions_url": f"{base}/subscriptions",
            "organizations_url": f"{base}/orgs", "repos_url": f"{base}/repos",
            "events_url": f"{base}/events{{/privacy}}",
            "received_events_url": f"{base}/received_events",
        }

    def person(self, login: str) -> dict[str, Any]:
        """``GET /user``: the full user a person's token belongs to."""
        return {**self.user(login, uid=3), "name": login.title(), "company": None, "blog": "", "location": None,
                "email": None, "hireable": None, "bio": None, "public_repos": 2, "public_gists": 0,
                "followers": 0, "following": 0, "created_at": NOW, "updated_at": NOW}

    def repo_payload(self, full_name: str | None = None) -> dict[str, Any]:
        full_name = full_name or self.repository
        owner, name = full_name.split("/")
        base = self._url(f"/repos/{full_name}")
        html = f"https://github.example/{full_name}"
        templated = {
            "archive_url": "/{archive_format}{/ref}", "assignees_url": "/assignees{/user}",
            "blobs_url": "/git/blobs{/sha}", "branches_url": "/branches{/branch}",
            "collaborators_url": "/collaborators{/collaborator}", "comments_url": "/comments{/number}",
            "commits_url": "/commits{/sha}", "compare_url": "/compare/{base}...{head}",
            "contents_url": "/contents/{+path}", "contributors_url": "/contributors",
            "deployments_url": "/deployments", "downloads_url": "/downloads", "events_url": "/events",
            "forks_url": "/forks", "git_commits_url": "/git/commits{/sha}", "git_refs_url": "/git/refs{/sha}",
            "git_tags_url": "/git/tags{/sha}", "hooks_url": "/hooks", "issue_comment_url": "/issues/comments{/number}",
            "issue_events_url": "/issues/events{/number}", "issues_url": "/issues{/number}",
            "keys_url": "/keys{/key_id}", "labels_url": "/labels{/name}", "languages_url": "/languages",
            "merges_url": "/merges", "milestones_url": "/milestones{/number}",
            "notifications_url": "/notifications{?since,all,participating}", "pulls_url": "/pulls{/number}",
            "releases_url": "/releases{/id}", "stargazers_url": "/stargazers", "statuses_url": "/statuses/{sha}",
            "subscribers_url": "/subscribers", "subscription_url": "/subscription", "tags_url": "/tags",
            "teams_url": "/teams", "trees_url": "/git/trees{/sha}",
        }
        data: dict[str, Any] = {key: base + suffix for key, suffix in templated.items()}
        data.update({
            "id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": name, "full_name": full_name,
            "owner": self.user(owner, "Organization", 9919), "private": False, "fork": full_name != self.repository,
            "html_url": html, "description": "models", "url": base, "archived": False, "disabled": False,
            "clone_url": f"{html}.git", "git_url": f"git://github.example/{full_name}.git",
            "ssh_url": f"git@github.example:{full_name}.git", "svn_url": html, "mirror_url": None,
            "created_at": NOW, "updated_at": NOW, "pushed_at": NOW, "default_branch": "main",
            "forks_count": 0, "has_downloads": True, "has_issues": True, "has_pages": False,
            "has_projects": True, "has_wiki": True, "homepage": None, "language": "Python",
            "network_count": 0, "open_issues_count": 1, "size": 108, "stargazers_count": 0,
            "subscribers_count": 1, "watchers_count": 0, "license": None, "visibility": "public",
        })
        return data

    def pull_payload(self, pull: PullState) -> dict[str, Any]:
        base = self._url(f"/repos/{self.repository}/pulls/{pull.number}")
        issue = self._url(f"/repos/{self.repository}/issues/{pull.number}")
        html = f"https://github.example/{self.repository}/pull/{pull.number}"
        author = self.user("contributor", uid=1)
        head_repo = self.repo_payload(pull.head_repo)
        return {
            "url": base, "id": 1347, "node_id": "MDExOlB1bGxSZXF1ZXN0MQ==", "number": pull.number,
            "state": "open", "locked": False, "title": "Train on the new reviews", "user": author,
            "body": "", "body_html": "", "body_text": "", "html_url": html, "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch", "issue_url": issue, "commits_url": f"{base}/commits",
            "review_comments_url": f"{base}/comments",
            "review_comment_url": self._url(f"/repos/{self.repository}/pulls/comments{{/number}}"),
            "comments_url": f"{issue}/comments",
            "statuses_url": self._url(f"/repos/{self.repository}/statuses/{pull.head_sha}"),
            "created_at": NOW, "updated_at": NOW, "closed_at": None, "merged_at": None,
            "merge_commit_sha": "e5bd3914e2e596debea16f433f57875b5b90bcd6", "assignee": None, "assignees": [],
            "requested_reviewers": [], "requested_teams": [], "labels": [], "milestone": None, "draft": False,
            "head": {"label": f"{pull.head_repo.split('/')[0]}:feature", "ref": "feature", "sha": pull.head_sha,
                     "user": author, "repo": head_repo},
            "base": {"label": f"{self.repository.split('/')[0]}:main", "ref": "main", "sha": pull.base_sha,
                     "user": self.repo_payload()["owner"], "repo": self.repo_payload()},
            "_links": {"self": {"href": base}, "html": {"href": html}, "issue": {"href": issue},
                       "comments": {"href": f"{issue}/comments"}, "review_comments": {"href": f"{base}/comments"},
                       "commits": {"href": f"{base}/commits"},
                       "statuses": {"href": self._url(f"/repos/{self.repository}/statuses/{pull.head_sha}")}},
            "author_association": "CONTRIBUTOR", "auto_merge": None, "active_lock_reason": None,
            "merged": False, "mergeable": True, "rebaseable": True, "mergeable_state": "clean", "merged_by": None,
            "comments": len(self.comments_on(pull.number)), "review_comments": 0, "maintainer_can_modify": False,
            "commits": 1, "additions": 10, "deletions": 2, "changed_files": len(pull.files),
        }

    def _check_run_payload(self, run_id: int) -> dict[str, Any]:
        run = self.check_runs[run_id]
        url = self._url(f"/repos/{self.repository}/check-runs/{run_id}")
        output = run.get("output", {})
        return {
            "id": run_id, "node_id": "MDg6Q2hlY2tSdW40", "head_sha": run["head_sha"],
            "external_id": run.get("external_id", ""), "url": url,
            "html_url": f"https://github.example/{self.repository}/runs/{run_id}",
            "details_url": run.get("details_url"), "status": run.get("status", "queued"),
            "conclusion": run.get("conclusion"), "started_at": run.get("started_at"),
            "completed_at": run.get("completed_at"), "name": run["name"],
            "output": {"title": output.get("title"), "summary": output.get("summary"), "text": output.get("text"),
                       "annotations_count": len(self.annotations[run_id]), "annotations_url": f"{url}/annotations"},
            "check_suite": {"id": 5}, "pull_requests": [],
            "app": {"id": 15368, "slug": "github-actions", "node_id": "MDM6QXBwMTUzNjg=",
                    "name": "GitHub Actions", "description": "Automate your workflow",
                    "external_url": "https://help.github.example/actions",
                    "html_url": "https://github.example/apps/github-actions",
                    "owner": self.user("github", "Organization", 9919),
                    "created_at": NOW, "updated_at": NOW},
        }

    def _comment_payload(self, comment_id: int) -> dict[str, Any]:
        return dict(self.comments[comment_id])

    def _new_comment(self, number: int, body: str, login: str, kind: str) -> dict[str, Any]:
        comment_id = next(self._ids)
        url = self._url(f"/repos/{self.repository}/issues/comments/{comment_id}")
        self.comments[comment_id] = {
            "id": comment_id, "node_id": "MDEyOklzc3VlQ29tbWVudDE=", "url": url,
            "html_url": f"https://github.example/{self.repository}/pull/{number}#issuecomment-{comment_id}",
            "issue_url": self._url(f"/repos/{self.repository}/issues/{number}"), "body": body,
            "body_html": "", "body_text": body, "user": self.user(login, kind, 41898282 if kind == "Bot" else 2),
            "created_at": NOW, "updated_at": NOW, "author_association": "NONE" if kind == "Bot" else "MEMBER",
        }
        self.comment_issue[comment_id] = number
        return self.comments[comment_id]

    # ------------------------------------------------------------------------------ routing

    def handle(self, method: str, path: str, query: dict[str, str], body: Any,
               auth: str) -> tuple[int, Any, dict[str, str]]:
        token = auth.removeprefix("token ").removeprefix("Bearer ").strip()
        access = self.tokens.get(token)
        if access is None:
            return error(401, "Bad credentials")
        for failure in self.failures:
            if failure[0] == method and re.fullmatch(failure[1], path):
                self.failures.remove(failure)
                return error(failure[2], failure[3])
        if self.rate_limited:
            return error(403, "API rate limit exceeded for installation ID 1.",
                         headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Used": str(RATE_LIMIT)})
        if method != "GET" and access != WRITE:
            return error(403, "Resource not accessible by integration")
        if (method, path) == ("GET", "/user"):  # who the token is: a person's token only
            login = self.people.get(token)
            if login is None:
                return error(403, "Resource not accessible by integration")
            return 200, self.person(login), {}
        repo = re.escape(self.repository)
        routes = [
            ("GET", rf"/repos/{repo}", self._get_repo),
            ("GET", rf"/repos/{repo}/pulls/(\d+)", self._get_pull),
            ("GET", rf"/repos/{repo}/pulls/(\d+)/files", self._get_files),
            ("POST", rf"/repos/{repo}/check-runs", self._post_check_run),
            ("GET", rf"/repos/{repo}/check-runs/(\d+)", self._get_check_run),
            ("PATCH", rf"/repos/{repo}/check-runs/(\d+)", self._patch_check_run),
            ("GET", rf"/repos/{repo}/issues/(\d+)/comments", self._get_comments),
            ("POST", rf"/repos/{repo}/issues/(\d+)/comments", self._post_comment),
            ("PATCH", rf"/repos/{repo}/issues/comments/(\d+)", self._patch_comment),
            ("DELETE", rf"/repos/{repo}/issues/comments/(\d+)", self._delete_comment),
            ("POST", rf"/repos/{repo}/statuses/([0-9a-f]{{40}})", self._post_status),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and verb == method:
                with self._lock:
                    self._caller = token
                    return handler(query, body, *match.groups())
        return error(404, "Not Found")

    def _get_repo(self, query: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        return 200, self.repo_payload(), {}

    def _pull(self, number: str) -> PullState | None:
        return self.pulls.get(int(number))

    def _get_pull(self, query: dict[str, str], body: Any, number: str) -> tuple[int, Any, dict[str, str]]:
        pull = self._pull(number)
        return (200, self.pull_payload(pull), {}) if pull else error(404, "Not Found")

    def _get_files(self, query: dict[str, str], body: Any, number: str) -> tuple[int, Any, dict[str, str]]:
        pull = self._pull(number)
        if pull is None:
            return error(404, "Not Found")
        # GitHub lists at most 3,000 files of a pull request, without saying that it left any out
        return self._page(pull.files[:3000], query, f"/repos/{self.repository}/pulls/{number}/files")

    def _page(self, items: list[Any], query: dict[str, str], path: str) -> tuple[int, Any, dict[str, str]]:
        """One page of ``items`` (30 by default, 100 at most) with GitHub's ``Link`` header."""
        per_page = max(1, min(int(query.get("per_page", 30)), 100))
        page = max(1, int(query.get("page", 1)))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page: page * per_page]
        base = self._url(path)
        links = []
        if page < last:
            links += [f'<{base}?per_page={per_page}&page={page + 1}>; rel="next"',
                      f'<{base}?per_page={per_page}&page={last}>; rel="last"']
        if page > 1:
            links += [f'<{base}?per_page={per_page}&page={page - 1}>; rel="prev"',
                      f'<{base}?per_page={per_page}&page=1>; rel="first"']
        return 200, chunk, ({"Link": ", ".join(links)} if links else {})

    def _invalid_annotations(self, body: dict[str, Any]) -> str:
        annotations = (body.get("output") or {}).get("annotations") or []
        if len(annotations) > 50:
            return "Only 50 annotations are allowed per request"
        for note in annotations:
            missing = [k for k in ("path", "start_line", "end_line", "annotation_level", "message") if k not in note]
            if missing:
                return f"annotation is missing {', '.join(missing)}"
            if len(str(note["message"]).encode()) > 64 * 1024 or len(str(note.get("title", ""))) > 255:
                return "annotation message is limited to 64 KB and title to 255 characters"
            if note["annotation_level"] not in {"notice", "warning", "failure"}:
                return f"invalid annotation_level {note['annotation_level']!r}"
            if ("start_column" in note or "end_column" in note) and note["start_line"] != note["end_line"]:
                return "start_column and end_column may only be given when start_line equals end_line"
        if body.get("output") and not {"title", "summary"} <= set(body["output"]):
            return "output needs title and summary"
        if len(str((body.get("output") or {}).get("summary", ""))) > 65535:
            return "output.summary is limited to 65535 characters"
        return ""

    @staticmethod
    def _completed(body: dict[str, Any], run: dict[str, Any] | None = None) -> str:
        """GitHub's rule for a check run's state: giving ``conclusion`` sets ``status`` to ``completed`` (and
        ``completed_at`` to now when not given); ``status: completed`` or ``completed_at`` without a
        conclusion (given now or before) is refused. Fills ``body`` in; returns the problem, if any."""
        if body.get("conclusion"):
            body["status"] = "completed"
            body.setdefault("completed_at", NOW)
        elif (body.get("status") == "completed" or body.get("completed_at")) and not (run or {}).get("conclusion"):
            return "conclusion is required when status is completed or completed_at is given"
        return ""

    def _post_check_run(self, query: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        known = {sha for pull in self.pulls.values() for sha in (pull.head_sha, pull.base_sha)}
        if not isinstance(body, dict) or not body.get("name") or not body.get("head_sha"):
            return error(422, "Invalid request.\n\nname and head_sha are required.")
        if body["head_sha"] not in known:
            return error(422, "No commit found for SHA: " + str(body["head_sha"]))
        body = dict(body)  # filled in below; the request log keeps what was sent
        problem = self._invalid_annotations(body) or self._completed(body)
        if problem:
            return error(422, f"Invalid request.\n\n{problem}")
        run_id = next(self._ids)
        self.check_runs[run_id] = {k: v for k, v in body.items() if k != "output"}
        self.check_runs[run_id]["output"] = {k: v for k, v in (body.get("output") or {}).items() if k != "annotations"}
        self.annotations[run_id] = list((body.get("output") or {}).get("annotations") or [])
        return 201, self._check_run_payload(run_id), {}

    def _get_check_run(self, query: dict[str, str], body: Any, run_id: str) -> tuple[int, Any, dict[str, str]]:
        if int(run_id) not in self.check_runs:
            return error(404, "Not Found")
        return 200, self._check_run_payload(int(run_id)), {}

    def _patch_check_run(self, query: dict[str, str], body: Any, run_id: str) -> tuple[int, Any, dict[str, str]]:
        key = int(run_id)
        if key not in self.check_runs:
            return error(404, "Not Found")
        body = dict(body) if isinstance(body, dict) else {}  # filled in below; the request log keeps what was sent
        problem = self._invalid_annotations(body) or self._completed(body, self.check_runs[key])
        if problem:
            return error(422, f"Invalid request.\n\n{problem}")
        run = self.check_runs[key]
        for name, value in body.items():
            if name == "output":
                run["output"].update({k: v for k, v in value.items() if k != "annotations"})
                self.annotations[key].extend(value.get("annotations") or [])  # GitHub appends
            else:
                run[name] = value
        return 200, self._check_run_payload(key), {}

    def _get_comments(self, query: dict[str, str], body: Any, number: str) -> tuple[int, Any, dict[str, str]]:
        if int(number) not in self.pulls:  # GitHub: 404 for an issue or pull request that does not exist
            return error(404, "Not Found")
        comments = [self._comment_payload(c["id"]) for c in self.comments_on(int(number))]
        return self._page(comments, query, f"/repos/{self.repository}/issues/{number}/comments")

    def _post_comment(self, query: dict[str, str], body: Any, number: str) -> tuple[int, Any, dict[str, str]]:
        if int(number) not in self.pulls:
            return error(404, "Not Found")
        problem = _invalid_comment(body)
        if problem:
            return problem
        person = self.people.get(self._caller)  # the job token writes as the GitHub Actions app's bot
        login, kind = (person, "User") if person else ("github-actions[bot]", "Bot")
        return 201, self._new_comment(int(number), body["body"], login, kind), {}

    def _patch_comment(self, query: dict[str, str], body: Any, comment_id: str) -> tuple[int, Any, dict[str, str]]:
        key = int(comment_id)
        if key not in self.comments:
            return error(404, "Not Found")
        # A token with pull-requests: write may edit anyone's comment, a person's too: the request log, not
        # a refusal, is what shows which comment the Action edited.
        problem = _invalid_comment(body)
        if problem:
            return problem
        self.comments[key].update(body=body["body"], body_text=body["body"], updated_at="2026-11-22T12:05:00Z")
        return 200, self._comment_payload(key), {}

    def _delete_comment(self, query: dict[str, str], body: Any, comment_id: str) -> tuple[int, Any, dict[str, str]]:
        key = int(comment_id)
        if self.comments.pop(key, None) is None:
            return error(404, "Not Found")
        return 204, None, {}

    def _post_status(self, query: dict[str, str], body: Any, sha: str) -> tuple[int, Any, dict[str, str]]:
        self.statuses.append({"sha": sha, **(body or {})})
        body = body or {}
        return 201, {"id": next(self._ids), "state": body.get("state"), "context": body.get("context")}, {}


def _invalid_comment(body: Any) -> tuple[int, Any, dict[str, str]] | None:
    if not isinstance(body, dict) or not isinstance(body.get("body"), str) or not body["body"]:
        return error(422, "Invalid request.\n\n\"body\" wasn't supplied.")
    if len(body["body"]) > 65536:
        return error(422, "Validation Failed", [{"resource": "IssueComment", "code": "custom", "field": "body",
                                                "message": "body is too long (maximum is 65536 characters)"}])
    return None


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            path = parts.path
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw_body) if raw_body else None
            except ValueError:
                body = raw_body.decode("utf-8", "replace")
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            auth = self.headers.get("Authorization", "")
            redacted = fake.redact(auth)
            seen = {name: (redacted if name.lower() == "authorization" else value)
                    for name, value in self.headers.items()}
            used = len(fake.requests)
            if not path.startswith(fake.prefix + "/") and fake.prefix:
                status, payload, headers = error(404, "Not Found")
            else:
                path = path[len(fake.prefix):]
                with fake._lock:
                    fake.requests.append(Request(self.command, path, query, body, redacted, seen))
                    used = len(fake.requests)
                status, payload, headers = fake.handle(self.command, path, query, body, auth)
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            answer = {"Content-Type": "application/json; charset=utf-8", "Content-Length": str(len(data)),
                      "X-GitHub-Media-Type": "github.v3; format=json", "X-RateLimit-Limit": str(RATE_LIMIT),
                      "X-RateLimit-Remaining": str(max(RATE_LIMIT - used, 0)), "X-RateLimit-Reset": str(RESET),
                      "X-RateLimit-Used": str(used), "X-RateLimit-Resource": "core", **headers}
            for name, value in answer.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

    return Handler


def running(repository: str = "octo/models", prefix: str = "") -> Iterator[FakeGitHub]:
    """Start a fake, yield it, stop it (for pytest fixtures)."""
    fake = FakeGitHub(repository, prefix).start()
    try:
        yield fake
    finally:
        fake.stop()
