"""lineage-lint: refuse training configs and models whose seed and data cannot be traced."""

__version__ = "0.1.0"
