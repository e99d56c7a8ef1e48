"""Time for each Python config of a repository (detectron2 LazyConfigs, MMEngine configs), in process.

    python bench/bench_python_configs.py REPO [--top 10]

Checks every ``*.py`` under REPO's ``configs/`` and ``projects/`` folders (or all of REPO when it has
neither) with one engine, as ``lineage-lint check`` does, and prints the slowest files with their time and
how many times a Python source was parsed for each (CPU time, so that a shared machine's load does not
count) (imported bases were once parsed again per imported
name, 132 times for one detectron2 file). Target: no file over 0.3 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lineage_lint.config import Settings
from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from lineage_lint.sources import python_source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    root = args.repo.resolve()
    folders = [root / name for name in ("configs", "projects") if (root / name).is_dir()] or [root]
    files = sorted(path for folder in folders for path in folder.rglob("*.py"))
    parses = 0
    original = python_source.parse_python

    def counting(text: str, importer: python_source.Importer | None = None) -> tuple[object, list[object]]:
        nonlocal parses
        parses += 1
        return original(text, importer)  # type: ignore[return-value]

    python_source.parse_python = counting  # type: ignore[assignment]
    engine = Engine(Settings(base_dir=root, root=root))
    timings: list[tuple[float, int, str]] = []
    started = time.perf_counter()
    for path in files:
        parses = 0
        before = time.process_time()  # CPU seconds: the machine may be shared
        engine.check(Target(path, path.relative_to(root).as_posix()))
        timings.append((time.process_time() - before, parses, path.relative_to(root).as_posix()))
    total = time.perf_counter() - started
    timings.sort(reverse=True)
    print(f"{len(files)} Python configs in {total:.2f} s wall; slowest {timings[0][0]:.3f} s CPU" if timings
          else "no files")
    for seconds, count, name in timings[: args.top]:
        print(f"  {seconds:7.3f} s  {count:4d} parses  {name}")
    over = sum(1 for seconds, _, _ in timings if seconds > 0.3)
    configs = [t for t in timings if "configs/" in t[2]]  # config folders, apart from library modules beside them
    print(f"files over 0.3 s: {over}; under a configs/ folder: {len(configs)} files, slowest "
          f"{configs[0][0] if configs else 0:.3f} s, most parses {max((t[1] for t in configs), default=0)}, "
          f"over 0.3 s: {sum(1 for t in configs if t[0] > 0.3)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
