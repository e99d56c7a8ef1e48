"""YAML to a positioned tree, without constructing any object a tag asks for.

The file is *composed* (parsed to PyYAML nodes), never loaded: ``!!python/object/apply`` and friends are
reported and left unconstructed. Aliases stay shared nodes, so a billion-laughs document is a few dozen
nodes here, and :func:`lineage_lint.tree.expanded_size` refuses it before anything walks it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from lineage_lint.sources.expansion import refuse_alias_bomb
from lineage_lint.sources.problems import Problem, fail
from lineage_lint.tree import Entry, MapNode, Node, OpaqueNode, ScalarNode, SeqNode, Span

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STD = "tag:yaml.org,2002:"
_MERGE = _STD + "merge"
_INT, _FLOAT, _BOOL, _NULL = (_STD + name for name in ("int", "float", "bool", "null"))
_PLAIN_SCALAR_TAGS = frozenset({_INT, _FLOAT, _BOOL, _NULL})
_BOOLS = yaml.constructor.SafeConstructor.bool_values
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]")
_MAX_DEPTH = 200
_HOSTILE_DEPTH = 5_000
_FLOW_CHARS = re.compile(r"[^\[\]{}]+")
_DEEP_BLOCK = re.compile(r"^[ \t]*(?:-[ \t]+){64,}|^[ \t]{1024,}\S", re.MULTILINE)


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def parse_yaml(text: str) -> tuple[Node, list[Problem]]:
    """Parse ``text``; return the first document's tree and the non-fatal problems (duplicate keys, unsafe
    tags) of every document. A multi-document stream is judged by its first non-empty document."""
    # libyaml's composer recurses in C and crashes the interpreter on very deep nesting; the pure-Python
    # composer stops at the recursion limit instead, so deep-looking input goes there.
    depth = _flow_depth(text)
    if depth > _HOSTILE_DEPTH:  # brackets nested thousands deep: no config looks like that
        raise fail("LL001", f"invalid YAML: brackets nested {depth:,} levels deep; refused without parsing")
    deep = depth > _MAX_DEPTH or _DEEP_BLOCK.search(text) is not None
    loader = yaml.SafeLoader(text) if deep else _Loader(text)
    try:
        documents: list[yaml.Node] = []
        while loader.check_node():
            document = loader.get_node()
            if document is not None:
                documents.append(document)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span.point(mark.line + 1, mark.column + 1) if mark else Span.point(1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        raise fail("LL001", f"invalid YAML: {problem}{context}", span) from None
    except yaml.YAMLError as exc:
        raise fail("LL001", f"invalid YAML: {exc}") from None
    except RecursionError:
        raise fail("LL001", "invalid YAML: nesting is too deep to read") from None
    finally:
        loader.dispose()
    documents = [doc for doc in documents if not _is_empty(doc)]
    if not documents:
        raise fail("LL003", "the file is empty: it declares nothing")
    converter = _Converter()
    root = converter.convert(documents[0], 0)
    for later in documents[1:]:  # read for their problems (duplicates, tags); the first one is the config
        converter.convert(later, 0)
    if converter.shared:
        refuse_alias_bomb(root)
    return root, converter.problems


def _flow_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` (counting brackets inside strings too: an upper bound)."""
    depth = deepest = 0
    for char in _FLOW_CHARS.sub("", text):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _STD + "null" and node.value in ("", "~")


class _Converter:
    """Turns composed PyYAML nodes into tree nodes, once per distinct node (aliases stay shared)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._memo: dict[int, Node] = {}
        self._constructor = yaml.constructor.SafeConstructor()
        self.shared = False  # an alias was used: the tree is a DAG and must be measured before walking

    def convert(self, node: yaml.Node, depth: int) -> Node:
        known = self._memo.get(id(node))
        if known is not None:
            self.shared = True
            return known
        if depth > _MAX_DEPTH:
            raise fail("LL001", f"invalid YAML: nested more than {_MAX_DEPTH} levels deep", _span(node))
        if node.tag.startswith(_STD + "python/") or node.tag.startswith("!!python/"):
            self.problems.append(
                Problem(
                    "LL005",
                    f"unsafe YAML tag {node.tag.replace(_STD, '!!')}: it asks the loader to build a Python "
                    "object (or run code); it was not constructed",
                    _span(node),
                    identity=node.tag,
                )
            )
            opaque = OpaqueNode(f"{node.tag} {_raw(node)}", _span(node))
            self._memo[id(node)] = opaque
            return opaque
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            seq = SeqNode([], _span(node))
            self._memo[id(node)] = seq
            seq.items = [self.convert(item, depth + 1) for item in node.value]
            return seq
        scalar = ScalarNode(self._scalar_value(node), _span(node), node.tag)
        self._memo[id(node)] = scalar
        return scalar

    def _mapping(self, node: yaml.MappingNode, depth: int) -> MapNode:
        result = MapNode([], _span(node))
        self._memo[id(node)] = result
        explicit: list[Entry] = []
        merged: list[Entry] = []
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self._merge_entries(value_node, depth))
                continue
            key = str(self._scalar_value(key_node)) if isinstance(key_node, yaml.ScalarNode) else _raw(key_node)
            key_span = _span(key_node)
            if key in first_seen:
                self.problems.append(
                    Problem(
                        "LL004",
                        f"key '{key}' appears twice in this mapping (first on line {first_seen[key]}); "
                        "YAML loaders silently keep the last value",
                        key_span,
                        identity=key,
                    )
                )
            first_seen.setdefault(key, key_span.line)
            explicit.append(Entry(key, key_span, self.convert(value_node, depth + 1)))
        seen = {entry.key for entry in explicit}
        for entry in merged:  # explicit keys win; among merged maps the first one wins
            if entry.key not in seen:
                seen.add(entry.key)
                explicit.append(entry)
        for entry in explicit:
            result.set(entry)
        return result

    def _merge_entries(self, value_node: yaml.Node, depth: int) -> list[Entry]:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        entries: list[Entry] = []
        for source in sources:
            converted = self.convert(source, depth + 1)
            if isinstance(converted, MapNode):
                entries.extend(converted.entries)
        return entries

    def _scalar_value(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return _raw(node)
        tag, value = node.tag, node.value
        if tag not in _PLAIN_SCALAR_TAGS:
            return value
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
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError):
            return value


def _raw(node: yaml.Node) -> str:
    value = node.value
    return value if isinstance(value, str) else f"<{type(node).__name__}>"
