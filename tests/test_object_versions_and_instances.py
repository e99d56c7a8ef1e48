"""An object store's version beside a reference pins it (S3 version ids, GCS generations), judged by its value;
a Python config's instance of a class of settings is the class's defaults overridden by the call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import cli, git_init, show, write

S3_ID = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"  # an S3 object version id as S3 writes them
GENERATION = "1699999999123456"  # a GCS generation: the object's creation time in microseconds


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def record_of(repo: Path, text: str, name: str) -> dict[str, Any]:
    write(repo, name, text)
    (record,) = show(repo, name)
    return record


def located(record: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in record["findings"]]


# --- object versions beside a reference --------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [
    ("train.yaml", f"seed: 7\nepochs: 3\ndata:\n  uri: s3://acme/train.parquet\n  version_id: {S3_ID}\n"),
    ("train.yaml", f"seed: 7\nepochs: 3\ndata:\n  uri: s3://acme/train.parquet\n  versionId: {S3_ID}\n"),
    ("train.yaml", f"seed: 7\nepochs: 3\ndata:\n  uri: s3://acme/train.parquet\n  object_version: {S3_ID}\n"),
    ("train.yaml", f"seed: 7\nepochs: 3\ndata:\n  path: gs://acme/train.parquet\n  generation: {GENERATION}\n"),
    ("train.yaml", f"seed: 7\nepochs: 3\ntrain_data: gs://acme/train.parquet\ntrain_data_generation: {GENERATION}\n"),
    ("train.toml", f'seed = 7\nepochs = 3\ntrain_uri = "s3://acme/train.parquet"\ntrain_uri_version_id = "{S3_ID}"\n'),
    ("train.json", f'{{"seed": 7, "epochs": 3,\n "sources": [{{"uri": "s3://acme/train.parquet",\n'
                   f'   "versionId": "{S3_ID}"}}]}}\n'),
    ("train.py", f'from acme.cfg import DataSpec, RunConfig\nrun = RunConfig(seed=3, epochs=2,\n'
                 f'    train=DataSpec(uri="s3://acme/train.parquet", version_id="{S3_ID}"))\n'),
    ("train.py", f'SEED = 3\nEPOCHS = 2\nTRAIN_SET = "gs://acme/train.parquet"\nTRAIN_SET_GENERATION = {GENERATION}\n'),
])
def test_a_real_object_version_beside_a_reference_pins_it(repo: Path, name: str, text: str) -> None:
    record = record_of(repo, text, name)
    assert [(d["pin"], d["evidence"]) for d in record["datasets"]] == [("strong", "explicit-version")]
    assert record["findings"] == []
    assert cli(repo, "check", "--policy", "strict", name).code == 0


@pytest.mark.parametrize(("value", "code", "column"), [
    ('"null"', "LL201", 8),  # S3's version id of an object written before versioning: no version
    ('""', "LL201", 8),
    ("latest", "LL202", 15),
])
def test_an_object_version_that_names_none_does_not_pin(repo: Path, value: str, code: str, column: int) -> None:
    record = record_of(repo, f"seed: 7\nepochs: 3\ndata:\n  uri: s3://acme/train.parquet\n  version_id: {value}\n",
                       "train.yaml")
    assert located(record) == [(code, 4 if code == "LL201" else 5, column)]


def test_a_value_not_shaped_like_an_object_version_is_judged_as_a_version(repo: Path) -> None:
    """``generation: 3`` is no GCS generation (16 digits): a version number at most, refused by strict."""
    write(repo, "train.yaml", "seed: 7\nepochs: 3\ndata:\n  path: gs://acme/train.parquet\n  generation: 3\n")
    (record,) = show(repo, "train.yaml")
    assert record["datasets"][0]["pin"] == "weak"
    strict = cli(repo, "check", "--policy", "strict", "--format", "json", "train.yaml")
    assert strict.code == 1


def test_a_lone_generation_key_pins_only_by_its_value(repo: Path) -> None:
    """``augment_generation: 2`` beside a path names no object version; a mapping under ``generation`` (text
    generation settings) is no version either."""
    record = record_of(repo, "seed: 7\nepochs: 3\ndata:\n  path: s3://acme/raw/\n  augment_generation: 2\n"
                             "more:\n  path: gs://acme/extra.parquet\n  generation: {max_new_tokens: 256}\n",
                       "train.yaml")
    assert located(record) == [("LL201", 4, 9), ("LL201", 7, 9)]


# --- an instance of a class of settings ----------------------------------------------------------------

CLASS = ("from dataclasses import dataclass, field, replace\nfrom functools import partial\nimport random\n"
         "@dataclass\nclass TrainConfig:\n"
         "    seed: int = 42\n    data_path: str = \"s3://acme/tab/v5/train.parquet\"\n    epochs: int = 10\n\n")


@pytest.mark.parametrize(("tail", "status", "line", "column"), [
    ("experiment_cfg = TrainConfig(seed=None)\n", "random", 10, 30),
    ("hp = TrainConfig(None)\n", "random", 10, 18),
    ("TRAIN = TrainConfig(seed=random.randint(0, 9))\n", "random", 10, 21),
    ("BASE = TrainConfig()\nFAST = replace(BASE, seed=None, epochs=1)\n", "random", 11, 22),
    ("BASE = TrainConfig()\nFAST = BASE._replace(seed=None)\n", "random", 11, 22),
    ("def main(cfg):\n    ...\n\nif __name__ == \"__main__\":\n    main(TrainConfig(seed=None))\n", "random", 14, 22),
    ("runs = TrainConfig(**{\"seed\": None})\n", "random", 10, 23),
])
def test_an_override_that_unsets_or_randomises_wins_over_the_class_default(
        repo: Path, tail: str, status: str, line: int, column: int) -> None:
    record = record_of(repo, CLASS + tail, "train.py")
    assert record["seed"]["status"] == status
    assert located(record) == [("LL102", line, column)]


def test_an_instance_keeps_the_class_defaults_it_does_not_override(repo: Path) -> None:
    record = record_of(repo, CLASS + "cfg = TrainConfig(seed=7)\n", "train.py")
    assert (record["seed"]["status"], record["seed"]["value"], record["seed"]["from"]) == ("declared", 7, "train.py:10")
    assert [(d["key"], d["pin"], d["from"]) for d in record["datasets"]] == [("cfg.data_path", "weak", "train.py:7")]


def test_a_field_default_and_a_factory_are_read(repo: Path) -> None:
    record = record_of(repo, 'from dataclasses import dataclass, field\n\n@dataclass\nclass DataConfig:\n'
                             '    path: str = "s3://acme/tab/train.parquet"\n'
                             f'    version_id: str = "{S3_ID}"\n\n'
                             '@dataclass\nclass TrainConfig:\n    seed: int = field(default=42)\n'
                             '    data: DataConfig = field(default_factory=DataConfig)\n    epochs: int = 10\n',
                       "train.py")
    assert (record["seed"]["status"], record["seed"]["value"]) == ("declared", 42)
    assert [(d["key"], d["pin"]) for d in record["datasets"]] == [("TrainConfig.data.path", "strong")]


@pytest.mark.parametrize(("fragment", "pin", "findings"), [
    (GENERATION, "strong", []), ("0", "none", [("LL201", 2, 17)]), ("12345678", "none", [("LL201", 2, 17)]),
])
def test_a_gcs_fragment_pins_only_as_a_real_generation(repo: Path, fragment: str, pin: str,
                                                       findings: list[tuple[str, int, int]]) -> None:
    record = record_of(repo, f"seed: 4\ntrain_manifest: gs://acme/train/manifest.jsonl#{fragment}\nepochs: 3\n",
                       "train.yaml")
    assert record["dataset_pin"] == pin
    assert located(record) == findings


@pytest.mark.parametrize(("table", "pin", "findings"), [
    ("bq://acme-prj.ads.clicks@1714521600000", "weak", []),
    ("bq://acme-prj.ads.clicks@-3600000", "floating", [("LL202", 2, 15)]),
    ("bigquery://acme-prj.ads.clicks", "none", [("LL201", 2, 15)]),
])
def test_a_bigquery_table_uri_is_data_under_any_key(repo: Path, table: str, pin: str,
                                                    findings: list[tuple[str, int, int]]) -> None:
    record = record_of(repo, f"seed: 5\nsource_table: {table}\nepochs: 2\n", "train.yaml")
    assert record["dataset_pin"] == pin
    assert located(record) == findings


PYDANTIC = ('from pydantic import BaseModel\n\n\nclass DataConfig(BaseModel):\n    uri: str = "s3://acme/credit.parquet"\n'
            f'    version_id: str = "{S3_ID}"\n\n\nclass TrainConfig(BaseModel):\n    seed: int = 42\n'
            '    epochs: int = 20\n'
            '    data: DataConfig = DataConfig()\n\n    class Config:\n        frozen = True\n\n\n')


@pytest.mark.parametrize(("tail", "status", "findings"), [
    ("config = TrainConfig()\n", "declared", []),
    ("config = TrainConfig(seed=None)\n", "random", [("LL102", 18, 22)]),
    ("class Fast(TrainConfig):\n    epochs: int = 1\n\n\nconfig = Fast()\n", "declared", []),
    ("class Fast(TrainConfig):\n    seed: int | None = None\n\n\nconfig = Fast()\n", "random", [("LL102", 19, 5)]),
])
def test_a_model_of_settings_and_its_subclasses_are_read(repo: Path, tail: str, status: str,
                                                         findings: list[tuple[str, int, int]]) -> None:
    record = record_of(repo, PYDANTIC + tail, "train.py")
    assert record["seed"]["status"] == status
    assert [(d["key"], d["pin"]) for d in record["datasets"]] == [("config.data.uri", "strong")]
    assert located(record) == findings


@pytest.mark.parametrize(("name", "text", "line", "column"), [
    ("train.yaml", f"seed: 19\nepochs: 5\ndata:\n  uri: s3://acme/train/\n  version_id: {S3_ID}\n", 5, 15),
    ("train.json", f'{{"seed": 19, "epochs": 5, "data": {{"uri": "s3://acme/train/?versionId={S3_ID}"}}}}\n', 1, 43),
    ("train.toml", f'seed = 19\nepochs = 5\n[data]\npath = "gs://acme/train/"\ngeneration = {GENERATION}\n', 5,
     1),  # TOML values are located by line
])
def test_an_object_version_on_a_prefix_pins_no_object(repo: Path, name: str, text: str, line: int,
                                                      column: int) -> None:
    """An S3 version id or GCS generation is one object's version: beside a prefix it is a version at most,
    which the strict policy refuses."""
    record = record_of(repo, text, name)
    assert record["dataset_pin"] == "weak"
    strict = cli(repo, "check", "--policy", "strict", "--format", "json", name)
    assert strict.code == 1
    assert [(f["code"], f["line"], f["column"]) for f in strict.json()["findings"]] == \
        [("LL203", line, column)]


def test_a_partial_of_a_class_of_settings_is_an_instance_factory(repo: Path) -> None:
    record = record_of(repo, CLASS + "make = partial(TrainConfig, seed=None)\ncfg = make()\n", "train.py")
    assert located(record) == [("LL102", 10, 29)]


def test_a_class_handed_to_a_cli_parser_keeps_its_defaults(repo: Path) -> None:
    record = record_of(repo, CLASS + 'if __name__ == "__main__":\n    cfg = tyro.cli(TrainConfig)\n', "train.py")
    assert (record["seed"]["status"], record["seed"]["value"], record["seed"]["from"]) == ("declared", 42, "train.py:6")
    assert record["dataset_pin"] == "weak" and record["findings"] == []


@pytest.mark.parametrize(("version", "pin", "findings"), [
    ("latest", "floating", [("LL202", 4, 18)]), ("v3.1", "weak", []), ("'null'", "none", [("LL201", 3, 9)]),
])
def test_a_version_beside_a_data_section_pins_what_the_section_leaves_unpinned(
        repo: Path, version: str, pin: str, findings: list[tuple[str, int, int]]) -> None:
    record = record_of(repo, f"seed: 6\ndataset:\n  name: acme/call-transcripts\ndataset_version: {version}\n"
                             "trainer: {max_epochs: 4}\n", "train.yaml")
    assert record["dataset_pin"] == pin
    assert located(record) == findings
