"""The fast YAML path (libyaml's composer) builds exactly the tree the event builder builds, or gives up.

The event builder (:func:`build_from_events`) is the reference: it reports duplicate keys, unsafe tags and
aliases, and bounds what hostile input costs. The fast path must return the same values, tags, spans and
key order for every file it accepts, accept the plain files that are most configs (else it is dead code),
and leave every file with something to report to the reference.
"""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from lineage_lint.sources import limits
from lineage_lint.sources.problems import UnreadableSource
from lineage_lint.sources.yaml_fast import max_separators, plain_tree
from lineage_lint.sources.yaml_source import _not_plain_tag, _scalar_value, build_from_events, parse_yaml
from lineage_lint.tree import MapNode, Node, ScalarNode, SeqNode

REPO = Path(__file__).resolve().parents[1]


def fast(text: str) -> Node | None:
    return plain_tree(text, _scalar_value, _not_plain_tag)


def shape(node: Node) -> Any:
    """Everything a tree holds, as plain data (NaN compared by its text)."""
    if isinstance(node, ScalarNode):
        value = node.value
        shown = repr(value) if isinstance(value, float) else value
        return ("scalar", type(value).__name__, shown, node.tag, tuple(node.span))
    if isinstance(node, MapNode):
        return ("map", tuple(node.span), [(e.key, tuple(e.key_span), shape(e.value)) for e in node.entries],
                list(node.keys()))
    if isinstance(node, SeqNode):
        return ("seq", tuple(node.span), [shape(item) for item in node.items])
    return ("opaque", node.text, tuple(node.span))


def assert_same_or_gives_up(text: str) -> bool:
    """True when the fast path took ``text`` (and built the reference's tree), False when it gave up."""
    tree = fast(text)
    if tree is None:
        return False
    reference, problems = build_from_events(text)
    assert problems == [], problems
    assert shape(tree) == shape(reference)
    return True


PLAIN = [
    "seed: 42\ndata:\n  name: acme/x\n  revision: v1.2\n",
    "- a\n- b: 1\n  c: [1, 2.5, -3, 0x1F, 0o17, 017, 1_000, .inf, -.Inf, .nan, 1e3, 190:20:30]\n",
    "a: yes\nb: No\nc: ~\nd: null\ne: 'quoted'\nf: \"dq \\u00e9\"\ng: 2024-05-01\nh: 2001-12-14t21:59:43.10-05:00\n",
    "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\nafter: 1\n",
    "1: int key\n2.5: float key\ntrue: bool key\n~: null key\n'quoted': x\n",
    "flow: {a: 1, b: [x, y, {c: d}], 'e': \"f\"}\nempty_map: {}\nempty_seq: []\n",
    "%YAML 1.1\n---\nkey: value\n...\n",
    "tagged: !!str 123\nint: !!int '7'\nfloat: !!float '1'\nbool: !!bool 'yes'\nnull: !!null ''\n",
    "set: !!set {a, b}\nomap: !!omap [a: 1, b: 2]\nbinary: !!binary aGVsbG8=\n",
    "odd: !!int ''\nodder: !!float ''\nhex: -0x1A\nsexa: -1:30\n",
    "anchor: &a 1\nother: 2\n",  # an anchor without an alias shares nothing
    "key with spaces: v\n\"k:colon\": v\n? explicit\n: value\n",
    "nested:\n" + "".join("  " * (i + 1) + f"l{i}:\n" for i in range(50)) + "  " * 51 + "leaf: 1\n",
    "\ufeffbom: 1\n",
    "unicode: \u00e9t\u00e9 \U0001f600\nclé: valeur\n",
    "list:\n- - - deep\n    - x\n- {a: [1, {b: [2, [3]]}]}\n",
    "glob: data/*.parquet\n",  # an asterisk that is no alias
    "# just a comment first\nseed: 1  # trailing\n",
    "- top level sequence\n- 2\n",
]

NOT_PLAIN = {
    "alias": "a: &x {k: 1}\nb: *x\n",
    "scalar alias": "a: &x 1\nb: *x\n",
    "merge key": "base: &b {k: 1}\nother:\n  <<: *b\n  j: 2\n",
    "merge without alias": "other:\n  <<: {k: 1}\n  j: 2\n",
    "duplicate key": "seed: 1\nseed: 2\n",
    "duplicate key text": "1: a\n'1': b\n",
    "application tag": "custom: !mytag value\n",
    "application map tag": "model: !new:acme.Net {width: 2}\n",
    "unsafe tag": "x: !!python/object/apply:os.system ['echo hi']\n",
    "unsafe map tag": "x: !!python/object:foo {a: 1}\n",
    "unsafe key tag": "? !!python/name:os.system\n: 1\n",
    "mapping key": "? {a: 1}\n: v\n",
    "sequence key": "? [a]\n: v\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "comment only": "# nothing\n",
    "scalar root": "just a string\n",
    "invalid": "a: [1, 2\n",
    "bad indentation": "a: 1\n  b: 2\n",
    "undefined alias": "a: *nowhere\n",
    "deeper than the limit": "x: " + "[" * (limits.MAX_DEPTH + 1) + "]" * (limits.MAX_DEPTH + 1) + "\n",
    "long number": "seed: " + "9" * (limits.MAX_NUMBER_CHARS + 1) + "\n",
    "many separators": "x: [" + ", ".join("1" for _ in range(max_separators() + 1)) + "]\n",
}


@pytest.mark.parametrize("text", PLAIN)
def test_plain_yaml_takes_the_fast_path_and_builds_the_same_tree(text: str) -> None:
    assert assert_same_or_gives_up(text), "the fast path gave up on a plain file"


@pytest.mark.parametrize("name", sorted(NOT_PLAIN))
def test_what_the_reference_reports_on_is_left_to_it(name: str) -> None:
    text = NOT_PLAIN[name]
    assert fast(text) is None
    try:
        expected: Any = shape(build_from_events(text)[0]), build_from_events(text)[1]
    except UnreadableSource as exc:
        expected = exc.problem
    try:
        got: Any = shape(parse_yaml(text)[0]), parse_yaml(text)[1]
    except UnreadableSource as exc:
        got = exc.problem
    assert got == expected


def test_every_yaml_file_of_the_repository_builds_the_same_tree() -> None:
    """The repository's own YAML (examples, workflows, the in-house set), and the real-config corpus when it
    sits beside the checkout (``../shared/corpus``; the test does not need it)."""
    folders = [REPO, REPO.parent.parent / "shared" / "corpus", REPO.parent / "shared" / "corpus"]
    files = [path for folder in folders if folder.is_dir() for pattern in ("*.yaml", "*.yml")
             for path in folder.rglob(pattern) if ".venv" not in path.parts and "node_modules" not in path.parts]
    taken = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        taken += assert_same_or_gives_up(text)
    assert len(files) > 60 and taken > 0.9 * len(files), (taken, len(files))


def _random_value(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(10 if depth < 5 else 7)
    scalars: list[Any] = [rng.randint(-10**6, 10**6), rng.random() * 1e3, rng.choice([True, False, None]),
                          rng.choice(["main", "v1.2", "0x1F", "017", "1_000", "yes", "~", "2024-05-01", "a: b",
                                      "# not a comment", "multi\nline", " padded ", "é", "", "1e3", ".inf"]),
                          "".join(rng.choice("abc/_-.:#") for _ in range(rng.randrange(1, 12)))]
    if kind < 7:
        return scalars[kind % len(scalars)]
    if kind < 9:
        return {str(rng.choice(["seed", "data", "name", "v", rng.randint(0, 9), "x y"])) + str(i):
                _random_value(rng, depth + 1) for i in range(rng.randrange(0, 5))}
    return [_random_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]


def test_random_documents_in_every_style_build_the_same_tree() -> None:
    rng = random.Random(13)
    taken = 0
    for index in range(400):
        value = {"root": _random_value(rng, 0), "i": index}
        text = yaml.safe_dump(value, default_flow_style=rng.choice([None, True, False]),
                              default_style=rng.choice([None, None, "'", '"']), allow_unicode=rng.random() < 0.5,
                              width=rng.choice([20, 80, 1000]), indent=rng.choice([2, 4]), sort_keys=False)
        taken += assert_same_or_gives_up(text)
    assert taken > 350


def test_the_fast_path_runs_only_on_the_main_thread() -> None:
    """libyaml's composer recurses in C without Python's guard: elsewhere the stack is not known."""
    results: list[Node | None] = []
    worker = threading.Thread(target=lambda: results.append(fast(PLAIN[0])))
    worker.start()
    worker.join()
    assert results == [None]
    assert fast(PLAIN[0]) is not None


def test_the_safe_loader_has_no_path_resolvers() -> None:
    """The fast path makes the composer's path tracking a no-op, which holds only while there are none."""
    assert not yaml.CSafeLoader.yaml_path_resolvers and not yaml.SafeLoader.yaml_path_resolvers


def test_a_plain_scalar_remembered_by_its_text_keeps_its_own_place_and_quoting() -> None:
    """Tags and values of plain scalars are remembered by text across files; spans and quoting are each node's."""
    first = fast("a: true\nb: 42\n")
    second = fast("x: 'true'\ny:\n  z: true\n  w: [42, '42']\n")
    assert isinstance(first, MapNode) and isinstance(second, MapNode)
    quoted, inner = second.get("x"), second.get("y")
    assert isinstance(quoted, ScalarNode) and quoted.value == "true"
    assert isinstance(inner, MapNode)
    plain = inner.get("z")
    assert isinstance(plain, ScalarNode) and plain.value is True and tuple(plain.span) == (3, 6, 3, 10, "")
    numbers = inner.get("w")
    assert isinstance(numbers, SeqNode)
    assert [item.value for item in numbers.items if isinstance(item, ScalarNode)] == [42, "42"]
    assert [tuple(item.span)[:2] for item in numbers.items] == [(4, 7), (4, 11)]
