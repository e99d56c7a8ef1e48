"""Profiles turn a framework's config layout into a lineage record.

A profile has a ``name``, a ``detect(document, repo_path)`` that says whether it recognises the file
(from its content, optionally narrowed by its path, never by the path alone), and an
``extract(document, context)`` returning a :class:`LineageRecord`; the :class:`Context` is how it reads
other files (bases, overlays, params files). Framework profiles are declarative
(:mod:`lineage_lint.profiles.spec`), one module per framework under ``profiles/frameworks/``, tried in the
order of :data:`FRAMEWORKS`; the generic profile, which recognises everything, comes last. Configuration
can force a profile by name for a path glob (``[tool.lineage-lint.profiles]``).
"""

from __future__ import annotations

import importlib
from typing import Protocol

from lineage_lint.profiles.context import Context
from lineage_lint.profiles.spec import Signature, Spec, SpecProfile
from lineage_lint.record import LineageRecord
from lineage_lint.sources import Document
from lineage_lint.tree import MapNode

# Tried in this order: the more specific signatures first.
FRAMEWORKS = ("not_training", "hydra_runtime", "other_roles", "dvc", "kedro", "mlflow_project", "llama_factory", "axolotl", "torchtune", "litgpt",
              "fairseq", "nemo", "detectron2", "mmengine", "ultralytics", "ludwig", "lightning", "huggingface",
              "hydra")

GENERIC = Spec(
    name="generic",
    framework="generic",
    signatures=(Signature(),),
    composition=("bases",),
    reads="conventional seed keys at the top or in a run section; `dataset`/`data` sections and `dataset_name`-style "
          "keys; `_base_`/`_BASE_`/`base:` lists of config files",
)


class Profile(Protocol):
    @property
    def name(self) -> str: ...

    def detect(self, document: Document, repo_path: str) -> bool: ...

    def extract(self, document: Document, context: Context) -> LineageRecord: ...


def _load() -> tuple[SpecProfile, ...]:
    profiles: list[SpecProfile] = []
    for module_name in FRAMEWORKS:
        module = importlib.import_module(f"lineage_lint.profiles.frameworks.{module_name}")
        specs = getattr(module, "SPECS", None) or (module.SPEC,)
        registries = getattr(module, "REGISTRIES", {})
        profiles.extend(SpecProfile(spec, registries) for spec in specs)
    profiles.append(SpecProfile(GENERIC))
    return tuple(profiles)


PROFILES: tuple[SpecProfile, ...] = _load()


def profile_names() -> list[str]:
    return [profile.name for profile in PROFILES]


def choose_profile(document: Document, repo_path: str, forced: str | None = None) -> SpecProfile:
    """The profile named by ``forced``, else the first that recognises ``document``."""
    if forced is not None:
        for profile in PROFILES:
            if profile.name == forced:
                return profile
        raise KeyError(forced)
    top = document.root.keys() if isinstance(document.root, MapNode) else frozenset()
    return next(profile for profile in PROFILES
                if (profile.triggers is None or not profile.triggers.isdisjoint(top))
                and profile.detect(document, repo_path))
