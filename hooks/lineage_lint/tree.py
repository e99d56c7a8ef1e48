"""The positioned tree every source format is read into.

A config file becomes a tree of :class:`MapNode`, :class:`SeqNode`, :class:`ScalarNode` and
:class:`OpaqueNode` objects. Each node knows the span of source text that produced it, so a finding can
point at the exact line and column that set a value. YAML aliases are shared nodes (the tree is a DAG,
never an expanded copy), which is why walkers must use :func:`overflowing_node` before walking naively.
"""

from __future__ import annotations

from collections.abc import Iterator, KeysView
from dataclasses import dataclass
from typing import Any, Union

# Re-exported: the nodes' spans (defined apart, so that findings need not import the tree).
from lineage_lint.span import FILE_START as FILE_START  # noqa: PLC0414
from lineage_lint.span import Span as Span  # noqa: PLC0414

Scalar = Union[str, int, float, bool, None]  # noqa: UP007 (a runtime alias, Python 3.10)


def composed_span(place: Any) -> Span:
    """The span of a node libyaml composed (``place`` has its ``start_mark`` and ``end_mark``)."""
    if isinstance(place, tuple):  # a span already (a plain tuple some reader built)
        return Span(*place)
    start, end = place.start_mark, place.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


# Spans are made when they are read. A reader hands each node either its Span or the composed libyaml node it
# comes from (:mod:`.sources.yaml_fast`), whose marks give the Span the first time ``span`` is asked for: most
# values of a file that passes are never pointed at, and building their spans was a tenth of a cold check.


class _Placed:
    """A node's span, made from the composed node it comes from when first read (see above)."""

    __slots__ = ("_span",)
    _span: Span | Any

    @property
    def span(self) -> Span:
        span = self._span
        if span.__class__ is not Span:
            span = self._span = composed_span(span)
        return span

    @span.setter
    def span(self, span: Span) -> None:
        self._span = span


class ScalarNode(_Placed):
    """A plain value: string, number, boolean or null."""

    __slots__ = ("tag", "value")

    def __init__(self, value: Scalar, span: Span | Any, tag: str = "") -> None:
        self.value = value
        self._span = span
        self.tag = tag

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not ScalarNode:
            return NotImplemented
        assert isinstance(other, ScalarNode)
        return (self.value, self.span, self.tag) == (other.value, other.span, other.tag)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ScalarNode(value={self.value!r}, span={self.span!r}, tag={self.tag!r})"


@dataclass(slots=True)
class OpaqueNode:
    """A value that cannot be read without executing code (a Python expression, a function call)."""

    text: str
    span: Span


class Entry:
    """One ``key: value`` pair of a mapping, with the span of the key itself."""

    __slots__ = ("_key_span", "key", "value")

    def __init__(self, key: str, key_span: Span | Any, value: Node) -> None:
        self.key = key
        self._key_span = key_span
        self.value = value

    @property
    def key_span(self) -> Span:
        span = self._key_span
        if span.__class__ is not Span:
            span = self._key_span = composed_span(span)
        return span

    @key_span.setter
    def key_span(self, span: Span) -> None:
        self._key_span = span

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Entry:
            return NotImplemented
        assert isinstance(other, Entry)
        return (self.key, self.key_span, self.value) == (other.key, other.key_span, other.value)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Entry(key={self.key!r}, key_span={self.key_span!r}, value={self.value!r})"


class MapNode(_Placed):
    """A mapping; entries keep file order. Later duplicates replace earlier ones in :meth:`get`."""

    __slots__ = ("_cased", "_folded", "_index", "_public", "entries")

    def __init__(self, entries: list[Entry], span: Span | Any, index: dict[str, Entry] | None = None) -> None:
        """``index``, when given, is ``entries`` by key (the last of each), as a reader built it."""
        self.entries = entries
        self._span = span
        self._index = {entry.key: entry for entry in entries} if index is None else index
        self._folded: dict[str, Entry] | None = None
        self._cased: bool | None = None
        self._public: list[Entry] | None = None

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not MapNode:
            return NotImplemented
        assert isinstance(other, MapNode)
        return (self.entries, self.span, self._index) == (other.entries, other.span, other._index)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"MapNode(entries={self.entries!r}, span={self.span!r})"

    def get(self, key: str) -> Node | None:
        entry = self._index.get(key)
        return entry.value if entry is not None else None

    def entry(self, key: str) -> Entry | None:
        return self._index.get(key)

    def keys(self) -> KeysView[str]:
        return self._index.keys()

    def cased(self) -> bool:
        """Whether some key is not all lower case (``DATA_DIR``, ``trainFile``, ``0``): only then can a key be
        found by its lower-cased name and not by itself. Remembered until the mapping changes."""
        if self._cased is None:
            self._cased = any(not key.islower() for key in self._index)
        return self._cased

    def folded(self) -> dict[str, Entry]:
        """The entries by lower-cased key (the first of each). Remembered until the mapping changes: readers ask
        the same mapping once per key."""
        if self._folded is None:
            found: dict[str, Entry] = {}
            for entry in self.entries:
                found.setdefault(entry.key.lower(), entry)
            self._folded = found
        return self._folded

    def public(self) -> list[Entry]:
        """The entries but those whose key starts with ``__`` (what a Python config's reader adds: ``__call__``,
        ``__args__``, ``__imports__``). Remembered until the mapping changes: every walk of the readers asks; not to
        be modified."""
        if self._public is None:
            entries = self.entries
            public = [entry for entry in entries if not entry.key.startswith("__")]
            self._public = entries if len(public) == len(entries) else public
        return self._public

    def set(self, entry: Entry) -> None:
        """Add or replace an entry (used by resolvers that apply overrides)."""
        self._folded, self._cased, self._public = None, None, None
        if entry.key in self._index:
            self.entries = [e for e in self.entries if e.key != entry.key]
        self.entries.append(entry)
        self._index[entry.key] = entry


class SeqNode(_Placed):
    """A sequence (YAML/JSON/TOML array, Python list or tuple)."""

    __slots__ = ("items",)

    def __init__(self, items: list[Node], span: Span | Any) -> None:
        self.items = items
        self._span = span

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not SeqNode:
            return NotImplemented
        assert isinstance(other, SeqNode)
        return (self.items, self.span) == (other.items, other.span)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SeqNode(items={self.items!r}, span={self.span!r})"


Node = Union[MapNode, SeqNode, ScalarNode, OpaqueNode]  # noqa: UP007


def dotted(path: tuple[str | int, ...]) -> str:
    """``("data", "train", 0, "name")`` -> ``data.train[0].name``: how paths are shown in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def children(node: Node) -> Iterator[tuple[str | int, Node]]:
    """Yield ``(key or index, child)`` pairs of a container node."""
    if isinstance(node, MapNode):
        for entry in node.entries:
            yield entry.key, entry.value
    elif isinstance(node, SeqNode):
        yield from enumerate(node.items)


def overflowing_node(root: Node, limit: int) -> Node | None:
    """The node where a naive walk first visits more than ``limit`` nodes (the deepest such node: the alias
    that makes the expansion explode, where a finding should point), or None when the whole walk stays
    within ``limit``.

    Shared subtrees (YAML aliases) are counted once per reference, as a walk would visit them, but each
    distinct node's size is computed only once, so a billion-laughs document costs a few hundred steps.
    A cyclic document (a recursive alias expands forever) overflows at the node holding the reference back.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    overflow: list[Node] = []

    def size(node: Node) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in in_progress:
            return limit + 1
        in_progress.add(key)
        total = 1
        for _, child in children(node):
            total += size(child)
            if total > limit:
                total = limit + 1
                if not overflow:  # children finish first: the first node found is the deepest
                    overflow.append(node)
                break
        in_progress.discard(key)
        sizes[key] = total
        return total

    size(root)
    return overflow[0] if overflow else None


def stamp(root: Node, file: str, keep_marked: bool = False) -> None:
    """Mark every span of ``root`` (a tree read from another file) as coming from ``file``. With
    ``keep_marked``, a node already marked (a value the file imported from a third one) keeps its mark."""
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if not (keep_marked and node.span.file):
            node.span = node.span._replace(file=file)
        if isinstance(node, MapNode):
            for entry in node.entries:
                if not (keep_marked and entry.key_span.file):
                    entry.key_span = entry.key_span._replace(file=file)
                stack.append(entry.value)
        elif isinstance(node, SeqNode):
            stack.extend(node.items)


def clone(node: Node, memo: dict[int, Node] | None = None) -> Node:
    """A copy of the containers of ``node`` (scalars are shared): composition merges into copies, never into
    a cached base that another file of the same run composes too. A container shared within ``node`` (a
    YAML alias) is copied once and stays shared, so a copy is never larger than its file."""
    if not isinstance(node, (MapNode, SeqNode)):
        return node
    memo = {} if memo is None else memo
    copied = memo.get(id(node))
    if copied is not None:
        return copied
    # (spans are passed on as they are: a copy does not make them, see above)
    if isinstance(node, MapNode):
        mapping = memo[id(node)] = MapNode([], node._span)
        entries = [Entry(entry.key, entry._key_span, clone(entry.value, memo)) for entry in node.entries]
        index = {entry.key: entry for entry in entries}
        if len(index) == len(entries):
            mapping.entries, mapping._index = entries, index
        else:  # a key given twice: the last one stays, where the first one was
            for entry in entries:
                mapping.set(entry)
        return mapping
    sequence = memo[id(node)] = SeqNode([], node._span)
    sequence.items = [clone(item, memo) for item in node.items]
    return sequence


def merge(base: Node, override: Node) -> Node:
    """``override`` merged onto ``base`` the way OmegaConf, MMEngine and detectron2 merge configs: mappings
    recursively, key by key; anything else is replaced. Neither input is modified."""
    if not (isinstance(base, MapNode) and isinstance(override, MapNode)) or _replaces(override):
        return clone(override)
    entries = [Entry(e.key, e._key_span, clone(e.value)) for e in base.entries]
    position = {entry.key: index for index, entry in enumerate(entries)}
    for entry in override.entries:
        index = position.get(entry.key)
        if index is None:
            position[entry.key] = len(entries)
            entries.append(Entry(entry.key, entry._key_span, clone(entry.value)))
        else:
            entries[index] = Entry(entry.key, entry._key_span, merge(entries[index].value, entry.value))
    return MapNode(entries, override._span if override.entries else base._span)


def _replaces(node: MapNode) -> bool:
    """MMEngine's ``_delete_=True``: the mapping replaces the base's instead of merging into it."""
    marker = node.get("_delete_")
    return isinstance(marker, ScalarNode) and marker.value is True
