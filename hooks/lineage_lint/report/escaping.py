"""Making text written by others safe to print: one inert line, and always encodable as UTF-8."""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def escape_line(text: object) -> str:
    """``text`` as one line of inert characters: control characters (newlines included), Unicode line
    separators and lone surrogates are shown as Python escapes (``\\n``, ``\\x1b``, ``\\udcff``)."""
    return _UNSAFE.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def encodable(text: str) -> str:
    """``text`` with lone surrogates written as escapes, so that it encodes as UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
