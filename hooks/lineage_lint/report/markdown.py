"""GitHub Markdown (job summaries, pull request comments, check runs) made of text other people wrote.

Config paths, dataset names, model names and run fields come from a pull request's author or from whoever
can log runs to the tracking server: :func:`cell` makes such text inert, :func:`code_block` shows it
verbatim."""

from __future__ import annotations

import html
import re

from lineage_lint.report.escaping import escape_line

_MARKDOWN = re.compile(r"[\\*_\[\]!~|]")
_BACKTICKS = re.compile(r"`+")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell and anywhere in a line: one line; ``<``, ``>`` and ``&`` as
    entities; the punctuation that makes links, images, emphasis and cell breaks backslash-escaped; and
    ``@`` followed by a zero-width space, so that a name in a config cannot mention (notify) anyone."""
    flat = " ".join(str(text).split())
    escaped = html.escape(_MARKDOWN.sub(lambda m: "\\" + m.group(), flat), quote=False)
    return escape_line(escaped.replace("`", "&#96;").replace("@", "@&#8203;"))


def code_block(lines: list[str], language: str = "text") -> str:
    """A fenced code block showing ``lines`` as they are: its fence is longer than any run of backticks
    in them, so none of them can close it (nothing inside is markup or a mention)."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n" + "".join(f"{escape_line(line)}\n" for line in lines) + f"{fence}\n"
