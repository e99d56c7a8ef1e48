"""Configs a fifth attacker pass found waved through, and their neighbours that must stay as they were: a seed or a
version behind an application's YAML tag (``!env DATA_VERSION``), a Python dict union that unsets the seed or
replaces the data (``base | {"seed": None}``), and version words that name no single version (``v3+``,
``2024-01-01..``, ``unknown``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import git_init, show, write


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def record_of(repo: Path, name: str, text: str) -> dict[str, Any]:
    write(repo, name, text)
    (record,) = show(repo, name)
    return record


def located(record: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in record["findings"]]


DATA = "data:\n  path: s3://acme/reviews/train.parquet\n"

# --- an application's YAML tag: its constructor makes the value, not the text ----------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("seed: 42\n" + DATA + "  version: !env DATA_VERSION\n", [("LL201", 3, 9)]),
    ("seed: 42\n" + DATA + "  version: !<tag:acme.com,2024:env> DATA_VERSION\n", [("LL201", 3, 9)]),
    ("seed: 42\n" + DATA + "  revision: !latest v3\n", [("LL201", 3, 9)]),
    ("seed: !random 42\n" + DATA + "  version: v3\n", [("LL102", 1, 1)]),
])
def test_a_value_behind_an_application_tag_is_not_its_text(repo: Path, text: str,
                                                            expected: list[tuple[str, int, int]]) -> None:
    assert located(record_of(repo, "train.yaml", text)) == expected


def test_standard_tags_and_an_empty_application_tag_keep_their_value(repo: Path) -> None:
    record = record_of(repo, "train.yaml", "seed: !!int '42'\n" + DATA + "  version: !!str v3\nnotes: !todo\n")
    assert (record["seed"]["status"], record["dataset_pin"], record["findings"]) == ("declared", "weak", [])


def test_a_reference_behind_an_application_tag_is_still_read(repo: Path) -> None:
    record = record_of(repo, "hparams.yaml", "seed: 1986\ntrain_annotation: !ref <output_folder>/train.json\n")
    assert [ref["ref"] for ref in record["datasets"]] == ["!ref <output_folder>/train.json"]
    assert located(record) == [("LL201", 2, 19)]


# --- a Python dict union is `{**left, **right}` ----------------------------------------------------------------

BASE = 'base = dict(seed=42, data=dict(path="s3://acme/x.parquet", version="v3"))\n'


@pytest.mark.parametrize(("line", "expected"), [
    ('config = base | {"seed": None}\n', [("LL102", 2, 18)]),
    ("config = base | dict(seed=None)\n", [("LL102", 2, 22)]),
    ('config = base | {"data": {"path": "s3://acme/y/"}}\n', [("LL201", 2, 35)]),
    ("config = base | load_overrides()\n", [("LL104", 2, 17), ("LL201", 2, 17)]),
    ('config = base | {"epochs": 2} | {"seed": None}\n', [("LL102", 2, 34)]),
])
def test_a_dict_union_sets_what_its_right_side_sets(repo: Path, line: str,
                                                    expected: list[tuple[str, int, int]]) -> None:
    assert located(record_of(repo, "train.py", BASE + line)) == expected


@pytest.mark.parametrize("line", ['config = {"seed": None} | base\n', 'config = base | {"epochs": 3}\n',
                                  'config = {"seed": None} | {"epochs": 2} | base\n',
                                  "config = " + " | ".join(["base"] * 600) + "\n"])  # a long chain: no recursion
def test_a_dict_union_that_keeps_the_seed_passes(repo: Path, line: str) -> None:
    record = record_of(repo, "train.py", BASE + line)
    assert (record["seed"]["status"], record["dataset_pin"], record["findings"]) == ("declared", "weak", [])


# --- version words that name no single version -----------------------------------------------------------------


@pytest.mark.parametrize(("version", "code"), [
    ('"v3+"', "LL202"), ('"1.+"', "LL202"), ('"2024-01-01.."', "LL202"), ('"v1..v3"', "LL202"),
    ('"2024-01-01/2024-06-30"', "LL202"), ("recent", "LL202"), ("yesterday", "LL202"),
    ("unknown", "LL201"), ('"n/a"', "LL201"), ('"?"', "LL201"), ('"-"', "LL201"),
])
def test_a_version_that_names_no_single_version_does_not_pin(repo: Path, version: str, code: str) -> None:
    record = record_of(repo, "train.yaml", "seed: 42\n" + DATA + f"  version: {version}\n")
    # a moving version is shown where it is written; one that pins nothing, on the reference left unpinned
    assert located(record) == [(code, 4, 12) if code == "LL202" else (code, 3, 9)]


@pytest.mark.parametrize("version", ['"1.0.0+build.5"', '"v2-rc"', '"2024-06-01"', "v3"])
def test_one_release_still_pins(repo: Path, version: str) -> None:
    record = record_of(repo, "train.yaml", "seed: 42\n" + DATA + f"  version: {version}\n")
    assert (record["dataset_pin"], record["findings"]) == ("weak", [])


# --- a dataset field read whole from the environment is left to the launch, like `???` ---------------------------


@pytest.mark.parametrize(("name", "text", "key", "line", "column"), [
    ("train.yaml", "seed: 42\ndata:\n  path: ${oc.env:TRAIN_DATA}\n", "data.path", 3, 9),
    ("train.yaml", "seed: 42\ndata:\n  path: ${oc.env:TRAIN_DATA,s3://acme/default/}\n", "data.path", 3, 9),
    ("train.yaml", "seed: 42\ntrain_file: ${env:TRAIN_FILE}\n", "train_file", 2, 13),
    ("nemo.yaml", "model:\n  train_ds:\n    manifest_filepath: ${oc.env:TRAIN_MANIFEST}\n  optim: {lr: 0.1}\n"
                  "exp_manager: {seed: 1}\ntrainer: {max_epochs: 2}\nseed: 1\n",
     "model.train_ds.manifest_filepath", 3, 24),
])
def test_a_dataset_field_from_the_environment_is_supplied_at_launch(repo: Path, name: str, text: str, key: str,
                                                                    line: int, column: int) -> None:
    write(repo, name, text)
    (record,) = show(repo, name, extra=("--policy", "strict"))
    assert [slot["key"] for slot in record["supplied_at_launch"]] == [key]
    assert located(record) == [("LL206", line, column)]
    assert f"left to the launch command (`{record['supplied_at_launch'][0]['value']}`)" in \
        record["findings"][0]["message"]


def test_a_root_from_the_environment_under_a_located_dataset_is_no_launch_slot(repo: Path) -> None:
    record = record_of(repo, "train.yaml", "seed: 42\npaths:\n  root_dir: ${oc.env:PROJECT_ROOT}\n"
                                           "data:\n  path: s3://acme/audio/train/\n  version: v2\n")
    assert ("supplied_at_launch" not in record, record["dataset_pin"], record["findings"]) == (True, "weak", [])


# --- a reader call inside another expression still reads data --------------------------------------------------

HEAD = "from datasets import concatenate_datasets, load_dataset\nSEED = 42\n"


@pytest.mark.parametrize(("line", "refs", "expected"), [
    ('ds = load_dataset("acme/a").shuffle(seed=SEED)\n', ["acme/a"], [("LL201", 3, 6)]),
    ('ds = concatenate_datasets([load_dataset("acme/a", revision="v1"), load_dataset("acme/b")])\n',
     ["acme/a", "acme/b"], [("LL201", 3, 6)]),
    ('ds = [load_dataset("acme/a"), load_dataset("acme/b")]\n', ["acme/a", "acme/b"],
     [("LL201", 3, 7), ("LL201", 3, 31)]),
    # a value the loose reading already takes as one computed dataset stays so (refused as unknown)
    ('df = pd.concat([pd.read_parquet("s3://acme/a.parquet"), pd.read_parquet("s3://acme/b.parquet")])\n',
     ['pd.concat([pd.read_parquet("s3://acme/a.parquet"), pd.read_parquet("s3://acme/b.parquet")])'],
     [("LL201", 3, 6)]),
])
def test_a_reader_call_wrapped_in_another_expression_is_read(repo: Path, line: str, refs: list[str],
                                                             expected: list[tuple[str, int, int]]) -> None:
    record = record_of(repo, "train.py", HEAD + line)
    assert [ref["ref"] for ref in record["datasets"]] == refs
    assert sorted(set(located(record))) == expected


def test_a_method_on_a_pinned_reader_call_keeps_its_pin(repo: Path) -> None:
    """`load_dataset(..., revision=...).map(fn)`: `fn` is the method's argument, not a dataset (refused before)."""
    record = record_of(repo, "train.py", HEAD + 'ds = load_dataset("acme/a", revision="v1").map(tokenize)\n')
    assert ([ref["ref"] for ref in record["datasets"]], record["dataset_pin"], record["findings"]) == \
        (["acme/a"], "weak", [])


def test_no_reader_call_is_dropped_past_a_count(repo: Path) -> None:
    calls = ", ".join(f'load_dataset("acme/d{i}", revision="v1")' for i in range(100))
    record = record_of(repo, "train.py", HEAD + f'ds = wrap([{calls}, load_dataset("acme/last")])\n')
    assert len(record["datasets"]) == 101
    assert [(f["code"], f["line"], f["column"], "acme/last" in f["message"]) for f in record["findings"]] == \
        [("LL201", 3, 6, True)]
