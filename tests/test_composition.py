"""Composition: bases, overlays and params files are read (inside the repository only) before judging."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from lineage_lint.config import Settings
from lineage_lint.engine import Engine
from lineage_lint.profiles.context import Loader
from lineage_lint.sources import parse_text
from support import cli, codes, git_init, show, write


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def one(repo: Path, path: str) -> dict[str, Any]:
    (record,) = show(repo, path)
    return record


# --- MMEngine ---------------------------------------------------------------------------------------


def test_mmengine_seed_inherited_from_a_base_reports_the_base_line(repo: Path) -> None:
    write(repo, "configs/_base_/default_runtime.py", "default_scope = 'mmpretrain'\nrandomness = dict(seed=None)\n")
    write(repo, "configs/_base_/datasets/in1k.py",
          "train_dataloader = dict(dataset=dict(type='ImageNet', data_root='data/imagenet'))\n")
    write(repo, "configs/resnet/r50.py",
          "_base_ = ['../_base_/datasets/in1k.py', '../_base_/default_runtime.py']\noptim_wrapper = dict(lr=0.1)\n")
    record = one(repo, "configs/resnet/r50.py")
    assert record["profile"] == "mmengine"
    assert record["seed"]["status"] == "random"
    assert record["seed"]["from"] == "configs/_base_/default_runtime.py:2"
    assert record["datasets"][0]["from"] == "configs/_base_/datasets/in1k.py:1"
    assert record["sources"] == ["configs/resnet/r50.py", "configs/_base_/datasets/in1k.py",
                                 "configs/_base_/default_runtime.py"]
    seed_finding = next(f for f in record["findings"] if f["code"] == "LL102")
    # shown at the base that set it (the second `_base_` item), naming where the value was set
    assert (seed_finding["line"], seed_finding["column"]) == (1, 41)
    assert "set in configs/_base_/default_runtime.py:2" in seed_finding["message"]


def test_mmengine_child_overrides_the_base(repo: Path) -> None:
    write(repo, "configs/_base_/default_runtime.py", "randomness = dict(seed=None, deterministic=False)\n")
    write(repo, "configs/exp.py", "_base_ = '../configs/_base_/default_runtime.py'\nrandomness = dict(seed=0)\n")
    record = one(repo, "configs/exp.py")
    assert (record["seed"]["status"], record["seed"]["from"]) == ("declared", "configs/exp.py:2")


def test_mmengine_read_base_then_update(repo: Path) -> None:
    write(repo, "cfg/_base_/default_runtime.py", "randomness = dict(seed=None)\n")
    write(repo, "cfg/mae/mae.py", """
        from mmengine.config import read_base

        with read_base():
            from .._base_.default_runtime import *

        randomness.update(seed=3)
    """)
    record = one(repo, "cfg/mae/mae.py")
    assert record["seed"] == {"status": "declared", "key": "randomness.seed", "value": 3, "from": "cfg/mae/mae.py:6"}
    assert record["sources"] == ["cfg/mae/mae.py", "cfg/_base_/default_runtime.py"]


def test_a_star_import_from_an_unreadable_base_names_it_as_the_seed_s_unknown(repo: Path) -> None:
    """A missing base may set any name: the seed is unresolved at that import, which the message names
    (never `missing`, never the value set before it)."""
    write(repo, "cfg/mae/mae.py", """
        from mmengine.config import read_base

        randomness = dict(seed=3)
        with read_base():
            from .._base_.schedules.gone import *
    """)
    outcome = cli(repo, "check", "cfg/mae/mae.py")
    assert outcome.code == 1
    seed = [line for line in outcome.out.splitlines() if " LL104 " in line]
    assert seed == ["cfg/mae/mae.py:5:5: LL104 run seed `randomness.seed` could not be resolved: computed by an "
                    "expression: may be set at line 5 by `from .._base_.schedules.gone import *`, whose config file "
                    "could not be read [seed-unresolved]"]


def test_mmengine_base_variable_references_take_the_base_value(repo: Path) -> None:
    """`{{_base_.randomness.seed}}` is the value the bases set there (MMEngine substitutes it), from their line."""
    write(repo, "cfg/_base_/rt.py", "randomness = dict(seed=5)\ndata_root = 'data/coco'\n")
    write(repo, "cfg/ref.py", "_base_ = ['_base_/rt.py']\nrandomness = dict(seed={{_base_.randomness.seed}})\n"
                              "train_dataloader = dict(dataset=dict(data_root={{_base_.data_root}}))\n")
    write(repo, "cfg/ref.yaml", "_base_: _base_/rt.py\nrandomness:\n  seed: '{{_base_.randomness.seed}}'\n")
    write(repo, "cfg/gone.py", "_base_ = ['_base_/rt.py']\nrandomness = dict(seed={{_base_.nowhere}})\n")
    python, yaml, gone = show(repo, "cfg/ref.py", "cfg/ref.yaml", "cfg/gone.py")
    for record in (python, yaml):
        assert (record["seed"]["status"], record["seed"]["value"]) == ("declared", 5)
        assert record["seed"]["from"] == "cfg/_base_/rt.py:1"
    assert [d["ref"] for d in python["datasets"]] == ["data/coco"]
    assert gone["seed"]["status"] == "unresolved"  # a reference the bases do not set is not a value


def test_mmengine_without_randomness_names_the_framework_default(repo: Path) -> None:
    write(repo, "configs/exp.py", "default_scope = 'mmdet'\ntrain_cfg = dict(max_epochs=12)\n")
    seed = one(repo, "configs/exp.py")["seed"]
    assert seed["status"] == "missing"
    assert "MMEngine draws a random seed" in seed["note"]


# --- missing bases and cycles --------------------------------------------------------------------------


def test_missing_base_makes_the_seed_unresolved_never_missing(repo: Path) -> None:
    write(repo, "configs/mask_rcnn.yaml", "_BASE_: ../Base-RCNN-FPN.yaml\nSOLVER:\n  BASE_LR: 0.02\n")
    record = one(repo, "configs/mask_rcnn.yaml")
    assert record["seed"]["status"] == "unresolved"
    assert "Base-RCNN-FPN.yaml" in record["seed"]["note"]
    (missing,) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert "Base-RCNN-FPN.yaml" in missing["message"]
    assert missing["line"] == 1
    assert "LL104" in codes(record) and "LL101" not in codes(record)


def test_missing_base_that_cannot_hold_the_seed_leaves_it_missing(repo: Path) -> None:
    write(repo, "configs/common/train.py", "train = dict(max_iter=100)\n")
    write(repo, "configs/lsj.py", "from ..configs.common.train import train\nfrom .common.optim import SGD\n")
    record = one(repo, "configs/lsj.py")
    # only `SGD` could have come from the missing optim.py; the seed lives in `train.seed`
    assert record["seed"]["status"] == "missing"
    assert "LL012" in codes(record)


def test_base_outside_the_repository_is_not_read(repo: Path, tmp_path: Path) -> None:
    write(tmp_path, "outside.yaml", "SEED: 3\n")
    write(repo, "configs/x.yaml", "_BASE_: ../../outside.yaml\nMODEL:\n  META_ARCHITECTURE: RCNN\n")
    record = one(repo, "configs/x.yaml")
    assert record["seed"]["status"] == "unresolved"
    assert any("outside the repository" in f["message"] for f in record["findings"] if f["code"] == "LL012")


def test_an_absolute_base_is_a_path_of_the_machine(repo: Path) -> None:
    """`_base_ = '/etc/x.py'` names /etc/x.py (not <repo>/etc/x.py): outside, so not read; an absolute path
    into the repository is followed."""
    write(repo, "etc/x.py", "randomness = dict(seed=1)\n")  # a decoy the reference does not name
    write(repo, "cfg/abs.py", "_base_ = ['/etc/x.py']\ndefault_scope = 'x'\n")
    write(repo, "cfg/inside.py", f"_base_ = ['{repo / 'etc' / 'x.py'}']\ndefault_scope = 'x'\n")
    outside, inside = show(repo, "cfg/abs.py", "cfg/inside.py")
    assert outside["seed"]["status"] == "unresolved"
    (finding,) = [f for f in outside["findings"] if f["code"] == "LL012"]
    assert "/etc/x.py lies outside the repository" in finding["message"]
    assert (inside["seed"]["status"], inside["seed"]["from"]) == ("declared", "etc/x.py:1")


def test_symlinked_base_inside_the_repository_is_followed(repo: Path) -> None:
    write(repo, "shared/base.yaml", "SEED: 11\n")
    (repo / "configs").mkdir()
    os.symlink("../shared/base.yaml", repo / "configs" / "base.yaml")
    write(repo, "configs/x.yaml", "_BASE_: base.yaml\nSOLVER:\n  BASE_LR: 0.1\n")
    record = one(repo, "configs/x.yaml")
    assert (record["seed"]["status"], record["seed"]["value"]) == ("declared", 11)


def test_symlinked_base_leaving_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    write(tmp_path, "secret.yaml", "SEED: 1\n")
    (repo / "configs").mkdir()
    os.symlink(tmp_path / "secret.yaml", repo / "configs" / "base.yaml")
    write(repo, "configs/x.yaml", "_BASE_: base.yaml\nSOLVER:\n  BASE_LR: 0.1\n")
    record = one(repo, "configs/x.yaml")
    assert record["seed"]["status"] == "unresolved"
    assert any("outside the repository root" in f["message"] for f in record["findings"])


def test_cycles_are_reported_not_followed(repo: Path) -> None:
    write(repo, "configs/a.yaml", "_BASE_: b.yaml\nSOLVER:\n  BASE_LR: 0.1\n")
    write(repo, "configs/b.yaml", "_BASE_: a.yaml\nSEED: 4\n")
    record = one(repo, "configs/a.yaml")
    (cycle,) = [f for f in record["findings"] if f["code"] == "LL013"]
    assert "configs/a.yaml -> configs/b.yaml -> configs/a.yaml" in cycle["message"]
    assert record["seed"]["value"] == 4  # what could be read is still used


def test_a_shared_base_is_read_once_per_run(repo: Path) -> None:
    write(repo, "configs/_base_/runtime.py", "randomness = dict(seed=1)\n")
    for name in "abc":
        write(repo, f"configs/{name}.py", f"_base_ = ['_base_/runtime.py']\nlr_{name} = 0.1\n")
    engine = Engine(Settings(base_dir=repo, root=repo))
    from lineage_lint.discover import Target

    results = [engine.check(Target(repo / "configs" / f"{name}.py", f"configs/{name}.py")) for name in "abc"]
    assert all(r.record is not None and r.record.seed.status == "declared" for r in results)
    assert engine.loader.reads == 1


def test_check_document_with_a_loader_from_another_commit(repo: Path) -> None:
    """The gate judges `git show COMMIT:PATH`; a loader with its own reader takes the bases from there."""
    engine = Engine(Settings(base_dir=repo, root=repo))
    committed = {"configs/_base_/runtime.py": "randomness = dict(seed=21)\n"}

    def read(path: Path) -> str:
        return committed[path.relative_to(repo).as_posix()]

    document = parse_text("_base_ = ['_base_/runtime.py']\n", "python", "configs/exp.py")
    result = engine.check_document(document, engine.locate(repo / "configs" / "exp.py"), Loader(repo, read=read))
    assert result.record is not None
    assert (result.record.seed.status, result.record.seed.value) == ("declared", 21)
    assert result.record.sources == ["configs/exp.py", "configs/_base_/runtime.py"]
    # without the loader, the working tree is read (where the base does not exist)
    plain = engine.check_document(document, engine.locate(repo / "configs" / "exp.py"))
    assert plain.record is not None and plain.record.seed.status == "unresolved"


# --- VisCy-style base lists ------------------------------------------------------------------------------


def test_base_list_of_recipes(repo: Path) -> None:
    write(repo, "configs/recipes/trainer/fit.yml", "seed_everything: 42\ntrainer:\n  max_epochs: 5\n")
    write(repo, "configs/recipes/data/hcs.yml",
          "data:\n  class_path: viscy.HCSDataModule\n  init_args:\n    data_path: /hpc/datasets/hcs.zarr\n")
    write(repo, "configs/fnet/fit.yml", """
        base:
          - ../recipes/trainer/fit.yml
          - ../recipes/data/hcs.yml
        trainer:
          max_epochs: 200
    """)
    record = one(repo, "configs/fnet/fit.yml")
    assert record["profile"] == "lightning"
    assert record["seed"] == {"status": "declared", "key": "seed_everything", "value": 42,
                              "from": "configs/recipes/trainer/fit.yml:1"}
    assert record["datasets"][0]["from"] == "configs/recipes/data/hcs.yml:4"


def test_base_as_a_plain_setting_is_not_composition(repo: Path) -> None:
    record = one(repo, write(repo, "params.yaml", "base:\n  random_seed: 42\ntrain:\n  lr: 0.1\n").name)
    assert record["sources"] == ["params.yaml"]
    assert (record["seed"]["key"], record["seed"]["value"]) == ("base.random_seed", 42)


# --- Hydra -----------------------------------------------------------------------------------------------

PRIMARY = """
    # @package _global_
    defaults:
      - _self_
      - data: mnist
      - trainer: default
      - optional local: default
      - logger: null
      - experiment: null

    seed: null
    task_name: train
"""


def hydra_repo(repo: Path) -> Path:
    write(repo, "configs/train.yaml", PRIMARY)
    write(repo, "configs/data/mnist.yaml", "_target_: src.data.MNISTDataModule\ndata_dir: ${paths.data_dir}\n")
    write(repo, "configs/data/cifar.yaml", "_target_: src.data.CIFAR\ndata_dir: data/cifar-10@v1.0\n")
    write(repo, "configs/paths/default.yaml", "data_dir: data/\n")
    write(repo, "configs/trainer/default.yaml", "max_epochs: 10\n")
    write(repo, "configs/experiment/cifar.yaml", """
        # @package _global_
        defaults:
          - override /data: cifar

        seed: 12345
        trainer:
          max_epochs: 20
    """)
    return repo


def test_hydra_primary_with_null_seed_is_random(repo: Path) -> None:
    record = one(hydra_repo(repo), "configs/train.yaml")
    assert record["profile"] == "hydra"
    assert (record["seed"]["status"], record["seed"]["from"]) == ("random", "configs/train.yaml:10")
    assert "configs/data/mnist.yaml" in record["sources"]
    assert "LL012" not in codes(record)  # `optional local` may be absent; `null` loads nothing


def test_hydra_experiment_overlay_supplies_the_seed(repo: Path) -> None:
    """The trap: `seed: null` in the primary, the real seed in an experiment overlay."""
    record = one(hydra_repo(repo), "configs/experiment/cifar.yaml")
    assert record["seed"] == {"status": "declared", "key": "seed", "value": 12345,
                              "from": "configs/experiment/cifar.yaml:5"}
    # the overlay's `override /data: cifar` replaced the primary's choice
    assert [d["ref"] for d in record["datasets"]] == ["data/cifar-10"]
    assert record["datasets"][0]["from"].startswith("configs/data/cifar.yaml:")
    assert record["sources"][:2] == ["configs/experiment/cifar.yaml", "configs/train.yaml"]
    assert "configs/data/mnist.yaml" not in record["sources"]


def test_hydra_group_option_is_a_fragment(repo: Path) -> None:
    record = one(hydra_repo(repo), "configs/data/cifar.yaml")
    assert record["role"] == "fragment"
    assert "LL101" not in codes(record)  # its seed is the primary config's business


def test_hydra_self_ordering(repo: Path) -> None:
    write(repo, "conf/extras/seeded.yaml", "# @package _global_\nseed: 5\n")
    write(repo, "conf/first.yaml", "defaults:\n  - _self_\n  - extras: seeded\nseed: 1\n")
    write(repo, "conf/last.yaml", "defaults:\n  - extras: seeded\nseed: 1\n")
    first, last = show(repo, "conf/first.yaml", "conf/last.yaml")
    assert (first["seed"]["value"], first["seed"]["from"]) == (5, "conf/extras/seeded.yaml:2")
    assert (last["seed"]["value"], last["seed"]["from"]) == (1, "conf/last.yaml:3")


def test_hydra_group_package_and_interpolation(repo: Path) -> None:
    write(repo, "conf/run/fixed.yaml", "seed: 77\n")
    write(repo, "conf/main.yaml", "defaults:\n  - run: fixed\n  - _self_\nseed: ${run.seed}\n")
    seed = one(repo, "conf/main.yaml")["seed"]
    assert (seed["status"], seed["value"]) == ("declared", "${run.seed}")
    assert seed["from"] == "conf/run/fixed.yaml:1"


def test_hydra_packages_of_group_options(repo: Path) -> None:
    """`group@_global_` puts an option at the top, `group@pkg` under `pkg`, and `# @package _group_.x` under
    the (nested) group's path, then `x`."""
    write(repo, "conf/run/fixed.yaml", "seed: 77\n")
    write(repo, "conf/model/enc/small.yaml", "# @package _group_.opts\nseed: 9\n")
    write(repo, "conf/top.yaml", "defaults:\n  - run@_global_: fixed\n  - _self_\nlr: 0.1\n")
    write(repo, "conf/placed.yaml", "defaults:\n  - run@trainer: fixed\n  - model/enc: small\n  - _self_\nseed: 1\n")
    top, placed = show(repo, "conf/top.yaml", "conf/placed.yaml")
    assert (top["seed"]["status"], top["seed"]["value"], top["seed"]["from"]) == ("declared", 77,
                                                                                  "conf/run/fixed.yaml:1")
    assert (placed["seed"]["value"], placed["seed"]["from"]) == (1, "conf/placed.yaml:5")
    assert [(seed["key"], seed["from"]) for seed in placed["other_seeds"]] == [
        ("trainer.seed", "conf/run/fixed.yaml:1"), ("model.enc.opts.seed", "conf/model/enc/small.yaml:2")]


def test_hydra_env_and_run_time_values(repo: Path) -> None:
    write(repo, "conf/env.yaml", "defaults:\n  - _self_\nseed: ${oc.env:SEED,42}\n")
    write(repo, "conf/later.yaml", "defaults:\n  - _self_\nseed: ???\n")
    env, later = show(repo, "conf/env.yaml", "conf/later.yaml")
    assert env["seed"]["status"] == "env"
    assert later["seed"]["status"] == "missing"


def test_hydra_plain_config_with_a_group_path_goes_to_its_group_package(repo: Path) -> None:
    """`- model/small` loads `model/small.yaml` under `model`, as Hydra does: its `seed` is the model's."""
    write(repo, "conf/model/small.yaml", "_target_: src.Net\nseed: 99\n")
    write(repo, "conf/model/big.yaml", "_target_: src.Net\nseed: 7\n")
    write(repo, "conf/main.yaml", "defaults:\n  - _self_\n  - model/small\n  - /model/big@teacher\nseed: 12\n")
    record = one(repo, "conf/main.yaml")
    assert (record["seed"]["value"], record["seed"]["from"]) == (12, "conf/main.yaml:5")
    others = {seed["key"]: seed["from"] for seed in record["other_seeds"]}
    assert others == {"model.seed": "conf/model/small.yaml:2", "teacher.seed": "conf/model/big.yaml:2"}


def test_hydra_primary_overriding_hydra_groups_is_not_an_overlay(repo: Path) -> None:
    """`override hydra/job_logging: ...` (Hydra's own, packaged groups) in a primary config: still a primary."""
    write(repo, "configs/data/mnist.yaml", "_target_: src.data.MNIST\ndata_dir: data/mnist@v1\n")
    write(repo, "configs/train.yaml", """
        defaults:
          - _self_
          - data: mnist
          - override hydra/job_logging: disabled
          - override /hydra/launcher: submitit_slurm

        seed: 12
    """)
    record = one(repo, "configs/train.yaml")
    assert (record["seed"]["status"], record["seed"]["from"]) == ("declared", "configs/train.yaml:7")
    assert [(d["key"], d["pin"]) for d in record["datasets"]] == [("data.data_dir", "weak")]
    assert "LL012" not in codes(record)


def test_hydra_overlay_without_primary_looks_for_its_groups_inside_the_repository_only(repo: Path) -> None:
    """`override /tmp: x` with no `tmp/` group in the repository: the machine's /tmp is not the config folder."""
    write(repo, "configs/experiment/x.yaml", "# @package _global_\ndefaults:\n  - override /tmp: cifar\nseed: 3\n")
    record = one(repo, "configs/experiment/x.yaml")
    (missing,) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert "configs/tmp/cifar.yaml could not be read" in missing["message"]


def test_hydra_missing_group_option(repo: Path) -> None:
    write(repo, "conf/main.yaml", "defaults:\n  - _self_\n  - model: resnet\nseed: 3\n")
    record = one(repo, "conf/main.yaml")
    assert record["seed"]["status"] == "declared"  # set by the file itself; the missing file cannot undo that
    (missing,) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert "conf/model/resnet.yaml" in missing["message"]


def test_hydra_missing_data_group_is_an_unpinned_dataset(repo: Path) -> None:
    write(repo, "conf/main.yaml", "defaults:\n  - _self_\n  - data: imagenet\nseed: 3\n")
    record = one(repo, "conf/main.yaml")
    assert [(d["ref"], d["pin"]) for d in record["datasets"]] == [("conf/data/imagenet.yaml", "none")]


# --- DVC ---------------------------------------------------------------------------------------------------


def test_dvc_pipeline_seed_comes_from_params(repo: Path) -> None:
    write(repo, "params.yaml", "prepare:\n  split: 0.2\n  seed: 20170428\ntrain:\n  n_est: 50\n")
    write(repo, "dvc.yaml", """
        stages:
          prepare:
            cmd: python src/prepare.py data/data.xml
            deps:
              - data/data.xml
              - src/prepare.py
            params:
              - prepare.seed
              - prepare.split
            outs:
              - data/prepared
    """)
    record = one(repo, "dvc.yaml")
    assert record["profile"] == "dvc-pipeline"
    assert record["seed"] == {"status": "declared", "key": "prepare.seed", "value": 20170428,
                              "from": "params.yaml:3"}
    assert record["sources"] == ["dvc.yaml", "params.yaml"]
    assert [(d["ref"], d["pin"]) for d in record["datasets"]] == [("data/data.xml", "none")]  # code deps skipped


def test_dvc_lock_md5_is_a_strong_pin(repo: Path) -> None:
    write(repo, "dvc.lock", """
        schema: '2.0'
        stages:
          train:
            cmd: python src/train.py
            deps:
            - path: data/features
              hash: md5
              md5: f35d4cc2c552ac959ae602162b8543f3.dir
            params:
              params.yaml:
                train.seed: 7
    """)
    record = one(repo, "dvc.lock")
    assert (record["dataset_pin"], record["role"]) == ("strong", "dataset-definition")
    assert (record["seed"]["status"], record["seed"]["value"]) == ("declared", 7)


def test_dvc_import_pinned_by_rev_lock(repo: Path) -> None:
    write(repo, "data/data.xml.dvc", """
        frozen: true
        deps:
        - path: get-started/data.xml
          repo:
            url: https://github.com/iterative/dataset-registry
            rev_lock: f31b8b4c7e0d2c7b56a8f0b4a3d9f6e0c1a2b3c4
        outs:
        - md5: 22a1a2931c8370d3aeedd7183606fd7f
          path: data.xml
    """)
    record = one(repo, "data/data.xml.dvc")
    assert record["profile"] == "dvc-lock"
    assert [d["pin"] for d in record["datasets"]] == ["strong", "strong"]
    assert "LL101" not in codes(record)


# --- LLaMA-Factory's registry ---------------------------------------------------------------------------------


def test_llama_factory_names_resolve_through_dataset_info(repo: Path) -> None:
    write(repo, "data/dataset_info.json", """
        {
          "alpaca_en_demo": {"file_name": "alpaca_en_demo.json",
                             "file_sha1": "3f786850e387550fdab836ed7e6dc881de23001b"},
          "orca": {"hf_hub_url": "Open-Orca/OpenOrca"}
        }
    """)
    write(repo, "examples/sft.yaml", """
        model_name_or_path: Qwen/Qwen3-4B
        stage: sft
        finetuning_type: lora
        dataset: alpaca_en_demo, orca
        template: qwen3
        seed: 1234
    """)
    record = one(repo, "examples/sft.yaml")
    assert record["profile"] == "llama-factory"
    assert [(d["ref"], d["pin"]) for d in record["datasets"]] == [("data/alpaca_en_demo.json", "strong"),
                                                                  ("Open-Orca/OpenOrca", "none")]
    assert record["datasets"][1]["from"] == "data/dataset_info.json:4"
    assert record["sources"] == ["examples/sft.yaml", "data/dataset_info.json"]


def test_llama_factory_dataset_dir_moves_the_registry_and_revision_pins(repo: Path) -> None:
    commit = "dce01c9b08f87459cf36a430d809084718273017"
    write(repo, "custom/dataset_info.json", f"""
        {{
          "orca": {{"hf_hub_url": "Open-Orca/OpenOrca", "revision": "{commit}"}},
          "local": {{"file_name": "local.json"}},
          "remote": {{"cloud_file_name": "s3://bucket/remote.json"}}
        }}
    """)
    write(repo, "data/dataset_info.json", '{"orca": {"hf_hub_url": "Decoy/Decoy"}}\n')
    write(repo, "sft.yaml", """
        stage: sft
        finetuning_type: lora
        template: qwen3
        dataset_dir: custom
        dataset: orca,local,remote
        seed: 1
    """)
    record = one(repo, "sft.yaml")
    assert [(d["ref"], d["pin"], d.get("version")) for d in record["datasets"]] == [
        ("Open-Orca/OpenOrca", "strong", commit), ("custom/local.json", "none", None),
        ("s3://bucket/remote.json", "none", None)]
    assert record["sources"] == ["sft.yaml", "custom/dataset_info.json"]


def test_llama_factory_v1_dataset_yaml_lists_its_paths(repo: Path) -> None:
    write(repo, "data/v1_sft.yaml", """
        alpaca:
          path: acme/alpaca
          revision: v2.0
        notes: not a dataset
        local:
          path: data/local.jsonl
    """)
    write(repo, "sft.yaml", "train_dataset: data/v1_sft.yaml\nmodel_class: llm\nseed: 3\n")
    record = one(repo, "sft.yaml")
    assert record["profile"] == "llama-factory"
    assert [(d["ref"], d["pin"], d.get("version")) for d in record["datasets"]] == [
        ("acme/alpaca", "weak", "v2.0"), ("data/local.jsonl", "none", None)]
    assert record["sources"] == ["sft.yaml", "data/v1_sft.yaml"]
    # a dataset that is no YAML file is kept as named
    write(repo, "other.yaml", "train_dataset: data/train.jsonl\nmodel_class: llm\nseed: 3\n")
    assert [d["ref"] for d in one(repo, "other.yaml")["datasets"]] == ["data/train.jsonl"]


def test_llama_factory_without_dataset_info_keeps_the_names(repo: Path) -> None:
    write(repo, "sft.yaml", "stage: sft\nfinetuning_type: lora\ndataset: identity\nseed: 1\n")
    record = one(repo, "sft.yaml")
    assert [(d["ref"], d["pin"]) for d in record["datasets"]] == [("identity", "none")]
    assert "LL012" not in codes(record)


def test_show_text_names_the_base_file_and_line(repo: Path) -> None:
    write(repo, "configs/Base.yaml", "SEED: 8\n")
    write(repo, "configs/x.yaml", "_BASE_: Base.yaml\nDATASETS:\n  TRAIN: (\"coco_2017_train\",)\n")
    outcome = cli(repo, "show", "configs/x.yaml")
    assert "(profile: detectron2)" in outcome.out
    assert "SEED = 8  <- configs/Base.yaml:1" in outcome.out
    assert "composed     configs/x.yaml + configs/Base.yaml" in outcome.out


def test_a_very_long_base_chain_stops_with_a_finding(repo: Path) -> None:
    for number in range(60):
        write(repo, f"configs/c{number}.yaml", f"_BASE_: c{number + 1}.yaml\nSOLVER:\n  STEPS: {number}\n")
    write(repo, "configs/c60.yaml", "SEED: 1\n")
    outcome = cli(repo, "show", "--format", "json", "configs/c0.yaml")
    assert outcome.code == 0, outcome.err
    (record,) = outcome.json()
    assert any("nested more than 32 files deep" in f["message"] for f in record["findings"])
    assert record["seed"]["status"] == "unresolved"


def test_an_unparseable_or_oversized_base_is_reported(repo: Path) -> None:
    write(repo, "configs/broken.yaml", "SEED: [1\n")
    write(repo, "configs/x.yaml", "_BASE_: broken.yaml\nSOLVER:\n  BASE_LR: 0.1\n")
    (record,) = show(repo, "configs/x.yaml")
    (finding,) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert "configs/broken.yaml could not be read: invalid YAML" in finding["message"]
    write(repo, "configs/big.yaml", "SEED: 1\n" + "# padding\n" * 200)
    write(repo, "configs/y.yaml", "_BASE_: big.yaml\nSOLVER:\n  BASE_LR: 0.1\n")
    (record,) = show(repo, "configs/y.yaml", extra=("--max-file-size", "500"))
    assert any("limit" in f["message"] for f in record["findings"] if f["code"] == "LL012")


def test_a_hostile_defaults_list_stops_after_a_bounded_number_of_files(repo: Path) -> None:
    for number in range(300):
        write(repo, f"conf/g/o{number}.yaml", f"k{number}: 1\n")
    options = "".join(f"  - g@p{number}: o{number}\n" for number in range(300))
    write(repo, "conf/main.yaml", f"defaults:\n{options}  - _self_\nseed: 1\n")
    (record,) = show(repo, "conf/main.yaml")
    assert len(record["sources"]) == 256
    assert any("composition stopped after 256 files" in f["message"] for f in record["findings"])


def test_composing_a_base_with_aliases_keeps_them_shared(repo: Path) -> None:
    from lineage_lint.tree import MapNode, SeqNode, clone, merge

    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 5)]  # 100,000 leaves
    base = parse_text("\n".join(levels) + "\nSEED: 2\n", "yaml", "base.yaml").root
    assert isinstance(base, MapNode)
    for copy in (clone(base), merge(base, MapNode([], base.span))):
        assert isinstance(copy, MapNode)
        top = copy.get("a4")
        assert isinstance(top, SeqNode) and top is not base.get("a4")
        assert all(item is top.items[0] for item in top.items)  # one copy, shared, as in the file
    write(repo, "configs/base.yaml", "\n".join(levels) + "\nSEED: 2\n")
    write(repo, "configs/c.yaml", "_BASE_: base.yaml\nSOLVER:\n  BASE_LR: 0.1\n")
    assert one(repo, "configs/c.yaml")["seed"]["value"] == 2


def test_hydra_global_package_option_is_an_overlay_composed_with_its_primary(repo: Path) -> None:
    hydra_repo(repo)
    write(repo, "configs/experiment/quick.yaml", "# @package _global_\nseed: 9\ntrainer:\n  max_epochs: 1\n")
    record = one(repo, "configs/experiment/quick.yaml")
    assert (record["role"], record["profile"]) == ("training", "hydra")
    assert record["seed"]["from"] == "configs/experiment/quick.yaml:2"
    assert "configs/data/mnist.yaml" in record["sources"]  # the primary's data group, as the run composes it
    # and the primary itself (also `@package _global_`, but no config lists it) is composed as usual
    assert one(repo, "configs/train.yaml")["sources"][0] == "configs/train.yaml"


# --- whole repositories: detectron2's model zoo, chains of LazyConfigs, MMEngine scopes -----------------

_D2_COCO = """\
from detectron2.config import LazyCall as L
from detectron2.data import get_detection_dataset_dicts
dataloader = dict(
    train=L(build)(dataset=L(get_detection_dataset_dicts)(names="coco_2017_train")),
    test=L(build)(dataset=L(get_detection_dataset_dicts)(names="coco_2017_val")),
)
"""
_D2_TRAIN = 'train = dict(output_dir="./output", init_checkpoint="", max_iter=90000, seed=7)\n'


def _detectron2_repo(repo: Path) -> None:
    write(repo, "detectron2/__init__.py", "")
    write(repo, "detectron2/model_zoo/__init__.py", "")
    write(repo, "configs/common/data/coco.py", _D2_COCO)
    write(repo, "configs/common/train.py", _D2_TRAIN)


def test_detectron2_model_zoo_get_config_is_read_inside_detectron2_itself(repo: Path) -> None:
    _detectron2_repo(repo)
    write(repo, "projects/X/configs/run.py", """\
        from detectron2 import model_zoo
        dataloader = model_zoo.get_config("common/data/coco.py").dataloader
        train = model_zoo.get_config("common/train.py").train
        train.max_iter = 100
        """)
    record = one(repo, "projects/X/configs/run.py")
    assert record["profile"] == "detectron2" and record["role"] == "training"
    assert record["seed"]["status"] == "declared" and record["seed"]["value"] == 7
    assert record["seed"]["from"] == "configs/common/train.py:1"
    names = {(ref["ref"], ref["from"]) for ref in record["datasets"]}
    assert names == {("coco_2017_train", "configs/common/data/coco.py:4"),
                     ("coco_2017_val", "configs/common/data/coco.py:5")}
    assert record["sources"] == ["projects/X/configs/run.py", "configs/common/data/coco.py", "configs/common/train.py"]


def test_detectron2_get_config_of_the_installed_zoo_is_unresolved(repo: Path) -> None:
    write(repo, "configs/run.py", """\
        from detectron2 import model_zoo
        from detectron2.config import LazyCall as L
        dataloader = model_zoo.get_config("common/data/coco.py").dataloader
        train = model_zoo.get_config("common/train.py").train
        """)
    record = one(repo, "configs/run.py")
    assert record["seed"]["status"] == "unresolved"
    (first, second) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert "installed detectron2 model zoo" in first["message"] and (first["line"], second["line"]) == (3, 4)
    assert "LL104" in codes(record)


def test_detectron2_chain_of_relative_imports_is_recognised_and_followed(repo: Path) -> None:
    _detectron2_repo(repo)
    write(repo, "projects/X/configs/base_100ep.py", """\
        from detectron2 import model_zoo
        from ....configs.common.data.coco import dataloader
        train = model_zoo.get_config("common/train.py").train
        """)
    # no detectron2 import of its own: only the names a LazyConfig imports from the one before it
    write(repo, "projects/X/configs/large_100ep.py", """\
        from .base_100ep import (
            dataloader,
            train,
        )
        dataloader.train.dataset.names = "lvis_v1_train"
        """)
    record = one(repo, "projects/X/configs/large_100ep.py")
    assert record["profile"] == "detectron2"
    assert record["seed"]["from"] == "configs/common/train.py:1"
    train = next(ref for ref in record["datasets"] if ref["key"] == "dataloader.train.dataset.names")
    # the value set here keeps this file's line; the one imported keeps the file that set it
    assert (train["ref"], train["from"]) == ("lvis_v1_train", "projects/X/configs/large_100ep.py:5")
    test = next(ref for ref in record["datasets"] if ref["key"] == "dataloader.test.dataset.names")
    assert test["from"] == "configs/common/data/coco.py:5"


def test_detectron2_modules_without_train_and_dataloader_are_fragments(repo: Path) -> None:
    _detectron2_repo(repo)
    write(repo, "projects/X/configs/common/coco_loader_lsj.py", """\
        import detectron2.data.transforms as T
        from detectron2 import model_zoo
        dataloader = model_zoo.get_config("common/data/coco.py").dataloader
        dataloader.train.mapper.use_instance_mask = True
        """)
    loader, train = show(repo, "projects/X/configs/common/coco_loader_lsj.py", "configs/common/train.py")
    assert (loader["profile"], loader["role"], codes(loader)) == ("detectron2", "fragment", [])
    assert (train["profile"], train["role"], codes(train)) == ("detectron2", "fragment", [])
    assert cli(repo, "check", "projects/X/configs/common/coco_loader_lsj.py", "configs/common/train.py").code == 0


def test_detectron2_composed_bases_are_read_once_per_run(repo: Path) -> None:
    _detectron2_repo(repo)
    for n in range(5):
        write(repo, f"configs/run{n}.py", 'from detectron2 import model_zoo\n'
              'dataloader = model_zoo.get_config("common/data/coco.py").dataloader\n'
              'train = model_zoo.get_config("common/train.py").train\n')
    engine = Engine(Settings(base_dir=repo, root=repo))
    from lineage_lint.discover import Target

    results = [engine.check(Target(repo / f"configs/run{n}.py", f"configs/run{n}.py")) for n in range(5)]
    assert engine.loader.reads == 2  # coco.py and train.py, whatever the number of configs importing them
    for result in results:
        assert result.record is not None and result.record.seed.status == "declared"
        assert result.record.sources[1:] == ["configs/common/data/coco.py", "configs/common/train.py"]


def test_mmengine_scoped_base_of_this_repository_is_read_from_configs(repo: Path) -> None:
    write(repo, "mmpretrain/__init__.py", "")
    write(repo, "configs/_base_/default_runtime.py", "randomness = dict(seed=3)\n")
    write(repo, "configs/resnet/r50.py", "_base_ = ['../_base_/default_runtime.py']\noptim_wrapper = dict(lr=0.1)\n")
    write(repo, "projects/p/configs/net.py", """\
        _base_ = 'mmpretrain::resnet/r50.py'
        _base_['model']['backbone'] = dict(type='ExampleNet')
        """)
    record = one(repo, "projects/p/configs/net.py")
    assert record["seed"]["status"] == "declared" and record["seed"]["from"] == "configs/_base_/default_runtime.py:1"
    assert record["sources"] == ["projects/p/configs/net.py", "configs/resnet/r50.py",
                                 "configs/_base_/default_runtime.py"]
    assert codes(record) == []


def test_mmengine_scoped_base_of_an_installed_package_is_unresolved(repo: Path) -> None:
    write(repo, "mmpretrain/__init__.py", "")
    write(repo, "configs/det/mask.py", "_base_ = 'mmdet::mask_rcnn/mask-rcnn_r50_fpn_1x_coco.py'\nmodel = dict(x=1)\n")
    record = one(repo, "configs/det/mask.py")
    assert record["seed"]["status"] == "unresolved"
    (missing,) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert "installed package `mmdet`" in missing["message"] and missing["line"] == 1
    assert "LL104" in codes(record)


def test_hydra_option_of_a_nested_group_is_a_fragment(repo: Path) -> None:
    write(repo, "conf/hifigan.yaml", """\
        name: HifiGan
        train_dataset: ???
        defaults:
          - model/train_ds: train_ds
        model:
          max_steps: 10
        """)
    write(repo, "conf/model/train_ds/train_ds.yaml", """\
        dataset:
          manifest_filepath: ${train_dataset}
        dataloader_params:
          batch_size: 16
        """)
    record = one(repo, "conf/model/train_ds/train_ds.yaml")
    assert record["role"] == "fragment" and codes(record) == []


def test_hydra_defaults_may_name_their_files_with_the_extension(repo: Path) -> None:
    """`- data: mnist.yaml` and `- model/small.yaml` load the same files as without `.yaml`."""
    write(repo, "conf/data/mnist.yaml", "_target_: src.data.MNIST\ndata_dir: data/mnist@v1\n")
    write(repo, "conf/model/small.yaml", "_target_: src.Net\nseed: 99\n")
    write(repo, "conf/main.yaml", "defaults:\n  - _self_\n  - data: mnist.yaml\n  - model/small.yaml\nseed: 3\n")
    record = one(repo, "conf/main.yaml")
    assert record["sources"] == ["conf/main.yaml", "conf/data/mnist.yaml", "conf/model/small.yaml"]
    assert [(d["key"], d["ref"], d["pin"], d["from"]) for d in record["datasets"]] == [
        ("data.data_dir", "data/mnist", "weak", "conf/data/mnist.yaml:2")]
    assert [(s["key"], s["from"]) for s in record["other_seeds"]] == [("model.seed", "conf/model/small.yaml:2")]
    assert codes(record) == []


def test_hydra_plain_default_of_a_group_option_is_named_from_its_group(repo: Path) -> None:
    """`- base` in `model/resnet.yaml` is `model/base.yaml`, placed under `model` with the option."""
    write(repo, "conf/model/base.yaml", "width: 4\nseed: 8\n")
    write(repo, "conf/base.yaml", "seed: 5\n")  # the config folder's `base`: not the one meant
    write(repo, "conf/model/resnet.yaml", "defaults:\n  - base\n  - _self_\ndepth: 50\n")
    write(repo, "conf/main.yaml", "defaults:\n  - _self_\n  - model: resnet\nseed: 3\n")
    record = one(repo, "conf/main.yaml")
    assert record["sources"] == ["conf/main.yaml", "conf/model/resnet.yaml", "conf/model/base.yaml"]
    assert (record["seed"]["value"], record["seed"]["from"]) == (3, "conf/main.yaml:4")
    assert [(s["key"], s["from"]) for s in record["other_seeds"]] == [("model.seed", "conf/model/base.yaml:2")]


def test_hydra_option_of_a_nested_group_moved_to_a_dotted_package(repo: Path) -> None:
    write(repo, "conf/model/enc/small.yaml", "seed: 9\n")
    write(repo, "conf/main.yaml",
          "defaults:\n  - model/enc@trainer.enc: small\n  - /model/enc/small@student\n  - _self_\nseed: 1\n")
    record = one(repo, "conf/main.yaml")
    assert (record["seed"]["value"], record["seed"]["from"]) == (1, "conf/main.yaml:5")
    assert [(s["key"], s["from"]) for s in record["other_seeds"]] == [
        ("trainer.enc.seed", "conf/model/enc/small.yaml:1"), ("student.seed", "conf/model/enc/small.yaml:1")]


@pytest.mark.parametrize(("entry", "status"), [
    ("model: absent", "missing"),  # a model option sets `model.*`: a model's seed is not the run's
    ("model@_global_: absent", "unresolved"),  # at the top: it could set `seed`
    ("model@run: absent", "unresolved"),  # moved under `run`: it could set the run's seed
    ("run@model: absent", "missing"),  # moved under `model`
    ("/model/absent@_global_", "unresolved"),
])
def test_hydra_missing_option_makes_the_seed_unresolved_only_where_it_could_set_it(repo: Path, entry: str,
                                                                                   status: str) -> None:
    write(repo, "conf/main.yaml", f"defaults:\n  - _self_\n  - {entry}\nlr: 0.1\n")
    record = one(repo, "conf/main.yaml")
    group = entry.lstrip("/").split("@")[0].split(":")[0]
    file = f"conf/{group}/absent.yaml" if ":" in entry else f"conf/{group}.yaml"
    assert record["seed"]["status"] == status
    if status == "unresolved":
        assert record["seed"]["note"] == f"not set in this file; it may be set in {file}, which could not be read"
    (unread,) = [f for f in record["findings"] if f["code"] == "LL012"]
    assert (unread["line"], unread["column"], unread["message"]) == (
        3, 5, f"base config {file} could not be read: no such file in the repository")
    assert sorted(codes(record)) == sorted(["LL012", "LL104" if status == "unresolved" else "LL101"])


@pytest.mark.parametrize("entry", ["db: null", "db@_global_: null"])
def test_hydra_a_null_option_composes_nothing_and_reads_no_file(repo: Path, entry: str) -> None:
    """`- db: null` selects no option of the group (set on the command line if at all): no `null.yaml` is read,
    and it is no missing file that could have set the seed."""
    write(repo, "conf/db/postgres.yaml", "# @package _global_\nseed: null\n")
    # after `_self_`: an option that could not be read there could have set the seed last
    write(repo, "conf/main.yaml", f"defaults:\n  - _self_\n  - {entry}\nseed: 1\ndata:\n  name: acme/a\n"
                                  "  version: v1\n")
    record = one(repo, "conf/main.yaml")
    assert (record["seed"]["status"], record["seed"]["value"], record["seed"]["from"]) == ("declared", 1,
                                                                                            "conf/main.yaml:4")
    assert record["findings"] == [] and record["sources"] == ["conf/main.yaml"]


def test_hydra_an_options_defaults_name_groups_relative_to_its_own_group(repo: Path) -> None:
    """`model/big.yaml` listing `- enc: small` composes `model/enc/small.yaml`, not a top-level `enc` group."""
    write(repo, "conf/model/enc/small.yaml", "# @package _global_\nseed: 7\n")
    write(repo, "conf/enc/small.yaml", "# @package _global_\nseed: null\n")  # the wrong reading would take this
    write(repo, "conf/model/big.yaml", "defaults:\n  - enc: small\nwidth: 8\n")
    write(repo, "conf/main.yaml", "defaults:\n  - model: big\n  - _self_\ndata:\n  name: acme/a\n  version: v1\n")
    record = one(repo, "conf/main.yaml")
    assert (record["seed"]["status"], record["seed"]["value"], record["seed"]["from"]) == (
        "declared", 7, "conf/model/enc/small.yaml:2")
    assert record["sources"] == ["conf/main.yaml", "conf/model/big.yaml", "conf/model/enc/small.yaml"]
    assert record["findings"] == []
