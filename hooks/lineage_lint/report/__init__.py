"""Reporters: each turns the run's results into one output format.

File names, keys and values in findings come from whoever wrote the files. :func:`escape_line` makes such
text one inert line (a newline in a file name would otherwise start a forged ``::error`` workflow command,
an escape sequence would repaint a terminal), and every reporter's output passes through
:func:`encodable`, so that a lone surrogate (``"\\ud800"`` in JSON, a file name that is not UTF-8) is
shown escaped instead of aborting the run.
"""

from __future__ import annotations

import functools
import importlib
import io
import os
from collections.abc import Callable
from typing import TextIO

from lineage_lint.report.escaping import encodable, escape_line
from lineage_lint.results import FileResult

__all__ = ["FORMATS", "Run", "encodable", "escape_line", "reporter", "resolve_format"]

FORMATS = ("text", "concise", "json", "github", "sarif", "junit", "gitlab")


class Run:
    """What a reporter is given: the results and how to present them."""

    def __init__(self, results: list[FileResult], color: bool = False) -> None:
        self.results = results
        self.color = color

    @functools.cached_property  # asked for by the reporter and the exit status: gathered once
    def active(self) -> list:  # type: ignore[type-arg]
        return [f for result in self.results for f in result.active]

    @property
    def suppressed(self) -> int:
        return sum(1 for result in self.results for f in result.findings if f.suppressed_by)


def resolve_format(name: str) -> str:
    """``auto`` is ``github`` under GitHub Actions, ``text`` elsewhere."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


_RENDERERS = {
    "text": ("text", "render"), "concise": ("text", "render_concise"), "json": ("machine", "render"),
    "github": ("github", "render"), "sarif": ("sarif", "render"), "junit": ("junit", "render"),
    "gitlab": ("gitlab", "render"),
}


def reporter(name: str) -> Callable[[Run, TextIO], None]:
    """The renderer for ``name``; only its module is imported (the hook path prints text). What it writes
    is made encodable first (see :func:`encodable`)."""
    module_name, function = _RENDERERS[name]
    module = importlib.import_module(f"lineage_lint.report.{module_name}")
    renderer: Callable[[Run, TextIO], None] = getattr(module, function)

    def render(run: Run, out: TextIO) -> None:
        buffer = io.StringIO()
        renderer(run, buffer)
        out.write(encodable(buffer.getvalue()))

    return render
