"""lineage-lint: refuse training configs and models whose seed and data cannot be traced."""

__version__ = "0.1.0"
# Where the project lives: every link the code prints (rule docs, SARIF, OpenLineage producer and facet schema
# URLs) is built from this one constant. Change it here (and the same URL in pyproject.toml, mkdocs.yml and
# the docs, which tests/test_release.py keeps in step) when the repository moves.
REPOSITORY = "https://github.com/lineage-lint/lineage-lint"
