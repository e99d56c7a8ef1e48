#!/usr/bin/env python3
"""Time and peak memory of ``lineage-lint check`` on hostile inputs, each in a fresh process.

The alias bomb (10 levels of 9 aliases: 3.4 billion nodes if expanded), deep flow nesting (which crashes
libyaml's C composer if handed to it), a file just under the size cap, one over it, and the inputs of
"the checker under attack" that took minutes and gigabytes: a 4 MiB stream of deep documents, 349k tiny
documents, a flow list of 2M items (YAML, JSON, Python), nesting of 1,000-5,000 levels, megabytes of blank
lines. Target: every input under the cap in under 2 s with a peak under 200 MB. Each child reports its
own peak RSS and CPU time (CPU is what to read on a shared machine; wall-clock is printed too). Prints
figures; exits 0 (2 when a run crashed or gave an unexpected result).
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


def deep_documents() -> str:
    document = "---\n" + "[" * 199 + "]" * 199 + "\n"
    return "seed: 1\n" + document * (4_000_000 // len(document))


CASES = {
    "alias bomb, 10 levels (LL006)": ("bomb.yaml", alias_bomb, "LL006"),
    "flow nesting 500k deep (LL001)": ("deep.yaml", lambda: "[" * 500_000, "LL001"),
    "4 MiB stream of deep documents": ("docs.yaml", deep_documents, "LL014"),
    "349k tiny documents": ("tiny.yaml", lambda: "seed: 1\n" + "---\na\n" * 349_000, "LL014"),
    "YAML flow list of 2M items": ("list.yaml", lambda: "seed: 1\nx: [" + "a," * 2_000_000 + "]\n", "LL014"),
    "JSON list of 2M items": ("list.json", lambda: '{"seed": 1, "x": [' + "1," * 2_000_000 + "1]}", "LL014"),
    "Python list of 2M items": ("list.py", lambda: "seed = 1\nx = [" + "1," * 2_000_000 + "]\n", "LL014"),
    "YAML block nesting 1,000 deep": ("block.yaml", lambda: "".join(" " * i + "a:\n" for i in range(1_000)), "LL014"),
    "YAML sequences 5,000 deep": ("seqs.yaml", lambda: "- " * 5_000 + "x\n", "LL014"),
    "TOML arrays 5,000 deep": ("deep.toml", lambda: "a = " + "[" * 5_000 + "]" * 5_000 + "\n", "LL014"),
    "JSON 5,000 deep": ("deep.json", lambda: "[" * 5_000 + "]" * 5_000, "LL014"),
    "4 MiB of blank lines after defaults": ("blank.yaml", lambda: "defaults:\n  - a\n" + "\n" * 4_000_000, ""),
    "seed of 100k hex digits": ("hex.yaml", lambda: "seed: 0x" + "f" * 100_000 + "\n", "LL014"),
    "3.9 MiB config under the cap": ("big_config.yaml", lambda: "seed: 1\n" + "# pad\n" * 680_000, ""),
    "5 MiB file over the cap (LL007)": ("huge_config.yaml", lambda: "x: 1\n" * 1_300_000, "LL007"),
}


CHILD = (
    "import resource, sys\n"
    "from lineage_lint.cli import main\n"
    "code = main(['check', '--format', 'concise', sys.argv[1]])\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(f'{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run(workspace: Path, name: str, repeat: int) -> tuple[float, float, float, str]:
    """Median wall-clock seconds, median CPU seconds and peak RSS (MiB) of the child, and its output."""
    times, cpus, peaks, out = [], [], [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, "-c", CHILD, name],
                                   cwd=workspace, capture_output=True, text=True, timeout=600, check=False)
        times.append(time.perf_counter() - start)
        if "Traceback" in completed.stderr or completed.returncode not in (0, 1):
            raise SystemExit(f"{name}: crashed (exit {completed.returncode}): {completed.stderr[-400:]}")
        peak, cpu = completed.stderr.strip().splitlines()[-1].split()
        peaks.append(int(peak) / 1024)
        cpus.append(float(cpu))
        out = completed.stdout
    return statistics.median(times), statistics.median(cpus), max(peaks), out


def main() -> int:
    workspace = Path(tempfile.mkdtemp(prefix="lineage-bad-input-"))
    try:
        floor, floor_peak, _ = run_floor(workspace)
        print(f"{'input':<38} {'wall':>8} {'CPU':>8} {'peak RSS':>10}  result")
        floor_label = 'python -c "import yaml, jsonschema"'
        print(f"{floor_label:<38} {floor:>7.3f}s {'':>8} {floor_peak:>8.1f}MB  (the import floor)")
        status = 0
        for label, (name, make, expected) in CASES.items():
            (workspace / name).write_text(make(), encoding="utf-8")
            seconds, cpu, peak, out = run(workspace, name, 3)
            got = out.split()[1] if out.strip() else "clean"
            ok = got == expected if expected else got == "clean"
            status |= 0 if ok else 2
            print(f"{label:<38} {seconds:>7.3f}s {cpu:>7.3f}s {peak:>8.1f}MB  {got}{'' if ok else '  (UNEXPECTED)'}",
                  flush=True)
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
