"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from lineage_lint.mlflow.client import CLIENT_VARIABLE


@pytest.fixture(params=["rest", "mlflow"])
def asked_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which client asks the tracking server: lineage-lint's REST client or MLflow's. A test that takes it runs
    once with each, with the same assertions: both must give the same records and reports."""
    client: str = request.param
    monkeypatch.setenv(CLIENT_VARIABLE, client)
    return client
