"""The fuzzer's long run: mutated configs through every reader, the engine, every reporter and ``show``.

    nice python bench/fuzz.py --inputs 1000000 [--seconds S] [--seed 0] [--corpus DIR] [--crashes DIR]

Prints inputs per second, the slowest input, and every escaped exception (each input that escaped is
saved under ``--crashes`` to be replayed with ``--replay FILE``). Exits 1 when anything escaped or an
input took longer than ``--budget`` seconds. One process; the inputs are deterministic for a given seed.
The contract and the mutations are in ``tests/fuzz/harness.py``; the test suite runs a short slice of it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz.harness import SUFFIX_FORMAT, Stats, Target_, mutate, seed_files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="more seed configs (a folder)")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--budget", type=float, default=2.0,
                        help="CPU seconds the engine's check of any one input may take (CPU, not wall-clock: the "
                             "machine may be shared)")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: when --inputs are done)")
    parser.add_argument("--every", type=int, default=10_000, help="print progress every N inputs")
    parser.add_argument("--replay", type=Path, help="run one saved input and print what escaped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".git").mkdir()  # the repository root for the engine (nothing runs git)
        seeds = seed_files(args.corpus)
        for name, data in seeds.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        target = Target_(root)
        if args.replay:
            for escape in target.run_one(args.replay.name.split("__", 1)[-1], args.replay.read_bytes()):
                print(f"{escape.where}: {escape.error}")
            return 0
        return _run(target, seeds, args)


def _run(target: Target_, seeds: dict[str, bytes], args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    names = sorted(seeds)
    stats = Stats()
    slow: list[tuple[float, str]] = []
    started = time.perf_counter()
    print(f"fuzzing {args.inputs:,} inputs from {len(names)} seeds (seed {args.seed})", flush=True)
    for number in range(1, args.inputs + 1):
        if args.seconds and time.perf_counter() - started > args.seconds:
            print(f"stopped after {args.seconds:,.0f} s (--seconds)", flush=True)
            break
        name = rng.choice(names)
        fmt = SUFFIX_FORMAT.get(Path(name).suffix, "yaml")
        data = mutate(seeds[name], fmt, rng, seeds[rng.choice(names)])
        before = len(stats.escapes)
        target.run_one(name, data, stats)
        took = stats.last_check
        if took > args.budget:
            slow.append((took, name))
            _save(args.crashes, number, name, data)
        for escape in stats.escapes[before:]:
            print(f"ESCAPED #{number} {escape.name} in {escape.where}: {escape.error}", flush=True)
            _save(args.crashes, number, name, data)
        if number % args.every == 0:
            wall = time.perf_counter() - started
            print(f"{number:,} inputs, {number / wall:,.1f}/s, slowest check {stats.slowest_check:.3f} s CPU "
                  f"({stats.slowest_check_name}), slowest pipeline {stats.slowest:.3f} s wall, "
                  f"escaped {len(stats.escapes)}, over budget {len(slow)}", flush=True)
    wall = time.perf_counter() - started
    print(f"done: {stats.inputs:,} inputs in {wall:,.0f} s ({stats.inputs / wall:,.1f} inputs/s); slowest check "
          f"{stats.slowest_check:.3f} s CPU ({stats.slowest_check_name}); slowest whole pipeline {stats.slowest:.3f} s "
          f"wall ({stats.slowest_name}); escaped exceptions: {len(stats.escapes)}; checks over {args.budget} s: "
          f"{len(slow)}")
    return 1 if stats.escapes or slow else 0


def _save(folder: Path, number: int, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{number}__{Path(name).name}").write_bytes(data)


if __name__ == "__main__":
    raise SystemExit(main())
