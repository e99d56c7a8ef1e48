"""Agreement of `lineage-lint show` with the labels of the held-out blind set (``bench/blind/``).

The set was written by someone who did not read the code, from the README and the docs only, to measure the
reading on configs it was not written against (``bench/blind/README.md``). The same measure as
``bench/bench_corpus.py``, plus the agreement with the exact verdicts each label expects
(``expected_seed_status``, ``expected_pin``). Fix a disagreement by its class of reading, never by the file.

    python bench/bench_blind.py                         # bench/blind, in one process
    python bench/bench_blind.py --corpus /work/blind    # another copy of the set
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    return bench_corpus.main_on(HERE / "blind", argv)


if __name__ == "__main__":
    sys.exit(main())
