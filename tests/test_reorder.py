"""A dataset's identity is its key and reference, never its place in the list: reordering the datasets of a
config keeps every finding's identity (policy.py), keeps the baseline accepting exactly what it accepted, and
keeps the SARIF fingerprints GitHub code scanning tracks alerts by."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support import cli, git_init, show, write

# Three datasets failing in three different ways: floating, unversioned, weak under strict.
ENTRIES = {
    "a": "  - name: acme/alpha\n    revision: main\n",
    "b": "  - name: acme/beta\n",
    "c": "  - name: acme/gamma\n    version: v3\n",
}


def config(order: str) -> str:
    return "seed: 1\ndatasets:\n" + "".join(ENTRIES[key] for key in order)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def findings(repo: Path, *extra: str) -> list[dict[str, Any]]:
    outcome = cli(repo, "check", "--format", "json", *extra, "train.yaml")
    assert outcome.code in (0, 1), outcome.err
    result: list[dict[str, Any]] = outcome.json()["findings"]
    return result


def by_identity(items: list[dict[str, Any]]) -> dict[str, tuple[str, str, int]]:
    """identity -> (code, dataset, line): the identities must be unique for the comparison to mean anything."""
    table = {f["identity"]: (f["code"], f["message"].split(" (")[0], f["line"]) for f in items}
    assert len(table) == len(items), items
    return table


def test_identities_name_the_dataset_not_its_index(repo: Path) -> None:
    write(repo, "train.yaml", config("abc"))
    identities = sorted(f["identity"] for f in findings(repo, "--policy", "strict"))
    assert identities == ["datasets[datasets[].name=acme/alpha].pin", "datasets[datasets[].name=acme/beta].pin",
                          "datasets[datasets[].name=acme/gamma].pin"]


@pytest.mark.parametrize("policy", ["default", "strict"])
@pytest.mark.parametrize("order", ["cab", "bca", "cba"])
def test_reordering_datasets_keeps_each_findings_identity_and_code(repo: Path, policy: str,
                                                                             order: str) -> None:
    write(repo, "train.yaml", config("abc"))
    before = by_identity(findings(repo, "--policy", policy))
    write(repo, "train.yaml", config(order))
    after = by_identity(findings(repo, "--policy", policy))
    assert {k: v[:2] for k, v in after.items()} == {k: v[:2] for k, v in before.items()}
    assert len(before) == (3 if policy == "strict" else 2)
    # the lines did move: the identity, not the location, is what stayed
    assert {k: v[2] for k, v in after.items()} != {k: v[2] for k, v in before.items()}


def test_a_baseline_survives_reordering_and_still_catches_a_new_dataset(repo: Path) -> None:
    write(repo, "train.yaml", config("abc"))
    assert cli(repo, "check", "--policy", "strict", "--write-baseline", "--baseline", "b.json", "train.yaml").code == 0
    entries = json.loads((repo / "b.json").read_text(encoding="utf-8"))["findings"]
    assert sorted((e["code"], e["identity"], e["count"]) for e in entries) == [
        ("LL201", "datasets[datasets[].name=acme/beta].pin", 1),
        ("LL202", "datasets[datasets[].name=acme/alpha].pin", 1),
        ("LL203", "datasets[datasets[].name=acme/gamma].pin", 1),
    ]
    write(repo, "train.yaml", config("cba"))
    reordered = cli(repo, "check", "--policy", "strict", "--baseline", "b.json", "--format", "json", "train.yaml")
    assert reordered.code == 0, reordered.out
    assert sorted(f["suppressed_by"] for f in reordered.json()["findings"]) == ["baseline"] * 3

    # Swap what the datasets are pinned to: same places, other datasets failing: the baseline must not match.
    write(repo, "train.yaml", "seed: 1\ndatasets:\n  - name: acme/alpha\n    version: v3\n"
                              "  - name: acme/beta\n    revision: main\n  - name: acme/gamma\n")
    swapped = cli(repo, "check", "--policy", "strict", "--baseline", "b.json", "--format", "concise", "train.yaml")
    assert swapped.code == 1
    assert swapped.out.splitlines() == [
        "train.yaml:4:14: LL203 dataset `acme/alpha` (datasets[0].name) is pinned by version `v3`, not by a digest "
        "or commit",
        "train.yaml:6:15: LL202 dataset `acme/beta` (datasets[1].name) is pinned to `main`, which moves over time",
        "train.yaml:7:11: LL201 dataset `acme/gamma` (datasets[2].name) has no version, revision or digest",
    ]


def sarif_fingerprints(repo: Path) -> dict[str, str]:
    outcome = cli(repo, "check", "--policy", "strict", "--format", "sarif", "train.yaml")
    results = json.loads(outcome.out)["runs"][0]["results"]
    table = {r["message"]["text"].split(" (")[0]: r["partialFingerprints"]["lineageLint/v1"] for r in results}
    assert len(set(table.values())) == len(results) == 3
    return table


def test_sarif_fingerprints_survive_reordering(repo: Path) -> None:
    write(repo, "train.yaml", config("abc"))
    before = sarif_fingerprints(repo)
    write(repo, "train.yaml", config("bca"))
    assert sarif_fingerprints(repo) == before
    assert sorted(before) == ["dataset `acme/alpha`", "dataset `acme/beta`", "dataset `acme/gamma`"]


def test_show_keeps_the_datasets_in_the_configs_order(repo: Path) -> None:
    write(repo, "train.yaml", config("cab"))
    (record,) = show(repo, "train.yaml")
    assert [(d["ref"], d["pin"]) for d in record["datasets"]] == [
        ("acme/gamma", "weak"), ("acme/alpha", "floating"), ("acme/beta", "none"),
    ]
