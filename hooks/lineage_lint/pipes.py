"""When the reader of standard output goes away (``lineage-lint check ... | head -1``)."""

from __future__ import annotations

import os
import sys


def reader_gone() -> None:
    """Point standard output at the null device, so that nothing more (not even the flush at exit) fails or
    prints a traceback; the caller then exits quietly with its verdict."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (captured in-process): nothing to silence
        pass
