"""No input makes the engine raise: mutated and truncated versions of real-looking configs, odd shapes."""

from __future__ import annotations

import os
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


# --- what reporters print: names and values written by others stay inert, and always encodable ---

from support import cli, cli_subprocess  # noqa: E402

SURROGATE_JSON = '{"seed": 1,\n "\\ud800": 1,\n "\\ud800": 2}\n'  # a duplicate key that cannot be encoded


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif", "junit"])
def test_lone_surrogate_in_a_value_survives_every_format(tmp_path: Path, fmt: str) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "train.json", SURROGATE_JSON)
    outcome = cli_subprocess(repo, "check", "--format", fmt, "train.json")  # real stdout, encoded as UTF-8
    assert outcome.code == 1, outcome.err
    assert "Traceback" not in outcome.err
    assert "LL004" in outcome.out
    assert "\\ud800" in outcome.out  # escaped: JSON's own escape in json and sarif, Python's elsewhere


def test_lone_surrogate_survives_show(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "train.json", SURROGATE_JSON)
    for fmt in ("text", "json"):
        outcome = cli_subprocess(repo, "show", "--format", fmt, "train.json")
        assert outcome.code == 0, outcome.err
        assert "LL004" in outcome.out


def test_file_name_that_is_not_utf8_with_output_file(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    name = os.fsdecode(b"caf\xe9.yaml")  # what the file system gives for a Latin-1 name: '\udce9' inside
    write(repo, name, "seed: null\n")
    outcome = cli(repo, "check", "--format", "text", "-o", "report.txt", name)
    assert outcome.code == 1, outcome.err
    report = (repo / "report.txt").read_text(encoding="utf-8")
    assert report.startswith("caf\\udce9.yaml:1:1: LL102 run seed `seed` is null")


FORGED = "a\n::error file=x.yaml,line=1::forged\x1b[2J.yaml"


def test_file_name_with_a_newline_forges_no_workflow_command(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, FORGED, "seed: null\n")
    write(repo, "skipped\n::warning::forged.yaml", "seed: 1\n")
    write(repo, ".lineage-lint.toml", 'extend-exclude = ["skipped*"]\n')
    for fmt in ("text", "concise", "github", "junit"):
        outcome = cli(repo, "check", "--format", fmt, FORGED, "skipped\n::warning::forged.yaml")
        assert outcome.code == 1, outcome.err
        lines = (outcome.out + outcome.err).splitlines()
        forged = [line for line in lines if line.startswith(("::error file=x.yaml", "::warning::forged"))]
        assert not forged, lines
        assert not [line for line in lines if "\x1b" in line]
    github = cli(repo, "check", "--format", "github", FORGED).out.splitlines()
    assert len(github) == 1 and github[0].startswith("::error file=a%0A%3A%3Aerror file=x.yaml%2Cline=1%3A%3Aforged")
    text = cli(repo, "check", "--format", "concise", FORGED).out
    assert text == "a\\n::error file=x.yaml,line=1::forged\\x1b[2J.yaml:1:1: LL102 " + text.split(" LL102 ", 1)[1]
    note = cli(repo, "check", "skipped\n::warning::forged.yaml").err
    assert "skipped\\n::warning::forged.yaml" in note


def test_markdown_cells_escape_control_characters() -> None:
    from lineage_lint.report.markdown import cell, code_block

    assert cell("a\x1b[2Jb\ud800") == "a\\x1b\\[2Jb\\ud800"
    assert code_block(["x\x07y"]) == "```text\nx\\x07y\n```\n"


@pytest.mark.parametrize(
    ("given", "words"),
    [("../out.sarif", "outside the workspace"), ("/tmp/lineage-lint-out.sarif", "outside the workspace"),
     ("reports/../../out.sarif", "outside the workspace"), ("link.sarif", "goes through a symlink"),
     ("linked/out.sarif", "goes through a symlink")],
)
def test_output_path_may_not_leave_the_workspace(tmp_path: Path, given: str, words: str) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "train.yaml", "seed: 1\n")
    outside = write(tmp_path, "outside/target.sarif", "untouched")
    (repo / "link.sarif").symlink_to(outside)
    (repo / "linked").symlink_to(outside.parent)
    (repo / "reports").mkdir()
    outcome = cli(repo, "check", "--format", "sarif", "-o", given, "train.yaml")
    assert outcome.code == 2
    assert words in outcome.err
    assert outcome.err.startswith("lineage-lint: error: the report path ")
    assert outside.read_text() == "untouched"
    assert not (tmp_path / "out.sarif").exists() and not Path("/tmp/lineage-lint-out.sarif").exists()


def test_output_path_inside_the_workspace_is_written(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "train.yaml", "seed: 1\n")
    (repo / "reports").mkdir()
    assert cli(repo, "check", "--format", "sarif", "-o", "reports/../reports/out.sarif", "train.yaml").code == 0
    assert '"version": "2.1.0"' in (repo / "reports/out.sarif").read_text()


def test_signature_text_patterns_stay_within_a_line() -> None:
    # `^\s*-` let `\s` run over every following blank line from every line: quadratic (28 s for 48 KB of
    # newlines). Whitespace in a signature's text pattern now stays on its line; `\n` still crosses.
    from lineage_lint.profiles.spec import _text_search

    assert _text_search(r"^\s*-\s+(?:_self_\b)", "defaults:\n  - _self_\n")
    assert not _text_search(r"^\s*-\s+x", "\n\n- \nx")
    assert _text_search(r"^base:\s*\n\s*-\s*\S+\.ya?ml", "base:\n  - a.yaml\n")
