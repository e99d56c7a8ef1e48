"""The ``mlflow.app`` entry points: ``lineage-gate`` (MLflow's app with the gate) and ``lineage-gate-auth``
(MLflow's basic-auth app with the gate: users, permissions and lineage in one server).

The configuration is checked when this module is imported. ``mlflow server --app-name NAME`` imports it in
its own process, before it starts uvicorn, gunicorn or waitress and their workers, to tell whether the app
is a factory: a bad ``LINEAGE_LINT_GATE_POLICY`` or ``LINEAGE_LINT_GATE_CONFIG`` then stops ``mlflow server``
with one line on stderr and exit status 2, under every server it offers, instead of workers that crash and
are restarted forever. Each process logs, once, which policy and configuration are in force.
"""

from __future__ import annotations

import sys
from typing import Any

from lineage_lint.config import ConfigError
from lineage_lint.mlflow.gate import RUN_PRESETS
from lineage_lint.mlflow.redact import redact
from lineage_lint.mlflow.server import CONFIG_ENV, POLICY_ENV, ServerGate, as_served, guard_asgi, install, serves_asgi
from lineage_lint.policy import PolicyError

EXIT_CONFIG = 2


def _start() -> ServerGate:
    try:
        gate = ServerGate.from_environment()
    except (ConfigError, PolicyError, OSError, ValueError) as exc:
        line = " ".join(str(exc).split())
        sys.stderr.write(f"lineage-lint: the gate cannot start, so the server does not: {redact(line)} "
                         f"(set {POLICY_ENV} to {' or '.join(RUN_PRESETS)} or a JSON Schema file, and {CONFIG_ENV} "
                         "to a readable configuration file)\n")
        sys.stderr.flush()
        raise SystemExit(EXIT_CONFIG) from None
    sys.stderr.write(f"lineage-lint gate: {redact(gate.describe())}\n")
    sys.stderr.flush()
    return gate


GATE = _start()


def create_app(app: Any = None) -> Any:
    """``lineage-gate``: MLflow's app with the gate in front of its handlers."""
    from mlflow.server import app as mlflow_app

    flask_app = app if app is not None else mlflow_app
    install(flask_app, GATE)
    return as_served(flask_app, GATE)


def create_auth_app(app: Any = None) -> Any:
    """``lineage-gate-auth``: MLflow's basic-auth app (its users, permissions and admin API), with the gate's
    checks after its own: a user who may not act is refused by basic-auth, a permitted user's unlineaged
    model by the gate. Configured as basic-auth is (``MLFLOW_AUTH_CONFIG_PATH``,
    ``MLFLOW_FLASK_SERVER_SECRET_KEY``, ``MLFLOW_AUTH_ADMIN_PASSWORD``)."""
    from mlflow.server import app as mlflow_app
    from mlflow.server.auth import create_app as create_basic_auth_app

    flask_app = app if app is not None else mlflow_app
    served = create_basic_auth_app(flask_app)  # wraps the Flask app in FastAPI itself under uvicorn
    install(flask_app, GATE)
    if serves_asgi():
        guard_asgi(served, GATE)  # inside basic-auth's middleware: it decides first who may upload
    return served
