"""Mutation score of the modules that decide verdicts, with mutmut: how many small bugs the tests catch.

    python bench/mutation.py                 # every group below, one after the other
    python bench/mutation.py policy gate     # some groups
    python bench/mutation.py --list          # the groups, their modules and their tests

mutmut (3.x, ``pip install mutmut``) mutates one module at a time and runs, for each mutant, only the tests
of the group that execute the mutated function; a mutant that no test fails on *survives*. mutmut finds
code in ``src/`` or at the top level, so each group is staged in ``build/mutation/<group>/``: the package
copied to ``src/lineage_lint`` (with ``schemas/`` as ``lineage_lint.schemas``, as the wheel ships it),
``action/`` and ``tests/`` beside it, and a ``[tool.mutmut]`` table naming the group's modules and tests.
Each group's tests are the fast ones that judge its module (seconds per mutant: no ``mlflow server``,
no pre-commit, no act), so the score measures those tests, not the whole suite.

Prints, per module, killed / total and the score, then every survivor's diff (``mutmut show``), and writes
them to ``build/mutation/<group>/survivors.txt``. Runs under ``nice -n 10``; ``--max-children`` (default 2)
bounds mutmut's workers. Exit status: 0 when every group scores at least ``--target`` (default 0.90).
"""

from __future__ import annotations

import argparse
import json
import os
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
                    ("tests/test_policy_findings.py", "tests/test_reorder.py")),
    "gate": Group(("src/lineage_lint/mlflow/gate.py",), ("tests/test_gate_decision.py",)),
    "suppress": Group(("src/lineage_lint/suppress.py",),
                      ("tests/test_suppression.py", "tests/test_suppression_exact.py",
                       "tests/test_suppression_scope.py", "tests/test_reorder.py", "tests/test_cli.py")),
    "resolve": Group(("src/lineage_lint/mlflow/resolve.py",), ("tests/test_resolve.py", "tests/test_gate_decision.py")),
    "action": Group(tuple(f"action/{name}.py" for name in ("api", "changed", "checkrun", "comment", "event",
                                                          "inputs", "main", "summary")),
                    ("tests/test_action.py", "tests/test_action_api.py", "tests/test_diff_action.py")),
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


def run_group(name: str, group: Group, max_children: int) -> tuple[dict[str, str], str]:
    work = stage(name, group)
    started = time.monotonic()
    done = mutmut(work, "run", "--max-children", str(max_children))
    elapsed = time.monotonic() - started
    found = statuses(work)
    log = f"mutmut run ({elapsed:.0f} s), exit {done.returncode}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    if not found:
        return found, log
    survivors = [key for key, status in found.items() if status not in KILLED]
    diffs = [f"# {key}: {found[key]}\n{mutmut(work, 'show', key).stdout.partition(chr(10))[2]}" for key in survivors]
    (work / "survivors.txt").write_text("\n".join(diffs), encoding="utf-8")
    return found, "\n".join(diffs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("groups", nargs="*", help=f"groups to run: {', '.join(GROUPS)} (default: all)")
    parser.add_argument("--list", action="store_true", help="print the groups and exit")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--target", type=float, default=0.90)
    args = parser.parse_args(argv)
    unknown = [name for name in args.groups if name not in GROUPS]
    if unknown:
        parser.error(f"unknown groups {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    if args.list:
        for name, group in GROUPS.items():
            print(f"{name}: {', '.join(group.modules)}  <-  {' '.join(group.tests)}")
        return 0
    ok = True
    rows = []
    for name in args.groups or list(GROUPS):
        found, report = run_group(name, GROUPS[name], args.max_children)
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
    print(f"\n{'module':32} {'killed':>7} {'total':>6} {'score':>6}")
    for dotted, killed, total, score in rows:
        print(f"{dotted:32} {killed:7} {total:6} {score:6.1%}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
