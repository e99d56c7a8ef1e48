"""The GitHub Action's code (``action/``) run in-process against real git repositories and the fake GitHub API.

``tests/test_action_workflow.py`` runs the same code the way GitHub does, through ``action.yml`` under
nektos/act; these tests cover the cases one by one and read the fake's request log.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from action import changed, summary
from action.main import main
from action.outcome import Outcome
from fake_github import READ, WRITE, FakeGitHub, running
from lineage_lint.engine import FileResult
from lineage_lint.record import DatasetRef, LineageRecord, Origin, SeedVerdict
from support import chdir, git, git_init, write

TOKEN = "ghs_writeTOKEN0123456789abcdefghijklmnop"
READ_TOKEN = "ghs_readTOKEN0123456789abcdefghijklmnopq"
MERGE_SHA = "e5bd3914e2e596debea16f433f57875b5b90bcd6"  # what GITHUB_SHA is on pull_request events

GOOD = """\
seed: 1234
data:
  name: acme/product-reviews
  version: v2.1.0
"""
BAD = """\
seed: null
data:
  name: acme/product-reviews
  revision: main
"""


@pytest.fixture(params=["", "/api/v3"], ids=["github.com", "enterprise"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeGitHub]:
    for server in running(prefix=request.param):
        server.tokens = {TOKEN: WRITE, READ_TOKEN: READ}
        yield server


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a base commit and a pull request's head commit on top of it."""
    root = git_init(tmp_path / "repo")
    write(root, "configs/untouched.yaml", BAD)  # fails, but the pull request does not touch it
    write(root, "configs/good.yaml", GOOD)
    write(root, "README.md", "models\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    write(root, "configs/bad.yaml", BAD)
    write(root, "configs/good.yaml", GOOD.replace("1234", "4321"))
    write(root, "README.md", "models, trained\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    return root


def shas(root: Path) -> tuple[str, str]:
    return git(root, "rev-parse", "HEAD~1").strip(), git(root, "rev-parse", "HEAD").strip()


class Run:
    def __init__(self, code: int, out: str, root: Path) -> None:
        self.code, self.out, self.root = code, out, root

    @property
    def summary(self) -> str:
        return (self.root.parent / "summary.md").read_text(encoding="utf-8")

    @property
    def outputs(self) -> dict[str, str]:
        lines = (self.root.parent / "output.txt").read_text(encoding="utf-8").splitlines()
        return dict(line.split("=", 1) for line in lines)

    @property
    def annotations(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.startswith(("::error ", "::warning "))]


def pull_event(fake: FakeGitHub, root: Path, files: list[str], number: int = 7, head_repo: str = "",
               status: dict[str, str] | None = None) -> Path:
    base, head = shas(root)
    pull = fake.add_pull(number, head, base, files, head_repo=head_repo, status=status)
    payload = {"action": "synchronize", "number": number, "pull_request": fake.pull_payload(pull),
               "repository": fake.repo_payload(), "sender": fake.user("contributor", uid=1)}
    path = root.parent / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def pull_adding(fake: FakeGitHub, root: Path, name: str, text: str) -> Path:
    """Commit one new config on top of the head and open a pull request that changes just it."""
    write(root, name, text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"add {name}")
    return pull_event(fake, root, [name])


def run_action(root: Path, fake: FakeGitHub | None, event: Path | None, token: str = TOKEN,
               event_name: str = "pull_request", extra_env: dict[str, str] | None = None, unset: tuple[str, ...] = (),
               **inputs: str) -> Run:
    env = {
        "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event_name, "GITHUB_REPOSITORY": "octo/models",
        "GITHUB_SHA": MERGE_SHA, "GITHUB_RUN_ID": "42",
        "GITHUB_API_URL": fake.api_url if fake else "http://127.0.0.1:9", "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_STEP_SUMMARY": str(root.parent / "summary.md"), "GITHUB_OUTPUT": str(root.parent / "output.txt"),
        "INPUT_GITHUB_TOKEN": token,
    }
    if event is not None:
        env["GITHUB_EVENT_PATH"] = str(event)
    env.update({"INPUT_" + name.upper(): value for name, value in inputs.items()})
    env.update(extra_env or {})
    for name in unset:
        del env[name]
    out = io.StringIO()
    with chdir(root):
        code = main(env, out)
    return Run(code, out.getvalue(), root)


# ------------------------------------------------------------------------------ a pull request, end to end


def test_a_pull_request_that_changes_only_a_base_rechecks_the_configs_composed_from_it(
        fake: FakeGitHub, tmp_path: Path) -> None:
    """End to end with real composition: the PR touches only an MMEngine ``_base_`` file; the config built
    from it is checked (and fails, at the base's line), a config that does not use it is not."""
    root = git_init(tmp_path / "repo")
    write(root, "configs/_base_/runtime.py", "randomness = dict(seed=1234)\n")
    write(root, "configs/_base_/data.py", "train_dataloader = dict(dataset=dict(type='ImageNet', "
                                          "data_root='data/in1k', version='v2'))\n")
    write(root, "configs/r50.py",
          "_base_ = ['./_base_/runtime.py', './_base_/data.py']\noptim_wrapper = dict(lr=0.1)\n")
    write(root, "configs/other.py",
          "_base_ = ['./_base_/data.py']\nrandomness = dict(seed=7)\noptim_wrapper = dict(lr=1)\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    write(root, "configs/_base_/runtime.py", "randomness = dict(seed=None)\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    event = pull_event(fake, root, ["configs/_base_/runtime.py"])
    result = run_action(root, fake, event, check_run="false", comment="false")

    assert result.code == 1
    assert result.outputs["files-checked"] == "2"  # the changed base itself (a fragment: it passes) and r50.py
    assert "configs/_base_/runtime.py" in result.summary and "configs/r50.py" in result.summary
    assert all(line.startswith("::error file=configs/r50.py,") for line in result.annotations), result.out
    assert "LL102" in result.annotations[0] and "configs/_base_/runtime.py:1" in result.annotations[0]
    assert "other.py" not in result.summary


def test_pull_request_gets_annotations_summary_check_run_and_comment(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml", "configs/good.yaml", "README.md"])
    base, head = shas(repo)
    result = run_action(repo, fake, event, sarif="reports/lineage.sarif")

    assert result.code == 1
    # only the configs the pull request changed: untouched.yaml fails too, but is not this PR's doing
    assert all("configs/bad.yaml" in line for line in result.annotations)
    assert "untouched" not in result.out
    assert result.annotations[0].startswith(
        "::error file=configs/bad.yaml,line=1,col=1,endLine=1,endColumn=5,title=LL102 seed-random::")
    assert result.outputs == {"errors": "2", "warnings": "0", "files-checked": "2",
                              "sarif": "reports/lineage.sarif", "conclusion": "failure"}
    assert "| ❌ | configs/bad.yaml:1:1 |" in result.summary
    assert "```mermaid" in result.summary and 'data0["acme/product-reviews (floating @ main)"]:::fail' in result.summary
    assert "pull request #7 changed" in result.summary

    # the check run: on the PR's head commit, never the merge commit, with every annotation
    [created] = fake.sent("POST", "/repos/octo/models/check-runs")
    assert created.body["head_sha"] == head != MERGE_SHA
    assert created.body["conclusion"] == "failure" and created.body["status"] == "completed"
    assert created.body["details_url"] == "https://github.example/octo/models/actions/runs/42"
    notes = created.body["output"]["annotations"]
    docs = "https://github.com/lineage-lint/lineage-lint/blob/main/docs/rules.md"
    assert notes == [  # what GitHub shows on the diff; columns only on one-line spans (GitHub refuses others)
        {"path": "configs/bad.yaml", "start_line": 1, "end_line": 1, "annotation_level": "failure",
         "title": "LL102 seed-random",
         "message": "run seed `seed` is null: null means a fresh random seed on every run; set a concrete integer",
         "raw_details": f"{docs}#ll102-seed-random",
         "start_column": 1, "end_column": 5},
        {"path": "configs/bad.yaml", "start_line": 4, "end_line": 4, "annotation_level": "failure",
         "title": "LL202 dataset-floating-version",
         "message": "dataset `acme/product-reviews` (data.name) is pinned to `main`, which moves over time",
         "raw_details": f"{docs}#ll202-dataset-floating-version", "start_column": 13, "end_column": 17},
    ]
    [(run_id, run)] = fake.check_runs.items()
    assert run["conclusion"] == "failure"

    # one comment, written by the bot, with the hidden marker and the findings
    [comment] = fake.comments_on(7)
    assert comment["body"].startswith(summary.COMMENT_MARKER)
    # the log says what was written, by its id, and on which commit
    assert [line for line in result.out.splitlines() if line.startswith("lineage-lint: ")] == [
        f"lineage-lint: check run {run_id} on {head[:12]}: failure", f"lineage-lint: created comment {comment['id']}",
        "lineage-lint: 2 errors and 0 warnings, 2 configs checked; the policy fails."]
    assert "configs/bad.yaml:4:13" in comment["body"] and "untouched" not in comment["body"]

    # the files came from the API, paginated; the token went only into the Authorization header
    assert fake.sent("GET", "/repos/octo/models/pulls/7/files")[0].query["per_page"] == "100"
    assert {r.authorization for r in fake.requests} == {"token <write token>"}
    assert TOKEN not in result.out and TOKEN not in result.summary and TOKEN not in fake.transcript()
    assert "POST /repos/octo/models/check-runs  Authorization: token <write token>\n  {" in fake.transcript()

    sarif = json.loads((repo / "reports/lineage.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"LL102", "LL202"}
    assert all(r["partialFingerprints"]["lineageLint/v1"] for r in sarif["runs"][0]["results"])
    assert base != head


def test_a_passing_pull_request_succeeds_without_a_comment(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/good.yaml"])
    result = run_action(repo, fake, event)
    assert result.code == 0, result.out
    assert result.annotations == []
    assert result.outputs["conclusion"] == "success" and result.outputs["files-checked"] == "1"
    [created] = fake.sent("POST", "/repos/octo/models/check-runs")
    assert created.body["conclusion"] == "success" and created.body["output"]["annotations"] == []
    assert fake.comments_on(7) == []
    assert "## ✅ lineage-lint: All traceable: 1 config checked" in result.summary


def test_composed_bases_select_the_configs_built_from_them() -> None:
    """Changed-only keeps a config when any file it was composed from changed (record.sources), and a config
    that could not be read when the file itself changed: the selection at its interface."""

    def result(path: str, sources: list[str]) -> FileResult:
        seed = SeedVerdict("declared", Origin(path), "seed", 1)
        return FileResult(path, LineageRecord(path, "generic", seed, sources=sources))

    results = [result("configs/a.yaml", ["configs/a.yaml", "configs/base/data.yaml"]),
               result("configs/b.yaml", ["configs/b.yaml"]),
               FileResult("configs/broken.yaml", None)]
    own = ["configs/a.yaml", "configs/b.yaml", "configs/broken.yaml"]
    pick = changed.select
    assert [r.path for r in pick(results, own, frozenset({"configs/base/data.yaml"}))] == ["configs/a.yaml"]
    assert [r.path for r in pick(results, own, frozenset({"configs/b.yaml"}))] == ["configs/b.yaml"]
    assert [r.path for r in pick(results, own, frozenset({"configs/broken.yaml"}))] == ["configs/broken.yaml"]
    assert pick(results, own, frozenset({"README.md"})) == []


def test_renamed_files_count_under_both_names(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    fake.pulls[7].files[0].update(status="renamed", previous_filename="configs/untouched.yaml")
    result = run_action(repo, fake, event, check_run="false", comment="false")
    assert result.outputs["files-checked"] == "2"
    assert any("configs/untouched.yaml" in line for line in result.annotations)


def test_deleted_configs_are_not_checked(fake: FakeGitHub, repo: Path) -> None:
    git(repo, "rm", "-q", "configs/untouched.yaml")
    git(repo, "commit", "-q", "-m", "drop the old config")
    files = {"configs/bad.yaml": "added", "configs/untouched.yaml": "removed"}
    event = pull_event(fake, repo, list(files), status=files)
    result = run_action(repo, fake, event, check_run="false", comment="false")
    assert result.outputs["files-checked"] == "1" and "untouched" not in result.out
    assert all("configs/bad.yaml" in line for line in result.annotations) and result.code == 1


def test_pr_files_are_read_page_by_page(fake: FakeGitHub, repo: Path) -> None:
    """GitHub pages the PR's files by Link headers; the config on the last page must not be missed."""
    files = [f"docs/page{i}.md" for i in range(230)] + ["configs/bad.yaml"]
    event = pull_event(fake, repo, files)
    result = run_action(repo, fake, event, check_run="false", comment="false")
    pages = fake.sent("GET", "/repos/octo/models/pulls/7/files")
    assert [r.query.get("page", "1") for r in pages] == ["1", "2", "3"]
    assert result.outputs["files-checked"] == "1" and result.code == 1
    assert "231 changed files, from the API" in result.summary


def test_a_pull_request_beyond_the_3000_files_github_lists_falls_back_to_git_diff(fake: FakeGitHub, repo: Path) -> None:
    """GitHub lists the first 3,000 files and drops the rest without an error: the config in file 3,001
    must still be checked, so a short list is not trusted."""
    event = pull_event(fake, repo, [f"docs/page{i}.md" for i in range(3000)] + ["configs/bad.yaml"])
    result = run_action(repo, fake, event, check_run="false", comment="false")
    assert "it lists 3,000 of the pull request's 3,001 files, GitHub's limit being 3,000); using git diff" \
        in result.out
    assert result.code == 1 and any("configs/bad.yaml" in line for line in result.annotations)
    assert "3 changed files, from git diff" in result.summary


# ------------------------------------------------------------------------------ limits


def many_findings(root: Path, errors: int, warnings: int) -> None:
    lines = ["seed: 7", "datasets:"]
    lines += [f"  - name: acme/floating-{i}\n    revision: main" for i in range(errors)]
    lines += [f"  - name: acme/unversioned-{i}" for i in range(warnings)]
    write(root, "configs/many.yaml", "\n".join(lines) + "\n")
    write(root, ".lineage-lint.toml", '[severity]\nLL201 = "warning"\n')
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "many")


def test_without_a_check_run_the_notice_does_not_send_readers_to_one(fake: FakeGitHub, repo: Path) -> None:
    many_findings(repo, errors=12, warnings=0)
    result = run_action(repo, fake, pull_event(fake, repo, ["configs/many.yaml"]), check_run="false")
    assert result.code == 1
    assert ("::notice::2 more findings than GitHub annotates in one step (10 errors and 10 warnings): all of them "
            "are in the job summary and the log below") in result.out
    assert fake.sent("POST", "/repos/octo/models/check-runs") == []


def test_annotations_respect_the_step_limit_and_the_check_run_gets_every_one_in_batches_of_50(
        fake: FakeGitHub, repo: Path) -> None:
    many_findings(repo, errors=97, warnings=15)
    event = pull_event(fake, repo, ["configs/many.yaml"])
    result = run_action(repo, fake, event)
    assert result.code == 1
    assert sum(line.startswith("::error ") for line in result.annotations) == 10
    assert sum(line.startswith("::warning ") for line in result.annotations) == 10
    assert ("::notice::92 more findings than GitHub annotates in one step (10 errors and 10 warnings): all of them "
            "are in the check run, the job summary and the log below") in result.out
    assert result.out.count("configs/many.yaml:") >= 112  # the log lists every finding

    [created] = fake.sent("POST", "/repos/octo/models/check-runs")
    updates = fake.sent("PATCH", r"/repos/octo/models/check-runs/\d+")
    sizes = [len(r.body["output"]["annotations"]) for r in [created, *updates]]
    assert sizes == [50, 50, 12]
    assert created.body["status"] == "in_progress" and "conclusion" not in created.body
    assert [u.body.get("conclusion") for u in updates] == [None, "failure"]
    [run_id] = fake.check_runs
    assert len(fake.annotations[run_id]) == 112
    assert sum(a["annotation_level"] == "warning" for a in fake.annotations[run_id]) == 15


def test_a_huge_value_in_a_config_does_not_cost_the_check_run(fake: FakeGitHub, repo: Path) -> None:
    """GitHub refuses a whole check-run request when one annotation's message passes 64 KB."""
    write(repo, "configs/bad.yaml", BAD.replace("acme/product-reviews", "acme/" + "x" * 100_000))
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    result = run_action(repo, fake, event, comment="false")
    assert "could not publish" not in result.out and result.code == 1
    [run_id] = fake.check_runs
    messages = [note["message"] for note in fake.annotations[run_id]]
    assert len(messages) == 2 and max(len(m) for m in messages) <= 4096 and messages[1].endswith("…")


def test_a_refused_batch_still_concludes_the_check_run(fake: FakeGitHub, repo: Path) -> None:
    """A check run left in_progress would show as pending on the pull request for good."""
    many_findings(repo, errors=97, warnings=15)
    event = pull_event(fake, repo, ["configs/many.yaml"])
    fake.failures.append(("PATCH", r"/repos/octo/models/check-runs/\d+", 502, "Server Error"))
    result = run_action(repo, fake, event, comment="false")
    assert "::warning::could not publish the check run: 502 Server Error" in result.out and result.code == 1
    [run] = fake.check_runs.values()
    assert run["status"] == "completed" and run["conclusion"] == "failure"


def test_lineage_graphs_stay_small_enough_for_mermaid_to_draw() -> None:
    """Mermaid draws nothing past 50,000 characters; a long name or a config with many datasets is cut."""
    seed = SeedVerdict("declared", Origin("c.yaml"), "seed", 1)
    datasets = [DatasetRef("data.name", f"acme/\"{'x' * 5000}\"-{i}", "floating", Origin("c.yaml"), version="main")
                for i in range(300)]
    graph = summary.lineage_graph(LineageRecord("c.yaml", "generic", seed, datasets=datasets))
    assert len(graph) < 50_000
    assert graph.count("--> config") == summary.MAX_GRAPH_DATASETS + 1 and "260 more datasets" in graph


def test_the_job_summary_stays_under_one_mebibyte_and_never_leaves_a_fence_open() -> None:
    text = "## head\n" + "".join(f"```mermaid\ngraph LR\n  a{i} --> b{i}\n```\n" for i in range(40000))
    cut = summary.truncate(text, summary.SUMMARY_LIMIT)
    assert len(text.encode()) > summary.SUMMARY_LIMIT >= len(cut.encode())
    assert cut.count("```") % 2 == 0 and "cut here" in cut


def test_text_from_configs_cannot_break_the_summary(fake: FakeGitHub, repo: Path) -> None:
    event = pull_adding(fake, repo, "configs/evil.yaml",
                        'seed: null\ndata:\n  name: "a|b`<img src=x>\\"] --> x[\\"pwn"\n  revision: main\n')
    result = run_action(repo, fake, event, check_run="false", comment="false")
    assert "<img" not in result.summary and "a\\|b&#96;&lt;img" in result.summary
    graph = result.summary.split("```mermaid", 1)[1].split("```", 1)[0]
    assert '"] --> x' not in graph and "#34;#93; --#62; x#91;#34;pwn" in graph


def test_text_from_configs_cannot_link_embed_images_or_mention_people(fake: FakeGitHub, repo: Path) -> None:
    name = "![x](https://evil.example/p.png) [click](https://evil.example) @octo/reviewers *bold* \\\\"
    event = pull_adding(fake, repo, "configs/mention.yaml", f'seed: 1\ndata:\n  name: "{name}"\n  revision: main\n')
    result = run_action(repo, fake, event, check_run="false")
    [comment] = fake.comments_on(7)
    for markdown in (result.summary.split("```mermaid")[0], comment["body"]):
        assert "evil.example" in markdown  # the text is shown ...
        assert not re.search(r"(?<!\\)\]\(https://evil", markdown)  # ... but makes no link or image
        assert "@octo" not in markdown and "@&#8203;octo/reviewers" in markdown
        assert "\\*bold\\*" in markdown and "\\!\\[x\\]" in markdown


# ------------------------------------------------------------------------------ the sticky comment


def test_a_rerun_edits_the_one_comment_and_a_fix_marks_it_resolved(fake: FakeGitHub, repo: Path) -> None:
    fake.add_comment(7, f"quoting {summary.COMMENT_MARKER} in a review", login="octocat")  # a person's
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    run_action(repo, fake, event)
    run_action(repo, fake, event)
    assert len(fake.sent("POST", r"/repos/octo/models/issues/7/comments")) == 1
    [edit] = fake.sent("PATCH", r"/repos/octo/models/issues/comments/\d+")
    human, bot = fake.comments_on(7)
    assert human["body"].startswith("quoting") and bot["user"]["login"] == "github-actions[bot]"
    assert edit.path.endswith(f"/{bot['id']}") and "configs/bad.yaml" in bot["body"]

    write(repo, "configs/bad.yaml", GOOD)
    result = run_action(repo, fake, event)
    assert result.code == 0
    human, bot = fake.comments_on(7)
    assert "resolved" in bot["body"] and bot["body"].startswith(summary.COMMENT_MARKER)
    assert len(fake.sent("POST", r"/repos/octo/models/issues/7/comments")) == 1


def test_the_sticky_comment_is_found_beyond_the_first_page_of_comments(fake: FakeGitHub, repo: Path) -> None:
    """GitHub pages a pull request's comments (100 at most per page): on a busy pull request the Action's
    comment is on a later page and must still be edited, not posted again."""
    for index in range(130):
        fake.add_comment(7, f"review remark {index}")
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    run_action(repo, fake, event)
    run_action(repo, fake, event)
    listed = fake.sent("GET", "/repos/octo/models/issues/7/comments")
    assert [r.query.get("page", "1") for r in listed] == ["1", "2", "1", "2"]
    assert len(fake.sent("POST", "/repos/octo/models/issues/7/comments")) == 1
    [edit] = fake.sent("PATCH", r"/repos/octo/models/issues/comments/\d+")
    bots = [c for c in fake.comments_on(7) if c["user"]["type"] == "Bot"]
    assert len(bots) == 1 and edit.path.endswith(f"/{bots[0]['id']}")


def test_with_a_persons_token_the_comment_is_found_among_that_persons_comments(
        fake: FakeGitHub, repo: Path) -> None:
    """A personal access token writes as its person, not as a bot: the Action asks GET /user who that is,
    edits its own comment on a re-run, and leaves a bot's comment that happens to carry the marker alone."""
    person = "ghp_personTOKEN0123456789abcdefghijklmnop"
    fake.tokens[person] = WRITE
    fake.people[person] = "release-manager"
    fake.add_comment(7, f"{summary.COMMENT_MARKER} copied by another bot", login="other[bot]", kind="Bot")
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    run_action(repo, fake, event, token=person, check_run="false")
    run_action(repo, fake, event, token=person, check_run="false")
    other, mine = fake.comments_on(7)
    assert other["body"].endswith("copied by another bot") and mine["user"]["login"] == "release-manager"
    assert len(fake.sent("POST", "/repos/octo/models/issues/7/comments")) == 1
    [edit] = fake.sent("PATCH", r"/repos/octo/models/issues/comments/\d+")
    assert edit.path.endswith(f"/{mine['id']}")
    assert len(fake.sent("GET", "/user")) == 2


def test_a_token_refused_who_it_is_falls_back_to_the_bots_comment(fake: FakeGitHub, repo: Path) -> None:
    """An installation token in an older format (not ``ghs_``) asks GET /user, gets 403 (installation tokens
    may not), and takes the bot's comments as its own: a re-run edits the bot's comment, not a person's."""
    legacy = "v1.0123456789abcdef0123456789abcdef01234567"
    fake.tokens[legacy] = WRITE
    fake.add_comment(7, f"quoting {summary.COMMENT_MARKER} in a review", login="octocat")  # a person's
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    first = run_action(repo, fake, event, token=legacy, check_run="false")
    second = run_action(repo, fake, event, token=legacy, check_run="false")
    assert (first.code, second.code) == (1, 1)
    assert [r.path for r in fake.sent("GET", "/user")] == ["/user", "/user"]  # asked, refused, fell back
    human, bot = fake.comments_on(7)
    assert human["body"] == f"quoting {summary.COMMENT_MARKER} in a review"
    assert bot["user"]["login"] == "github-actions[bot]" and "configs/bad.yaml" in bot["body"]
    assert len(fake.sent("POST", "/repos/octo/models/issues/7/comments")) == 1
    [edit] = fake.sent("PATCH", r"/repos/octo/models/issues/comments/\d+")
    assert edit.path.endswith(f"/{bot['id']}")
    assert "::warning::" not in first.out + second.out and "Traceback" not in first.out + second.out


def test_the_job_token_never_asks_who_it_is(fake: FakeGitHub, repo: Path) -> None:
    run_action(repo, fake, pull_event(fake, repo, ["configs/bad.yaml"]))
    assert fake.comments_on(7) and not fake.sent("GET", "/user")


def test_comment_false_posts_nothing(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    run_action(repo, fake, event, comment="false")
    assert not [r for r in fake.requests if "/comments" in r.path]


# ------------------------------------------------------------------------------ tokens, forks, fallbacks


def test_a_fork_read_only_token_skips_comment_and_check_run_with_a_notice(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"], head_repo="someone/models")
    result = run_action(repo, fake, event, token=READ_TOKEN)
    assert result.code == 1  # the exit status still blocks
    assert len(result.annotations) == 2 and "configs/bad.yaml" in result.summary
    assert "::notice::skipped the check run: the token may not write it (a pull request from a fork gets a " \
           "read-only token): 403 Resource not accessible by integration" in result.out
    assert "::notice::skipped the pull request comment" in result.out
    assert fake.check_runs == {} and fake.comments == {}
    assert "Traceback" not in result.out and READ_TOKEN not in result.out


def test_the_rate_limit_is_reported_as_such_and_the_findings_still_block(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    fake.rate_limited = True
    result = run_action(repo, fake, event)
    assert result.code == 1 and len(result.annotations) == 2  # the exit status still blocks
    limit = "403 API rate limit exceeded for installation ID 1. (GitHub's rate limit: it resets at 13:20 UTC)"
    assert f"could not list the pull request's files through the API ({limit}); using git diff" in result.out
    assert f"::warning::could not publish the check run: {limit}" in result.out
    assert "may not write it" not in result.out and "Traceback" not in result.out
    assert "3 changed files, from git diff" in result.summary


def test_an_invalid_token_is_a_clear_error(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    bogus = "ghs_notAValidToken000000000000000000000"
    result = run_action(repo, fake, event, token=bogus)
    assert result.code == 2
    assert "::error::lineage-lint: the GitHub API refused the token (401 Bad credentials); pass a valid token" \
        in result.out
    assert bogus not in result.out


def test_a_missing_token_is_a_clear_error(repo: Path) -> None:
    fake = None
    result = run_action(repo, fake, None, token="", event_name="push")
    assert result.code == 2
    assert "::error::lineage-lint: github-token is empty: the check run and the pull request comment need it" \
        in result.out


def test_without_the_api_changed_files_come_from_git_diff(repo: Path) -> None:
    """Nothing answers at GITHUB_API_URL: the PR's files come from git, the findings are still reported."""
    for server in running():
        event = pull_event(server, repo, [])
    result = run_action(repo, None, event, token=TOKEN, check_run="false", comment="false")
    assert "could not list the pull request's files through the API" in result.out
    assert result.code == 1 and result.outputs["files-checked"] == "2"
    assert "3 changed files, from git diff" in result.summary


def test_without_api_or_history_every_config_is_checked(repo: Path) -> None:
    for server in running():
        event = pull_event(server, repo, [])
    data = json.loads(event.read_text())
    data["pull_request"]["base"]["sha"] = "1" * 40  # not in this (shallow) checkout
    event.write_text(json.dumps(data))
    result = run_action(repo, None, event, token="", check_run="false", comment="false")
    assert ("::notice::could not tell which files the pull request changed (no usable API answer and no base "
            "commit in the checkout); every config was checked") in result.out.splitlines()
    assert result.outputs["files-checked"] == "3"


def test_changed_only_on_a_push_says_every_config_was_checked(repo: Path) -> None:
    result = run_action(repo, None, None, token="", event_name="push", changed_only="true", check_run="false",
                        comment="false")
    assert "::notice::changed-only applies to pull request events; every config was checked" in result.out.splitlines()
    assert result.outputs["files-checked"] == "3"


def test_push_events_check_everything_and_put_the_check_run_on_the_pushed_commit(
        fake: FakeGitHub, repo: Path) -> None:
    base, head = shas(repo)
    fake.add_pull(1, head, base, [])  # makes the commit known to the fake
    event = repo.parent / "push.json"
    event.write_text(json.dumps({"ref": "refs/heads/main", "after": head}))
    result = run_action(repo, fake, event, event_name="push", extra_env={"GITHUB_SHA": head})
    assert result.outputs["files-checked"] == "3"
    assert not [r for r in fake.requests if "/comments" in r.path or "/files" in r.path]
    [created] = fake.sent("POST", "/repos/octo/models/check-runs")
    assert created.body["head_sha"] == head


# ------------------------------------------------------------------------------ inputs and modes


@pytest.mark.parametrize(("inputs", "message"), [
    ({"fail_on": "sometimes"}, "input 'fail-on' is 'sometimes'; use one of: error, warning, never"),
    ({"changed_only": "maybe"}, "input 'changed-only' is 'maybe'; use true, false or auto"),
    ({"mode": "deploy"}, "input 'mode' is 'deploy'; use one of: check, gate"),
    ({"paths": "--policy evil.json"}, "input 'paths': '--policy' looks like an option"),
    ({"config": "missing.toml"}, "config file missing.toml not found"),
])
def test_bad_inputs_are_clear_errors(repo: Path, inputs: dict[str, str], message: str) -> None:
    result = run_action(repo, None, None, check_run="false", comment="false", **inputs)
    assert result.code == 2
    assert f"::error::lineage-lint: {message}" in result.out


def test_gate_mode_needs_a_model_uri(repo: Path) -> None:
    result = run_action(repo, None, None, mode="gate")
    assert result.code == 2
    assert "::error::lineage-lint: mode: gate needs the model-uri input" in result.out
    assert result.outputs["conclusion"] == "failure"


@pytest.mark.parametrize(("inputs", "message"), [
    ({"model_uri": "--tracking-uri=http://evil"}, "input 'model-uri' is '--tracking-uri=http://evil'"),
    ({"model_uri": "models:/churn/1", "alias": "-x"}, "input 'alias' is '-x'"),
])
def test_gate_inputs_are_validated(repo: Path, inputs: dict[str, str], message: str) -> None:
    result = run_action(repo, None, None, mode="gate", **inputs)
    assert result.code == 2
    assert f"::error::lineage-lint: {message}" in result.out


def test_fail_on_warning_and_never(fake: FakeGitHub, repo: Path) -> None:
    write(repo, ".lineage-lint.toml", '[severity]\nLL102 = "warning"\nLL202 = "warning"\n')
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    passed = run_action(repo, fake, event, check_run="false", comment="false")
    assert passed.code == 0 and passed.summary.startswith("## ⚠️ lineage-lint: 0 errors and 2 warnings")
    warned = run_action(repo, fake, event, check_run="false", comment="false", fail_on="warning")
    assert warned.code == 1 and warned.outputs["conclusion"] == "failure"
    assert "## ❌ lineage-lint: 0 errors and 2 warnings" in warned.summary  # the step summary file is appended to
    write(repo, ".lineage-lint.toml", "")
    never = run_action(repo, fake, event, comment="false", fail_on="never")
    assert never.code == 0 and never.outputs["conclusion"] == "neutral"
    # errors that do not fail the step still head the summary with a warning sign, never a tick
    assert "## ⚠️ lineage-lint: 2 errors and 0 warnings" in never.summary and "## ✅" not in never.summary


def test_outcome_headline_counts() -> None:
    outcome = Outcome([], "error", "nothing")
    assert outcome.headline == "All traceable: 0 configs checked" and outcome.conclusion == "success"


def test_inputs_never_show_the_token() -> None:
    from action.inputs import Inputs

    inputs = Inputs.from_env({"INPUT_GITHUB_TOKEN": TOKEN})
    assert TOKEN not in repr(inputs) and TOKEN not in str(inputs)


def test_the_action_imports_github3_only_when_it_talks_to_the_api(repo: Path) -> None:
    """Like the hook path, a run that needs no API (check-run and comment off, no pull request) stays light."""
    import subprocess
    import sys

    code = (
        "import sys, io; from action.main import main;"
        "env = {'INPUT_CHECK_RUN': 'false', 'INPUT_COMMENT': 'false'};"
        "main(env, io.StringIO());"
        "print(sorted(m for m in ('github3', 'requests', 'mlflow') if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, timeout=120,
                               env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
                               check=False)
    assert completed.stdout.strip().splitlines()[-1] == "[]", completed.stderr


@pytest.mark.parametrize(("sarif", "words"), [("../outside.sarif", "is outside the workspace"),
                                             ("reports/linked.sarif", "goes through a symlink")])
def test_sarif_path_may_not_leave_the_workspace(fake: FakeGitHub, repo: Path, sarif: str, words: str) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    outside = repo.parent / "outside-target.sarif"
    outside.write_text("untouched")
    (repo / "reports").mkdir(exist_ok=True)
    (repo / "reports" / "linked.sarif").symlink_to(outside)
    result = run_action(repo, fake, event, sarif=sarif, check_run="false", comment="false")
    assert result.code == 2
    assert f"::error::lineage-lint: input 'sarif': the report path {sarif} {words}" in result.out
    assert outside.read_text() == "untouched" and not (repo.parent / "outside.sarif").exists()


def test_text_from_configs_cannot_forge_workflow_commands(fake: FakeGitHub, repo: Path) -> None:
    event = pull_adding(fake, repo, "configs/forge.yaml",
                        'seed: 1\ndata:\n  name: "acme/x\\n::error file=evil.yaml::forged"\n  revision: main\n')
    result = run_action(repo, fake, event, check_run="false", comment="false")
    before, rest = result.out.split("::stop-commands::", 1)
    resume, rest = rest.split("\n", 1)
    listing, after = rest.split(f"::{resume}::", 1)
    active = (before + after).splitlines()  # where the runner interprets commands
    errors = [line for line in active if line.startswith("::error")]
    assert errors and all(line.startswith("::error file=configs/forge.yaml,") for line in errors)
    assert "acme/x%0A::error file=evil.yaml::forged" in errors[0]  # escaped inside the real annotation
    assert "acme/x\\n::error file=evil.yaml::forged" in listing  # escaped to one line even while commands are off


def test_gate_mode_runs_the_gate_or_promote_command() -> None:
    """What the Action runs in gate mode is what a person would type (values that start with - stay values)."""
    from action import gate
    from action.inputs import Inputs

    inputs = Inputs(mode="gate", model_uri="models:/fraud@champion", policy="run-strict", tracking_uri="http://m")
    assert gate.command(inputs) == ["gate", "models:/fraud@champion", "--tracking-uri=http://m",
                                    "--policy=run-strict", "--format", "github"]
    promote = Inputs(mode="gate", model_uri="models:/fraud/3", alias="champion")
    assert gate.command(promote) == ["promote", "models:/fraud/3", "--alias=champion", "--format", "github"]


def test_an_unwritable_summary_is_a_clear_error(repo: Path) -> None:
    result = run_action(repo, None, None, check_run="false", comment="false",
                        extra_env={"GITHUB_STEP_SUMMARY": str(repo / "no-such-dir" / "summary.md")})
    assert result.code == 2
    assert "::error::lineage-lint: cannot write " in result.out and "No such file or directory" in result.out


# ------------------------------------------------------------------------------ pull_request_target


def test_pull_request_target_on_the_base_checkout_is_refused(fake: FakeGitHub, repo: Path) -> None:
    """GitHub checks out the base branch on pull_request_target: none of the pull request's configs are there."""
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    git(repo, "checkout", "-q", "HEAD~1")  # the base commit, as the default checkout is
    result = run_action(repo, fake, event, event_name="pull_request_target")
    assert result.code == 2
    assert "::error::lineage-lint: refusing pull_request_target: the checkout is " in result.out
    assert "so the pull request's configs were never read" in result.out
    assert not fake.sent("POST", "/repos/octo/models/check-runs")  # no green check for files never read
    assert not (repo.parent / "output.txt").exists()


def test_pull_request_target_without_a_pull_request_is_refused(repo: Path) -> None:
    event = repo.parent / "event.json"
    event.write_text(json.dumps({"action": "opened"}), encoding="utf-8")
    result = run_action(repo, None, event, event_name="pull_request_target", check_run="false", comment="false")
    assert result.code == 2
    assert "not no pull request in the payload" in result.out


def test_pull_request_target_on_the_head_checkout_checks_the_head(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"])  # HEAD is the pull request's head commit
    result = run_action(repo, fake, event, event_name="pull_request_target")
    assert result.code == 1
    assert "refusing" not in result.out
    assert any("configs/bad.yaml" in line and "LL102" in line for line in result.annotations)
    [created] = fake.sent("POST", "/repos/octo/models/check-runs")
    assert created.body["head_sha"] == shas(repo)[1]


# ------------------------------------------------------------------------------ nothing to check


def test_an_action_run_that_finds_no_config_warns(repo: Path) -> None:
    write(repo, "docs/index.md", "models\n")
    result = run_action(repo, None, None, event_name="push", check_run="false", comment="false", paths="docs")
    assert result.code == 0
    assert "::warning::lineage-lint: no files checked under docs: none matched the conventions" in result.out
    assert result.outputs["files-checked"] == "0"


def test_require_files_fails_an_action_run_that_finds_no_config(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", "require-files = true\n")
    write(repo, "docs/index.md", "models\n")
    result = run_action(repo, None, None, event_name="push", check_run="false", comment="false", paths="docs")
    assert result.code == 2
    assert "::error::lineage-lint: no files checked under docs:" in result.out
    assert "`require-files` is set, so this is an error" in result.out


def test_the_check_run_is_timed_in_utc_whatever_the_runners_zone(fake: FakeGitHub, repo: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub reads `started_at`/`completed_at` as UTC (the `Z`): a runner in another zone must not shift them."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30, no daylight saving
    time.tzset()
    try:
        event = pull_event(fake, repo, ["configs/bad.yaml"])
        before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        run_action(repo, fake, event, comment="false")
        after = datetime.datetime.now(datetime.timezone.utc)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    [created] = fake.sent("POST", "/repos/octo/models/check-runs")
    for field in ("started_at", "completed_at"):
        stamp = datetime.datetime.strptime(created.body[field], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc)
        assert before <= stamp <= after, (field, created.body[field])


def test_without_a_run_id_the_comment_ends_with_its_findings(fake: FakeGitHub, repo: Path) -> None:
    event = pull_event(fake, repo, ["configs/bad.yaml"])
    run_action(repo, fake, event, check_run="false", extra_env={"GITHUB_RUN_ID": ""})
    [comment] = fake.comments_on(7)
    assert comment["body"].endswith(" | dataset &#96;acme/product-reviews&#96; (data.name) is pinned to "
                                    "&#96;main&#96;, which moves over time |\n")


# ------------------------------------------------------------------------------ inputs resolved as a user writes them


def test_without_github_api_url_the_action_talks_to_api_github_com(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On github.com the runner sets GITHUB_API_URL; without it the Action must still reach api.github.com (and
    nowhere else). A local HTTPS proxy that forwards nothing records where the requests were going."""
    import socket
    import threading

    seen: list[str] = []
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed at the end of the test
                return
            with connection:
                seen.append(connection.makefile("rb").readline().decode("latin-1").strip())
                connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    try:
        result = run_action(repo, None, None, event_name="push", comment="false", unset=("GITHUB_API_URL",))
    finally:
        listener.close()
    assert seen and set(seen) == {"CONNECT api.github.com:443 HTTP/1.0"}, seen
    assert result.code == 1 and result.outputs["conclusion"] == "failure"


def test_a_policy_input_naming_a_file_is_read_from_the_workspace(repo: Path) -> None:
    """`policy: policies/two.json` is a path from the workspace, even when the configuration file (whose
    folder anchors the configuration's own paths) lives elsewhere."""
    write(repo, ".github/lineage-lint.toml", "")
    write(repo, "policies/two.json", json.dumps({
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-default.schema.json"}],
        "properties": {"datasets": {"minItems": 2, "x-message": "name the evaluation set too"}}}))
    result = run_action(repo, None, None, token="", event_name="push", check_run="false", comment="false",
                        config=".github/lineage-lint.toml", policy="policies/two.json", paths="configs/good.yaml")
    assert result.annotations == ["::error file=configs/good.yaml,line=1,col=1,endLine=1,endColumn=1,"
                                  "title=LL900 policy-violation::name the evaluation set too"], result.out
    assert result.code == 1 and result.outputs["errors"] == "1"


def test_a_baseline_in_the_configuration_accepts_what_it_lists_and_new_findings_still_fail(repo: Path) -> None:
    from support import cli

    assert cli(repo, "check", "--write-baseline", "--baseline", "lineage-baseline.json", "configs/").code == 0
    write(repo, ".lineage-lint.toml", 'baseline = "lineage-baseline.json"\n')
    accepted = run_action(repo, None, None, token="", event_name="push", check_run="false", comment="false")
    assert accepted.code == 0 and accepted.annotations == [], accepted.out
    assert accepted.outputs["errors"] == "0" and accepted.outputs["conclusion"] == "success"
    write(repo, "configs/new.yaml", BAD)
    refused = run_action(repo, None, None, token="", event_name="push", check_run="false", comment="false")
    assert refused.code == 1 and refused.outputs["errors"] == "2"
    assert [line.split("::")[1] for line in refused.annotations] == [
        "error file=configs/new.yaml,line=1,col=1,endLine=1,endColumn=5,title=LL102 seed-random",
        "error file=configs/new.yaml,line=4,col=13,endLine=4,endColumn=17,title=LL202 dataset-floating-version"]


def test_a_sarif_file_in_a_folder_that_exists_is_written(repo: Path) -> None:
    """`sarif: lineage.sarif` (the workspace itself) and `sarif: configs/lineage.sarif` (a folder already there)."""
    for path in ("lineage.sarif", "configs/lineage.sarif"):
        result = run_action(repo, None, None, token="", event_name="push", check_run="false", comment="false",
                            sarif=path)
        assert result.code == 1 and result.outputs["sarif"] == path, result.out
        sarif = json.loads((repo / path).read_text(encoding="utf-8"))
        assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                      for r in sarif["runs"][0]["results"]) == [
            ("LL102", "configs/bad.yaml"), ("LL102", "configs/untouched.yaml"),
            ("LL202", "configs/bad.yaml"), ("LL202", "configs/untouched.yaml")]
