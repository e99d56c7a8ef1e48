"""Reading a file's bytes safely: size cap, symlinks leaving the repository, encodings, kinds of path."""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from lineage_lint.sources.problems import fail
from lineage_lint.span import Span

DEFAULT_MAX_BYTES = 4 * 1024 * 1024


def read_text(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the file's text, or raise :class:`UnreadableSource` saying why it cannot be read.

    Nothing is read from a path that resolves outside ``root`` (a symlink leaving the repository), from
    anything that is not a regular file, or past ``max_bytes``.
    """
    resolved = _plain_file(path) or safe_path(path, root)
    try:
        with open(resolved, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, max_bytes) + 1)
    except OSError as exc:
        raise fail("LL009", f"cannot read {path}: {_reason(exc)}") from None
    if len(data) > max_bytes:
        raise fail(
            "LL007",
            f"file is larger than the {_human(max_bytes)} limit (max-file-size); it was not parsed",
        )
    return decode(data)


def safe_path(path: Path, root: Path) -> Path:
    """The regular file ``path`` resolves to, or :class:`UnreadableSource` when it is missing, not a
    regular file, or a symlink (or under one) that leaves ``root``."""
    plain = _plain_file(path)
    if plain is not None:
        return Path(plain)
    if not os.path.lexists(path):
        raise fail("LL009", f"no such file: {path}")
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # dangling or looping symlink
        raise fail("LL009", f"cannot follow {path}: {_reason(exc)}") from None
    # A path that resolves elsewhere than it reads went through a symlink; it must stay in the repository.
    if str(resolved) != os.path.abspath(path) and not resolved.is_relative_to(_resolved(root)):
        raise fail(
            "LL008", f"{path} is a symlink to {resolved}, outside the repository root {root}; it was not read"
        )
    if resolved.is_dir():
        raise fail("LL009", f"{path} is a directory, not a config file")
    if not resolved.is_file():
        raise fail("LL009", f"{path} is not a regular file")
    return resolved


def _plain_file(path: Path) -> str | None:
    """``path`` made absolute when it is a regular file reached through no symlink (the common case, decided
    with one ``lstat`` and a remembered check of its folder), else None (then :func:`safe_path` looks)."""
    absolute = os.path.abspath(path)
    try:
        mode = os.lstat(absolute).st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode) or not without_symlinks(os.path.dirname(absolute)):
        return None
    return absolute


def plain_stat(absolute: str) -> tuple[int, int, int, int, int] | None:
    """``(size, mtime_ns, ctime_ns, inode, device)`` of the file at ``absolute`` when it is a regular file
    reached through no symlink (what :func:`read_text` would open as it is named), else None."""
    absolute = os.path.normpath(absolute)
    try:
        status = os.lstat(absolute)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(status.st_mode) or not without_symlinks(os.path.dirname(absolute)):
        return None
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev


@functools.lru_cache(maxsize=4096)
def without_symlinks(folder: str) -> bool:
    """Whether no symlink leads to ``folder`` (absolute, normalised). Remembered for one run
    (:func:`forget_folders`): a folder turned into a symlink later is seen."""
    return os.path.realpath(folder) == folder


def forget_folders() -> None:
    """Forget which folders had no symlink in their path; each engine (one per run) starts afresh."""
    without_symlinks.cache_clear()


def decode(data: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed); anything else is reported with the offending byte's position."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise fail(
            "LL002",
            f"file is not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {col}; "
            "save it as UTF-8",
            Span(line, col, line, col + 1),
        ) from None
    if "\x00" in text:
        at = text.index("\x00")
        line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        raise fail("LL002", f"file contains NUL bytes (the first at line {line}, column {col}); it is binary, not a "
                            "text config", Span(line, col, line, col + 1))
    return text


@functools.cache
def _resolved(root: Path) -> Path:
    return root.resolve()


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _human(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.4g} KiB"
    return f"{size / (1024 * 1024):.4g} MiB"
