"""A check given only a changed base also judges the configs composed from it (pre-commit passes only the
files a commit changed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import cli, git, git_init, write


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = git_init(tmp_path / "repo")
    write(repo, "configs/_base_/default_runtime.py", "randomness = dict(seed=0)\n")
    write(repo, "configs/resnet/r50.py", "_base_ = ['../_base_/default_runtime.py']\noptim_wrapper = dict(lr=0.1)\n")
    write(repo, "configs/resnet/r18.py",
          "_base_ = ['../_base_/default_runtime.py']\nrandomness = dict(seed=3)\noptim_wrapper = dict(lr=0.1)\n")
    write(repo, "configs/vit/vit.py", "randomness = dict(seed=None)\noptim_wrapper = dict(lr=0.1)\n")
    git(repo, "add", "-A")
    return repo


def test_a_changed_base_rechecks_the_configs_composed_from_it(repo: Path) -> None:
    assert cli(repo, "check", "configs/_base_/default_runtime.py").code == 0
    write(repo, "configs/_base_/default_runtime.py", "randomness = dict(seed=None)\n")  # the only change

    outcome = cli(repo, "check", "configs/_base_/default_runtime.py")
    assert outcome.code == 1
    assert "configs/resnet/r50.py:1:11: LL102" in outcome.out  # inherits the null seed: shown at the base it names
    assert "r18.py" not in outcome.out  # composed from it, but sets its own seed: passes
    assert "vit.py" not in outcome.out  # fails, but is not composed from the changed base
    assert "also checked 2 configs composed from configs/_base_/default_runtime.py" in outcome.err


def test_dependents_can_be_turned_off(repo: Path) -> None:
    write(repo, "configs/_base_/default_runtime.py", "randomness = dict(seed=None)\n")
    outcome = cli(repo, "check", "--no-dependents", "configs/_base_/default_runtime.py")
    assert (outcome.code, outcome.err) == (0, "")


def test_nothing_to_add_says_nothing(repo: Path) -> None:
    """A walk that already checked every config composed from its bases (`lineage-lint check configs/`), or
    a base nothing composes, adds nothing and prints no note."""
    write(repo, "configs/_base_/unused.py", "randomness = dict(seed=1)\n")
    for given in ("configs/", "configs/_base_/unused.py"):
        outcome = cli(repo, "check", given)
        assert "also checked" not in outcome.err, (given, outcome.err)
    assert "also checked 2 configs" in cli(repo, "check", "configs/_base_/default_runtime.py").err


def test_a_training_config_triggers_no_search(repo: Path) -> None:
    outcome = cli(repo, "check", "configs/resnet/r18.py")
    assert (outcome.code, outcome.err) == (0, "")
    assert "1 file" in outcome.out


def test_a_changed_hydra_group_option_rechecks_its_primary(repo: Path) -> None:
    write(repo, "conf/train.yaml", "defaults:\n  - _self_\n  - data: mnist\nseed: 1\n")
    write(repo, "conf/data/mnist.yaml", "_target_: src.MNIST\ndata_dir: data/mnist\n")  # unpinned
    outcome = cli(repo, "check", "conf/data/mnist.yaml")
    assert outcome.code == 1
    assert "conf/train.yaml:3:5: LL201" in outcome.out  # at the defaults entry naming the option
    assert "in 2 of 2 files" in outcome.out  # the fragment and its primary
