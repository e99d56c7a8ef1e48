"""A short, deterministic slice of the fuzzer (``bench/fuzz.py`` is the long run): Hypothesis drives the
choice of seed and mutations, derandomized, so the same inputs run every time."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import git_init
from tests.fuzz.harness import SUFFIX_FORMAT, Target_, mutate, seed_files

SEEDS = seed_files()
NAMES = sorted(SEEDS)
SLICE = settings(max_examples=40, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Target_:
    root = git_init(tmp_path_factory.mktemp("fuzz") / "repo")
    for name, data in SEEDS.items():  # bases that seeds name can be found
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return Target_(root)


@pytest.mark.parametrize("fmt", sorted(set(SUFFIX_FORMAT.values())))
def test_mutated_seeds_never_escape(target: Target_, fmt: str) -> None:
    names = [name for name in NAMES if SUFFIX_FORMAT.get(Path(name).suffix) == fmt]

    @SLICE
    @given(st.sampled_from(names), st.sampled_from(NAMES), st.integers(0, 2**32 - 1))
    def one(name: str, other: str, seed: int) -> None:
        data = mutate(SEEDS[name], fmt, random.Random(seed), SEEDS[other])
        escapes = target.run_one(name, data)
        assert not escapes, [(e.where, e.error) for e in escapes]

    one()


@SLICE
@given(st.text(max_size=300), st.sampled_from([".yaml", ".json", ".toml", ".py"]))
def test_arbitrary_text_never_escapes(target: Target_, text: str, suffix: str) -> None:
    escapes = target.run_one(f"any{suffix}", text.encode("utf-8", "surrogatepass"))
    assert not escapes, [(e.where, e.error) for e in escapes]
