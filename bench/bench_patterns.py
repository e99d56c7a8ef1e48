#!/usr/bin/env python3
"""Every regular expression of the package searched over hostile text: catastrophic backtracking finder.

    python bench/bench_patterns.py [--length 4000] [--budget 0.05]

A pattern that backtracks from every position (``\\{[^}$]*,[^}]*\\}`` over ``{a,{a,...``; ``\\{\\{.*\\}\\}``
over ``{{{{...``) turns a few kilobytes of a config value into minutes. This imports the package, collects
each compiled ``re.Pattern`` its modules hold (in module globals, tuples, dicts and named tuples such as the
version grammar's signs, and the profiles' text signatures), and searches each over ``--length`` characters
made by repeating a short fragment (``{a,``, ``[a``, ``${``, ``a/``, ``1.``...), followed by each of a few
endings. A search is linear when doubling the length at most doubles its time; it prints every pattern whose
search took over ``--budget`` seconds with the fragment and ending, slowest first, and exits 1 when there is
one (each search is stopped at 2 s). Run it after adding a pattern.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import signal
import sys
import time
from collections.abc import Iterator
from typing import Any

import lineage_lint
from lineage_lint import lazy_re

FRAGMENTS = ("{a,", "[a,", "{a", "[a", "{{", "{%", "${", "${a.", "@{", "a/", "../", "//", "a-", "a.", "a_", "0.",
             "v1.", "a1-", "a:", "::", "a@", "a=", "a&", "%2", "\\", "'", '"', "#", "a#", " ", "a ", "\t", "~", "^",
             "1", "a", "x1", "0x", "1e", "-1", "1-", ",", ", <", "<", ">=1,", "(", "[1,", "||", "|", "}}", "a b",
             "1.0 ", "1 - ", "rc", "V1-", "_a", "-", ".", "/", "\r\n", "\u2028")
ENDINGS = ("", "!", "\n", "}", "]")


def _patterns(value: Any, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if depth > 3 or isinstance(value, type):
        return
    value = lazy_re.compiled(value)
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _patterns(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns(item, depth + 1)
    elif hasattr(value, "_fields") or hasattr(value, "__dataclass_fields__"):
        names = value._fields if hasattr(value, "_fields") else value.__dataclass_fields__
        for name in names:
            yield from _patterns(getattr(value, name), depth + 1)


def collect() -> list[re.Pattern[str]]:
    """The package's compiled patterns, each once (mlflow and github modules are not imported)."""
    for module in pkgutil.walk_packages(lineage_lint.__path__, "lineage_lint."):
        if not module.name.startswith(("lineage_lint.mlflow", "lineage_lint.lineage", "lineage_lint.__main__")):
            importlib.import_module(module.name)
    from lineage_lint.profiles import PROFILES, spec

    for profile in PROFILES:
        for signature in profile.spec.signatures:
            if signature.text:
                spec._text_search(signature.text, "")  # compiles it into spec._TEXT_PATTERNS
    found: dict[int, re.Pattern[str]] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("lineage_lint"):
            for value in vars(module).values():
                found.update((id(pattern), pattern) for pattern in _patterns(value))
    return list(found.values())


class _Timeout(Exception):
    pass


def _stop(signum: int, frame: object) -> None:
    raise _Timeout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=4000)
    parser.add_argument("--budget", type=float, default=0.05, help="seconds one search may take")
    args = parser.parse_args()
    patterns = collect()
    signal.signal(signal.SIGALRM, _stop)
    slow: list[tuple[float, str, str, str]] = []
    started = time.process_time()
    for pattern in patterns:
        worst = (0.0, "", "")
        for fragment in FRAGMENTS:
            for ending in ENDINGS:
                text = fragment * (args.length // len(fragment)) + ending
                signal.setitimer(signal.ITIMER_REAL, 2.0)
                before = time.process_time()
                try:
                    pattern.search(text)
                    took = time.process_time() - before
                except _Timeout:
                    took = 2.0
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                worst = max(worst, (took, fragment, ending))
        if worst[0] > args.budget:
            slow.append((worst[0], pattern.pattern, worst[1], worst[2]))
    print(f"{len(patterns)} patterns, {len(FRAGMENTS) * len(ENDINGS)} texts of {args.length:,} characters each, "
          f"{time.process_time() - started:.1f} s CPU")
    for took, pattern, fragment, ending in sorted(slow, reverse=True):
        print(f"{took:6.3f} s  {fragment!r} * n + {ending!r}  {pattern[:150]}")
    print(f"{len(slow)} pattern(s) over {args.budget} s")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
