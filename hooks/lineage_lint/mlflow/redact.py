"""Secrets out of everything the gate prints: the userinfo of a URI (``http://alice:secret@host``) and the
values of token-like query parameters (``?token=...``, ``X-Amz-Signature=...``, ``sig=...``).

Applied to text before any escaping a report does, so no escape (a zero-width space a markdown cell inserts
after ``@``, a ``%0A`` of a workflow command) can split a secret past the redaction or past GitHub's own
masking. Invisible format characters (zero-width spaces and joiners, bidi controls) inside a URI are
removed before it is judged, so ``ali\u200bce:se\u200bcret@host`` is redacted like ``alice:secret@host``.

A URI met in a message is read by its shape, which a password with many spaces, quotes or an unencoded
``/``, ``?`` or ``#`` breaks (and a URI parser then prints pieces of it, as in "Port could not be cast to
integer value as 'pa'"). The credentials the gate is given are known whole: those of the tracking URIs it is
given (``--tracking-uri``, :func:`keep_secrets_of`; ``MLFLOW_TRACKING_URI``; a server's backend store URI)
and ``MLFLOW_TRACKING_PASSWORD`` and ``MLFLOW_TRACKING_TOKEN``. Each is masked wherever it appears, as given,
percent-decoded and percent-encoded, and so is each piece of a password a parser may print apart (split at
``/ ? # @ :`` and spaces), when it is at least :data:`MIN_SECRET` characters long.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from typing import TypeVar
from urllib.parse import quote, unquote

from lineage_lint.plain import Plain

T = TypeVar("T")

MASK = "***"
# scheme://userinfo@: the userinfo runs up to the last "@" before the authority ends ("/", "?" or "#"). A
# password pasted unencoded may hold spaces: after a "user:" part, up to three more words (no brackets) may
# lead to the "@" (better a few words of prose masked than a password shown).
_PART = r"[^/?#\s\"'<>`]*"
_WORD = r"[^/?#\s\"'<>`()\[\]]+"
_GAP = r"[^\S\r\n]+"  # spaces of any kind (tabs, no-break, ideographic), not a line break
_USERINFO = re.compile(rf"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?:[^/?#\s\"'<>`:]*:{_PART}"
                       rf"(?:{_GAP}{_WORD}){{1,8}}(?:{_GAP})?|[^/?#\s\"'<>`:]*:{_PART}{_GAP}|{_PART})@")
MIN_SECRET = 4  # a known secret, or a piece of one, shorter than this is masked only inside its URI
_SECRET_URI_VARIABLES = ("MLFLOW_TRACKING_URI", "_MLFLOW_SERVER_FILE_STORE", "_MLFLOW_SERVER_REGISTRY_STORE")
_SECRET_VARIABLES = ("MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN")
_given: list[str] = []
_known: dict[tuple[str, ...], list[str]] = {}
_SECRET_KEY = re.compile(r"(?:token|secret|passw|pwd|key|sig|signature|credential|auth|session|code)", re.I)
# A query's pairs, and a fragment's (``#access_token=...``, as OAuth's implicit flow hands tokens out).
_QUERY_PAIR = re.compile(r"(?P<sep>[?&;#])(?P<key>[^=&;#?\s]+)=(?P<value>[^&;#?\s\"'<>`]*)")


def _visible(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def keep_secrets_of(uri: str | None) -> None:
    """Mask the credentials of ``uri`` (a tracking URI given whole) in everything redacted from now on."""
    if uri and uri not in _given:
        _given.append(uri)


def _credentials(uri: str) -> set[str]:
    """The secrets of a URI given whole: its userinfo (from ``://`` to the string's last ``@``, whatever it
    holds), its password, and the password's pieces."""
    text = _visible(uri).strip()
    start, end = text.find("://"), text.rfind("@")
    if start < 0 or end < start:
        return set()
    userinfo = text[start + 3:end]
    password = userinfo.partition(":")[2]
    pieces = {piece for piece in re.split(r"[/?#@:\s]+", password) if piece}
    return {userinfo, password, *pieces}


def known_secrets() -> list[str]:
    """Every known secret (see the module's docstring), longest first."""
    values = (*_given, *(os.environ.get(name, "") for name in (*_SECRET_URI_VARIABLES, *_SECRET_VARIABLES)))
    found = _known.get(values)
    if found is None:
        secrets: set[str] = set()
        for value in values[:len(values) - len(_SECRET_VARIABLES)]:
            secrets |= _credentials(value)
        secrets |= {_visible(value).strip() for value in values[len(values) - len(_SECRET_VARIABLES):]}
        spelled = {form for secret in secrets for form in (secret, unquote(secret), quote(secret, safe=""))}
        found = _known[values] = sorted((each for each in spelled if len(each.strip()) >= MIN_SECRET),
                                        key=len, reverse=True)
    return found


def redact(text: str) -> str:
    """``text`` with every URI's userinfo and token-like query values replaced by ``***``, and every known
    secret."""
    visible = _visible(text)
    secrets = [secret for secret in known_secrets() if secret in visible]
    if "://" not in visible and "=" not in visible and not secrets:
        return text
    for secret in secrets:
        visible = visible.replace(secret, MASK)
    # URIs' userinfo, then every query pair anywhere: HTTP libraries print a URL's path and query alone
    # ("Max retries exceeded with url: /api?token=...").
    return _QUERY_PAIR.sub(_redact_pair, _USERINFO.sub(lambda found: found["scheme"] + MASK + "@", visible))


def _redact_pair(pair: re.Match[str]) -> str:
    return f"{pair['sep']}{pair['key']}={MASK}" if _SECRET_KEY.search(pair["key"]) else pair[0]


def scrubbed(value: T) -> T:
    """A copy of ``value`` (a string, or lists, dicts, dataclasses and :class:`~lineage_lint.plain.Plain` values of
    them) with every string redacted:
    what a report renders, before it escapes anything."""
    if isinstance(value, str):
        return redact(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [scrubbed(item) for item in value]  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = [scrubbed(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {scrubbed(key): scrubbed(item) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, Plain):  # the findings, problems and results: value classes, not dataclasses
        return value.replace(**{name: scrubbed(getattr(value, name)) for name in value.FIELDS})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {field.name: scrubbed(getattr(value, field.name)) for field in dataclasses.fields(value)
                   if field.init}
        return dataclasses.replace(value, **changes)
    return value
