"""Mutation score of the modules that decide verdicts, with mutmut: how many small bugs the tests catch.

    python bench/mutation.py                 # every group below, one after the other
    python bench/mutation.py policy gate     # some groups
    python bench/mutation.py --list          # the groups, their modules and their tests
    python bench/mutation.py profiles --sample 300 --seed 7   # a seeded random sample of the group's mutants

mutmut (3.x, ``pip install mutmut``) mutates one module at a time and runs, for each mutant, only the tests
of the group that execute the mutated function; a mutant that no test fails on *survives*. mutmut finds
code in ``src/`` or at the top level, so each group is staged in ``build/mutation/<group>/``: the package
copied to ``src/lineage_lint`` (with ``schemas/`` as ``lineage_lint.schemas``, as the wheel ships it),
``action/`` and ``tests/`` beside it, and a ``[tool.mutmut]`` table naming the group's modules and tests.
Each group's tests are the fast ones that judge its module (seconds per mutant: no ``mlflow server``,
no pre-commit, no act), so the score measures those tests, not the whole suite.

``--sample N`` runs a random sample of N of the group's mutants instead of all of them (for the large
groups): mutmut first generates every mutant (a run that selects none of them), then the sample, drawn with
``random.Random(seed)`` from the sorted mutant names, is run by name. The seed is printed (``--seed`` sets
it; without it one is drawn), and the table says how many of how many mutants the score is measured on, so
the score is an estimate of the stated sample size, reproducible with the same seed and code.

``--survivors`` reruns only the mutants that the group's last run (whole or sampled) left alive, after tests
were added: it refuses when the group's modules changed since, keeps the last run's verdicts of the others
(the same code, more tests: a killed mutant stays killed) and reports them all together.

Prints, per module, killed / total and the score, then every survivor's diff (``mutmut show``), and writes
them to ``build/mutation/<group>/survivors.txt`` (every verdict to ``verdicts.json`` there). Runs under
``nice -n 10``; ``--max-children`` (default 2)
bounds mutmut's workers. Exit status: 0 when every group scores at least ``--target`` (default 0.90).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "mutation"


@dataclass(frozen=True)
class Group:
    modules: tuple[str, ...]  # paths in the staged tree: src/lineage_lint/..., action/...
    tests: tuple[str, ...]  # pytest selections run for the mutants (files or node ids)


GROUPS = {
    "policy": Group(("src/lineage_lint/policy.py",),
                    ("tests/test_policy_findings.py", "tests/test_reorder.py", "tests/test_policy_presets.py")),
    "gate": Group(("src/lineage_lint/mlflow/gate.py",), ("tests/test_gate_decision.py",)),
    "suppress": Group(("src/lineage_lint/suppress.py",),
                      ("tests/test_suppression.py", "tests/test_suppression_exact.py",
                       "tests/test_suppression_scope.py", "tests/test_reorder.py", "tests/test_cli.py")),
    "resolve": Group(("src/lineage_lint/mlflow/resolve.py",), ("tests/test_resolve.py", "tests/test_gate_decision.py")),
    "values": Group(("src/lineage_lint/values.py",),
                    ("tests/test_values.py", "tests/test_interpolation.py", "tests/test_value_judgements.py")),
    # large: measured on a sample (--sample 300)
    "profiles": Group(tuple(f"src/lineage_lint/profiles/{name}.py" for name in (
                          "generic", "data_shapes", "settings", "hydra", "spec", "frameworks/llama_factory")),
                      ("tests/test_generic_profile.py", "tests/test_profiles.py", "tests/test_composition.py",
                       "tests/test_exclusion_words.py", "tests/test_data_shapes.py", "tests/test_slips.py",
                       "tests/test_slips_tags_unions.py", "tests/test_object_versions_and_instances.py")),
    "action": Group(tuple(f"action/{name}.py" for name in ("api", "changed", "checkrun", "comment", "event",
                                                          "inputs", "main", "summary")),
                    ("tests/test_action.py", "tests/test_action_api.py", "tests/test_diff_action.py",
                     "tests/test_action_texts.py")),
}
# Not here either: action/gate.py, whose tests (test_gate.py) need a real `mlflow server`, a minute per mutant.
# Not here: action/outcome.py is all @property methods, which mutmut 3 does not mutate (its trampolines need
# plain functions); tests/test_action_outcome.py pins its verdict table instead.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", 37: "caught by type check", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
KILLED = {"killed", "timeout", "caught by type check"}


def stage(name: str, group: Group) -> Path:
    """A copy of the checkout in the layout mutmut understands, with the group's configuration."""
    work = BUILD / name
    shutil.rmtree(work, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache")
    shutil.copytree(ROOT / "hooks" / "lineage_lint", work / "src" / "lineage_lint", ignore=ignore)
    shutil.copytree(ROOT / "schemas", work / "src" / "lineage_lint" / "schemas", ignore=ignore)
    for folder in ("action", "tests", "docs", "examples"):
        shutil.copytree(ROOT / folder, work / folder, ignore=ignore)
    for file in ("README.md", ".pre-commit-hooks.yaml", "action.yml"):
        if (ROOT / file).exists():
            shutil.copy2(ROOT / file, work / file)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = re.sub(r"(?ms)^\[tool\.mutmut\].*?(?=^\[|\Z)", "", pyproject)
    # mutmut puts the mutated tree first on sys.path; pytest's `pythonpath = ["."]` would put the originals first
    pyproject = re.sub(r"(?m)^pythonpath = .*$", "", pyproject)
    pyproject += "\n[tool.mutmut]\n" + "\n".join([
        'source_paths = ["src", "action"]',
        f"only_mutate = {json.dumps(list(group.modules))}",
        f"pytest_add_cli_args_test_selection = {json.dumps(list(group.tests))}",
        'pytest_add_cli_args = ["-p", "no:randomly", "-p", "no:cacheprovider", "-q", "-m", "not slow"]',
        "also_copy = [\"docs\", \"examples\", \"README.md\", \".pre-commit-hooks.yaml\", \"action.yml\"]",
        "use_git_change_detection = false",
    ]) + "\n"
    (work / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return work


def mutmut(work: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mutmut", *args]
    if hasattr(os, "nice"):
        command = ["nice", "-n", "10", *command]
    env = {**os.environ, "CI": "", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=timeout, env=env, check=False)


def statuses(work: Path) -> dict[str, str]:
    """mutant name -> status, read from mutmut's per-module ``.meta`` files."""
    found: dict[str, str] = {}
    for meta in sorted((work / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for key, code in data.get("exit_code_by_key", {}).items():
            found[key] = STATUS.get(code, "suspicious") if code is not None else "not checked"
    return found


def sample_of(names: list[str], size: int, seed: int) -> list[str]:
    """``size`` of ``names``, drawn with ``random.Random(seed)`` from their sorted order (all when fewer)."""
    ordered = sorted(names)
    return ordered if size >= len(ordered) else sorted(random.Random(seed).sample(ordered, size))


def last_run(name: str, group: Group) -> tuple[dict[str, str], dict[str, str]]:
    """The statuses of the mutants the group's last run checked (with those kept from the runs before it), and
    the text of its modules then."""
    work = BUILD / name
    kept = work / "verdicts.json"
    found = json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else statuses(work)
    checked = {key: status for key, status in found.items() if status != "not checked"}
    sources = {module: (work / module).read_text(encoding="utf-8") for module in group.modules
               if (work / module).exists()}
    return checked, sources


def run_group(name: str, group: Group, max_children: int, sample: int | None = None,
              seed: int = 0, survivors: bool = False) -> tuple[dict[str, str], int, str]:
    """The statuses of the mutants run (all, or a sample of ``sample``, or the last run's survivors), the number
    of mutants the group has, and the survivors' diffs (or mutmut's output when nothing ran)."""
    before, sources = last_run(name, group) if survivors else ({}, {})
    if survivors and not before:
        raise SystemExit(f"{name}: --survivors needs a finished run of the group in {BUILD / name}")
    work = stage(name, group)
    if any((work / module).read_text(encoding="utf-8") != text for module, text in sources.items()):
        raise SystemExit(f"{name}: the modules changed since the last run; --survivors keeps verdicts of the same code")
    started = time.monotonic()
    chosen: list[str] = []
    if survivors:
        # the mutants the last run killed stay killed (the code is the same, tests were only added): run the rest
        chosen = sorted(key for key, status in before.items() if status not in KILLED)
        if not chosen:
            (work / "verdicts.json").write_text(json.dumps(before, indent=0, sort_keys=True), encoding="utf-8")
            return before, len(before), ""
    elif sample is not None:
        # a pattern no mutant matches: mutmut generates every mutant and collects its test statistics, runs none
        mutmut(work, "run", "--max-children", str(max_children), "no-such-mutant-*")
        chosen = sample_of(list(statuses(work)), sample, seed)
    done = mutmut(work, "run", "--max-children", str(max_children), *chosen)
    elapsed = time.monotonic() - started
    everything = statuses(work)
    found = {**before, **{key: everything[key] for key in chosen}} if chosen else everything
    log = f"mutmut run ({elapsed:.0f} s), exit {done.returncode}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    (work / "verdicts.json").write_text(json.dumps(found, indent=0, sort_keys=True), encoding="utf-8")
    if not found:
        return found, len(everything), log
    alive = [key for key, status in found.items() if status not in KILLED]
    diffs = [f"# {key}: {found[key]}\n{mutmut(work, 'show', key).stdout.partition(chr(10))[2]}" for key in alive]
    (work / "survivors.txt").write_text("\n".join(diffs), encoding="utf-8")
    return found, len(everything), "\n".join(diffs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("groups", nargs="*", help=f"groups to run: {', '.join(GROUPS)} (default: all)")
    parser.add_argument("--list", action="store_true", help="print the groups and exit")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--target", type=float, default=0.90)
    parser.add_argument("--sample", type=int, metavar="N", help="run a random sample of N mutants per group")
    parser.add_argument("--seed", type=int, help="the sample's seed (default: drawn, and printed)")
    parser.add_argument("--survivors", action="store_true",
                        help="rerun only the mutants the group's last run left alive (after adding tests)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.groups if name not in GROUPS]
    if unknown:
        parser.error(f"unknown groups {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    if args.list:
        for name, group in GROUPS.items():
            print(f"{name}: {', '.join(group.modules)}  <-  {' '.join(group.tests)}")
        return 0
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    if args.sample is not None:
        print(f"sample: {args.sample} mutants per group, seed {seed} (--sample {args.sample} --seed {seed})")
    ok = True
    rows = []
    for name in args.groups or list(GROUPS):
        found, population, report = run_group(name, GROUPS[name], args.max_children, args.sample, seed,
                                              args.survivors)
        if not found:
            print(f"== {name}: mutmut produced no results\n{report}")
            ok = False
            continue
        for module in GROUPS[name].modules:
            dotted = module.removeprefix("src/").removesuffix(".py").replace("/", ".")
            mine = {k: v for k, v in found.items() if k.startswith(dotted + ".")}
            killed = sum(1 for v in mine.values() if v in KILLED)
            score = killed / len(mine) if mine else 0.0
            ok = ok and score >= args.target
            rows.append((dotted, killed, len(mine), score))
        print(f"== {name}: survivors\n{report}" if report.strip() else f"== {name}: no survivors")
        if len(found) < population:
            print(f"== {name}: {len(found)} of its {population} mutants run")
    print(f"\n{'module':40} {'killed':>7} {'run':>6} {'score':>6}")
    for dotted, killed, total, score in rows:
        print(f"{dotted:40} {killed:7} {total:6} {score:6.1%}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
