"""YAML to a positioned tree, without constructing any object a tag asks for.

The file is *parsed* to PyYAML events and the tree is built from them here, never loaded:
``!!python/object/apply`` and friends are reported and left unconstructed. Building from events, with an
explicit stack rather than recursion, bounds what a hostile file costs: documents, values and depth are
counted as they arrive and the file is refused (LL014) where a limit of :mod:`.limits` is crossed, before
the rest is even scanned. Aliases stay shared nodes, so a billion-laughs document is a few dozen nodes
here, and :func:`lineage_lint.tree.overflowing_node` refuses it before anything walks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from lineage_lint.sources import limits
from lineage_lint.sources.expansion import refuse_alias_bomb
from lineage_lint.sources.problems import Problem, fail
from lineage_lint.sources.yaml_fast import plain_tag, plain_tree
from lineage_lint.tree import Entry, MapNode, Node, OpaqueNode, ScalarNode, SeqNode, Span

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The C safe loader, resolving plain scalars through :func:`.yaml_fast.plain_tag`, which remembers the
    tag of each text (keys such as ``name`` and ``seed`` come back in every file)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return plain_tag(value)
        return super().resolve(kind, value, implicit)


_STD = "tag:yaml.org,2002:"
_MERGE = _STD + "merge"
_INT, _FLOAT, _BOOL, _NULL = (_STD + name for name in ("int", "float", "bool", "null"))
_PLAIN_SCALAR_TAGS = frozenset({_INT, _FLOAT, _BOOL, _NULL})
_BOOLS = yaml.constructor.SafeConstructor.bool_values
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]")


def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _point(mark: Any) -> Span:
    return Span.point(mark.line + 1, mark.column + 1)


def parse_yaml(text: str) -> tuple[Node, list[Problem]]:
    """Parse ``text``; return the first document's tree and the non-fatal problems (duplicate keys, unsafe
    tags) of every document (a base a config composes is read so: its first non-empty document).

    Plain files (most) are composed by libyaml (:mod:`.yaml_fast`); anything else is built here, event by
    event."""
    documents, problems = parse_yaml_stream(text)
    return documents[0], problems


def parse_yaml_stream(text: str) -> tuple[list[Node], list[Problem]]:
    """:func:`parse_yaml`, with every non-empty document of the stream (a checked file is judged by each)."""
    tree = plain_tree(text, _scalar_value, _not_plain_tag)
    if tree is not None:
        return [tree], []
    return _stream_from_events(text)


def build_from_events(text: str) -> tuple[Node, list[Problem]]:
    """:func:`parse_yaml` event by event, whatever the file holds (the reference the fast path must match)."""
    documents, problems = _stream_from_events(text)
    return documents[0], problems


def _stream_from_events(text: str) -> tuple[list[Node], list[Problem]]:
    builder = _Builder()
    loader = None
    try:
        loader = _Loader(text)
        documents = builder.documents(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = _point(mark) if mark else Span.point(1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        raise fail("LL001", f"invalid YAML: {problem}{context}", span) from None
    except yaml.reader.ReaderError as exc:  # a control character, or bytes that are not text
        raise fail("LL001", f"invalid YAML: {_reader_problem(exc)}", _offset_span(text, exc.position)) from None
    except yaml.YAMLError as exc:
        raise fail("LL001", f"invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    documents = [doc for doc in documents if not _is_empty(doc)]
    if not documents:
        raise fail("LL003", "the file is empty: it declares nothing")
    if builder.shared:
        for document in documents:
            refuse_alias_bomb(document)
    return documents, builder.problems


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    character = exc.character
    code = f"#x{character:04x}" if isinstance(character, int) else repr(character)
    return f"unacceptable character {code}: {exc.reason}"


def _offset_span(text: str, offset: int) -> Span:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, col, line, col + 1)


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL and node.value is None and (
        node.span.line == node.span.end_line and node.span.end_col - node.span.col <= 1
    )


@dataclass(slots=True)
class _Frame:
    """A mapping or sequence being built: its node, and (for a mapping) the key awaiting its value."""

    node: MapNode | SeqNode | None  # None: a container under an unsafe tag, read but not kept
    start: Any
    entries: list[Entry] = field(default_factory=list)
    merged: list[Entry] = field(default_factory=list)
    first_seen: dict[str, int] = field(default_factory=dict)
    key: Node | None = None
    key_tag: str = ""
    has_key: bool = False
    opaque_tag: str = ""


class _Builder:
    """Builds tree nodes from PyYAML events, counting documents, values and depth as it goes."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.shared = False  # an alias was used: the tree is a DAG and must be measured before walking
        self._nodes = 0

    def documents(self, loader: Any) -> list[Node]:
        documents: list[Node] = []
        anchors: dict[str, Node] = {}
        stack: list[_Frame] = []
        root: list[Node] = []
        count = 0
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return documents
            if isinstance(event, yaml.DocumentStartEvent):
                count += 1
                if count > limits.MAX_DOCUMENTS:
                    raise limits.too_many_documents(_point(event.start_mark))
                continue
            if isinstance(event, yaml.DocumentEndEvent):
                documents.extend(root)
                root.clear()
                anchors = {}
                continue
            if isinstance(event, yaml.StreamStartEvent):
                continue
            node = self._event(event, loader, anchors, stack)
            if node is not None:
                self._place(node, stack, root)

    def _count(self, mark: Any) -> None:
        self._nodes += 1
        if self._nodes > limits.MAX_NODES:
            raise limits.too_many_nodes(_point(mark))

    def _event(self, event: Any, loader: Any, anchors: dict[str, Node], stack: list[_Frame]) -> Node | None:
        """The node ``event`` completes (None when it opens a container, which completes at its end)."""
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            return self._close(stack.pop(), event)
        self._count(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            known = anchors.get(event.anchor or "")
            if known is None:
                raise fail("LL001", f"invalid YAML: found undefined alias {event.anchor!r}", _point(event.start_mark))
            self.shared = True
            return known
        anchor = event.anchor
        if anchor is not None and anchor in anchors:
            raise fail("LL001", f"invalid YAML: found duplicate anchor {anchor!r}", _point(event.start_mark))
        tag = event.tag
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            span = _span(event.start_mark, event.end_mark)
            scalar: Node = (
                self._unsafe(tag, event.value, span) if _unsafe_tag(tag)
                else ScalarNode(f"{_shown_tag(tag)} {event.value}", span, tag) if event.value and _application_tag(tag)
                else ScalarNode(_scalar_value(tag, event.value, event.style, span), span, tag)
            )
            if anchor is not None:
                anchors[anchor] = scalar
            return scalar
        if len(stack) >= limits.MAX_DEPTH:
            raise limits.too_deep(_point(event.start_mark))
        mapping = isinstance(event, yaml.MappingStartEvent)
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.MappingNode if mapping else yaml.SequenceNode, None, event.implicit)
        span = _point(event.start_mark)
        frame = _Frame(None, event.start_mark)
        if _unsafe_tag(tag):
            frame.opaque_tag = tag
        else:
            frame.node = MapNode([], span) if mapping else SeqNode([], span)
        stack.append(frame)
        if anchor is not None:
            anchors[anchor] = frame.node if frame.node is not None else OpaqueNode(tag, span)
        return None

    def _close(self, frame: _Frame, event: Any) -> Node:
        span = _span(frame.start, event.end_mark)
        node = frame.node
        if node is None:
            kind = "MappingNode" if isinstance(event, yaml.MappingEndEvent) else "SequenceNode"
            return self._unsafe(frame.opaque_tag, f"<{kind}>", span)
        node.span = span
        if isinstance(node, MapNode):
            seen = {entry.key for entry in frame.entries}
            for entry in frame.merged:  # explicit keys win; among merged maps the first one wins
                if entry.key not in seen:
                    seen.add(entry.key)
                    frame.entries.append(entry)
            for entry in frame.entries:
                node.set(entry)
        return node

    def _place(self, node: Node, stack: list[_Frame], root: list[Node]) -> None:
        if not stack:
            root.append(node)
            return
        frame = stack[-1]
        if isinstance(frame.node, SeqNode):
            frame.node.items.append(node)
            return
        if not frame.has_key:
            frame.key, frame.has_key = node, True
            frame.key_tag = node.tag if isinstance(node, ScalarNode) else ""
            return
        key, frame.key, frame.has_key = frame.key, None, False
        if frame.node is None:  # inside an unsafe-tagged container: nothing is kept
            return
        assert key is not None
        if frame.key_tag == _MERGE:
            sources = node.items if isinstance(node, SeqNode) else [node]
            for source in sources:
                if isinstance(source, MapNode):
                    frame.merged.extend(source.entries)
            return
        name = _key_text(key)
        key_span = key.span
        if name in frame.first_seen:
            self.problems.append(Problem(
                "LL004",
                f"key '{name}' appears twice in this mapping (first on line {frame.first_seen[name]}); "
                "YAML loaders silently keep the last value",
                key_span, identity=name,
            ))
        frame.first_seen.setdefault(name, key_span.line)
        frame.entries.append(Entry(name, key_span, node))

    def _unsafe(self, tag: str, raw: str, span: Span) -> OpaqueNode:
        self.problems.append(Problem(
            "LL005",
            f"unsafe YAML tag {tag.replace(_STD, '!!')}: it asks the loader to build a Python object (or run "
            "code); it was not constructed",
            span, identity=tag,
        ))
        return OpaqueNode(f"{tag} {raw}", span)


def _scalar_value(tag: str, value: str, style: str | None, span: Span) -> Any:
    """A scalar's value: a string unless its tag is int, float, bool or null (never an object)."""
    if tag not in _PLAIN_SCALAR_TAGS:
        return value
    if tag in (_INT, _FLOAT) and len(value) > limits.MAX_NUMBER_CHARS:
        raise limits.number_too_long(len(value), span)
    try:  # the common spellings directly; YAML 1.1's odd ones (017, 1:30, .inf) by PyYAML's rules
        if tag == _INT and "_" not in value and not _LEADING_ZERO.match(value):
            return int(value, 0)
        if tag == _FLOAT and value[-1:].isdigit() and "_" not in value:
            return float(value)
    except ValueError:
        pass
    if tag == _BOOL:
        return _BOOLS.get(value.lower(), value)
    if tag == _NULL:
        return None
    node = yaml.ScalarNode(tag, value, style=style)
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, IndexError, OverflowError):  # `!!int ""`, `!!float ""`
        return value


def _unsafe_tag(tag: str) -> bool:
    return tag.startswith(_STD + "python/") or tag.startswith("!!python/")


def _application_tag(tag: str) -> bool:
    """Whether a scalar's tag is the application's own (``!env DATA_VERSION``, ``!include seed.txt``,
    ``!random 42``): its constructor, not the text, makes the value. The scalar keeps the tag in its text
    (``!env DATA_VERSION``), so that no reading takes the text for the value: such a seed is no integer and
    such a version pins nothing (:data:`.values.APPLICATION_TAG`), while a reference still names what it names.
    An empty one (SpeechBrain's ``!PLACEHOLDER``) stays the empty value it is: a slot to fill."""
    return not tag.startswith(_STD)


def _shown_tag(tag: str) -> str:
    """A tag as the file spells it: ``!env``, or ``!<tag:acme.com,2024:env>`` for a verbatim one."""
    return tag if tag.startswith("!") else f"!<{tag}>"


def _not_plain_tag(tag: str) -> bool:
    """The fast path leaves to the event builder every tag that is not plain: unsafe or the application's."""
    return _unsafe_tag(tag) or _application_tag(tag)


def _key_text(key: Node) -> str:
    if isinstance(key, ScalarNode):
        return str(key.value)
    if isinstance(key, OpaqueNode):
        return key.text.split(" ", 1)[-1]
    return f"<{'MappingNode' if isinstance(key, MapNode) else 'SequenceNode'}>"
