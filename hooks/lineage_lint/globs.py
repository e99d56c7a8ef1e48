"""Glob patterns over repository-relative paths, with ``**`` for any number of directories.

A pattern without ``/`` matches a file or directory name at any depth (as in ``.gitignore``); one with
``/`` matches the path from the configuration's folder. A pattern naming a directory covers everything
below it.
"""

from __future__ import annotations

import functools
import re


@functools.cache
def compile_glob(pattern: str) -> re.Pattern[str]:
    anchored = "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    out = []
    i = 0
    while i < len(body):
        char = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = body.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                inner = body[i + 1:end].replace("\\", "\\\\")
                out.append(f"[{'^' + inner[1:] if inner.startswith('!') else inner}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    prefix = "^" if anchored else "^(?:.*/)?"
    return re.compile(prefix + "".join(out) + "(?:/.*)?$")


def matches(path: str, patterns: list[str] | tuple[str, ...]) -> bool:
    """Whether the posix, repository-relative ``path`` matches any of ``patterns``."""
    return any(compile_glob(pattern).match(path) for pattern in patterns)
