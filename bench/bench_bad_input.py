#!/usr/bin/env python3
"""Time and peak memory of ``lineage-lint check`` on hostile inputs, each in a fresh process.

The alias bomb (10 levels of 9 aliases: 3.4 billion nodes if expanded), deep flow nesting (which crashes
libyaml's C composer if handed to it), a file just under the size cap, one over it, and the inputs of
"the checker under attack" that took minutes and gigabytes: a 4 MiB stream of deep documents, 349k tiny
documents, a flow list of 2M items (YAML, JSON, Python), nesting of 1,000-5,000 levels, megabytes of blank
lines; then repetition standing in for aliases in JSON and TOML, lines of 3.9 MiB, mappings of 300k keys,
deep Python literals, NUL bytes, BOMs, mixed line endings, CRLF in keys, interpolation chains, cycles and
nesting, ``!!python/object`` tags, merge-key bombs and a file name that is not UTF-8. Target: every input
under the cap in under 2 s with a peak under 200 MB. Each child reports its
own peak RSS and CPU time (CPU is what to read on a shared machine; wall-clock is printed too). Prints
figures; exits 0 (2 when a run crashed or gave an unexpected result).
"""

from __future__ import annotations

import os
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


def interpolation_chain(length: int) -> str:
    return "a0: 1\n" + "".join(f"a{i}: ${{a{i - 1}}}\n" for i in range(1, length)) + f"seed: ${{a{length - 1}}}\n"


def merge_key_bomb() -> str:
    lines = ["b0: &b0 {x: 1, y: 2}"] + [f"b{i}: &b{i} {{<<: [{', '.join([f'*b{i - 1}'] * 9)}]}}" for i in range(1, 11)]
    return "seed: 1\n" + "\n".join(lines) + "\nrun:\n  <<: *b10\n"


CASES = {
    "alias bomb, 10 levels (LL006)": ("bomb.yaml", alias_bomb, "LL006"),
    "flow nesting 500k deep (LL001)": ("deep.yaml", lambda: "[" * 500_000, "LL001"),
    "4 MiB stream of deep documents": ("docs.yaml", deep_documents, "LL014"),
    "349k tiny documents": ("tiny.yaml", lambda: "seed: 1\n" + "---\na\n" * 349_000, "LL014"),
    # every document of a stream is judged: 1,000 training configs (the most a stream may hold), each unpinned
    "1,000 training documents": ("runs.yaml", lambda: "\n---\n".join(
        ["seed: 1\ndata: {path: s3://a/b.parquet}\noptimizer: {lr: 0.1}\ntrainer: {max_epochs: 2}"] * 1_000) + "\n",
        "LL201"),
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
    # a second round of hostile inputs: repetition instead of aliases, long lines, wide mappings, odd bytes,
    # interpolation, tags, merge keys, a file name that is not UTF-8
    "JSON of 110k repeated objects": ("rep.json", lambda: '{"seed": 1, "x": [' + ",".join(
        ['{"a": [1, 2, 3], "b": {"c": "d"}}'] * 110_000) + "]}", "LL014"),
    "TOML of 150k repeated tables": ("rep.toml", lambda: "seed = 1\n" + "".join(
        f"[t{i}]\na = 1\nb = [1, 2]\n" for i in range(150_000)), "LL014"),
    "YAML line of 3.9 MiB": ("line.yaml", lambda: "seed: 1\nnote: " + "a" * 3_900_000 + "\n", ""),
    "JSON string of 3.9 MiB": ("line.json", lambda: '{"seed": 1, "note": "' + "a" * 3_900_000 + '"}', ""),
    "Python string of 3.9 MiB": ("line_config.py", lambda: "seed = 1\nnote = '" + "a" * 3_900_000 + "'\n", ""),
    "YAML mapping of 350k keys": ("keys.yaml", lambda: "seed: 1\n" + "".join(f"k{i}: 1\n" for i in range(350_000)),
                                  "LL014"),
    "JSON mapping of 300k keys": ("keys.json", lambda: '{"seed": 1, ' + ", ".join(
        f'"k{i}": 1' for i in range(300_000)) + "}", "LL014"),
    "Python literal 5,000 deep": ("deep_config.py", lambda: "seed = 1\nx = " + "[" * 5_000 + "]" * 5_000 + "\n",
                                  "LL014"),
    "Python dict() calls 3,000 deep": ("calls_config.py", lambda: "seed = 1\nx = " + "dict(a=" * 3_000 + "1"
                                       + ")" * 3_000 + "\n", "LL014"),
    "1 MB of NUL bytes": ("nul.yaml", lambda: "seed: 1\n" + "\x00" * 1_000_000, "LL002"),
    "two BOMs": ("bom.yaml", lambda: "\ufeff\ufeffseed: 1\n", ""),
    "CR, LF and CRLF mixed (200k lines)": ("mixed.yaml", lambda: "seed: 1\r\nx: 2\ry: 3\nz: 4\r\n" * 50_000,
                                           "LL014"),
    "CRLF inside JSON keys": ("crlf.json", lambda: '{"se\\r\\ned": 1, "seed\\r\\n": null, "x": 1}', ""),
    "interpolation chain of 40k": ("chain.yaml", lambda: interpolation_chain(40_000), "LL014"),
    "self-referencing interpolation": ("self.yaml", lambda: "seed: ${seed}\n", "LL104"),
    "interpolation nested 50k deep": ("nested.yaml", lambda: "seed: " + "${" * 50_000 + "a" + "}" * 50_000 + "\n",
                                      "LL104"),
    "!!python/object/apply tag": ("tag.yaml", lambda: 'seed: !!python/object/apply:os.system ["touch pwned"]\n',
                                  "LL104"),
    "merge-key bomb, 10 levels of 9": ("merge.yaml", merge_key_bomb, ""),
    "file name that is not UTF-8": (os.fsdecode(b"train_\xff\xfe.yaml"), lambda: "seed: null\nepochs: 3\n", "LL102"),
}


# The child's own peak: VmHWM of /proc/self/status starts anew at exec, while ru_maxrss keeps the peak of the
# process forked from this one (which holds the generated inputs), so it would report this process's size.
CHILD = (
    "import re, resource, sys\n"
    "from lineage_lint.cli import main\n"
    "code = main(['check', '--format', 'concise', sys.argv[1]])\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "with open('/proc/self/status') as status:\n"
    "    peak = int(re.search(r'VmHWM:\\s*(\\d+)', status.read()).group(1))\n"
    "print(f'{peak} {usage.ru_utime + usage.ru_stime}', file=sys.stderr)\n"
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
            (workspace / name).write_bytes(make().encode("utf-8"))
            seconds, cpu, peak, out = run(workspace, name, 3)
            got = out.split()[1] if out.strip() else "clean"
            ok = got == expected if expected else got == "clean"
            status |= 0 if ok else 2
            print(f"{label:<38} {seconds:>7.3f}s {cpu:>7.3f}s {peak:>8.1f}MB  {got}{'' if ok else '  (UNEXPECTED)'}",
                  flush=True)
        if (workspace / "pwned").exists():
            print("a tag was executed: `pwned` was created")
            status = 2
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
