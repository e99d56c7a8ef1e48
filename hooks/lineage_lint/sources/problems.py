"""What a source reader reports when a file cannot be read, or can be read only with reservations."""

from __future__ import annotations

from dataclasses import dataclass

from lineage_lint.tree import FILE_START, Span


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem with the input itself, reported under a rule code (``LL0xx``)."""

    code: str
    message: str
    span: Span = FILE_START
    identity: str = ""


class UnreadableSource(Exception):
    """Raised when a file cannot be turned into a tree at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def fail(code: str, message: str, span: Span = FILE_START) -> UnreadableSource:
    """Build the exception for a fatal problem (``raise fail(...)``)."""
    return UnreadableSource(Problem(code, message, span))
