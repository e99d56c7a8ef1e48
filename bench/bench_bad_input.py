#!/usr/bin/env python3
"""Time and peak memory of ``lineage-lint check`` on hostile inputs, each in a fresh process.

The alias bomb (10 levels of 9 aliases: 3.4 billion nodes if expanded), deep flow nesting (which crashes
libyaml's C composer if handed to it), a file just under the size cap, and one over it. Target from the
core issue: the alias bomb finishes well under a second with bounded memory. Prints figures; exits 0
(2 when a run crashed or gave an unexpected result).
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 11)]
    return "seed: 1\n" + "\n".join(lines) + "\n"


CASES = {
    "alias bomb, 10 levels (LL006)": ("bomb.yaml", alias_bomb, "LL006"),
    "flow nesting 500k deep (LL001)": ("deep.yaml", lambda: "[" * 500_000, "LL001"),
    "3.9 MiB config under the cap": ("big_config.yaml", lambda: "seed: 1\n" + "# pad\n" * 680_000, ""),
    "5 MiB file over the cap (LL007)": ("huge_config.yaml", lambda: "x: 1\n" * 1_300_000, "LL007"),
}


def run(workspace: Path, name: str, repeat: int) -> tuple[float, float, str]:
    """Median seconds, peak RSS (MiB) of the child, and its output."""
    times, peaks, out = [], [], ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, "-m", "lineage_lint", "check", "--format", "concise", name],
                                   cwd=workspace, capture_output=True, text=True, timeout=120, check=False)
        times.append(time.perf_counter() - start)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
        if "Traceback" in completed.stderr or completed.returncode not in (0, 1):
            raise SystemExit(f"{name}: crashed (exit {completed.returncode}): {completed.stderr[-400:]}")
        out = completed.stdout
    return statistics.median(times), max(peaks), out


def main() -> int:
    workspace = Path(tempfile.mkdtemp(prefix="lineage-bad-input-"))
    try:
        floor, floor_peak, _ = run_floor(workspace)
        print(f"{'input':<34} {'median':>9} {'peak RSS':>10}  result")
        floor_label = 'python -c "import yaml, jsonschema"'
        print(f"{floor_label:<34} {floor:>8.3f}s {floor_peak:>8.1f}MB  (the import floor)")
        status = 0
        for label, (name, make, expected) in CASES.items():
            (workspace / name).write_text(make(), encoding="utf-8")
            seconds, peak, out = run(workspace, name, 5)
            got = out.split()[1] if out.strip() else "clean"
            ok = got == expected if expected else got == "clean"
            status |= 0 if ok else 2
            print(f"{label:<34} {seconds:>8.3f}s {peak:>8.1f}MB  {got}{'' if ok else '  (UNEXPECTED)'}")
        print("\nPeak RSS is the largest child process so far (ru_maxrss), so it never reads below the floor's.")
        return status
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def run_floor(workspace: Path) -> tuple[float, float, str]:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import yaml, jsonschema"], cwd=workspace, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, ""


if __name__ == "__main__":
    raise SystemExit(main())
