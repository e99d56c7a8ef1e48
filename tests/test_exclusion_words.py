"""Built-in exclusions match whole words of a file name, never substrings (by walks, by name, by the hook)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from support import cli, git_init, write

ROOT = Path(__file__).resolve().parents[1]
BAD = "seed: null\nlearning_rate: 0.001\nnum_train_epochs: 3\n"

# Names whose exclusion word sits inside another word, or that also say they train: all are checked.
TRAINING_NAMES = [
    "configs/multimodal_sft.yaml",  # `modal` inside `multimodal`
    "configs/clustering_train.yaml",  # `cluster` inside `clustering`
    "configs/train_and_evaluate.yaml",  # `evaluate` is a word, but the name says it trains
    "configs/serverless_train.yaml",  # `serve` inside `serverless`
    "configs/observe_pretrain.yaml",
    "configs/predictive_coding.yaml",
    "configs/multiModalFinetune.yaml",  # camelCase: Modal is a word here, Finetune says it trains
    # a training method beside a tool's word: `zero3`, `deepspeed`, `fsdp_config` configure how it trains
    "configs/qwen_lora_zero3.yaml",
    "configs/mistral_qlora_zero3.yml",
    "configs/ppo_deepspeed.yaml",
    "configs/rlhf_deepspeed.yaml",
    "configs/fsdp_config_dora.yaml",
    # a training config inside a tool's folder (launcher, DeepSpeed, sweeps): its name says it trains
    "configs/slurm/train_gpt.yaml",
    "slurm/pretrain.yaml",
    "configs/sweeps/train_bert.yaml",
    "examples/deepspeed/zero3_offload_sft.yaml",
    "configs/launcher/finetune_7b.yaml",
]
# Names that are one of the words, as a word (separators and camelCase humps split words).
EXCLUDED_NAMES = [
    "configs/cluster.yaml",
    "configs/slurm_cluster.yaml",
    "configs/modal-app.yaml",
    "configs/myClusterConfig.yaml",
    "configs/inference.yaml",
    "configs/evaluation.yaml",
    "configs/ds_config_zero3.json",
    "configs/serve.yaml",
    "configs/llama.deploy.yaml",
    "configs/flora_zero3.yaml",  # `lora` inside `flora` is no training word
    # a tool's own folder, names without a training word
    "examples/deepspeed/ds_z3_config.json",
    "configs/launcher/slurm.yaml",
    "configs/hydra/job_logging/default.yaml",
    "configs/sweeps/lr_search.yaml",
]


def _hook() -> dict[str, str]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return dict(hooks[0])


def _hook_selects(path: str) -> bool:
    hook = _hook()
    return bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)


@pytest.mark.parametrize("name", TRAINING_NAMES)
def test_the_hook_passes_names_that_only_contain_an_exclusion_word(name: str) -> None:
    assert _hook_selects(name)


@pytest.mark.parametrize("name", EXCLUDED_NAMES)
def test_the_hook_skips_names_made_of_an_exclusion_word(name: str) -> None:
    assert not _hook_selects(name)


def _checked(repo: Path, *args: str) -> list[str]:
    outcome = cli(repo, "check", "--format", "junit", *args)
    assert outcome.code in (0, 1), outcome.err
    return sorted(re.findall(r'<testcase classname="lineage-lint" name="([^"]*)"', outcome.out))


def test_a_walk_checks_by_words(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    for name in (*TRAINING_NAMES, *EXCLUDED_NAMES):
        write(repo, name, BAD)
    assert _checked(repo, ".") == sorted(TRAINING_NAMES)


@pytest.mark.parametrize("name", TRAINING_NAMES)
def test_a_named_training_config_is_checked_and_fails(tmp_path: Path, name: str) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, name, BAD)
    outcome = cli(repo, "check", name)
    assert outcome.code == 1
    assert f"{name}:1:1: LL102" in outcome.out
    assert "not checked" not in outcome.err


def test_a_named_excluded_file_says_which_word_excluded_it(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "configs/slurm_cluster.yaml", BAD)
    outcome = cli(repo, "check", "configs/slurm_cluster.yaml")
    assert outcome.code == 0
    assert "LL102" not in outcome.out
    assert ("lineage-lint: not checked: configs/slurm_cluster.yaml: its name has the word 'slurm', which names "
            "no training config") in outcome.err


def test_a_named_file_under_an_excluded_folder_says_so(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, ".github/workflows/train.yaml", BAD)
    outcome = cli(repo, "check", ".github/workflows/train.yaml")
    assert outcome.code == 0
    assert "not checked: .github/workflows/train.yaml: the built-in exclusions name it" in outcome.err


def exclusion_probe_paths() -> list[str]:
    """Paths to compare the two ways of asking the built-in exclusions on: this repository's files, the
    benchmark sets and the shared corpus, and every excluded or tool folder and name of the lists above
    combined with names that train, exclude or do neither, at several depths."""
    from lineage_lint import discover

    paths = {*TRAINING_NAMES, *EXCLUDED_NAMES}
    for folder in (ROOT, ROOT.parent.parent / "shared" / "corpus"):
        if folder.is_dir():
            paths.update(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                         if ".venv" not in path.parts and path.is_file())
    folders = ["", "configs/", "a/b/", ".git/", "x/.github/", "tests/", "test/", "src/tests/x/", "latest/",
               "slurm/", "configs/sweeps/", "deepspeed_configs/", "accelerate/", "a/logging/b/", "run_config/",
               "node_modules/", "contest/", "slurmx/", "tests_data/"]
    names = [path.rsplit("/", 1)[-1] for path in [*TRAINING_NAMES, *EXCLUDED_NAMES]] + [
        "train.yaml", "mkdocs.yml", "docker-compose.dev.yaml", "pyproject.toml", "package-lock.json",
        "tsconfig.base.json", ".eslintrc.json", "conda-env.yaml", "meta.yaml", "action.yml", "evaluation.yaml",
        "train_eval.yaml", "x.yaml", "logging.json", "sweep.toml", "foo.py", "a_b-c.d.yaml"]
    paths.update(folder + name for folder in folders for name in names)
    assert discover.NOT_TRAINING_CONFIGS  # the pattern the split parts must agree with
    return sorted(paths)


def test_the_split_exclusion_test_is_the_pattern_s() -> None:
    """Discovery asks NOT_TRAINING_CONFIGS in parts (folders once per folder, then the file name alone): it
    must exclude exactly what the whole pattern (the pre-commit hook's `exclude`) excludes."""
    from lineage_lint import discover

    whole = re.compile(discover.NOT_TRAINING_CONFIGS)
    paths = exclusion_probe_paths()
    excluded = [path for path in paths if whole.search(path)]
    assert [path for path in paths if discover._builtin_excluded(path)] == excluded
    assert len(paths) > 2000 and 200 < len(excluded) < len(paths) - 200
