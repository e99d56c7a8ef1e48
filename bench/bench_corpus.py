"""How often `lineage-lint show` agrees with a careful human reading of real training configs.

Runs ``lineage-lint show --format json`` over the hand-labelled corpus (``corpus/labels.json`` and
``corpus/files/<owner>__<repo>/<path>``, one folder per repository, used as that repository's root) and
prints the agreement on the seed verdict and on the dataset pin, per framework and overall, then every
disagreement, every crash and the slowest file. The corpus's README gives the label -> verdict mapping:

    declares_seed true       seed.status declared, set in the file itself
    declares_seed inherited  seed.status declared, set in another file
    declares_seed false      seed.status random, missing or env
    declares_seed unknown    seed.status unresolved (or missing)
    dataset_pinned true      dataset_pin strong
    dataset_pinned partial   dataset_pin weak
    dataset_pinned false     dataset_pin none or floating
    dataset_pinned unknown   dataset_pin no-reference

When the corpus is absent the script says so and exits 0: nothing in the test suite depends on it.

``labels.json`` is either ``{"files": [{"file": ..., "path": ...}, ...]}`` (the corpus, ``bench/inhouse``) or a
mapping ``{"<team>/<path>": {...}}`` (``bench/blind``), whose labels may be booleans and may add the exact verdicts
expected (``expected_seed_status``, ``expected_pin``): then the agreement with those is printed too, and a
disagreement on them is listed (without changing the label agreement above).

    python bench/bench_corpus.py                      # one `lineage-lint show` process per file
    python bench/bench_corpus.py --in-process         # quicker: the CLI called in this process
    python bench/bench_corpus.py --corpus DIR --framework hydra --quiet
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# ../shared/corpus beside the checkout, or beside the folder of worktrees that holds it
CANDIDATES = (HERE.parent.parent / "shared" / "corpus", HERE.parent.parent.parent / "shared" / "corpus")
SEED_VERDICTS = {"true": {"declared"}, "inherited": {"declared"}, "false": {"random", "missing", "env"},
                 "unknown": {"unresolved", "missing"}}
PIN_VERDICTS = {"true": {"strong"}, "partial": {"weak"}, "false": {"none", "floating"},
                "unknown": {"no-reference"}}
SLOW_SECONDS = 1.0


@dataclass
class Outcome:
    label: dict[str, Any]
    record: dict[str, Any] | None
    seconds: float
    crash: str = ""
    seed_ok: bool = False
    pin_ok: bool = False
    why: list[str] = field(default_factory=list)
    inexact: list[str] = field(default_factory=list)  # exact verdicts the label expects and did not get


def find_corpus(given: str | None) -> Path | None:
    if given:
        return Path(given)
    env = os.environ.get("LINEAGE_LINT_CORPUS")
    for candidate in ([Path(env)] if env else []) + list(CANDIDATES):
        if (candidate / "labels.json").is_file():
            return candidate
    return None


def lineage_lint_command() -> list[str]:
    script = Path(sys.executable).with_name("lineage-lint")
    if script.exists():
        return [str(script)]
    found = shutil.which("lineage-lint")
    return [found] if found else [sys.executable, "-m", "lineage_lint"]


def run_subprocess(command: list[str], repo_dir: Path, path: str) -> tuple[str, str, int, float]:
    start = time.perf_counter()
    completed = subprocess.run([*command, "show", "--format", "json", path], cwd=repo_dir,
                               capture_output=True, text=True, check=False, timeout=120)
    return completed.stdout, completed.stderr, completed.returncode, time.perf_counter() - start


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_in_process(repo_dir: Path, path: str) -> tuple[str, str, int, float]:
    from lineage_lint.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with _chdir(repo_dir), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["show", "--format", "json", path])
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            import traceback

            err.write("".join(traceback.format_exception(exc)))
            code = 99
    return out.getvalue(), err.getvalue(), code, time.perf_counter() - start


def _label_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def load_labels(path: Path) -> list[dict[str, Any]]:
    """The labels as a list, each with ``file`` (``<repo folder>/<path>``) and ``path`` (from that folder), and
    ``declares_seed`` / ``dataset_pinned`` as the corpus spells them (``true``, ``partial``...)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("files"), list):
        return list(data["files"])
    labels = []
    for file, given in data.items():
        label = dict(given)
        label.setdefault("file", file)
        label.setdefault("path", file.split("/", 1)[1])
        label.setdefault("framework", file.split("/", 1)[0])
        for key in ("declares_seed", "dataset_pinned"):
            label[key] = _label_text(label[key])
        labels.append(label)
    return labels


def judge(label: dict[str, Any], record: dict[str, Any]) -> tuple[bool, bool, list[str]]:
    why: list[str] = []
    seed = record["seed"]
    status = seed["status"]
    seed_ok = status in SEED_VERDICTS[label["declares_seed"]]
    if seed_ok and label["declares_seed"] in ("true", "inherited"):
        own = seed["from"].rsplit(":", 1)[0] == label["path"]
        seed_ok = own if label["declares_seed"] == "true" else not own
    if not seed_ok:
        why.append(f"seed: label {label['declares_seed']}, got {status} ({seed.get('key')} = "
                   f"{seed.get('value')!r} <- {seed['from']}{'; ' + seed['note'] if seed.get('note') else ''})")
    if "applicable" in label and record.get("applicable", True) != label["applicable"]:
        seed_ok = False  # a training config waved through as not one: its seed was never judged
        got = record.get("reason") or record.get("applicable")
        why.append(f"role: label applicable={label['applicable']}, got {got}")
    pin = record["dataset_pin"]
    pin_ok = pin in PIN_VERDICTS[label["dataset_pinned"]]
    if not pin_ok:
        refs = ", ".join(f"{d['key']}={d['ref']}@{d['version'] or d['digest'] or '-'}:{d['pin']}"
                         for d in record["datasets"][:4])
        why.append(f"pin: label {label['dataset_pinned']}, got {pin} [{refs}]")
    return seed_ok, pin_ok, why


def exact(label: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """Where the verdicts differ from the exact ones a label expects (``expected_seed_status``,
    ``expected_pin``), if it gives them."""
    differ = []
    for field_name, got in (("expected_seed_status", record["seed"]["status"]),
                            ("expected_pin", record["dataset_pin"])):
        if field_name in label and label[field_name] != got:
            differ.append(f"{field_name.removeprefix('expected_')} {label[field_name]}, got {got}")
    slots = len(record.get("supplied_at_launch", []))
    if "expected_launch_slots" in label and label["expected_launch_slots"] != slots:
        differ.append(f"launch slots {label['expected_launch_slots']}, got {slots}")
    if "applicable" in label and label["applicable"] != record.get("applicable", True):
        differ.append(f"applicable {label['applicable']}, got {record.get('applicable', True)}")
    return differ


def evaluate(corpus: Path, labels: list[dict[str, Any]], in_process: bool, jobs: int) -> list[Outcome]:
    command = lineage_lint_command()
    files = corpus / "files"

    def one(label: dict[str, Any]) -> Outcome:
        repo_dir = files / label["file"].split("/", 1)[0]
        if in_process:
            out, err, code, seconds = run_in_process(repo_dir, label["path"])
        else:
            out, err, code, seconds = run_subprocess(command, repo_dir, label["path"])
        if code != 0 or "Traceback" in err:
            return Outcome(label, None, seconds, crash=(err.strip().splitlines() or [f"exit {code}"])[-1])
        try:
            record = json.loads(out)[0]
        except (ValueError, IndexError) as exc:
            return Outcome(label, None, seconds, crash=f"unreadable output: {exc}")
        seed_ok, pin_ok, why = judge(label, record)
        return Outcome(label, record, seconds, seed_ok=seed_ok, pin_ok=pin_ok, why=why, inexact=exact(label, record))

    if in_process:
        for fmt in sorted({label["format"] for label in labels}):  # warm up: import each parser once, untimed
            first = next(label for label in labels if label["format"] == fmt)
            run_in_process(files / first["file"].split("/", 1)[0], first["path"])
        return [one(label) for label in labels]
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        return list(pool.map(one, labels))


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def report(outcomes: list[Outcome], quiet: bool, engine_only: list[Outcome] | None = None) -> None:
    by_framework: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_framework[outcome.label["framework"]].append(outcome)
    print(f"{'framework':<15} {'files':>5}  {'seed':>6}  {'dataset pin':>11}")
    for name in sorted(by_framework):
        group = by_framework[name]
        print(f"{name:<15} {len(group):>5}  {percent(sum(o.seed_ok for o in group), len(group)):>6}  "
              f"{percent(sum(o.pin_ok for o in group), len(group)):>11}")
    total = len(outcomes)
    seeds, pins = sum(o.seed_ok for o in outcomes), sum(o.pin_ok for o in outcomes)
    print(f"{'overall':<15} {total:>5}  {percent(seeds, total):>6}  {percent(pins, total):>11}"
          f"   ({seeds}/{total} seeds, {pins}/{total} pins)")
    expecting = [o for o in outcomes if "expected_pin" in o.label or "expected_seed_status" in o.label]
    if expecting:
        same = [o for o in expecting if o.record is not None and not o.inexact]
        print(f"{'exact verdicts':<15} {len(expecting):>5}  {percent(len(same), len(expecting))} of files get the "
              "expected seed status and file pin")
    crashes = [o for o in outcomes if o.crash]
    print(f"crashes: {len(crashes)}")
    for outcome in crashes:
        print(f"  CRASH {outcome.label['file']}: {outcome.crash}")
    slowest = max(outcomes, key=lambda o: o.seconds)
    over = [o for o in outcomes if o.seconds > SLOW_SECONDS]
    median = sorted(o.seconds for o in outcomes)[total // 2]
    print(f"slowest file: {slowest.seconds:.3f} s  {slowest.label['file']}   "
          f"(files over {SLOW_SECONDS:.0f} s: {len(over)}; median {median:.3f} s)")
    if engine_only:
        inner = max(engine_only, key=lambda o: o.seconds)
        inner_median = sorted(o.seconds for o in engine_only)[len(engine_only) // 2]
        print(f"  the same files in one process (start-up excluded): slowest {inner.seconds * 1000:.1f} ms "
              f"{inner.label['file']}, median {inner_median * 1000:.1f} ms")
        differ = [o.label["file"] for o, p in zip(outcomes, engine_only, strict=True)
                  if (o.seed_ok, o.pin_ok) != (p.seed_ok, p.pin_ok)]
        if differ:
            print(f"  WARNING: verdicts differ between the two runs for {len(differ)} files: {differ[:3]}")
    if quiet:
        return
    wrong = [o for o in outcomes if o.why]
    print(f"\ndisagreements ({len(wrong)} files):")
    for outcome in sorted(wrong, key=lambda o: (o.label["framework"], o.label["file"])):
        profile = outcome.record["profile"] if outcome.record else "-"
        print(f"  [{outcome.label['framework']}] {outcome.label['file']}  (profile: {profile})")
        for line in outcome.why:
            print(f"      {line}")
    inexact = [o for o in outcomes if o.inexact and not o.why]
    if inexact:
        print(f"\nlabels agree, exact verdicts differ ({len(inexact)} files):")
        for outcome in sorted(inexact, key=lambda o: (o.label["framework"], o.label["file"])):
            print(f"  [{outcome.label['framework']}] {outcome.label['file']}: {'; '.join(outcome.inexact)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="the corpus folder (default: ../shared/corpus, $LINEAGE_LINT_CORPUS)")
    parser.add_argument("--framework", action="append", help="only these frameworks (repeatable)")
    parser.add_argument("--in-process", action="store_true",
                        help="call the CLI in this process (quicker; per-file times then exclude start-up)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="parallel processes (default 1: on a shared machine more only adds contention)")
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of disagreements")
    args = parser.parse_args(argv)
    corpus = find_corpus(args.corpus)
    if corpus is None or not (corpus / "labels.json").is_file():
        print("corpus not found (give --corpus DIR or set LINEAGE_LINT_CORPUS); nothing measured")
        return 0
    labels = load_labels(corpus / "labels.json")
    if args.framework:
        labels = [label for label in labels if label["framework"] in args.framework]
    start = time.perf_counter()
    outcomes = evaluate(corpus, labels, args.in_process, args.jobs)
    mode = "in-process" if args.in_process else f"one process per file, {args.jobs} at a time"
    print(f"corpus: {corpus}  ({len(labels)} files, {mode}, {time.perf_counter() - start:.1f} s)\n")
    engine_only = None if args.in_process else evaluate(corpus, labels, True, 1)
    report(outcomes, args.quiet, engine_only)
    return 0


def main_on(corpus: Path, argv: list[str] | None = None) -> int:
    """:func:`main` on ``corpus`` unless ``--corpus`` is given, in one process unless ``--subprocess`` is."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--subprocess" in args:
        args.remove("--subprocess")
    elif "--in-process" not in args:
        args.append("--in-process")
    if "--corpus" not in args:
        args = ["--corpus", str(corpus), *args]
    return main(args)


if __name__ == "__main__":
    sys.exit(main())
