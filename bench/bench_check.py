#!/usr/bin/env python3
"""Benchmark ``lineage-lint check`` against ``check-jsonschema`` and against Python's import floor.

What it does, in one run:

1. Generates N realistic YAML training configs (HF / Lightning style, ~1.3 KB each, with comments) in a
   temporary workspace, as ``configs/train_NNNN_config.yaml``; every fifth one breaks the default policy
   (seed missing / null / not an integer, a dataset revision missing or floating).
2. Writes an "equivalent" JSON Schema over the raw config (integer ``seed`` required; every
   ``datasets[].revision`` present and not latest/main/master/head) for check-jsonschema.
3. Makes sure check-jsonschema is installed in the benchmark's own venv (``bench/.venv`` by default;
   created with ``python -m venv`` and ``pip install check-jsonschema`` on first use, reused after).
4. Verifies, untimed, that lineage-lint really checked N files (``--format json`` -> ``summary.files``)
   and that both tools fail exactly the files the generator broke.
5. Times, interleaved and after one warm-up run each:
     - ``lineage-lint check <N files>`` vs ``check-jsonschema --schemafile S <N files>``  (target: >= 10x)
     - ``lineage-lint check one.yaml`` vs ``python -c "import yaml, jsonschema"``      (target: <= 1.3x)
   and prints medians, ratios and PASS/MISS. lineage-lint runs with ``--no-cache`` (every file checked
   afresh, as after an edit), unless ``--cache`` is given (then the timed runs come from the cache the
   warm-up filled). ``bench_speed.py`` times both, against the parse and read floors too.

Exit status: 0 whatever the figures (this is a benchmark, not a test); 2 when something could not run.
Run ``python bench/bench_check.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_VENV = BENCH_DIR / ".venv"
MANY_TARGET = 10.0  # check-jsonschema / lineage-lint on N files: at least this
ONE_TARGET = 1.3  # lineage-lint one file / import floor: at most this
FLOOR_CODE = "import yaml, jsonschema"
FLOATING = ("latest", "main", "master", "head")


class BenchError(Exception):
    """Something the benchmark needs could not run; exit 2."""


# --- the workload -------------------------------------------------------------------------------------

MODELS = [
    ("meta-llama/Llama-3.1-8B", "LlamaForCausalLM"),
    ("mistralai/Mistral-7B-v0.3", "MistralForCausalLM"),
    ("Qwen/Qwen2.5-7B", "Qwen2ForCausalLM"),
    ("google/gemma-2-9b", "Gemma2ForCausalLM"),
    ("microsoft/phi-3-mini-4k-instruct", "Phi3ForCausalLM"),
    ("EleutherAI/pythia-1.4b", "GPTNeoXForCausalLM"),
]
DATASETS = [
    "acme/support-tickets", "acme/product-reviews", "acme/code-instructions", "acme/math-word-problems",
    "acme/multilingual-chat", "acme/safety-refusals", "acme/summaries-news", "acme/sql-pairs",
    "acme/medical-qa", "acme/legal-clauses", "acme/tool-use-traces", "acme/long-context-docs",
]
TASKS = ["supervised fine-tuning", "instruction tuning", "domain adaptation", "continued pre-training"]
# Ways a config breaks the policy; each is caught by both lineage-lint's default policy and the schema.
BREAKAGES = ("seed-missing", "seed-null", "seed-true", "revision-main", "revision-latest",
             "revision-missing", "revision-master", "revision-head")


def _sha(rng: random.Random) -> str:
    return f"{rng.getrandbits(160):040x}"


def make_config(index: int, breakage: str | None, rng: random.Random) -> str:
    model, arch = rng.choice(MODELS)
    task = rng.choice(TASKS)
    run = f"exp-{index:04d}-{model.split('/')[1].lower()}"
    lr = rng.choice(["1.0e-5", "2.0e-5", "5.0e-5", "1.0e-4", "3.0e-4"])
    names = rng.sample(DATASETS, 3)
    revisions = [_sha(rng), f"v{rng.randint(1, 4)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}", _sha(rng)]
    broken_item = rng.randrange(3)
    if breakage and breakage.startswith("revision-") and breakage != "revision-missing":
        revisions[broken_item] = breakage.split("-", 1)[1]

    if breakage == "seed-missing":
        seed_line = "# seed: set by the launcher (not pinned here)"
    elif breakage == "seed-null":
        seed_line = "seed: null            # draw a fresh seed every run"
    elif breakage == "seed-true":
        seed_line = "seed: true            # seed_everything-style: random"
    else:
        seed_line = f"seed: {rng.randint(0, 2**31 - 1)}      # run seed: every RNG is seeded from this"

    items = []
    for n, (name, revision) in enumerate(zip(names, revisions, strict=True)):
        split = "validation" if n == 2 else "train"
        revision_line = "" if breakage == "revision-missing" and n == broken_item else f"    revision: {revision}\n"
        items.append(
            f"  - name: {name}\n"
            f"{revision_line}"
            f"    split: {split}\n"
            f"    weight: {0.5 if n == 0 else 0.25}\n"
        )
    return f"""\
# {arch} {task} run {index:04d}
# Trained with the in-house Lightning trainer; reviewed by the ML platform team.
{seed_line}
run_name: {run}
output_dir: runs/{run}

model:
  name_or_path: {model}
  revision: {_sha(rng)}   # pins the base checkpoint
  torch_dtype: bfloat16
  max_seq_length: {rng.choice([2048, 4096, 8192])}

trainer:
  max_epochs: {rng.randint(1, 5)}
  accelerator: gpu
  devices: {rng.choice([1, 2, 4, 8])}
  strategy: fsdp
  precision: bf16-mixed
  gradient_clip_val: 1.0
  accumulate_grad_batches: {rng.choice([1, 2, 4, 8])}
  deterministic: true

optimizer:
  name: adamw_torch
  lr: {lr}
  weight_decay: 0.01
  betas: [0.9, 0.999]
  eps: 1.0e-8

lr_scheduler:
  name: cosine
  warmup_ratio: 0.03

dataloader:
  batch_size: {rng.choice([4, 8, 16, 32])}
  num_workers: 8
  pin_memory: true

# Training mixture: every dataset is pinned to a tag or a commit on the hub.
datasets:
{"".join(items)}
callbacks:
  checkpoint:
    monitor: val/loss
    save_top_k: 2

report_to: [wandb]
wandb_project: llm-finetune
"""


def generate(workdir: Path, count: int) -> tuple[list[str], set[str]]:
    """Write ``count`` configs under ``workdir/configs``; return their relative paths and the failing ones."""
    rng = random.Random(20240601)
    folder = workdir / "configs"
    folder.mkdir(parents=True)
    paths: list[str] = []
    failing: set[str] = set()
    for index in range(count):
        breakage = BREAKAGES[(index // 5) % len(BREAKAGES)] if index % 5 == 4 else None
        relative = f"configs/train_{index:04d}_config.yaml"
        (workdir / relative).write_text(make_config(index, breakage, rng), encoding="utf-8")
        paths.append(relative)
        if breakage:
            failing.add(relative)
    return paths, failing


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Equivalent of lineage-lint's default policy, over the raw config",
    "type": "object",
    "required": ["seed"],
    "properties": {
        "seed": {"type": "integer"},
        "datasets": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["revision"],
                "properties": {"revision": {"not": {"enum": [*FLOATING, *(w.upper() for w in FLOATING)]}}},
            },
        },
    },
}


# --- tools --------------------------------------------------------------------------------------------


def lineage_lint_command() -> list[str]:
    """The real console script beside this interpreter (not a pyenv shim), else ``python -m lineage_lint``."""
    script = Path(sys.executable).parent / ("lineage-lint.exe" if os.name == "nt" else "lineage-lint")
    if script.is_file():
        return [str(script)]
    if importlib.util.find_spec("lineage_lint") is not None:
        return [sys.executable, "-m", "lineage_lint"]
    found = shutil.which("lineage-lint")
    if found:
        return [found]
    raise BenchError("lineage-lint is not installed here: run `pip install -e .` in the checkout")


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


def ensure_check_jsonschema(venv: Path) -> Path:
    exe = venv_bin(venv, "check-jsonschema")
    if exe.is_file():
        return exe
    print(f"setting up {venv} with check-jsonschema (first run only) ...", file=sys.stderr)
    if not venv_bin(venv, "python").is_file():
        _must([sys.executable, "-m", "venv", str(venv)], "create the benchmark venv")
    _must([str(venv_bin(venv, "python")), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "check-jsonschema"], "pip install check-jsonschema into the benchmark venv")
    if not exe.is_file():
        raise BenchError(f"check-jsonschema is not at {exe} after installing it")
    return exe


def _must(command: list[str], what: str) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BenchError(f"could not {what}:\n$ {' '.join(command)}\n{completed.stdout}{completed.stderr}")
    return completed


def _version(command: list[str]) -> str:
    completed = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    return (completed.stdout or completed.stderr).strip().splitlines()[-1] if completed.returncode == 0 else "?"


# --- verification -------------------------------------------------------------------------------------


def verify(lint: list[str], cjs: list[str], schema: Path, paths: list[str], failing: set[str], cwd: Path,
           env: dict[str, str]) -> list[str]:
    """Untimed: lineage-lint checked every file, and both tools fail exactly the broken ones."""
    notes = []
    completed = subprocess.run([*lint, "check", "--format", "json", *paths], cwd=cwd, env=env,
                               capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 1):
        raise BenchError(f"lineage-lint exited {completed.returncode}:\n{completed.stderr}")
    report = json.loads(completed.stdout)
    checked = report["summary"]["files"]
    if checked != len(paths):
        raise BenchError(f"lineage-lint checked {checked} files, not the {len(paths)} it was given")
    lint_failing = {f["path"] for f in report["findings"] if f["severity"] == "error" and "suppressed_by" not in f}
    if lint_failing != failing:
        raise BenchError(f"lineage-lint failed {len(lint_failing)} files, the generator broke {len(failing)}; "
                         f"differences: {sorted(lint_failing ^ failing)[:5]}")
    notes.append(f"lineage-lint checked {checked} of {len(paths)} files (--format json summary.files); "
                 f"{len(lint_failing)} failing, as generated")

    completed = subprocess.run([*cjs, "--schemafile", str(schema), "-o", "json", *paths], cwd=cwd, env=env,
                               capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 1):
        raise BenchError(f"check-jsonschema exited {completed.returncode}:\n{completed.stdout}{completed.stderr}")
    result = json.loads(completed.stdout)
    if result.get("parse_errors"):
        raise BenchError(f"check-jsonschema could not parse: {result['parse_errors'][:3]}")
    cjs_failing = {os.path.relpath(e["filename"], cwd) if os.path.isabs(e["filename"]) else e["filename"]
                   for e in result.get("errors", [])}
    if cjs_failing != failing:
        raise BenchError(f"check-jsonschema failed {len(cjs_failing)} files, the generator broke {len(failing)}; "
                         f"differences: {sorted(cjs_failing ^ failing)[:5]}")
    notes.append(f"check-jsonschema failed the same {len(cjs_failing)} files (-o json errors)")
    return notes


# --- timing -------------------------------------------------------------------------------------------


def time_pair(a: list[str], b: list[str], repeat: int, cwd: Path, env: dict[str, str],
              ok_codes: Sequence[int] = (0, 1)) -> tuple[list[float], list[float]]:
    """Wall-clock seconds of ``repeat`` runs of each, interleaved (a b, b a, ...) after one untimed warm-up
    run each. The i-th runs of ``a`` and ``b`` are neighbours, so their ratio is little moved by load that
    comes and goes on a shared machine (see :func:`paired`)."""
    samples: tuple[list[float], list[float]] = ([], [])
    commands = (a, b)
    for round_ in range(-1, repeat):
        order = (0, 1) if round_ % 2 == 0 else (1, 0)
        for which in order:
            start = time.perf_counter()
            completed = subprocess.run(commands[which], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, check=False)
            elapsed = time.perf_counter() - start
            if completed.returncode not in ok_codes:
                raise BenchError(f"`{' '.join(commands[which][:4])} ...` exited {completed.returncode}:\n"
                                 f"{completed.stderr.decode(errors='replace')[-2000:]}")
            if round_ >= 0:
                samples[which].append(elapsed)
    return samples


def paired(numerator: list[float], denominator: list[float]) -> float:
    """The median of the run-by-run ratios."""
    return statistics.median(x / y for x, y in zip(numerator, denominator, strict=True))


def row(label: str, wall: list[float]) -> str:
    return f"  {label:<44} {len(wall):>4} {statistics.median(wall):8.3f} s {min(wall):8.3f} s {max(wall):8.3f} s"


# --- main ---------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000, metavar="N", help="configs to generate (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, metavar="K",
                        help="timed runs of each N-file command (default 5); the one-file comparison runs 3*K")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV,
                        help=f"venv holding check-jsonschema (default {DEFAULT_VENV}; created if missing)")
    parser.add_argument("--bytecode", choices=("cache", "env"), default="cache",
                        help="cache (default): every command may cache bytecode (PYTHONPYCACHEPREFIX in the "
                             "workspace, PYTHONDONTWRITEBYTECODE dropped), as after a normal pip install; "
                             "env: leave the environment as it is (with PYTHONDONTWRITEBYTECODE=1 an editable "
                             "lineage-lint is compiled from source on every run)")
    parser.add_argument("--keep", action="store_true", help="keep the generated workspace and print its path")
    parser.add_argument("--cache", action="store_true",
                        help="time lineage-lint with its cache (filled by the warm-up run); default: --no-cache")
    args = parser.parse_args(argv)
    if args.files < 1 or args.repeat < 1:
        parser.error("--files and --repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except BenchError as exc:
        print(f"bench_check: error: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    lint = lineage_lint_command()
    help_text = subprocess.run([*lint, "check", "--help"], capture_output=True, text=True, check=False).stdout
    timed = lint if args.cache or "--no-cache" not in help_text else [*lint, "--no-cache"]
    cjs = [str(ensure_check_jsonschema(args.venv.resolve()))]
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env["NO_COLOR"] = "1"

    workdir = Path(tempfile.mkdtemp(prefix="lineage-bench-"))
    if args.bytecode == "cache":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        bytecode = f"cached (PYTHONPYCACHEPREFIX={workdir / 'pycache'}; filled by the warm-up runs)"
    else:
        bytecode = ("environment as is: PYTHONDONTWRITEBYTECODE=" + os.environ["PYTHONDONTWRITEBYTECODE"]
                    if os.environ.get("PYTHONDONTWRITEBYTECODE") else "environment as is")
    try:
        paths, failing = generate(workdir, args.files)
        schema = workdir / "equivalent.schema.json"
        schema.write_text(json.dumps(SCHEMA, indent=2), encoding="utf-8")
        sizes = [(workdir / p).stat().st_size for p in paths]
        one = next(p for p in paths if p not in failing)

        where = subprocess.run([sys.executable, "-c", "import lineage_lint; print(lineage_lint.__file__)"],
                               capture_output=True, text=True, check=False).stdout.strip()
        print("lineage-lint benchmark")
        print(f"  python            {sys.executable} ({sys.version.split()[0]}), {os.cpu_count()} CPUs")
        print(f"  lineage-lint      {' '.join(lint)} ({_version(lint)}; {where or 'module path unknown'})")
        print(f"  check-jsonschema  {cjs[0]} ({_version(cjs)})")
        print(f"  workload          {len(paths)} YAML configs in {workdir}/configs, "
              f"mean {statistics.mean(sizes):,.0f} bytes, {len(failing)} failing the policy")
        print(f"  bytecode          {bytecode}")
        print(f"  cache             {'used (filled by the warm-up run)' if timed == lint else 'not used (--no-cache)'}")

        for note in verify(lint, cjs, schema, paths, failing, workdir, env):
            print(f"  verified          {note}")
        print()

        many_lint, many_cjs = time_pair([*timed[:len(lint)], "check", *timed[len(lint):], *paths],
                                        [*cjs, "--schemafile", str(schema), *paths],
                                        args.repeat, workdir, env)
        one_repeat = 3 * args.repeat
        one_lint, one_floor = time_pair([*timed[:len(lint)], "check", *timed[len(lint):], one],
                                        [sys.executable, "-c", FLOOR_CODE],
                                        one_repeat, workdir, env)
    finally:
        if args.keep:
            print(f"(workspace kept: {workdir})")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    many_ratio = statistics.median(many_cjs) / statistics.median(many_lint)
    one_ratio = statistics.median(one_lint) / statistics.median(one_floor)
    n = len(paths)
    print(f"  {'command (cwd = workspace; wall clock)':<44} {'runs':>4} {'median':>10} {'min':>10} {'max':>10}")
    print(row(f"lineage-lint check <{n} files>", many_lint))
    print(row(f"check-jsonschema --schemafile S <{n} files>", many_cjs))
    print(row(f"lineage-lint check {Path(one).name}", one_lint))
    print(row(f'python -c "{FLOOR_CODE}"', one_floor))
    print()
    print(f"  {f'{n} files:':<11} check-jsonschema / lineage-lint = {many_ratio:6.3f}x of medians  "
          f"(target >= {MANY_TARGET:g}x)  {'PASS' if many_ratio >= MANY_TARGET else 'MISS'}"
          f"   (paired runs: {paired(many_cjs, many_lint):.3f}x)")
    print(f"  {'1 file:':<11} lineage-lint / import floor     = {one_ratio:6.3f}x of medians  "
          f"(target <= {ONE_TARGET:g}x)  {'PASS' if one_ratio <= ONE_TARGET else 'MISS'}"
          f"   (paired runs: {paired(one_lint, one_floor):.3f}x)")
    print(f"  {'per file:':<11} lineage-lint {statistics.median(many_lint) / n * 1000:.2f} ms, check-jsonschema "
          f"{statistics.median(many_cjs) / n * 1000:.2f} ms (median / {n}, start-up included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
