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
