"""Secrets out of everything the gate prints: the userinfo of a URI (``http://alice:secret@host``) and the
values of token-like query parameters (``?token=...``, ``X-Amz-Signature=...``, ``sig=...``).

Applied to text before any escaping a report does, so no escape (a zero-width space a markdown cell inserts
after ``@``, a ``%0A`` of a workflow command) can split a secret past the redaction or past GitHub's own
masking. Invisible format characters (zero-width spaces and joiners, bidi controls) inside a URI are
removed before it is judged, so ``ali\u200bce:se\u200bcret@host`` is redacted like ``alice:secret@host``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import TypeVar

T = TypeVar("T")

MASK = "***"
# scheme://userinfo@: the userinfo runs up to the last "@" before the authority ends ("/", "?" or "#"). A
# password pasted unencoded may hold spaces: after a "user:" part, up to three more words (no brackets) may
# lead to the "@" (better a few words of prose masked than a password shown).
_PART = r"[^/?#\s\"'<>`]*"
_WORD = r"[^/?#\s\"'<>`()\[\]]+"
_USERINFO = re.compile(rf"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?:[^/?#\s\"'<>`:]*:{_PART}"
                       rf"(?:[ \t]+{_WORD}){{1,3}}|{_PART})@")
_SECRET_KEY = re.compile(r"(?:token|secret|passw|pwd|key|sig|signature|credential|auth|session|code)", re.I)
# A query's pairs, and a fragment's (``#access_token=...``, as OAuth's implicit flow hands tokens out).
_QUERY_PAIR = re.compile(r"(?P<sep>[?&;#])(?P<key>[^=&;#?\s]+)=(?P<value>[^&;#?\s\"'<>`]*)")


def _visible(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def redact(text: str) -> str:
    """``text`` with every URI's userinfo and token-like query values replaced by ``***``."""
    visible = _visible(text)
    if "://" not in visible and "=" not in visible:
        return text
    # URIs' userinfo, then every query pair anywhere: HTTP libraries print a URL's path and query alone
    # ("Max retries exceeded with url: /api?token=...").
    return _QUERY_PAIR.sub(_redact_pair, _USERINFO.sub(lambda found: found["scheme"] + MASK + "@", visible))


def _redact_pair(pair: re.Match[str]) -> str:
    return f"{pair['sep']}{pair['key']}={MASK}" if _SECRET_KEY.search(pair["key"]) else pair[0]


def scrubbed(value: T) -> T:
    """A copy of ``value`` (a string, or lists, dicts and dataclasses of them) with every string redacted:
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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {field.name: scrubbed(getattr(value, field.name)) for field in dataclasses.fields(value)
                   if field.init}
        return dataclasses.replace(value, **changes)
    return value
