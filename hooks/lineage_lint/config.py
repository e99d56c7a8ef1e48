"""Configuration: ``[tool.lineage-lint]`` in ``pyproject.toml`` or ``.lineage-lint.toml``, found by
searching upward from the working directory, validated against ``schemas/config.schema.json``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lineage_lint.rules.base import Severity
from lineage_lint.schema_files import load_schema
from lineage_lint.sources.reading import DEFAULT_MAX_BYTES

CONFIG_FILE = ".lineage-lint.toml"


class ConfigError(Exception):
    """The configuration cannot be used; the CLI exits 2 with this message."""


class PolicyError(Exception):
    """The policy itself cannot be used (missing file, invalid JSON, not a valid schema); exit 2 too.
    (Defined here, with the other error that stops a run, so that catching it imports no jsonschema.)"""


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
    # Key paths forcing the reading: datasets, not datasets, the run seed (``dataset-keys`` ...).
    dataset_keys: list[str] = field(default_factory=list)
    not_dataset_keys: list[str] = field(default_factory=list)
    seed_keys: list[str] = field(default_factory=list)
    gate: dict[str, Any] = field(default_factory=dict)  # [tool.lineage-lint.gate]: the MLflow gate's table
    require_files: bool = False  # a run that finds no file to check is an error (exit 2), not a pass
    jobs: int | None = None  # worker processes for `check`; None: every core when there are many files
    cache_dir: Path | None = None  # where `check` keeps its cache (None: .lineage-lint-cache at the root)


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
            table = _pyproject_table(_read_toml(pyproject))
            if table is not None:
                return pyproject, table
        if (folder / ".git").exists():
            break
    return None


def _pyproject_table(data: dict[str, Any]) -> Any:
    """``[tool.lineage-lint]`` of a pyproject.toml's ``data`` (validated as the configuration), or None when it has
    none, ``tool`` being no table included (then the file configures nothing of lineage-lint's)."""
    tool = data.get("tool")
    return tool.get("lineage-lint") if isinstance(tool, dict) else None


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


def load_settings(cwd: Path, explicit: Path | None = None, *, remember: bool = False) -> Settings:
    """Settings from ``explicit`` (``--config``) or the configuration found from ``cwd``. With ``remember``,
    a configuration validated once (by this user, with this version) is not validated again until it changes
    (see :func:`lineage_lint.cache.config_mark`)."""
    root = find_root(cwd)
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file {explicit} not found")
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            table = _pyproject_table(data)
            data = {} if table is None else table
        found: tuple[Path, dict[str, Any]] | None = (explicit.resolve(), data)
    else:
        found = find_config(cwd)
    if found is None:
        return Settings(base_dir=root, root=root)
    source, table = found
    where = f"[tool.lineage-lint] in {source}" if source.name == "pyproject.toml" else str(source)
    _validate(table, where, remember)
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
        ignore=frozenset(_rule_codes(table.get("ignore", []), where, "ignore")),
        per_file_ignores={glob: _rule_codes(listed, where, glob)
                          for glob, listed in table.get("per-file-ignores", {}).items()},
        severity={_rule_codes([name], where, "severity")[0]: level
                  for name, level in table.get("severity", {}).items()},
        baseline=base / table["baseline"] if "baseline" in table else None,
        profiles=table.get("profiles", {}),
        dataset_keys=table.get("dataset-keys", []),
        not_dataset_keys=table.get("not-dataset-keys", []),
        seed_keys=table.get("seed-keys", []),
        gate=table.get("gate", {}),
        require_files=table.get("require-files", False),
        jobs=None if table.get("jobs", "auto") == "auto" else table["jobs"],
        cache_dir=base / table["cache-dir"] if "cache-dir" in table else None,
    )


def _validate(table: Any, where: str, remember: bool) -> None:
    """:func:`validate_config`, skipped where the table's mark says it passed with this code."""
    mark = None
    if remember:
        from lineage_lint.cache import config_mark

        mark = config_mark(table)
        if mark is not None and mark.is_file():
            return
    validate_config(table, where)
    if mark is not None:
        try:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
        except OSError:
            pass


def validate_config(table: Any, where: str) -> None:
    """Raise :class:`ConfigError` naming the first problem in plain words: the table and key it is in, what
    is wrong, and a suggestion for typos. ``where`` names the file (and, for pyproject.toml, the table)."""
    import jsonschema

    schema = load_schema("config")
    validator = _toml_validator()(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(table))
    if error is None:
        _check_names(table, where)
        return
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        hints = [f"'{key}'{did_you_mean(key, allowed)}" for key in unknown]
        raise ConfigError(f"{_table(where, path)}: unknown key {', '.join(hints)}; known keys: {', '.join(allowed)}")
    raise ConfigError(f"{_table(where, _table_path(table, path))}: {_key(table, path)} {_plain(error)}")


def _toml_validator() -> Any:
    """Draft 2020-12 with TOML's integers: JSON Schema takes ``1.0`` for an integer, but TOML tells a float
    from an integer, and a float where a size or a count is wanted would only fail later, in the run."""
    import jsonschema

    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
    return jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, type_checker=checker)


def did_you_mean(word: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _table_path(table: Any, path: list[str | int]) -> list[str | int]:
    """The part of ``path`` that names tables (TOML tables are the nested mappings whose value is a table)."""
    tables: list[str | int] = []
    node = table
    for part in path[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            break
        tables.append(part)
    return tables


def _table(where: str, tables: list[str | int]) -> str:
    """``[tool.lineage-lint.gate] in /repo/pyproject.toml``, or ``[gate] in /repo/.lineage-lint.toml``."""
    prefix = "[tool.lineage-lint] in "
    names = [str(part) for part in tables]
    if where.startswith(prefix):
        return f"[{'.'.join(['tool.lineage-lint', *names])}] in {where.removeprefix(prefix)}"
    return f"[{'.'.join(names)}] in {where}" if names else f"the top level of {where}"


def _key(table: Any, path: list[str | int]) -> str:
    """The key (and item) an error is about, as a person writes it: ``key 'ignore', item 2``."""
    tables = _table_path(table, path)
    rest = path[len(tables):]
    if not rest:
        return "the table"
    words = f"key '{rest[0]}'"
    items = [part for part in rest[1:] if isinstance(part, int)]
    if items:
        words += f", item {items[0] + 1}"
    return words


_TOML_TYPES = {"string": "a string", "integer": "an integer", "boolean": "true or false", "array": "a list",
               "object": "a table", "number": "a number"}


def _plain(error: Any) -> str:  # a jsonschema.ValidationError
    got = error.instance
    shown = f"{got!r}" if not isinstance(got, (dict, list)) else "a table" if isinstance(got, dict) else "a list"
    want: Any = error.validator_value
    if error.validator == "type":
        wanted = " or ".join(_TOML_TYPES.get(name, name) for name in ([want] if isinstance(want, str) else want))
        return f"is {shown}; it must be {wanted}"
    if error.validator == "enum":
        return f"is {shown}; use one of: {', '.join(str(value) for value in want)}"
    if error.validator == "minimum":
        return f"is {shown}; it must be at least {want}"
    if error.validator == "minLength":
        return "is empty; give a value"
    return f"is {shown}: {error.message}"


def _rule_codes(names: list[str], where: str, key: str) -> list[str]:
    """Rule codes for ``names`` (codes or names, as ignore comments take them); an unknown one is an error."""
    from lineage_lint.rules import all_rules, get_rule

    codes = []
    for name in names:
        rule = get_rule(name)
        if rule is None:
            known = [each for r in all_rules() for each in (r.code, r.name)]
            raise ConfigError(f"{where}: {key}: unknown rule '{name}'{did_you_mean(name, known)}; use a code such as "
                              "LL102 or a name such as seed-random (see `lineage-lint rules`)")
        codes.append(rule.code)
    return codes


def _check_names(table: dict[str, Any], where: str) -> None:
    import re

    from lineage_lint.globs import compile_glob
    from lineage_lint.profiles import profile_names

    for key in ("include", "exclude", "extend-exclude", "per-file-ignores", "profiles"):
        for glob in table.get(key, []):
            try:
                compile_glob(glob)
            except re.error as exc:
                raise ConfigError(f"{_table(where, [])}: key '{key}': invalid glob {glob!r}: {exc}") from None

    for tables, key, text in _path_settings(table):
        if "\0" in text:  # the OS refuses such a path later, with a message that names nothing
            raise ConfigError(f"{_table(where, tables)}: key '{key}': a path cannot hold a NUL character "
                              f"(got {text!r})")
    _rule_codes(table.get("ignore", []), _table(where, []), "key 'ignore'")
    _rule_codes(list(table.get("severity", {})), _table(where, ["severity"]), "its keys")
    for glob, listed in table.get("per-file-ignores", {}).items():
        _rule_codes(listed, _table(where, ["per-file-ignores"]), f"key '{glob}'")
    for glob, name in table.get("profiles", {}).items():
        if name not in profile_names():
            known = ", ".join(profile_names())
            raise ConfigError(f"{_table(where, ['profiles'])}: key '{glob}': unknown profile "
                              f"'{name}'{did_you_mean(name, list(profile_names()))}; known: {known}")


def _path_settings(table: dict[str, Any]) -> list[tuple[list[str | int], str, str]]:
    """The settings that name files (table path, key, value): policies, the baseline, the cache folder, the
    gate's repository and its aliases' policies."""
    found: list[tuple[list[str | int], str, str]] = [
        ([], key, table[key]) for key in ("policy", "baseline", "cache-dir") if isinstance(table.get(key), str)]
    gate = table.get("gate", {})
    found += [(["gate"], key, gate[key]) for key in ("policy", "repository") if isinstance(gate.get(key), str)]
    found += [(["gate", "aliases"], alias, policy) for alias, policy in gate.get("aliases", {}).items()
              if isinstance(policy, str)]
    return found
