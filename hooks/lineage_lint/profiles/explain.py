"""What the reading considered, for ``lineage-lint show --explain``: each key weighed as a dataset or a run
seed, whether it was taken, and why.

The readers call :func:`note` where they decide; nothing is kept unless a caller is collecting
(:func:`collecting`), so the hook path pays one context-variable lookup per decision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

Kind = Literal["dataset", "seed"]


@dataclass(frozen=True, slots=True)
class Consideration:
    kind: Kind
    key: str
    taken: bool
    why: str


_CURRENT: ContextVar[list[Consideration] | None] = ContextVar("lineage_lint_explain", default=None)


def note(kind: Kind, key: str, taken: bool, why: str) -> None:
    """Record a decision about ``key`` (a dotted key path) when someone is collecting."""
    found = _CURRENT.get()
    if found is not None and len(found) < 500:
        found.append(Consideration(kind, key, taken, why))


def active() -> bool:
    return _CURRENT.get() is not None


@contextmanager
def collecting() -> Iterator[list[Consideration]]:
    """Collect the decisions made inside the ``with`` block."""
    found: list[Consideration] = []
    token = _CURRENT.set(found)
    try:
        yield found
    finally:
        _CURRENT.reset(token)
