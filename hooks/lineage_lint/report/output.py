"""Where a report may be written (``check --output``, the Action's ``sarif`` input).

The path may come from a workflow input, and the workspace from a pull request: a report path that leaves
the workspace (``../../``, an absolute path elsewhere) or goes through a symlink is refused, so that
writing the report can never overwrite a file outside it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from lineage_lint.report.escaping import escape_line


class OutputPathError(ValueError):
    """The report path leaves the workspace or goes through a symlink: a usage error (exit 2)."""


def report_path(path: Path | str, root: Path, relative_to: Path | None = None) -> Path:
    """``path`` (relative to ``relative_to``, else to the working directory) checked: inside the workspace
    (``GITHUB_WORKSPACE``, else ``root``), reached without symlinks and not itself one. Returns the path to
    write; raises :class:`OutputPathError`."""
    given = Path(os.path.abspath(os.environ.get("GITHUB_WORKSPACE") or root))
    workspace = given.resolve()
    absolute = Path(os.path.abspath(relative_to / path if relative_to else path))  # `..` collapsed as written
    shown = escape_line(path)
    base = given if absolute.is_relative_to(given) else workspace
    if not absolute.is_relative_to(base) or absolute == base:
        raise OutputPathError(f"the report path {shown} is outside the workspace {escape_line(workspace)}; "
                              "write the report inside it (or to standard output)")
    current = workspace
    for part in absolute.relative_to(base).parts:
        current = current / part
        if os.path.islink(current):
            raise OutputPathError(f"the report path {shown} goes through a symlink ({escape_line(current)}); "
                                  "refusing to write through it")
    return current


def open_report(path: Path | str, root: Path, relative_to: Path | None = None) -> TextIO:
    """Open the checked :func:`report_path` for writing, without following a symlink planted meanwhile."""
    target = report_path(path, root, relative_to)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    return open(os.open(target, flags, 0o644), "w", encoding="utf-8")
