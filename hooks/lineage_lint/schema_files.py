"""Loading the JSON Schemas shipped in the package (``lineage_lint.schemas``), each read once."""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from typing import Any

PRESET_POLICIES = ("default", "strict")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """``name`` is the file name without ``.schema.json``: ``record``, ``config``, ``policy-default``..."""
    text = files("lineage_lint.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def shipped_schemas() -> list[dict[str, Any]]:
    return [load_schema(name) for name in ("record", "config", *(f"policy-{p}" for p in PRESET_POLICIES))]
