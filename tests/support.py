"""Helpers shared by the tests: write files, run the CLI in-process, parse its JSON."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lineage_lint.cli import main

REPO = Path(__file__).resolve().parents[1]


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
