"""How much of a file the readers take in: documents, nodes, nesting depth and the size of a number.

Training configs are small and shallow; a file past one of these limits is refused with LL014 at the
place where the limit was crossed, before the reader has spent more than a bounded amount of time and
memory on it (the file-size cap alone does not bound either: a 4 MiB flow list holds two million items).
"""

from __future__ import annotations

import re

from lineage_lint.sources.problems import UnreadableSource, fail
from lineage_lint.tree import Span

MAX_DOCUMENTS = 1_000  # YAML documents in one stream
MAX_NODES = 50_000  # values (scalars, mappings, sequences, aliases) in one file, all documents together
MAX_DEPTH = 200  # mappings and sequences nested in one another
MAX_NUMBER_CHARS = 128  # a number literal longer than this is no seed, version or count of any real config
# Datasets one checked file names (its bases and registries included): each is judged and may be a finding, so
# this bounds the time a file under the other limits costs (one string may name thousands: `dataset: a,b,...`).
MAX_DATASETS = 5_000

_MAX_BITS = int(MAX_NUMBER_CHARS * 3.3219)  # log2(10): the bits of a number of that many decimal digits
_LONG_NUMBER = re.compile(rf"(?<![\w.])[-+]?(?:0[xXoObB])?[0-9a-fA-F_]{{{MAX_NUMBER_CHARS},}}")


def too_deep(span: Span) -> UnreadableSource:
    return fail("LL014", f"values are nested more than {MAX_DEPTH} levels deep; the file was not evaluated", span)


def too_many_nodes(span: Span) -> UnreadableSource:
    return fail("LL014", f"the file holds more than {MAX_NODES:,} values; it was not evaluated", span)


def too_many_datasets(span: Span) -> UnreadableSource:
    return fail("LL014", f"the file names more than {MAX_DATASETS:,} datasets; it was not evaluated", span)


def too_many_documents(span: Span) -> UnreadableSource:
    return fail("LL014", f"the stream holds more than {MAX_DOCUMENTS:,} documents; it was not evaluated", span)


def number_too_long(length: int, span: Span) -> UnreadableSource:
    return fail(
        "LL014",
        f"a number of {length:,} digits (the limit is {MAX_NUMBER_CHARS}); it is no seed or version, "
        "and the file was not evaluated",
        span,
    )


def check_int(value: int, span: Span) -> None:
    """Refuse an integer with more decimal digits than :data:`MAX_NUMBER_CHARS` (however it was spelt: a
    hexadecimal literal converts without ``int()``'s 4,300-digit guard, and ``str()`` then fails on it)."""
    if abs(value).bit_length() > _MAX_BITS:
        raise number_too_long(int(abs(value).bit_length() * 0.30103) + 1, span)


def find_long_number(text: str) -> UnreadableSource | None:
    """LL014 at the first number literal over :data:`MAX_NUMBER_CHARS` in ``text`` (strings included:
    used only to locate what a parser already refused)."""
    found = _LONG_NUMBER.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return number_too_long(len(found.group()), Span(line, col, line, col + len(found.group())))


def scan_structure(text: str, opening: str, closing: str, separators: str, strings: re.Pattern[str]) -> None:
    """Refuse (LL014) text whose brackets nest deeper than :data:`MAX_DEPTH` or whose separators and
    openings (an upper bound on its values) exceed :data:`MAX_NODES`. Counting characters first makes
    the common case one pass in C; only a file near a limit is walked token by token (skipping strings
    matched by ``strings``) to find where the limit is crossed."""
    marks = opening + closing + separators
    if sum(text.count(char) for char in opening + separators) <= MAX_NODES and (
        sum(text.count(char) for char in opening) <= MAX_DEPTH
    ):
        return
    token = re.compile(f"{strings.pattern}|[{re.escape(marks)}]")
    depth = count = 0
    for match in token.finditer(text):
        char = match.group()
        if len(char) != 1 or char not in marks:
            continue
        if char in closing:
            depth = max(depth - 1, 0)
            continue
        count += 1
        if char in opening:
            depth += 1
        if depth > MAX_DEPTH or count > MAX_NODES:
            start = match.start()
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            span = Span.point(line, col)
            raise too_deep(span) if depth > MAX_DEPTH else too_many_nodes(span)
