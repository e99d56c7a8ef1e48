"""The fuzzer's long run: mutated configs through their reader, the engine, a reporter and ``show``.

    nice python bench/fuzz.py --inputs 1000000 [--jobs 1] [--seconds S] [--seed 0] [--corpus DIR]

Every input goes through its reader, the engine (size cap, decoding, profiles, composition, the policy
compiled once per process) and both ``show`` renderings, and through one report format drawn at random
with the input (``--all-reporters``: every format, about 7 times slower), so each format renders about
1/7 of the inputs. Inputs are made in chunks of ``--chunk`` from ``(--seed, chunk number)``: input N is
the same whatever ``--jobs`` is, and ``--replay-number N`` runs it alone. ``--jobs N`` runs N worker
processes, each with its own engine and workspace (under /dev/shm when there is one).

Prints inputs per second, the slowest input (CPU seconds of the engine's check, which is what
``lineage-lint check`` spends, and of the whole pipeline), the renders per format, and every escaped
exception. Each input that escaped or went over ``--budget`` is saved under ``--crashes`` to be replayed
with ``--replay FILE``. Exits 1 when anything escaped, an input's check took longer than ``--budget``
CPU seconds, or fewer inputs than asked were run (``--seconds``, or ``kill PID``: the figures so far are
printed). The contract and the mutations are in ``tests/fuzz/harness.py``; the test suite runs a
short derandomized slice of it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lineage_lint.report import FORMATS
from tests.fuzz.harness import SUFFIX_FORMAT, Stats, Target_, mutate, seed_files


@dataclass
class Found:
    """What one chunk reports back: its figures and the inputs to save."""

    inputs: int = 0
    cpu: float = 0.0
    slowest_check: float = 0.0
    slowest_check_name: str = ""
    slowest: float = 0.0
    slowest_name: str = ""
    reports: dict[str, int] = field(default_factory=dict)
    escapes: list[tuple[int, str, str, str]] = field(default_factory=list)  # number, name, where, error
    slow: list[tuple[int, str, float]] = field(default_factory=list)  # number, name, check CPU seconds
    saved: dict[int, tuple[str, bytes]] = field(default_factory=dict)


def make_input(seeds: dict[str, bytes], names: list[str], seed: int, number: int,
               chunk: int) -> tuple[str, bytes, str]:
    """Input ``number`` (from 1): its seed file name, its bytes and the report format it goes through.
    Deterministic in ``(seed, chunk number)``: the inputs of a chunk are drawn in order from one RNG."""
    index = (number - 1) // chunk
    rng = random.Random(f"{seed}:{index}")
    for _ in range(index * chunk + 1, number + 1):
        name, data, fmt = _draw(seeds, names, rng)
    return name, data, fmt


def _draw(seeds: dict[str, bytes], names: list[str], rng: random.Random) -> tuple[str, bytes, str]:
    name = rng.choice(names)
    data = mutate(seeds[name], SUFFIX_FORMAT.get(Path(name).suffix, "yaml"), rng, seeds[rng.choice(names)])
    return name, data, rng.choice(FORMATS)


class Worker:
    """One process's workspace and engine, set up once; :meth:`chunk` fuzzes one chunk of inputs."""

    def __init__(self, seeds: dict[str, bytes], args: argparse.Namespace) -> None:
        shm = Path("/dev/shm")
        self.folder = tempfile.TemporaryDirectory(prefix="lineage-fuzz-", dir=shm if shm.is_dir() else None)
        root = Path(self.folder.name)
        (root / ".git").mkdir()  # the repository root for the engine (nothing runs git)
        for name, data in seeds.items():  # bases that seeds name can be found
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        self.target = Target_(root)
        self.seeds, self.names, self.args = seeds, sorted(seeds), args

    def chunk(self, index: int) -> Found:
        args = self.args
        rng = random.Random(f"{args.seed}:{index}")
        first = index * args.chunk + 1
        stats, found = Stats(), Found()
        for number in range(first, min(first + args.chunk, args.inputs + 1)):
            name, data, fmt = _draw(self.seeds, self.names, rng)
            before = len(stats.escapes)
            self.target.run_one(name, data, stats, FORMATS if args.all_reporters else (fmt,))
            if stats.last_check > args.budget:
                found.slow.append((number, name, stats.last_check))
                found.saved[number] = (name, data)
            for escape in stats.escapes[before:]:
                found.escapes.append((number, name, escape.where, escape.error))
                found.saved[number] = (name, data)
        found.inputs, found.cpu, found.reports = stats.inputs, stats.seconds, stats.reports
        found.slowest_check, found.slowest_check_name = stats.slowest_check, stats.slowest_check_name
        found.slowest, found.slowest_name = stats.slowest, stats.slowest_name
        return found


_WORKER: list[Worker] = []  # this process's worker, made once by the pool's initializer


def _start_worker(seeds: dict[str, bytes], args: argparse.Namespace) -> None:
    _WORKER[:] = [Worker(seeds, args)]


def _run_chunk(index: int) -> Found:
    return _WORKER[0].chunk(index)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=500, help="inputs drawn from one RNG (default 500)")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="more seed configs (a folder)")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--budget", type=float, default=2.0,
                        help="CPU seconds the engine's check of any one input may take (CPU, not wall-clock: the "
                             "machine may be shared)")
    parser.add_argument("--all-reporters", action="store_true", help="every input through every report format")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: when --inputs are done)")
    parser.add_argument("--every", type=int, default=10_000, help="print progress every N inputs")
    parser.add_argument("--replay", type=Path, help="run one saved input (every report format) and print what escaped")
    parser.add_argument("--replay-number", type=int, help="make input N of this --seed and --chunk, run and save it")
    args = parser.parse_args()
    seeds = seed_files(args.corpus)
    if args.replay or args.replay_number:
        return _replay(seeds, args)
    return _run(seeds, args)


def _replay(seeds: dict[str, bytes], args: argparse.Namespace) -> int:
    if args.replay:
        name, data = args.replay.name.split("__", 1)[-1], args.replay.read_bytes()
    else:
        name, data, _ = make_input(seeds, sorted(seeds), args.seed, args.replay_number, args.chunk)
        _save(args.crashes, args.replay_number, name, data)
        print(f"input #{args.replay_number}: {name}, {len(data):,} bytes, saved under {args.crashes}")
    worker = Worker(seeds, args)
    stats = Stats()
    escapes = worker.target.run_one(name, data, stats)
    for escape in escapes:
        print(f"{escape.where}: {escape.error}")
    print(f"check {stats.last_check:.3f} s CPU, whole pipeline {stats.seconds:.3f} s CPU")
    return 1 if escapes else 0


def _chunks(seeds: dict[str, bytes], args: argparse.Namespace) -> Iterator[Found]:
    count = (args.inputs + args.chunk - 1) // args.chunk
    if args.jobs <= 1:
        _start_worker(seeds, args)
        yield from map(_run_chunk, range(count))
        return
    with multiprocessing.get_context("fork").Pool(args.jobs, _start_worker, (seeds, args)) as pool:
        yield from pool.imap_unordered(_run_chunk, range(count))


def _run(seeds: dict[str, bytes], args: argparse.Namespace) -> int:
    total = Found()
    started = time.perf_counter()
    printed = 0
    print(f"fuzzing {args.inputs:,} inputs from {len(seeds)} seeds (seed {args.seed}, {args.jobs} job(s), "
          f"{'every report format' if args.all_reporters else 'one report format at random'} per input)", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID`: the figures so far, and the workspace removed
    try:
        for found in _chunks(seeds, args):
            _merge(total, found)
            for number, name, where, error in found.escapes:
                print(f"ESCAPED #{number} {name} in {where}: {error}", flush=True)
            for number, name, took in found.slow:
                print(f"SLOW #{number} {name}: check {took:.3f} s CPU", flush=True)
            for number, (name, data) in found.saved.items():
                _save(args.crashes, number, name, data)
            if total.inputs - printed >= args.every:
                printed = total.inputs
                print(_line(total, time.perf_counter() - started), flush=True)
            if args.seconds and time.perf_counter() - started > args.seconds:
                print(f"stopped after {args.seconds:,.0f} s (--seconds)", flush=True)
                break
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    wall = time.perf_counter() - started
    print(f"done: {_line(total, wall)}")
    print("renders per report format: " + ", ".join(f"{name} {count:,}" for name, count in
                                                    sorted(total.reports.items())))
    if total.inputs < args.inputs:
        print(f"{args.inputs - total.inputs:,} of the {args.inputs:,} inputs asked were not run")
    return 1 if total.escapes or total.slow or total.inputs < args.inputs else 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _merge(total: Found, found: Found) -> None:
    total.inputs += found.inputs
    total.cpu += found.cpu
    for name, count in found.reports.items():
        total.reports[name] = total.reports.get(name, 0) + count
    if found.slowest_check > total.slowest_check:
        total.slowest_check, total.slowest_check_name = found.slowest_check, found.slowest_check_name
    if found.slowest > total.slowest:
        total.slowest, total.slowest_name = found.slowest, found.slowest_name
    total.escapes += found.escapes
    total.slow += found.slow


def _line(total: Found, wall: float) -> str:
    return (f"{total.inputs:,} inputs in {wall:,.0f} s: {total.inputs / wall:,.1f} inputs/s wall, "
            f"{total.inputs / max(total.cpu, 1e-9):,.1f} inputs per CPU second; slowest check "
            f"{total.slowest_check:.3f} s CPU ({total.slowest_check_name}), slowest whole pipeline "
            f"{total.slowest:.3f} s CPU ({total.slowest_name}); escaped {len(total.escapes)}, "
            f"checks over budget {len(total.slow)}")


def _save(folder: Path, number: int, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{number}__{Path(name).name}").write_bytes(data)


if __name__ == "__main__":
    raise SystemExit(main())
