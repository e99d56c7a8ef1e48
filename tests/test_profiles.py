"""Framework profiles: each recognises its files by content and reads them the way its framework does.

Positive and negative examples per profile, written for these tests, including the traps real configs
set (component seeds beside `seed_everything: true`, `version:` keys that are not dataset versions,
`name: main` as an HF config name, `model_revision` beside an unpinned dataset, placeholders).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from lineage_lint.profiles import PROFILES, profile_names
from lineage_lint.profiles.spec import _text_search, required_literal
from support import cli, codes, git_init, show, write


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def read(repo: Path, name: str, text: str) -> dict[str, Any]:
    write(repo, name, text)
    (record,) = show(repo, name)
    return record


def refs(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(d["ref"], d["pin"]) for d in record["datasets"]]


def test_every_profile_has_a_unique_name_and_documents_what_it_reads() -> None:
    assert len(set(profile_names())) == len(PROFILES)
    assert profile_names()[-1] == "generic"
    assert all(profile.spec.reads for profile in PROFILES)


TEXTS = [
    "", "\n", "base:\n  - recipes/a.yaml\n", "x: 1\nbase:\n - a.yml", "# @package _global_\nseed: 1\n",
    "  # @package x", "model:\n  _component_: torchtune.models.llama3\n", "_component_:  torchtune.x",
    "defaults:\n  - _self_\n  - override /data: mnist\n", "defaults:\n- model/small\n", "common:\n  seed: 1\n",
    " common: 1", "from detectron2.config import LazyCall as L\n", "x = LazyCall(f)\n", "from ..common.x import y\n",
    "with read_base():\n    from .a import *\n", "  with read_base():", "a-b: 1  # note\n", "a: 1\r\nb: 2\r\n",
]


def test_signature_text_search_agrees_with_a_multiline_search() -> None:
    """The fast text search of the signatures finds exactly what ``re.search(..., re.MULTILINE)`` finds."""
    patterns = {s.text for profile in PROFILES for s in profile.spec.signatures if s.text}
    assert len(patterns) >= 8
    examples = [*TEXTS, *(path.read_text(encoding="utf-8", errors="replace")
                          for path in sorted(Path(__file__).parents[1].glob("examples/**/*.*")))]
    for pattern in patterns:
        for text in examples:
            assert _text_search(pattern, text) == (re.search(pattern, text, re.MULTILINE) is not None), (pattern, text)


@pytest.mark.parametrize(("pattern", "text", "found"), [
    (r"a[]\s]b", "a]b", True),  # `]` first in a class is a literal; the class still holds `\s`
    (r"a[]\s]b", "a b", True),
    (r"a[^]\s]b", "a]b", False),
    (r"a[^]\s]b", "acb", True),
    (r"^x[\s\S]y", "x\ny", True),  # inside a class `\s` is left as written: any character
    (r"^k:\s*v", "k:\n v", False),  # outside one, whitespace within a line
    (r"^k:\s*v", "k:  v", True),
    (r"^[k]:\s*v", "k:\n v", False),  # ... after a class too
    (r"^[k]:\s*v", "k:\tv", True),
    (r"\Ax", "y\nx", False),
    (r"\Ax", "x", True),
    (r"^(?<!\n)x", "x", True),  # a lookbehind could see the newline put before the text: searched as written
    (r"^(?<!\n)x", "y\nx", False),
    (r"b:", "a: 1\nb: 2\n", True),
])
def test_a_signature_pattern_is_searched_line_by_line(pattern: str, text: str, found: bool) -> None:
    """Any signature text a profile declares is a multiline regex in which `\\s` outside a character class
    stays within a line; character classes, anchors and lookbehinds keep their meaning."""
    assert _text_search(pattern, text) is found


@pytest.mark.parametrize(("pattern", "literal"), [
    (r"^#\s*@package\s+\S", "@package"),
    (r"^\s*_component_:\s*torchtune\.", "_component_:"),
    (r"^\s*with read_base\(\):", "with read_base():"),  # an escaped character is itself
    (r"abc?def", "def"),  # a character made optional is not required: the run before it ends without it
    (r"foo{2}bar", "bar"),
    (r"a+bcd", "bcd"),
    (r"ab(c|d)efg", "efg"),  # an alternative inside a group: the text outside it is still required
    (r"(?:abcd)?efg", "efg"),
    (r"x[a-z(|]+yyy\.zz", "yyy.zz"),  # a class is skipped whole, whatever it holds
    (r"[]abcd]efg", "efg"),
    (r"abc|def", ""),  # alternatives at the top: no text is required
    (r"(?i)abcdef", ""),  # a flag could change what matches it
    (r"(?#a comment)abcdef", ""),
    (r"ab\scd", ""),  # shorter than 3 characters: not worth asking
])
def test_the_text_every_match_of_a_signature_pattern_contains(pattern: str, literal: str) -> None:
    """A file without that text is turned away before its pattern is searched for; it must be in every match."""
    assert required_literal(pattern) == literal
    for text in ("@package x", "abdef", "foofbar", "aabcd", "abdefg", "efg", "xq(yyy.zz", "]efg", "abc", "ABCDEF"):
        if re.search(pattern, text, re.MULTILINE):
            assert literal in text, (pattern, text)


# --- Hugging Face Trainer / TRL / alignment-handbook ------------------------------------------------------


def test_hf_model_revision_does_not_pin_the_dataset(repo: Path) -> None:
    record = read(repo, "recipes/sft/config.yaml", """
        model_name_or_path: HuggingFaceTB/SmolLM2-1.7B
        model_revision: main
        dataset_name: HuggingFaceTB/smoltalk
        dataset_config: all
        per_device_train_batch_size: 4
        seed: 42
    """)
    assert record["profile"] == "huggingface"
    assert record["seed"]["status"] == "declared"
    assert refs(record) == [("HuggingFaceTB/smoltalk", "none")]
    assert "LL201" in codes(record) and "LL202" not in codes(record)


def test_hf_missing_seed_names_the_trainer_default(repo: Path) -> None:
    record = read(repo, "train_configs/mntp.json",
                  '{"model_name_or_path": "m", "dataset_name": "wikitext", "dataset_config_name": '
                  '"wikitext-103-raw-v1", "per_device_train_batch_size": 8}')
    assert record["seed"]["status"] == "missing"
    assert record["seed"]["note"] == "HF Trainer seeds 42 when `seed` is absent"
    assert refs(record) == [("wikitext", "weak")]  # the config name names a release (v1)


def test_hf_dataset_mixture_and_data_seed(repo: Path) -> None:
    record = read(repo, "recipes/dpo.yaml", """
        model_name_or_path: m
        dataset_mixture:
          datasets:
            - id: HuggingFaceH4/ultrafeedback_binarized
              revision: 3949bf5f8c17c394422ccfab0c31ea9c20bdeb85
              split: train_prefs
          seed: 0
        data_seed: 7
        seed: 42
    """)
    assert refs(record) == [("HuggingFaceH4/ultrafeedback_binarized", "strong")]
    assert record["seed"]["key"] == "seed"
    assert {s["key"] for s in record["other_seeds"]} >= {"dataset_mixture.seed", "data_seed"}


def test_hf_legacy_dataset_mixer(repo: Path) -> None:
    record = read(repo, "recipes/qlora.yaml", """
        model_name_or_path: m
        dataset_mixer:
          HuggingFaceH4/ultrafeedback_binarized: 1.0
        seed: 42
    """)
    assert refs(record) == [("HuggingFaceH4/ultrafeedback_binarized", "none")]


# --- axolotl ---------------------------------------------------------------------------------------------


def test_axolotl_revision_pins_and_name_main_is_a_config_name(repo: Path) -> None:
    record = read(repo, "examples/qlora.yml", """
        base_model: meta-llama/Llama-3.2-1B
        datasets:
          - path: openai/gsm8k
            name: main
            type: alpaca
          - path: tatsu-lab/alpaca
            revision: dce01c9b08f87459cf36a430d809084718273017
        sequence_len: 2048
        seed: 42
        dataset_prepared_path: last_run_prepared
    """)
    assert record["profile"] == "axolotl"
    assert refs(record) == [("openai/gsm8k", "none"), ("tatsu-lab/alpaca", "strong")]


def test_axolotl_pretraining_dataset(repo: Path) -> None:
    record = read(repo, "pretrain.yaml", "base_model: Qwen/Qwen2.5-0.5B\nsequence_len: 2048\n"
                                         "pretraining_dataset:\n  - path: allenai/c4\n    name: en\n")
    assert refs(record) == [("allenai/c4", "none")]
    assert record["seed"]["status"] == "missing"


# --- LightningCLI -----------------------------------------------------------------------------------------


def test_lightning_seed_everything_true_beside_component_seeds(repo: Path) -> None:
    record = read(repo, "configs/train.yaml", """
        seed_everything: true
        trainer:
          max_epochs: 5
        model:
          class_path: acme.Model
          init_args:
            seed: 0
        data:
          class_path: acme.Data
          init_args:
            filenames: gs://bucket/cells_{0..3}.h5ad
          shuffle_seed: 0
    """)
    assert record["profile"] == "lightning"
    assert (record["seed"]["key"], record["seed"]["status"]) == ("seed_everything", "random")
    assert {s["key"] for s in record["other_seeds"]} == {"model.init_args.seed", "data.shuffle_seed"}
    assert refs(record) == [("gs://bucket/cells_{0..3}.h5ad", "none")]


def test_lightning_default_and_empty_data_path(repo: Path) -> None:
    record = read(repo, "fit.yml", "trainer:\n  max_epochs: 1\ndata:\n  class_path: acme.HCS\n  init_args:\n"
                                   "    data_path: null\n")
    assert record["seed"]["note"] == "Lightning draws a random seed when `seed_everything` is absent"
    assert record["dataset_pin"] == "no-reference"  # a data path left empty is supplied at run time


def test_lightning_data_module_class_chooses_the_dataset(repo: Path) -> None:
    record = read(repo, "fit.yml", "seed_everything: 3\ntrainer: {}\ndata:\n  class_path: litdata.Alpaca2k\n")
    assert refs(record) == [("litdata.Alpaca2k", "none")]


def test_lightning_data_section_holding_the_module_arguments_is_read(repo: Path) -> None:
    """``data:`` without ``class_path`` holds the data module's arguments (the class is given in code): a
    floating revision there is found, as in any data section."""
    record = read(repo, "fit.yml", "seed_everything: 3\ntrainer: {}\ndata:\n  name: acme/reviews\n  revision: main\n")
    assert record["profile"] == "lightning"
    assert refs(record) == [("acme/reviews", "floating")]
    pinned = read(repo, "pinned.yml", "seed_everything: 3\ntrainer: {}\ndata:\n  data_dir: data/x\n  version: v2\n")
    assert refs(pinned) == [("data/x", "weak")]


# --- torchtune, LitGPT ---------------------------------------------------------------------------------------


def test_torchtune_null_seed_and_builder_dataset(repo: Path) -> None:
    record = read(repo, "recipes/configs/lora.yaml", """
        output_dir: /tmp/out
        model:
          _component_: torchtune.models.llama3_2.lora_llama3_2_1b
        dataset:
          _component_: torchtune.datasets.alpaca_cleaned_dataset
        seed: null
    """)
    assert record["profile"] == "torchtune"
    assert record["seed"]["status"] == "random"
    assert refs(record) == [("torchtune.datasets.alpaca_cleaned_dataset", "none")]


def test_torchtune_source_with_revision(repo: Path) -> None:
    record = read(repo, "recipes/configs/multi.yaml", """
        model:
          _component_: torchtune.models.llama3_2_vision.lora
        datasets:
          - source: HuggingFaceM4/the_cauldron
            revision: v1.2
            _component_: torchtune.datasets.multimodal.the_cauldron_dataset
        seed: 3
    """)
    assert refs(record) == [("HuggingFaceM4/the_cauldron", "weak")]


def test_litgpt(repo: Path) -> None:
    record = read(repo, "config_hub/finetune/lora.yaml", """
        checkpoint_dir: checkpoints/microsoft/phi-2
        out_dir: out/finetune/lora
        data:
          class_path: litgpt.data.Alpaca2k
          init_args:
            seed: 42
        seed: 1337
    """)
    assert record["profile"] == "litgpt"
    assert (record["seed"]["key"], record["seed"]["value"]) == ("seed", 1337)
    assert refs(record) == [("litgpt.data.Alpaca2k", "none")]


# --- detectron2, Ultralytics, NeMo, fairseq --------------------------------------------------------------------


def test_detectron2_version_key_is_not_a_dataset_version(repo: Path) -> None:
    record = read(repo, "configs/Base-RCNN.yaml", """
        MODEL:
          META_ARCHITECTURE: GeneralizedRCNN
        DATASETS:
          TRAIN: ("coco_2017_train",)
          TEST: ("cityscapes_fine_val",)
        VERSION: 2
    """)
    assert record["profile"] == "detectron2"
    assert refs(record) == [("coco_2017_train", "weak"), ("cityscapes_fine_val", "none")]
    assert record["seed"]["note"] == "detectron2 draws a random seed when `SEED` is absent (-1)"


def test_detectron2_lazy_config_through_imports(repo: Path) -> None:
    write(repo, "configs/common/train.py", "train = dict(max_iter=90000, seed=7)\n")
    write(repo, "configs/common/data.py",
          "from detectron2.config import LazyCall as L\n"
          "dataloader = dict(train=L(build)(dataset=L(get)(names='coco_2017_train')))\n")
    record = read(repo, "configs/new/lsj.py", "from ..common.train import train\nfrom ..common.data import dataloader\n"
                                              "train.max_iter = 100\n")
    assert record["profile"] == "detectron2"
    assert (record["seed"]["status"], record["seed"]["from"]) == ("declared", "configs/common/train.py:1")
    assert refs(record) == [("coco_2017_train", "weak")]


def test_ultralytics_training_settings_default(repo: Path) -> None:
    record = read(repo, "cfg/train.yaml", "task: detect\nmode: train\nmodel: yolov8n.pt\ndata: coco.yaml\nimgsz: 640\n")
    assert record["profile"] == "ultralytics"
    assert record["seed"]["note"] == "Ultralytics seeds 0 when `seed` is absent"
    assert refs(record) == [("coco.yaml", "none")]


def test_ultralytics_roboflow_export_is_a_weakly_pinned_dataset_definition(repo: Path) -> None:
    record = read(repo, "data.yaml", """
        train: ../train/images
        val: ../valid/images
        nc: 2
        names: ['healthy', 'sick']
        roboflow:
          workspace: acme
          project: leaves
          version: 6
          url: https://universe.roboflow.com/acme/leaves/dataset/6
    """)
    assert record["role"] == "dataset-definition"
    assert refs(record) == [("../train/images", "weak")]
    assert "LL101" not in codes(record)


@pytest.mark.parametrize(("name", "text"), [
    # dataset-YAML keys (names, train, val) beside epochs and a learning rate: a training config
    ("train.yaml", "names: [cat, dog]\nnc: 2\ntrain: data/train\nval: data/val\nepochs: 100\nlr: 0.01\n"),
    # a `class_path: ...Data...` fragment's shape, but it sets the optimisation: launched to train
    ("fit.yaml", "class_path: mypkg.DataTrainer\ninit_args:\n  data_dir: data/x\n  max_epochs: 10\n"),
])
def test_a_training_config_cannot_pass_as_a_dataset_definition_or_fragment(repo: Path, name: str, text: str) -> None:
    """The role that frees a file from the seed rule is taken back when the file sets epochs, lr, optimizer."""
    record = read(repo, name, text)
    assert record["role"] == "training"
    assert "LL101" in codes(record)


def test_ultralytics_dataset_without_version(repo: Path) -> None:
    record = read(repo, "data.yaml", "path: .\ntrain: images/train\nval: images/val\nnames: {0: person}\n")
    assert record["dataset_pin"] == "none"


def test_nemo_model_seed_and_run_time_manifests(repo: Path) -> None:
    record = read(repo, "conf/megatron.yaml", """
        name: megatron_gpt
        trainer:
          devices: 8
        exp_manager:
          explicit_log_dir: null
        model:
          seed: 1234
          train_ds:
            manifest_filepath: ???
            seed: 5
    """)
    assert record["profile"] == "nemo"
    assert (record["seed"]["key"], record["seed"]["status"]) == ("model.seed", "declared")
    assert record["dataset_pin"] == "no-reference"


def test_fairseq_common_seed_default(repo: Path) -> None:
    record = read(repo, "config/base.yaml", """
        common:
          fp16: true
        task:
          _name: audio_pretraining
          data: /datasets/librispeech/raw
        model:
          _name: wav2vec2
    """)
    assert record["profile"] == "fairseq"
    assert record["seed"]["note"] == "fairseq seeds 1 when `common.seed` is absent"
    assert refs(record) == [("/datasets/librispeech/raw", "none")]


# --- Kedro, MLflow, Ludwig -------------------------------------------------------------------------------------


def test_kedro_catalog_versions(repo: Path) -> None:
    record = read(repo, "conf/base/catalog.yml", """
        companies:
          type: pandas.CSVDataset
          filepath: data/01_raw/companies.csv
          load_version: 2024-01-05T10.00.00.000Z
        model_input_table:
          type: pandas.ParquetDataset
          filepath: data/03_primary/model_input_table.pq
          versioned: true
    """)
    assert record["profile"] == "kedro-catalog"
    assert refs(record) == [("data/01_raw/companies.csv", "weak"), ("data/03_primary/model_input_table.pq", "floating")]
    assert record["role"] == "dataset-definition"


def test_kedro_parameters_and_logging(repo: Path) -> None:
    params = read(repo, "conf/base/parameters_data_science.yml",
                  "model_options:\n  test_size: 0.2\n  random_state: 3\n")
    assert (params["seed"]["key"], params["seed"]["status"]) == ("model_options.random_state", "declared")
    logging = read(repo, "conf/base/logging.yml",
                   "version: 1\nhandlers:\n  console:\n    class: logging.StreamHandler\n")
    assert logging["applicable"] is False
    assert logging["datasets"] == []  # `version: 1` is the dictConfig schema, not a dataset version
    # `loggers` and `version` beside training settings: a training config, not a dictConfig
    run = read(repo, "conf/base/run.yml", "version: 2\nloggers: [wandb]\nseed: null\nepochs: 10\n")
    assert (run["applicable"], run["seed"]["status"]) == (True, "random")
    assert "LL102" in codes(run)


def test_mlproject_parameters(repo: Path) -> None:
    record = read(repo, "MLproject", """
        name: tutorial
        entry_points:
          main:
            parameters:
              alpha: {type: float, default: 0.5}
              seed: {type: int, default: 17}
            command: "python train.py {alpha} {seed}"
    """)
    assert record["profile"] == "mlflow-project"
    assert (record["seed"]["status"], record["seed"]["value"]) == ("declared", 17)


def test_mlproject_is_not_identified_by_its_name_alone(repo: Path) -> None:
    record = read(repo, "MLproject", "name: x\nconda_env: conda.yaml\n")
    assert record["profile"] != "mlflow-project"


def test_ludwig_dataset_registry_sha256(repo: Path) -> None:
    record = read(repo, "ludwig/datasets/configs/titanic.yaml", """
        version: 1.0
        name: titanic
        kaggle_competition: titanic
        archive_filenames: titanic.zip
        sha256:
          titanic.zip: bb1bda464cc6819d412b41d34be69fd89d26b372dc24c09421c3dbca1b0dbe9f
    """)
    assert record["profile"] == "ludwig"
    assert refs(record) == [("titanic", "strong")]


def test_ludwig_model_config_has_no_seed_key(repo: Path) -> None:
    record = read(repo, "examples/config.yaml", "input_features:\n  - name: text\n    type: text\n"
                                                "output_features:\n  - name: label\n    type: category\n")
    assert "ludwig train --random_seed" in record["seed"]["note"]


# --- not training configs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [
    ("ds_config.json", '{"train_micro_batch_size_per_gpu": 4, "zero_optimization": {"stage": 2}, "fp16": {}}'),
    ("accelerate.yaml", "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_processes: 8\n"),
    ("ci.yml", "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"),
    ("environment.yml", "name: env\nchannels: [conda-forge]\ndependencies: [python=3.11]\n"),
])
def test_launcher_and_infrastructure_files_are_not_applicable(repo: Path, name: str, text: str) -> None:
    record = read(repo, name, text)
    assert record["profile"] == "not-a-training-config"
    assert record["applicable"] is False
    assert record["findings"] == []


def test_a_training_config_with_a_data_section_is_not_mistaken_for_deepspeed(repo: Path) -> None:
    record = read(repo, "bert_large.json", '{"name": "bing_bert_large", "bert_token_file": "bert-large-uncased", '
                                           '"data": {"mixed_seq_datasets": {"128": {"wiki": "format/128/wiki"}}}}')
    assert record["applicable"] is True
    assert refs(record) == [("format/128/wiki", "none")]


# --- placeholders, duplicates, forcing a profile ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["???", "<path-to-data>", "/path/to/data", "${oc.env:DATA_DIR}", "null"])
def test_placeholders_name_no_dataset(repo: Path, value: str) -> None:
    record = read(repo, "conf/main.yaml", f"defaults:\n  - _self_\nseed: 1\ndata:\n  data_dir: {value}\n")
    assert record["dataset_pin"] == "no-reference"


def test_partial_interpolation_is_a_reference(repo: Path) -> None:
    record = read(repo, "conf/main.yaml", "defaults:\n  - _self_\nseed: 1\ndata:\n"
                                          "  path: ${paths.root}/imagenet\npaths:\n  root: /data\n")
    assert refs(record) == [("${paths.root}/imagenet", "none")]


def test_duplicate_seed_keys_in_a_framework_config(repo: Path) -> None:
    record = read(repo, "recipes/sft.yaml", "model_name_or_path: m\nseed: 42\nper_device_train_batch_size: 1\n"
                                            "seed: null\n")
    assert "LL004" in codes(record)
    assert record["seed"]["status"] == "random"  # the loader keeps the last one, and so does the verdict


def test_configuration_forces_a_profile(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", '[profiles]\n"legacy/**" = "generic"\n')
    write(repo, "legacy/train.yaml", "seed_everything: 3\ntrainer:\n  max_epochs: 1\n")
    (record,) = show(repo, "legacy/train.yaml")
    assert record["profile"] == "generic"
    write(repo, ".lineage-lint.toml", '[profiles]\n"legacy/**" = "hydraa"\n')
    outcome = cli(repo, "show", "legacy/train.yaml")
    assert outcome.code == 2 and "unknown profile 'hydraa'" in outcome.err


def test_docs_profiles_page_is_current() -> None:
    from lineage_lint.profiles.docs import profiles_markdown
    from support import REPO

    assert (REPO / "docs" / "profiles.md").read_text(encoding="utf-8") == profiles_markdown(), (
        "docs/profiles.md is stale: run `lineage-lint profiles --format markdown > docs/profiles.md`"
    )


def test_profiles_command_lists_them_in_order(tmp_path: Path) -> None:
    outcome = cli(tmp_path, "profiles")
    assert outcome.code == 0
    assert [line.split()[0] for line in outcome.out.splitlines()] == profile_names()


@pytest.mark.parametrize(("name", "text"), [
    ("generation.yaml", "model:\n  _component_: torchtune.models.llama2.llama2_7b\nseed: 1234\n"
                        "prompt:\n  user: Tell me a joke.\nmax_new_tokens: 300\ntemperature: 0.6\n"),
    ("eval.yaml", "model:\n  _component_: torchtune.models.llama2.llama2_7b\ntasks: [truthfulqa_mc2]\nlimit: null\n"),
    ("predict.yaml", "model_name_or_path: m\nstage: sft\ndo_predict: true\neval_dataset: identity\ntemplate: llama3\n"),
])
def test_inference_and_evaluation_configs_are_not_applicable(repo: Path, name: str, text: str) -> None:
    record = read(repo, name, text)
    assert (record["profile"], record["applicable"]) == ("not-a-training-config", False)
    assert not [f for f in record["findings"] if f["severity"] == "error"]


def test_sampling_settings_beside_training_settings_are_a_training_config(repo: Path) -> None:
    record = read(repo, "grpo.yaml", "model_name_or_path: m\nlearning_rate: 1.0e-6\ntemperature: 0.7\n"
                                     "max_new_tokens: 512\ndataset_name: org/math\n")
    assert (record["profile"], record["applicable"]) == ("huggingface", True)


def test_ultralytics_training_args_follow_the_dataset_yaml(repo: Path) -> None:
    write(repo, "datasets/leaves.yaml", "path: ../datasets/leaves\ntrain: images/train\nval: images/val\n"
                                        "names: ['a']\nroboflow:\n  project: leaves\n  version: 3\n")
    record = read(repo, "train.yaml", "model: yolov8n.pt\ndata: datasets/leaves.yaml\nimgsz: 640\nseed: 0\n")
    assert refs(record) == [("../datasets/leaves", "weak")]
    assert record["datasets"][0]["from"] == "datasets/leaves.yaml:7"
    assert record["sources"] == ["train.yaml", "datasets/leaves.yaml"]
    builtin = read(repo, "other.yaml", "model: yolov8n.pt\ndata: coco8.yaml\nimgsz: 640\nseed: 0\n")
    assert refs(builtin) == [("coco8.yaml", "none")]  # an Ultralytics built-in, not a file of the repository
    assert "LL012" not in codes(builtin)
    # `/datasets/leaves.yaml` is the machine's file, not the repository's datasets/leaves.yaml
    absolute = read(repo, "abs.yaml", "model: yolov8n.pt\ndata: /datasets/leaves.yaml\nimgsz: 640\nseed: 0\n")
    assert refs(absolute) == [("/datasets/leaves.yaml", "none")]
    assert absolute["sources"] == ["abs.yaml"]


# --- files found among configs that are not training configs (whole repositories) ---------------------

NOT_TRAINING = [
    # Hydra's own group: output folders and logging
    ("hydra-runtime", "configs/hydra/default.yaml",
     "defaults:\n  - override hydra_logging: colorlog\nrun:\n  dir: logs/${now:%Y-%m-%d}\n"
     "job_logging:\n  handlers: {}\n"),
    ("hydra-runtime", "conf/settings.yaml", "hydra:\n  run:\n    dir: outputs\n"),
    # Python code beside configs
    ("python-module", "detectron2/config/compat.py",
     "import logging\n__all__ = ['upgrade_config']\n\ndef upgrade_config(cfg, to_version=None):\n    return cfg\n"),
    ("python-module", "detectron2/config/__init__.py",
     "from .compat import upgrade_config\nfrom .lazy import LazyCall, LazyConfig\n__all__ = ['LazyCall']\n"),
    # export, quantization, validation, merging, inference, evaluation: a task word or section, no training
    ("other-task", "examples/conf/megatron_gpt_ptq.yaml",
     "inference:\n  top_k: 0\ntrainer:\n  devices: 1\nmodel:\n  restore_from_path: x.nemo\n"
     "quantization:\n  algorithm: fp8\n"),
    ("other-task", "examples/conf/megatron_gpt_validate_config.yaml",
     "trainer:\n  devices: 1\n  max_steps: 100\ngpt_model_file: null\n"),
    ("other-task", "examples/merge_lora/qwen3_lora_sft.yaml",
     "model_name_or_path: Qwen/Qwen3-4B\nadapter_name_or_path: saves/lora\nexport_dir: saves/merged\n"),
    ("other-task", "config/eval_gpt2.py", "batch_size = 8\neval_iters = 500\neval_only = True\ninit_from = 'gpt2'\n"),
    # a hyper-parameter search space and a dataset download index
    ("search-space", "utils/loggers/comet/optimizer_config.json",
     '{"algorithm": "random", "parameters": {"lr0": {"type": "float", "min": 1e-5, "max": 0.1}}}'),
    ("dataset-index", "dataset-index.yml",
     "imagenet1k:\n  dataset: OpenDataLab/ImageNet-1K\n  download_root: data\n  script: tools/prep.sh\n"),
]


@pytest.mark.parametrize(("profile", "name", "text"), NOT_TRAINING, ids=[n for _, n, _ in NOT_TRAINING])
def test_files_that_are_not_training_configs_are_recognised_by_content(
        repo: Path, profile: str, name: str, text: str) -> None:
    record = read(repo, name, text)
    assert (record["profile"], record["applicable"], codes(record)) == (profile, False, [])
    assert cli(repo, "check", name).code == 0


STILL_TRAINING = [
    # a task word in the name, but it trains: an optimizer, a learning rate, a SOLVER, a base it extends
    ("configs/export_then_train.yaml", "optimizer:\n  lr: 0.1\nexport:\n  onnx: true\n", "LL101"),
    ("configs/quick_schedules/mask_rcnn_instant_test.yaml",
     "_BASE_: ../Base-RCNN.yaml\nSOLVER:\n  BASE_LR: 0.005\n  MAX_ITER: 40\n"
     "DATASETS:\n  TRAIN: ('coco_2017_val_100',)\n",
     "LL104"),  # its base is absent here: the seed it could set is unresolved
    ("configs/merge/eval_and_tune.yaml", "model:\n  optim:\n    lr: 0.001\n", "LL101"),
    # a Python config defining a helper is still a config when it binds config names
    ("configs/lr_sched.py", "def decay(epoch):\n    return 0.1 ** epoch\n\nlr = 0.1\nepochs = 3\n", "LL101"),
]


@pytest.mark.parametrize(("name", "text", "code"), STILL_TRAINING, ids=[n for n, _, _ in STILL_TRAINING])
def test_a_task_word_or_a_function_does_not_hide_a_training_config(repo: Path, name: str, text: str, code: str) -> None:
    record = read(repo, name, text)
    assert record["applicable"] is True and record["role"] == "training"
    assert code in codes(record)


EMPTY_ON_PURPOSE = [
    ("configs/__init__.py", "", "package"),
    ("torchtune/config/_errors.py", "# Copyright\n\nclass ConfigError(Exception):\n    pass\n",
     "classes"),
    ("conf/tp_overlap/ub_cfg_a100.yaml", "# dummy file to build hydra configs\n", "placeholder"),
]


@pytest.mark.parametrize(("name", "text", "why"), EMPTY_ON_PURPOSE, ids=[n for n, _, _ in EMPTY_ON_PURPOSE])
def test_files_empty_on_purpose_are_not_failures(repo: Path, name: str, text: str, why: str) -> None:
    record = read(repo, name, text)
    assert (record["applicable"], codes(record)) == (False, [])
    assert why in record["reason"]
    assert cli(repo, "check", name).code == 0


def test_an_empty_option_of_a_hydra_group_is_not_a_failure_but_a_blank_config_is(repo: Path) -> None:
    write(repo, "configs/train.yaml", "defaults:\n  - callbacks: none\n  - _self_\nseed: 1\n")
    write(repo, "configs/callbacks/none.yaml", "")
    write(repo, "configs/other/blank.yaml", "")
    write(repo, "configs/todo.yaml", "# TODO: seed and datasets\n")
    option, blank, todo = show(repo, "configs/callbacks/none.yaml", "configs/other/blank.yaml", "configs/todo.yaml")
    assert (option["applicable"], codes(option)) == (False, [])
    assert "Hydra config group `callbacks`" in option["reason"]
    assert codes(blank) == ["LL003"] and codes(todo) == ["LL003"]


def test_axolotl_missing_seed_names_the_implicit_42(repo: Path) -> None:
    record = read(repo, "examples/qlora.yml", "base_model: x\ndatasets:\n  - path: tatsu-lab/alpaca\nsequence_len: 8\n")
    assert record["seed"]["status"] == "missing"
    assert "axolotl seeds 42" in record["seed"]["note"] and "implicit" in record["seed"]["note"]
    (finding,) = [f for f in record["findings"] if f["code"] == "LL101"]
    assert "axolotl seeds 42" in finding["message"]


_NEMO = """\
name: QuartzNet15x5
model:
  train_ds:
    manifest_filepath: ???
    batch_size: 32
  validation_ds:
    manifest_filepath: ${val_manifest}
trainer:
  max_epochs: 5
exp_manager:
  seed: 3
val_manifest: ???
"""


def test_nemo_datasets_supplied_at_launch_are_shown_and_strict_refuses_them(repo: Path) -> None:
    record = read(repo, "examples/asr/conf/quartznet.yaml", _NEMO)
    assert record["dataset_pin"] == "no-reference" and record["datasets"] == []
    assert record["supplied_at_launch"] == [
        {"key": "model.train_ds.manifest_filepath", "value": "???", "from": "examples/asr/conf/quartznet.yaml:4"},
        {"key": "model.validation_ds.manifest_filepath", "value": "???", "from": "examples/asr/conf/quartznet.yaml:12"},
    ]
    assert cli(repo, "check", "examples/asr/conf/quartznet.yaml").code == 0  # the default policy only shows it
    text = cli(repo, "show", "examples/asr/conf/quartznet.yaml").out
    assert "at launch    model.train_ds.manifest_filepath = ???" in text
    (strict,) = show(repo, "examples/asr/conf/quartznet.yaml", extra=("--policy", "strict"))
    launch = [(f["line"], f["column"], f["message"]) for f in strict["findings"] if f["code"] == "LL206"]
    assert launch == [
        (4, 24, "dataset field `model.train_ds.manifest_filepath` is left to the launch command (`???`): the config "
                "does not say which data"),
        (12, 15, "dataset field `model.validation_ds.manifest_filepath` is left to the launch command (`???`): the "
                 "config does not say which data"),
    ]


@pytest.mark.parametrize(("name", "text"), [
    ("train.json", '{"seed": 1, "data": {"train_file": "\\u003f\\u003f?"}}'),
    ("train.yaml", 'seed: 1\ndata:\n  train_file: "\\x3f??"\n'),
    ("train.toml", 'seed = 1\n[data]\ntrain_file = "\\u0024{oc.env:TRAIN_FILE}"\n'),
])
def test_a_launch_slot_spelled_through_an_escape_is_found(repo: Path, name: str, text: str) -> None:
    """Files are walked for launch slots only when their text may hold one: an escape may spell `???` or `${`."""
    record = read(repo, name, text)
    assert [slot["key"] for slot in record["supplied_at_launch"]] == ["data.train_file"], record


def test_hydra_runtime_needs_every_top_level_key_to_be_hydras(repo: Path) -> None:
    # `run.dir` beside the run's own settings, outside the `hydra` group: a training config, judged as one
    record = read(repo, "configs/train.yaml", "defaults:\n  - data: mnist\nrun:\n  dir: outputs\nseed: null\n")
    assert record["profile"] != "hydra-runtime" and record["applicable"] is True
    assert "LL102" in codes(record)


def test_a_data_config_that_cannot_be_read_is_an_unpinned_dataset_that_says_so(repo: Path) -> None:
    """An MMEngine `_base_` dataset file missing from the repository: the run trains on data nobody can inspect."""
    write(repo, "configs/r50.py", "_base_ = ['../_base_/datasets/coco_detection.py']\nrandomness = dict(seed=1)\n"
                                  "model = dict(type='FasterRCNN')\n")
    (record,) = show(repo, "configs/r50.py")
    assert record["profile"] == "mmengine"
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in record["findings"]] == [
        ("LL012", 1, 11, "base config _base_/datasets/coco_detection.py could not be read: no such file in the "
                         "repository"),
        ("LL201", 1, 11, "dataset `_base_/datasets/coco_detection.py` ((data config)) has no version, revision or "
                         "digest; its definition could not be read")]


LLAMA_FACTORY = ("model_name_or_path: meta-llama/Llama-3-8B\nstage: sft\ndo_train: true\nseed: 1\ndataset: {}\n"
                 "template: llama3\nfinetuning_type: lora\n")


def test_llama_factory_dataset_list_reads_names_not_numbers(repo: Path) -> None:
    write(repo, "sft.yaml", LLAMA_FACTORY.format("[alpaca_en_demo, 3]"))
    (record,) = show(repo, "sft.yaml")
    assert record["profile"] == "llama-factory"
    assert [(d["key"], d["ref"], d["from"]) for d in record["datasets"]] == [
        ("dataset", "alpaca_en_demo", "sft.yaml:5")]
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == [("LL201", 5, 11)]


def test_llama_factory_a_launch_slot_in_the_dataset_list_leaves_the_names_after_it_read(repo: Path) -> None:
    write(repo, "sft.yaml", LLAMA_FACTORY.format('["???", alpaca_en_demo]'))
    (record,) = show(repo, "sft.yaml", extra=("--policy", "strict"))
    assert record["supplied_at_launch"] == [{"key": "dataset", "value": "???", "from": "sft.yaml:5"}]
    assert [(d["key"], d["ref"]) for d in record["datasets"]] == [("dataset", "alpaca_en_demo")]
    assert [(f["code"], f["line"], f["column"]) for f in record["findings"]] == [("LL206", 5, 11), ("LL201", 5, 18)]


def test_an_mlflow_project_without_seed_data_or_training_settings_is_not_a_training_config(repo: Path) -> None:
    write(repo, "MLproject", 'name: churn\nentry_points:\n  main:\n    command: "python train.py"\n')
    (record,) = show(repo, "MLproject")
    assert (record["profile"], record["applicable"], record["reason"], record["findings"]) == (
        "mlflow-project", False, "no seed, dataset or training settings: not a training config", [])


def test_hydra_generic_search_keeps_datasets_after_one_the_profile_read(repo: Path) -> None:
    # `data.path` is read by the profile's own keys (and found again by the generic search, then skipped);
    # `eval.path`, after it, is the generic search's alone and must still be judged
    record = read(repo, "train.yaml", "defaults:\n  - _self_\nseed: 1\ndata:\n  path: s3://acme/train.parquet\n"
                                      "  version: v3\neval:\n  path: s3://acme/eval.parquet\n")
    assert record["profile"] == "hydra"
    assert [(d["key"], d["ref"], d["pin"], d["from"]) for d in record["datasets"]] == [
        ("data.path", "s3://acme/train.parquet", "weak", "train.yaml:6"),
        ("eval.path", "s3://acme/eval.parquet", "none", "train.yaml:8")]
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in record["findings"]] == [
        ("LL201", 8, 9, "dataset `s3://acme/eval.parquet` (eval.path) has no version, revision or digest")]


def test_hydra_package_file_whose_root_is_a_list_is_read_not_crashed_on(repo: Path) -> None:
    record = read(repo, "conf/items.yaml", "# @package _global_\n- a\n- b\n")
    assert (record["profile"], record["applicable"], record["reason"]) == \
        ("hydra", False, "no seed, dataset or training settings: not a training config")
    assert record["findings"] == []
