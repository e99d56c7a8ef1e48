"""The shapes the generic reading decides by (profiles/data_shapes.py): patterns, model locations, output keys."""

from __future__ import annotations

import pytest

from lineage_lint.profiles.data_shapes import configures_model, is_pattern, writes_output


@pytest.mark.parametrize(("text", "expected"), [
    ("data/*.parquet", True), ("data/part-?.csv", True), ("data/[ab].csv", True), ("data/{train,test}.csv", True),
    ("s3://b/*/x.parquet", True),
    # a URI's query is no pattern, even with `?`, `*` or brackets in it
    ("s3://b/x.parquet?versionId=abc", False), ("s3://b/x.parquet?q=a*b", False), ("gs://b/x?a=[1]", False),
    ("data/train.csv", False), ("${paths.data}/{{ name }}", False),
])
def test_what_is_a_glob_pattern(text: str, expected: bool) -> None:
    assert is_pattern(text) is expected


@pytest.mark.parametrize(("location", "expected"), [
    ("s3://acme/models/resnet50.safetensors", True), ("s3://acme/x/last.ckpt?versionId=1", True),
    ("s3://acme/checkpoints/run1/state.pt", True), ("gs://acme/outputs/x/part.parquet", True),
    ("s3://acme/data/train.parquet", False), ("s3://acme/data/models", False),  # the last segment is the name
    ("", False),
])
def test_a_location_of_model_weights_configures_a_model(location: str, expected: bool) -> None:
    assert configures_model("source", None, location) is expected


@pytest.mark.parametrize(("key", "values", "expected"), [
    ("output_dir", (), True), ("CACHE_DIR", (), True), ("Log_Dir", (), True), ("export_path", (), True),
    ("logs", (), True), ("LOGS", ("./logs",), True),
    ("logs", ("s3://acme/logs/2024-05-01/app.jsonl",), False),  # alone and holding stored data, logs are data
    ("train_path", (), False), ("dataset", (), False),
])
def test_a_key_that_names_where_a_run_writes(key: str, values: tuple[str, ...], expected: bool) -> None:
    assert writes_output(key, values) is expected
