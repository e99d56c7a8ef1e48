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
import re
from typing import Protocol

from lineage_lint.profiles.context import Context
from lineage_lint.profiles.spec import Signature, Spec, SpecProfile
from lineage_lint.record import LineageRecord, Origin, SeedVerdict
from lineage_lint.sources import Document
from lineage_lint.tree import FILE_START, MapNode

# Tried in this order: the more specific signatures first.
FRAMEWORKS = ("not_training", "hydra_runtime", "other_roles", "dvc", "kedro", "mlflow_project", "llama_factory",
              "axolotl", "torchtune", "litgpt",
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
    root = document.root
    top = frozenset(root.keys()) if isinstance(root, MapNode) else frozenset()  # set tests in C from here on
    return next(profile for profile in PROFILES
                if (profile.triggers is None or not profile.triggers.isdisjoint(top))
                and profile.detect(document, repo_path, top))


# Words of a comment saying the file is empty on purpose (NeMo's `# dummy file to build hydra configs`).
_ON_PURPOSE = re.compile(r"\b(?:dummy|placeholder|intentionally\s+(?:left\s+)?empty|left\s+empty|empty\s+on\s+purpose"
                         r"|no-?op)\b", re.IGNORECASE)
_DEFINES_CODE = re.compile(r"^(?:async\s+def|def|class)\s+\w", re.MULTILINE)


def empty_file_record(text: str, fmt: str, context: Context) -> LineageRecord | None:
    """What an empty file (one the readers found declaring nothing) is, when it is empty on purpose: a
    package's ``__init__.py`` that binds nothing, a Python module of functions and classes, an option of a
    Hydra config group that adds nothing (``callbacks/none.yaml``), or a placeholder whose comment says so
    (``# dummy file``). None otherwise: a blank or comment-only config is one someone meant to fill (LL003)."""
    repo_path = context.repo_path
    reason = ""
    if fmt == "python":
        if repo_path.rsplit("/", 1)[-1] == "__init__.py":
            reason = "a package's `__init__.py` that binds no config values"
        elif _DEFINES_CODE.search(text):
            reason = "a Python module of functions and classes that binds no config values"
    elif fmt == "yaml" and (group := _hydra_group(context)) is not None:
        reason = f"an empty option of the Hydra config group `{group}`: choosing it adds nothing"
    if not reason and fmt in ("yaml", "toml", "python") and _ON_PURPOSE.search(text):
        reason = "a placeholder that says it is empty on purpose"
    if not reason:
        return None
    record = LineageRecord(repo_path, "empty", SeedVerdict("missing", Origin(repo_path, FILE_START)),
                           role="fragment", sources=[repo_path])
    record.applicable, record.reason = False, f"{reason}, not a training config"
    return record


def _hydra_group(context: Context) -> str | None:
    from lineage_lint.profiles.hydra import group_option_of

    found = group_option_of(context.path, context)
    return found[2] if found is not None else None
