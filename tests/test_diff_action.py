"""The Action shows, per changed config, its lineage diff between the pull request's base and head (the code
behind ``diff --rev``), in the job summary and the sticky comment: ``action.main`` in-process against a real
git repository and the fake GitHub API."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from action.main import main
from fake_github import WRITE, FakeGitHub, running
from support import chdir, cli, git, git_init, write

TOKEN = "ghs_writeTOKEN0123456789abcdefghijklmnop"
TRAIN = """\
defaults:
  - data: orders
  - _self_
seed: 42
"""


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    for server in running():
        server.tokens = {TOKEN: WRITE}
        yield server


def pull_request(root: Path, fake: FakeGitHub, head_files: dict[str, str]) -> tuple[Path, str, str]:
    """A base commit, a head commit changing ``head_files``, and the pull_request event between them."""
    git_init(root)
    write(root, "configs/train.yaml", TRAIN)
    write(root, "configs/data/orders.yaml", "name: orders\nversion: v2.0\n")
    write(root, "configs/other.yaml", "seed: 1\ndata:\n  name: clicks\n  version: v1\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    base = git(root, "rev-parse", "HEAD").strip()
    for name, text in head_files.items():
        write(root, name, text)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "head")
    head = git(root, "rev-parse", "HEAD").strip()
    pull = fake.add_pull(7, head, base, list(head_files))
    payload = {"action": "synchronize", "number": 7, "pull_request": fake.pull_payload(pull),
               "repository": fake.repo_payload(), "sender": fake.user("contributor", uid=1)}
    event = root.parent / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    return event, base, head


def run_action(root: Path, fake: FakeGitHub, event: Path) -> tuple[int, str]:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_REPOSITORY": "octo/models",
           "GITHUB_SHA": "e5bd3914e2e596debea16f433f57875b5b90bcd6", "GITHUB_RUN_ID": "42",
           "GITHUB_API_URL": fake.api_url, "GITHUB_SERVER_URL": "https://github.example",
           "GITHUB_STEP_SUMMARY": str(root.parent / "summary.md"), "GITHUB_OUTPUT": str(root.parent / "output.txt"),
           "GITHUB_EVENT_PATH": str(event), "INPUT_GITHUB_TOKEN": TOKEN, "INPUT_CHECK_RUN": "false"}
    with chdir(root):
        code = main(env, io.StringIO())
    return code, (root.parent / "summary.md").read_text(encoding="utf-8")


def test_the_comment_and_summary_show_each_changed_configs_lineage_diff(fake: FakeGitHub, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    event, base, head = pull_request(root, fake, {
        "configs/data/orders.yaml": "name: orders\nversion: v2.1\n",
        "configs/train.yaml": TRAIN.replace("seed: 42", "seed: 7") + "eval_data:\n  returns:\n    path: s3://acme/returns\n",
    })
    code, summary = run_action(root, fake, event)
    assert code == 1  # the new dataset is unpinned: LL201
    expected = ("| configs/train.yaml | data and seed changed; composition is the same | dataset &#96;orders&#96; "
                "v2.0 → v2.1, new dataset &#96;s3://acme/returns&#96; (unpinned), seed 42 → 7 |")
    assert expected in summary
    assert (f"Between the base {base[:12]} and the head {head[:12]} "
            f"(`lineage-lint diff --rev {base[:12]}..{head[:12]}`):\n\n") in summary
    assert "other.yaml" not in summary.split("### Lineage changes")[1].split("###")[0]
    [comment] = fake.comments_on(7)
    assert expected in comment["body"]
    # the same answer as the command line gives
    report = cli(root, "diff", "--rev", f"{base}..{head}", "--format", "json").json()
    [config] = report["configs"]
    assert config["summary"] == "data and seed changed; composition is the same"


def test_a_change_without_lineage_change_adds_no_section(fake: FakeGitHub, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    event, _, _ = pull_request(root, fake, {"configs/train.yaml": TRAIN + "trainer:\n  lr: 0.1\n"})
    code, summary = run_action(root, fake, event)
    assert code == 0
    assert "Lineage changes" not in summary and fake.comments_on(7) == []


def test_without_the_base_commit_the_summary_says_why(fake: FakeGitHub, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    event, _, _ = pull_request(root, fake, {"configs/train.yaml": TRAIN.replace("42", "null")})
    payload = json.loads(event.read_text())
    payload["pull_request"]["base"]["sha"] = "0" * 40  # not in the checkout (a shallow clone)
    event.write_text(json.dumps(payload), encoding="utf-8")
    code, summary = run_action(root, fake, event)
    assert code == 1
    where = str(root).replace("_", "\\_")  # escaped as markdown
    assert (f"### Lineage changes\n\nNot computed: '{'0' * 40}' is not a commit in {where} (a shallow clone? fetch "
            "the history). The diff needs the base and head commits in the checkout (actions/checkout with "
            "`fetch-depth: 0`).\n") in summary


def test_a_pull_request_changing_no_config_says_so_and_nothing_more(fake: FakeGitHub, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    event, _, _ = pull_request(root, fake, {"README.md": "# models\n"})
    code, summary = run_action(root, fake, event)
    assert code == 0
    assert summary == ("## ✅ lineage-lint: All traceable: 0 configs checked\n\nChecked the 0 configs that pull "
                       "request #7 changed or whose composed bases it changed (1 changed file, from the API).\n")
    assert fake.comments_on(7) == []
