"""Turning a path into a :class:`Document`: a positioned tree plus what was wrong with the input.

The documents themselves (:class:`Document`, :func:`parse_text`, :func:`load_document`, :func:`detect_format`)
live in :mod:`lineage_lint.sources.documents`, loaded from there when first asked for: the configuration and
the cache import this package's light modules (:mod:`~lineage_lint.sources.reading`,
:mod:`~lineage_lint.sources.observe`), and a run whose results all come from the cache then imports neither
the positioned tree nor :mod:`dataclasses`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lineage_lint.sources.problems import Problem, UnreadableSource

if TYPE_CHECKING:
    from lineage_lint.sources.documents import Document, detect_format, load_document, parse_text

__all__ = ["Document", "Problem", "UnreadableSource", "detect_format", "load_document", "parse_text"]
_DOCUMENTS = frozenset({"Document", "detect_format", "load_document", "parse_text"})


def __getattr__(name: str) -> Any:
    if name in _DOCUMENTS:
        from lineage_lint.sources import documents

        return getattr(documents, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
