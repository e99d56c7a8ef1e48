"""The positioned tree's mapping: what it remembers about its keys follows every change to it."""

from __future__ import annotations

from lineage_lint.tree import Entry, MapNode, ScalarNode, Span


def _entry(key: str, value: str, line: int) -> Entry:
    return Entry(key, Span(line, 1, line, 1 + len(key)), ScalarNode(value, Span(line, 3 + len(key), line, 9)))


def test_folded_keeps_the_first_entry_of_each_lower_cased_key() -> None:
    mapping = MapNode([_entry("Data_Dir", "a", 1), _entry("data_dir", "b", 2)], Span(1, 1, 2, 9))
    assert mapping.cased()
    assert mapping.folded()["data_dir"].key_span.line == 1
    assert mapping.entry("data_dir") is not None and mapping.entry("data_dir").key_span.line == 2


def test_what_a_mapping_remembers_follows_set() -> None:
    mapping = MapNode([_entry("path", "a", 1)], Span(1, 1, 1, 9))
    assert not mapping.cased()
    assert set(mapping.folded()) == {"path"}
    mapping.set(_entry("DATA_VERSION", "v1", 2))
    assert mapping.cased()
    assert set(mapping.folded()) == {"path", "data_version"}
    mapping.set(_entry("path", "b", 3))
    assert mapping.folded()["path"].key_span.line == 3


def test_a_key_without_letters_counts_as_cased() -> None:
    # `"0".islower()` is False: such a mapping is looked up by lower-cased key as well, as before
    assert MapNode([_entry("0", "a", 1)], Span(1, 1, 1, 9)).cased()


def test_public_entries_leave_out_python_internals_and_follow_set() -> None:
    mapping = MapNode([_entry("__call__", "TrainConfig", 1), _entry("seed", "1", 2)], Span(1, 1, 2, 9))
    assert [entry.key for entry in mapping.public()] == ["seed"]
    mapping.set(_entry("data", "x", 3))
    assert [entry.key for entry in mapping.public()] == ["seed", "data"]
    assert [entry.key for entry in mapping.entries] == ["__call__", "seed", "data"]


def test_spans_made_when_read_stay_those_of_the_file_through_a_copy() -> None:
    from lineage_lint.sources.yaml_source import parse_yaml
    from lineage_lint.tree import clone, merge

    tree, _ = parse_yaml("a:\n  b: 1\nc: [x, 'y']\n")
    copied = merge(MapNode([], Span(1, 1, 1, 1)), clone(tree))
    assert isinstance(copied, MapNode) and isinstance(tree, MapNode)
    inner = copied.get("a")
    assert isinstance(inner, MapNode)
    assert inner.entries[0].key_span == Span(2, 3, 2, 4)
    assert inner.entries[0].value.span == Span(2, 6, 2, 7)
    assert copied.entries[1].key_span == Span(3, 1, 3, 2)
    assert copied.span == tree.span == Span(1, 1, 4, 1)
