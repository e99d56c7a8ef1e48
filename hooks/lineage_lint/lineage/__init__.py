"""Answering lineage questions from the records the engine and the gate build: ``diff`` (two records by
layer), ``impact`` (what a dataset reached), ``graph`` (one graph model), and ``show`` on model URIs.

Config records come from :class:`~lineage_lint.engine.Engine` (at a git revision through
:mod:`lineage_lint.lineage.gitrev`); run records from the gate's own resolution
(:mod:`lineage_lint.mlflow.resolve`, :mod:`lineage_lint.mlflow.run_record`): what the gate checks and what
these commands report cannot disagree. Importing this package does not import mlflow.
"""
