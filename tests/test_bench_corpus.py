"""bench/bench_corpus.py: agreement with hand labels, on a corpus written here (the real one is optional)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import REPO, write

SCRIPT = REPO / "bench" / "bench_corpus.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False,
                          timeout=120)


def label(repo: str, path: str, seed: str, pinned: str, framework: str = "hydra") -> dict[str, str]:
    return {"framework": framework, "repo": repo.replace("__", "/"), "path": path, "format": "yaml",
            "declares_seed": seed, "dataset_pinned": pinned, "file": f"{repo}/{path}"}


def test_absent_corpus_is_skipped_cleanly(tmp_path: Path) -> None:
    completed = run("--corpus", str(tmp_path / "nowhere"))
    assert completed.returncode == 0
    assert "corpus not found" in completed.stdout


def test_agreement_and_disagreements_are_reported(tmp_path: Path) -> None:
    files = tmp_path / "files"
    write(files, "acme__a/conf/base.yaml", "seed: 3\n")
    write(files, "acme__a/conf/train.yaml", "defaults:\n  - base\n  - _self_\ndata:\n  path: org/d@v1\n")
    write(files, "acme__b/train.yaml", "seed: null\ndataset: org/e\n")
    labels = [
        label("acme__a", "conf/train.yaml", "inherited", "partial"),  # agrees on both
        label("acme__b", "train.yaml", "true", "false", framework="generic"),  # the seed label is wrong
    ]
    (tmp_path / "labels.json").write_text(json.dumps({"count": 2, "files": labels}), encoding="utf-8")
    completed = run("--corpus", str(tmp_path), "--in-process")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert any(line.split()[:4] == ["hydra", "1", "100.0%", "100.0%"] for line in lines)
    assert any(line.split()[:4] == ["generic", "1", "0.0%", "100.0%"] for line in lines)
    assert "(1/2 seeds, 2/2 pins)" in completed.stdout
    assert "crashes: 0" in completed.stdout
    assert "seed: label true, got random" in completed.stdout
