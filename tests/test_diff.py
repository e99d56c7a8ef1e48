"""``lineage-lint diff`` on configs at git revisions, and ``diff --rev`` across commits of a real repository
(bases read at each commit, composition followed), run in-process through ``lineage_lint.cli.main``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from lineage_lint.schema_files import load_schema
from support import cli, git, git_init, write

TRAIN = """\
defaults:
  - data: orders
  - _self_
seed: 42
trainer:
  lr: 0.1
"""
ORDERS = "name: orders\nversion: v2.0\n"


def commit(repo: Path, message: str, files: dict[str, str]) -> str:
    for name, text in files.items():
        write(repo, name, text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Four commits: the first config; a base's dataset version bumped; the seed changed and an unpinned
    dataset added; a learning rate changed (no lineage change)."""
    root = git_init(tmp_path / "repo")
    commit(root, "first", {"configs/train.yaml": TRAIN, "configs/data/orders.yaml": ORDERS,
                           "configs/other.yaml": "seed: 1\ndata:\n  name: reviews\n  version: v1\n",
                           "README.md": "models\n"})
    commit(root, "bump orders", {"configs/data/orders.yaml": ORDERS.replace("v2.0", "v2.1")})
    commit(root, "seed and returns", {"configs/train.yaml": TRAIN.replace("seed: 42", "seed: 7")
                                      + "eval_data:\n  returns:\n    path: s3://acme/returns\n"})
    commit(root, "lr", {"configs/train.yaml": (root / "configs/train.yaml").read_text().replace("0.1", "0.01"),
                        "README.md": "models, trained\n"})
    return root


def valid(document: Any) -> None:
    errors = [e.message for e in Draft202012Validator(load_schema("diff")).iter_errors(document)]
    assert errors == []


def test_a_change_in_a_base_shows_on_the_config_composed_from_it(repo: Path) -> None:
    outcome = cli(repo, "diff", "HEAD~3:configs/train.yaml", "HEAD~2:configs/train.yaml", "--format", "json")
    assert outcome.code == 1, outcome.err
    report = outcome.json()
    valid(report)
    assert report["summary"] == "data changed; composition and seed are the same"
    [data] = report["layers"]["data"]
    assert (data["change"], data["text"]) == ("changed", "dataset `orders` v2.0 → v2.1")
    assert data["old"]["version"] == "v2.0" and data["new"]["version"] == "v2.1"
    assert report["layers"]["experiment"] == []
    sources = [c["key"] for c in report["layers"]["code"] if c["what"] == "source"]
    assert sources == ["configs/data/orders.yaml"]  # the file that changed among its sources, not the config
    assert report["commits"] == {"ahead": 1, "behind": 0}


def test_seed_and_a_new_unpinned_dataset_in_plain_words(repo: Path) -> None:
    outcome = cli(repo, "diff", "HEAD~3:configs/train.yaml", "HEAD~1:configs/train.yaml")
    assert outcome.code == 1
    lines = outcome.out.splitlines()
    assert lines[0] == "HEAD~3:configs/train.yaml → HEAD~1:configs/train.yaml"
    assert lines[1] == "data and seed changed; composition is the same"
    assert "    ~ dataset `orders` v2.0 → v2.1" in lines
    assert "    + new dataset `s3://acme/returns` (unpinned)" in lines
    assert "    ~ seed 42 → 7" in lines
    assert "\033[" not in outcome.out  # not a terminal: no colour


def test_identical_lineage_exits_0_even_when_the_text_changed(repo: Path) -> None:
    outcome = cli(repo, "diff", "HEAD~1:configs/train.yaml", "HEAD:configs/train.yaml")
    assert outcome.code == 0, outcome.out
    assert outcome.out.splitlines()[1] == "same lineage: data, composition and seed are the same"
    assert "~ configs/train.yaml changed" in outcome.out  # reported, but a file's text is not lineage
    everything = cli(repo, "diff", "HEAD~1:configs/train.yaml", "HEAD:configs/train.yaml", "--all")
    assert "= seed 7" in everything.out and "= dataset `orders` v2.1, weak" in everything.out


def test_rev_diffs_every_config_whose_sources_changed(repo: Path) -> None:
    outcome = cli(repo, "diff", "--rev", "HEAD~3..HEAD~2", "--format", "json")
    assert outcome.code == 1, outcome.err
    report = outcome.json()
    valid(report)
    assert (report["base"], report["head"], report["differs"]) == ("HEAD~3", "HEAD~2", True)
    # only the base changed: the config built from it is diffed, the base itself (a fragment) and the
    # config that does not use it are not
    assert [c["b"]["label"] for c in report["configs"]] == ["HEAD~2:configs/train.yaml"]
    assert report["configs"][0]["layers"]["data"][0]["text"] == "dataset `orders` v2.0 → v2.1"


def test_rev_limited_to_paths_and_a_range_without_lineage_change(repo: Path) -> None:
    assert cli(repo, "diff", "--rev", "HEAD~3..HEAD", "configs/other.yaml").out.splitlines()[-1] == (
        "no config's lineage sources changed")
    outcome = cli(repo, "diff", "--rev", "HEAD~1..HEAD")
    assert outcome.code == 0  # the lr commit changed train.yaml, not its lineage
    assert "same lineage" in outcome.out


def test_added_and_removed_configs(repo: Path) -> None:
    commit(repo, "new config", {"configs/new.yaml": "seed: 3\ndata:\n  name: clicks\n  version: v9\n"})
    outcome = cli(repo, "diff", "--rev", "HEAD~1..HEAD", "--format", "json")
    [added] = outcome.json()["configs"]
    assert added["summary"] == "new config: configs/new.yaml" and added["a"]["record"] is None
    assert added["layers"]["data"][0]["text"] == "new dataset `clicks` (v9, weak)"
    git(repo, "rm", "-q", "configs/new.yaml")
    git(repo, "commit", "-qm", "drop")
    [removed] = cli(repo, "diff", "--rev", "HEAD~1..HEAD", "--format", "json").json()["configs"]
    assert removed["summary"] == "config removed: configs/new.yaml"


def test_markdown_is_escaped(repo: Path) -> None:
    commit(repo, "odd", {"configs/odd.yaml": "seed: 1\ndata:\n  name: '[x](http://e) @team'\n  version: v1\n"})
    outcome = cli(repo, "diff", "--rev", "HEAD~1..HEAD", "--format", "markdown")
    assert "\\[x\\](http://e) @&#8203;team" in outcome.out
    assert "[x](http://e)" not in outcome.out


@pytest.mark.parametrize(("args", "message"), [
    (("HEAD~9:configs/train.yaml", "HEAD:configs/train.yaml"), "is not a commit"),
    (("HEAD:configs/nope.yaml", "HEAD:configs/train.yaml"), "configs/nope.yaml does not exist at HEAD"),
    (("configs/train.yaml", "HEAD:configs/train.yaml"), "give a model URI"),
    (("--rev", "HEAD"), "--rev takes BASE..HEAD"),
    (("HEAD:configs/train.yaml",), "diff takes two sides"),
    (("--", "-x:configs/train.yaml", "HEAD:configs/train.yaml"), "looks like an option"),
])
def test_what_cannot_be_decided_exits_2_with_the_reason(repo: Path, args: tuple[str, ...], message: str) -> None:
    outcome = cli(repo, "diff", *args)
    assert outcome.code == 2, outcome.out
    assert message in outcome.err and "Traceback" not in outcome.err


def test_outside_a_repository_a_revision_cannot_be_read(tmp_path: Path) -> None:
    outcome = cli(tmp_path, "diff", "HEAD~1:a.yaml", "HEAD:a.yaml")
    assert outcome.code == 2 and "no git repository here" in outcome.err


def test_diffing_configs_imports_no_mlflow(repo: Path) -> None:
    """Configs at revisions need git and the engine only: mlflow (and what it pulls in) stays unloaded."""
    import subprocess
    import sys

    probe = ("import sys; from lineage_lint.cli import main;"
             "codes = [main(['diff', '--rev', 'HEAD~3..HEAD']), main(['diff', 'HEAD~1:configs/train.yaml',"
             " 'HEAD:configs/train.yaml']), main(['graph', 'configs/train.yaml'])];"
             "print(codes, sorted(m for m in sys.modules if m.split('.')[0] in"
             " ('mlflow', 'pandas', 'requests', 'flask', 'sqlalchemy', 'github3')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, check=False)
    assert done.stdout.strip().splitlines()[-1] == "[1, 0, 0] []", (done.stdout, done.stderr)


@pytest.mark.parametrize(("seed", "label"), [
    ("seed_everything: true", "seed: random (seed_everything = true)"),
    ("seed: null", "seed: random (seed = null)"),
    ("seed: randomized", "seed: random (seed = 'randomized')"),
])
def test_graph_labels_a_seed_as_check_quotes_it(repo: Path, seed: str, label: str) -> None:
    # YAML's words (true, null), not Python's (True, None): the label repeats the config
    write(repo, "configs/seeded.yaml", f"{seed}\nepochs: 1\n")
    outcome = cli(repo, "graph", "configs/seeded.yaml", "--format", "json")
    assert outcome.code == 0
    assert {n["id"]: n for n in outcome.json()["nodes"]}["seed:configs/seeded.yaml"]["label"] == label


def test_graph_of_a_config_draws_datasets_bases_and_seed(repo: Path) -> None:
    outcome = cli(repo, "graph", "configs/train.yaml", "--format", "json")
    assert outcome.code == 0
    drawn = outcome.json()
    assert [error.message for error in Draft202012Validator(load_schema("graph")).iter_errors(drawn)] == []
    nodes = {n["id"]: n for n in drawn["nodes"]}
    assert nodes["dataset:orders@v2.1"]["style"] == "weak"
    assert nodes["seed:configs/train.yaml"]["label"] == "seed: declared (seed = 7)"
    edges = {(e["from"], e["to"], e["label"]) for e in drawn["edges"]}
    assert ("base:configs/data/orders.yaml", "config:configs/train.yaml", "composes") in edges
    assert ("dataset:orders@v2.1", "config:configs/train.yaml", None) in edges
    mermaid = cli(repo, "graph", "configs/train.yaml").out
    assert 'data0["orders (weak @ v2.1)"]:::weak' in mermaid and "data0 --> config" in mermaid
    dot = cli(repo, "graph", "configs/train.yaml", "--format", "dot").out
    assert 'label="orders (weak @ v2.1)", shape=cylinder' in dot
    assert cli(repo, "graph", "configs/nope.yaml").code == 2


def test_colour_on_request_and_a_report_file(repo: Path) -> None:
    coloured = cli(repo, "diff", "HEAD~3:configs/train.yaml", "HEAD~2:configs/train.yaml", "--color", "always")
    assert "    \033[33m~\033[0m dataset `orders` v2.0 → v2.1" in coloured.out
    written = cli(repo, "diff", "--rev", "HEAD~3..HEAD~2", "--format", "markdown", "-o", "lineage.md")
    assert written.code == 1 and written.out == ""
    text = (repo / "lineage.md").read_text(encoding="utf-8")
    assert text.startswith("### Lineage changes HEAD\\~3..HEAD\\~2\n")  # `~` would strike text through
    assert "- ~ **data**: dataset &#96;orders&#96;" in text


def test_a_config_unreadable_at_head_is_undecided_not_removed(repo: Path) -> None:
    commit(repo, "broken", {"configs/other.yaml": "seed: [1\n"})
    outcome = cli(repo, "diff", "--rev", "HEAD~1..HEAD", "--format", "json")
    assert outcome.code == 2, outcome.out
    [config] = outcome.json()["configs"]
    valid(outcome.json())
    assert config["undecided"] == "configs/other.yaml cannot be read as a config at HEAD"
    assert config["summary"] == "cannot compare: configs/other.yaml cannot be read as a config at HEAD"
    assert "could not decide: configs/other.yaml cannot be read" in outcome.err


def test_a_config_that_did_not_change_says_so_in_its_code_section(repo: Path) -> None:
    outcome = cli(repo, "diff", "HEAD~3:configs/other.yaml", "HEAD:configs/other.yaml")
    assert outcome.code == 0, outcome.err
    lines = outcome.out.splitlines()
    assert lines[1] == "same lineage: data, composition and seed are the same"
    assert lines[3].startswith("    ~ read at ") and lines[3].endswith("(configs/other.yaml: the same at both commits)")
    composed = cli(repo, "diff", "HEAD~3:configs/train.yaml", "HEAD~2:configs/train.yaml")
    assert "the same at both commits" not in composed.out  # its base changed: that is listed instead
    assert "~ configs/data/orders.yaml changed" in composed.out


@pytest.mark.parametrize(("seed", "status", "colour"), [
    ("seed: 7\n", "declared", "#1a7f37"), ("", "missing", "#cf222e"), ("seed: null\n", "random", "#cf222e"),
    ("seed: ${oc.env:SEED}\n", "env", "#bc4c00"), ("seed: ${nowhere.seed}\n", "unresolved", "#bc4c00"),
])
def test_graph_styles_every_seed_status(tmp_path: Path, seed: str, status: str, colour: str) -> None:
    write(tmp_path, "train.yaml", seed + "dataset: {name: acme/reviews, version: v1}\ntrainer: {max_epochs: 1}\n")
    mermaid = cli(tmp_path, "graph", "train.yaml").out
    seed_line = next(line for line in mermaid.splitlines() if line.startswith("  seed["))
    assert seed_line.endswith(f":::{status}") and f"  classDef {status} fill:" in mermaid
    dot = cli(tmp_path, "graph", "train.yaml", "--format", "dot").out
    seed_node = next(line for line in dot.splitlines() if line.startswith("  seed ["))
    assert f'color="{colour}"' in seed_node
    assert ("style=dashed" in seed_node) == (status in ("missing", "unresolved"))
