"""What a source reader reports when a file cannot be read, or can be read only with reservations."""

from __future__ import annotations

from lineage_lint.plain import Frozen
from lineage_lint.span import FILE_START, Span


class Problem(Frozen):
    """A problem with the input itself, reported under a rule code (``LL0xx``). (A
    :class:`~lineage_lint.plain.Frozen` class: the cache, which a warm run imports, imports this module.)"""

    FIELDS = ("code", "message", "span", "identity")
    __slots__ = FIELDS
    code: str
    message: str
    span: Span
    identity: str

    def __init__(self, code: str, message: str, span: Span = FILE_START, identity: str = "") -> None:
        self._set(code=code, message=message, span=span, identity=identity)


class UnreadableSource(Exception):
    """Raised when a file cannot be turned into a tree at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def fail(code: str, message: str, span: Span = FILE_START) -> UnreadableSource:
    """Build the exception for a fatal problem (``raise fail(...)``)."""
    return UnreadableSource(Problem(code, message, span))
