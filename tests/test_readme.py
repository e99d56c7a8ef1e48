"""The README is the front door and docs/ the manual: the output they show for ``lineage-lint check`` and
``show`` on the shipped examples is the output the tool prints (run from the repository root, as the README
does)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```text\n\$ lineage-lint ((?:check|show) [^\n]+)\n(.*?)```", re.DOTALL)
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def shown() -> list[tuple[str, str, str]]:
    return [(page.relative_to(REPO).as_posix(), command, output) for page in PAGES
            for command, output in BLOCK.findall(page.read_text(encoding="utf-8"))]


def test_the_readme_shows_check_and_the_docs_show() -> None:
    assert [command.split()[0] for page, command, _ in shown() if page == "README.md"] == ["check"]
    assert "show" in {command.split()[0] for page, command, _ in shown() if page.startswith("docs/")}


@pytest.mark.parametrize(("page", "command", "output"), shown(),
                         ids=lambda value: value.split("\n")[0][:60])
def test_shown_output_is_what_the_tool_prints(page: str, command: str, output: str) -> None:
    # as in a terminal-less shell outside CI: `--format auto` is text, and there is no colour
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    done = subprocess.run([sys.executable, "-m", "lineage_lint", *command.split()], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    assert done.stdout == output, f"{page}: {done.stderr}"
    assert done.returncode == (1 if command.startswith("check") else 0)
