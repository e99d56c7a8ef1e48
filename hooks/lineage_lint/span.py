"""Where something is in a source file: the :class:`Span` every node and finding carries.

Kept apart from :mod:`lineage_lint.tree` (the positioned tree, its node classes) so that what reports
findings, the cache among them, need not import the tree."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A region of a source file; lines and columns are 1-based, ``end_col`` is exclusive.

    ``file`` is empty for the file being checked; composition stamps the nodes it reads from other files
    (bases, overlays, params files) with their repository-relative path, so that a value merged into the
    checked file's tree still says where it was set. A named tuple rather than a dataclass: readers build
    one per node, and this is the cheapest."""

    line: int
    col: int
    end_line: int
    end_col: int
    file: str = ""

    @classmethod
    def point(cls, line: int, col: int = 1) -> Span:
        return cls(line, col, line, col)


FILE_START = Span(1, 1, 1, 1)
