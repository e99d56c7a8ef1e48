"""The generic reading of plain configs: which key is the run seed, which values are datasets."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from support import cli, codes, git_init, show, write

HEX = hashlib.sha512(b"lineage-lint").hexdigest()  # the look of a real hash (a repeated pattern is no digest)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def record_of(repo: Path, text: str, name: str = "train.yaml") -> dict[str, Any]:
    write(repo, name, text)
    (record,) = show(repo, name)
    return record


@pytest.mark.parametrize("key", ["seed", "random_seed", "random_state", "seed_everything", "SEED", "global_seed"])
def test_run_seed_keys(repo: Path, key: str) -> None:
    record = record_of(repo, f"{key}: 17\nlr: 0.1\n")
    assert record["seed"] == {"status": "declared", "key": key, "value": 17, "from": "train.yaml:1"}


@pytest.mark.parametrize("section", ["trainer", "training_args", "randomness", "common", "experiment"])
def test_run_seed_in_a_run_level_section(repo: Path, section: str) -> None:
    record = record_of(repo, f"lr: 0.1\n{section}:\n  seed: 5\n")
    assert record["seed"]["status"] == "declared"
    assert record["seed"]["key"] == f"{section}.seed"
    assert record["seed"]["from"] == "train.yaml:3"


def test_component_seeds_are_not_the_run_seed(repo: Path) -> None:
    record = record_of(repo, """
        seed_everything: true
        model:
          class_path: acme.Model
          init_args:
            seed: 42
        data:
          shuffle_seed: 3
        hydra:
          sweeper:
            sampler:
              seed: 9
        """)
    assert record["seed"]["status"] == "random"
    assert record["seed"]["key"] == "seed_everything"
    others = {seed["key"] for seed in record["other_seeds"]}
    assert others == {"model.init_args.seed", "data.shuffle_seed", "hydra.sweeper.sampler.seed"}
    assert codes(record) == ["LL102"]


def test_a_component_section_is_not_a_run_section(repo: Path) -> None:
    record = record_of(repo, "trainer:\n  _target_: acme.Trainer\n  seed: 3\nlr: 0.1\n")
    assert record["seed"]["status"] == "missing"


def test_rapeseed_is_not_a_seed(repo: Path) -> None:
    record = record_of(repo, "classes: [rapeseed, wheat]\nrapeseed_weight: 2\nepochs: 3\n")
    assert record["seed"]["status"] == "missing"
    assert record["other_seeds"] == []


def test_top_level_seed_wins_over_a_section_seed(repo: Path) -> None:
    record = record_of(repo, "trainer:\n  seed: 1\nseed: 2\n")
    assert record["seed"]["key"] == "seed"
    assert record["seed"]["value"] == 2


def test_interpolation_is_followed_within_the_file(repo: Path) -> None:
    record = record_of(repo, "globals:\n  base_seed: 77\nseed: ${globals.base_seed}\nepochs: 1\n")
    assert record["seed"]["status"] == "declared"
    assert record["seed"]["from"] == "train.yaml:2"  # the line that holds the value
    assert "globals.base_seed" in record["seed"]["note"]


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [
        ("${oc.env:SEED}", "env", "LL103"),
        ("${oc.env:SEED,42}", "env", "LL103"),
        ("${missing.key}", "unresolved", "LL104"),
        ("???", "missing", "LL101"),
        ("null", "random", "LL102"),
    ],
)
def test_seed_values_that_do_not_count(repo: Path, value: str, status: str, code: str) -> None:
    record = record_of(repo, f"seed: {value}\nepochs: 3\n")
    assert record["seed"]["status"] == status
    assert codes(record) == [code]
    assert record["findings"][0]["line"] == 1


def test_missing_seed_points_at_the_mapping(repo: Path) -> None:
    record = record_of(repo, "# header\n\ntrainer:\n  max_epochs: 3\n")
    assert record["seed"]["status"] == "missing"
    (finding,) = record["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("LL101", 3, 1)


def test_dataset_list_with_revisions(repo: Path) -> None:
    record = record_of(repo, """
        seed: 1
        datasets:
          - path: tatsu-lab/alpaca
            revision: dce01c9b08f87459cf36a430d809084718273017
          - path: acme/chat
            revision: v1.0
          - path: acme/web
        """)
    pins = [(d["ref"], d["pin"]) for d in record["datasets"]]
    assert pins == [("tatsu-lab/alpaca", "strong"), ("acme/chat", "weak"), ("acme/web", "none")]
    assert record["dataset_pin"] == "none"
    (finding,) = record["findings"]
    assert finding["code"] == "LL201"
    assert finding["line"] == 7
    assert "acme/web" in finding["message"]


def test_named_datasets_and_digests(repo: Path) -> None:
    record = record_of(repo, f"""
        seed: 1
        data:
          train:
            uri: s3://bucket/train.parquet
            sha256: {HEX[:64]}
          eval:
            uri: s3://bucket/eval.parquet
            version: latest
          batch_size: 32
        """)
    pins = [(d["key"], d["pin"]) for d in record["datasets"]]
    assert pins == [("data.train.uri", "strong"), ("data.eval.uri", "floating")]
    (finding,) = record["findings"]
    assert (finding["code"], finding["line"]) == ("LL202", 8)


def test_hf_style_keys_and_model_revision(repo: Path) -> None:
    record = record_of(repo, """
        seed: 42
        model_name_or_path: acme/base
        model_revision: 3f1e9a0c4b5d6e7f8091a2b3c4d5e6f708192a3b
        dataset_name: acme/reviews
        dataset_config: main
        """)
    (dataset,) = record["datasets"]
    assert (dataset["ref"], dataset["version"], dataset["pin"]) == ("acme/reviews", None, "none")
    assert codes(record) == ["LL201"]


def test_dataset_revision_sibling_pins_dataset_name(repo: Path) -> None:
    record = record_of(repo, "seed: 42\ndataset_name: acme/reviews\ndataset_revision: v3\n")
    assert record["datasets"][0]["pin"] == "weak"
    assert record["findings"] == []


def test_version_keys_outside_dataset_sections_are_not_dataset_versions(repo: Path) -> None:
    record = record_of(repo, "version: 1\nseed: 3\nVERSION: 2\nmodel:\n  version: 2\nepochs: 1\n")
    assert record["datasets"] == []
    assert record["dataset_pin"] == "no-reference"


def test_placeholders_are_not_references(repo: Path) -> None:
    text = "seed: 3\ndata:\n  path: ???\n  root: ${paths.data_dir}\ntrain_file: /path/to/train.json\n"
    record = record_of(repo, text)
    assert record["datasets"] == []
    assert record["dataset_pin"] == "no-reference"


def test_inline_pin_in_the_reference(repo: Path) -> None:
    record = record_of(repo, "seed: 3\ndataset: acme/reviews@" + HEX[:40] + "\n")
    (dataset,) = record["datasets"]
    assert (dataset["ref"], dataset["pin"]) == ("acme/reviews", "strong")


def test_lightning_data_module_init_args(repo: Path) -> None:
    record = record_of(repo, "seed_everything: 7\ndata:\n  class_path: acme.Data\n  init_args:\n    data_dir: data/\n")
    assert [d["key"] for d in record["datasets"]] == ["data.init_args.data_dir"]
    assert record["profile"] == "lightning"


def test_output_and_cache_paths_are_not_inputs(repo: Path) -> None:
    record = record_of(repo, "seed: 1\ndata:\n  cache_dir: /tmp/c\n  output_path: out/\n  batch_size: 3\n")
    assert record["datasets"] == []


def test_not_a_training_config(repo: Path) -> None:
    record = record_of(repo, "version: 1\nformatters:\n  simple:\n    format: '%(message)s'\n", name="conf/logs.yaml")
    assert record["applicable"] is False
    assert record["findings"] == []


def test_json_toml_and_python_read_alike(repo: Path) -> None:
    write(repo, "a.json", '{"seed": 5, "dataset": {"name": "acme/x", "version": "v1"}}')
    write(repo, "b.toml", 'seed = 5\n[dataset]\nname = "acme/x"\nversion = "v1"\n')
    write(repo, "configs/c.py", "seed = 5\ndataset = dict(name='acme/x', version='v1')\n")
    write(repo, "d.yaml", "seed: 5\ndataset: {name: acme/x, version: v1}\n")
    records = show(repo, "a.json", "b.toml", "configs/c.py", "d.yaml")
    summaries = {(r["seed"]["status"], r["seed"]["value"], r["dataset_pin"], r["datasets"][0]["ref"]) for r in records}
    assert summaries == {("declared", 5, "weak", "acme/x")}
    lines = [int(r["datasets"][0]["from"].rsplit(":", 1)[1]) for r in records]
    assert lines == [1, 4, 2, 2]


def test_python_config_mutation_through_the_syntax_tree(repo: Path) -> None:
    record = record_of(repo, """
        randomness = dict(seed=None)
        randomness.update(seed=31)
        train = dict(max_iter=10)
        train['seed'] = 5
        """, name="configs/r.py")
    seed = record["seed"]
    assert (seed["key"], seed["value"], seed["status"]) == ("randomness.seed", 31, "declared")
    assert record["seed"]["from"] == "configs/r.py:2"


def test_mmengine_sampler_seed_hook_is_a_component(repo: Path) -> None:
    record = record_of(repo, "default_hooks = dict(sampler_seed=dict(type='DistSamplerSeedHook'))\nmax_epochs = 3\n",
                       name="configs/rt.py")
    assert record["seed"]["status"] == "missing"


@pytest.mark.parametrize(
    ("expression", "status"),
    [
        ('int(os.environ["SEED"])', "env"),
        ('os.environ.get("SEED", 0)', "env"),
        ('int(os.getenv("SEED", "1"))', "env"),
        ("random.randint(0, 9)", "random"),  # drawn afresh on every run
        ("random.Random(3).randint(0, 9)", "unresolved"),  # seeded: the same every run, but computed
        ("3 + 4", "unresolved"),
    ],
)
def test_python_computed_seeds(repo: Path, expression: str, status: str) -> None:
    record = record_of(repo, f"import os, random\nseed = {expression}\nmax_epochs = 1\n", name="configs/s.py")
    assert record["seed"]["status"] == status
    assert codes(record) == [{"env": "LL103", "unresolved": "LL104", "random": "LL102"}[status]]


def test_detectron2_lazyconfig_assignments_on_imported_names(repo: Path) -> None:
    record = record_of(repo, """
        from ..common.train import train
        from ..common.data.coco import dataloader
        train.seed = -1
        train.max_iter = 100
        dataloader.train.dataset.names = "coco_2017_train"
        """, name="configs/lazy.py")
    assert (record["seed"]["key"], record["seed"]["status"]) == ("train.seed", "random")
    assert record["seed"]["from"] == "configs/lazy.py:3"


def test_assignments_on_computed_names(repo: Path) -> None:
    record = record_of(repo, "train = model_zoo.get_config('x.py').train\ntrain.seed = 42\n", name="configs/z.py")
    assert (record["seed"]["key"], record["seed"]["status"]) == ("train.seed", "declared")


def test_relative_interpolation(repo: Path) -> None:
    record = record_of(repo, "a: null\ntrain:\n  a: 3\n  seed: ${.a}\n  inner:\n    b: ${..a}\nepochs: 1\n")
    assert (record["seed"]["status"], record["seed"]["from"]) == ("declared", "train.yaml:3")


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("datasets:\n  train: org/a@main\n  eval: org/b\n", [("org/a", "floating"), ("org/b", "none")]),
        ("data:\n  train:\n    - {name: org/a, version: main}\n", [("org/a", "floating")]),
        ("data:\n  train: s3://b/train.csv\n  val: s3://b/val.csv\n  augment: [flip, crop]\n",
         [("s3://b/train.csv", "none"), ("s3://b/val.csv", "none")]),
        # a versioned section whose references are `*_path` keys: the version pins them, they are not lost
        ("data:\n  train_path: s3://b/train.csv\n  val_path: s3://b/val.csv\n  output_dir: out\n  version: 1.0\n",
         [("s3://b/train.csv", "weak"), ("s3://b/val.csv", "weak")]),
    ],
)
def test_more_dataset_shapes(repo: Path, text: str, refs: list[tuple[str, str]]) -> None:
    record = record_of(repo, "seed: 1\n" + text)
    assert [(d["ref"], d["pin"]) for d in record["datasets"]] == refs


def test_toml_positions_survive_triple_quotes_in_plain_strings(repo: Path) -> None:
    text = ("desc = 'a \"\"\" b'\nname = \"x\"  # [\"\"\"]\nnotes = \"\"\"\nmany\nlines\"\"\"\nseed = 1\n"
            "[dataset]\nname = \"org/a\"\nversion = \"main\"\n")
    record = record_of(repo, text, name="train.toml")
    assert record["findings"][0]["code"] == "LL202"
    assert record["findings"][0]["line"] == 9
    assert record["seed"]["from"] == "train.toml:6"


def test_digest_decides_the_pin_and_the_message(repo: Path) -> None:
    write(repo, "a.yaml", "seed: 1\ndataset:\n  name: org/a\n  sha256: latest\n")
    write(repo, "b.yaml", "seed: 1\ndataset:\n  name: org/a\n  version: main\n  sha256: " + HEX[:64] + "\n")
    first, second = show(repo, "a.yaml", "b.yaml", extra=("--policy", "strict"))
    (finding,) = first["findings"]
    assert (finding["code"], finding["line"]) == ("LL202", 4)
    assert "pinned to `latest`" in finding["message"]
    assert second["datasets"][0]["pin"] == "strong"
    assert second["datasets"][0]["from"] == "b.yaml:5"
    assert second["findings"] == []


def test_sources_name_the_file_from_the_repository_root(repo: Path) -> None:
    write(repo, "configs/train.yaml", "seed: 1\nlr: 0.1\n")
    (record,) = show(repo / "configs", "train.yaml")
    assert record["sources"] == ["configs/train.yaml"]


# --- in-house configs: datasets decided by shape and neighbours (issue: the generic reading) ---------------

SHA = "3f9a1c7e2b8d4f6a0c5e9b1d7a3f8c2e6b4d0a9f"
SHA256 = "9c1e5a7b3d2f8e6c4a0b9d7f5e3c1a8b6d4f2e0c9a7b5d3f1e8c6a4b2d0f9e7c"
TRAINS = "epochs: 3\noptimizer: {name: adamw, lr: 0.001}\n"


def pins(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(d["key"], d["ref"], d["pin"]) for d in record["datasets"]]


@pytest.mark.parametrize(("sibling", "value", "pin"), [
    ("train_data_version", "v3", "weak"),
    ("train_data_snapshot", "2024-05-01", "weak"),
    ("train_data_sha256", SHA256, "strong"),
    ("train_data_commit", SHA, "strong"),
])
def test_a_pin_sibling_pins_the_key_it_names(repo: Path, sibling: str, value: str, pin: str) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}train_data: s3://acme/churn/train.parquet\n{sibling}: '{value}'\n")
    assert pins(record) == [("train_data", "s3://acme/churn/train.parquet", pin)]
    assert record["datasets"][0]["from"] == "train.yaml:5"
    assert codes(record) == []


def test_a_model_beside_its_version_is_not_a_dataset(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}model_name: acme/llm\nmodel_name_version: v3\n"
                             "tokenizer_path: tok/\ntokenizer_path_revision: main\n")
    assert record["datasets"] == []
    assert record["dataset_pin"] == "no-reference"


def test_a_floating_sibling_version_fails_as_floating(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}dataset: acme/reviews\ndataset_version: latest\n")
    assert pins(record) == [("dataset", "acme/reviews", "floating")]
    assert [(f["code"], f["line"]) for f in record["findings"]] == [("LL202", 5)]


def test_python_constants_and_their_stem_siblings(repo: Path) -> None:
    record = record_of(repo, 'SEED = 7\nEPOCHS = 3\nDATA_DIR = "/mnt/data/churn"\nDATA_VERSION = "v4"\n'
                             'TRAIN_SET = "s3://acme/t.parquet"\nTRAIN_SET_SHA256 = "' + SHA256 + '"\n',
                       name="train.py")
    assert record["seed"]["status"] == "declared"
    assert pins(record) == [("DATA_DIR", "/mnt/data/churn", "weak"), ("TRAIN_SET", "s3://acme/t.parquet", "strong")]


def test_a_python_constant_without_a_version_is_unpinned_not_absent(repo: Path) -> None:
    record = record_of(repo, 'SEED = 7\nEPOCHS = 3\nTRAIN_CSV = "data/train.csv"\nMODEL_PATH = "models/m.pkl"\n',
                       name="train.py")
    assert pins(record) == [("TRAIN_CSV", "data/train.csv", "none")]
    assert [(f["code"], f["line"]) for f in record["findings"]] == [("LL201", 3)]


@pytest.mark.parametrize("section", ["corpus", "inputs", "sources", "logged_data", "input", "training_corpus"])
def test_sections_named_for_data(repo: Path, section: str) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}{section}:\n  path: s3://acme/x/\n  version: v2\n")
    assert pins(record) == [(f"{section}.path", "s3://acme/x/", "weak")]


def test_split_sections_with_their_own_sources(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}train:\n  uri: gs://acme/t/\n  commit: {SHA}\n"
                             "eval:\n  uri: gs://acme/e/\n  version: latest\n")
    assert pins(record) == [("train.uri", "gs://acme/t/", "strong"), ("eval.uri", "gs://acme/e/", "floating")]


def test_a_split_section_of_settings_is_not_a_dataset(repo: Path) -> None:
    record = record_of(repo, "seed: 1\ntrain:\n  epochs: 3\n  batch_size: 32\n  save_dir: out/\neval:\n  every: 100\n")
    assert record["datasets"] == []


def test_datasets_of_tasks(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}tasks:\n  - name: intent\n    data: {{path: s3://a/i/, version: v1}}\n"
                             "  - name: ner\n    data: {path: s3://a/n/}\n")
    assert pins(record) == [("tasks[0].data.path", "s3://a/i/", "weak"), ("tasks[1].data.path", "s3://a/n/", "none")]


@pytest.mark.parametrize("key", ["images", "edges", "sessions", "train_root", "train_uri", "files"])
def test_data_like_values_in_a_data_section(repo: Path, key: str) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  {key}: /mnt/data/x/\n  version: v5\n  num_workers: 4\n")
    assert pins(record) == [(f"data.{key}", "/mnt/data/x/", "weak")]


def test_settings_in_a_data_section_are_not_datasets(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  format: parquet\n  num_workers: 4\n  target: label\n")
    assert record["datasets"] == []


def test_data_root_and_version(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  root: /datasets/shelf\n  version: '2025-02-11'\n")
    assert pins(record) == [("data.root", "/datasets/shelf", "weak")]


@pytest.mark.parametrize("components", [
    "augmentations: [{name: mixup, alpha: 0.2}, {name: cutmix}]",
    "transforms: [{name: resize, size: 224}]",
    "features: [{name: user_id}, {name: item_id}]",
    "columns: {text: body, label: intent}",
    "tokenizer: {name: bert-base-uncased}",
    "collator: {name: padding}",
    "exclude: ['*.tmp', '*.bak']",  # patterns, not data (a glob is data only under a data key)
    "ignore_patterns: ['*.lock', 'tmp/**']",
    "callbacks: [{name: early_stopping}]",
    "metrics: [{name: f1}]",
    "losses: [{name: focal}]",
])
def test_named_components_under_a_data_section_are_not_datasets(repo: Path, components: str) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  path: s3://acme/d/\n  version: v1\n  {components}\n")
    assert pins(record) == [("data.path", "s3://acme/d/", "weak")]
    assert codes(record) == []


def test_a_list_of_named_datasets_is_still_read(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}datasets:\n  - name: acme/a\n  - name: acme/b\n    revision: v2\n")
    assert pins(record) == [("datasets[0].name", "acme/a", "none"), ("datasets[1].name", "acme/b", "weak")]


@pytest.mark.parametrize("text", [
    "model: {name: acme/llm, revision: main}",
    "output_dir: s3://acme/models/latest/",
    "checkpoint: {dir: /ckpt/latest/, every: 100}",
    "logging: {tracking_uri: http://mlflow.internal:5000}",
    "env: {id: CartPole-v1}",
    "env_id: LunarLander-v2",
    "model: {arch: resnet50, pretrained: imagenet}",
    "cache_dir: /tmp/cache",
])
def test_things_that_are_not_datasets(repo: Path, text: str) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}{text}\n")
    assert record["datasets"] == []
    assert codes(record) == []


def test_a_glob_under_a_data_key_is_data_without_a_version(repo: Path) -> None:
    # the files a glob matches today are whatever is there: data, pinned only by a version beside it
    record = record_of(repo, f"seed: 1\n{TRAINS}corpus:\n  shards: s3://c/shards/*.jsonl\n  manifest: s3://c/m.json\n"
                             f"  manifest_sha256: {SHA256}\n")
    assert pins(record) == [("corpus.manifest", "s3://c/m.json", "strong"),
                            ("corpus.shards", "s3://c/shards/*.jsonl", "none")]
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  path: data/m5/*.csv\n  version: v2\n")
    assert pins(record) == [("data.path", "data/m5/*.csv", "weak")]
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  data_files:\n    train: s3://b/train/*.parquet\n"
                             "    validation: s3://b/val/*.parquet\n")
    assert pins(record) == [("data.data_files.train", "s3://b/train/*.parquet", "none"),
                            ("data.data_files.validation", "s3://b/val/*.parquet", "none")]
    assert codes(record) == ["LL201", "LL201"]
    record = record_of(repo, f"seed: 1\n{TRAINS}train_files: gs://b/ranker/train/*.parquet\n")
    assert pins(record) == [("train_files", "gs://b/ranker/train/*.parquet", "none")]


def test_a_storage_root_beside_a_pinned_dataset_is_not_a_second_dataset(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  data_dir: ${{paths.data_dir}}\n"
                             "  dataset: {name: acme/mnist, version: v2}\n")
    assert pins(record) == [("data.dataset.name", "acme/mnist", "weak")]


def test_a_split_folder_beside_a_pinned_dataset_is_still_a_dataset(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}train_dir: /data/train\nval:\n  path: /data/val\n  version: v2\n")
    assert pins(record) == [("train_dir", "/data/train", "none"), ("val.path", "/data/val", "weak")]
    assert [(f["code"], f["line"]) for f in record["findings"]] == [("LL201", 4)]


# --- the run seed ------------------------------------------------------------------------------------


def test_a_lone_seed_in_a_section_configuring_no_component_is_the_run_seed(repo: Path) -> None:
    record = record_of(repo, "[debug]\nseed = 3\ndeterministic = true\n\n[training]\nsteps = 10\n", name="train.toml")
    assert (record["seed"]["status"], record["seed"]["key"], record["seed"]["from"]) == \
        ("declared", "debug.seed", "train.toml:2")


@pytest.mark.parametrize("section", [
    "env:\n  id: CartPole-v1\n  seed: 3\n",
    "sampler:\n  seed: 3\n",
    "split:\n  ratio: 0.8\n  seed: 3\n",
])
def test_a_component_seed_alone_is_not_the_run_seed_and_says_so(repo: Path, section: str) -> None:
    record = record_of(repo, f"{TRAINS}{section}")
    assert record["seed"]["status"] == "missing"
    key = section.split(":", 1)[0] + ".seed"
    assert record["seed"]["note"] == f"no run seed; only component seed set ({key} = 3): each seeds one component, " \
                                     "not the run"
    assert codes(record) == ["LL101"]


def test_a_seed_given_as_a_string_of_digits_is_declared(repo: Path) -> None:
    record = record_of(repo, f"seed: '42'\n{TRAINS}")
    assert record["seed"]["status"] == "declared"


def test_a_section_with_several_seeds_gives_no_run_seed(repo: Path) -> None:
    record = record_of(repo, f"{TRAINS}misc:\n  seed: 1\n  random_seed: 2\n")
    assert record["seed"]["status"] == "missing"


# --- the role: one stray key does not wave a training config through ------------------------------


@pytest.mark.parametrize("stray", ["wall_clock_breakdown: false", "name: nightly\njobs: 8", "top_k: 5", "tasks: [a, b]",
                                   "max_new_tokens: 64"])
def test_a_config_that_trains_is_a_training_config_whatever_else_it_holds(repo: Path, stray: str) -> None:
    record = record_of(repo, f"seed: null\nlearning_rate: 2.0e-5\nnum_train_epochs: 3\n{stray}\n"
                             "dataset_name: acme/reviews\ndataset_revision: main\n")
    assert record["applicable"] is True
    line = 5 + stray.count("\n")
    assert [(f["code"], f["line"]) for f in record["findings"]] == [("LL102", 1), ("LL202", line + 1)]


def test_launcher_and_ci_files_are_still_not_training_configs(repo: Path) -> None:
    ds_config = record_of(repo, '{"train_micro_batch_size_per_gpu": 4, "gradient_accumulation_steps": 2, '
                                '"optimizer": {"type": "AdamW", "params": {"lr": 0.0001}}, '
                                '"zero_optimization": {"stage": 2}, "wall_clock_breakdown": false}', name="ds.json")
    assert (ds_config["applicable"], ds_config["profile"]) == (False, "not-a-training-config")
    ci = record_of(repo, "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n", name="ci.yaml")
    assert ci["applicable"] is False


# --- framework shapes that used to slip ------------------------------------------------------------


def hydra_data_option(repo: Path, dataset: str) -> dict[str, Any]:
    write(repo, "configs/train.yaml", "defaults:\n  - data: mnist\n  - paths: default\n  - _self_\nseed: 12\n"
                                       "trainer:\n  max_epochs: 3\n")
    write(repo, "configs/paths/default.yaml", "data_dir: ${oc.env:DATA_ROOT}\n")
    write(repo, "configs/data/mnist.yaml", "_target_: src.data.MNISTDataModule\ndata_dir: ${paths.data_dir}\n"
                                            f"batch_size: 64\n{dataset}")
    (record,) = show(repo, "configs/train.yaml")
    return record


def test_hydra_data_option_takes_the_versioned_dataset_over_its_data_dir(repo: Path) -> None:
    record = hydra_data_option(repo, "dataset:\n  name: acme/mnist\n  version: v2\n")
    assert [(d["key"], d["ref"], d["pin"], d["from"]) for d in record["datasets"]] == \
        [("data.dataset.name", "acme/mnist", "weak", "configs/data/mnist.yaml:6")]
    assert codes(record) == []


def test_hydra_data_option_with_an_unversioned_dataset_fails_on_the_dataset(repo: Path) -> None:
    record = hydra_data_option(repo, "dataset:\n  name: acme/mnist\n")
    assert [(d["key"], d["pin"]) for d in record["datasets"]] == [("data.dataset.name", "none")]
    assert record["datasets"][0]["from"] == "configs/data/mnist.yaml:5"
    assert codes(record) == ["LL201"]


def test_a_relative_override_in_a_group_option_does_not_make_it_an_overlay(repo: Path) -> None:
    write(repo, "configs/train.yaml", "defaults:\n  - data: mnist\n  - _self_\nseed: 1\n")
    write(repo, "configs/data/split/default.yaml", "ratio: 0.9\n")
    write(repo, "configs/data/split/small.yaml", "ratio: 0.5\n")
    write(repo, "configs/data/mnist.yaml", "defaults:\n  - split: default\n  - override split: small\n"
                                            "path: data/mnist\nversion: v1\n")
    (record,) = show(repo, "configs/data/mnist.yaml")
    assert record["role"] == "fragment"
    assert "LL101" not in codes(record)


def test_an_absolute_override_makes_a_group_option_an_overlay(repo: Path) -> None:
    write(repo, "configs/train.yaml", "defaults:\n  - data: mnist\n  - _self_\nseed: null\n")
    write(repo, "configs/data/mnist.yaml", "path: data/mnist\nversion: v1\n")
    write(repo, "configs/data/cifar.yaml", "path: data/cifar\nversion: v1\n")
    write(repo, "configs/experiment/cifar.yaml", "defaults:\n  - override /data: cifar\n")
    (record,) = show(repo, "configs/experiment/cifar.yaml")
    assert record["role"] == "training"
    assert [d["ref"] for d in record["datasets"]] == ["data/cifar"]  # its override replaced the group's choice
    assert codes(record) == ["LL101"]  # an overlay is judged like the run it makes: its seed is required


def test_dvc_params_stage_input_paths(repo: Path) -> None:
    record = record_of(repo, "prepare:\n  source_path: data/raw.csv\n  seed: 3\ntrain:\n  model_path: models/m.pkl\n"
                             "  output_dir: out/\n  n_estimators: 30\n", name="params.yaml")
    assert record["profile"] == "dvc-params"
    assert pins(record) == [("prepare.source_path", "data/raw.csv", "none")]


def test_dvc_params_outputs_and_models_are_not_inputs(repo: Path) -> None:
    record = record_of(repo, "train:\n  model_path: models/m.pkl\n  report_file: reports/r.json\n  seed: 1\n",
                       name="params.yaml")
    assert record["datasets"] == []


@pytest.mark.parametrize("holder", ["init_args", "dict_kwargs"])
def test_lightning_data_module_root(repo: Path, holder: str) -> None:
    record = record_of(repo, f"seed_everything: 1\ntrainer:\n  max_epochs: 2\nmodel:\n  class_path: a.M\ndata:\n"
                             f"  class_path: a.D\n  {holder}:\n    root: /data/x\n    version: v4\n")
    assert pins(record) == [(f"data.{holder}.root", "/data/x", "weak")]


@pytest.mark.parametrize("holder", ["init_args", "dict_kwargs"])
def test_lightning_placeholder_root_is_no_reference(repo: Path, holder: str) -> None:
    record = record_of(repo, f"seed_everything: 1\ntrainer:\n  max_epochs: 2\nmodel:\n  class_path: a.M\ndata:\n"
                             f"  class_path: a.D\n  {holder}:\n    root: ???\n")
    assert record["dataset_pin"] == "no-reference"


def test_show_names_a_symlinked_configs_target(repo: Path) -> None:
    write(repo, "configs/real/train.yaml", f"seed: 3\n{TRAINS}dataset:\n  path: s3://b/x\n  version: v1\n")
    (repo / "train.yaml").symlink_to("configs/real/train.yaml")
    (record,) = show(repo, "train.yaml")
    assert (record["path"], record["link_target"]) == ("train.yaml", "configs/real/train.yaml")
    assert record["seed"]["from"] == "configs/real/train.yaml:1"
    assert record["datasets"][0]["from"] == "configs/real/train.yaml:6"
    text = cli(repo, "show", "train.yaml").out
    assert text.splitlines()[0] == "train.yaml -> configs/real/train.yaml  (profile: generic)"


def test_show_of_a_plain_file_has_no_link_target(repo: Path) -> None:
    record = record_of(repo, f"seed: 3\n{TRAINS}")
    assert "link_target" not in record
    assert record["seed"]["from"] == "train.yaml:1"


def test_a_pin_note_never_quotes_an_embedded_script(repo: Path) -> None:
    record = record_of(repo, "path: mydata\ntrain: images/train\nval: images/val\nnames:\n  0: cat\ndownload: |\n"
                             "  from x import download\n  url = 'https://example.com/download/v1.2.0/mydata.zip'\n"
                             "  download([url])\n", name="data.yaml")
    (dataset,) = record["datasets"]
    assert "download([url])" not in dataset.get("note", "")
    assert all("download([url])" not in finding["message"] for finding in record["findings"])


def test_a_pin_note_quotes_a_download_url(repo: Path) -> None:
    record = record_of(repo, "path: mydata\ntrain: images/train\nnames:\n  0: cat\n"
                             "download: https://example.com/releases/download/v1.2.0/mydata.zip\n", name="data.yaml")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["version"]) == ("weak", "v1.2.0")


# --- show --explain and the settings that force a reading ------------------------------------------


def test_explain_lists_what_was_taken_and_rejected_and_why(repo: Path) -> None:
    write(repo, "train.yaml", f"seed: 3\n{TRAINS}env:\n  id: CartPole-v1\n  seed: 0\ndata:\n  path: s3://a/d/\n"
                              "  version: v1\n  augmentations: [{name: mixup}]\n")
    (record,) = show(repo, "train.yaml", extra=("--explain",))
    rows = {(row["kind"], row["key"]): (row["taken"], row["why"]) for row in record["considered"]}
    assert rows[("seed", "seed")] == (True, "the run seed: a seed key at the top level")
    assert rows[("seed", "env.seed")] == (False, "a component seed: `env` names the one thing it configures (`id`)")
    assert rows[("dataset", "data.path")][0] is True
    assert rows[("dataset", "data.augmentations")] == \
        (False, "names components (features, columns, augmentations, transforms, metrics...), not data")
    text = cli(repo, "show", "--explain", "train.yaml").out
    assert "  considered   dataset  rejected data.augmentations: names components" in text
    assert "`dataset-keys`, `not-dataset-keys` or `seed-keys`" in text


_EXPLAINED = """\
seed: 3
epochs: 10
learning_rate: 0.001
model:
  name: resnet50
  weights: s3://acme/models/resnet50.safetensors
  revision: main
data:
  root: s3://acme/data/
  train: s3://acme/data/reviews/v3/train.parquet
  test:
    - s3://acme/data/reviews/test-a.parquet
    - s3://acme/data/reviews/test-b.parquet
  features: [age, income]
  num_workers: 4
  validation: yes
  cache_dir: s3://acme/cache/reviews/
  outputs:
    - s3://acme/out/a/
  reward_model:
    path: acme/rm
    revision: main
  loader: pd.read_csv
  query: SELECT a FROM db.clicks
output_dir: s3://acme/runs/x/
checkpoints:
  - s3://acme/ckpt/a/
  - s3://acme/ckpt/b/
teacher:
  path: acme/teacher
  revision: main
sources:
  path: gs://acme/clicks/
  version: v3
query: SELECT * FROM db.events
"""


def test_explain_gives_every_decision_of_a_config_in_order(repo: Path) -> None:
    """Each key the reading considered, taken or rejected, with the reason `show --explain` gives for it."""
    write(repo, "train.yaml", _EXPLAINED)
    (record,) = show(repo, "train.yaml", extra=("--explain",))
    rows = [(row["kind"], row["key"], row["taken"], row["why"]) for row in record["considered"]]
    model = ("configures a model, not data: its key names a model's role (teacher, reward model, judge...), its "
             "neighbours are a model's (a dtype, quantisation, an architecture, generation settings) and none a "
             "data's, or its location is model weights")
    not_data = "the section configures a model, output, logging or the like, not data"
    assert rows == [
        ("seed", "seed", True, "the run seed: a seed key at the top level"),
        ("dataset", "model", False, not_data),
        ("dataset", "data", True, "a section named for data: its references are read"),
        ("dataset", "data.root", False,
         "a root folder beside a pinned dataset of the same section: where that dataset is stored"),
        ("dataset", "data.train", True, "in a data section, a split, a path-like key or a data-like value"),
        ("dataset", "data.test[0]", True, "a list item naming data in a data section"),
        ("dataset", "data.test[1]", True, "a list item naming data in a data section"),
        ("dataset", "data.features", False,
         "names components (features, columns, augmentations, transforms, metrics...), not data"),
        ("dataset", "data.cache_dir", False, "an output, cache, log, checkpoint or model path, not an input"),
        ("dataset", "data.outputs", False, "a list of outputs, caches, logs, checkpoints or models, not inputs"),
        ("dataset", "data.reward_model", False, model),
        ("dataset", "data.query", True, "a SQL query that reads `db.clicks`"),
        ("dataset", "teacher", False, not_data),
        ("dataset", "sources", True, "a section named for data: its references are read"),
        ("dataset", "sources.path", True, "`path` names the dataset this mapping describes, pinned by `version`"),
        ("dataset", "query", True, "a SQL query that reads `db.events`"),
    ]
    assert pins(record) == [("data.train", "s3://acme/data/reviews/v3/train.parquet", "weak"),
                            ("data.test[0]", "s3://acme/data/reviews/test-a.parquet", "none"),
                            ("data.test[1]", "s3://acme/data/reviews/test-b.parquet", "none"),
                            ("data.query", "db.clicks", "none"),
                            ("sources.path", "gs://acme/clicks/", "weak"), ("query", "db.events", "none")]


def test_explain_gives_the_decisions_on_list_items_of_a_data_section(repo: Path) -> None:
    write(repo, "train.yaml", """\
seed: 3
epochs: 2
learning_rate: 0.1
datasets:
  - name: acme/reviews
    version: v3
  - path: s3://acme/clicks/2024-05-01/part.parquet
    sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
  - hf_id: acme/faq
    revision: main
    subset: en
""")
    write(repo, "train.py", 'import datasets\nseed = 3\nepochs = 2\n'
                            'DATASETS = [load_dataset("acme/a", revision="main"), "s3://acme/b/v2/x.parquet"]\n')
    yaml_record, python_record = show(repo, "train.yaml", "train.py", extra=("--explain",))
    section = ("dataset", "a section named for data: its references are read")
    assert [(row["kind"], row["key"], row["taken"], row["why"]) for row in yaml_record["considered"]] == [
        ("seed", "seed", True, "the run seed: a seed key at the top level"),
        (section[0], "datasets", True, section[1]),
        ("dataset", "datasets[0].name", True, "`name` names the dataset this mapping describes, pinned by `version`"),
        ("dataset", "datasets[1].path", True, "`path` names the dataset this mapping describes, pinned by `sha256`"),
        ("dataset", "datasets[2].hf_id", True, "a path-like key or a data-like value in a mapping describing data"),
    ]
    assert [(d["key"], d["ref"], d["pin"], d["version"]) for d in yaml_record["datasets"]] == [
        ("datasets[0].name", "acme/reviews", "weak", "v3"),
        ("datasets[1].path", "s3://acme/clicks/2024-05-01/part.parquet", "strong", "2024-05-01"),
        ("datasets[2].hf_id", "acme/faq", "floating", "main")]
    assert findings_at(yaml_record) == [("LL202", 10)]
    assert [(row["key"], row["taken"], row["why"]) for row in python_record["considered"] if row["kind"] == "dataset"] \
        == [("DATASETS", True, section[1]),
            ("DATASETS[0]", True, "a call to `load_dataset`, which reads data: judged by its arguments, never run")]
    assert [(d["key"], d["ref"], d["pin"], d["version"]) for d in python_record["datasets"]] == [
        ("DATASETS[0]", "acme/a", "floating", "main"), ("DATASETS[1]", "s3://acme/b/v2/x.parquet", "weak", "v2")]
    assert findings_at(python_record) == [("LL202", 4)]


def test_show_without_explain_lists_nothing_considered(repo: Path) -> None:
    record = record_of(repo, f"seed: 3\n{TRAINS}")
    assert "considered" not in record


def test_settings_force_datasets_and_the_seed(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint]\ndataset-keys = ["experiment.blob"]\n'
                                  'seed-keys = ["experiment.run_seed_value"]\nnot-dataset-keys = ["data"]\n')
    write(repo, "train.yaml", f"{TRAINS}experiment:\n  blob: s3://b/x.parquet\n  blob_version: v3\n"
                              "  run_seed_value: 5\ndata:\n  train_path: s3://b/y.parquet\n")
    (record,) = show(repo, "train.yaml", extra=("--explain",))
    assert (record["seed"]["status"], record["seed"]["key"], record["seed"]["from"]) == \
        ("declared", "experiment.run_seed_value", "train.yaml:6")
    assert pins(record) == [("experiment.blob", "s3://b/x.parquet", "weak")]
    rows = {(row["kind"], row["key"]): (row["taken"], row["why"]) for row in record["considered"]}
    assert rows[("dataset", "data.train_path")] == \
        (False, "excluded by `not-dataset-keys` (`data`) in the configuration")
    assert cli(repo, "check", "train.yaml").code == 0


def test_without_settings_the_same_file_fails(repo: Path) -> None:
    write(repo, "train.yaml", f"{TRAINS}experiment:\n  blob: s3://b/x.parquet\n  run_seed_value: 5\n"
                              "data:\n  train_path: s3://b/y.parquet\n")
    (record,) = show(repo, "train.yaml")
    assert codes(record) == ["LL101", "LL201", "LL201"]  # `experiment.blob` names stored data too


def test_a_misspelt_setting_is_a_usage_error(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint]\ndataset-key = ["a"]\n')
    write(repo, "train.yaml", "seed: 1\n")
    outcome = cli(repo, "check", "train.yaml")
    assert outcome.code == 2
    assert "did you mean 'dataset-keys'?" in outcome.err


def test_a_training_named_file_with_a_seed_and_a_dataset_is_a_training_config(repo: Path) -> None:
    text = "seed: 1\nmax_new_tokens: 64\ninputs:\n  path: s3://acme/chats/\n  version: v1\n"
    record = record_of(repo, text, name="configs/train_sft.yaml")
    assert (record["applicable"], record["profile"]) == (True, "generic")


def test_a_generation_config_with_a_seed_and_prompts_is_not(repo: Path) -> None:
    text = "seed: 1\nmax_new_tokens: 64\ninputs:\n  path: s3://acme/chats/\n  version: v1\n"
    record = record_of(repo, text, name="configs/generate.yaml")
    assert (record["applicable"], record["profile"]) == (False, "not-a-training-config")


@pytest.mark.parametrize(("name", "text", "lines"), [
    ("train.yaml", "seed: 5\ndata:\n  train_files: [s3://bucket/a/, s3://bucket/b/]\n", [3, 3]),
    ("train.yaml", "seed: 5\ndata:\n  train:\n    - s3://bucket/a/\n    - s3://bucket/b/\n", [4, 5]),
    ("train.yaml", "seed: 5\ndata:\n  urls: [https://example.com/data/train.tar.gz]\n", [3]),
    ("train.json", '{"seed": 5, "data": {"paths": ["s3://bucket/a/", "s3://bucket/b/"]}, "epochs": 3}\n', [1, 1]),
    ("train.py", 'seed = 5\nCONFIG = dict(data=dict(urls=["https://example.com/data/train.tar.gz"]))\n', [2]),
])
def test_a_list_of_data_locations_in_a_data_section_is_read(repo: Path, name: str, text: str,
                                                            lines: list[int]) -> None:
    """A list of URIs or paths under a key of a data section names datasets: unpinned, each one fails."""
    record = record_of(repo, text, name)
    assert record["dataset_pin"] == "none"
    assert all(d["key"].endswith(("[0]", "[1]")) for d in record["datasets"]) and record["datasets"]
    assert [(f["code"], f["line"]) for f in record["findings"]] == [("LL201", line) for line in lines]


def test_a_pinned_list_of_data_locations_passes_and_named_lists_are_not_data(repo: Path) -> None:
    record = record_of(repo, "seed: 5\ndata:\n  paths:\n    - s3://bucket/a.parquet?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY\n"
                             "  train: [text, label]\n  output_dirs: [s3://bucket/out/]\n"
                             "  columns: [s3://bucket/not/a/dataset]\n")
    assert [(d["key"], d["pin"]) for d in record["datasets"]] == [("data.paths[0]", "strong")]
    assert record["findings"] == []


# A training config keeping its settings deep (`experiment.training.hyperparameters`) beside the keys of another
# tool: each of them once made it a launcher, inference, search-space, task or dataset file, passed unjudged.
_DEEP = ("experiment:\n  seed: null\n  training:\n    hyperparameters:\n      epochs: 3\n      learning_rate: 0.1\n"
         "data:\n  train:\n    name: acme/reviews\n    revision: main\n")
_STRAYS = {
    "deepspeed": "zero_optimization:\n  stage: 2\n",
    "accelerate": "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\n",
    "logging": "version: 1\nhandlers:\n  console:\n    class: logging.StreamHandler\n",
    "github-actions": "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
    "conda": "name: env\nchannels: [conda-forge]\ndependencies: [python=3.11]\n",
    "kubernetes": "apiVersion: v1\nkind: ConfigMap\n",
    "ray": "cluster_name: gpu\n",
    "generation": "max_new_tokens: 64\ndo_sample: true\n",
    "lm-eval": "tasks: [mmlu]\n",
    "export": "export:\n  format: onnx\n",
    "quantization": "quantization:\n  bits: 4\n",
    "eval-only": "eval_only: true\n",
    "wandb-sweep": "method: bayes\nparameters:\n  dropout:\n    values: [0.1, 0.2]\n",
    "comet-optimizer": "algorithm: random\nparameters:\n  dropout:\n    min: 0.1\n    max: 0.5\n",
    "dataset-index": "coco:\n  download_root: data/\n",
}


@pytest.mark.parametrize("stray", _STRAYS.values(), ids=_STRAYS.keys())
def test_settings_kept_deep_make_a_training_config_whatever_tool_keys_sit_beside(repo: Path, stray: str) -> None:
    record = record_of(repo, _DEEP + stray, name="configs/experiment.yaml")  # no training word in the name
    assert (record["applicable"], record["role"]) == (True, "training")
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == [("LL102", 2, 3), ("LL202", 10, 15)]


@pytest.mark.parametrize("stray", ["names:\n  0: cat\nnc: 1\n",  # an Ultralytics dataset YAML
                                   "class_path: acme.data.ReviewsDataModule\ninit_args:\n  batch_size: 8\n"])
def test_settings_kept_deep_make_a_dataset_file_or_data_fragment_a_training_config(repo: Path, stray: str) -> None:
    text = "experiment:\n  training:\n    hyperparameters:\n      epochs: 3\n      learning_rate: 0.1\n" + stray
    record = record_of(repo, text, name="configs/fit.yaml")
    assert record["role"] == "training"
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == [("LL101", 1, 1)]


def test_search_dimensions_and_other_files_values_do_not_make_a_file_train(repo: Path) -> None:
    sweep = record_of(repo, "program: train.py\nmethod: bayes\nmetric:\n  name: loss\nparameters:\n"
                            "  learning_rate:\n    min: 0.0001\n    max: 0.1\n  epochs:\n    value: 10\n",
                      name="sweep.yaml")
    assert (sweep["profile"], sweep["applicable"]) == ("search-space", False)
    validate = record_of(repo, "trainer:\n  devices: 1\n  max_steps: 100\nmodel:\n  restore_from_path: x.nemo\n",
                         name="examples/conf/megatron_gpt_validate_config.yaml")
    assert (validate["profile"], validate["applicable"]) == ("other-task", False)


COMMIT = "4f5c8a2b9d1e3f60718293a4b5c6d7e8f9012345"


def findings_at(record: dict[str, Any]) -> list[tuple[str, int]]:
    return [(f["code"], f["line"]) for f in record["findings"]]


@pytest.mark.parametrize(("text", "expected", "found"), [
    # an f-string of constants is read as its text: judged like the literal
    ('BUCKET = "s3://acme-ml"\nSEED = 1\nEPOCHS = 2\nTRAIN_DATA = f"{BUCKET}/train/"\n',
     [("TRAIN_DATA", "s3://acme-ml/train/", "none")], [("LL201", 4)]),
    ('BUCKET = "s3://acme-ml"\nSEED = 1\nEPOCHS = 2\nTRAIN_DATA = f"{BUCKET}/train/v3/"\n',
     [("TRAIN_DATA", "s3://acme-ml/train/v3/", "weak")], []),
    ('ROOT = "/mnt/data"\nSEED = 1\nEPOCHS = 2\nTRAIN_CSV = ROOT + "/train.csv"\n',
     [("TRAIN_CSV", "/mnt/data/train.csv", "none")], [("LL201", 4)]),
    # computed: a dataset whose version is unknown, never silently nothing
    ('import os\nSEED = 1\nEPOCHS = 2\nTRAIN_DATA = f"{os.environ[\'BUCKET\']}/train/"\n',
     [("TRAIN_DATA", "f\"{os.environ['BUCKET']}/train/\"", "none")], [("LL201", 4)]),
    ('import os\nSEED = 1\nEPOCHS = 2\nDATA_DIR = os.path.join(os.environ["ROOT"], "data")\n',
     [("DATA_DIR", 'os.path.join(os.environ["ROOT"], "data")', "none")], [("LL201", 4)]),
    ('import os\nSEED = 1\nEPOCHS = 2\nTRAIN_DATA = f"{os.environ[\'BUCKET\']}/train/"\n'
     'TRAIN_DATA_VERSION = "v3"\n',
     [("TRAIN_DATA", "f\"{os.environ['BUCKET']}/train/\"", "weak")], []),
    ('SEED = 1\nCONFIG = dict(epochs=2, data=dict(train=get_bucket() + "/train.parquet"))\n',
     [("CONFIG.data.train", 'get_bucket() + "/train.parquet"', "none")], [("LL201", 2)]),
])
def test_a_computed_reference_in_a_python_config_is_data_of_unknown_version(
        repo: Path, text: str, expected: list[tuple[str, str, str]], found: list[tuple[str, int]]) -> None:
    record = record_of(repo, text, "train.py")
    assert pins(record) == expected
    assert findings_at(record) == found
    if expected[0][2] == "none" and "(" in expected[0][1]:
        assert "computed by an expression" in record["datasets"][0]["note"]


@pytest.mark.parametrize("text", [
    "SEED = 1\nEPOCHS = 2\nNUM_TRAIN = len(ROWS)\nTRAIN_STEPS = EPOCHS * 100\n",
    "SEED = 1\nEPOCHS = 2\n\ndef train_data():\n    return 1\n",
    "import os\nSEED = 1\nEPOCHS = 2\nDATA_WORKERS = os.cpu_count()\nTRAIN_BATCH = int(os.environ['B'])\n",
    'SEED = 1\nEPOCHS = 2\nDATA = dict(num_workers=os.cpu_count(), shuffle=True)\n',
])
def test_computed_settings_that_name_no_data_are_not_datasets(repo: Path, text: str) -> None:
    record = record_of(repo, text, "train.py")
    assert record["datasets"] == []
    assert record["findings"] == []


@pytest.mark.parametrize(("text", "expected", "found"), [
    ('from datasets import load_dataset\nseed = 3\nepochs = 2\nreviews = load_dataset("acme/reviews")\n',
     [("reviews", "acme/reviews", "none")], [("LL201", 4)]),
    ('from datasets import load_dataset\nseed = 3\nepochs = 2\nreviews = load_dataset("acme/reviews", '
     'revision="main")\n', [("reviews", "acme/reviews", "floating")], [("LL202", 4)]),
    (f'from datasets import load_dataset\nseed = 3\nepochs = 2\ndataset = load_dataset("acme/reviews", '
     f'"en", revision="{COMMIT}")\n', [("dataset", "acme/reviews", "strong")], []),
    ('import pandas as pd\nseed = 3\nepochs = 2\nframe = pd.read_parquet("s3://acme/reviews/v3/part.parquet")\n',
     [("frame", "s3://acme/reviews/v3/part.parquet", "weak")], []),
    ('import datasets\nDATA_DIR = "/mnt/reviews"\nseed = 3\nepochs = 2\nds = datasets.load_from_disk(DATA_DIR)\n',
     [("DATA_DIR", "/mnt/reviews", "none"), ("ds", "/mnt/reviews", "none")], [("LL201", 2), ("LL201", 2)]),
    ('from datasets import load_dataset\nseed = 3\nepochs = 2\nds = load_dataset("json", data_files={"train": '
     '"s3://b/train.jsonl", "test": "s3://b/test.jsonl"}, revision="v2")\n',
     [("ds.data_files.train", "s3://b/train.jsonl", "weak"), ("ds.data_files.test", "s3://b/test.jsonl", "weak")], []),
    # reader calls as the values of a data section, each under its own key
    ('import pandas as pd\nseed = 3\nepochs = 2\n'
     'data = {"train": pd.read_parquet("s3://acme/reviews/v3/part.parquet"), '
     '"test": load_dataset("acme/reviews", revision="main")}\n',
     [("data.train", "s3://acme/reviews/v3/part.parquet", "weak"), ("data.test", "acme/reviews", "floating")],
     [("LL202", 4)]),
])
def test_a_reader_call_is_a_dataset_judged_by_its_arguments(
        repo: Path, text: str, expected: list[tuple[str, str, str]], found: list[tuple[str, int]]) -> None:
    record = record_of(repo, text, "train.py")
    assert pins(record) == expected
    assert findings_at(record) == found


def test_calls_that_read_models_or_code_are_not_datasets(repo: Path) -> None:
    record = record_of(repo, 'import torch\nseed = 3\nepochs = 2\nmodel = AutoModel.from_pretrained("org/m", '
                             'revision="main")\nckpt = torch.load("ckpt/last.pt")\n'
                             'settings = json.load(open("a.json"))\n'
                             f'data = load_dataset("acme/reviews", revision="{COMMIT}")\n', "train.py")
    assert pins(record) == [("data", "acme/reviews", "strong")]
    assert record["findings"] == []


@pytest.mark.parametrize("model", [
    "teacher:\n  path: acme/teacher-70b\n  revision: main\n",
    "judge:\n  path: acme/judge\n  revision: main\n  max_new_tokens: 256\n",
    "distillation:\n  path: acme/teacher\n  revision: latest\n  torch_dtype: bfloat16\n  load_in_8bit: true\n",
    "reward:\n  path: checkpoints/rm/final.safetensors\n  revision: main\n",
    "teacher: acme/teacher-xl\nteacher_revision: latest\n",
    "rlhf:\n  reward_model: {path: acme/rm, revision: main}\n  ref_model: {path: acme/ref, revision: main}\n",
    # storage that holds no training data
    "spark:\n  conf:\n    spark.sql.warehouse.dir: s3://acme/warehouse/\ncluster:\n  bootstrap: s3://acme/boot/x.sh\n",
    "feature_store:\n  registry: s3://acme/feast/registry.db\nstaging_dir: s3://acme/staging/churn/\n"
    "artifact_store: s3://acme/artifacts/churn/\n",
    "serving:\n  sample_payload: s3://acme/serving/sample.json\n  shadow_traffic: s3://acme/serving/shadow/\n",
    "backbone:\n  weights: s3://acme/models/resnet50/imagenet.pth\ninit_checkpoint: gs://acme/ckpt/seg/last.ckpt\n",
    "bucket: s3://acme-ml\noutput_dir: s3://acme/runs/latest/\nlog_dir: s3://acme/logs/x/\n",
    "ignore_patterns: ['*.tmp']\ninclude: '**/*.yaml'\n",
])
def test_models_and_storage_beside_the_data_are_not_datasets(repo: Path, model: str) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}dataset: {{path: acme/sft, revision: {COMMIT}}}\n{model}")
    assert pins(record) == [("dataset.path", "acme/sft", "strong")]
    assert record["findings"] == []


@pytest.mark.parametrize(("data", "pin"), [
    ("prompts:\n  path: acme/prompts\n  revision: main\n", "floating"),
    ("preference:\n  path: acme/pairs\n  revision: main\n  split: train\n  temperature: 0.7\n", "floating"),
    ("reward_data:\n  path: s3://acme/rewards/\n  revision: main\n", "floating"),
    ("teacher_logits:\n  uri: s3://acme/distill/teacher_logits.parquet\n", "none"),
])
def test_data_beside_a_model_word_is_still_data(repo: Path, data: str, pin: str) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}{data}")
    assert record["dataset_pin"] == pin
    assert codes(record) == ["LL202" if pin == "floating" else "LL201"]


@pytest.mark.parametrize(("text", "status", "value"), [
    ("BASE = 40\nSEED = f'{BASE}'\nEPOCHS = 1\n", "declared", "40"),  # an f-string of a constant is its text
    ("BASE = 40\nSEED = BASE + 2\nEPOCHS = 1\n", "unresolved", "BASE + 2"),  # arithmetic is never computed
    ("BASE = 40\nSEED = f'{BASE:04d}'\nEPOCHS = 1\n", "unresolved", "f'{BASE:04d}'"),  # formatted: not read
])
def test_python_strings_built_from_constants(repo: Path, text: str, status: str, value: str) -> None:
    record = record_of(repo, text, "train.py")
    assert (record["seed"]["status"], record["seed"]["value"]) == (status, value)


def test_a_lone_digest_pins_the_one_dataset_of_its_mapping(repo: Path) -> None:
    record = record_of(repo, f'{{"seed": 12, "epochs": 3, "train_csv": "data/pump/normal.csv", "sha256": "{SHA256}"}}',
                       "train.json")
    assert pins(record) == [("train_csv", "data/pump/normal.csv", "strong")]
    assert record["findings"] == []
    # beside two datasets it pins neither (a digest is of one content); a top-level `version` is the config's
    record = record_of(repo, f"seed: 12\n{TRAINS}train_csv: data/a.csv\nval_csv: data/b.csv\nsha256: {SHA256}\n")
    assert [pin for _, _, pin in pins(record)] == ["none", "none"]
    record = record_of(repo, f"seed: 12\n{TRAINS}version: 2\ntrain_csv: data/a.csv\n")
    assert pins(record) == [("train_csv", "data/a.csv", "none")]


@pytest.mark.parametrize(("text", "expected"), [
    ("tables:\n  impressions: acme.logs.impressions@1718409600000\n  clicks: acme.logs.clicks\n",
     [("tables.impressions", "acme.logs.impressions", "weak"), ("tables.clicks", "acme.logs.clicks", "none")]),
    ("tables:\n  - name: SUPPLY.CORE.SHIPMENTS\n    at_timestamp: '2024-06-01 00:00:00'\n",
     [("tables[0].name", "SUPPLY.CORE.SHIPMENTS", "weak")]),
    ("source_tables:\n  events: {name: MUSIC.CURATED.EVENTS, at_timestamp: '2024-05-20'}\n",
     [("source_tables.events.name", "MUSIC.CURATED.EVENTS", "weak")]),
    ("bigquery:\n  billing_project: acme\n  table: acme-prod.fraud.txns@1712345678000\n",
     [("bigquery.table", "acme-prod.fraud.txns", "weak")]),
])
def test_tables_are_datasets(repo: Path, text: str, expected: list[tuple[str, str, str]]) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}{text}")
    assert pins(record) == expected


def test_a_split_names_data_by_any_path_but_not_by_a_checkpoint(repo: Path) -> None:
    record = record_of(repo, f"seed: 1\n{TRAINS}train:\n  images: /data/seg/images/\n"
                             "  annotations: /data/seg/annotations/train.json\n")
    assert pins(record) == [("train.images", "/data/seg/images/", "none"),
                            ("train.annotations", "/data/seg/annotations/train.json", "none")]
    record = record_of(repo, f"seed: 1\n{TRAINS}dataset: {{path: acme/sft, revision: {COMMIT}}}\n"
                             "train:\n  resume: checkpoints/last.ckpt\n  lr_schedule: cosine\n")
    assert pins(record) == [("dataset.path", "acme/sft", "strong")]


def test_an_axolotl_shaped_config_with_its_seed_in_a_run_section(repo: Path) -> None:
    text = (f"base_model: acme/llama\nsequence_len: 4096\ndatasets:\n  - path: acme/support\n    revision: {COMMIT}\n")
    record = record_of(repo, "run:\n  name: sft\n  seed: 42\n" + text)
    assert (record["profile"], record["seed"]["status"], record["seed"]["key"]) == ("axolotl", "declared", "run.seed")
    record = record_of(repo, text)  # no seed anywhere: axolotl's implicit 42, said in the note
    assert (record["seed"]["status"], codes(record)) == ("missing", ["LL101"])
    assert "axolotl seeds 42" in record["seed"]["note"]


@pytest.mark.parametrize("key", ["extends", "base_config", "includes"])
def test_a_config_that_extends_another_file(repo: Path, key: str) -> None:
    write(repo, "configs/common/base.yaml", "seed: 7\noptim: {lr: 0.1}\n")
    record = record_of(repo, f"{key}: common/base.yaml\n{TRAINS}data:\n  train: s3://acme/asr/v2/\n",
                       "configs/finetune.yaml")
    assert (record["seed"]["status"], record["seed"]["from"]) == ("declared", "configs/common/base.yaml:1")
    assert record["findings"] == []
    record = record_of(repo, f"{key}: ../missing/base.yaml\n{TRAINS}data:\n  train: s3://acme/asr/v2/\n",
                       "configs/finetune.yaml")
    assert record["seed"]["status"] == "unresolved"  # the base could have set it: never `missing`
    assert codes(record) == ["LL104", "LL012"]


def test_an_extends_key_naming_no_config_file_is_an_ordinary_value(repo: Path) -> None:
    record = record_of(repo, f"seed: 3\n{TRAINS}extends: BaseTrainer\n")
    assert (record["seed"]["status"], record["findings"]) == ("declared", [])


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT a, b FROM CLINICAL.ICU.VITALS AT(TIMESTAMP => '2024-05-01 00:00:00'::TIMESTAMP_LTZ)",
     [("CLINICAL.ICU.VITALS", "weak")]),
    ("WITH recent AS (SELECT * FROM lake.sales VERSION AS OF 12) SELECT * FROM recent JOIN crm.users u ON 1 = 1",
     [("lake.sales", "strong"), ("crm.users", "none")]),
    ("select * from `proj.ds.events` FOR SYSTEM_TIME AS OF TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 HOUR)",
     [("proj.ds.events", "floating")]),
    ("SELECT * FROM events AT(OFFSET => -3600)", [("events", "floating")]),
    ("SELECT * FROM warehouse.orders WHERE dt < '2024-01-01'", [("warehouse.orders", "none")]),
])
def test_a_sql_query_names_the_tables_it_reads(repo: Path, query: str, expected: list[tuple[str, str]]) -> None:
    query_text = query.replace('"', '\\"')
    record = record_of(repo, f'seed = 4\nepochs = 2\ncfg = dict(query="{query_text}")\n', "train.py")
    assert [(d["ref"], d["pin"]) for d in record["datasets"]] == expected


@pytest.mark.parametrize("text", [
    "query: what is the capital of France\n",
    "prompt: SELECT the best answer FROM the options below\n",
    "sql_dialect: snowflake\n",
])
def test_text_that_is_no_query_under_a_query_key_names_no_table(repo: Path, text: str) -> None:
    record = record_of(repo, f"seed: 4\n{TRAINS}{text}")
    assert record["datasets"] == []


def test_a_saved_object_file_is_data_by_its_key_not_by_its_extension(repo: Path) -> None:
    record = record_of(repo, 'from types import SimpleNamespace\ncfg = SimpleNamespace(seed=3, epochs=2, '
                             'graphs="gs://acme/pretrain/graphs.pt", graphs_md5="165bfc18a360a97da7fd1318264fc857")\n',
                       "train.py")
    assert pins(record) == [("cfg.graphs", "gs://acme/pretrain/graphs.pt", "strong")]
    record = record_of(repo, f"seed: 3\n{TRAINS}dataset: {{path: acme/sft, revision: {COMMIT}}}\n"
                             "init_weights: s3://acme/models/base.pt\nresume: ckpt/last.pth\n"
                             "model_path: s3://acme/m.bin\nmodel_path_sha256: " + SHA256 + "\n")
    assert pins(record) == [("dataset.path", "acme/sft", "strong")]


@pytest.mark.parametrize(("runs", "status", "key"), [
    ('[{"seed": 1, "data": "s3://a/v2/"}, {"seed": 2, "data": "s3://a/v2/"}]', "declared", "configs[0].seed"),
    ('[{"seed": 1, "data": "s3://a/v2/"}, {"seed": None, "data": "s3://a/v2/"}]', "random", "configs[1].seed"),
    ('[{"seed": 1, "data": "s3://a/v2/"}, {"data": "s3://a/v2/"}]', "missing", None),
])
def test_a_file_listing_several_runs_is_as_seeded_as_its_least_seeded_run(repo: Path, runs: str, status: str,
                                                                          key: str | None) -> None:
    record = record_of(repo, f"configs = {runs}\nepochs = 3\n", "train.py")
    assert (record["seed"]["status"], record["seed"]["key"]) == (status, key)
    assert [pin for _, _, pin in pins(record)] == ["weak", "weak"]


def test_a_table_name_computed_from_the_date_is_data_of_unknown_version(repo: Path) -> None:
    record = record_of(repo, 'import datetime as dt\nSEED = 3\nEPOCHS = 2\n'
                             'TABLE = f"analytics.events_{dt.date.today():%Y%m%d}"\n', "train.py")
    assert pins(record) == [("TABLE", 'f"analytics.events_{dt.date.today():%Y%m%d}"', "none")]


@pytest.mark.parametrize(("text", "expected"), [
    ("knowledge:\n  articles: s3://acme-kb/articles/\n  faqs: s3://acme-kb/faqs.parquet\n",
     [("knowledge.articles", "none"), ("knowledge.faqs", "none")]),
    ("pipeline:\n  stages:\n    - {name: ingest, source: s3://acme/raw/events/}\n",
     [("pipeline.stages[0].source", "none")]),
    ("spend_logs: s3://acme/pacing/spend/v3/\nlogs: gs://acme/logs/parsed/\n",
     [("spend_logs", "weak"), ("logs", "none")]),
])
def test_stored_data_under_any_other_key_is_a_dataset(repo: Path, text: str, expected: list[tuple[str, str]]) -> None:
    record = record_of(repo, f"seed: 3\n{TRAINS}{text}")
    assert [(d["key"], d["pin"]) for d in record["datasets"]] == expected


def test_a_json_list_of_runs(repo: Path) -> None:
    record = record_of(repo, '[{"seed": 1, "data": {"path": "s3://a/v2/"}, "epochs": 3},\n'
                             ' {"seed": 2, "data": {"path": "s3://a/v2/"}, "epochs": 6}]\n', "runs.json")
    assert (record["seed"]["status"], record["seed"]["key"]) == ("declared", "[0].seed")


@pytest.mark.parametrize(("text", "status", "expected"), [
    ('class CFG:\n    seed = 42\n    epochs = 3\n    train_path = "s3://acme/ner/v3/train.jsonl"\n',
     "declared", [("CFG.train_path", "weak")]),
    ('ROOT = "s3://acme/ner"\n\nclass CFG:\n    seed = None\n    epochs = 3\n    data_dir = ROOT + "/v3/"\n'
     '    train_file = f"{data_dir}train.jsonl"\n', "random", [("CFG.data_dir", "weak"), ("CFG.train_file", "weak")]),
    ('from dataclasses import dataclass\n\n@dataclass\nclass Config:\n    """Defaults."""\n    seed: int = 7\n'
     '    epochs: int = 2\n    train_path: str = "s3://acme/ner/train.jsonl"\n\ncfg = Config()\n',
     "declared", [("cfg.train_path", "none")]),  # the instance the file makes is the config
])
def test_a_class_of_settings_is_read_as_a_mapping(repo: Path, text: str, status: str,
                                                  expected: list[tuple[str, str]]) -> None:
    record = record_of(repo, text, "train.py")
    assert record["applicable"] is True
    assert record["seed"]["status"] == status
    assert [(d["key"], d["pin"]) for d in record["datasets"]] == expected


def test_a_class_with_methods_or_a_base_is_code_not_settings(repo: Path) -> None:
    record = record_of(repo, 'class Trainer(Base):\n    seed = 1\n    train_path = "s3://acme/x/"\n\n'
                             'class Helper:\n    seed = 2\n    def run(self):\n        return 1\n', "helpers.py")
    assert (record["applicable"], record["profile"]) == (False, "python-module")


def test_explain_says_why_each_new_decision_was_taken(repo: Path) -> None:
    write(repo, "train.py", 'import os\nSEED = 1\nEPOCHS = 2\nTRAIN_SHARDS = f"{os.environ[\'ROOT\']}/train"\n'
                            'ds = load_dataset("acme/t", revision="main")\n'
                            'judge = dict(path="acme/judge", revision="main", max_new_tokens=64)\n'
                            'sources = dict(clicks="gs://a/clicks/")\nversions = dict(clicks="v3")\n'
                            'cfg = dict(query="SELECT * FROM db.events")\n')
    (record,) = show(repo, "train.py", extra=("--explain",))
    rows = {row["key"]: (row["taken"], row["why"]) for row in record["considered"] if row["kind"] == "dataset"}
    assert rows["TRAIN_SHARDS"] == (True, "computed by an expression under a key that names where data is: what "
                                          "it names is unknown")
    assert rows["ds"] == (True, "a call to `load_dataset`, which reads data: judged by its arguments, never run")
    assert rows["judge"][0] is False and rows["judge"][1].startswith("configures a model, not data")
    assert rows["sources.clicks"] == (True, "pinned by `versions.clicks`, a mapping of dataset names to versions")
    assert rows["cfg.query"] == (True, "a SQL query that reads `db.events`")


def test_a_digest_under_a_key_naming_its_algorithm_must_have_that_length(repo: Path) -> None:
    commit = "dce01c9b08f87459cf36a430d809084718273017"  # 40 hex digits: a sha1's length, not an md5's
    record = record_of(repo, f"seed: 1\n{TRAINS}data:\n  path: s3://acme/data/train.parquet\n  md5: {commit}\n")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["digest"]) == ("none", commit)
    assert dataset["note"] == f"; `{commit}` is not a md5 digest: md5 has 32 hex digits, this 40"
    assert findings_at(record) == [("LL201", 5)]


def test_the_text_of_a_computed_reference_carries_no_version(repo: Path) -> None:
    """`f"{ROOT}/reviews/latest/..."` is judged unknown (LL201), not read for a version its literal seems to hold."""
    record = record_of(repo, 'import os\nseed = 1\nepochs = 2\n'
                             'TRAIN_DATA = f"{os.environ[\'ROOT\']}/reviews/latest/train.parquet"\n', "train.py")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["version"]) == ("none", None)
    assert findings_at(record) == [("LL201", 4)]


# --- shapes read by their meaning alone (mutation survivors of `--sample 200 --seed 21`) -------------------


def test_a_mapping_holding_only_a_version_is_the_dataset_its_key_names(repo: Path) -> None:
    """`dataset: {version: v3, split: train}` names no location: the key names the data, pinned by `version`."""
    write(repo, "train.yaml", "seed: 1\ndataset:\n  version: v3\n  split: train\n")
    (record,) = show(repo, "train.yaml")
    assert [(d["key"], d["ref"], d["pin"], d["evidence"], d["from"]) for d in record["datasets"]] == [
        ("dataset", "dataset", "weak", "explicit-version", "train.yaml:3")]
    assert record["findings"] == []
    text = cli(repo, "show", "--explain", "train.yaml").out
    assert "  considered   dataset  taken    dataset: a version or digest set for the data this mapping describes " \
           "(`version`)\n" in text


@pytest.mark.parametrize(("value", "expected"), [
    ("bq://acme-proj.sales.orders", [("LL201", 2, 9)]),  # a BigQuery table: project.dataset.table
    ("bq://acme-proj", []),  # a project alone is no table
])
def test_a_bigquery_table_uri_under_any_key_is_data(repo: Path, value: str,
                                                    expected: list[tuple[str, int, int]]) -> None:
    write(repo, "train.yaml", f"seed: 1\nlookup: {value}\nepochs: 3\n")
    (record,) = show(repo, "train.yaml")
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == expected
    assert [d["ref"] for d in record["datasets"]] == ([value] if expected else [])


@pytest.mark.parametrize(("value", "expected"), [
    ("s3://acme-data/labels/train.csv", [("LL201", 2, 9)]),  # a stored labels file is data
    ("positive", []),  # a label's name is a component of the model, not data
])
def test_a_components_key_holding_stored_data_is_data(repo: Path, value: str,
                                                      expected: list[tuple[str, int, int]]) -> None:
    write(repo, "train.yaml", f"seed: 1\nlabels: {value}\nepochs: 2\n")
    (record,) = show(repo, "train.yaml")
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == expected
    assert [(d["key"], d["ref"]) for d in record["datasets"]] == ([("labels", value)] if expected else [])


@pytest.mark.parametrize("location", ["s3://acme/runs/7/model.safetensors", "s3://acme/checkpoints/run7"])
def test_weights_beside_their_own_version_are_no_dataset_and_explain_says_why(repo: Path, location: str) -> None:
    """A weights file, or any folder under a `checkpoints` folder, is a model's location, not data."""
    write(repo, "train.yaml", f"seed: 1\nwarm_start: {location}\nwarm_start_version: v3\nepochs: 2\n")
    (record,) = show(repo, "train.yaml")
    assert (record["datasets"], record["findings"], record["dataset_pin"]) == ([], [], "no-reference")
    assert "  considered   dataset  rejected warm_start: has a version beside it, but its location is model weights\n" \
        in cli(repo, "show", "--explain", "train.yaml").out


@pytest.mark.parametrize(("section", "pin_line", "expected"), [
    ("data", "census_version: v3", ("weak", "v3", None, "explicit-version")),
    ("data", "dvc_md5: 9e107d9d372bb6826bd81d3542a419d6",
     ("strong", None, "9e107d9d372bb6826bd81d3542a419d6", "digest")),
    ("prompts", "snapshot_version: v3", ("weak", "v3", None, "explicit-version")),
    ("prompts", "dvc_md5: 9e107d9d372bb6826bd81d3542a419d6",
     ("strong", None, "9e107d9d372bb6826bd81d3542a419d6", "digest")),
])
def test_a_version_or_digest_key_whose_stem_names_no_sibling_pins_the_mapping(
        repo: Path, section: str, pin_line: str, expected: tuple[str, str | None, str | None, str]) -> None:
    """`census_version`, `dvc_md5`, `snapshot_version`: set once for the data the mapping describes."""
    write(repo, "train.yaml", f"seed: 1\n{section}:\n  path: s3://acme-data/census/\n  {pin_line}\n")
    (record,) = show(repo, "train.yaml")
    assert [(d["key"], d["ref"], d["pin"], d["version"], d["digest"], d["evidence"], d["from"])
            for d in record["datasets"]] == [(f"{section}.path", "s3://acme-data/census/", *expected, "train.yaml:4")]
    assert record["findings"] == []


@pytest.mark.parametrize(("name", "text", "expected"), [
    # a data section given by interpolation is read where it points
    ("train.yaml", "seed: 1\nshared:\n  name: acme/a\n  version: v1\ndata: ${shared}\n",
     [("data.name", "acme/a", "weak", "v1", "train.yaml:4")]),
    # a data section that is a reader call, judged by its arguments
    ("train.py", 'from datasets import load_dataset\nSEED = 1\ndata = load_dataset("acme/reviews", revision="v1")\n',
     [("data", "acme/reviews", "weak", "v1", "train.py:3")]),
])
def test_data_sections_by_interpolation_and_by_reader_call(repo: Path, name: str, text: str,
                                                           expected: list[tuple[str, str, str, str, str]]) -> None:
    write(repo, name, text)
    (record,) = show(repo, name)
    assert [(d["key"], d["ref"], d["pin"], d["version"], d["from"]) for d in record["datasets"]] == expected
    assert record["findings"] == []


def test_a_reader_call_on_a_computed_name_is_an_unknown_unpinned_dataset(repo: Path) -> None:
    write(repo, "train.py", 'from datasets import load_dataset\nSEED = 1\nNAME = "acme/reviews"\n'
                            'train = load_dataset(NAME + "-v2")\n')
    (record,) = show(repo, "train.py")
    assert [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"], f["message"])
            for f in record["findings"]] == [
        ("LL201", 4, 9, 4, 35, "dataset `NAME + '-v2'` (train) has no version, revision or digest; computed by an "
                               "expression lineage-lint does not run: what it names, and its version, are unknown")]


def test_a_null_version_beside_a_dataset_pins_nothing_and_says_so(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\ndata:\n  name: acme/a\n  version: null\n")
    (record,) = show(repo, "train.yaml")
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in record["findings"]] == [
        ("LL201", 3, 9, "dataset `acme/a` (data.name) has no version, revision or digest; "
                        "`version` holds a placeholder")]


def test_a_root_folder_pinned_itself_is_a_dataset_not_where_its_neighbour_is_stored(repo: Path) -> None:
    """A root beside a pinned dataset is where that dataset is stored, unless it carries its own pin."""
    write(repo, "train.yaml", "seed: 42\ncorpus: {name: reviews, version: v7}\n"
                              "data_dir: gs://acme-data/reviews/train.parquet#1700000000123456\nepochs: 3\n")
    (record,) = show(repo, "train.yaml")
    assert [(d["key"], d["pin"], d["version"], d["from"]) for d in record["datasets"]] == [
        ("data_dir", "strong", "1700000000123456", "train.yaml:3"), ("corpus.name", "weak", "v7", "train.yaml:2")]
    assert record["findings"] == []


SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.mark.parametrize(("text", "expected"), [
    # a version set once for the data of the mapping pins a location beside it that has no sibling pin of its own
    ("seed: 1\ncorpus_uri: s3://acme-data/corpus/train.parquet\ndata_version: v3\nepochs: 2\n",
     [("corpus_uri", "s3://acme-data/corpus/train.parquet", "weak", "v3", None, "train.yaml:3")]),
    ("seed: 1\ndata:\n  train: s3://acme-data/corpus/train.parquet\n  data_version: v3\n",
     [("data.train", "s3://acme-data/corpus/train.parquet", "weak", "v3", None, "train.yaml:4")]),
    # locations by split under `data_files`, pinned by the mapping's digest, a relative folder among them
    (f"seed: 1\ncorpus:\n  data_files:\n    train: s3://acme-data/corpus/train/\n    validation: corpus/valid\n"
     f"  sha256: {SHA}\n",
     [("corpus.data_files.train", "s3://acme-data/corpus/train/", "strong", None, SHA, "train.yaml:6"),
      ("corpus.data_files.validation", "corpus/valid", "strong", None, SHA, "train.yaml:6")]),
])
def test_pins_set_once_for_the_data_of_a_mapping(repo: Path, text: str,
                                                  expected: list[tuple[str, str, str, str | None, str | None, str]]
                                                  ) -> None:
    write(repo, "train.yaml", text)
    (record,) = show(repo, "train.yaml")
    found = [(d["key"], d["ref"], d["pin"], d["version"], d["digest"], d["from"]) for d in record["datasets"]]
    assert found == expected
    assert record["findings"] == []


def test_reader_calls_inside_a_combining_call_are_each_read(repo: Path) -> None:
    write(repo, "train.py", "from datasets import concatenate_datasets, load_dataset\nSEED = 1\n"
                            'train = concatenate_datasets([load_dataset("acme/a", revision="v1"), '
                            'load_dataset("acme/b")])\n')
    (record,) = show(repo, "train.py")
    assert [(d["key"], d["ref"], d["pin"], d["version"]) for d in record["datasets"]] == [
        ("train", "acme/a", "weak", "v1"), ("train", "acme/b", "none", None)]
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in record["findings"]] == [
        ("LL201", 3, 9, "dataset `acme/b` (train) has no version, revision or digest")]


def test_a_reader_call_inside_a_model_builder_call_is_a_dataset(repo: Path) -> None:
    # `build_model(vocab_from=load_dataset(...))`: the builder is no reader, but the data its argument reads
    # is trained on, unpinned
    record = record_of(repo, 'from datasets import load_dataset\nseed = 4\n'
                             'model = build_model(vocab_from=load_dataset("acme/reviews"))\n', name="train.py")
    assert [(d["key"], d["ref"], d["pin"]) for d in record["datasets"]] == [("model", "acme/reviews", "none")]
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in record["findings"]] == [
        ("LL201", 3, 32, "dataset `acme/reviews` (model) has no version, revision or digest")]


def test_a_release_in_a_reader_calls_config_name_is_a_weak_pin(repo: Path) -> None:
    # the second positional argument narrows the source: a release named there is a weak pin
    record = record_of(repo, 'from datasets import load_dataset\nseed = 4\n'
                             'train = load_dataset("s3://acme-data/reviews", "release_v3")\n', name="train.py")
    assert [(d["key"], d["ref"], d["version"], d["pin"], d["evidence"], d["from"]) for d in record["datasets"]] \
        == [("train", "s3://acme-data/reviews", "v3", "weak", "name-edition", "train.py:3")]
    assert record["findings"] == []


def test_a_release_in_a_sql_table_name_is_a_weak_pin(repo: Path) -> None:
    record = record_of(repo, "seed: 3\ndata:\n  query: SELECT text, label FROM analytics.reviews_v2\n")
    assert [(d["key"], d["ref"], d["version"], d["pin"], d["evidence"], d["from"]) for d in record["datasets"]] \
        == [("data.query", "analytics.reviews_v2", "v2", "weak", "name-edition", "train.yaml:3")]
    assert record["findings"] == []


def test_glob_patterns_under_data_files_are_the_datasets_the_revision_pins(repo: Path) -> None:
    # a pattern names data under a key that names data: each split is a dataset, pinned by the mapping's revision
    record = record_of(repo, "seed: 1\ndataset:\n  data_files:\n    train: shards/train-*.jsonl\n"
                             "    test: shards/test-*.jsonl\n  revision: v2\n")
    assert [(d["key"], d["ref"], d["version"], d["pin"]) for d in record["datasets"]] == [
        ("dataset.data_files.train", "shards/train-*.jsonl", "v2", "weak"),
        ("dataset.data_files.test", "shards/test-*.jsonl", "v2", "weak")]
    assert record["findings"] == []


def test_a_split_section_naming_a_table_is_the_dataset_its_snapshot_pins(repo: Path) -> None:
    record = record_of(repo, "seed: 1\ntrain:\n  table: acme.sales.orders\n  snapshot_id: 42\nepochs: 3\n")
    assert [(d["key"], d["ref"], d["version"], d["pin"], d["from"]) for d in record["datasets"]] == [
        ("train.table", "acme.sales.orders", "42", "weak", "train.yaml:4")]
    assert record["findings"] == []


def test_a_digest_map_gives_the_digest_of_the_file_named_whole(repo: Path) -> None:
    """A mapping of file names to digests (Ludwig's ``sha256: {file: digest}``) gives the digest of the file the
    reference names, matched on the whole name: ``split_X`` is not ``split_``, though one ends the other."""
    first, second = hashlib.sha256(b"split_").hexdigest(), hashlib.sha256(b"split_X").hexdigest()
    record = record_of(repo, f"seed: 1\ntraining_set: data/split_X\nsha256:\n  split_: {first}\n"
                             f"  split_X: {second}\n")
    assert [(d["key"], d["ref"], d["digest"], d["pin"]) for d in record["datasets"]] == [
        ("training_set", "data/split_X", second, "strong")]
