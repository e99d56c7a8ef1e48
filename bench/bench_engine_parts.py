"""Where the cold check's time goes: CSafeLoader's parse, lineage-lint's positioned tree, and the whole engine.

Generates bench_speed.py's workload (``--files`` configs, default 1,000) and times, in one process and in CPU
seconds, (1) ``yaml.load`` with CSafeLoader over every file's text, (2) ``parse_text`` (the positioned tree
findings are located on), (3) ``Engine.check`` on every file (reading, composition, profile detection, seeds,
datasets, policy), for ``--rounds`` rounds. The difference between (3) and (2) is what reading a config for its
meaning costs; the last column takes from (3) the CPU time of the engine's own ``parse_text`` calls in the same
run instead, which a shared machine's load disturbs less::

    python bench/bench_engine_parts.py --files 1000 --rounds 3
    PYTHONPATH=/path/to/other/checkout/hooks python bench/bench_engine_parts.py   # another checkout's code
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import bench_speed

from lineage_lint import engine as engine_module
from lineage_lint.config import load_settings
from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from lineage_lint.runner import fewer_collections
from lineage_lint.sources import parse_text


def cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    fewer_collections()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    own_tree = [0.0]  # CPU seconds the engine's own parse_text calls took, in the same run as the engine
    original = engine_module.parse_text

    def timed_parse(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            own_tree[0] += time.process_time() - start

    engine_module.parse_text = timed_parse
    with tempfile.TemporaryDirectory(prefix="lineage-parts-") as folder:
        work = bench_speed.generate(Path(folder), args.files)
        os.chdir(work.root)
        texts = {path: Path(path).read_text(encoding="utf-8") for path in work.paths}
        print(f"{len(texts):,} files, {sum(map(len, texts.values())):,} characters; CPU seconds per round")
        print(f"  {'CSafeLoader parse':<22} {'positioned tree':<18} {'whole engine':<14} {'engine - tree':<15} "
              "engine - its own tree (per file)")
        for _ in range(args.rounds):
            floor = cpu(lambda: [yaml.load(text, Loader=loader) for text in texts.values()])
            tree = cpu(lambda: [parse_text(text, "yaml", path) for path, text in texts.items()])
            engine = Engine(load_settings(work.root))
            own_tree[0] = 0.0
            whole = cpu(lambda engine=engine: [engine.check(Target(Path(path), path)) for path in texts])
            beyond = f"{(whole - tree) / len(texts) * 1000:.2f} ms"
            print(f"  {floor:<22.3f} {tree:<18.3f} {whole:<14.3f} {beyond:<15} "
                  f"{(whole - own_tree[0]) / len(texts) * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
