"""Same output: every byte ``check`` and ``show`` print over varied inputs, saved, or diffed against a save.

A guard for work that must not change what lineage-lint says (speed work above all). Over the development sets
(``bench/inhouse``, ``bench/blind``, ``bench/adversarial``, ``/work/shared/corpus`` when present) and inputs
generated deterministically here (bench_precision's valid configs, bench_speed's workload, the fuzzer's
mutated inputs), it runs, each in its own process from the set's folder with relative paths:

- ``check --no-cache --format json .`` (discovery included) and ``check --no-cache --color never <files>``;
- ``show --format json <files>`` and ``show --explain --color never <files>``;

and keeps each command's exit code, stdout and stderr. ``--save DIR`` writes them to DIR; ``--against DIR``
compares them with a save and prints the first differing lines of every command that differs (exit 1)::

    python bench/same_output.py --save /tmp/same-main          # on main (the baseline)
    python bench/same_output.py --against /tmp/same-main       # on the branch, after every step

The generated inputs are written under ``--work`` (default ``/tmp/lineage-same-output``, made afresh each run),
so the paths a report may print are the same from run to run.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

CORPUS = Path("/work/shared/corpus")


def lint_command() -> list[str]:
    script = Path(sys.executable).with_name("lineage-lint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lineage_lint"]


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)


def precision_set(root: Path, count: int) -> None:
    from inhouse_configs import DOMAINS, EXTENSIONS, FORMATS, build, render

    rng = random.Random(1)
    for index in range(count):
        domain, fmt = DOMAINS[index % len(DOMAINS)], FORMATS[(index // len(DOMAINS)) % len(FORMATS)]
        config = build(rng, domain, fmt, seed_kind=rng.choice(["top", "section", "string"]), valid=index % 4 != 0)
        path = root / "files" / domain / f"train_{index:05d}{EXTENSIONS[fmt]}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(config), encoding="utf-8")


def speed_set(root: Path, count: int) -> None:
    import bench_speed

    bench_speed.generate(root, count)


def fuzz_set(root: Path, count: int) -> None:
    """The fuzzer's first ``count`` inputs of seed 0 (chunks of 500, as ``bench/fuzz.py`` draws them)."""
    from fuzz import _draw
    from tests.fuzz.harness import seed_files

    seeds = seed_files()
    (root / ".git").mkdir(parents=True)
    for name, data in seeds.items():  # the bases seeds name can be found, as in the fuzzer's workspace
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    names = sorted(seeds)
    rng = random.Random("0:0")
    for number in range(1, count + 1):
        if (number - 1) % 500 == 0:
            rng = random.Random(f"0:{(number - 1) // 500}")
        name, data, _ = _draw(seeds, names, rng)
        target = root / "fuzz" / f"{number:05d}" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def sets(work: Path, args: argparse.Namespace) -> dict[str, tuple[Path, list[str]]]:
    """Each set's folder (the working directory of its commands) and its files, relative to it."""
    found: dict[str, tuple[Path, list[str]]] = {}
    for name in ("inhouse", "blind", "adversarial"):
        found[name] = (HERE / name, [f"files/{p}" for p in files_under(HERE / name / "files")])
    if CORPUS.is_dir():
        found["corpus"] = (CORPUS, [f"files/{p}" for p in files_under(CORPUS / "files")])
    makers = {"precision": (precision_set, args.precision), "speed": (speed_set, args.speed),
              "fuzz": (fuzz_set, args.fuzz)}
    for name, (make, count) in makers.items():
        root = work / name
        root.mkdir(parents=True)
        make(root, count)
        found[name] = (root, [p for p in files_under(root) if name != "fuzz" or p.startswith("fuzz/")])
    return found


def commands(files: list[str]) -> dict[str, list[str]]:
    return {
        "check-json": ["check", "--no-cache", "--format", "json", "."],
        "check-text": ["check", "--no-cache", "--color", "never", *files],
        "show-json": ["show", "--format", "json", *files],
        "show-explain": ["show", "--explain", "--color", "never", *files],
    }


def run(lint: list[str], arguments: list[str], cwd: Path) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "GITHUB_", "LINEAGE_LINT"))}
    env.update(NO_COLOR="1", TERM="dumb", COLUMNS="100")
    done = subprocess.run([*lint, *arguments], cwd=cwd, env=env, capture_output=True, timeout=1800, check=False)
    return b"exit %d\n--- stdout\n%s--- stderr\n%s" % (done.returncode, done.stdout, done.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path, help="write the outputs to this folder")
    what.add_argument("--against", type=Path, help="compare the outputs with this saved folder")
    parser.add_argument("--work", type=Path, default=Path("/tmp/lineage-same-output"))
    parser.add_argument("--precision", type=int, default=400, help="bench_precision-style configs (default 400)")
    parser.add_argument("--speed", type=int, default=300, help="bench_speed workload files (default 300)")
    parser.add_argument("--fuzz", type=int, default=1500, help="fuzzer inputs (default 1500)")
    parser.add_argument("--only", action="append", default=[], help="only this set (repeatable)")
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    lint = lint_command()
    differing = 0
    total = 0
    for name, (root, files) in sets(args.work, args).items():
        if args.only and name not in args.only:
            continue
        for label, arguments in commands(files).items():
            start = time.perf_counter()
            output = run(lint, arguments, root)
            total += 1
            key = f"{name}.{label}.out"
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / key).write_bytes(output)
                state = "saved"
            else:
                saved = (args.against / key).read_bytes() if (args.against / key).exists() else b"(missing)\n"
                state = "same" if saved == output else "DIFFERS"
                if saved != output:
                    differing += 1
                    diff = difflib.unified_diff(saved.decode(errors="replace").splitlines(),
                                                output.decode(errors="replace").splitlines(),
                                                "saved", "now", n=1, lineterm="")
                    for line in list(diff)[:40]:
                        print("    " + line)
            print(f"{name:<12} {label:<13} {len(files):>5} files  {len(output):>10,} bytes  "
                  f"{time.perf_counter() - start:6.1f} s  {state}", flush=True)
    if args.against:
        print(f"{total - differing}/{total} outputs identical" if not differing else f"{differing}/{total} DIFFER")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
