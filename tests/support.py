"""Helpers shared by the tests: write files, run the CLI in-process, parse its JSON, and require the parts
(programs, a git checkout) that some tests need."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from lineage_lint.cli import main

REPO = Path(__file__).resolve().parents[1]
Test = TypeVar("Test", bound=Callable[..., Any])


def in_ci() -> bool:
    """``CI=true`` (GitHub Actions, GitLab, most CI services set it; ``.ci/run`` runs under it)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require_part(name: str, available: bool, how: str) -> None:
    """A test needs ``name`` (a program of the test extra, git, a git checkout). When it is missing the test
    is skipped on a developer's machine, but under ``CI=true`` it fails: a green CI run has run every test.
    ``how`` says how to get the part."""
    if available:
        return
    message = f"{name} is missing: {how}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: a missing part fails the run rather than skipping the test)",
                    pytrace=False)
    pytest.skip(message)


def requires_part(name: str, available: Callable[[], bool], how: str) -> Callable[[Test], Test]:
    """:func:`require_part` as a decorator, checked when the test runs (not when the module is imported)."""

    def decorate(test: Test) -> Test:
        @functools.wraps(test)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            require_part(name, available(), how)
            return test(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def shared_folder(factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder every pytest-xdist worker of this run shares (the workers' base folders' parent), for caches
    whose owners lock them (pre-commit's store, pip's cache); a temporary folder of the run without xdist."""
    base = factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / f"shared-{name}"
    folder.mkdir(exist_ok=True)
    return folder


def tool(name: str) -> str | None:
    """A program: the test environment's console script of that name, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def cli(cwd: Path, *args: str) -> Outcome:
    """Run ``lineage-lint ARGS`` in-process from ``cwd``."""
    out, err = io.StringIO(), io.StringIO()
    with chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Outcome(code, out.getvalue(), err.getvalue())


def cli_subprocess(cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Outcome:
    """Run ``python -m lineage_lint ARGS`` in a child process (for crashes, imports, entry points)."""
    completed = subprocess.run(
        [sys.executable, "-m", "lineage_lint", *args], cwd=cwd, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, **(env or {})}, check=False,
    )
    return Outcome(completed.returncode, completed.stdout, completed.stderr)


def show(cwd: Path, *paths: str, extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    outcome = cli(cwd, "show", "--format", "json", *extra, *paths)
    assert outcome.code == 0, outcome.err
    result: list[dict[str, Any]] = outcome.json()
    return result


def codes(record: dict[str, Any]) -> list[str]:
    return [finding["code"] for finding in record["findings"]]


def git(cwd: Path, *args: str) -> str:
    completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return completed.stdout


def git_init(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "test@example.com")
    git(path, "config", "user.name", "test")
    return path


def write_mixed_repository(repo: Path, outside: Path) -> list[str]:
    """A repository of every kind of file a run meets, for comparing runs: the examples (YAML, JSON, TOML,
    Python, Hydra, MMEngine bases), 40 plain configs passing and failing, configs composed from bases (one
    missing, one in a cycle), suppression comments with and without a reason, per-file ignores and a
    severity override, and bad input (invalid YAML and JSON, bytes that are not UTF-8, an empty file, an
    alias bomb, duplicate keys, an unsafe tag, nesting past the limit, a symlink leaving the repository).
    Returns the files a pre-commit run would be given (some of them, bases included)."""
    shutil.copytree(REPO / "examples", repo / "examples")
    write(repo, "pyproject.toml", """
        [tool.lineage-lint]
        severity = {LL202 = "warning"}

        [tool.lineage-lint.per-file-ignores]
        "configs/legacy/**" = ["LL101"]
        """)
    revisions = ["v1.2", "main", "latest", "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f", None]
    for index in range(40):
        seed = ["seed: 7", "seed: null", "", "seed: ${oc.env:SEED}", "seed: 12  # run seed"][index % 5]
        revision = revisions[index % len(revisions)]
        pin = f"    revision: {revision}\n" if revision else ""
        folder = "configs/legacy" if index % 7 == 0 else "configs"
        write(repo, f"{folder}/train_{index:02d}.yaml",
              f"{seed}\ndatasets:\n  - name: acme/set-{index}\n{pin}trainer:\n  max_epochs: {index % 4 + 1}\n")
    write(repo, "configs/_base_/common.yaml", "seed_everything: 3\ntrainer:\n  max_epochs: 2\n")
    write(repo, "configs/exp/train_composed.yaml", "base:\n  - ../_base_/common.yaml\ndata:\n  name: acme/x\n"
                                                   "  revision: main\n")
    write(repo, "configs/exp/train_missing_base.yaml", "base:\n  - ../_base_/absent.yaml\nseed: 1\n")
    write(repo, "configs/cycle/a_config.yaml", "base:\n  - b_config.yaml\nseed: 1\n")
    write(repo, "configs/cycle/b_config.yaml", "base:\n  - a_config.yaml\ntrainer: {max_epochs: 1}\n")
    write(repo, "configs/train_suppressed.yaml",
          "seed: null  # lineage-lint: ignore[LL102] -- exploratory sweep, never promoted\n"
          "datasets:\n  - name: acme/y  # lineage-lint: ignore[LL201]\n")
    write(repo, "configs/train_ignore_file.yaml",
          "# lineage-lint: ignore-file[seed-missing] -- the launcher sets it\ndata:\n  name: acme/z\n  version: v2\n")
    write(repo, "configs/train_invalid.yaml", "seed: 1\ndata: [a, b\n")
    write(repo, "configs/train_invalid.json", '{\n  "seed": 1,\n  "data": [1, 2,]\n}\n')
    write(repo, "configs/train_latin1.yaml", b"seed: 1\nname: caf\xe9\n")
    write(repo, "configs/train_empty.yaml", "")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    write(repo, "configs/train_bomb.yaml", bomb)
    write(repo, "configs/train_duplicate.yaml", "seed: 1\ndata:\n  name: a\n  version: v1\nseed: 2\n")
    write(repo, "configs/train_unsafe.yaml", "seed: !!python/object/apply:os.system ['true']\n")
    write(repo, "configs/train_deep.yaml", "x: " + "[" * 300 + "]" * 300 + "\n")
    write(repo, "configs/train_toml.toml", 'seed = 5\n[data]\nname = "acme/t"\nversion = "latest"\n')
    (outside / "secret_config.yaml").write_text("seed: 1\n", encoding="utf-8")
    (repo / "configs" / "train_link.yaml").symlink_to(outside / "secret_config.yaml")
    return ["configs/_base_/common.yaml", "configs/train_03.yaml", "configs/train_bomb.yaml",
            "configs/train_link.yaml", "examples/bad/hydra/data/reviews.yaml"]
