"""The remembering helpers of ``lazy_re`` answer exactly as the expression or function they stand for."""

from __future__ import annotations

import re

from lineage_lint.lazy_re import any_match, keys, remember_texts
from lineage_lint.profiles.data_shapes import Computed, stores_data


def test_any_match_answers_as_the_expression_does_once_keys_are_remembered() -> None:
    pattern = keys(r"^(?:data|dataset)s?$", re.IGNORECASE)
    plain = re.compile(r"^(?:data|dataset)s?$", re.IGNORECASE)
    for texts in (["model", "trainer"], ["model", "trainer"], ["model", "DATA"], ["optimizer"], [], ["datasets"]):
        assert any_match(pattern, texts) == any(plain.match(text) for text in texts)
    # a key first met as a miss does not hide a later key that matches
    assert any_match(pattern, {"model", "trainer", "dataset"})
    assert not any_match(pattern, {"model", "trainer"})


def test_remember_texts_keeps_plain_strings_only() -> None:
    calls: list[str] = []

    @remember_texts
    def shout(value: str) -> str:
        calls.append(value)
        return value.upper() + type(value).__name__

    class Tagged(str):
        __slots__ = ()

    assert shout("a") == "Astr"
    assert shout("a") == "Astr"
    assert calls == ["a"]  # remembered
    assert shout(Tagged("a")) == "ATagged"  # a str subclass equal to a remembered string is asked afresh
    long = "x" * 5000
    shout(long)
    shout(long)
    assert calls == ["a", "a", long, long]  # too long to keep


def test_stores_data_tells_a_computed_value_from_the_same_text() -> None:
    text = 'f"s3://bucket/{name}/train.parquet"'
    assert stores_data(text) is False  # as a plain string, an f-string's source is no location
    assert stores_data(Computed(text)) is True  # computed from a literal naming remote data
    assert stores_data(text) is False
