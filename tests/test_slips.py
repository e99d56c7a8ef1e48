"""Configs an attacker pass found waved through, and their neighbours that must stay as they were: training data
under a file named for another task, later documents of a YAML stream, a root folder beside a dataset pinned only
by the release its name suggests, `???` data fields of the generic reading, a run section unsetting the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import git_init, show, write


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def record_of(repo: Path, name: str, text: str, *extra: str) -> dict[str, Any]:
    write(repo, name, text)
    (record,) = show(repo, name, extra=extra)
    return record


def located(record: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in record["findings"]]


# --- a file named for another task (merge, export, eval...) that names training data --------------------------

MERGE = "seed: 42\ntrain:\n  datasets:\n    - name: acme/reviews\n      revision: main\n  epochs: 3\n"


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("ckpt_merge.yaml", MERGE, [("LL202", 5, 17)]),
    ("export_onnx.yaml", "seed: 1\ndata:\n  train:\n    path: s3://acme/clicks/train.parquet\n", [("LL201", 4, 11)]),
    ("configs/infer/run.toml", 'seed = 1\n[training_data]\nuri = "s3://acme/t.parquet"\n', [("LL201", 3, 1)]),
    # a run seed and a data section outside any evaluation section: a training config with an `eval` word or an
    # `export` section
    ("eval_sft.yaml", "run:\n  seed: 8675309\ndata:\n  manifest: s3://acme/sft/manifest.jsonl\n"
                      "evaluation: {benchmarks: [mmlu]}\n", [("LL201", 4, 13)]),
    ("pinsage.yaml", "seed: 909\ndata:\n  edges: s3://acme/pins/edges.parquet\nexport: {registry: models:/p}\n",
     [("LL201", 3, 10)]),
])
def test_training_data_outweighs_a_task_word_in_the_name(repo: Path, name: str, text: str,
                                                          expected: list[tuple[str, int, int]]) -> None:
    record = record_of(repo, name, text)
    assert record["applicable"] is True
    assert located(record) == expected


@pytest.mark.parametrize(("name", "text"), [
    ("eval_merge.yaml", "seed: 42\neval:\n  datasets:\n    - name: acme/reviews\n      revision: main\n"),
    ("merge_lora.yaml", "model: acme/base\nadapter: out/lora\nexport_dir: out/merged\n"),
    ("quantize_test.yaml", "seed: 1\ncalibration:\n  path: s3://acme/calib.parquet\n"),
    ("infer_batch.yaml", "seed: 3\ninference:\n  input: s3://acme/requests/2024-06.parquet\n"),
    ("eval_holdout.yaml", "seed: 3\ntest_data: s3://acme/holdout/test.parquet\nmodel: {path: out/m1}\n"),
    ("export_onnx.yaml", "data:\n  path: s3://acme/clicks/sample.parquet\nexport: {format: onnx}\n"),  # no seed
])
def test_other_tasks_without_training_data_stay_not_applicable(repo: Path, name: str, text: str) -> None:
    record = record_of(repo, name, text)
    assert (record["profile"], record["applicable"], located(record)) == ("other-task", False, [])


# --- every document of a YAML stream ------------------------------------------------------------------------

STREAM = ("seed: 42\ndata:\n  path: s3://acme/reviews/v3/train.parquet\n  version: v3\n"
          "---\nseed: null\ndata:\n  path: s3://acme/reviews/train.parquet\n")


def test_a_later_document_is_judged_at_its_own_lines(repo: Path) -> None:
    record = record_of(repo, "train.yaml", STREAM)
    assert located(record) == [("LL102", 6, 1), ("LL201", 8, 9)]
    assert record["seed"]["status"] == "random"
    assert [d["from"].rsplit(":", 1)[1] for d in record["datasets"]] == ["4", "8"]


def test_a_later_document_without_a_run_changes_nothing(repo: Path) -> None:
    text = ("seed: 42\ndata:\n  path: s3://acme/reviews/train.parquet\n  version: v3\n"
            "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: train}\n")
    record = record_of(repo, "train.yaml", text)
    assert (record["seed"]["status"], record["dataset_pin"], located(record)) == ("declared", "weak", [])


def test_a_first_document_that_is_no_config_does_not_hide_the_second(repo: Path) -> None:
    text = "apiVersion: v1\nkind: ConfigMap\n---\nseed: 3\ndataset: {name: acme/reviews, revision: main}\nepochs: 2\n"
    record = record_of(repo, "train.yaml", text)
    assert located(record) == [("LL202", 5, 41)]


# --- a root folder beside a dataset pinned only by its name's release ------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("seed: 42\ncorpus: reviews_2024\ndata_dir: /data/reviews\nepochs: 3\n", [("LL201", 3, 11)]),
    ("seed: 42\ndataset: squad_v2\ndata_root: /mnt/squad\nepochs: 3\n", [("LL201", 3, 12)]),
])
def test_a_name_edition_absorbs_no_storage_root(repo: Path, text: str, expected: list[tuple[str, int, int]]) -> None:
    assert located(record_of(repo, "train.yaml", text)) == expected


def test_a_root_beside_a_really_pinned_dataset_is_where_it_is_stored(repo: Path) -> None:
    text = "seed: 42\ncorpus: {name: reviews, version: v7}\ndata_dir: /data/reviews\nepochs: 3\n"
    record = record_of(repo, "train.yaml", text)
    assert ([d["key"] for d in record["datasets"]], located(record)) == (["corpus.name"], [])


# --- `???` data fields of the generic reading --------------------------------------------------------------

@pytest.mark.parametrize(("text", "key", "line", "column"), [
    ("seed: 42\ndata:\n  path: ???\noptimizer: {lr: 1.0e-4}\n", "data.path", 3, 9),
    ("seed: 42\ntrain_file: ???\nepochs: 2\n", "train_file", 2, 13),
    ("seed: 42\ndatasets:\n  - {name: acme/a, revision: v1}\n  - name: ???\nepochs: 2\n", "datasets[1].name", 4, 11),
])
def test_mandatory_data_fields_are_supplied_at_launch(repo: Path, text: str, key: str, line: int, column: int) -> None:
    record = record_of(repo, "train.yaml", text, "--policy", "strict")
    assert [slot["key"] for slot in record["supplied_at_launch"]] == [key]
    assert ("LL206", line, column) in located(record)
    assert "LL206" not in [code for code, _, _ in located(record_of(repo, "train.yaml", text))]  # default: shown


@pytest.mark.parametrize("text", [
    "seed: 42\nmodel:\n  train_ds:\n    batch_size: ???\n  optim: {lr: 0.1}\n",  # not a data field
    "seed: 42\ndata:\n  batch_size: ???\n  path: s3://a/b.parquet\n  version: v1\nepochs: 2\n",
    "seed: 42\noutput_dir: ???\ndata: {path: s3://a/b.parquet, version: v1}\nepochs: 2\n",
])
def test_other_mandatory_values_are_no_launch_slot(repo: Path, text: str) -> None:
    record = record_of(repo, "train.yaml", text, "--policy", "strict")
    assert record.get("supplied_at_launch", []) == []


def test_nemo_launch_slots_are_not_doubled(repo: Path) -> None:
    text = ("name: asr\nmodel:\n  train_ds:\n    manifest_filepath: ???\n    batch_size: 32\n"
            "  optim: {name: adamw, lr: 0.001}\ntrainer: {max_epochs: 5}\nexp_manager: {exp_dir: null}\nseed: 1\n")
    record = record_of(repo, "examples/asr/conf/asr.yaml", text, "--policy", "strict")
    assert [slot["key"] for slot in record["supplied_at_launch"]] == ["model.train_ds.manifest_filepath"]


# --- a run section unsetting the top-level seed --------------------------------------------------------------

@pytest.mark.parametrize(("text", "status", "expected"), [
    ("seed: 42\ntrainer:\n  seed: null\n  max_epochs: 3\ndata: {path: s3://a/b.parquet, version: v1}\n",
     "random", [("LL102", 3, 3)]),
    ("seed: 42\ntraining:\n  seed: -1\n  epochs: 3\ndata: {path: s3://a/b.parquet, version: v1}\n",
     "random", [("LL102", 3, 3)]),
    ("seed: 42\ntrainer:\n  seed: 42\n  max_epochs: 3\ndata: {path: s3://a/b.parquet, version: v1}\n",
     "declared", []),
    ("seed: 42\ntrainer:\n  seed: ${seed}\n  max_epochs: 3\ndata: {path: s3://a/b.parquet, version: v1}\n",
     "declared", []),
])
def test_a_run_section_that_unsets_the_seed(repo: Path, text: str, status: str,
                                             expected: list[tuple[str, int, int]]) -> None:
    record = record_of(repo, "train.yaml", text)
    assert (record["seed"]["status"], located(record)) == (status, expected)
