#!/usr/bin/env python3
"""Time several lineage-lint installs on the same generated configs, interleaved: is a change slower?

    python bench/bench_versions.py /tmp/venv_old/bin/lineage-lint /tmp/venv_new/bin/lineage-lint

Each argument is a ``lineage-lint`` executable (one non-editable install per commit, in its own venv).
The configs are ``bench_check.py``'s (N files; every fifth breaks the policy). Every install first checks
them once untimed (warm-up, and its findings must equal the first install's), then the installs take
turns (a b c, c b a, ...) on all N files and on one file. Prints medians, min, max, and each install's
ratio to the first one (of the medians, and the median of run-by-run ratios). Exit 0 whatever the
figures; 2 when an install cannot run or reports different findings.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_check import generate


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("executables", nargs="+", help="lineage-lint executables; the first is the reference")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of the N-file check (one file: 3x)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lineage-versions-") as folder:
        work = Path(folder)
        paths, _ = generate(work, args.files)
        outputs = []
        for exe in args.executables:
            done = subprocess.run([exe, "check", *paths], cwd=work, capture_output=True, text=True, check=False)
            if done.returncode not in (0, 1):
                print(f"{exe} failed (exit {done.returncode}): {done.stderr.strip()}", file=sys.stderr)
                return 2
            outputs.append(done.stdout)
        if any(output != outputs[0] for output in outputs):
            print("the installs report different findings on the same files", file=sys.stderr)
            return 2
        plans = ((f"{args.files} files", paths, args.repeat), ("1 file", paths[:1], 3 * args.repeat))
        for label, files, repeat in plans:
            times: dict[str, list[float]] = {exe: [] for exe in args.executables}
            for run in range(repeat):
                for exe in args.executables if run % 2 == 0 else args.executables[::-1]:
                    times[exe].append(timed([exe, "check", *files], work))
            reference = times[args.executables[0]]
            print(f"{label}, {repeat} runs each (wall clock)")
            for exe, got in times.items():
                ratio = statistics.median(got) / statistics.median(reference)
                paired = statistics.median(a / b for a, b in zip(got, reference, strict=True))
                print(f"  {statistics.median(got):7.3f} s median  {min(got):7.3f} min  {max(got):7.3f} max  "
                      f"{ratio:5.2f}x ({paired:.2f}x paired)  {exe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
