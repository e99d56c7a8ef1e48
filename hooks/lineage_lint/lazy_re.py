"""Regular expressions compiled on first use, and tests of key names remembered.

The readers' tables hold dozens of expressions; compiling them all when a module is imported costs the
one-file hook run tens of milliseconds, though a file needs a few of them. :func:`lazy` returns an object
that behaves as the compiled pattern and compiles it the first time any of its attributes is used (then
its methods are the compiled pattern's own, with nothing in between). :func:`keys` does the same for
expressions applied to key names, and also remembers each answer of ``search`` and ``match``: the same few
hundred key names come back in every config of a run (:func:`any_match` asks one of a mapping's keys, answered
by one set test when every key is known to match nothing). :func:`remember_texts` does the same for a pure test
of a value's text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from typing import Any, TypeVar, cast

MAX_REMEMBERED = 20_000  # answers kept per expression; past that the memory starts afresh
_ATTRIBUTES = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split", "pattern", "flags",
               "groups", "groupindex", "scanner")


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
            for attribute in _ATTRIBUTES:  # from now on found without __getattr__ (unless the class defines it)
                if not hasattr(type(self), attribute):
                    setattr(self, attribute, getattr(self._compiled, attribute))
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet: the first use
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._pattern(), name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


class _Keys(_Lazy):
    def __init__(self, pattern: str, flags: int) -> None:
        super().__init__(pattern, flags)
        self._searched: dict[str, re.Match[str] | None] = {}
        self._matched: dict[str, re.Match[str] | None] = {}
        self._unmatched: set[str] = set()  # texts ``match`` is known to find nothing in

    def search(self, text: str) -> re.Match[str] | None:
        known = self._searched
        return known[text] if text in known else _remember(known, text, self._pattern().search)

    def match(self, text: str) -> re.Match[str] | None:
        known = self._matched
        if text in known:
            return known[text]
        found = _remember(known, text, self._pattern().match)
        if found is None:
            if len(self._unmatched) >= MAX_REMEMBERED:
                self._unmatched.clear()
            self._unmatched.add(text)
        return found

    def any_match(self, texts: Collection[str]) -> bool:
        # a mapping's keys, all known to match nothing: one set test, in C
        return not self._unmatched.issuperset(texts) and any(self.match(text) for text in texts)


def _remember(known: dict[str, re.Match[str] | None], text: str,
              test: Callable[[str], re.Match[str] | None]) -> re.Match[str] | None:
    if len(known) >= MAX_REMEMBERED:
        known.clear()
    found = known[text] = test(text)
    return found


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))


def compiled(value: object) -> object:
    """The compiled pattern behind ``value`` if it is a :func:`lazy` or :func:`keys` one, else ``value`` (for tools
    that look for the package's patterns, such as ``bench/bench_patterns.py``)."""
    return value._pattern() if isinstance(value, _Lazy) else value


def any_match(pattern: re.Pattern[str], texts: Collection[str]) -> bool:
    """Whether ``pattern`` matches any of ``texts`` (for a :func:`keys` pattern, a mapping's keys every one of
    which it is known to match nothing are answered by one set test)."""
    if isinstance(pattern, _Keys):
        return pattern.any_match(texts)
    return any(pattern.match(text) for text in texts)


_Argument = TypeVar("_Argument")
_Answer = TypeVar("_Answer")
MAX_REMEMBERED_TEXT = 2048  # longer texts are not kept (nor are str subclasses, which may answer otherwise)


def remember_texts(function: Callable[[_Argument], _Answer]) -> Callable[[_Argument], _Answer]:
    """``function`` (a pure function of one value, such as a test of a config value's text), remembering its
    answer for each plain string up to :data:`MAX_REMEMBERED_TEXT` characters: the same values come back in
    many configs of a run."""
    known: dict[str, _Answer] = {}

    @functools.wraps(function)
    def remembered(value: _Argument) -> _Answer:
        if type(value) is not str:
            return function(value)
        text = cast("str", value)
        if len(text) > MAX_REMEMBERED_TEXT:
            return function(value)
        if text in known:
            return known[text]
        if len(known) >= MAX_REMEMBERED:
            known.clear()
        answer = known[text] = function(value)
        return answer

    return remembered


def keys(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """:func:`lazy`, remembering the answer of ``search`` and ``match`` for each text (for key names)."""
    return cast("re.Pattern[str]", _Keys(pattern, flags))
