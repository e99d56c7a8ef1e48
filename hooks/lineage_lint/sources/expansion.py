"""Refusing trees whose shared nodes would expand to an enormous (or infinite) document."""

from __future__ import annotations

from lineage_lint.sources.problems import fail
from lineage_lint.tree import Node, overflowing_node

MAX_EXPANDED_NODES = 200_000


def refuse_alias_bomb(root: Node) -> None:
    """Raise LL006 when walking ``root`` naively would visit more than :data:`MAX_EXPANDED_NODES` nodes.

    Readers call this only when their tree shares nodes (a YAML alias, a Python name used as a value):
    a tree without sharing is exactly as large as its file, which the size cap already bounds.
    """
    overflow = overflowing_node(root, MAX_EXPANDED_NODES)
    if overflow is not None:  # located at the node whose expansion crosses the limit
        raise fail(
            "LL006",
            f"aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb, or a recursive "
            "alias); the file was not evaluated",
            overflow.span,
        )
