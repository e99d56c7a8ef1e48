"""``python -m lineage_lint``."""

from lineage_lint.cli import console

raise SystemExit(console())
