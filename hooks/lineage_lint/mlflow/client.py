"""Talking to the tracking server: which client asks it (decided here, and only here), bounded retries and
timeouts, and the failures of either client in plain words.

An ``http(s)`` tracking URI is read by lineage-lint's own REST client (:mod:`lineage_lint.mlflow.rest`: the
standard library only, so a gate answers without importing mlflow); every other URI (``databricks``,
``file:``, ``sqlite:`` and other database URIs, a plain path), every command that writes (``promote``,
``register``), and an environment only MLflow's client can honour (``MLFLOW_TRACKING_AUTH``'s auth plugins,
``MLFLOW_TRACKING_AWS_SIGV4``) use ``MlflowClient``, imported only then. ``LINEAGE_LINT_MLFLOW_CLIENT=mlflow``
makes every command use MLflow's client (``rest`` insists on the REST one; unset or ``auto``: as above).

The server comes from ``--tracking-uri`` or ``MLFLOW_TRACKING_URI``; authentication is MLflow's own
(``MLFLOW_TRACKING_TOKEN``, ``MLFLOW_TRACKING_USERNAME``/``PASSWORD``, TLS variables, Databricks profiles...),
which both clients read the same way.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lineage_lint.mlflow.rest.settings import Limits

CLIENT_VARIABLE = "LINEAGE_LINT_MLFLOW_CLIENT"
# MLflow's defaults retry for minutes (7 retries, exponential backoff, 120 s timeout): a gate in CI should
# answer "could not decide" in seconds instead. --timeout/--retries win, then the user's own
# MLFLOW_HTTP_REQUEST_* settings, then these.
DEFAULT_TIMEOUT = 15
DEFAULT_RETRIES = 2
_BOUNDS = {"MLFLOW_HTTP_REQUEST_TIMEOUT": str(DEFAULT_TIMEOUT), "MLFLOW_HTTP_REQUEST_MAX_RETRIES": str(DEFAULT_RETRIES),
           "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1", "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0.5"}
# The REST client's pauses before its retries (MLflow's variables take whole seconds only): none, then 0.5 s
# (+ up to 0.25 s), so an unreachable server is exit 2 in well under 2 s with the defaults.
REST_BACKOFF_FACTOR = 0.25
REST_BACKOFF_JITTER = 0.25
_NOT_FOUND_CODES = ("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "INVALID_PARAMETER_VALUE")
# What MLflow's client (through requests and urllib3) says when a server is silent or absent, in plain words.
_READ_TIMEOUT = re.compile(r"Read timed out\. \(read timeout=(\d+(?:\.\d+)?)\)")
_CONNECT_TIMEOUT = re.compile(r"ConnectTimeoutError|Connection to \S+ timed out\. \(connect timeout=(\d+(?:\.\d+)?)\)")
_REFUSED = re.compile(r"Connection refused|Failed to establish a new connection|Name or service not known|"
                      r"nodename nor servname|Temporary failure in name resolution")
_REFUSED_CODES = ("PERMISSION_DENIED", "UNAUTHENTICATED")


class Unusable(RuntimeError):
    """The server cannot be asked as things stand: no tracking URI, a setting that cannot be used, or the
    client it needs is not installed."""


class MlflowMissing(Unusable):
    """mlflow is not installed."""


def uses_rest(tracking_uri: str, *, writes: bool = False) -> bool:
    """Whether lineage-lint's REST client (not ``MlflowClient``) asks ``tracking_uri``: see the module's
    docstring. Raises :class:`Unusable` for a ``LINEAGE_LINT_MLFLOW_CLIENT`` that cannot be followed."""
    choice = os.environ.get(CLIENT_VARIABLE, "").strip().lower()
    if choice not in ("", "auto", "rest", "mlflow"):
        raise Unusable(f"{CLIENT_VARIABLE} must be auto, rest or mlflow, not {choice!r}")
    if choice == "mlflow" or writes:
        return False
    scheme = tracking_uri.strip().partition("://")[0].lower() if "://" in tracking_uri else ""
    only_mlflow = _only_mlflow()
    if scheme in ("http", "https") and not only_mlflow:
        return True
    if choice == "rest":
        why = only_mlflow or f"the tracking URI is not http(s) ({scheme or 'a path'})"
        raise Unusable(f"{CLIENT_VARIABLE}=rest cannot be followed: {why}")
    return False


def _only_mlflow() -> str:
    """What in the environment only MLflow's client can do ('' when nothing)."""
    from lineage_lint.mlflow.rest.errors import BadSetting
    from lineage_lint.mlflow.rest.settings import flag

    if os.environ.get("MLFLOW_TRACKING_AUTH"):
        return "MLFLOW_TRACKING_AUTH names an MLflow auth plugin"
    try:
        if flag("MLFLOW_TRACKING_AWS_SIGV4", False):
            return "MLFLOW_TRACKING_AWS_SIGV4 asks for AWS request signing"
    except BadSetting as exc:
        raise Unusable(str(exc)) from None
    return ""


def needs_mlflow(tracking_uri: str | None, *, writes: bool = False) -> bool:
    """Whether asking ``tracking_uri`` (else ``MLFLOW_TRACKING_URI``) needs mlflow installed: what the
    Action's gate mode asks before installing it. An undecidable setting needs it (the error comes later)."""
    uri = tracking_uri or os.environ.get("MLFLOW_TRACKING_URI") or ""
    try:
        return not uri or not uses_rest(uri, writes=writes)
    except Unusable:
        return True


def limits(timeout: int | None = None, retries: int | None = None) -> Limits:
    """The REST client's bounds: ``--timeout``/``--retries``, else ``MLFLOW_HTTP_REQUEST_TIMEOUT``/
    ``MAX_RETRIES``, else 15 s and 2; MLflow's backoff variables, else :data:`REST_BACKOFF_FACTOR` and
    :data:`REST_BACKOFF_JITTER`; ``MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER`` (default true). Read before
    :func:`bounded` sets MLflow's defaults in the environment."""
    from lineage_lint.mlflow.rest.errors import BadSetting
    from lineage_lint.mlflow.rest.settings import Limits, flag

    def number(name: str, given: float | None, default: float, least: float, option: str = "") -> float:
        raw = os.environ.get(name)
        if given is not None:
            value, name = float(given), option
        elif raw is None or not raw.strip():
            value = default
        else:
            try:
                value = float(raw)
            except ValueError:
                raise Unusable(f"{name} must be a number, not {raw!r}") from None
        if value < least:
            raise Unusable(f"{name} must be at least {least:g}, not {value:g}")
        return value

    try:
        respect = flag("MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER", True)
    except BadSetting as exc:
        raise Unusable(str(exc)) from None
    return Limits(number("MLFLOW_HTTP_REQUEST_TIMEOUT", timeout, DEFAULT_TIMEOUT, 1, "--timeout"),
                  int(number("MLFLOW_HTTP_REQUEST_MAX_RETRIES", retries, DEFAULT_RETRIES, 0, "--retries")),
                  number("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", None, REST_BACKOFF_FACTOR, 0),
                  number("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", None, REST_BACKOFF_JITTER, 0), respect)


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


def connect(tracking_uri: str | None, bounds: Limits | None = None, *, writes: bool = False) -> Any:
    """The client for ``tracking_uri`` (else ``MLFLOW_TRACKING_URI``): the REST client within ``bounds``
    (default :func:`limits`) or an ``MlflowClient``, to be used inside :func:`bounded`. ``writes``: the
    caller changes the registry (only MLflow's client does)."""
    uri = tracking_uri or os.environ.get("MLFLOW_TRACKING_URI")
    if not uri:
        raise Unusable("no tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI")
    if uses_rest(uri, writes=writes):
        from lineage_lint.mlflow import rest
        from lineage_lint.mlflow.redact import redact

        try:
            return rest.connect(uri, bounds or limits())
        except rest.BadSetting as exc:
            raise Unusable(f"cannot ask the tracking server at {redact(uri)}: {exc}") from None
    try:
        from mlflow.tracking import MlflowClient
    except ImportError as exc:
        raise MlflowMissing(
            "the MLflow commands need mlflow for this tracking server: pip install 'mlflow>=3' (in a clone of "
            f"lineage-lint: pip install '.[mlflow]') ({exc})"
        ) from None
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def failure(exc: BaseException, tracking_uri: str) -> str | None:
    """Why the server could not answer, in plain words; None when ``exc`` is not a server failure."""
    from lineage_lint.mlflow.rest import errors

    if isinstance(exc, errors.RestFailure):
        return _rest_failure(exc, tracking_uri)
    if "mlflow.exceptions" in sys.modules:  # only MLflow's client raises its exceptions: never imported for this
        from mlflow.exceptions import MlflowException

        if isinstance(exc, MlflowException):
            code = str(getattr(exc, "error_code", "") or "")
            full = str(exc.message if hasattr(exc, "message") else exc)
            message = _short(full)
            if code in _NOT_FOUND_CODES and "API request" not in message:
                return f"not found on {tracking_uri}: {message}"
            if code in _REFUSED_CODES or any(f"error code {s}" in message for s in (401, 403)):
                return f"the tracking server at {tracking_uri} refused access ({code}): {message}"
            return _silent(full, tracking_uri) or f"the tracking server at {tracking_uri} could not answer: {message}"
    if isinstance(exc, (OSError, ValueError)):  # requests' errors are OSErrors; garbage bodies ValueErrors
        message = _short(str(exc))
        return _silent(str(exc), tracking_uri) or f"the tracking server at {tracking_uri} could not answer: {message}"
    return None


def _silent(message: str, tracking_uri: str) -> str | None:
    """A server that timed out or could not be reached, said as the REST client says it (urllib3's retry text is
    no explanation); None for any other failure."""
    if found := _READ_TIMEOUT.search(message):
        return f"the tracking server at {tracking_uri} gave no answer within {float(found.group(1)):g} s"
    if found := _CONNECT_TIMEOUT.search(message):
        within = f" within {float(found.group(1)):g} s" if found.group(1) else ""
        return f"cannot reach the tracking server at {tracking_uri} (no connection{within})"
    if _REFUSED.search(message):
        reason = "connection refused" if "Connection refused" in message else "the host name does not resolve" \
            if "resol" in message or "servname" in message else "no connection"
        return f"cannot reach the tracking server at {tracking_uri} ({reason})"
    return None


def _rest_failure(exc: Exception, tracking_uri: str) -> str:
    from lineage_lint.mlflow.rest import errors

    if isinstance(exc, errors.Unreachable):
        return f"cannot reach the tracking server at {tracking_uri} ({exc.reason})"
    if isinstance(exc, errors.ServerError):
        message = exc.message or exc.error_code
        if exc.error_code in _NOT_FOUND_CODES:  # in MLflow's client's words: "RESOURCE_DOES_NOT_EXIST: Run ..."
            return f"not found on {tracking_uri}: {exc.error_code + ': ' if exc.coded else ''}{message}"
        if exc.error_code in _REFUSED_CODES or exc.status in (401, 403):
            return f"the tracking server at {tracking_uri} refused access (HTTP {exc.status}, {exc.error_code}): " \
                   f"{message}"
        tried = f" after {exc.attempts} attempts" if exc.attempts > 1 else ""
        return (f"the tracking server at {tracking_uri} could not answer: HTTP {exc.status} ({exc.error_code})"
                f"{tried}: {message}")
    if isinstance(exc, errors.BadReply):
        return f"the tracking server at {tracking_uri} did not answer as MLflow's REST API does: {exc}"
    return f"cannot ask the tracking server at {tracking_uri}: {exc}"


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
