"""Profiles turn a framework's config layout into a lineage record.

A profile is any object with a ``name``, a ``detect(document)`` that says whether it recognises the
file (from its path *and* content), and an ``extract(document)`` returning a :class:`LineageRecord`.
They are tried in order; the generic profile, which recognises everything, comes last. Configuration
can force a profile by name for a path glob.
"""

from __future__ import annotations

from typing import Protocol

from lineage_lint.profiles.generic import GenericProfile
from lineage_lint.record import LineageRecord
from lineage_lint.sources import Document


class Profile(Protocol):
    name: str

    def detect(self, document: Document) -> bool: ...

    def extract(self, document: Document) -> LineageRecord: ...


PROFILES: tuple[Profile, ...] = (GenericProfile(),)


def profile_names() -> list[str]:
    return [profile.name for profile in PROFILES]


def choose_profile(document: Document, forced: str | None = None) -> Profile:
    """The profile named by ``forced``, else the first that recognises ``document``."""
    if forced is not None:
        for profile in PROFILES:
            if profile.name == forced:
                return profile
        raise KeyError(forced)
    return next(profile for profile in PROFILES if profile.detect(document))
