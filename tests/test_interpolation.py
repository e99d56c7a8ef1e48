"""Following ``${...}`` interpolations within a file (values.resolve): where a seed or version value really is."""

from __future__ import annotations

import textwrap

import pytest

from lineage_lint.sources import parse_text
from lineage_lint.tree import MapNode, Node, ScalarNode
from lineage_lint.values import MAX_INTERPOLATION_HOPS, Resolved, lookup, resolve, url_path


def tree(text: str) -> Node:
    return parse_text(textwrap.dedent(text).lstrip("\n"), "yaml", "config.yaml").root


def at(root: Node, *path: str) -> Node:
    found = lookup(root, path)
    assert found is not None, path
    return found


def resolved(text: str, *path: str) -> Resolved:
    """``path``'s value in the YAML ``text``, followed from the mapping that holds it."""
    root = tree(text)
    return resolve(root, at(root, *path), path[:-1])


def value_line(result: Resolved) -> tuple[object, int]:
    assert isinstance(result.node, ScalarNode), result
    return result.node.value, result.node.span.line


def test_a_value_without_interpolation_is_itself() -> None:
    result = resolved("seed: 7\n", "seed")
    assert value_line(result) == (7, 1)
    assert (result.hops, result.unresolved, result.env) == ((), "", "")


def test_an_absolute_reference_is_followed_from_the_root_through_a_chain() -> None:
    result = resolved("""
        seed: ${run.seed}
        run:
          seed: ${defaults.seed}
        defaults:
          seed: 11
    """, "seed")
    assert value_line(result) == (11, 5)
    assert result.hops == ("run.seed", "defaults.seed")
    assert (result.unresolved, result.env) == ("", "")


def test_spaces_inside_the_braces_are_ignored() -> None:
    assert value_line(resolved("seed: ${ run.seed }\nrun:\n  seed: 3\n", "seed")) == (3, 3)


@pytest.mark.parametrize(("text", "path", "expected"), [
    # `.a` beside the referring value
    ("trainer:\n  seed: ${.base}\n  base: 5\nbase: 1\n", ("trainer", "seed"), (5, 3)),
    # `..a` one level up
    ("model:\n  inner:\n    seed: ${..s}\n  s: 9\ns: 1\n", ("model", "inner", "seed"), (9, 4)),
    # more dots than levels: from the root
    ("a:\n  seed: ${....s}\ns: 2\n", ("a", "seed"), (2, 3)),
])
def test_a_relative_reference_is_followed_from_where_the_value_sits(
        text: str, path: tuple[str, ...], expected: tuple[object, int]) -> None:
    assert value_line(resolved(text, *path)) == expected


def test_each_hop_is_relative_to_the_mapping_it_reached() -> None:
    # after `${cfg.s}`, the relative `${.t}` is read beside `cfg.s`, not beside `seed`
    result = resolved("seed: ${cfg.s}\nt: 1\ncfg:\n  s: ${.t}\n  t: 4\n", "seed")
    assert value_line(result) == (4, 5)
    assert result.hops == ("cfg.s", ".t")
    # also three levels down
    result = resolved("seed: ${a.b.s}\na:\n  t: 0\n  b:\n    s: ${.t}\n    t: 4\n", "seed")
    assert value_line(result) == (4, 6)
    # and a chain of relative hops stays in the mapping it reached
    result = resolved("a:\n  x: ${.y}\n  y: ${.z}\n  z: 3\nz: 0\n", "a", "x")
    assert value_line(result) == (3, 4)
    assert result.hops == (".y", ".z")


@pytest.mark.parametrize(("reference", "expected"), [
    ("${data.sources.1}", ("b", 5)), ("${data.sources.0}", ("a", 4)),
])
def test_a_list_index_in_a_reference(reference: str, expected: tuple[object, int]) -> None:
    text = f"seed: {reference}\ndata:\n  sources:\n    - a\n    - b\n"
    assert value_line(resolved(text, "seed")) == expected


@pytest.mark.parametrize("reference", [
    "${data.sources.1}",  # just past the end
    "${data.sources.2}",
    "${data.sources.x}",  # not an index
    "${data.sources.12345678901}",  # too long for an index
    "${data.name.more}",  # below a scalar
    "${data.missing}",
    "${}",
])
def test_a_reference_that_names_nothing_is_unresolved(reference: str) -> None:
    result = resolved(f"seed: {reference}\ndata:\n  name: x\n  sources:\n    - a\n", "seed")
    assert (result.unresolved, result.env, result.hops) == (reference, "", (reference[2:-1],))
    assert value_line(result) == (reference, 1)  # the value that could not be followed


def test_a_key_is_followed_whatever_letters_it_begins_with() -> None:
    result = resolved("seed: ${Xcfg.s}\nXcfg:\n  s: 8\ncfg:\n  s: 0\n", "seed")
    assert value_line(result) == (8, 3)
    assert result.hops == ("Xcfg.s",)


def test_an_upper_case_reference_to_no_key_is_an_environment_variable() -> None:
    result = resolved("seed: ${SEED}\n", "seed")
    assert (result.env, result.unresolved, result.hops) == ("SEED", "", ("SEED",))
    assert value_line(result) == ("${SEED}", 1)
    # a key of that name is followed, whatever its case
    assert value_line(resolved("seed: ${SEED}\nSEED: 4\n", "seed")) == (4, 2)


@pytest.mark.parametrize(("reference", "variable"), [
    ("${oc.env:SEED}", "SEED"), ("${oc.env:SEED,42}", "SEED"), ("${oc.env:RUN_SEED , 1}", "RUN_SEED"),
    ("${env:SEED}", "SEED"), ("${oc.getenv:SEED}", "SEED"),
])
def test_an_environment_resolver_names_its_variable(reference: str, variable: str) -> None:
    result = resolved(f"seed: {reference}\n", "seed")
    assert (result.env, result.unresolved, result.hops) == (variable, "", ())


def test_an_environment_resolver_reached_through_a_reference() -> None:
    result = resolved("seed: ${run.seed}\nrun:\n  seed: ${oc.env:SEED}\n", "seed")
    assert (result.env, result.hops) == ("SEED", ("run.seed",))
    assert value_line(result) == ("${oc.env:SEED}", 3)


@pytest.mark.parametrize("reference", ["${oc.select:run.seed,1}", "${now:%H}", "${eval:'1+1'}"])
def test_another_resolver_is_unresolved(reference: str) -> None:
    result = resolved(f"seed: {reference}\nrun:\n  seed: 3\n", "seed")
    assert result.unresolved == reference
    assert (result.env, result.hops) == ("", ())


def test_a_cycle_stops_and_is_unresolved() -> None:
    result = resolved("seed: ${b}\nb: ${a}\na: ${b}\n", "seed")
    assert result.hops == ("b", "a")
    assert result.unresolved == "${b}"
    assert value_line(result) == ("${b}", 3)


def test_a_chain_stops_after_the_most_hops() -> None:
    links = MAX_INTERPOLATION_HOPS + 3
    text = "seed: ${k0}\n" + "".join(f"k{i}: ${{k{i + 1}}}\n" for i in range(links)) + f"k{links}: 1\n"
    result = resolved(text, "seed")
    assert len(result.hops) == MAX_INTERPOLATION_HOPS
    assert result.unresolved == f"${{k{MAX_INTERPOLATION_HOPS}}}"
    # a chain of exactly the most hops is followed to its end
    text = "seed: ${k1}\n" + "".join(f"k{i}: ${{k{i + 1}}}\n" for i in range(1, MAX_INTERPOLATION_HOPS)) \
        + f"k{MAX_INTERPOLATION_HOPS}: 1\n"
    result = resolved(text, "seed")
    assert (len(result.hops), result.unresolved) == (MAX_INTERPOLATION_HOPS, "")
    assert value_line(result) == (1, MAX_INTERPOLATION_HOPS + 1)


def test_a_reference_to_a_structure_reaches_the_structure() -> None:
    result = resolved("seed: ${run}\nrun:\n  seed: 1\n", "seed")
    assert isinstance(result.node, MapNode)
    assert result.hops == ("run",)


def test_lookup_from_the_root() -> None:
    root = tree("a:\n  b:\n    - x\n    - c: 1\n")
    assert lookup(root, ()) is root
    found = lookup(root, ("a", "b", "1", "c"))
    assert isinstance(found, ScalarNode) and (found.value, found.span.line) == (1, 4)
    assert lookup(root, ("a", "b", "0", "c")) is None  # below a scalar
    assert lookup(root, ("a", "b", "-1")) is None


@pytest.mark.parametrize(("url", "path"), [
    ("https://host/a/b?x=1#f", "/a/b"),
    ("s3://bucket/data/train-v1.1/", "/data/train-v1.1/"),
    # a malformed URL, which urlsplit refuses: what follows the first `/` after `://`, without query or fragment
    ("abfss://lake@acct[.dfs.core/x/y?q=1#f", "/x/y"),
    ("abfss://lake@acct[.dfs.core/x/y#f", "/x/y"),
    ("abfss://lake@acct[", ""),
    # the first `://` ends the scheme; the first `?` starts the query, the first `#` the fragment
    ("abfss://lake@acct[.dfs.core/x/p://q/r", "/x/p://q/r"),
    ("abfss://lake@acct[.dfs.core/x/y?a=1?b=2", "/x/y"),
    ("abfss://lake@acct[.dfs.core/x/y#a#b", "/x/y"),
])
def test_the_path_of_a_url(url: str, path: str) -> None:
    assert url_path(url) == path


def test_the_path_of_a_malformed_url_without_a_scheme_is_read_without_error() -> None:
    assert url_path("//lake@acct[/x/y") == "//lake@acct[/x/y"  # urlsplit refuses it; no scheme to cut
