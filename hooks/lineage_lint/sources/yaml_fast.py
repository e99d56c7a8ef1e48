"""The fast way to the same positioned tree: libyaml's composer, for the plain files that are most files.

:mod:`.yaml_source` builds the tree from PyYAML's events in Python, which bounds what a hostile file costs
and reports every oddity (duplicate keys, unsafe tags, merge keys, aliases). Most configs have none of
them, and for those the C composer (``CSafeLoader.get_single_node``) does the same work several times
faster: this module converts its nodes into the same tree, and gives up (returns None) on anything that
is not plain, so that the event builder, the reference, decides instead. It gives up on:

- a text over :data:`MAX_CHARS`, or with more than :data:`max_separators` of the characters that open
  collections or separate values (``[ { - ? : ,``). Every collection needs one of them and every value
  sits after one (or is the root), so this bounds the nodes and the nesting depth, hence the time and
  memory of the composer and the depth of its recursion (C recursion, without Python's guard: it runs
  only on the main thread, whose stack is known);
- anything the composer refuses: invalid YAML, several documents, an undefined or duplicate anchor;
- an empty document or a root that is not a mapping or a sequence;
- a tag asking for a Python object, a merge key (``<<``), a key that is not a scalar, a key given twice;
- an alias (a node met twice), nesting deeper than :data:`~.limits.MAX_DEPTH`, more than
  :data:`~.limits.MAX_NODES` values, a number longer than :data:`~.limits.MAX_NUMBER_CHARS`.

What it returns is the tree :func:`.yaml_source.parse_yaml` would build (values, tags, spans, key order),
with no problems; ``tests/test_yaml_fast.py`` compares the two on every YAML file it can find.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import yaml

from lineage_lint.sources import limits
from lineage_lint.sources.problems import UnreadableSource
from lineage_lint.tree import Entry, MapNode, Node, ScalarNode, SeqNode, Span

MAX_CHARS = 1 << 20
# Separators allowed when the C stack is at least 8 MiB; else (or where it cannot be known) a quarter of it.
# libyaml's composer recurses once per nesting level, 250-500 bytes of C stack each.
MAX_SEPARATORS = 4000
_SEPARATORS = "[{-?:,"
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_YScalar, _YMapping, _YSequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode


class _GiveUp(Exception):
    """The file is not plain: the event builder decides."""


@functools.cache
def max_separators() -> int:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows, whose main thread has 1 MiB
        return MAX_SEPARATORS // 4
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return MAX_SEPARATORS if soft == resource.RLIM_INFINITY or soft >= 8 << 20 else MAX_SEPARATORS // 4


def plain_tree(text: str, loader_class: Any, value: Any, unsafe: Any) -> Node | None:
    """The tree of ``text`` when it is plain YAML (see the module's docstring), else None.

    ``loader_class`` is the C loader (with the resolver the event builder uses), ``value(tag, text, style,
    span)`` turns a scalar into its value and ``unsafe(tag)`` says whether a tag asks for a Python object:
    the event builder's own, so that both agree by construction."""
    if len(text) > MAX_CHARS or threading.current_thread() is not threading.main_thread():
        return None
    if sum(map(text.count, _SEPARATORS)) > max_separators():
        return None
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    except Exception:
        return None
    finally:
        loader.dispose()
    if root is None or root.__class__ is _YScalar:
        return None
    try:
        return _Converter(value, unsafe, "*" in text).convert(root)
    except (_GiveUp, UnreadableSource, RecursionError):
        return None


class _Converter:
    def __init__(self, value: Any, unsafe: Any, aliases_possible: bool) -> None:
        self.value = value
        self.unsafe = unsafe
        self.seen: set[int] | None = set() if aliases_possible else None
        self.count = 0

    def convert(self, root: Any) -> Node:
        tree = self.node(root, 0)
        if self.count > limits.MAX_NODES:
            raise _GiveUp
        return tree

    def scalar(self, node: Any) -> ScalarNode:
        start, end = node.start_mark, node.end_mark
        span = Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        tag = node.tag
        if tag == _STR:
            return ScalarNode(node.value, span, tag)
        if self.unsafe(tag):
            raise _GiveUp
        return ScalarNode(self.value(tag, node.value, node.style, span), span, tag)

    def node(self, node: Any, depth: int) -> Node:
        seen = self.seen
        if seen is not None:
            if id(node) in seen:  # an alias: the event builder measures what it expands to
                raise _GiveUp
            seen.add(id(node))
        self.count += 1
        if node.__class__ is _YScalar:
            return self.scalar(node)
        depth += 1
        if depth > limits.MAX_DEPTH or self.count > limits.MAX_NODES or self.unsafe(node.tag):
            raise _GiveUp
        start, end = node.start_mark, node.end_mark
        span = Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        if node.__class__ is _YSequence:
            return SeqNode([self.node(item, depth) for item in node.value], span)
        entries = []
        for key_node, value_node in node.value:
            if key_node.__class__ is not _YScalar or key_node.tag == _MERGE:
                raise _GiveUp
            if seen is not None:
                if id(key_node) in seen:
                    raise _GiveUp
                seen.add(id(key_node))
            self.count += 1
            key = self.scalar(key_node)
            entries.append(Entry(str(key.value), key.span, self.node(value_node, depth)))
        mapping = MapNode(entries, span)
        if len(mapping.keys()) != len(entries):  # a key given twice (LL004)
            raise _GiveUp
        return mapping
