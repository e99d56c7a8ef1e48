"""Configuration: ``[tool.lineage-lint]`` in ``pyproject.toml`` or ``.lineage-lint.toml``, found by
searching upward from the working directory, validated against ``schemas/config.schema.json``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from lineage_lint.rules.base import Severity
from lineage_lint.schema_files import load_schema
from lineage_lint.sources.reading import DEFAULT_MAX_BYTES

CONFIG_FILE = ".lineage-lint.toml"


class ConfigError(Exception):
    """The configuration cannot be used; the CLI exits 2 with this message."""


@dataclass
class Settings:
    """Everything a run needs to know, with defaults for a repository without configuration."""

    base_dir: Path
    root: Path
    source: Path | None = None
    policy: str = "default"
    include: list[str] | None = None
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    max_file_size: int = DEFAULT_MAX_BYTES
    ignore: frozenset[str] = frozenset()
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    baseline: Path | None = None
    profiles: dict[str, str] = field(default_factory=dict)
    gate: dict[str, Any] = field(default_factory=dict)  # [tool.lineage-lint.gate]: the MLflow gate's table
    require_files: bool = False  # a run that finds no file to check is an error (exit 2), not a pass


def find_root(start: Path) -> Path:
    """The repository root: the nearest folder upward holding ``.git``, else ``start`` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration upward from ``start`` (stopping at the repository root)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        dedicated = folder / CONFIG_FILE
        if dedicated.is_file():
            return dedicated, _read_toml(dedicated)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("lineage-lint")
            if table is not None:
                return pyproject, table
        if (folder / ".git").exists():
            break
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def load_settings(cwd: Path, explicit: Path | None = None) -> Settings:
    """Settings from ``explicit`` (``--config``) or the configuration found from ``cwd``."""
    root = find_root(cwd)
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file {explicit} not found")
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("lineage-lint", {})
        found: tuple[Path, dict[str, Any]] | None = (explicit.resolve(), data)
    else:
        found = find_config(cwd)
    if found is None:
        return Settings(base_dir=root, root=root)
    source, table = found
    where = f"[tool.lineage-lint] in {source}" if source.name == "pyproject.toml" else str(source)
    validate_config(table, where)
    base = source.parent
    return Settings(
        base_dir=base,
        root=root,
        source=source,
        policy=table.get("policy", "default"),
        include=table.get("include"),
        exclude=table.get("exclude"),
        extend_exclude=table.get("extend-exclude", []),
        max_file_size=table.get("max-file-size", DEFAULT_MAX_BYTES),
        ignore=frozenset(table.get("ignore", [])),
        per_file_ignores=table.get("per-file-ignores", {}),
        severity=table.get("severity", {}),
        baseline=base / table["baseline"] if "baseline" in table else None,
        profiles=table.get("profiles", {}),
        gate=table.get("gate", {}),
        require_files=table.get("require-files", False),
    )


def validate_config(table: Any, where: str) -> None:
    """Raise :class:`ConfigError` naming the first problem in plain words (with a suggestion for typos)."""
    schema = load_schema("config")
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(table))
    if error is None:
        _check_names(table, where)
        return
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        import difflib

        allowed = list(schema["properties"])
        unknown = [key for key in error.instance if key not in allowed]
        hints = []
        for key in unknown:
            close = difflib.get_close_matches(key, allowed, n=1)
            hints.append(f"'{key}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        raise ConfigError(f"{where}: unknown key {', '.join(hints)}; known keys: {', '.join(allowed)}")
    raise ConfigError(f"{where}: {path or 'configuration'}: {error.message}")


def _check_names(table: dict[str, Any], where: str) -> None:
    import re

    from lineage_lint.globs import compile_glob
    from lineage_lint.profiles import profile_names
    from lineage_lint.rules import get_rule

    globs = [*table.get("include", []), *table.get("exclude", []), *table.get("extend-exclude", []),
             *table.get("per-file-ignores", {}), *table.get("profiles", {})]
    for glob in globs:
        try:
            compile_glob(glob)
        except re.error as exc:
            raise ConfigError(f"{where}: invalid glob {glob!r}: {exc}") from None

    codes = [*table.get("ignore", []), *table.get("severity", {})]
    codes += [code for listed in table.get("per-file-ignores", {}).values() for code in listed]
    unknown = sorted({code for code in codes if get_rule(code) is None})
    if unknown:
        raise ConfigError(f"{where}: unknown rule code {', '.join(unknown)} (see `lineage-lint rules`)")
    for glob, name in table.get("profiles", {}).items():
        if name not in profile_names():
            known = ", ".join(profile_names())
            raise ConfigError(f"{where}: profiles.{glob}: unknown profile '{name}'; known: {known}")
