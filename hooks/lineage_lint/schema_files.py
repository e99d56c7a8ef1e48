"""Loading the JSON Schemas shipped in the package (``lineage_lint.schemas``), each read once."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

PRESET_POLICIES = ("default", "strict", "run-default", "run-strict")  # run-*: for MLflow runs (the gate)


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """``name`` is the file name without ``.schema.json``: ``record``, ``config``, ``policy-default``..."""
    import json  # not at the top: a run whose results come from the cache reads no schema

    schema: dict[str, Any] = json.loads(_read(f"{name}.schema.json"))
    return schema


def _read(filename: str) -> str:
    spec = importlib.util.find_spec("lineage_lint.schemas")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / filename
        if path.is_file():
            return path.read_text(encoding="utf-8")
    # Installed somewhere that is not a plain folder (a zip): importlib.resources reads it, at ~20 ms.
    from importlib.resources import files

    return files("lineage_lint.schemas").joinpath(filename).read_text(encoding="utf-8")


def shipped_schemas() -> list[dict[str, Any]]:
    return [load_schema(name) for name in ("record", "config", *(f"policy-{p}" for p in PRESET_POLICIES))]
