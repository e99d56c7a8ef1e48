"""A suppression is a real comment and covers only its own line (or its file): text inside values, and a
comment on line 1, hide nothing else; findings about a composed base are shown where the base is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import cli, codes, git_init, show, write

REASON = "-- accepted upstream"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def _seed_finding(record: dict[str, object]) -> dict[str, object]:
    findings = record["findings"]
    assert isinstance(findings, list)
    (finding,) = [f for f in findings if f["code"] == "LL102"]
    return dict(finding)


RUNTIME = "default_scope = 'x'\nrandomness = dict(seed=None)\n"


def test_a_base_finding_is_shown_at_the_line_naming_the_base(repo: Path) -> None:
    write(repo, "configs/_base_/default_runtime.py", RUNTIME)
    write(repo, "configs/r/r50.py", "# experiment 12\noptim_wrapper = dict(lr=0.1)\n_base_ = [\n"
                                    "    '../_base_/default_runtime.py',\n]\n")
    (record,) = show(repo, "configs/r/r50.py")
    finding = _seed_finding(record)
    assert (finding["line"], finding["column"]) == (4, 5)
    assert "set in configs/_base_/default_runtime.py:2" in str(finding["message"])
    outcome = cli(repo, "check", "configs/r/r50.py")
    assert outcome.code == 1
    assert "configs/r/r50.py:4:5: LL102" in outcome.out


def test_a_line_one_comment_does_not_hide_a_base_finding(repo: Path) -> None:
    write(repo, "configs/_base_/default_runtime.py", RUNTIME)
    write(repo, "configs/r/r50.py", f"optim_wrapper = dict(lr=0.1)  # lineage-lint: ignore[LL102] {REASON}\n"
                                    "_base_ = ['../_base_/default_runtime.py']\n")
    (record,) = show(repo, "configs/r/r50.py")
    assert codes(record) == ["LL102"]
    assert cli(repo, "check", "configs/r/r50.py").code == 1


def test_a_comment_on_the_line_naming_the_base_covers_its_findings(repo: Path) -> None:
    write(repo, "configs/_base_/default_runtime.py", RUNTIME)
    comment = f"# lineage-lint: ignore[LL102] {REASON}"
    write(repo, "configs/r/r50.py", f"lr = 0.1\n_base_ = ['../_base_/default_runtime.py']  {comment}\n")
    (record,) = show(repo, "configs/r/r50.py")
    assert codes(record) == []
    assert cli(repo, "check", "configs/r/r50.py").code == 0


def test_a_base_of_a_base_is_shown_at_the_first_base_line(repo: Path) -> None:
    write(repo, "configs/_base_/root.py", "randomness = dict(seed=None)\n")
    write(repo, "configs/_base_/mid.py", "x = 1\n_base_ = ['./root.py']\n")
    write(repo, "configs/r/r18.py", "optim_wrapper = dict(lr=0.1)\n_base_ = ['../_base_/mid.py']\n")
    finding = _seed_finding(show(repo, "configs/r/r18.py")[0])
    assert (finding["line"], finding["column"]) == (2, 11)
    assert "set in configs/_base_/root.py:1" in str(finding["message"])


def test_a_missing_base_of_a_base_is_shown_at_the_first_base_line(repo: Path) -> None:
    write(repo, "configs/_base_/mid.py", "x = 1\n_base_ = ['./gone.py']\n")
    write(repo, "configs/r/r18.py", "randomness = dict(seed=1)\n_base_ = ['../_base_/mid.py']\n")
    (record,) = show(repo, "configs/r/r18.py")
    (missing,) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert (missing["line"], missing["column"]) == (2, 11)
    assert "referenced at configs/_base_/mid.py:2" in missing["message"]


@pytest.mark.parametrize("text", [
    'note: "# lineage-lint: ignore[LL102] -- not a comment"\nseed: null\nepochs: 1\n',
    "note: '# lineage-lint: ignore-file[LL102] -- not a comment'\nseed: null\nepochs: 1\n",
    "note: |\n  # lineage-lint: ignore-file[LL102] -- block scalar text\nseed: null\nepochs: 1\n",
    "note: >\n  text\n  # lineage-lint: ignore-file[LL102] -- folded text\nseed: null\nepochs: 1\n",
    'seed: null\nnote: "a\n  # lineage-lint: ignore-file[LL102] -- inside a two-line string"\nepochs: 1\n',
])
def test_yaml_string_values_suppress_nothing(repo: Path, text: str) -> None:
    write(repo, "train.yaml", text)
    (record,) = show(repo, "train.yaml")
    assert codes(record) == ["LL102"]
    assert cli(repo, "check", "train.yaml").code == 1


def test_a_yaml_block_scalar_header_comment_is_a_comment(repo: Path) -> None:
    write(repo, "train.yaml", f"note: |  # lineage-lint: ignore-file[LL102] {REASON}\n  text\nseed: null\nepochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == []


def test_a_yaml_comment_after_a_quoted_hash_is_a_comment(repo: Path) -> None:
    write(repo, "train.yaml", f'seed: null  # lineage-lint: ignore[LL102] {REASON}\nurl: "a#b"\nepochs: 1\n')
    assert codes(show(repo, "train.yaml")[0]) == []
    write(repo, "train.yaml", f'url: "a#b"  # lineage-lint: ignore-file[LL102] {REASON}\nseed: null\nepochs: 1\n')
    assert codes(show(repo, "train.yaml")[0]) == []


def test_json_has_no_comments(repo: Path) -> None:
    document = {"note": f"# lineage-lint: ignore-file[LL102] {REASON}", "seed": None, "epochs": 1}
    write(repo, "train_config.json", json.dumps(document, indent=1) + "\n")
    (record,) = show(repo, "train_config.json")
    assert codes(record) == ["LL102"]


def test_a_reasonless_ignore_inside_a_string_is_not_reported(repo: Path) -> None:
    write(repo, "train.yaml", 'note: "# lineage-lint: ignore[LL102]"\nseed: 1\nepochs: 1\n')
    assert codes(show(repo, "train.yaml")[0]) == []  # no LL010: it is not a comment


@pytest.mark.parametrize("text", [
    'note = "# lineage-lint: ignore-file[LL102] -- basic string"\nseed = false\nepochs = 1\n',
    "note = '# lineage-lint: ignore-file[LL102] -- literal string'\nseed = false\nepochs = 1\n",
    'note = """\n# lineage-lint: ignore-file[LL102] -- multi-line string\n"""\nseed = false\nepochs = 1\n',
    "note = '''\n# lineage-lint: ignore-file[LL102] -- multi-line literal\n'''\nseed = false\nepochs = 1\n",
])
def test_toml_strings_suppress_nothing(repo: Path, text: str) -> None:
    write(repo, "train_config.toml", text)
    assert codes(show(repo, "train_config.toml")[0]) == ["LL102"]


def test_a_toml_comment_suppresses(repo: Path) -> None:
    write(repo, "train_config.toml", f'note = "a#b"  # lineage-lint: ignore-file[LL102] {REASON}\nseed = false\n'
                                     "epochs = 1\n")
    assert codes(show(repo, "train_config.toml")[0]) == []


def test_python_strings_suppress_nothing_and_comments_do(repo: Path) -> None:
    write(repo, "configs/x.py", f'note = "# lineage-lint: ignore-file[LL102] {REASON}"\nseed = None\nmax_epochs = 1\n')
    assert codes(show(repo, "configs/x.py")[0]) == ["LL102"]
    write(repo, "configs/x.py", f'doc = """\n# lineage-lint: ignore-file[LL102] {REASON}\n"""\nseed = None\n'
                                "max_epochs = 1\n")
    assert codes(show(repo, "configs/x.py")[0]) == ["LL102"]
    write(repo, "configs/x.py", f'note = "#"  # lineage-lint: ignore-file[LL102] {REASON}\nseed = None\n'
                                "max_epochs = 1\n")
    assert codes(show(repo, "configs/x.py")[0]) == []


def test_a_comment_past_the_scan_budget_suppresses_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lineage_lint import comments

    monkeypatch.setattr(comments, "MAX_TOKENS", 50)  # the budget, scaled down: a file of 50 lines is "huge"
    filler = "".join(f"k{i}: 'v'\n" for i in range(50))
    write(repo, "train.yaml", f"{filler}seed: null  # lineage-lint: ignore[LL102] {REASON}\nepochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == ["LL102"]
    write(repo, "train.yaml", f"seed: null  # lineage-lint: ignore[LL102] {REASON}\n{filler}epochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == []  # within the budget: honoured


def test_a_comment_after_text_the_scanner_refuses_suppresses_nothing(repo: Path) -> None:
    write(repo, "train.yaml", f'seed: null\nnote: "open\n  # lineage-lint: ignore-file[LL001] {REASON}\n')
    record = show(repo, "train.yaml")[0]
    assert codes(record) == ["LL001"]  # the string never closes: the text inside it is no comment


def test_plain_files_need_no_scan_and_a_hash_inside_a_word_is_no_comment(repo: Path) -> None:
    write(repo, "train.yaml", "seed: null\nurl: a#lineage-lint:ignore-file[LL102]--part-of-the-value\nepochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == ["LL102"]
    write(repo, "train.yaml", f"seed: null\n# lineage-lint: ignore-file[LL102] {REASON}\nepochs: 1\n")
    assert codes(show(repo, "train.yaml")[0]) == []


# Characters Python's str.splitlines takes for line breaks but a Python or TOML parser does not (form feed,
# file separator, NEL, LS): inside a string value, the ignore text after one is still inside the string.
@pytest.mark.parametrize("brk", ["\x0c", "\x1c", "\x85", "\u2028"], ids=["form-feed", "file-separator", "nel", "ls"])
def test_a_line_break_that_is_not_one_for_the_parser_does_not_make_string_text_a_comment(repo: Path,
                                                                                          brk: str) -> None:
    ignore = f"# lineage-lint: ignore-file[LL102] {REASON}"
    write(repo, "configs/x.py", f'seed = None\nnote = "a{brk}{ignore}"\n# a real comment\nmax_epochs = 1\n')
    assert [(f["code"], f["line"], f["column"]) for f in show(repo, "configs/x.py")[0]["findings"]] == \
        [("LL102", 1, 1)]
    if brk in "\x85\u2028":  # TOML strings may hold these (not other control characters)
        write(repo, "train_config.toml", f'seed = nan\nnote = "a{brk}{ignore}"\nepochs = 1\n')
        assert [(f["code"], f["line"], f["column"]) for f in show(repo, "train_config.toml")[0]["findings"]] == \
            [("LL102", 1, 1)]


def test_a_yaml_line_break_of_yaml_s_own_still_numbers_the_comment(repo: Path) -> None:
    # YAML breaks lines at LS too: a comment after one is on the next line, and suppresses what is there
    write(repo, "train.yaml", f"epochs: 1\u2028seed: null  # lineage-lint: ignore[LL102] {REASON}\n")
    (record,) = show(repo, "train.yaml")
    assert record["findings"] == [] and record["seed"]["status"] == "random"
