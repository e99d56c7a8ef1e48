"""Agreement of `lineage-lint show` with the labels of the in-house development set (``bench/inhouse/``).

The same measure as ``bench/bench_corpus.py`` (same label -> verdict mapping, same report: per domain,
overall, every disagreement, crashes and the slowest file), on configs written in the style teams use for
their own training code, which only the generic reading sees. Rewrite the set with
``bench/make_inhouse.py``.

    python bench/bench_inhouse.py                 # in one process (quick)
    python bench/bench_inhouse.py --subprocess    # one `lineage-lint show` process per file
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    return bench_corpus.main_on(HERE / "inhouse", argv)


if __name__ == "__main__":
    sys.exit(main())
