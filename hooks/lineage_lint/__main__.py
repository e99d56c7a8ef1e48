"""``python -m lineage_lint``."""

from lineage_lint.cli import main

raise SystemExit(main())
