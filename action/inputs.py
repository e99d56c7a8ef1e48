"""The Action's inputs, read from the ``INPUT_*`` variables ``action.yml`` sets through ``env:``.

Nothing from a workflow is ever pasted into a shell command: every input arrives as an environment
variable and is validated here, so a bad value is one clear error line and exit status 2.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

MODES = ("check", "gate")
FAIL_ON = ("error", "warning", "never")


class InputError(Exception):
    """An input the Action cannot use; the message names the input and what it accepts."""


@dataclass(frozen=True)
class Inputs:
    mode: str = "check"
    paths: tuple[str, ...] = (".",)
    config: str = ""
    policy: str = ""
    changed_only: bool | None = None  # None: decided by the event (true on pull requests)
    fail_on: str = "error"
    token: str = ""
    check_run: bool = True
    comment: bool = True
    sarif: str = ""
    model_uri: str = ""
    tracking_uri: str = ""
    alias: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        def text(name: str, default: str = "") -> str:
            return env.get("INPUT_" + name.upper().replace("-", "_"), default).strip()

        mode = text("mode", "check") or "check"
        if mode not in MODES:
            raise InputError(f"input 'mode' is {mode!r}; use one of: {', '.join(MODES)}")
        fail_on = text("fail-on", "error") or "error"
        if fail_on not in FAIL_ON:
            raise InputError(f"input 'fail-on' is {fail_on!r}; use one of: {', '.join(FAIL_ON)}")
        sarif = text("sarif")
        if "\n" in sarif or "\r" in sarif:
            raise InputError("input 'sarif' must be one path")
        model_uri, alias = text("model-uri"), text("alias")
        if model_uri and not model_uri.startswith(("models:/", "runs:/")):
            raise InputError(f"input 'model-uri' is {model_uri!r}; use models:/NAME/VERSION, models:/NAME@ALIAS "
                             "or runs:/RUN_ID")
        if alias and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]*", alias):
            raise InputError(f"input 'alias' is {alias!r}; an MLflow alias is letters, digits, _ and -")
        return cls(
            mode=mode,
            paths=_paths(text("paths")),
            config=text("config"),
            policy=text("policy"),
            changed_only=_flag(text("changed-only", "auto"), "changed-only", allow_auto=True),
            fail_on=fail_on,
            # the token is kept out of repr() so that no error message or log line can show it
            token=text("github-token"),
            check_run=bool(_flag(text("check-run", "true"), "check-run")),
            comment=bool(_flag(text("comment", "true"), "comment")),
            sarif=sarif,
            model_uri=model_uri,
            tracking_uri=text("tracking-uri"),
            alias=alias,
        )

    def __repr__(self) -> str:
        return f"Inputs(mode={self.mode!r}, paths={self.paths!r}, token={'<set>' if self.token else '<empty>'})"


def _flag(value: str, name: str, allow_auto: bool = False) -> bool | None:
    lowered = value.lower()
    if lowered in {"true", "yes", "1", "on"}:
        return True
    if lowered in {"false", "no", "0", "off"}:
        return False
    if allow_auto and lowered in {"", "auto"}:
        return None
    accepted = "true, false" + (" or auto" if allow_auto else "")
    raise InputError(f"input '{name}' is {value!r}; use {accepted}")


def _paths(value: str) -> tuple[str, ...]:
    """One path per line, or several on a line separated by spaces (shell-style quotes allowed)."""
    paths: list[str] = []
    for line in value.splitlines():
        try:
            paths.extend(shlex.split(line, comments=True))
        except ValueError as exc:
            raise InputError(f"input 'paths': {exc} in {line.strip()!r}") from None
    for path in paths:
        if path.startswith("-"):
            raise InputError(f"input 'paths': {path!r} looks like an option; name files or folders")
    return tuple(paths) or (".",)
