"""The MLflow promotion gate and the helper that records lineage on a run.

``from lineage_lint.mlflow import log_lineage`` inside a training script; ``lineage-lint gate | promote |
register`` in CI; ``mlflow server --app-name lineage-gate`` on the tracking server. Importing this package
does not import mlflow: each function imports it when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lineage_lint.mlflow.log import LineageError, LineageWarning, log_lineage

__all__ = ["LineageError", "LineageWarning", "log_lineage"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from lineage_lint.mlflow import log

        return getattr(log, name)
    raise AttributeError(f"module 'lineage_lint.mlflow' has no attribute {name!r}")
