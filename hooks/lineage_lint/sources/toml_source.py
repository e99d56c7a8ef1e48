"""TOML to a positioned tree.

``tomllib`` parses (and rejects duplicate keys); since it keeps no positions, a line scanner records
where each table header and ``key =`` line sits. Values inside inline tables and multi-line arrays take
the position of the line that opened them.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from lineage_lint.sources import limits
from lineage_lint.sources.problems import Problem, fail
from lineage_lint.tree import Entry, MapNode, Node, ScalarNode, SeqNode, Span

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ERROR_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)$")  # no leading \s*: it would backtrack
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_PART_PATTERN = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY_LINE = re.compile(rf"^(\s*)({_KEY_PART_PATTERN}(?:\s*\.\s*{_KEY_PART_PATTERN})*)\s*=")
_KEY_PART = re.compile(_KEY_PART_PATTERN)

_STRINGS = re.compile(r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|#[^\n]*''')

Path = tuple[str | int, ...]


def parse_toml(text: str) -> tuple[Node, list[Problem]]:
    """Parse ``text``; return its tree (TOML has no duplicate keys to report: they are errors)."""
    limits.scan_structure(text, "[{", "]}", ",=", _STRINGS)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _ERROR_POSITION.search(message)
        span = Span.point(int(where.group(1)), int(where.group(2))) if where else Span.point(1)
        raise fail("LL001", f"invalid TOML: {_ERROR_POSITION.sub('', message).rstrip()}", span) from None
    except ValueError:  # an integer of over 4,300 digits, which ``int()`` refuses to convert
        raise limits.find_long_number(text) or fail("LL001", "invalid TOML: a value cannot be converted") from None
    except RecursionError:  # pragma: no cover - scan_structure refuses deep nesting first
        raise limits.too_deep(Span.point(1)) from None
    if _deeper_than(data, limits.MAX_DEPTH):  # dotted keys and headers nest without brackets: `[a.a.a...]`
        lines = text.split("\n")
        line = max(range(len(lines)), key=lambda index: lines[index].count("."))
        raise limits.too_deep(Span.point(line + 1))
    positions = _scan_positions(text)
    return _build(data, (), positions, Span.point(1)), []


def _deeper_than(data: object, limit: int) -> bool:
    """Whether tables and arrays nest more than ``limit`` levels deep (measured without recursion)."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values() if isinstance(child, (dict, list)))
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value if isinstance(child, (dict, list)))
    return False


def _key_parts(dotted: str) -> list[str]:
    parts = []
    for raw in _KEY_PART.findall(dotted):
        if raw.startswith('"'):
            parts.append(raw[1:-1].encode().decode("unicode_escape"))
        elif raw.startswith("'"):
            parts.append(raw[1:-1])
        else:
            parts.append(raw)
    return parts


def _scan_positions(text: str) -> dict[Path, Span]:
    positions: dict[Path, Span] = {}
    table: Path = ()
    array_counts: dict[Path, int] = {}
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if in_multiline in line.replace("\\" + in_multiline[0], ""):
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            path: Path = tuple(_key_parts(header.group(2)))
            if header.group(1) == "[[":
                index = array_counts.get(path, 0)
                array_counts[path] = index + 1
                positions.setdefault(path, Span(number, line.index("[") + 1, number, len(line.rstrip()) + 1))
                path = (*path, index)
            table = path
            positions[table] = Span(number, line.index("[") + 1, number, len(line.rstrip()) + 1)
            continue
        key = _KEY_LINE.match(line)
        if key:
            full = (*table, *_key_parts(key.group(2)))
            start = len(key.group(1)) + 1
            positions.setdefault(full, Span(number, start, number, start + len(key.group(2))))
            value = line[key.end():].lstrip()
            for quote in ('"""', "'''"):  # a multi-line string opens here, unclosed on this line
                if value.startswith(quote) and quote not in value[3:]:
                    in_multiline = quote
    return positions


def _build(value: Any, path: Path, positions: dict[Path, Span], fallback: Span) -> Node:
    span = positions.get(path, fallback)
    if isinstance(value, dict):
        node = MapNode([], span)
        for key, child in value.items():
            child_path = (*path, key)
            child_span = positions.get(child_path, span)
            node.set(Entry(str(key), child_span, _build(child, child_path, positions, child_span)))
        return node
    if isinstance(value, list):
        return SeqNode([_build(item, (*path, i), positions, span) for i, item in enumerate(value)], span)
    if isinstance(value, int):
        limits.check_int(value, span)  # a hexadecimal literal of thousands of digits
    if isinstance(value, (str, int, float, bool)):
        return ScalarNode(value, span)
    return ScalarNode(str(value), span)  # dates and times: their text is what matters here
