"""JSON to a positioned tree.

The standard library validates the text and words its errors; a small scanner over the same text then
records where every key and value sits (``json`` itself keeps no positions). Duplicate keys, which
``json.loads`` silently collapses, are reported.
"""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import NUMBER_RE

from lineage_lint.sources import limits
from lineage_lint.sources.problems import Problem, fail
from lineage_lint.tree import Entry, MapNode, Node, ScalarNode, SeqNode, Span

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_CONSTANTS = {"true": True, "false": False, "null": None, "NaN": float("nan"),
              "Infinity": float("inf"), "-Infinity": float("-inf")}


def parse_json(text: str) -> tuple[Node, list[Problem]]:
    """Parse ``text``; return its tree and the duplicate-key problems."""
    if not text.strip():
        raise fail("LL003", "the file is empty: it declares nothing")
    limits.scan_structure(text, "[{", "]}", ",", _STRING)
    try:
        json.loads(text, parse_int=_checked_int)
    except json.JSONDecodeError as exc:
        raise fail("LL001", f"invalid JSON: {exc.msg}", Span.point(exc.lineno, exc.colno)) from None
    except _LongNumber:
        raise limits.find_long_number(text) or limits.number_too_long(0, Span.point(1)) from None
    except RecursionError:
        raise fail("LL001", "invalid JSON: nesting is too deep to read") from None
    scanner = _Scanner(text)
    try:
        root, _ = scanner.value(_WHITESPACE.match(text, 0).end())  # type: ignore[union-attr]
    except RecursionError:
        raise fail("LL001", "invalid JSON: nesting is too deep to read") from None
    return root, scanner.problems


class _LongNumber(Exception):
    """An integer literal longer than :data:`limits.MAX_NUMBER_CHARS` (``int()`` refuses 4,300 digits)."""


def _checked_int(text: str) -> int:
    if len(text) > limits.MAX_NUMBER_CHARS:
        raise _LongNumber
    return int(text)


class _Scanner:
    """Re-reads text that ``json.loads`` accepted, recording spans; it trusts the text to be valid."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[Problem] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(self, start: int, end: int) -> Span:
        line, col = self._position(start)
        end_line, end_col = self._position(end)
        return Span(line, col, end_line, end_col)

    def _position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def _skip(self, pos: int) -> int:
        return _WHITESPACE.match(self.text, pos).end()  # type: ignore[union-attr]

    def value(self, pos: int) -> tuple[Node, int]:
        char = self.text[pos]
        if char == "{":
            return self._object(pos)
        if char == "[":
            return self._array(pos)
        if char == '"':
            string, end = scanstring(self.text, pos + 1)
            return ScalarNode(string, self.span(pos, end), "str"), end
        number = NUMBER_RE.match(self.text, pos)
        if number and number.group():
            integer, fraction, exponent = number.groups()
            parsed: float | int = (
                float(integer + (fraction or "") + (exponent or "")) if fraction or exponent else int(integer)
            )
            return ScalarNode(parsed, self.span(pos, number.end())), number.end()
        for word, constant in _CONSTANTS.items():
            if self.text.startswith(word, pos):
                return ScalarNode(constant, self.span(pos, pos + len(word))), pos + len(word)
        raise fail("LL001", "invalid JSON", self.span(pos, pos + 1))  # unreachable for valid JSON

    def _object(self, start: int) -> tuple[Node, int]:
        node = MapNode([], self.span(start, start + 1))
        first_line: dict[str, int] = {}
        pos = self._skip(start + 1)
        while self.text[pos] != "}":
            key, key_end = scanstring(self.text, pos + 1)
            key_span = self.span(pos, key_end)
            if key in first_line:
                self.problems.append(Problem(
                    "LL004",
                    f"key '{key}' appears twice in this object (first on line {first_line[key]}); "
                    "JSON parsers silently keep the last value",
                    key_span, identity=key,
                ))
            first_line.setdefault(key, key_span.line)
            pos = self._skip(self._skip(key_end) + 1)  # past ':'
            child, pos = self.value(pos)
            node.set(Entry(key, key_span, child))
            pos = self._skip(pos)
            if self.text[pos] == ",":
                pos = self._skip(pos + 1)
        node.span = self.span(start, pos + 1)
        return node, pos + 1

    def _array(self, start: int) -> tuple[Node, int]:
        items: list[Node] = []
        pos = self._skip(start + 1)
        while self.text[pos] != "]":
            child, pos = self.value(pos)
            items.append(child)
            pos = self._skip(pos)
            if self.text[pos] == ",":
                pos = self._skip(pos + 1)
        return SeqNode(items, self.span(start, pos + 1)), pos + 1
