"""What can go wrong when asking a tracking server over REST, each with a plain reason (never a URL's
credentials: the messages name paths and hosts, the caller names the redacted tracking URI)."""

from __future__ import annotations


class RestFailure(Exception):
    """The server could not be asked, or did not answer as MLflow's REST API does."""


class BadSetting(RestFailure):
    """The environment asks for something that cannot be done (both ``MLFLOW_TRACKING_INSECURE_TLS`` and a CA
    path, a certificate file that cannot be read, a value that is not a number...)."""


class Unreachable(RestFailure):
    """No HTTP answer: the connection was refused, the name does not resolve, TLS failed, or no answer came in
    time. ``reason`` says which, in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ServerError(RestFailure):
    """The server answered with an HTTP error. ``error_code`` is MLflow's (``RESOURCE_DOES_NOT_EXIST``,
    ``PERMISSION_DENIED``...), from the body when it carries one, else from the status as MLflow's client
    derives it; the gate's resolution reads it as it reads ``MlflowException.error_code``. ``coded``: the
    server's body named the code (an MLflow error, not a proxy's or a web server's page)."""

    def __init__(self, status: int, error_code: str, message: str, attempts: int = 1, *, coded: bool = False) -> None:
        super().__init__(f"HTTP {status} ({error_code}): {message}")
        self.status = status
        self.error_code = error_code
        self.message = message
        self.attempts = attempts
        self.coded = coded


class BadReply(RestFailure):
    """A successful answer that is not what MLflow's REST API documents: not JSON, or a field missing or of
    another type. Never guessed around: the decision needs every field it reads."""
