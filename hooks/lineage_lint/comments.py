"""Where a file's real comments are: text after ``#`` that is not inside a string value.

Suppression comments must be comments: ``note: "# lineage-lint: ignore[...] -- x"``, a YAML block scalar
holding that text, or any JSON (which has no comments) suppresses nothing. :func:`real_comments` says, for
the lines asked about, at which column the comment starts; a line whose comment cannot be told apart from
a value (the file does not scan up to it) is left out, so that it suppresses nothing (fail closed).
"""

from __future__ import annotations

import itertools
import re
import tokenize
from collections.abc import Callable, Collection

import yaml

Positions = dict[int, int]  # 1-based line -> 0-based column of the comment's ``#``

# What ends a line for each format's own parser: YAML also breaks lines at NEL, LS and PS; Python and TOML only
# at CR, LF and CRLF. ``str.splitlines`` also breaks at form feeds, LS, NEL and the like, which a Python or
# TOML string may hold: text after one inside a string would be taken for a line of its own, and a `#` there
# for a comment.
_LINE_BREAKS = {"yaml": re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")}
_PLAIN_BREAKS = re.compile(r"\r\n|[\r\n]")


def split_lines(text: str, fmt: str, keepends: bool = False) -> list[str]:
    """``text``'s lines as the ``fmt`` parser counts them (numbered as its findings are)."""
    breaks = _LINE_BREAKS.get(fmt, _PLAIN_BREAKS)
    if not keepends:
        lines = breaks.split(text)
        return lines[:-1] if lines and not lines[-1] else lines
    found, start = [], 0
    for match in breaks.finditer(text):
        found.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        found.append(text[start:])
    return found

# Tokens read before giving up (about 15,000 lines of YAML, under a second here): a suppression further down
# a file that size is not honoured, rather than letting one comment cost a run unbounded time.
MAX_TOKENS = 60_000
# Text that could open a value spanning the ``#``: quotes, block scalars, flow collections. When none comes
# before a candidate, it is a comment without scanning (the common case, and the case of a huge plain file).
_YAML_OPENERS = re.compile(r"[\"'|>\[{]")
_PYTHON_OPENERS = re.compile(r"[\"']")


def _plainly(text: str, candidates: dict[int, list[int]], openers: re.Pattern[str],
             fmt: str) -> Positions | None:
    """The comments when nothing before any candidate could open a string; None when that cannot be told."""
    lines = split_lines(text, fmt, keepends=True)
    last = max(candidates)
    before = sum(len(line) for line in lines[: last - 1])
    end = before + max(candidates[last]) + 1
    if openers.search(text, 0, end):
        return None
    found: Positions = {}
    for line, columns in candidates.items():
        content = lines[line - 1]
        real = [column for column in columns if column == 0 or content[column - 1] in " \t"]
        if real:
            found[line] = real[0]
    return found


def real_comments(text: str, fmt: str, candidates: dict[int, list[int]]) -> Positions:
    """Of ``candidates`` (line -> columns of a ``#`` that may open a comment), the comment starts on
    each line that are real comments of a ``fmt`` file (the first real one per line)."""
    if not candidates:
        return {}
    finder = _FINDERS.get(fmt)
    return finder(text, candidates) if finder is not None else {}


def _yaml(text: str, candidates: dict[int, list[int]]) -> Positions:
    """Candidates not inside a scalar token (plain, quoted or block) of the YAML scanner."""
    plain = _plainly(text, candidates, _YAML_OPENERS, "yaml")
    if plain is not None:
        return plain
    last = max(candidates)
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    reached = (0, 0)  # how far the scanner got: positions beyond it cannot be judged
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        for _ in range(MAX_TOKENS):
            token = loader.get_token()
            if token is None:
                reached = (last + 1, 0)
                break
            start = (token.start_mark.line + 1, token.start_mark.column)
            end = (token.end_mark.line + 1, token.end_mark.column)
            if isinstance(token, yaml.ScalarToken):
                if token.style in ("|", ">"):  # the header line's comment is a comment; the content follows
                    start = (start[0] + 1, 0)
                spans.append((start, end))
            reached = max(reached, end)
            if start[0] > last:
                reached = (last + 1, 0)
                break
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    found: Positions = {}
    for line, columns in candidates.items():
        for column in columns:
            where = (line, column)
            if where < reached and not any(start <= where < end for start, end in spans):
                found[line] = column
                break
    return found


def _python(text: str, candidates: dict[int, list[int]]) -> Positions:
    """COMMENT tokens of the Python tokenizer."""
    plain = _plainly(text, candidates, _PYTHON_OPENERS, "python")
    if plain is not None:
        return plain
    last = max(candidates)
    found: Positions = {}
    # Lines as Python counts them (a form feed or LS inside a string is no line break), each ending in "\n"
    lines = iter([line + "\n" for line in split_lines(text, "python")])
    tokens = tokenize.generate_tokens(lambda: next(lines, ""))
    try:
        for token in itertools.islice(tokens, MAX_TOKENS):
            line, column = token.start
            if line > last:
                break
            if token.type == tokenize.COMMENT and column in candidates.get(line, ()):
                found.setdefault(line, column)
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass  # what was found before the tokenizer stopped stands; the rest is not judged
    return found


def _toml(text: str, candidates: dict[int, list[int]]) -> Positions:
    """A ``#`` outside basic, literal and multi-line strings."""
    plain = _plainly(text, candidates, _PYTHON_OPENERS, "toml")
    if plain is not None:
        return plain
    last = max(candidates)
    found: Positions = {}
    open_multiline = ""  # the delimiter of the multi-line string a line continues, if any
    for number, line in enumerate(split_lines(text, "toml"), start=1):
        if number > last:
            break
        comment, open_multiline = _toml_line(line, open_multiline)
        if comment is not None and comment in candidates.get(number, ()):
            found[number] = comment
    return found


def _toml_line(line: str, open_multiline: str) -> tuple[int | None, str]:
    """The column of the comment on ``line`` (None for none) and the multi-line string left open."""
    if not open_multiline and '"' not in line and "'" not in line:
        found = line.find("#")
        return (found if found >= 0 else None), ""
    i = 0
    if open_multiline:
        end = _string_end(line, 0, open_multiline)
        if end is None:
            return None, open_multiline
        i = end
    while i < len(line):
        char = line[i]
        if char == "#":
            return i, ""
        if char in "\"'":
            delimiter = char * 3 if line.startswith(char * 3, i) else char
            end = _string_end(line, i + len(delimiter), delimiter)
            if end is None:
                return None, delimiter if len(delimiter) == 3 else ""
            i = end
            continue
        i += 1
    return None, ""


def _string_end(line: str, i: int, delimiter: str) -> int | None:
    """The index just after the string's closing ``delimiter`` on ``line``, from ``i``; None if it stays open."""
    escapes = delimiter[0] == '"'
    while i < len(line):
        if escapes and line[i] == "\\":
            i += 2
            continue
        if line.startswith(delimiter, i):
            i += len(delimiter)
            while i < len(line) and line[i] == delimiter[0] and len(delimiter) == 3:
                i += 1  # """a"""" : up to two quotes may close the content
            return i
        i += 1
    return None


def _none(text: str, candidates: Collection[int]) -> Positions:
    return {}  # JSON has no comments


_FINDERS: dict[str, Callable[[str, dict[int, list[int]]], Positions]] = {
    "yaml": _yaml, "python": _python, "toml": _toml, "json": _none,
}
