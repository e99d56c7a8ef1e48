"""Whole repositories read as a new user would: ``lineage-lint check .`` at each root, timed per file, and a
fixed random sample of verdicts per repository drawn for a hand check.

The repositories are not part of this checkout (too big). ``REPOS`` below names each one and the commit
its snapshot was taken at; export them first, e.g.::

    git clone https://github.com/facebookresearch/detectron2 /tmp/repos/detectron2
    git -C /tmp/repos/detectron2 checkout 02b5c4e295e990042a714712c21dc79b731e8833

(or ``git --git-dir=MIRROR archive COMMIT | tar -x -C /tmp/repos/NAME``). Then::

    python bench/repos/run_repos.py --root /tmp/repos            # table: files, failing, time, slowest
    python bench/repos/run_repos.py --root /tmp/repos --sample 6 # and the seeded sample, as CSV rows
    python bench/repos/run_repos.py --root /tmp/repos --repo NeMo --all   # every verdict of one repository

Each file is judged with the engine in this process (the same discovery, settings and policy as
``lineage-lint check .`` run at the repository root). A verdict is the record's role and applicability,
the seed status, the file's weakest dataset pin, and the active finding codes. The sample is drawn with
``random.Random(f"{SEED}:{name}")`` from the sorted list of checked files, so the same snapshot gives the
same sample; ``handcheck.csv`` holds the hand check of that sample (file, verdict, right/wrong, why).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lineage_lint.config import load_settings
from lineage_lint.discover import discover
from lineage_lint.engine import Engine, FileResult

SEED = 15
SLOW_SECONDS = 0.3

# name: (GitHub repository, commit of the snapshot measured)
REPOS: dict[str, tuple[str, str]] = {
    "detectron2": ("facebookresearch/detectron2", "02b5c4e295e990042a714712c21dc79b731e8833"),
    "mmpretrain": ("open-mmlab/mmpretrain", "ee7f2e88501f61aa95c742dd5f429f039935ee90"),
    "NeMo": ("NVIDIA/NeMo", "8cfedd7203462cb251a914e700e5605444277561"),
    "axolotl": ("axolotl-ai-cloud/axolotl", "067b021c8b87a9e5e380b9173c704cf7340e30f5"),
    "alignment-handbook": ("huggingface/alignment-handbook", "925acdfe4b2b4e38c3dabd1851bc418f0b656351"),
    "trl": ("huggingface/trl", "f2cd57710ae345ea6428ae95363267fcf38a3dc8"),
    "lightning-hydra-template": ("ashleve/lightning-hydra-template", "bddbc24b82ab6ccfa6243e815a49dc5bfe8d4144"),
    "yolov5": ("ultralytics/yolov5", "5081342f04fb287fc2e5f2b5a4e06752b7937b1c"),
    "torchtune": ("pytorch/torchtune", "bd2a0fc7c31430972728494fa01aaeeb0ebf1ba1"),
    "LLaMA-Factory": ("hiyouga/LLaMA-Factory", "ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30"),
    "litgpt": ("Lightning-AI/litgpt", "26857050fe3ff627cd714fe92f5838f51a3d5efa"),
    "fairseq": ("facebookresearch/fairseq", "3d262bb25690e4eb2e7d3c1309b1e9c406ca4b99"),
    "nanoGPT": ("karpathy/nanoGPT", "3adf61e154c3fe3fca428ad6bc3818b27a3b8291"),
    "dinov2": ("facebookresearch/dinov2", "b8931f7bf91576930313be2c6d6af376033b35f0"),
}


@dataclass
class Judged:
    path: str
    result: FileResult
    seconds: float

    @property
    def failing(self) -> bool:
        return any(finding.severity == "error" for finding in self.result.active)

    def verdict(self) -> str:
        record = self.result.record
        codes = ",".join(sorted({finding.code for finding in self.result.active})) or "-"
        if record is None:
            return f"unreadable codes={codes}"
        if not record.applicable:
            return f"not-applicable ({record.profile}) codes={codes}"
        pin = record.dataset_pin
        return (f"{record.role} ({record.profile}) seed={record.seed.status} pin={pin} codes={codes}")


def judge(root: Path) -> list[Judged]:
    settings = load_settings(root)
    engine = Engine(settings)
    targets = discover([str(root)], settings)
    judged = []
    for target in targets:
        start = time.process_time()  # CPU time: the machine may be shared, wall-clock time is noise
        result = engine.check(target)
        judged.append(Judged(Path(target.display).relative_to(root).as_posix(), result,
                             time.process_time() - start))
    return sorted(judged, key=lambda j: j.path)


def sample(judged: list[Judged], name: str, size: int) -> list[Judged]:
    return random.Random(f"{SEED}:{name}").sample(judged, min(size, len(judged)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/tmp/repos"), help="folder holding one folder per repo")
    parser.add_argument("--repo", action="append", help="only these repositories (by name)")
    parser.add_argument("--sample", type=int, default=0, help="print this many sampled verdicts per repository")
    parser.add_argument("--all", action="store_true", help="print every verdict")
    args = parser.parse_args(argv)
    names = args.repo or list(REPOS)
    print("| repository | commit | files | failing | not applicable | CPU s | slowest file (CPU s) |")
    print("|---|---|---:|---:|---:|---:|---|")
    rows: list[str] = []
    over = 0
    for name in names:
        folder = args.root / name
        if not folder.is_dir():
            print(f"| {name} | (not exported at {folder}) | | | | | |")
            continue
        judged = judge(folder.resolve())
        failing = sum(j.failing for j in judged)
        skipped = sum(j.result.record is not None and not j.result.record.applicable for j in judged)
        slowest = max(judged, key=lambda j: j.seconds, default=None)
        over += sum(j.seconds > SLOW_SECONDS for j in judged)
        total = sum(j.seconds for j in judged)
        slow = f"{slowest.path} ({slowest.seconds:.2f})" if slowest else "-"
        print(f"| {name} | {REPOS.get(name, ('', '?'))[1][:10]} | {len(judged)} | {failing} | {skipped} | "
              f"{total:.1f} | {slow} |")
        chosen = judged if args.all else sample(judged, name, args.sample) if args.sample else []
        rows.extend(f'{name},{j.path},"{j.verdict()}"' for j in chosen)
    print(f"\nfiles over {SLOW_SECONDS} s: {over}")
    if rows:
        print("\nrepository,file,verdict")
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
