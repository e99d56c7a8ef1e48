"""The positioned tree every source format is read into.

A config file becomes a tree of :class:`MapNode`, :class:`SeqNode`, :class:`ScalarNode` and
:class:`OpaqueNode` objects. Each node knows the span of source text that produced it, so a finding can
point at the exact line and column that set a value. YAML aliases are shared nodes (the tree is a DAG,
never an expanded copy), which is why walkers must use :func:`overflowing_node` before walking naively.
"""

from __future__ import annotations

from collections.abc import Iterator, KeysView
from dataclasses import dataclass, field
from typing import Union

# Re-exported: the nodes' spans (defined apart, so that findings need not import the tree).
from lineage_lint.span import FILE_START as FILE_START  # noqa: PLC0414
from lineage_lint.span import Span as Span  # noqa: PLC0414

Scalar = Union[str, int, float, bool, None]  # noqa: UP007 (a runtime alias, Python 3.10)


@dataclass(slots=True)
class ScalarNode:
    """A plain value: string, number, boolean or null."""

    value: Scalar
    span: Span
    tag: str = ""


@dataclass(slots=True)
class OpaqueNode:
    """A value that cannot be read without executing code (a Python expression, a function call)."""

    text: str
    span: Span


@dataclass(slots=True)
class Entry:
    """One ``key: value`` pair of a mapping, with the span of the key itself."""

    key: str
    key_span: Span
    value: Node


@dataclass(slots=True)
class MapNode:
    """A mapping; entries keep file order. Later duplicates replace earlier ones in :meth:`get`."""

    entries: list[Entry]
    span: Span
    _index: dict[str, Entry] = field(default_factory=dict, repr=False)
    _folded: dict[str, Entry] | None = field(default=None, init=False, repr=False, compare=False)
    _cased: bool | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index = {entry.key: entry for entry in self.entries}

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

    def set(self, entry: Entry) -> None:
        """Add or replace an entry (used by resolvers that apply overrides)."""
        self._folded, self._cased = None, None
        if entry.key in self._index:
            self.entries = [e for e in self.entries if e.key != entry.key]
        self.entries.append(entry)
        self._index[entry.key] = entry


@dataclass(slots=True)
class SeqNode:
    """A sequence (YAML/JSON/TOML array, Python list or tuple)."""

    items: list[Node]
    span: Span


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
    if isinstance(node, MapNode):
        mapping = memo[id(node)] = MapNode([], node.span)
        for entry in node.entries:
            mapping.set(Entry(entry.key, entry.key_span, clone(entry.value, memo)))
        return mapping
    sequence = memo[id(node)] = SeqNode([], node.span)
    sequence.items = [clone(item, memo) for item in node.items]
    return sequence


def merge(base: Node, override: Node) -> Node:
    """``override`` merged onto ``base`` the way OmegaConf, MMEngine and detectron2 merge configs: mappings
    recursively, key by key; anything else is replaced. Neither input is modified."""
    if not (isinstance(base, MapNode) and isinstance(override, MapNode)) or _replaces(override):
        return clone(override)
    entries = [Entry(e.key, e.key_span, clone(e.value)) for e in base.entries]
    position = {entry.key: index for index, entry in enumerate(entries)}
    for entry in override.entries:
        index = position.get(entry.key)
        if index is None:
            position[entry.key] = len(entries)
            entries.append(Entry(entry.key, entry.key_span, clone(entry.value)))
        else:
            entries[index] = Entry(entry.key, entry.key_span, merge(entries[index].value, entry.value))
    return MapNode(entries, override.span if override.entries else base.span)


def _replaces(node: MapNode) -> bool:
    """MMEngine's ``_delete_=True``: the mapping replaces the base's instead of merging into it."""
    marker = node.get("_delete_")
    return isinstance(marker, ScalarNode) and marker.value is True
