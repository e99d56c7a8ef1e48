"""Colour for people, never for files or pipes: ``--color auto|always|never``; with ``auto``, ``NO_COLOR`` (any
non-empty value) turns it off, ``FORCE_COLOR`` turns it on, and otherwise only a terminal gets it. Shared by
``check``, ``show``, ``diff`` and the gate's text reports."""

from __future__ import annotations

import os
from typing import TextIO

RESET, BOLD, DIM = "\033[0m", "\033[1m", "\033[2m"
RED, GREEN, YELLOW = "\033[31m", "\033[32m", "\033[33m"
# Verdict words by how bad they are: seeds, pins, gate verdicts.
GOOD = frozenset({"declared", "strong", "pass", "PASS"})
BAD = frozenset({"missing", "random", "none", "floating", "no-reference", "fail", "FAIL"})


def wanted(choice: str, stream: TextIO | None) -> bool:
    """Whether to colour what goes to ``stream`` (None: a file named with ``--output``)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


def paint(text: str, style: str, on: bool) -> str:
    return f"{style}{text}{RESET}" if on and text else text


def verdict(word: str, on: bool, shown: str | None = None) -> str:
    """``shown`` (default ``word``) in green, red or yellow by what ``word`` says."""
    style = GREEN if word in GOOD else RED if word in BAD else YELLOW
    return paint(word if shown is None else shown, style, on)


def severity(code: str, level: str, on: bool) -> str:
    return paint(code, RED if level == "error" else YELLOW, on)
