"""Bad input gets a coded, located finding and exit 1; never a traceback, never execution."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from support import cli, cli_subprocess, codes, git_init, show, write


def only_finding(repo: Path, name: str) -> dict[str, object]:
    (record,) = show(repo, name)
    assert len(record["findings"]) == 1, record["findings"]
    finding: dict[str, object] = record["findings"][0]
    return finding


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
    write(repo, "train.json", b'{"seed": 1}\x00\x00')
    assert only_finding(repo, "train.json")["code"] == "LL002"


EMPTY = [
    (name, text)
    for name in ("train.yaml", "train.json", "train.toml", "configs/train.py")
    for text in ("", "   \n\n", "{}" if name.endswith(".json") else "# only a comment\n")
]


@pytest.mark.parametrize(("name", "text"), EMPTY)
def test_empty_file(repo: Path, name: str, text: str) -> None:
    write(repo, name, text)
    assert only_finding(repo, name)["code"] == "LL003"
    assert cli(repo, "check", name).code == 1


def test_duplicate_yaml_key_is_reported_at_the_second_key(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\ndata:\n  name: a\n  version: v1\nseed: 2\n")
    (record,) = show(repo, "train.yaml")
    (finding,) = record["findings"]
    assert finding["code"] == "LL004"
    assert finding["line"] == 5
    assert "first on line 1" in finding["message"]
    assert record["seed"]["value"] == 2  # what the loaders would use


def test_duplicate_json_key_is_reported(repo: Path) -> None:
    write(repo, "train.json", '{"seed": 7,\n "datasets": [],\n "seed": null}\n')
    (record,) = show(repo, "train.json")
    assert codes(record) == ["LL004", "LL102"]
    assert record["findings"][0]["line"] == 3


def test_unsafe_yaml_tag_is_never_constructed(repo: Path) -> None:
    marker = repo / "pwned"
    write(repo, "train.yaml", f'seed: !!python/object/apply:os.system ["touch {marker}"]\n')
    write(repo, "other.yaml", "seed: !!python/name:os.system\n")
    results = show(repo, "train.yaml", "other.yaml")
    assert not marker.exists()
    for record in results:
        assert "LL005" in codes(record)
        assert record["seed"]["status"] == "unresolved"


def test_alias_bomb_is_refused_without_expanding(repo: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 11)]  # 10 levels: 9**11 nodes
    write(repo, "train.yaml", "seed: 1\n" + "\n".join(lines) + "\n")
    finding = only_finding(repo, "train.yaml")
    assert finding["code"] == "LL006"  # bench/bench_bad_input.py prints its time and peak memory


def test_recursive_alias_is_refused(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\nloop: &loop [1, *loop]\n")
    assert only_finding(repo, "train.yaml")["code"] == "LL006"


def test_a_few_aliases_are_fine(repo: Path) -> None:
    write(repo, "train.yaml", "base: &base {seed: 5}\nrun:\n  <<: *base\nseed: *base\n")
    (record,) = show(repo, "train.yaml")
    assert "LL006" not in codes(record)


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000, "[" * 1_000, "- " * 200_000 + "x", "{a: " * 100_000, '{"a":' * 100_000],
    ids=["flow-seq", "flow-seq-1000", "block-seq", "flow-map", "json-like"],
)
def test_pathological_nesting_is_an_error_not_a_crash(repo: Path, text: str) -> None:
    # In a child process: libyaml's composer would take the interpreter down with it (SIGSEGV).
    write(repo, "train.yaml", text)
    write(repo, "train.json", text)
    outcome = cli_subprocess(repo, "check", "--format", "concise", "train.yaml", "train.json")
    assert outcome.code == 1, outcome.err
    assert "Traceback" not in outcome.err
    assert outcome.out.count("LL001") == 2


def test_file_over_the_size_cap_is_not_parsed(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\n" + "# padding\n" * 2000)
    outcome = cli(repo, "check", "--max-file-size", "1024", "--format", "json", "train.yaml")
    assert outcome.code == 1
    (finding,) = outcome.json()["findings"]
    assert finding["code"] == "LL007"
    assert "1 KiB" in finding["message"]
    assert cli(repo, "check", "train.yaml").code == 0  # under the default cap


def test_size_cap_comes_from_configuration(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", "max-file-size = 100\n")
    write(repo, "train.yaml", "seed: 1\n" + "x: 1\n" * 100)
    assert codes(show(repo, "train.yaml")[0]) == ["LL007"]


def test_symlink_leaving_the_repository_is_not_read(repo: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "outside/secret.yaml", "seed: 1\n")
    (repo / "configs").mkdir()
    (repo / "configs" / "train.yaml").symlink_to(outside)
    finding = only_finding(repo, "configs/train.yaml")
    assert finding["code"] == "LL008"
    assert cli(repo, "check", "configs/").code == 1  # a directory walk reports it too


def test_symlinked_directory_leaving_the_repository(repo: Path, tmp_path: Path) -> None:
    write(tmp_path, "outside/train.yaml", "seed: 1\n")
    (repo / "configs").symlink_to(tmp_path / "outside")
    assert only_finding(repo, "configs/train.yaml")["code"] == "LL008"


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
    assert only_finding(repo, "train.yaml")["code"] == "LL009"


def test_directory_given_as_a_file(repo: Path) -> None:
    (repo / "train.yaml").mkdir()
    finding = only_finding(repo, "train.yaml")
    assert finding["code"] == "LL009"
    assert "directory" in str(finding["message"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_not_read(repo: Path) -> None:
    os.mkfifo(repo / "train.yaml")  # reading it would block forever
    finding = only_finding(repo, "train.yaml")
    assert finding["code"] == "LL009"
    assert "not a regular file" in str(finding["message"])


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(repo: Path) -> None:
    path = write(repo, "train.yaml", "seed: 1\n")
    path.chmod(0)
    try:
        finding = only_finding(repo, "train.yaml")
    finally:
        path.chmod(0o644)
    assert finding["code"] == "LL009"
    assert "Permission denied" in str(finding["message"])


def test_unsupported_file_type_named_explicitly(repo: Path) -> None:
    write(repo, "train.ini", "[x]\nseed=1\n")
    assert only_finding(repo, "train.ini")["code"] == "LL009"


def test_python_config_is_never_executed(repo: Path) -> None:
    marker = repo / "pwned"
    write(repo, "configs/train.py", f"import os\nos.system('touch {marker}')\nseed = int(open('{marker}').read())\n")
    (record,) = show(repo, "configs/train.py")
    assert not marker.exists()
    assert record["seed"]["status"] == "unresolved"


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/clear_refs").exists(), reason="needs Linux procfs")
def test_file_whose_read_fails_even_for_root() -> None:
    # A write-only procfs file: open() succeeds, read() fails with EINVAL, whoever we are.
    from lineage_lint.sources import UnreadableSource, load_document

    path = Path(f"/proc/{os.getpid()}/clear_refs")
    with pytest.raises(UnreadableSource) as caught:
        load_document(path, "clear_refs", Path("/"), fmt="yaml")
    assert caught.value.problem.code == "LL009"
    assert "cannot read" in caught.value.problem.message


def test_python_name_bomb_is_refused(repo: Path) -> None:
    lines = ["a0 = ['x'] * 1", "a0 = ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']"]
    lines += [f"a{i} = [{', '.join([f'a{i - 1}'] * 9)}]" for i in range(1, 10)]
    write(repo, "configs/bomb.py", "seed = 1\n" + "\n".join(lines) + "\n")
    assert only_finding(repo, "configs/bomb.py")["code"] == "LL006"


def test_problems_in_a_later_yaml_document_are_reported(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\nepochs: 2\n---\nseed: 1\nseed: 2\nx: !!python/name:os.system\n")
    (record,) = show(repo, "train.yaml")
    assert codes(record) == ["LL004", "LL005"]
    assert record["seed"]["value"] == 1
