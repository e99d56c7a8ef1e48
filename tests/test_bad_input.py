"""Bad input gets a coded, located finding and exit 1; never a traceback, never execution."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from lineage_lint.config import load_settings
from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from support import cli, cli_subprocess, codes, git_init, require_part, show, write


def only_finding(repo: Path, name: str) -> dict[str, object]:
    (record,) = show(repo, name)
    assert len(record["findings"]) == 1, record["findings"]
    finding: dict[str, object] = record["findings"][0]
    return finding


def located(repo: Path, name: str) -> tuple[object, object, object]:
    """The one finding of ``name``: (code, line, column)."""
    finding = only_finding(repo, name)
    return finding["code"], finding["line"], finding["column"]


def findings(record: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in record["findings"]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


@pytest.mark.parametrize(
    ("name", "text", "line", "column", "words"),
    [
        ("train.yaml", "seed: 1\ndata: [a, b\n", 3, 1, "invalid YAML"),
        ("train.yaml", "seed: 1\n  bad: indent\n", 2, 6, "invalid YAML"),
        ("train.json", '{\n  "seed": 1,\n  "data": [1, 2,]\n}\n', 3, 17, "invalid JSON"),
        ("train.toml", 'seed = 1\ndata = "x\n', 2, 10, "invalid TOML"),
        ("configs/train.py", "seed = 1\ndata = dict(\n", 2, 12, "invalid Python"),
    ],
)
def test_invalid_syntax_is_located(repo: Path, name: str, text: str, line: int, column: int, words: str) -> None:
    write(repo, name, text)
    finding = only_finding(repo, name)
    assert finding["code"] == "LL001"
    assert words in str(finding["message"])
    assert (finding["line"], finding["column"]) == (line, column)
    outcome = cli(repo, "check", name)
    assert outcome.code == 1
    assert f"{name}:{line}:{column}: LL001" in outcome.out


def test_non_utf8_bytes_are_located(repo: Path) -> None:
    write(repo, "train.yaml", b"seed: 1\nname: caf\xe9\n")
    finding = only_finding(repo, "train.yaml")
    assert finding["code"] == "LL002"
    assert (finding["line"], finding["column"]) == (2, 10)
    assert "0xe9" in str(finding["message"])


def test_utf8_bom_is_accepted(repo: Path) -> None:
    write(repo, "train.yaml", "\ufeffseed: 3\n".encode())
    (record,) = show(repo, "train.yaml")
    assert record["seed"]["status"] == "declared"


def test_binary_file_is_refused(repo: Path) -> None:
    write(repo, "train.json", b'{"seed": 1,\n "x": 2}\x00\x00')
    finding = only_finding(repo, "train.json")
    assert (finding["code"], finding["line"], finding["column"]) == ("LL002", 2, 9)  # the first NUL
    assert finding["message"] == ("file contains NUL bytes (the first at line 2, column 9); it is binary, not a "
                                  "text config")


EMPTY = [
    (name, text)
    for name in ("train.yaml", "train.json", "train.toml", "configs/train.py")
    for text in ("", "   \n\n", "{}" if name.endswith(".json") else "# only a comment\n")
]


@pytest.mark.parametrize(("name", "text"), EMPTY)
def test_empty_file(repo: Path, name: str, text: str) -> None:
    write(repo, name, text)
    assert located(repo, name) == ("LL003", 1, 1)
    assert cli(repo, "check", name).code == 1


def test_duplicate_yaml_key_is_reported_at_the_second_key(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\ndata:\n  name: a\n  version: v1\nseed: 2\n")
    (record,) = show(repo, "train.yaml")
    (finding,) = record["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("LL004", 5, 1)
    assert "first on line 1" in finding["message"]
    assert record["seed"]["value"] == 2  # what the loaders would use


def test_duplicate_json_key_is_reported(repo: Path) -> None:
    write(repo, "train.json", '{"seed": 7,\n "datasets": [],\n "seed": null}\n')
    (record,) = show(repo, "train.json")
    assert findings(record) == [("LL004", 3, 2), ("LL102", 3, 2)]


def test_unsafe_yaml_tag_is_never_constructed(repo: Path) -> None:
    marker = repo / "pwned"
    write(repo, "train.yaml", f'epochs: 3\nseed: !!python/object/apply:os.system ["touch {marker}"]\n')
    write(repo, "other.yaml", "seed: !!python/name:os.system\n")
    results = show(repo, "train.yaml", "other.yaml")
    assert not marker.exists()
    # LL005 at the tag; the seed it would have built is unresolved (LL104, at the seed's key)
    assert [findings(record) for record in results] == [[("LL104", 2, 1), ("LL005", 2, 7)],
                                                         [("LL104", 1, 1), ("LL005", 1, 7)]]
    assert [record["seed"]["status"] for record in results] == ["unresolved", "unresolved"]


def test_alias_bomb_is_refused_without_expanding(repo: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 11)]  # 10 levels: 9**11 nodes
    write(repo, "train.yaml", "seed: 1\n" + "\n".join(lines) + "\n")
    # at a5, the first level whose expansion passes the limit (9**6 nodes); bench/bench_bad_input.py prints the
    # time and peak memory
    assert located(repo, "train.yaml") == ("LL006", 7, 5)


def test_recursive_alias_is_refused(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\nloop: &loop [1, *loop]\n")
    assert located(repo, "train.yaml") == ("LL006", 2, 7)  # the sequence that holds itself


def test_a_few_aliases_are_fine(repo: Path) -> None:
    write(repo, "train.yaml", "base: &base {seed: 5}\nrun:\n  <<: *base\nseed: *base\n")
    (record,) = show(repo, "train.yaml")
    assert "LL006" not in codes(record)


DEEP = {  # name: (text, YAML's finding, JSON's finding)
    "flow-seq-1000": ("[" * 1_000, ("LL014", 1, 201), ("LL014", 1, 201)),
    "block-seq": ("- " * 200_000 + "x", ("LL014", 1, 401), ("LL001", 1, 1)),
    "flow-map": ("{a: " * 100_000, ("LL014", 1, 801), ("LL014", 1, 801)),
    "json-like": ('{"a":' * 100_000, ("LL014", 1, 1001), ("LL014", 1, 1001)),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_pathological_nesting_is_located_not_a_crash(repo: Path, name: str) -> None:
    # In a child process: were a parser to recurse in C, it would take the interpreter down (SIGSEGV).
    text, in_yaml, in_json = DEEP[name]
    write(repo, "train.yaml", text)
    write(repo, "train.json", text)
    outcome = cli_subprocess(repo, "check", "--format", "json", "train.yaml", "train.json")
    assert outcome.code == 1, outcome.err
    found = {f["path"]: (f["code"], f["line"], f["column"]) for f in outcome.json()["findings"]}
    assert found == {"train.yaml": in_yaml, "train.json": in_json}


def test_brackets_nested_beyond_libyaml_are_refused(repo: Path) -> None:
    # libyaml stops at 1,000 flow levels before any event reaches the reader (the pure-Python composer,
    # used without libyaml, would stop at the depth limit of 200)
    # (once in a full random-order run, the same file came out as the depth limit's LL014 at 1:201 with libyaml
    # present: either is a located refusal, at the level where reading stopped)
    write(repo, "train.yaml", "[" * 200_000)
    expected = {("LL001", 1, 1001), ("LL014", 1, 201)} if yaml.__with_libyaml__ else {("LL014", 1, 201)}
    assert located(repo, "train.yaml") in expected


def test_file_over_the_size_cap_is_not_parsed(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\n" + "# padding\n" * 2000)
    outcome = cli(repo, "check", "--max-file-size", "1024", "--format", "json", "train.yaml")
    assert outcome.code == 1
    (finding,) = outcome.json()["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("LL007", 1, 1)  # the whole file
    assert finding["message"] == "file is larger than the 1 KiB limit (max-file-size); it was not parsed"
    assert cli(repo, "check", "train.yaml").code == 0  # under the default cap


def test_size_cap_comes_from_configuration(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", "max-file-size = 100\n")
    write(repo, "train.yaml", "seed: 1\n" + "x: 1\n" * 100)
    assert located(repo, "train.yaml") == ("LL007", 1, 1)


def test_symlink_leaving_the_repository_is_not_read(repo: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "outside/secret.yaml", "seed: 1\n")
    (repo / "configs").mkdir()
    (repo / "configs" / "train.yaml").symlink_to(outside)
    assert located(repo, "configs/train.yaml") == ("LL008", 1, 1)
    walked = cli(repo, "check", "--format", "concise", "configs/")  # a directory walk reports it too
    assert walked.code == 1
    assert walked.out.startswith("configs/train.yaml:1:1: LL008 configs/train.yaml is a symlink to ")


def test_symlinked_directory_leaving_the_repository(repo: Path, tmp_path: Path) -> None:
    write(tmp_path, "outside/train.yaml", "seed: 1\n")
    (repo / "configs").symlink_to(tmp_path / "outside")
    assert located(repo, "configs/train.yaml") == ("LL008", 1, 1)


def test_symlink_inside_the_repository_is_followed(repo: Path) -> None:
    write(repo, "configs/base.yaml", "seed: 11\n")
    (repo / "configs" / "train.yaml").symlink_to("base.yaml")
    (record,) = show(repo, "configs/train.yaml")
    assert record["seed"]["status"] == "declared"
    assert record["findings"] == []


def test_missing_path(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")  # from the hook a missing file is a finding; by hand, a usage error
    outcome = cli(repo, "check", "configs/nope.yaml")
    assert outcome.code == 1
    assert "configs/nope.yaml:1:1: LL009 no such file" in outcome.out


def test_dangling_symlink(repo: Path) -> None:
    (repo / "train.yaml").symlink_to(repo / "gone.yaml")
    assert located(repo, "train.yaml") == ("LL009", 1, 1)


def test_directory_given_as_a_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the command line walks a folder whatever its name (show, like check); the engine, handed one as a
    # file, says what it is
    (repo / "train.yaml").mkdir()
    monkeypatch.chdir(repo)
    result = Engine(load_settings(repo, None)).check(Target(Path("train.yaml"), "train.yaml"))
    assert [(f.code, f.span.line, f.span.col, f.message) for f in result.findings] == [
        ("LL009", 1, 1, "train.yaml is a directory, not a config file")]
    write(repo, "train.yaml/configs/train.yaml", "seed: 1\n")
    assert [record["path"] for record in show(repo, "train.yaml")] == ["train.yaml/configs/train.yaml"]


def test_fifo_is_not_read(repo: Path) -> None:
    require_part("FIFOs (os.mkfifo)", hasattr(os, "mkfifo"), "run the suite on Linux or macOS")
    os.mkfifo(repo / "train.yaml")  # reading it would block forever
    finding = only_finding(repo, "train.yaml")
    assert (finding["code"], finding["line"], finding["column"]) == ("LL009", 1, 1)
    assert finding["message"] == "train.yaml is not a regular file"


# An unreadable file (LL009 with the OS's reason) is tested in test_support.py, as root too (the open is refused).


def test_unsupported_file_type_named_explicitly(repo: Path) -> None:
    write(repo, "train.ini", "[x]\nseed=1\n")
    assert located(repo, "train.ini") == ("LL009", 1, 1)


def test_python_config_is_never_executed(repo: Path) -> None:
    marker = repo / "pwned"
    write(repo, "configs/train.py", f"import os\nos.system('touch {marker}')\nseed = int(open('{marker}').read())\n")
    (record,) = show(repo, "configs/train.py")
    assert not marker.exists()
    assert record["seed"]["status"] == "unresolved"


def test_file_whose_read_fails_even_for_root() -> None:
    # A write-only procfs file: open() succeeds, read() fails with EINVAL, whoever we are.
    from lineage_lint.sources import UnreadableSource, load_document

    path = Path(f"/proc/{os.getpid()}/clear_refs")
    require_part("Linux procfs (/proc/PID/clear_refs)", path.exists(), "run the suite on Linux")
    with pytest.raises(UnreadableSource) as caught:
        load_document(path, "clear_refs", Path("/"), fmt="yaml")
    problem = caught.value.problem
    assert (problem.code, problem.span.line, problem.span.col) == ("LL009", 1, 1)
    assert problem.message == f"cannot read {path}: Invalid argument"  # EINVAL


def test_python_name_bomb_is_refused(repo: Path) -> None:
    lines = ["a0 = ['x'] * 1", "a0 = ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']"]
    lines += [f"a{i} = [{', '.join([f'a{i - 1}'] * 9)}]" for i in range(1, 10)]
    write(repo, "configs/bomb.py", "seed = 1\n" + "\n".join(lines) + "\n")
    assert located(repo, "configs/bomb.py") == ("LL006", 8, 6)  # a5's list: 9**6 strings


def test_problems_in_a_later_yaml_document_are_reported(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\nepochs: 2\n---\nseed: 1\nseed: 2\nx: !!python/name:os.system\n")
    (record,) = show(repo, "train.yaml")
    assert findings(record) == [("LL004", 5, 1), ("LL005", 6, 4)]
    assert record["seed"]["value"] == 1


LIMITS = {  # name: (file, text, code, line, column, words)
    "toml-5000-deep": ("train.toml", "seed = 1\na = " + "[" * 5_000 + "]" * 5_000 + "\n", "LL014", 2, 205, "nested"),
    "toml-inline-tables": ("train.toml", "a = " + "{b = " * 3_000 + "1" + "}" * 3_000 + "\n", "LL014", 1, 1005,
                           "nested"),
    "yaml-control-char-deep": ("train.yaml", "seed: 1\nx: " + "[" * 300 + "\x01" + "]" * 300, "LL001", 2, 304,
                               "#x0001"),
    "yaml-control-char": ("train.yaml", "seed: 1\n\x07\n", "LL001", 2, 1, "#x0007"),
    "sexagesimal-10000": ("train.yaml", "seed: 1\nx: " + ":".join(["59"] * 10_000) + ".5\n", "LL014", 2, 4,
                          "30,001 digits"),
    "json-4301-digits": ("train.json", '{"datasets": [],\n "seed": ' + "9" * 4_301 + "}", "LL014", 2, 10,
                         "4,301 digits"),
    "toml-4301-digits": ("train.toml", "seed = " + "9" * 4_301 + "\n", "LL014", 1, 8, "4,301 digits"),
    "yaml-4301-digits": ("train.yaml", "seed: " + "9" * 4_301 + "\n", "LL014", 1, 7, "4,301 digits"),
    "yaml-hex-100k": ("train.yaml", "seed: 0x" + "f" * 100_000 + "\n", "LL014", 1, 7, "100,002 digits"),
    "toml-hex-100k": ("train.toml", "seed = 0x" + "f" * 100_000 + "\n", "LL014", 1, 1, "120,413 digits"),
    "python-4301-digits": ("configs/train.py", "x = 1\nseed = " + "9" * 4_301 + "\n", "LL014", 2, 8, "4,301 digits"),
    "python-hex-100k": ("configs/train.py", "seed = 0x" + "f" * 100_000 + "\n", "LL014", 1, 8, "120,413 digits"),
    "yaml-documents": ("train.yaml", "seed: 1\n" + "---\na: 1\n" * 1_200, "LL014", 2000, 1, "1,000 documents"),
    "yaml-2M-items": ("train.yaml", "seed: 1\nx: [" + "a," * 2_000_000 + "]\n", "LL014", 2, 99_995, "50,000 values"),
    "json-2M-items": ("train.json", '{"seed": 1,\n"x": [' + "1," * 2_000_000 + "1]}", "LL014", 2, 100_002,
                      "50,000 values"),
    "python-2M-items": ("configs/train.py", "seed = 1\nx = [" + "1," * 2_000_000 + "]\n", "LL014", 2, 100_001,
                        "50,000 values"),
    "python-2M-terms": ("configs/train.py", "seed = 1\nx = 1" + "+1" * 2_000_000 + "\n", "LL014", 2, 100_002,
                        "50,000 values"),
    "yaml-block-deep": ("train.yaml", "".join(" " * i + "a:\n" for i in range(300)), "LL014", 201, 201, "nested"),
    # repetition where JSON and TOML have no aliases, a wide mapping, nested calls, mixed line endings (CR
    # counts as a line, as YAML reads it), an interpolation chain: each stops at its limit, located
    "json-repeated-objects": ("train.json", '{"seed": 1, "x": [' + ",".join(
        ['{"a": [1, 2, 3], "b": {"c": "d"}}'] * 20_000) + "]}", "LL014", 1, 242_858, "50,000 values"),
    "toml-repeated-tables": ("train.toml", "seed = 1\n" + "".join(
        f"[t{i}]\na = 1\nb = [1, 2]\n" for i in range(20_000)), "LL014", 30_001, 7, "50,000 values"),
    "json-wide-mapping": ("train.json", '{"seed": 1, ' + ", ".join(f'"k{i}": 1' for i in range(60_000)) + "}",
                          "LL014", 1, 638_888, "50,000 values"),
    "python-calls-deep": ("configs/train.py", "seed = 1\nx = " + "dict(a=" * 3_000 + "1" + ")" * 3_000 + "\n",
                          "LL014", 2, 1409, "nested"),
    "mixed-line-endings": ("train.yaml", "seed: 1\r\nx: 2\ry: 3\nz: 4\r\n" * 15_000, "LL014", 25_000, 4,
                           "50,000 values"),
    "toml-dotted-header-deep": ("train.toml", "seed = 1\n[" + ".".join(["a"] * 3_000) + "]\nx = 1\n", "LL014", 2, 1,
                                "nested"),
    "toml-dotted-key-deep": ("train.toml", "seed = 1\n" + ".".join(["a"] * 300) + " = 1\n", "LL014", 2, 1, "nested"),
    "interpolation-chain": ("train.yaml", "a0: 1\n" + "".join(f"a{i}: ${{a{i - 1}}}\n" for i in range(1, 60_000))
                            + "seed: ${a59999}\n", "LL014", 25_000, 9, "50,000 values"),
}


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_hostile_input_is_one_located_finding(repo: Path, name: str) -> None:
    path, text, code, line, column, words = LIMITS[name]
    write(repo, path, text)
    finding = only_finding(repo, path)
    assert (finding["code"], finding["line"], finding["column"]) == (code, line, column), finding["message"]
    assert words in str(finding["message"])


def test_a_hostile_file_does_not_stop_the_run(repo: Path) -> None:
    write(repo, "a.yaml", "seed: " + "9" * 4_301 + "\n")
    write(repo, "b.json", '{"seed": ' + "9" * 5_000 + "}")
    write(repo, "c.yaml", "seed: !!int\nx: !!float ''\n")
    write(repo, "d.yaml", "seed: 3\n")
    outcome = cli(repo, "check", "--format", "json", "a.yaml", "b.json", "c.yaml", "d.yaml")
    assert outcome.code == 1, outcome.err
    found = sorted((f["path"], f["code"], f["line"], f["column"]) for f in outcome.json()["findings"])
    assert found == [("a.yaml", "LL014", 1, 7), ("b.json", "LL014", 1, 10), ("c.yaml", "LL102", 1, 1)]


def test_empty_tagged_scalars_keep_their_text(repo: Path) -> None:
    write(repo, "train.yaml", "seed: !!int\nx: !!float ''\n")
    (record,) = show(repo, "train.yaml")
    assert record["seed"]["status"] == "random"  # '' is no integer seed
    assert codes(record) == ["LL102"]


def test_many_small_documents_are_refused_quickly(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\n" + "---\na\n" * 349_000)  # about 2.4 MB: under the size cap
    finding = only_finding(repo, "train.yaml")
    assert (finding["code"], finding["line"], finding["column"]) == ("LL014", 2000, 1)


UNFOLLOWED = {  # a statement the reader does not follow may change the seed: (text, line, column of LL104)
    "del": ('randomness = dict(seed=1)\ndel randomness["seed"]\n', 2, 5),
    "pop": ('randomness = dict(seed=1)\nrandomness.pop("seed")\n', 2, 1),
    "ior": ("randomness = dict(seed=1)\nrandomness |= dict(seed=None)\n", 2, 1),
    "setitem": ('randomness = dict(seed=1)\nrandomness.__setitem__("seed", None)\n', 2, 1),
    "clear": ("randomness = dict(seed=1)\nrandomness.clear()\n", 2, 1),
    "walrus": ("randomness = dict(seed=1)\nx = (randomness := None)\n", 2, 6),
    "pop-in-value": ('randomness = dict(seed=1)\nx = randomness.pop("seed")\n', 2, 5),
    "exec": ('randomness = dict(seed=1)\nexec("randomness = None")\n', 2, 1),
    "globals": ('randomness = dict(seed=1)\nglobals()["randomness"] = None\n', 2, 1),
    "setattr": ('train = dict(seed=1)\nsetattr(train, "seed", None)\n', 2, 1),
    "if": ('randomness = dict(seed=1)\nif x:\n    randomness["seed"] = None\n', 3, 5),
    "else": ("randomness = dict(seed=1)\nif x:\n    pass\nelse:\n    randomness = dict(seed=None)\n", 2, 1),
    "for": ('randomness = dict(seed=1)\nfor k in ["seed"]:\n    randomness[k] = None\n', 2, 1),
    "computed-key": ('randomness = dict(seed=1)\nk = "seed"\nrandomness[k] = None\n', 3, 1),
    "while": ("randomness = dict(seed=1)\nwhile False:\n    randomness = dict(seed=None)\n", 2, 1),
    "try-except": ("randomness = dict(seed=1)\ntry:\n    x = 1\nexcept Exception:\n    randomness = None\n", 2, 1),
    "match": ("randomness = dict(seed=1)\nmatch x:\n    case 1:\n        randomness = None\n", 2, 1),
    "with-as": ('randomness = dict(seed=1)\nwith open("x") as randomness:\n    pass\n', 2, 1),
    "global-in-function": ("randomness = dict(seed=1)\ndef f():\n    global randomness\n    randomness = None\n"
                           "f()\n", 2, 1),
    "mutated-in-function": ('randomness = dict(seed=1)\ndef f():\n    randomness.pop("seed")\n', 3, 5),
    "update-computed": ("randomness = dict(seed=1)\nrandomness.update(load())\n", 2, 1),
    "update-spread": ("randomness = dict(seed=1)\nrandomness.update(**load())\n", 2, 1),
    "attribute-in-loop": ("train = dict(seed=1)\nfor _ in range(2):\n    train.seed = None\n", 3, 5),
    # statements that reach the value another way: spreads of unknown mappings, the module's own namespace,
    # builtins, imports rebinding a name, captures, and the value handed to code not read
    "spread-unknown": ('randomness = dict(seed=1)\nrandomness = {**randomness, **load()}\n', 2, 31),
    "dict-spread-unknown": ('randomness = dict(seed=1)\nrandomness = dict(randomness, **load())\n', 2, 33),
    "sys-modules": ('import sys\nrandomness = dict(seed=1)\nsys.modules[__name__].randomness = None\n', 3, 1),
    "module-dict": ("import sys\nrandomness = dict(seed=1)\n"
                    "sys.modules[__name__].__dict__.update(randomness=None)\n", 3, 1),
    "builtins-exec": ('import builtins\nrandomness = dict(seed=1)\nbuiltins.exec("randomness = None")\n', 3, 1),
    "getattr-exec": ('randomness = dict(seed=1)\ngetattr(__builtins__, "exec")("randomness = None")\n', 2, 1),
    "star-import": ('randomness = dict(seed=1)\nfrom acme.overrides import *\n', 2, 1),
    "import-as": ('randomness = dict(seed=1)\nimport acme.rng as randomness\n', 2, 1),
    "from-import-as": ('randomness = dict(seed=1)\nfrom acme import rng as randomness\n', 2, 1),
    "decorator-reference": ('randomness = dict(seed=1)\n@randomness.setdefault\ndef seed():\n    pass\n', 3, 1),
    "except-as": ('randomness = dict(seed=1)\ntry:\n    pass\nexcept Exception as randomness:\n    pass\n', 2, 1),
    "match-capture": ('randomness = dict(seed=1)\nmatch x:\n    case randomness:\n        pass\n', 2, 1),
    "passed-to-a-call": ('randomness = dict(seed=1)\nreset_seed(randomness)\n', 2, 1),
    "passed-by-keyword": ('randomness = dict(seed=1)\nconfigure(cfg=randomness)\n', 2, 1),
    "passed-in-a-list": ('randomness = dict(seed=1)\napply_all([randomness])\n', 2, 1),
    "method-as-value": ('randomness = dict(seed=1)\npop = randomness.pop\npop("seed")\n', 2, 7),
    "method-mapped": ('randomness = dict(seed=1)\nlist(map(randomness.pop, ["seed"]))\n', 2, 1),
    "operator-setitem": ('import operator\nrandomness = dict(seed=1)\n'
                         'operator.setitem(randomness, "seed", None)\n', 3, 1),
    "getattr-method": ('randomness = dict(seed=1)\ngetattr(randomness, "pop")("seed")\n', 2, 1),
    "with-context": ('randomness = dict(seed=1)\nwith patched(randomness):\n    pass\n', 2, 6),
}


@pytest.mark.parametrize("name", sorted(UNFOLLOWED))
def test_python_statements_not_followed_make_the_seed_unresolved(repo: Path, name: str) -> None:
    text, line, column = UNFOLLOWED[name]
    write(repo, "configs/train.py", text)
    (record,) = show(repo, "configs/train.py")
    assert record["seed"]["status"] == "unresolved", record["seed"]
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == [("LL104", line, column)]


@pytest.mark.parametrize(
    "text",
    [
        "randomness = dict(seed=1)\nx = randomness.get('seed')\nprint(randomness)\n",
        "randomness = dict(seed=1)\nif TYPE_CHECKING:\n    import torch\n",
        "randomness = dict(seed=1)\ntry:\n    pass\nfinally:\n    y = 2\n",
        "randomness = dict(seed=0)\nrandomness.update(seed=1)\ndef f(randomness):\n    randomness.pop('seed')\n",
        "randomness = dict(seed=1)\nfor i in range(3):\n    other = i\n",
        "import copy\nrandomness = dict(seed=1)\nprint(randomness)\nsaved = copy.deepcopy(randomness)\n"
        "train = dict(randomness=randomness)\n",
        "randomness = dict(seed=1)\nf = lambda randomness=None: randomness\nrandomness_note: str\n",
        "from os.path import *\nimport acme.rng as rng\nrandomness = dict(seed=1)\n",
        "randomness = dict(seed=1)\nparser.set_defaults(**randomness)\nrun(*[randomness])\n",
    ],
    ids=["read-only-calls", "type-checking", "try-finally", "local-parameter", "unrelated-loop", "pure-calls",
         "lambda-parameter", "imports-before", "spread-copies"],
)
def test_python_statements_that_cannot_change_the_seed_leave_it(repo: Path, text: str) -> None:
    write(repo, "configs/train.py", text)
    (record,) = show(repo, "configs/train.py")
    assert record["seed"] == {**record["seed"], "status": "declared", "value": 1}


def test_python_dataset_changed_in_a_branch_is_not_pinned(repo: Path) -> None:
    write(repo, "configs/train.py",
          "seed = 1\ndataset = dict(type='HFDataset', path='org/data', "
          "revision='3f786850e387550fdab836ed7e6dc881de23001b')\nif fast:\n    dataset['revision'] = 'main'\n")
    (record,) = show(repo, "configs/train.py")
    assert [d["pin"] for d in record["datasets"]] == ["none"], record["datasets"]  # not the earlier commit
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == [("LL201", 2, 39)]


def test_quoted_seed_of_thousands_of_digits_does_not_stop_the_run(repo: Path) -> None:
    write(repo, "a.yaml", 'seed: "' + "9" * 5_000 + '"\n')
    write(repo, "b.yaml", "a: [1]\nseed: ${a." + "9" * 5_000 + "}\n")
    write(repo, "c.yaml", "seed: null\n")
    outcome = cli(repo, "check", "--format", "json", "a.yaml", "b.yaml", "c.yaml")
    assert outcome.code == 1, outcome.err
    found = sorted((f["path"], f["code"], f["line"], f["column"]) for f in outcome.json()["findings"])
    assert found == [("b.yaml", "LL104", 2, 1), ("c.yaml", "LL102", 1, 1)]


def test_malformed_url_of_a_dataset_is_judged_not_a_crash(repo: Path) -> None:
    # urlsplit refuses a "[" in the host ("Invalid IPv6 URL"); the path is still read, by its shape
    write(repo, "train.yaml", "seed: 1\nlearning_rate: 0.1\ndata:\n"
                              '  train_path: "abfss://lake@acct[.dfs.core.windows.net/x/Argoverse-1.1/a.parquet"\n'
                              '  val_path: "s3://b[/x/val.parquet"\n')
    outcome = cli(repo, "check", "train.yaml")
    assert outcome.code == 1
    assert "train.yaml:5:13: LL201 dataset `s3://b[/x/val.parquet` (data.val_path) has no version" in outcome.out
    assert codes(show(repo, "train.yaml")[0]) == ["LL201"]


def test_a_hydra_group_name_too_long_for_the_filesystem_is_not_a_crash(repo: Path) -> None:
    # the overlay's group names are looked up as folders; a name of 300 characters is ENAMETOOLONG, not a folder
    write(repo, "configs/experiment/exp.yaml", "# @package _global_\ndefaults:\n  - override /model: cnn\n"
                                               f"  - override /{'x' * 300}: y\nseed: 3\n")
    outcome = cli(repo, "check", "configs/experiment/exp.yaml")
    assert outcome.code == 0, outcome.out
    (record,) = show(repo, "configs/experiment/exp.yaml")
    assert record["seed"]["status"] == "declared"


# Configs written as code: the settings sit in a class body (read as a class of settings) or on the mapping a
# function returns (the function is never run: nothing in it is concrete). Either way the file is judged.
CONFIGS_AS_CODE = {
    "dataclass": ("from dataclasses import dataclass\n\n\n@dataclass\nclass TrainConfig:\n"
                  "    seed: int | None = None\n    dataset: str = 'acme/reviews'\n    epochs: int = 3\n",
                  [("LL102", 6, 5), ("LL201", 7, 20)]),
    "class": ("class Config:\n    seed = 7\n    dataset_name = 'acme/reviews'\n    num_train_epochs = 3\n",
              [("LL201", 3, 20)]),
    "get-config": ("import ml_collections\n\n\ndef get_config():\n    config = ml_collections.ConfigDict()\n"
                   "    config.seed = 0\n    config.dataset = 'imagenet2012'\n    config.num_epochs = 90\n"
                   "    return config\n", [("LL104", 6, 5), ("LL201", 7, 5)]),  # set in code never run
    "returns-dict": ("def config():\n    return dict(seed=0, dataset_name='acme/reviews', num_train_epochs=3)\n",
                     [("LL104", 2, 17), ("LL201", 2, 25)]),
    "computed-dataset": ("seed = 1\nepochs = 3\ndataset = load_dataset_name()\n", [("LL201", 3, 11)]),
}


@pytest.mark.parametrize("name", sorted(CONFIGS_AS_CODE))
def test_a_config_written_as_code_is_judged_and_nothing_in_it_is_concrete(repo: Path, name: str) -> None:
    text, expected = CONFIGS_AS_CODE[name]
    write(repo, "configs/exp.py", text)
    (record,) = show(repo, "configs/exp.py")
    assert (record["profile"], record["applicable"]) == ("generic", True)
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == expected


def test_a_module_of_functions_and_classes_is_still_code(repo: Path) -> None:
    write(repo, "configs/utils.py", "import torch\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\n"
                                    "class Sampler:\n    def __init__(self, seed=0):\n        self.seed = seed\n")
    (record,) = show(repo, "configs/utils.py")
    assert (record["profile"], record["applicable"], record["findings"]) == ("python-module", False, [])


# Values that made a regex backtrack from every position (minutes for a few KB before): each is judged.
@pytest.mark.parametrize(("text", "expected"), [
    ("seed: 1\ndata:\n  train_path: 'gs://a" + "{a," * 100_000 + "'\n", [("LL201", 3, 15)]),
    ("seed: 1\ndata:\n  train_path: 'gs://a" + "[a," * 100_000 + "'\n", [("LL201", 3, 15)]),
    ("seed: '" + "{{" * 200_000 + "'\n", [("LL102", 1, 1)]),
], ids=["braces", "brackets", "template-openers"])
def test_values_that_made_a_pattern_backtrack_are_judged(repo: Path, text: str, expected: list[object]) -> None:
    write(repo, "train.yaml", text)
    (record,) = show(repo, "train.yaml")
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == expected


@pytest.mark.parametrize("fmt", ["yaml", "llama-factory"])
def test_a_file_naming_more_datasets_than_the_limit_is_refused_where_it_crosses_it(repo: Path, fmt: str) -> None:
    from lineage_lint.sources.limits import MAX_DATASETS

    def text(count: int) -> str:
        if fmt == "yaml":
            return "seed: 1\nepochs: 1\ndatasets:\n" + "".join(f"  - s3://b/d{i}/v3/\n" for i in range(count))
        return ("stage: sft\ndo_train: true\nmodel_name_or_path: m\nseed: 1\nfinetuning_type: lora\ndataset: "
                + ",".join(f"d{i}@v1" for i in range(count)) + "\n")

    write(repo, "train.yaml", text(MAX_DATASETS))  # at the limit: every dataset is read and judged
    (record,) = show(repo, "train.yaml")
    assert len(record["datasets"]) == MAX_DATASETS
    assert record["findings"] == []
    write(repo, "train.yaml", text(MAX_DATASETS + 1))  # one more: refused at the one past the limit, exit 1
    finding = only_finding(repo, "train.yaml")
    assert finding["code"] == "LL014"
    assert f"more than {MAX_DATASETS:,} datasets" in str(finding["message"])
    assert finding["line"] == (3 + MAX_DATASETS + 1 if fmt == "yaml" else 6)
    assert cli(repo, "check", "train.yaml").code == 1


def test_a_folder_turned_into_a_symlink_between_runs_is_seen(repo: Path, tmp_path: Path) -> None:
    """Reading remembers, within a run, which folders have no symlink in their path: a later run must not."""
    write(repo, "configs/train.yaml", "seed: 1\n")
    assert cli(repo, "check", "--no-cache", "configs/train.yaml").code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "train.yaml").write_text("seed: 1\n", encoding="utf-8")
    (repo / "configs" / "train.yaml").unlink()
    (repo / "configs").rmdir()
    (repo / "configs").symlink_to(outside)
    outcome = cli(repo, "check", "configs/train.yaml")
    assert outcome.code == 1 and "LL008" in outcome.out, outcome.out
