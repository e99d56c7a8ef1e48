"""The pre-commit hook as users get it: the manifest, its file selection, and the real framework end to end.

The end-to-end tests drive the real ``pre-commit`` (``try-repo`` and ``install`` + ``git commit``) against
this checkout inside throw-away git repositories; pre-commit pip-installs the hook into its own virtualenv,
so they need network access to PyPI and are marked ``slow``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lineage_lint.discover import NOT_TRAINING_CONFIGS, TRAINING_CONFIG_FILES
from support import require_part, requires_part, shared_folder

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
HOOK_ID = "lineage-lint"
TIMEOUT = 600  # seconds; building the hook's virtualenv pip-installs from PyPI

requires_git = requires_part("git", lambda: shutil.which("git") is not None, "install git; pre-commit needs it")

UNLINEAGED_CONFIG = """\
seed: null
trainer:
  max_epochs: 3
data:
  train:
    name: acme/product-reviews
    revision: main
"""

LINEAGED_CONFIG = """\
seed: 1234
trainer:
  max_epochs: 3
data:
  train:
    name: acme/product-reviews
    revision: 5d4f3c2b1a0998877665544332211ffeeddccbba
"""


# ---------------------------------------------------------------------------------------------- helpers


def _clean_env(pre_commit_home: Path) -> dict[str, str]:
    """The caller's environment minus git's per-invocation variables (set when pytest itself runs in a hook)."""
    keep_prefixes = ("GIT_CONFIG_", "GIT_SSL_", "GIT_SSH", "GIT_HTTP_", "GIT_EXEC_PATH", "GIT_ASKPASS")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") or key.startswith(keep_prefixes)
    }
    env["PRE_COMMIT_HOME"] = str(pre_commit_home)
    env["PRE_COMMIT_COLOR"] = "never"
    env.pop("PRE_COMMIT", None)  # set while running inside a pre-commit hook
    env.pop("SKIP", None)  # a caller's SKIP=lineage-lint would make every hook run pass
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )


def _output(completed: subprocess.CompletedProcess[str]) -> str:
    return f"exit code {completed.returncode}\n--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"


def _pre_commit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pre_commit", *args]


def _git(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    completed = _run(["git", *args], repo, env)
    assert completed.returncode == 0, _output(completed)
    return completed


def _write(repo: Path, relative: str, text: str) -> None:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _commit_count(repo: Path, env: dict[str, str]) -> int:
    completed = _run(["git", "rev-list", "--count", "HEAD"], repo, env)
    return int(completed.stdout.strip()) if completed.returncode == 0 else 0  # no HEAD yet: no commits


def _load_manifest() -> list[dict[str, object]]:
    with MANIFEST.open(encoding="utf-8") as handle:
        manifest = yaml.safe_load(handle)
    assert isinstance(manifest, list)
    return manifest


def _hook() -> dict[str, object]:
    hooks = [hook for hook in _load_manifest() if hook.get("id") == HOOK_ID]
    assert len(hooks) == 1, f"expected exactly one hook with id {HOOK_ID!r} in {MANIFEST.name}"
    return hooks[0]


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def precommit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Subprocess environment with a PRE_COMMIT_HOME shared by the whole run (every xdist worker: pre-commit
    locks its store while it clones or installs), so each hook environment is built once. (``try-repo``
    builds its own in a temporary store, whatever PRE_COMMIT_HOME says.)"""
    return _clean_env(shared_folder(tmp_path_factory, "pre-commit-home"))


@pytest.fixture
def git_repo(tmp_path: Path, precommit_env: dict[str, str]) -> Iterator[Path]:
    """An empty git repository with a local identity, where pre-commit runs as a user's project would."""
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, precommit_env, "init", "-q")
    _git(repo, precommit_env, "config", "user.name", "lineage-lint tests")
    _git(repo, precommit_env, "config", "user.email", "tests@lineage-lint.invalid")
    _git(repo, precommit_env, "config", "commit.gpgsign", "false")
    yield repo


# ---------------------------------------------------------------------------------------------- manifest


def test_manifest_is_valid_for_pre_commit(precommit_env: dict[str, str]) -> None:
    completed = _run(_pre_commit("validate-manifest", str(MANIFEST)), ROOT, precommit_env)
    assert completed.returncode == 0, _output(completed)


def test_manifest_defines_the_hook() -> None:
    hook = _hook()
    assert hook["entry"] == "lineage-lint check"
    assert hook["language"] == "python"
    types_or = hook["types_or"]
    assert isinstance(types_or, list)
    assert {"yaml", "json", "toml", "python"} <= set(types_or)
    assert "types" not in hook or hook["types"] == ["file"], "`types` would AND-restrict `types_or`"
    assert hook.get("pass_filenames", True) is True, "the hook is given the staged files to check"


def test_manifest_types_are_known_to_identify() -> None:
    from identify.identify import ALL_TAGS  # pre-commit's own file classifier

    types_or = _hook()["types_or"]
    assert isinstance(types_or, list)
    assert set(types_or) <= ALL_TAGS


def test_manifest_file_patterns_equal_discover_constants() -> None:
    hook = _hook()
    assert hook["files"] == TRAINING_CONFIG_FILES
    assert hook["exclude"] == NOT_TRAINING_CONFIGS


def test_manifest_entry_is_an_installed_console_script() -> None:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    entry = _hook()["entry"]
    assert isinstance(entry, str)
    with (ROOT / "pyproject.toml").open("rb") as handle:
        scripts = tomllib.load(handle)["project"]["scripts"]
    assert entry.split()[0] in scripts


# ---------------------------------------------------------------------------------------------- path selection

SELECTED = [
    "configs/train.yaml",
    "conf/experiment/foo.yaml",
    "recipes/zephyr/sft/config_full.yaml",
    "params.yaml",
    "dvc.yaml",
    "configs/_base_/default_runtime.py",
    "train_config.json",
    "experiment.toml",
    "examples/llama/qlora.yaml",
    "src/model/configs/resnet50.yml",
    "project/hparams/lr.yaml",
]

NOT_SELECTED = [
    ".github/workflows/ci.yml",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    "conf/base/logging.yml",
    "configs/accelerate/fsdp.yaml",
    "recipes/accelerate_configs/deepspeed_zero3.yaml",
    "configs/deepspeed/stage2.json",
    "ds_config_zero3.json",
    "configs/hydra/launcher/slurm.yaml",
    "conf/hydra/job_logging/custom.yaml",
    "package.json",
    "pyproject.toml",
    "mkdocs.yml",
    "environment.yml",
    "docker-compose.yml",
    "src/train.py",
    "train.py",
    "README.md",
    "configs/README.md",
]


def _pre_commit_selects(path: str, files: str, exclude: str) -> bool:
    """pre-commit's rule: a file is passed to the hook iff ``files`` searches it and ``exclude`` does not."""
    return bool(re.search(files, path)) and not re.search(exclude, path)


@pytest.mark.parametrize("path", SELECTED)
def test_hook_selects_training_configs(path: str) -> None:
    hook = _hook()
    assert isinstance(hook["files"], str)
    assert isinstance(hook["exclude"], str)
    assert _pre_commit_selects(path, hook["files"], hook["exclude"])


@pytest.mark.parametrize("path", NOT_SELECTED)
def test_hook_skips_files_that_are_not_training_configs(path: str) -> None:
    hook = _hook()
    assert isinstance(hook["files"], str)
    assert isinstance(hook["exclude"], str)
    assert not _pre_commit_selects(path, hook["files"], hook["exclude"])


# ---------------------------------------------------------------------------------------------- end to end


def _try_repo(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo`` on this checkout, uncommitted changes to tracked files included."""
    return _run(_pre_commit("try-repo", str(ROOT), HOOK_ID, "--color=never", *args), repo, env)


@pytest.mark.slow
@requires_git
def test_try_repo_refuses_unlineaged_config(git_repo: Path, precommit_env: dict[str, str]) -> None:
    _write(git_repo, "configs/train.yaml", UNLINEAGED_CONFIG)
    _git(git_repo, precommit_env, "add", "-A")

    completed = _try_repo(git_repo, precommit_env, "--files", "configs/train.yaml")

    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, _output(completed)
    assert "LL102" in output, _output(completed)
    assert "LL202" in output, _output(completed)
    assert "configs/train.yaml" in output, _output(completed)


@pytest.mark.slow
@requires_git
def test_try_repo_accepts_lineaged_config_and_ignores_non_configs(
    git_repo: Path, precommit_env: dict[str, str],
) -> None:
    _write(git_repo, "configs/train.yaml", LINEAGED_CONFIG)
    # Unlineaged-looking files the hook must not be given: a launcher config and a training script.
    _write(git_repo, "configs/hydra/launcher/slurm.yaml", UNLINEAGED_CONFIG)
    _write(git_repo, "src/train.py", "seed = None\nrevision = 'main'\n")
    _git(git_repo, precommit_env, "add", "-A")

    completed = _try_repo(git_repo, precommit_env, "--all-files")

    assert completed.returncode == 0, _output(completed)
    assert "Passed" in completed.stdout, _output(completed)  # the hook ran, rather than being skipped


@pytest.mark.slow
@requires_git
def test_installed_hook_refuses_commit_until_config_is_lineaged(
    git_repo: Path, precommit_env: dict[str, str],
) -> None:
    # `repo: <path>` + `rev` uses the checkout's committed tree (unlike try-repo, which adds local changes).
    head = _run(["git", "rev-parse", "HEAD"], ROOT, precommit_env)
    require_part(f"a git checkout with a commit at {ROOT}", head.returncode == 0,
                 f"run the tests from a clone of the repository ({head.stderr.strip()})")
    config = {"repos": [{"repo": str(ROOT), "rev": head.stdout.strip(), "hooks": [{"id": HOOK_ID}]}]}
    _write(git_repo, ".pre-commit-config.yaml", yaml.safe_dump(config, sort_keys=False))
    _git(git_repo, precommit_env, "add", ".pre-commit-config.yaml")
    _git(git_repo, precommit_env, "commit", "-q", "-m", "Add pre-commit config")

    installed = _run(_pre_commit("install", "--install-hooks"), git_repo, precommit_env)
    assert installed.returncode == 0, _output(installed)
    before = _commit_count(git_repo, precommit_env)

    _write(git_repo, "configs/train.yaml", UNLINEAGED_CONFIG)
    _git(git_repo, precommit_env, "add", "configs/train.yaml")
    refused = _run(["git", "commit", "-m", "Unlineaged config"], git_repo, precommit_env)
    assert refused.returncode != 0, _output(refused)
    assert _commit_count(git_repo, precommit_env) == before, "the refused commit was created anyway"
    refused_output = refused.stdout + refused.stderr
    for expected in ("LL102", "LL202", "configs/train.yaml"):
        assert expected in refused_output, _output(refused)

    _write(git_repo, "configs/train.yaml", LINEAGED_CONFIG)
    _git(git_repo, precommit_env, "add", "configs/train.yaml")
    accepted = _run(["git", "commit", "-m", "Lineaged config"], git_repo, precommit_env)
    assert accepted.returncode == 0, _output(accepted)
    assert _commit_count(git_repo, precommit_env) == before + 1
    committed = _git(git_repo, precommit_env, "show", "--name-only", "--format=", "HEAD").stdout.split()
    assert committed == ["configs/train.yaml"]


@pytest.mark.parametrize("name", ["MLproject", "dvc.lock", "data/raw.dvc", "params.yaml"])
def test_files_without_yaml_tags_still_reach_the_hook(tmp_path: Path, name: str) -> None:
    # identify gives MLproject, dvc.lock and *.dvc no yaml tag; `text` in types_or lets the files regex decide.
    from identify.identify import tags_from_path

    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("stages: {}\n", encoding="utf-8")
    hook = _hook()
    assert set(hook["types_or"]) & tags_from_path(str(path))
    assert re.search(hook["files"], name) and not re.search(hook["exclude"], name)


@pytest.mark.slow
@requires_git
def test_try_repo_given_only_a_changed_base_refuses_the_config_composed_from_it(
    git_repo: Path, precommit_env: dict[str, str],
) -> None:
    """pre-commit passes only the changed base; the config built from it is judged as well."""
    _write(git_repo, "configs/_base_/default_runtime.py", "randomness = dict(seed=0)\n")
    _write(git_repo, "configs/resnet/r50.py",
           "_base_ = ['../_base_/default_runtime.py']\noptim_wrapper = dict(lr=0.1)\n")
    _git(git_repo, precommit_env, "add", "-A")
    _git(git_repo, precommit_env, "commit", "-q", "-m", "lineaged")
    _write(git_repo, "configs/_base_/default_runtime.py", "randomness = dict(seed=None)\n")
    _git(git_repo, precommit_env, "add", "-A")
    changed = _git(git_repo, precommit_env, "diff", "--cached", "--name-only").stdout.split()
    assert changed == ["configs/_base_/default_runtime.py"]

    completed = _try_repo(git_repo, precommit_env, "--files", *changed)

    assert completed.returncode != 0, _output(completed)
    assert "configs/resnet/r50.py:1:11: LL102" in completed.stdout, _output(completed)
