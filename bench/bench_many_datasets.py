#!/usr/bin/env python3
"""CPU time of ``lineage-lint check`` on files naming tens of thousands of datasets, each in a fresh process.

Every shape the readers know: lists and mappings of storage URIs, version siblings, lists of ``{path,
revision}``, a LLaMA-Factory ``dataset: a,b,...`` string, a dataset mixer's keys, Python module constants,
JSON and TOML; some pass and some fail, so that both the reading and the policy's findings are timed. Each
shape is written twice: naming as many datasets as a file may (``MAX_DATASETS``, 5,000: every one is read,
judged and reported), and as many as the other reading limits allow (50,000 values, 4 MiB: up to 60,000,
refused with LL014 once the 5,001st is named). Target: every file under 1 s of CPU (``SLOW``), start-up
included. Prints figures; exits 0 (2 when a run crashed).

    python bench/bench_many_datasets.py
    python bench/bench_many_datasets.py --scale 0.1     # smaller files, for a quick look
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SLOW = 1.0
MAX_DATASETS = 5_000  # lineage_lint.sources.limits.MAX_DATASETS (not imported: the bench runs any install)
HEAD = "seed: 1\nepochs: 1\n"


def shapes(scale: float) -> dict[str, tuple[str, Callable[[int], str], int]]:
    """label -> (file name, text for n datasets, the most datasets the other reading limits allow)."""
    def n(count: int) -> int:
        return max(int(count * scale), 1)

    return {
        "list of URIs, unpinned": ("list.yaml", lambda k: HEAD + "datasets:\n" + "".join(
            f"  - s3://b/d{i}/\n" for i in range(k)), n(45_000)),
        "named URIs with /v3/ (pass)": ("named.yaml", lambda k: HEAD + "data:\n" + "".join(
            f"  d{i}: s3://b/d{i}/v3/\n" for i in range(k)), n(24_000)),
        "named URIs, unpinned": ("named_none.yaml", lambda k: HEAD + "data:\n" + "".join(
            f"  d{i}: s3://b/d{i}/\n" for i in range(k)), n(24_000)),
        "{path, revision: main} items": ("items.yaml", lambda k: HEAD + "datasets:\n" + "".join(
            f"  - {{path: org/d{i}, revision: main}}\n" for i in range(k)), n(9_000)),
        "{path, revision: <sha>} items (pass)": ("items_pass.yaml", lambda k: HEAD + "datasets:\n" + "".join(
            f"  - {{path: org/d{i}, revision: {i:040x}}}\n" for i in range(k)), n(9_000)),
        "version siblings (pass)": ("siblings.yaml", lambda k: HEAD + "".join(
            f"d{i}_path: s3://b/d{i}/\nd{i}_version: v{i}\n" for i in range(k)), n(24_000)),
        "LLaMA-Factory dataset string": ("lf.yaml", lambda k: (
            "stage: sft\ndo_train: true\nmodel_name_or_path: x\nseed: 1\nfinetuning_type: lora\ndataset: "
            + ",".join(f"d{i}" for i in range(k)) + "\n"), n(60_000)),
        "dataset mixer keys": ("mixer.yaml", lambda k: (
            "seed: 1\nnum_train_epochs: 1\nlearning_rate: 0.1\ndataset_mixer:\n"
            + "".join(f"  org/d{i}: 0.5\n" for i in range(k))), n(24_000)),
        "Python constants": ("consts.py", lambda k: "SEED = 1\nEPOCHS = 1\n" + "".join(
            f"D{i}_PATH = 's3://b/d{i}/'\nD{i}_VERSION = 'v{i}'\n" for i in range(k)), n(24_000)),
        "Python list": ("list.py", lambda k: "seed = 1\nepochs = 1\ndatasets = [\n" + "".join(
            f"    's3://b/d{i}/',\n" for i in range(k)) + "]\n", n(45_000)),
        "JSON named mapping": ("named.json", lambda k: '{"seed": 1, "epochs": 1, "data": {' + ", ".join(
            f'"d{i}": "s3://b/d{i}/"' for i in range(k)) + "}}", n(24_000)),
        "TOML array of tables": ("tables.toml", lambda k: "seed = 1\nepochs = 1\n" + "".join(
            f'[[datasets]]\npath = "org/d{i}"\nrevision = "v{i}"\n' for i in range(k)), n(9_000)),
    }


CHILD = (
    "import resource, sys\n"
    "from lineage_lint.cli import main\n"
    "code = main(['check', '--format', 'concise', sys.argv[1]])\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(f'{usage.ru_utime + usage.ru_stime}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count (default 1)")
    args = parser.parse_args(argv)
    workspace = Path(tempfile.mkdtemp(prefix="lineage-many-datasets-"))
    status, slow = 0, 0
    try:
        print(f"{'shape':<38} {'datasets':>8} {'size':>8} {'CPU':>8}  findings")
        runs = [(label, name, make, count) for label, (name, make, most) in shapes(args.scale).items()
                for count in sorted({min(most, int(MAX_DATASETS * args.scale)), most})]
        for label, name, make, count in runs:
            text = make(count)
            (workspace / name).write_text(text, encoding="utf-8")
            done = subprocess.run([sys.executable, "-c", CHILD, name], cwd=workspace, capture_output=True,
                                  text=True, timeout=600, check=False)
            if "Traceback" in done.stderr or done.returncode not in (0, 1):
                print(f"{label:<38} CRASH (exit {done.returncode}): {done.stderr[-300:]}")
                status = 2
                continue
            cpu = float(done.stderr.strip().splitlines()[-1])
            slow += cpu > SLOW
            codes = sorted({line.split()[1] for line in done.stdout.splitlines() if line.count(" ") > 1})
            print(f"{label:<38} {count:>8,} {len(text) / 1024:>6.0f}KB {cpu:>7.2f}s  "
                  f"{len(done.stdout.splitlines()):,} lines {' '.join(codes[:4])}"
                  f"{'  (over ' + str(SLOW) + ' s)' if cpu > SLOW else ''}", flush=True)
        print(f"files over {SLOW:.0f} s of CPU: {slow}")
        return status
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
