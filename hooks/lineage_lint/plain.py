"""Value classes without :mod:`dataclasses`, for what a warm ``check`` run handles.

``dataclasses`` imports :mod:`inspect` (with ``ast``, ``dis``, ``tokenize``...): about 14 ms of CPU before
anything is done, a third of the time it takes merely to read 3,000 configs. The classes a run whose results
come from the cache needs (the settings, findings, results, the run a reporter is given) are therefore written
as plain classes on this base, which gives what ``@dataclass`` gave them: comparison and ``repr`` by their
fields, :meth:`Plain.replace`, and for :class:`Frozen` ones immutability and a hash.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

_Self = TypeVar("_Self", bound="Plain")


class Plain:
    """A class whose instances are their :attr:`FIELDS` (in order, as ``__init__`` takes them)."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def replace(self: _Self, **changes: Any) -> _Self:
        """A copy with ``changes`` (what ``dataclasses.replace`` did)."""
        unknown = changes.keys() - set(self.FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        return type(self)(**{name: changes.get(name, getattr(self, name)) for name in self.FIELDS})

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Plain)
        return self.values() == other.values()

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable (a mutable dataclass was not either)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__qualname__}({shown})"


class Frozen(Plain):
    """A :class:`Plain` value that cannot be changed once made, and so is hashable."""

    __slots__ = ()

    def _set(self, **values: Any) -> None:
        """Set the fields, in ``__init__`` (the only place they are set)."""
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def __hash__(self) -> int:  # type: ignore[override]  # Plain's None: a frozen value is hashable
        return hash(self.values())

    def __getstate__(self) -> tuple[Any, ...]:
        return self.values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.FIELDS, state, strict=True):
            object.__setattr__(self, name, value)
