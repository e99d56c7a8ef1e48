"""Precision: how many valid plain training configs `lineage-lint` passes (the answer must be all of them).

Generates N configs from the parts of ``bench/inhouse_configs.py``, each valid by construction: a declared
run seed and exactly one dataset pinned by an explicit version or a digest, surrounded by the usual model,
optimizer, trainer, data-loader, augmentation, callback, metric and logging sections (lists of named
augmentations, feature columns, tokenizer and model names and revisions, output, checkpoint and cache
paths, tracking URIs, environment ids: none of which is a dataset). Writes them to a temporary folder in
YAML, JSON, TOML and Python, runs the checker on them with the default policy in this process, and prints
how many pass, then every file that does not with its findings.

    python bench/bench_precision.py                # 1,000 configs
    python bench/bench_precision.py -n 200 --seed 7
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inhouse_configs import DOMAINS, EXTENSIONS, FORMATS, build, render  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="how many configs (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=10, help="failures to print in full (default 10)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    from lineage_lint.cli import main as cli

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = []
        for index in range(args.n):
            domain, fmt = DOMAINS[index % len(DOMAINS)], FORMATS[(index // len(DOMAINS)) % len(FORMATS)]
            config = build(rng, domain, fmt, seed_kind=rng.choice(["top", "section", "string"]), valid=True)
            path = root / domain / f"train_{index:05d}{EXTENSIONS[fmt]}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(config), encoding="utf-8")
            paths.append(str(path.relative_to(root)))
        out = io.StringIO()
        old = Path.cwd()
        start = time.perf_counter()
        try:
            os.chdir(root)
            with contextlib.redirect_stdout(out):
                cli(["show", "--format", "json", *paths])
        finally:
            os.chdir(old)
        seconds = time.perf_counter() - start
        results = json.loads(out.getvalue())
        failing = [r for r in results if not r.get("applicable", True) or
                   any(f["severity"] == "error" for f in r["findings"])]
        passed = len(results) - len(failing)
        print(f"valid plain configs: {passed}/{len(results)} pass ({100 * passed / max(len(results), 1):.1f}%), "
              f"{seconds:.1f} s")
        for result in failing[: args.show]:
            why = "; ".join(f"{f['code']} {f['message']}" for f in result["findings"]) or result.get("reason", "")
            print(f"  FAIL {result['path']}: {why}")
            if args.show:
                print("    " + (root / result["path"]).read_text(encoding="utf-8").replace("\n", "\n    "))
        return 0 if not failing else 1


if __name__ == "__main__":
    sys.exit(main())
