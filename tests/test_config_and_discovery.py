"""Configuration discovery and validation; which files a directory walk checks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import cli, git, git_init, write

BAD = "seed: null\nepochs: 1\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def checked_files(repo: Path, *args: str, cwd: Path | None = None) -> list[str]:
    outcome = cli(cwd or repo, "check", "--format", "junit", *args)
    assert outcome.code in (0, 1), outcome.err
    return sorted(re.findall(r'<testcase classname="lineage-lint" name="([^"]*)"', outcome.out))


def test_config_is_found_upward_from_the_working_directory(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint]\nignore = ["LL102"]\n')
    write(repo, "sub/dir/train.yaml", BAD)
    assert cli(repo / "sub" / "dir", "check", "train.yaml").code == 0


def test_dedicated_file_wins_over_pyproject_in_the_same_folder(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint]\nignore = ["LL102"]\n')
    write(repo, ".lineage-lint.toml", "ignore = []\n")
    write(repo, "train.yaml", BAD)
    assert cli(repo, "check", "train.yaml").code == 1


def test_pyproject_without_the_table_is_skipped(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint]\nignore = ["LL102"]\n')
    write(repo, "pkg/pyproject.toml", '[project]\nname = "pkg"\n')
    write(repo, "pkg/train.yaml", BAD)
    assert cli(repo / "pkg", "check", "train.yaml").code == 0


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path, ".lineage-lint.toml", 'ignore = ["LL102"]\n')
    repo = git_init(tmp_path / "repo")
    write(repo, "train.yaml", BAD)
    assert cli(repo, "check", "train.yaml").code == 1


def test_explicit_config(repo: Path) -> None:
    write(repo, "ci/lint.toml", 'ignore = ["LL102"]\n')
    write(repo, "train.yaml", BAD)
    assert cli(repo, "check", "--config", "ci/lint.toml", "train.yaml").code == 0
    missing = cli(repo, "check", "--config", "ci/none.toml", "train.yaml")
    assert (missing.code, "not found" in missing.err) == (2, True)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('polcy = "strict"\n', "unknown key 'polcy' (did you mean 'policy'?)"),
        ('ignore = "LL102"\n', "key 'ignore' is 'LL102'; it must be a list"),
        ('ignore = ["LL1O2"]\n', "key 'ignore': unknown rule 'LL1O2' (did you mean 'LL102'?)"),
        ('ignore = ["seed-randm"]\n', "key 'ignore': unknown rule 'seed-randm' (did you mean 'seed-random'?)"),
        ('ignore = [3]\n', "key 'ignore', item 1 is 3; it must be a string"),
        ('[severity]\nLL102 = "warn"\n', "[severity] in"),
        ('[severity]\nLL102 = "warn"\n', "key 'LL102' is 'warn'; use one of: error, warning"),
        ('[per-file-ignores]\n"a/**" = ["seed-randm"]\n', "[per-file-ignores] in"),
        ('[per-file-ignores]\n"a/**" = ["seed-randm"]\n', "key 'a/**': unknown rule 'seed-randm'"),
        ('[gate]\nrequired-tag = ["ci"]\n', "[gate] in"),
        ('[gate]\nrequired-tag = ["ci"]\n', "unknown key 'required-tag' (did you mean 'required-tags'?)"),
        ('[gate]\nrequire-description = "yes"\n', "key 'require-description' is 'yes'; it must be true or false"),
        ('[profiles]\n"x/**" = "hydro"\n', "unknown profile 'hydro'"),
        ("max-file-size = 0\n", "the top level of"),
        ("max-file-size = 0\n", "key 'max-file-size' is 0; it must be at least 1"),
        # TOML tells 1.0 from 1: a float where the schema says integer is refused, never used as a size or a count
        ("max-file-size = 1.0\n", "key 'max-file-size' is 1.0; it must be an integer"),
        ("max-file-size = 4194304.0\n", "key 'max-file-size' is 4194304.0; it must be an integer"),
        ("jobs = 2.0\n", "key 'jobs' is 2.0"),
        ("this is not toml\n", "invalid TOML"),
        ('include = ["[z-a].yaml"]\n', "invalid glob '[z-a].yaml'"),
        # a NUL in a path setting: the OS's "embedded null byte" named neither the key nor the file
        ('cache-dir = "cache\\u0000x"\n', "key 'cache-dir': a path cannot hold a NUL character"),
        ('baseline = "b\\u0000.json"\n', "key 'baseline': a path cannot hold a NUL character"),
        ('policy = "p\\u0000.json"\n', "key 'policy': a path cannot hold a NUL character"),
        ('[gate]\npolicy = "p\\u0000.json"\n', "[gate] in"),
        ('[gate.aliases]\nchampion = "p\\u0000.json"\n', "[gate.aliases] in"),
        ('[gate.aliases]\nchampion = "p\\u0000.json"\n', "key 'champion': a path cannot hold a NUL character"),
    ],
)
def test_bad_configuration_is_a_clear_usage_error(repo: Path, text: str, words: str) -> None:
    write(repo, ".lineage-lint.toml", text)
    write(repo, "train.yaml", BAD)
    outcome = cli(repo, "check", "train.yaml")
    assert outcome.code == 2
    assert words in outcome.err, outcome.err
    assert "Traceback" not in outcome.err


def test_a_gate_typo_in_pyproject_names_the_gate_table(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint.gate]\nrequired-tag = ["ci"]\n')
    outcome = cli(repo, "check", ".")
    assert outcome.code == 2
    assert "lineage-lint: error: [tool.lineage-lint.gate] in " in outcome.err
    assert "unknown key 'required-tag' (did you mean 'required-tags'?)" in outcome.err
    assert "known keys: policy, required-tags, required-params" in outcome.err
    assert "max-file-size" not in outcome.err  # the gate's keys, not the top table's


@pytest.mark.parametrize("text", [
    'ignore = ["seed-random"]\n',
    '[per-file-ignores]\n"*.yaml" = ["seed-random"]\n',
    '[severity]\nseed-random = "warning"\n',
])
def test_rule_names_work_in_the_configuration_as_in_comments(repo: Path, text: str) -> None:
    write(repo, ".lineage-lint.toml", text)
    write(repo, "train.yaml", BAD)
    assert cli(repo, "check", "train.yaml").code == 0
    write(repo, ".lineage-lint.toml", text.replace("seed-random", "seed-missing"))
    assert cli(repo, "check", "train.yaml").code == 1  # another rule's name does not cover LL102


def test_pyproject_typo_names_the_table(repo: Path) -> None:
    write(repo, "pyproject.toml", '[tool.lineage-lint]\nexclud = ["x"]\n')
    outcome = cli(repo, "check", "train.yaml")
    assert outcome.code == 2
    assert "[tool.lineage-lint] in" in outcome.err
    assert "did you mean 'exclude'?" in outcome.err


def test_directory_walk_uses_the_training_config_conventions(repo: Path) -> None:
    for name in ("configs/train.yaml", "conf/experiment/a.yaml", "params.yaml", "configs/mm/model.py",
                 "recipes/sft/config.yaml", "train_config.json",
                 ".github/workflows/ci.yml", ".pre-commit-config.yaml", "conf/base/logging.yml",
                 "src/train.py", "docs/notes.yaml", "README.md"):
        write(repo, name, BAD)
    write(repo, "pyproject.toml", "[project]\nname = 'x'\n")
    assert checked_files(repo, ".") == ["conf/experiment/a.yaml", "configs/mm/model.py", "configs/train.yaml",
                                        "params.yaml", "recipes/sft/config.yaml", "train_config.json"]


def test_walk_skips_test_fixtures(repo: Path) -> None:
    for name in ("configs/train.yaml", "tests/fixtures/config_sft_full.yaml", "test/configs/train.yaml",
                 "tests/invariant/references/sft.json", "attestation/configs/train.yaml"):
        write(repo, name, BAD)
    # `tests` and `test` are folder names, not parts of words: `attestation/` is walked
    assert checked_files(repo, ".") == ["attestation/configs/train.yaml", "configs/train.yaml"]


def test_walk_skips_what_gitignore_ignores(repo: Path) -> None:
    write(repo, ".gitignore", "outputs/\n")
    write(repo, "outputs/configs/train.yaml", BAD)
    write(repo, "configs/train.yaml", BAD)
    assert checked_files(repo, ".") == ["configs/train.yaml"]
    git(repo, "add", ".")  # tracked and untracked files alike
    assert checked_files(repo, ".") == ["configs/train.yaml"]


def test_walk_outside_git_still_works(tmp_path: Path) -> None:
    write(tmp_path, "configs/train.yaml", BAD)
    write(tmp_path, "node_modules/x/configs/train.yaml", BAD)
    assert checked_files(tmp_path, ".") == ["configs/train.yaml"]


def test_include_and_exclude_globs(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", 'include = ["ml/**/*.yaml"]\nextend-exclude = ["ml/scratch/"]\n')
    for name in ("ml/a.yaml", "ml/deep/b.yaml", "ml/scratch/c.yaml", "configs/train.yaml"):
        write(repo, name, BAD)
    assert checked_files(repo, ".") == ["ml/a.yaml", "ml/deep/b.yaml"]


def test_excluded_files_named_explicitly_are_skipped(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", 'extend-exclude = ["vendor/"]\n')
    write(repo, "vendor/train.yaml", BAD)
    write(repo, "train.yaml", BAD)
    assert checked_files(repo, "vendor/train.yaml", "train.yaml") == ["train.yaml"]
    outcome = cli(repo, "check", "vendor/train.yaml")
    assert outcome.code == 0
    assert "not checked: vendor/train.yaml: it matches extend-exclude 'vendor/' of the configuration" in outcome.err


def test_explicit_files_are_checked_even_off_convention(repo: Path) -> None:
    write(repo, "notes/run.yaml", BAD)
    assert checked_files(repo, "notes/run.yaml") == ["notes/run.yaml"]


def test_no_paths_means_the_current_directory(repo: Path) -> None:
    write(repo, "configs/train.yaml", BAD)
    assert checked_files(repo) == ["configs/train.yaml"]


def test_globs() -> None:
    from lineage_lint.globs import matches

    assert matches("a/b/c.yaml", ["**/*.yaml"])
    assert matches("c.yaml", ["**/*.yaml"])
    assert matches("a/b/c.yaml", ["*.yaml"])  # no slash: any depth
    assert not matches("a/b/c.yaml", ["a/*.yaml"])
    assert matches("a/b/c.yaml", ["a/**"])
    assert matches("a/b/c.yaml", ["b"])  # a folder name covers what is below it
    assert matches("x/conf1.yaml", ["x/conf[0-9].yaml"])
    assert not matches("x/confa.yaml", ["x/conf[!a-z].yaml"])


def test_symlinked_folder_inside_the_repository_is_walked(repo: Path) -> None:
    write(repo, "shared/configs/train.yaml", BAD)
    (repo / "configs").symlink_to(repo / "shared" / "configs")
    outcome = cli(repo, "check", "--format", "concise", "configs")
    assert outcome.out.splitlines() == ["configs/train.yaml:1:1: LL102 run seed `seed` is null: null means a fresh "
                                        "random seed on every run; set a concrete integer"]


def test_symlinked_folder_leaving_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/train.yaml", BAD)
    (repo / "configs").symlink_to(tmp_path / "elsewhere")
    outcome = cli(repo, "check", "--format", "concise", "configs")
    assert outcome.code == 1
    assert "LL008" in outcome.out


def test_a_configuration_validated_once_is_not_validated_again_until_it_changes(tmp_path: Path) -> None:
    """A valid configuration's mark (an HMAC under the user's cache folder) spares later runs its validation,
    and with it the import of jsonschema and the profiles; a changed one is validated again, and an invalid one
    is reported every time; --no-cache validates."""
    repo = git_init(tmp_path / "repo")
    write(repo, "configs/train.yaml", "seed: 1\ndatasets:\n  - name: org/data\n    revision: v1\n")
    write(repo, ".lineage-lint.toml", 'policy = "default"\nextend-exclude = ["legacy/**"]\n')
    probe = ("import sys; from lineage_lint.cli import main;"
             "code = main(['check', *sys.argv[1:], 'configs/train.yaml']);"
             "print(code, sorted(m for m in sys.modules if m.split('.')[0] == 'jsonschema' and m.count('.') == 0"
             " or m == 'lineage_lint.profiles'))")

    def run(*options: str) -> str:
        completed = subprocess.run([sys.executable, "-c", probe, *options], cwd=repo, capture_output=True, text=True,
                                   check=False)
        return completed.stdout.strip().splitlines()[-1] + completed.stderr

    assert run() == "0 ['jsonschema', 'lineage_lint.profiles']"  # validated, then marked
    assert run() == "0 []"
    assert run("--no-cache") == "0 ['jsonschema', 'lineage_lint.profiles']"
    write(repo, ".lineage-lint.toml", 'policy = "default"\nextend-exclude = ["legacy/**"]\nignore = ["LL999"]\n')
    for _ in range(2):  # not marked: reported every time
        assert run().startswith("2 ") and "LL999" in run()
    write(repo, ".lineage-lint.toml", 'policy = "default"\nextend-exclude = ["old/**"]\n')
    assert run() == "0 ['jsonschema', 'lineage_lint.profiles']"


@pytest.mark.parametrize("text", ['tool = "x"\n', 'tool = ["lineage-lint"]\n', "[tool]\nruff = 1\n"])
@pytest.mark.parametrize("explicit", [False, True])
def test_a_pyproject_whose_tool_is_not_a_table_configures_nothing(repo: Path, text: str, explicit: bool) -> None:
    """pyproject.toml without a `[tool.lineage-lint]` table, `tool` itself being no table: the defaults apply
    (the file is still checked), never a traceback."""
    write(repo, "pyproject.toml", text)
    write(repo, "train.yaml", BAD)
    outcome = cli(repo, "check", *(["--config", "pyproject.toml"] if explicit else []), "train.yaml")
    assert (outcome.code, "Traceback" in outcome.err) == (1, False), outcome.err
    assert "train.yaml:1:1: LL102 " in outcome.out


@pytest.mark.parametrize("value", ['""', "0", "[]", "false"])
@pytest.mark.parametrize("explicit", [False, True])
def test_a_lineage_lint_entry_that_is_no_table_is_refused(repo: Path, value: str, explicit: bool) -> None:
    """`[tool] lineage-lint = ""` (or any value that is no table, empty ones included) is a configuration error,
    whether the file is found or named with --config."""
    write(repo, "pyproject.toml", f"[tool]\nlineage-lint = {value}\n")
    write(repo, "train.yaml", BAD)
    outcome = cli(repo, "check", *(["--config", "pyproject.toml"] if explicit else []), "train.yaml")
    assert outcome.code == 2, outcome.err
    assert "[tool.lineage-lint] in " in outcome.err and "it must be a table" in outcome.err, outcome.err
