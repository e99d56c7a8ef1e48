#!/usr/bin/env python3
"""Where a cold ``check --jobs N`` run's time goes, process by process: start-up, each process's share, the end.

A wall-clock ratio measured on a shared 2-core machine moves with the load of other work; CPU time per process
moves much less. This script generates bench_check.py's 1,000-file workload (or ``--files N``), then runs
``lineage-lint check --no-cache --jobs N configs`` several times, each in a fresh interpreter that times (CPU,
``time.process_time``; through the command's own entry point, ``cli.console``, where there is one) what happens
before the first file is checked (the interpreter, importing the CLI, settings and discovery, importing the
engine and compiling the policy), the parent's own share of the files, and the report; the children's CPU comes
from ``RUSAGE_CHILDREN`` and their number from ``os.fork``. From them it prints the wall clock measured and the
wall clock the run would take on two idle cores, the files being shared out as each process is free: the
start-up, plus the checking phase's CPU (the parent's share and every child's) over the two cores, plus the end.
Medians of the runs. It times whichever ``lineage_lint`` the interpreter imports, so
``PYTHONPATH=/path/to/other/hooks`` times another checkout with the same script (before / after, run in turn)::

    python bench/bench_shape.py                      # 1,000 files, --jobs 2, 5 runs
    PYTHONPATH=/tmp/main/hooks python bench/bench_shape.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run inside the timed interpreter: wrap the CLI's phases (their names are the same on main and on branches).
PROBE = r"""
import time
started = time.process_time()
import json, os, resource, sys
marks = {"interpreter": started}
def mark(name):
    marks[name] = time.process_time()
forks = [0]
fork = os.fork
def forking():
    forks[0] += 1
    return fork()
os.fork = forking
from lineage_lint import cli, runner
mark("import the CLI")
discover = cli.discover
def discovering(*args, **kwargs):
    found = discover(*args, **kwargs)
    mark("settings and discovery")
    return found
cli.discover = discovering
engine = runner.Checker.engine.fget
def building(self):
    new = self._engine is None
    built = engine(self)
    if new:
        mark("import the engine, compile the policy")
    return built
runner.Checker.engine = property(building)
in_workers, in_process = runner.Checker._in_workers, runner.Checker._in_process
def checking(self, *args):
    done = in_workers(self, *args)
    mark("the parent's share")
    return done
runner.Checker._in_workers = checking
wall = time.perf_counter()
sys.stdout = open(os.devnull, "w")
if hasattr(cli, "console"):  # the command's own entry point (its garbage collector settings included)
    cli.console()
else:
    cli.main(sys.argv[1:])
mark("the report and the rest")
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"marks": marks, "children": children.ru_utime + children.ru_stime, "forks": forks[0],
                  "wall": time.perf_counter() - wall}), file=sys.stderr)
"""


def run_once(workdir: Path, jobs: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PRE_COMMIT", "CI")}
    before = os.times()
    completed = subprocess.run([sys.executable, "-c", PROBE, "check", "--no-cache", "--jobs", str(jobs), "configs"],
                               cwd=workdir, env=env, capture_output=True, text=True, check=False)
    elapsed = os.times().elapsed - before.elapsed
    if completed.returncode not in (0, 1):
        raise SystemExit(f"check exited {completed.returncode}:\n{completed.stderr[-2000:]}")
    probe = json.loads(completed.stderr.strip().splitlines()[-1])
    marks, previous, phases = probe["marks"], 0.0, {}
    for name, at in marks.items():
        phases[name] = at - previous
        previous = at
    phases["children (CPU, all of them)"] = probe["children"]
    phases["children (how many)"] = probe["forks"]
    phases["wall (measured, whole process)"] = elapsed
    return phases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import bench_check

    import lineage_lint

    with tempfile.TemporaryDirectory(prefix="lineage-shape-") as folder:
        workdir = Path(folder)
        bench_check.generate(workdir, args.files)
        run_once(workdir, args.jobs)  # warm-up (byte-code written, files in the page cache)
        runs = [run_once(workdir, args.jobs) for _ in range(args.runs)]
    print(f"lineage_lint from {Path(lineage_lint.__file__).parent}; {args.files} files, --jobs {args.jobs}, "
          f"median of {args.runs} runs; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"  {'phase (CPU seconds of the parent unless said)':<48} {'median':>8}")
    for name in runs[0]:
        print(f"  {name:<48} {statistics.median(run[name] for run in runs):8.3f}")
    names = list(runs[0])
    start_up = [sum(run[n] for n in names[:names.index("the parent's share")]) for run in runs]
    idle = [s + (run["the parent's share"] + run["children (CPU, all of them)"]) / 2 + run["the report and the rest"]
            for s, run in zip(start_up, runs, strict=True)]
    print(f"  {'start-up before the first file (CPU)':<48} {statistics.median(start_up):8.3f}")
    print(f"  {'wall on 2 idle cores (start-up + phase / 2 + end)':<48} {statistics.median(idle):8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
