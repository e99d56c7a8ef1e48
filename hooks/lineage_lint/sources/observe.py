"""What a check saw of the repository besides the file it judged, in a form that can be seen again.

A config's verdict can depend on other files: the bases it composes, the files a Hydra config group holds,
whether an optional default or a package's ``__init__.py`` exists. The :class:`~lineage_lint.profiles.context.
Loader` goes through the functions here for all of them, and, while a check records, notes each observation
as ``(kind, subject) -> outcome``. Running :func:`observe` again on the same pair later says whether the
repository still looks the same to that check (the cache relies on it: a changed base changes the outcome of
``read`` for every config composed from it). Kept free of the parsers and profiles, so that a run whose
results all come from the cache imports none of them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

from lineage_lint.sources.problems import Problem, UnreadableSource
from lineage_lint.sources.reading import read_text

READ, LISTING, LEXISTS, IS_DIR, IS_FILE = "read", "listing", "lexists", "is_dir", "is_file"
Observation = tuple[str, str]


def digest(text: str) -> str:
    """The content digest of a file's text (sha256; lone surrogates survive, as the readers keep them)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def failed(problem: Problem) -> str:
    """The outcome of a read that failed: its code and message (never a digest: no ``!`` in hexadecimal)."""
    return f"!{problem.code} {problem.message}"


def read_outcome(path: Path, root: Path, max_bytes: int) -> tuple[str, str | UnreadableSource]:
    """``(outcome, text)``: the digest of the file's text, or why it could not be read (and the exception
    instead of the text); read exactly as the loader reads bases."""
    try:
        text = read_text(path, root, max_bytes)
    except UnreadableSource as exc:
        return failed(exc.problem), exc
    except OSError as exc:
        error = cannot_read(path, root, exc)
        return failed(error.problem), error
    return digest(text), text


def cannot_read(path: Path, root: Path, exc: OSError) -> UnreadableSource:
    shown = PurePosixPath(os.path.relpath(path, root)).as_posix()
    return UnreadableSource(Problem("LL009", f"cannot read {shown}: {exc.strerror or exc}"))


def listing(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The names of the files in ``folder`` ending in ``suffixes``, ``train*`` first then by name."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.endswith(suffixes) and entry.is_file()]
    except OSError:
        names = []
    first = sorted(name for name in names if name.startswith("train"))  # asked once per folder, which may
    return first + sorted(name for name in names if not name.startswith("train"))  # hold thousands


def listing_subject(folder: Path, suffixes: tuple[str, ...]) -> str:
    return "\0".join((str(folder), *suffixes))


def listing_outcome(names: list[str]) -> str:
    """A listing's outcome: the digest of its names (a folder of configs may hold thousands)."""
    return digest("\0".join(names))


def flag(value: bool) -> str:
    return "1" if value else "0"


def observe(kind: str, subject: str, root: Path, max_bytes: int) -> str:
    """The outcome of observation ``(kind, subject)`` now (``root`` and ``max_bytes``: the loader's)."""
    if kind == READ:
        return read_outcome(Path(subject), root, max_bytes)[0]
    if kind == LISTING:
        folder, *suffixes = subject.split("\0")
        return listing_outcome(listing(Path(folder), tuple(suffixes)))
    if kind == LEXISTS:
        return flag(os.path.lexists(subject))
    if kind == IS_DIR:
        return flag(os.path.isdir(subject))
    if kind == IS_FILE:
        return flag(os.path.isfile(subject))
    raise ValueError(f"unknown observation {kind!r}")
