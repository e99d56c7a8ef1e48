#!/usr/bin/env python3
"""In-process cost per file of reading YAML: PyYAML's plain ``safe_load`` (C loader) against lineage-lint's
positioned tree, and the whole engine (parse, profile, policy). Uses the configs ``bench_check.py``
generates; prints milliseconds per file and the overhead of keeping positions."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from bench_check import generate

from lineage_lint.config import Settings
from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from lineage_lint.sources import parse_text

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def best_of(repeat: int, work: list[str], action: object) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in work:
            action(text)  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) / len(work) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lineage-parse-") as folder:
        root = Path(folder)
        generate(root, args.files)
        paths = sorted((root / "configs").glob("*.yaml"))
        texts = [path.read_text(encoding="utf-8") for path in paths]
        engine = Engine(Settings(base_dir=root, root=root))
        plain = best_of(args.repeat, texts, lambda text: yaml.load(text, Loader=LOADER))
        positioned = best_of(args.repeat, texts, lambda text: parse_text(text, "yaml", "x.yaml"))
        targets = {str(path): Target(path, str(path)) for path in paths}
        whole = best_of(args.repeat, [str(p) for p in paths], lambda name: engine.check(targets[name]))
    size = sum(len(t) for t in texts) / len(texts)
    print(f"{args.files} generated configs, mean {size:,.0f} bytes, median of {args.repeat} passes")
    print(f"  yaml.load (C safe loader, no positions)     {plain:6.3f} ms/file")
    print(f"  lineage-lint positioned tree                 {positioned:6.3f} ms/file  ({positioned / plain - 1:+.0%})")
    print(f"  lineage-lint engine (read, parse, judge)     {whole:6.3f} ms/file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
