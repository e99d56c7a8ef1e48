"""No input makes the engine raise: mutated and truncated versions of real-looking configs, odd shapes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from lineage_lint.config import Settings
from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from support import REPO, git_init, write

EXAMPLES = sorted(p for p in (REPO / "examples").rglob("*") if p.is_file() and p.suffix != ".md")
ODD_DOCUMENTS = {
    "scalar.yaml": "just a string\n",
    "list.yaml": "- seed: 1\n- data: x\n",
    "null-doc.yaml": "---\n...\n",
    "multi.yaml": "seed: 1\n---\nseed: null\n",
    "complex-key.yaml": "? [a, b]\n: 1\nseed: 2\n",
    "int-keys.yaml": "1: a\n2: {3: b}\nseed: 4\n",
    "binary.yaml": "seed: !!binary aGVsbG8=\n",
    "timestamp.yaml": "seed: 2001-12-14\ndataset: {name: a, version: 2001-12-14}\n",
    "custom-tag.yaml": "seed: !include other.yaml\ndatasets: !ref [x]\n",
    "merge-list.yaml": "a: &a {seed: 1}\nb: &b {x: 2}\nc:\n  <<: [*a, *b]\nseed: *a\n",
    "interp-loop.yaml": "a: ${b}\nb: ${a}\nseed: ${a}\n",
    "interp-deep.yaml": "seed: ${a.b.c.d.e.f}\na: {b: [1, 2]}\n",
    "nested-interp.yaml": "seed: ${oc.env:${X}}\n",
    "list.json": '[{"seed": 1}, 2, "x"]',
    "scalar.json": "42",
    "nan.json": '{"seed": NaN, "datasets": [{"path": "x", "version": Infinity}]}',
    "dates.toml": "seed = 1979-05-27T07:32:00Z\n[dataset]\nname = 'x'\nversion = 1979-05-27\n",
    "aot.toml": "[[datasets]]\npath = 'a'\n[[datasets]]\npath = 'b'\nrevision = 'main'\n",
    "configs/weird.py": "seed: int = 3\na, b = 1, 2\nx = lambda: 1\ny = [i for i in range(3)]\nz = {**x}\n"
                        "del seed\nw = dict(**{'seed': None})\nv = f'{w}'\nu = not 1\nt = ...\n",
    "configs/deep.py": "x = " + "(" * 150 + "1" + ")" * 150 + "\n",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Path]:
    root = git_init(tmp_path_factory.mktemp("robust") / "repo")
    return Engine(Settings(base_dir=root, root=root)), root


def check(engine: tuple[Engine, Path], name: str, data: bytes) -> None:
    runner, root = engine
    path = write(root, name, data)
    result = runner.check(Target(path, name))
    assert result.record is not None or result.findings, name


@pytest.mark.parametrize("name", sorted(ODD_DOCUMENTS))
def test_odd_documents(engine: tuple[Engine, Path], name: str) -> None:
    check(engine, name, ODD_DOCUMENTS[name].encode())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_mutated_examples_never_raise(engine: tuple[Engine, Path], example: Path) -> None:
    original = example.read_bytes()
    rng = random.Random(example.name)  # deterministic per file
    alphabet = b"{}[]:,-'\"#&*!|>%@`\n\t \\\x00\xff\xc3"
    for attempt in range(150):
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(data) + 1)
            choice = rng.random()
            if choice < 0.4:
                data[position:position + 1] = bytes([rng.choice(alphabet)])
            elif choice < 0.7:
                del data[position:position + rng.randint(1, 12)]
            else:
                data[position:position] = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
        if attempt % 25 == 0:
            data = data[: rng.randrange(len(data) + 1)]  # truncated
        check(engine, f"m/{example.parent.name}_{example.name}", bytes(data))
