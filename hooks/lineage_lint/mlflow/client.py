"""Talking to the tracking server: a client with bounded retries and timeouts, and MLflow's failures in
plain words. mlflow is imported here, inside functions, only when a gate command runs.

The server comes from ``--tracking-uri`` or ``MLFLOW_TRACKING_URI``; authentication is MLflow's own
(``MLFLOW_TRACKING_TOKEN``, ``MLFLOW_TRACKING_USERNAME``/``PASSWORD``, Databricks profiles...).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# MLflow's defaults retry for minutes (7 retries, exponential backoff, 120 s timeout): a gate in CI should
# answer "could not decide" in seconds instead. --timeout/--retries win, then the user's own
# MLFLOW_HTTP_REQUEST_* settings, then these.
DEFAULT_TIMEOUT = 15
DEFAULT_RETRIES = 2
_BOUNDS = {"MLFLOW_HTTP_REQUEST_TIMEOUT": str(DEFAULT_TIMEOUT), "MLFLOW_HTTP_REQUEST_MAX_RETRIES": str(DEFAULT_RETRIES),
           "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1", "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0.5"}


class MlflowMissing(RuntimeError):
    """mlflow is not installed."""


@contextmanager
def bounded(timeout: int | None = None, retries: int | None = None) -> Iterator[None]:
    """MLflow's HTTP timeout and retries for the requests made inside (MLflow reads them from the environment
    on every request); the environment is restored on leaving, so one call's flags never leak into the next."""
    wanted = {key: os.environ.get(key, default) for key, default in _BOUNDS.items()}
    if timeout is not None:
        wanted["MLFLOW_HTTP_REQUEST_TIMEOUT"] = str(timeout)
    if retries is not None:
        wanted["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = str(retries)
    saved = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def budget() -> float:
    """The seconds the whole decision may take: the request timeout in force (see :func:`bounded`)."""
    try:
        return max(1.0, float(os.environ.get("MLFLOW_HTTP_REQUEST_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return float(DEFAULT_TIMEOUT)


def connect(tracking_uri: str | None) -> Any:
    """An ``MlflowClient`` for ``tracking_uri`` (else ``MLFLOW_TRACKING_URI``); use it inside :func:`bounded`."""
    try:
        from mlflow.tracking import MlflowClient
    except ImportError as exc:
        raise MlflowMissing(
            "the MLflow commands need mlflow: pip install 'mlflow>=3' (in a clone of lineage-lint: "
            f"pip install '.[mlflow]') ({exc})"
        ) from None
    uri = tracking_uri or os.environ.get("MLFLOW_TRACKING_URI")
    if not uri:
        raise MlflowMissing("no tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI")
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def failure(exc: BaseException, tracking_uri: str) -> str | None:
    """Why the server could not answer, in plain words; None when ``exc`` is not a server failure."""
    try:
        from mlflow.exceptions import MlflowException
    except ImportError:  # pragma: no cover (connect() failed first)
        return None
    if isinstance(exc, MlflowException):
        code = str(getattr(exc, "error_code", "") or "")
        message = _short(exc.message if hasattr(exc, "message") else str(exc))
        if code in ("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "INVALID_PARAMETER_VALUE") and "API request" not in message:
            return f"not found on {tracking_uri}: {message}"
        if code in ("PERMISSION_DENIED", "UNAUTHENTICATED") or any(f"error code {s}" in message for s in (401, 403)):
            return f"the tracking server at {tracking_uri} refused access ({code}): {message}"
        return f"the tracking server at {tracking_uri} could not answer: {message}"
    if isinstance(exc, (OSError, ValueError)):  # requests' errors are OSErrors; garbage bodies ValueErrors
        return f"the tracking server at {tracking_uri} could not answer: {_short(str(exc))}"
    return None


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

