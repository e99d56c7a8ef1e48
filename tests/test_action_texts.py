"""The words the Action writes for reviewers, whole: the sticky comment, the resolved comment, the check run's
summary (with GitHub's size limit at its exact boundary) and the link to the workflow run."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from github3 import exceptions

from action import api, summary
from action.changed import from_git
from action.event import Event, PullRequest, read_event
from action.inputs import Inputs
from action.main import Log, Session
from action.outcome import Outcome
from lineage_lint.engine import FileResult
from lineage_lint.findings import Finding
from lineage_lint.record import DatasetRef, LineageRecord, Origin, SeedVerdict
from lineage_lint.rules.base import Severity
from lineage_lint.tree import Span
from support import git_init, write

CLEAN = Outcome([], "error", "Every config of the repository.")
HEADLINE = "### ✅ lineage-lint: All traceable: 0 configs checked"


def test_a_clean_comment_is_marker_verdict_scope_and_details() -> None:
    assert summary.comment_body(CLEAN, "[Workflow run and job summary](https://x/1)") == "\n".join([
        summary.COMMENT_MARKER, HEADLINE, "", "Every config of the repository.", "",
        "[Workflow run and job summary](https://x/1)"])
    assert summary.comment_body(CLEAN, "") == "\n".join([
        summary.COMMENT_MARKER, HEADLINE, "", "Every config of the repository.", ""])


def test_the_resolved_comment_keeps_the_lineage_changes() -> None:
    assert summary.resolved_body(CLEAN, "### Lineage changes\n\n...\n") == (
        f"{summary.COMMENT_MARKER}\n### ✅ lineage-lint: resolved\n\nThe findings reported earlier are fixed: "
        "All traceable: 0 configs checked.\n\n### Lineage changes\n\n...\n")
    assert summary.resolved_body(CLEAN).endswith("fixed: All traceable: 0 configs checked.\n")


def test_a_clean_check_run_says_nothing_to_report() -> None:
    assert summary.check_output(CLEAN) == {
        "title": "All traceable: 0 configs checked",
        "summary": "Every config of the repository.\n\nNothing to report.\n",
    }


@pytest.mark.parametrize(("extra", "kept_whole"), [(0, True), (1, False)])
def test_a_comment_of_exactly_githubs_limit_is_kept_whole(extra: int, kept_whole: bool) -> None:
    start = summary.comment_body(CLEAN, "x")
    details = "x" * (summary.TEXT_LIMIT - len(start) + 1 + extra)
    body = summary.comment_body(CLEAN, details)
    assert (body == summary.comment_body(CLEAN, "") + "\n" + details) is kept_whole
    assert len(summary.comment_body(CLEAN, "") + "\n" + details) == summary.TEXT_LIMIT + extra
    assert len(body) <= summary.TEXT_LIMIT
    if not kept_whole:
        assert body.endswith("… (cut here: GitHub's size limit; every finding is in the log, the check run and the "
                             "SARIF file)\n")


def session(env: dict[str, str]) -> Session:
    event = Event("push", "acme/churn", "0123456789abcdef", None)
    return Session(Inputs(), env, event, Log(io.StringIO()))


@pytest.mark.parametrize(("env", "url"), [
    ({"GITHUB_RUN_ID": "77"}, "https://github.com/acme/churn/actions/runs/77"),
    ({"GITHUB_RUN_ID": "77", "GITHUB_SERVER_URL": "https://ghe.acme.io/"}, "https://ghe.acme.io/acme/churn/actions/runs/77"),
    ({"GITHUB_SERVER_URL": "https://ghe.acme.io"}, ""),
])
def test_the_workflow_run_link_is_made_from_the_server_and_run_id(env: dict[str, str], url: str) -> None:
    assert session(env).details_url() == url


def test_changed_files_are_listed_in_the_checkout_given_not_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "a.yaml", "seed: 1\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "a"], cwd=repo, check=True)
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True).stdout
    write(repo, "configs/b.yaml", "seed: 2\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "b"], cwd=repo, check=True)
    monkeypatch.chdir(tmp_path)  # not a git checkout
    changes = from_git(base.strip(), "HEAD", repo)
    assert changes is not None and changes.paths == frozenset({"configs/b.yaml"})


def finding(path: str, code: str, severity: Severity, line: int) -> Finding:
    return Finding(path, code, code.lower(), severity, f"{code} message", Span(line, 3, line, 4),
                   f"https://example.invalid/{code}", identity=code)


def test_the_findings_table_marks_errors_and_warnings_and_counts_what_it_leaves_out() -> None:
    findings = [finding("a.yaml", "LL102", "error", 2), finding("a.yaml", "LL010", "warning", 5)]
    header = "| | location | rule | finding |\n|---|---|---|---|\n"
    error_row = "| ❌ | a.yaml:2:3 | [LL102](https://example.invalid/LL102) ll102 | LL102 message |\n"
    warning_row = "| ⚠️ | a.yaml:5:3 | [LL010](https://example.invalid/LL010) ll010 | LL010 message |\n"
    assert summary.findings_table(findings) == header + error_row + warning_row
    assert summary.findings_table(findings, limit=2) == header + error_row + warning_row  # all shown: no note
    assert summary.findings_table(findings, limit=1) == (
        header + error_row + "\n… and 1 more (all of them are in the check run and the SARIF file).\n")
    assert summary.findings_table([]) == ""


def record(path: str) -> LineageRecord:
    seed = SeedVerdict("declared", Origin(path), key="seed", value=1)
    return LineageRecord(path, "generic", seed, datasets=[DatasetRef("data.name", "acme/a", "weak", Origin(path),
                                                                     version="v2")])


def test_the_job_summary_draws_each_configs_lineage_up_to_its_limit() -> None:
    results = [FileResult(f"c{index:02}.yaml", record(f"c{index:02}.yaml"), [])
               for index in range(summary.MAX_GRAPHS + 2)]
    text = summary.job_summary(Outcome(results, "error", "Every config."))
    assert text.startswith(f"## ✅ lineage-lint: All traceable: {summary.MAX_GRAPHS + 2} configs checked\n\n"
                           "Every config.\n\n### Lineage\n\n**c00.yaml** — seed declared, datasets weak\n\n```mermaid")
    assert text.count("```mermaid") == summary.MAX_GRAPHS
    assert text.endswith("\n… and 2 more configs (`lineage-lint show` prints them).\n")


def pull_event(tmp_path: Path, base: object, head: object) -> Path:
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"number": 7, "pull_request": {"number": 7, "base": base, "head": head}}),
                    encoding="utf-8")
    return path


def test_without_github_repository_the_pull_requests_base_names_the_repository(tmp_path: Path) -> None:
    """Runners such as act may leave GITHUB_REPOSITORY unset: the payload's base repository is the one."""
    event = pull_event(tmp_path, {"sha": "b" * 40, "repo": {"full_name": "octo/models"}},
                       {"sha": "a" * 40, "repo": {"full_name": "alice/models"}})
    read = read_event({"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)})
    assert read == Event("pull_request", "octo/models", "a" * 40,
                         PullRequest("octo/models", 7, "b" * 40, "a" * 40, fork=True))


def test_a_payload_whose_repositories_are_not_objects_falls_back_to_the_environment(tmp_path: Path) -> None:
    event = pull_event(tmp_path, {"sha": "b" * 40, "repo": None}, {"sha": "a" * 40, "repo": "alice/models"})
    read = read_event({"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
                       "GITHUB_REPOSITORY": "octo/models"})
    assert read.pull_request == PullRequest("octo/models", 7, "b" * 40, "a" * 40, fork=False)


def test_an_api_failure_without_a_message_is_named_by_its_kind() -> None:
    """github3.py raises some errors without an HTTP answer or message: an ApiError still, never a traceback."""
    def refused() -> None:
        raise exceptions.MissingAppInstallationAuthentication("no installation token")

    with pytest.raises(api.ApiError) as caught:
        api.call(refused)
    assert (type(caught.value), str(caught.value), caught.value.status) == (
        api.ApiError, "MissingAppInstallationAuthentication", 0)


def test_the_pull_request_number_may_come_from_the_pull_request_alone(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"pull_request": {"number": 12, "base": {"repo": {"full_name": "octo/models"}},
                                                 "head": {"sha": "a" * 40}}}), encoding="utf-8")
    read = read_event({"GITHUB_EVENT_NAME": "pull_request_target", "GITHUB_EVENT_PATH": str(path)})
    assert read.pull_request == PullRequest("octo/models", 12, "", "a" * 40, fork=False)  # no base commit: ""
