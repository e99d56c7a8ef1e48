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

Tags are resolved here rather than by the composer: libyaml's composer asks the Python resolver for the
tag of every untagged scalar, one Python call each. Its ``resolve`` is ``slice`` instead, a C type that
keeps the three arguments (``slice(kind, value, implicit)``), and the conversion resolves a plain scalar
by its text in a dictionary (:func:`plain_tag`, which the event builder uses too). The safe loader has no
path resolvers (the test suite checks), so the composer's calls that track the path are C no-ops too.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import yaml

from lineage_lint.sources import limits
from lineage_lint.sources.problems import UnreadableSource
from lineage_lint.tree import Entry, MapNode, Node, ScalarNode, SeqNode, composed_span

MAX_CHARS = 1 << 20
# Separators allowed when the C stack is at least 8 MiB; else (or where it cannot be known) a quarter of it.
# libyaml's composer recurses once per nesting level, 250-500 bytes of C stack each.
MAX_SEPARATORS = 4000
_SEPARATORS = "[{-?:,"
_STD = "tag:yaml.org,2002:"
_STR = _STD + "str"
_MERGE = _STD + "merge"
_YScalar, _YMapping, _YSequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
_RESOLVER: Any = yaml.resolver.Resolver()  # the implicit tags of PyYAML's safe loaders (YAML 1.1)
_RESOLVED: dict[str, str] = {}  # plain scalar -> its tag: the resolver's answer depends on the text alone
_MAX_RESOLVED = 100_000


def plain_tag(text: str) -> str:
    """The tag of a plain (unquoted, untagged) scalar: int, float, bool, null, timestamp... or str."""
    tag = _RESOLVED.get(text)
    if tag is None:
        if len(_RESOLVED) >= _MAX_RESOLVED:
            _RESOLVED.clear()
        tag = _RESOLVED[text] = str(_RESOLVER.resolve(_YScalar, text, (True, False)))
    return tag


class _GiveUp(Exception):
    """The file is not plain: the event builder decides."""


_Composer: Any = None  # PyYAML built without libyaml: no fast path
if hasattr(yaml, "CSafeLoader"):

    class _SliceComposer(yaml.CSafeLoader):
        resolve = slice  # each node's tag is slice(kind, value, implicit) unless the file tags it
        # The composer tells the resolver where each node sits, for path resolvers, which the safe loader has
        # none of: C callables that do nothing, instead of two Python calls per node.
        descend_resolver = slice  # type: ignore[assignment]
        ascend_resolver = tuple  # type: ignore[assignment]

    _Composer = _SliceComposer


@functools.cache
def max_separators() -> int:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows, whose main thread has 1 MiB
        return MAX_SEPARATORS // 4
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return MAX_SEPARATORS if soft == resource.RLIM_INFINITY or soft >= 8 << 20 else MAX_SEPARATORS // 4


def plain_tree(text: str, value: Any, unsafe: Any) -> Node | None:
    """The tree of ``text`` when it is plain YAML (see the module's docstring), else None.

    ``value(tag, text, style, span)`` turns a scalar into its value and ``unsafe(tag)`` says whether a tag
    asks for a Python object: the event builder's own, so that both agree by construction."""
    if _Composer is None or len(text) > MAX_CHARS or threading.current_thread() is not threading.main_thread():
        return None
    if sum(map(text.count, _SEPARATORS)) > max_separators():
        return None
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except Exception:  # whatever the composer refuses, the event builder reports
        return None
    finally:
        composer.dispose()
    if root is None or root.__class__ is _YScalar:
        return None
    try:
        return _Converter(value, unsafe, "*" in text).convert(root)
    except (_GiveUp, UnreadableSource, RecursionError):
        return None


def _tag(node: Any) -> str:
    """A scalar's tag: the file's, or resolved as the composer would have."""
    tag = node.tag
    if tag.__class__ is not slice:
        return str(tag)
    return plain_tag(node.value) if tag.step[0] else _STR


_PLAIN: dict[Any, dict[str, tuple[str, Any]]] = {}  # per value function: plain scalar -> (its tag, its value)


class _Converter:
    """Composed nodes to tree nodes, depth first (recursion bounded by :data:`~.limits.MAX_DEPTH`).

    Every node is given the composed node it comes from in place of its span (:mod:`lineage_lint.tree` makes
    the span from its marks when it is read). A plain scalar's tag and value depend on its text alone, so both
    are remembered by text (:meth:`plain`): ``true``, ``0.1``, ``null`` and ``42`` are converted once a run."""

    def __init__(self, value: Any, unsafe: Any, aliases_possible: bool) -> None:
        self.value = value
        self.unsafe = unsafe
        self.seen: set[int] | None = set() if aliases_possible else None
        self.count = 0
        plain = _PLAIN.get(value)
        if plain is None or len(plain) >= _MAX_RESOLVED:
            plain = _PLAIN[value] = {}
        self.plains = plain

    def convert(self, root: Any) -> Node:
        tree = self.node(root, 0)
        if self.count > limits.MAX_NODES:
            raise _GiveUp
        return tree

    def plain(self, node: Any) -> tuple[str, Any]:
        """The tag and value of a plain (untagged, unquoted) scalar, remembered by its text."""
        text = node.value
        tag = plain_tag(text)
        # a number too long raises (the event builder reports it), and is not remembered
        value = text if tag == _STR else self.value(tag, text, node.style, composed_span(node))
        known = self.plains[text] = (tag, value)
        return known

    def scalar(self, node: Any, tag: str) -> ScalarNode:
        if tag == _STR:
            return ScalarNode(node.value, node, tag)
        if self.unsafe(tag):
            raise _GiveUp
        return ScalarNode(self.value(tag, node.value, node.style, composed_span(node)), node, tag)

    def node(self, node: Any, depth: int) -> Node:
        seen = self.seen
        if seen is not None:
            if id(node) in seen:  # an alias: the event builder measures what it expands to
                raise _GiveUp
            seen.add(id(node))
        self.count += 1
        kind = node.__class__
        if kind is _YScalar:
            tag = node.tag
            if tag.__class__ is not slice:
                return self.scalar(node, str(tag))
            # untagged (a list's items): the resolver's tag, never an unsafe one, as for a mapping's values below
            if not tag.step[0]:
                return ScalarNode(node.value, node, _STR)
            known = self.plains.get(node.value) or self.plain(node)
            return ScalarNode(known[1], node, known[0])
        depth += 1
        tag = node.tag
        if depth > limits.MAX_DEPTH or self.count > limits.MAX_NODES or (
                tag.__class__ is not slice and self.unsafe(tag)):
            raise _GiveUp
        if kind is _YSequence:
            return SeqNode([self.node(item, depth) for item in node.value], node)
        return self.mapping(node, depth)

    def mapping(self, node: Any, depth: int) -> MapNode:
        seen = self.seen
        entries: list[Entry] = []
        index: dict[str, Entry] = {}
        append = entries.append
        plains = self.plains
        for key_node, value_node in node.value:
            if key_node.__class__ is not _YScalar:
                raise _GiveUp
            if seen is not None:
                if id(key_node) in seen:
                    raise _GiveUp
                seen.add(id(key_node))
            # the common case inline: a plain key (then a plain value) that is a string
            key_tag: Any = key_node.tag
            key = key_node.value
            if key_tag.__class__ is not slice or not key_tag.step[0] or (
                    plains.get(key) or self.plain(key_node))[0] != _STR:
                tag = _tag(key_node)
                if tag == _MERGE:
                    raise _GiveUp
                if tag != _STR:
                    key = str(self.scalar(key_node, tag).value)
            value_tag = value_node.tag
            if value_node.__class__ is _YScalar and seen is None and value_tag.__class__ is slice:
                # an untagged scalar inline (most values): its tag is the resolver's, never an unsafe one
                if value_tag.step[0]:
                    known = plains.get(value_node.value) or self.plain(value_node)
                    value: Node = ScalarNode(known[1], value_node, known[0])
                else:
                    value = ScalarNode(value_node.value, value_node, _STR)
                self.count += 1
            else:
                value = self.node(value_node, depth)
            entry = index[key] = Entry(key, key_node, value)
            append(entry)
        self.count += len(entries)
        if len(index) != len(entries):  # a key given twice (LL004)
            raise _GiveUp
        return MapNode(entries, node, index)
