#!/usr/bin/env python3
"""How close ``lineage-lint check`` comes to the cost of merely parsing and reading its files, in one run.

Generates N plain YAML training configs of about 4 KB (``bench_check.py``'s fine-tuning config, grown with
the sections real configs carry: tokenizer, LoRA, evaluation, logging, checkpointing, distributed,
preprocessing), every fifth one breaking the default policy, and a tenth of them composed from one of ten
base configs (``base: [../_base_/common_K.yaml]``). Then it times, each command in its own process, in
rotating order after one untimed warm-up round:

- ``parse floor``: one Python process reading every file and ``yaml.load``-ing it with PyYAML's CSafeLoader;
- ``read floor``: one Python process reading the bytes of every file;
- ``check --jobs 1 --no-cache`` (cold, one process) and ``check --jobs 2 --no-cache`` (cold, two);
- ``check`` again on unchanged files (warm: the cache filled by the warm-up);
- one changed base (a comment appended to ``common_3.yaml``), then ``check -v``: how many files were
  checked afresh (must be exactly the configs composed from that base, and the base);

and on the workloads of ``bench_check.py``: 1,000 files against ``check-jsonschema`` with an equivalent
schema, and one file against ``python -c "import yaml, jsonschema"`` (with the modules the one-file run
imports, which must not include mlflow, github3 or requests).

Wall clock and CPU time (user + system of the process and its workers) are both printed; each ratio is of
medians measured in the same rounds. The targets (issue 13): cold ``--jobs 1`` <= 1.3x the parse floor,
``--jobs 2`` below it (wall clock), warm <= 2x the read floor, 1,000 files >= 10x faster than
check-jsonschema, one file <= 1.3x the import floor.

    python bench/bench_speed.py                        # 10,000 files, 3 rounds (a few minutes)
    python bench/bench_speed.py --files 2000 --repeat 2   # quicker
    python bench/bench_speed.py --lint /tmp/venv-main/bin/lineage-lint   # another install (before/after)

Exit status 0 whatever the figures; 2 when something could not run or a check of the output failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_check

PARSE_FLOOR = (
    "import sys, yaml\n"
    "L = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    "for p in open(sys.argv[1], encoding='utf-8').read().split('\\n'):\n"
    "    with open(p, 'rb') as f: yaml.load(f.read(), Loader=L)\n"
)
READ_FLOOR = (
    "import sys\n"
    "for p in open(sys.argv[1], encoding='utf-8').read().split('\\n'):\n"
    "    with open(p, 'rb') as f: f.read()\n"
)
IMPORT_FLOOR = "import yaml, jsonschema"
# The same comparison inside one process, alternating every 50 files, so that both sides meet the same load
# (a shared machine's load drifts over a minute-long run): the engine (parse, profile, policy, suppressions)
# against read + yaml.load, without start-up, discovery or reporting. Needs lineage-lint 0.1 with runner.py.
INTERLEAVED = (
    "import sys, time, yaml\n"
    "from pathlib import Path\n"
    "from lineage_lint.config import load_settings\n"
    "from lineage_lint.discover import Target\n"
    "from lineage_lint.engine import Engine\n"
    "from lineage_lint.runner import fewer_collections\n"
    "paths = [p for p in open(sys.argv[1], encoding='utf-8').read().split('\\n') if p]\n"
    "engine = Engine(load_settings(Path.cwd()))\n"
    "L = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    "fewer_collections()\n"
    "floor = check = 0.0\n"
    "for start in range(0, len(paths), 50):\n"
    "    batch = paths[start:start + 50]\n"
    "    t = time.process_time()\n"
    "    for p in batch:\n"
    "        with open(p, 'rb') as f: yaml.load(f.read(), Loader=L)\n"
    "    floor += time.process_time() - t\n"
    "    t = time.process_time()\n"
    "    for p in batch: engine.check(Target(Path(p), p))\n"
    "    check += time.process_time() - t\n"
    "print(floor, check)\n"
)
FORBIDDEN = ("mlflow", "github3", "requests")
BASES = 10
CHANGED_BASE = 3

GROWTH = """
model_args:
  attn_implementation: flash_attention_2
  rope_scaling:
    type: linear
    factor: {factor}
  hidden_dropout: 0.{d1}
  attention_dropout: 0.{d2}
  use_cache: false
  gradient_checkpointing: true
  lora:
    enabled: {lora}
    r: {r}
    alpha: {alpha}
    dropout: 0.05
    target_modules: [q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj]

tokenizer:
  name_or_path: {tokenizer}
  padding_side: right
  truncation: true
  add_eos_token: true
  chat_template: chatml

augmentation:
  - name: random_mask
    prob: 0.{p1}
  - name: span_corruption
    mean_span: {span}
  - name: shuffle_turns
    prob: 0.{p2}

evaluation:
  strategy: steps
  eval_steps: {eval_steps}
  metrics: [loss, perplexity, accuracy, bleu, rouge_l]
  generation:
    max_new_tokens: 256
    temperature: 0.{t}
    top_p: 0.9
    num_beams: 1

logging:
  level: info
  log_every_n_steps: {log}
  save_dir: logs/{run}
  tensorboard: true
  mlflow:
    tracking_uri: http://mlflow.internal:5000
    experiment_name: llm-finetune-{exp}
    log_models: false

checkpointing:
  dirpath: checkpoints/{run}
  filename: "{{epoch}}-{{step}}"
  save_last: true
  every_n_train_steps: {ckpt}
  keep_last_k: 3

distributed:
  backend: nccl
  find_unused_parameters: false
  bucket_cap_mb: 25
  fsdp:
    sharding_strategy: FULL_SHARD
    cpu_offload: false
    auto_wrap_policy: transformer_layer
    activation_checkpointing: true
    limit_all_gathers: true

profiling:
  enabled: false
  schedule: {{wait: 1, warmup: 1, active: 3, repeat: 1}}
  record_shapes: false

hardware:
  gpus_per_node: 8
  nodes: {nodes}
  cpu_per_task: 12
  mem_gb: 480
  scratch: /scratch/{user}/{run}

# Preprocessing applied before tokenisation (documented in docs/data.md).
preprocessing:
  min_length: {min_length}
  max_length: 16384
  dedupe: minhash
  minhash:
    num_perm: 128
    threshold: 0.{threshold}
    ngram: 5
  filters:
    - name: language_id
      keep: [en, de, fr, es]
      threshold: 0.65
    - name: toxicity
      max_score: 0.{toxicity}
    - name: pii_scrub
      replace_with: "<redacted>"
  packing:
    enabled: true
    max_tokens_per_batch: {tokens}
    pad_to_multiple_of: 64

collator:
  name: completion_only
  response_template: "<|assistant|>"
  ignore_index: -100
  pad_to_multiple_of: 8

reward_model:
  enabled: false
  name_or_path: internal/rm-{exp}
  batch_size: 16

export:
  push_to_hub: false
  merge_adapters: true
  safe_serialization: true
  output_format: [safetensors, gguf]

early_stopping:
  monitor: val/loss
  mode: min
  patience: {patience}
  min_delta: 0.001

notes: >
  Baseline for the {exp} ablation series. Compare against the previous
  quarter's run before promoting; see the experiment tracker for the curves,
  and the data card of each dataset for its licence and collection date.
"""

BASE = """\
# Shared trainer settings of the family {index}; the configs under exp/ compose it.
seed_everything: {seed}
trainer:
  max_epochs: {epochs}
  accelerator: gpu
  devices: 8
  precision: bf16-mixed
  deterministic: true
"""


# --- the workload -------------------------------------------------------------------------------------


@dataclass
class Workload:
    root: Path
    paths: list[str]  # every file, relative to root (configs, then bases)
    failing: set[str]
    bases: list[str]
    composed: dict[str, list[str]] = field(default_factory=dict)  # base -> configs composed from it


def make_plain(index: int, breakage: str | None, rng: random.Random) -> str:
    run = f"exp-{index:05d}"
    return bench_check.make_config(index, breakage, rng) + GROWTH.format(
        factor=rng.choice([2.0, 4.0]), d1=rng.randint(0, 2), d2=rng.randint(0, 2), lora=rng.choice(["true", "false"]),
        r=rng.choice([8, 16, 64]), alpha=rng.choice([16, 32]), tokenizer=rng.choice(["meta-llama/Llama-3.1-8B",
        "Qwen/Qwen2.5-7B"]), p1=rng.randint(1, 3), span=rng.randint(2, 5), p2=rng.randint(1, 5),
        eval_steps=rng.choice([200, 500]), t=rng.randint(1, 9), log=rng.choice([10, 50]), run=run,
        exp=rng.randint(1, 9), ckpt=rng.choice([500, 1000]), nodes=rng.choice([1, 2, 4]),
        user=rng.choice(["ana", "bo", "chen"]), min_length=rng.choice([16, 32, 64]), threshold=rng.randint(7, 9),
        toxicity=rng.randint(1, 5), tokens=rng.choice([8192, 16384]), patience=rng.randint(2, 5))


def generate(root: Path, count: int) -> Workload:
    """``count`` files under ``root/configs``: plain configs, and (one in ten) configs composed from one of
    :data:`BASES` bases, which are among the ``count``."""
    rng = random.Random(20240601)
    (root / "configs" / "exp").mkdir(parents=True)
    (root / "configs" / "_base_").mkdir()
    bases = [f"configs/_base_/common_{k}.yaml" for k in range(BASES)]
    for k, base in enumerate(bases):
        (root / base).write_text(BASE.format(index=k, seed=rng.randint(0, 2**31 - 1), epochs=rng.randint(1, 5)),
                                 encoding="utf-8")
    work = Workload(root, [], set(), bases, {base: [] for base in bases})
    for index in range(count - BASES):
        breakage = bench_check.BREAKAGES[(index // 5) % len(bench_check.BREAKAGES)] if index % 5 == 4 else None
        text = make_plain(index, breakage, rng)
        if index % 10 == 3:  # composed: the base sets the seed; the config keeps its datasets
            base = bases[(index // 10) % BASES]
            text = re.sub(r"(?m)^seed: .*\n", "", text).replace("\ntrainer:", "\ntraining:", 1)
            text = f"base:\n  - ../_base_/{Path(base).name}\n" + text
            relative = f"configs/exp/train_{index:05d}_config.yaml"
            work.composed[base].append(relative)
            if breakage and breakage.startswith("seed-"):
                breakage = None  # the seed comes from the base
        else:
            relative = f"configs/train_{index:05d}_config.yaml"
        (root / relative).write_text(text, encoding="utf-8")
        work.paths.append(relative)
        if breakage:
            work.failing.add(relative)
    work.paths.extend(bases)
    if shutil.which("git"):  # a repository, as configs live in (the search for composed configs asks git)
        commit = ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "workload"]
        for command in (["init", "-q"], ["add", "-A"], commit):
            subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)
    return work


# --- running ------------------------------------------------------------------------------------------


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


class BenchError(Exception):
    pass


def run_timed(command: list[str], cwd: Path, env: dict[str, str],
              ok: Sequence[int] = (0, 1)) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system of the process and every worker it waited for), and stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stderr = completed.stderr.decode(errors="replace")
    if completed.returncode not in ok:
        raise BenchError(f"`{' '.join(command[:5])} ...` exited {completed.returncode}:\n{stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, stderr


def rounds(commands: dict[str, list[str]], repeat: int, cwd: Path, env: dict[str, str],
           before_each: dict[str, object] | None = None) -> dict[str, Sample]:
    """Each command ``repeat`` times, in an order rotating round by round, after one untimed warm-up."""
    names = list(commands)
    samples = {name: Sample() for name in names}
    for round_ in range(-1, repeat):
        shift = max(round_, 0) % len(names)
        for name in names[shift:] + names[:shift]:
            wall, cpu, _ = run_timed(commands[name], cwd, env)
            if round_ >= 0:
                samples[name].wall.append(wall)
                samples[name].cpu.append(cpu)
    return samples


def med(values: list[float]) -> float:
    return statistics.median(values)


def interpreter_of(lint: list[str]) -> str:
    """The Python that runs ``lint`` (the console script's venv), for the floors."""
    if len(lint) > 1:
        return lint[0]
    candidate = Path(lint[0]).parent / ("python.exe" if os.name == "nt" else "python")
    return str(candidate) if candidate.is_file() else sys.executable


def supports(lint: list[str], option: str) -> bool:
    completed = subprocess.run([*lint, "check", "--help"], capture_output=True, text=True, check=False)
    return option in completed.stdout


# --- the parts ----------------------------------------------------------------------------------------


def verify(lint: list[str], work: Workload, env: dict[str, str], extra: list[str]) -> str:
    """Untimed: every file was checked, and exactly the generated failures fail."""
    completed = subprocess.run([*lint, "check", "--format", "json", *extra, *work.paths], cwd=work.root, env=env,
                               capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 1):
        raise BenchError(f"lineage-lint exited {completed.returncode}:\n{completed.stderr[-2000:]}")
    report = json.loads(completed.stdout)
    if report["summary"]["files"] != len(work.paths):
        raise BenchError(f"lineage-lint checked {report['summary']['files']} files, not {len(work.paths)}")
    failing = {f["path"] for f in report["findings"] if f["severity"] == "error" and "suppressed_by" not in f}
    if failing != work.failing:
        raise BenchError(f"lineage-lint failed {len(failing)} files, the generator broke {len(work.failing)}: "
                         f"{sorted(failing ^ work.failing)[:5]}")
    return f"{len(work.paths)} files checked, {len(failing)} failing, as generated"


def many(args: argparse.Namespace, lint: list[str], python: str, env: dict[str, str]) -> list[str]:
    lines: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="lineage-speed-"))
    try:
        work = generate(root, args.files)
        listing = root / "files.txt"
        listing.write_text("\n".join(work.paths), encoding="utf-8")
        sizes = [(root / p).stat().st_size for p in work.paths]
        jobs, cache = supports(lint, "--jobs"), supports(lint, "--no-cache")
        cold = ["--no-cache"] if cache else []
        print(f"  workload          {len(work.paths):,} YAML files in {root}/configs, "
              f"mean {statistics.mean(sizes):,.0f} bytes ({sum(sizes) / 1e6:.1f} MB), {len(work.failing):,} failing; "
              f"{sum(len(v) for v in work.composed.values()):,} composed from {BASES} bases")
        print(f"  verified          {verify(lint, work, env, cold)}", flush=True)
        commands = {
            "parse floor (read + CSafeLoader)": [python, "-c", PARSE_FLOOR, str(listing)],
            "read floor (read the bytes)": [python, "-c", READ_FLOOR, str(listing)],
            "check --jobs 1 (cold)": [*lint, "check", *(["--jobs", "1"] if jobs else []), *cold, *work.paths],
        }
        if jobs:
            commands["check --jobs 2 (cold)"] = [*lint, "check", "--jobs", "2", *cold, *work.paths]
        if cache:
            commands["check (warm: unchanged files)"] = [*lint, "check", *work.paths]
        samples = rounds(commands, args.repeat, root, env)
        lines.append(f"  {'command (' + format(len(work.paths), ',') + ' files)':<40} {'wall':>9} {'cpu':>9}   "
                     f"(medians of {args.repeat})")
        for name, sample in samples.items():
            lines.append(f"  {name:<40} {med(sample.wall):8.3f}s {med(sample.cpu):8.3f}s")
        floor, read = samples["parse floor (read + CSafeLoader)"], samples["read floor (read the bytes)"]
        one = samples["check --jobs 1 (cold)"]
        lines.append("")
        lines.append(ratio("cold --jobs 1 / parse floor", med(one.cpu) / med(floor.cpu),
                           med(one.wall) / med(floor.wall), "<=", 1.3))
        if jobs:
            two = samples["check --jobs 2 (cold)"]
            lines.append(ratio("cold --jobs 2 / parse floor", med(two.cpu) / med(floor.cpu),
                               med(two.wall) / med(floor.wall), "<", 1.0, judge="wall"))
        if jobs:
            lines.append(interleaved(python, listing, work.root, env))
        if cache:
            warm = samples["check (warm: unchanged files)"]
            lines.append(ratio("warm / read floor", med(warm.cpu) / med(read.cpu), med(warm.wall) / med(read.wall),
                               "<=", 2.0))
            lines.append(changed_base(lint, work, env))
        else:
            lines.append("  warm / read floor: this lineage-lint has no cache (a second run costs the first's)")
    finally:
        if args.keep:
            print(f"  (workspace kept: {root})")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return lines


def interleaved(python: str, listing: Path, root: Path, env: dict[str, str]) -> str:
    completed = subprocess.run([python, "-c", INTERLEAVED, str(listing)], cwd=root, env=env, capture_output=True,
                               text=True, check=False)
    if completed.returncode != 0:
        return f"  engine / parse floor, interleaved: could not run ({completed.stderr.strip()[-200:]})"
    floor, check = (float(x) for x in completed.stdout.split())
    return (f"  {'engine / parse floor, interleaved':<34} cpu {check / floor:6.3f}x   (one process, 50 files of each "
            f"in turn: {check:.2f}s / {floor:.2f}s; no start-up, discovery or report)")


def ratio(label: str, cpu: float, wall: float, sense: str, target: float, judge: str = "cpu") -> str:
    value = cpu if judge == "cpu" else wall
    met = value < target if sense == "<" else value <= target
    return (f"  {label:<34} cpu {cpu:6.3f}x   wall {wall:6.3f}x   target ({judge}) {sense} {target:g}x  "
            f"{'PASS' if met else 'MISS'}")


CHECKED = re.compile(r"checked afresh: ([\d,]+)")


def changed_base(lint: list[str], work: Workload, env: dict[str, str]) -> str:
    base = work.bases[CHANGED_BASE]
    expected = {base, *work.composed[base]}
    subprocess.run([*lint, "check", *work.paths], cwd=work.root, env=env, capture_output=True, check=False)
    with open(work.root / base, "a", encoding="utf-8") as handle:
        handle.write("# touched by bench_speed.py\n")
    wall, cpu, stderr = run_timed([*lint, "check", "-v", *work.paths], work.root, env)
    found = CHECKED.search(stderr)
    checked = int(found.group(1).replace(",", "")) if found else -1
    verdict = "PASS" if checked == len(expected) else "MISS"
    return (f"  {'one changed base':<34} {checked:,} files checked afresh, expected {len(expected):,} "
            f"({len(expected) - 1} composed from {Path(base).name}, and it)  {verdict}   "
            f"({wall:.3f}s wall, {cpu:.3f}s cpu)")


def small(args: argparse.Namespace, lint: list[str], python: str, env: dict[str, str]) -> list[str]:
    """bench_check.py's workload: 1,000 files against check-jsonschema, one file against the import floor."""
    lines: list[str] = []
    cjs = [str(bench_check.ensure_check_jsonschema(args.venv.resolve()))]
    root = Path(tempfile.mkdtemp(prefix="lineage-speed-small-"))
    try:
        paths, failing = bench_check.generate(root, 1000)
        schema = root / "equivalent.schema.json"
        schema.write_text(json.dumps(bench_check.SCHEMA), encoding="utf-8")
        cache = supports(lint, "--no-cache")
        cold = ["--no-cache"] if cache else []
        for note in bench_check.verify(lint, cjs, schema, paths, failing, root, env):
            print(f"  verified          {note}", flush=True)
        commands = {"check-jsonschema <1000 files>": [*cjs, "--schemafile", str(schema), *paths],
                    "check <1000 files> (cold)": [*lint, "check", *cold, *paths]}
        if cache:
            commands["check <1000 files> (default: cache)"] = [*lint, "check", *paths]
        one = next(p for p in paths if p not in failing)
        bad = sorted(failing)[0]
        commands_one = {f'python -c "{IMPORT_FLOOR}"': [python, "-c", IMPORT_FLOOR],
                        "check one.yaml (cold)": [*lint, "check", *cold, one],
                        "check one failing.yaml (cold)": [*lint, "check", *cold, bad]}
        if cache:
            commands_one["check one.yaml (default: cache)"] = [*lint, "check", one]
        samples = rounds(commands, args.repeat, root, env)
        samples_one = rounds(commands_one, 3 * args.repeat, root, env)
        lines.append(f"  {'command (bench_check.py workload)':<40} {'wall':>9} {'cpu':>9}")
        for name, sample in {**samples, **samples_one}.items():
            lines.append(f"  {name:<40} {med(sample.wall):8.3f}s {med(sample.cpu):8.3f}s")
        lines.append("")
        reference = samples["check-jsonschema <1000 files>"]
        for name in [n for n in samples if n.startswith("check <")]:
            faster = med(reference.wall) / med(samples[name].wall)
            label = "1,000 files " + name.split(">")[1].strip()
            lines.append(f"  {label:<34} {faster:6.2f}x faster than check-jsonschema "
                         f"(wall; cpu {med(reference.cpu) / med(samples[name].cpu):.2f}x)  target >= 10x  "
                         f"{'PASS' if faster >= 10 else 'MISS'}")
        floor = samples_one[f'python -c "{IMPORT_FLOOR}"']
        for name in [n for n in samples_one if n.startswith("check")]:
            value = med(samples_one[name].wall) / med(floor.wall)
            label = ("one failing file " if "failing" in name else "one file ") + name.split("yaml")[1].strip()
            lines.append(f"  {label:<34} {value:6.3f}x the import floor (wall; cpu "
                         f"{med(samples_one[name].cpu) / med(floor.cpu):.3f}x)  target <= 1.3x  "
                         f"{'PASS' if value <= 1.3 else 'MISS'}")
        lines.append(imports(python, lint, root, one, env, cold))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return lines


def imports(python: str, lint: list[str], root: Path, one: str, env: dict[str, str], cold: list[str]) -> str:
    command = [python, "-X", "importtime", "-m", "lineage_lint", "check", *cold, one]
    completed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    modules = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in completed.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    bad = sorted(m for m in modules if m in FORBIDDEN)
    return (f"  {'one file imports':<34} {len(modules)} top-level modules; "
            f"{'none of ' + ', '.join(FORBIDDEN) if not bad else 'IMPORTS ' + ', '.join(bad)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="files of the large workload (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (default 3; the one-file runs 9)")
    parser.add_argument("--lint", help="the lineage-lint console script to time (default: this environment's)")
    parser.add_argument("--venv", type=Path, default=bench_check.DEFAULT_VENV, help="check-jsonschema's venv")
    parser.add_argument("--skip-small", action="store_true", help="only the large workload")
    parser.add_argument("--keep", action="store_true", help="keep the large workspace")
    args = parser.parse_args(argv)
    if args.files <= BASES * 2 or args.repeat < 1:
        parser.error(f"--files must exceed {BASES * 2}, --repeat be at least 1")
    lint = [args.lint] if args.lint else bench_check.lineage_lint_command()
    python = interpreter_of(lint)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "PRE_COMMIT", "CI")}
    env["NO_COLOR"] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        version = subprocess.run([*lint, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print("lineage-lint speed benchmark")
        print(f"  lineage-lint      {' '.join(lint)} ({version}); python {python}")
        print(f"  machine           {os.cpu_count()} CPUs, load average {load} at the start")
        lines = many(args, lint, python, env)
        if not args.skip_small:
            lines += ["", *small(args, lint, python, env)]
    except (BenchError, bench_check.BenchError) as exc:
        print(f"bench_speed: error: {exc}", file=sys.stderr)
        return 2
    print()
    print("\n".join(lines))
    print(f"\n  load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
