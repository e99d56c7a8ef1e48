"""Policies: JSON Schemas over the lineage record, and the findings their errors become.

A policy error is reported under the rule that explains it (by the record path and value it failed on,
see :meth:`Rule.explains`), at the line the value came from; errors no rule explains are reported as
LL900 in plain words (or with the failing subschema's ``x-message``). Policies are compiled once; a shipped
preset only when a record needs jsonschema (:data:`PASSES`), so a run whose files all pass imports none of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lineage_lint.config import PolicyError
from lineage_lint.findings import Finding
from lineage_lint.record import LineageRecord
from lineage_lint.rules import get_rule, rule_for_policy_error
from lineage_lint.rules.base import Rule
from lineage_lint.schema_files import PRESET_POLICIES, load_schema
from lineage_lint.tree import FILE_START, dotted
from lineage_lint.values import show_value

if TYPE_CHECKING:
    import jsonschema
    from referencing import Registry

__all__ = ["Policy", "PolicyError", "load_policy", "make_finding"]

_validators: dict[str, Policy] = {}
_LIST_POSITION = re.compile(r"\[\d+\]")


class Policy:
    """A policy: its name, its compiled schema (``validator``) and, for a shipped preset, ``passes``."""

    def __init__(self, name: str, validator: jsonschema.protocols.Validator | None = None,
                 passes: Callable[[LineageRecord], bool] | None = None, schema: dict[str, Any] | None = None) -> None:
        self.name = name
        self._validator = validator
        self._schema = schema  # compiled when first needed, when no validator is given
        # For a shipped preset: its requirements in Python, True when ``record`` meets them all (see PASSES).
        self.passes = passes

    @property
    def validator(self) -> jsonschema.protocols.Validator:
        if self._validator is None:
            assert self._schema is not None
            self._validator = _compile(self._schema)
        return self._validator

    def judge(self, record: LineageRecord) -> list[Finding]:
        """Findings for every requirement of this policy that ``record`` does not meet."""
        if self.passes is not None and self.passes(record):
            return []
        from referencing.exceptions import Unresolvable

        instance = record.to_json()
        findings: dict[tuple[str, str], Finding] = {}
        try:
            for error in self.validator.iter_errors(instance):
                for leaf in _leaves(error):
                    finding = _finding(record, leaf)
                    findings.setdefault((finding.code, finding.identity), finding)
        except Unresolvable as exc:  # a $ref the policy makes to a schema nobody can supply offline
            raise PolicyError(f"policy {self.name} refers to a schema that cannot be resolved: {exc}") from None
        return sorted(findings.values(), key=Finding.sort_key)


def _registry() -> Registry[Any]:
    from referencing import Registry, Resource

    resources = [
        (load_schema(f"policy-{name}")["$id"], Resource.from_contents(load_schema(f"policy-{name}")))
        for name in PRESET_POLICIES
    ]
    record = load_schema("record")
    resources.append((record["$id"], Resource.from_contents(record)))
    return Registry().with_resources(resources)


def _compile(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    validator: jsonschema.protocols.Validator = cls(schema, registry=_registry())
    return validator


def load_policy(spec: str, base_dir: Path) -> Policy:
    """``default``, ``strict``, or a path (relative to ``base_dir``) to a JSON Schema file."""
    key = spec if spec in PRESET_POLICIES else str((base_dir / spec).resolve())
    cached = _validators.get(key)
    if cached is not None:
        return cached
    if spec in PRESET_POLICIES:  # the shipped presets are checked by the test suite, not on every run
        policy = Policy(spec, passes=PASSES.get(spec), schema=load_schema(f"policy-{spec}"))
    else:
        import jsonschema

        schema = _read_schema_file(Path(key), spec)
        try:
            jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator).check_schema(schema)
        except jsonschema.SchemaError as exc:
            where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
            raise PolicyError(f"policy {spec} is not a valid JSON Schema at {where}: {exc.message}") from None
        policy = Policy(spec, _compile(schema))
    _validators[key] = policy
    return policy


def _default_passes(record: LineageRecord) -> bool:
    """``policy-default.schema.json``: a training config's seed is declared; every dataset's pin is strong or
    weak (fragments and dataset definitions leave the seed to the configs that use them)."""
    return (record.role in ("fragment", "dataset-definition") or record.seed.status == "declared") and all(
        ref.pin in ("strong", "weak") for ref in record.datasets)


def _strict_passes(record: LineageRecord) -> bool:
    """``policy-strict.schema.json``: the default's requirements, every dataset pinned strongly by something
    other than a release guessed from its name, and nothing left to the launch command."""
    return _default_passes(record) and not record.supplied_at_launch and all(
        ref.pin == "strong" and ref.evidence != "name-edition" for ref in record.datasets)


# The shipped presets checked by the instance's fields directly: a record judged to pass here is one the
# preset's schema passes (most records pass, and jsonschema's walk costs as much as reading a small file);
# any other is validated by jsonschema, which names every error. tests/test_policy_presets.py compares the
# two on thousands of records and pins the preset files these were written from.
PASSES: dict[str, Callable[[LineageRecord], bool]] = {"default": _default_passes, "strict": _strict_passes}


def _read_schema_file(path: Path, spec: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"policy file {spec} not found (looked for {path}); use default, strict or a path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"policy file {spec} cannot be read: {exc}") from None
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyError(f"policy file {spec} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(schema, (dict, bool)):
        raise PolicyError(f"policy file {spec} must hold a JSON Schema object")
    return schema if isinstance(schema, dict) else {"not": {}} if not schema else {}


def _leaves(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    """The innermost errors: an ``allOf``/``anyOf`` failure is explained by its sub-errors."""
    if error.context:
        for child in error.context:
            yield from _leaves(child)
    else:
        yield error


def _finding(record: LineageRecord, error: jsonschema.ValidationError) -> Finding:
    path = tuple(error.absolute_path)
    rule = rule_for_policy_error(path, error.instance)
    origin = record.origin_at(path)
    identity = _identity(record, path)
    if rule is not None:
        message = rule.summary.format(**_context(record, path, error))
    else:
        rule = get_rule("LL900")
        assert rule is not None
        message = _plain_words(error, path)
    span = origin.span
    if origin.field:  # a value read from a run has no line: the finding names the run field (runs:/<id>#params.seed)
        return make_finding(rule, str(origin), message, span, identity)
    if span.file:  # set in a base or overlay: shown at the line composing it, and names where it was set
        message += f" (set in {origin})"
        span = record.composed_at.get(span.file, FILE_START)
    return make_finding(rule, record.path, message, span, identity)


def make_finding(rule: type[Rule], path: str, message: str, span: Any, identity: str) -> Finding:
    return Finding(path, rule.code, rule.name, rule.severity, message, span, rule.url(), identity)


def _identity(record: LineageRecord, path: tuple[str | int, ...]) -> str:
    """Where a finding is, without its line: for a dataset, its key and reference with list positions left
    out (``datasets[datasets[].name=org/a].pin``), so reordering a list of datasets keeps each identity, and
    with it the baseline entries and SARIF fingerprints."""
    if path[:1] == ("datasets",) and len(path) > 1 and isinstance(path[1], int) and path[1] < len(record.datasets):
        ref = record.datasets[path[1]]
        rest = dotted(path[2:])
        return f"datasets[{_LIST_POSITION.sub('[]', ref.key)}={ref.ref}]" + (f".{rest}" if rest else "")
    return _where(path)


def _where(path: tuple[str | int, ...]) -> str:
    """A record path as messages name it; the empty path is the whole record."""
    return dotted(path) or "(the record)"


def _context(record: LineageRecord, path: tuple[str | int, ...], error: jsonschema.ValidationError) -> dict[str, Any]:
    seed = record.seed
    context: dict[str, Any] = {
        "key": seed.key or "seed", "value": _show(seed.value), "note": seed.note,
        "field": str(path[-1]) if path else "", "missing": "",
    }
    if path[:1] not in (("seed",), ("datasets",)):  # the parts a run adds: the failing value itself
        context["value"] = _show(error.instance)
    wanted = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict) and isinstance(wanted, list):
        context["missing"] = ", ".join(f"`{name}`" for name in wanted if name not in error.instance)
    if seed.status == "missing":
        context["note"] = f" ({seed.note})" if seed.note else ""
    if path[:1] == ("supplied_at_launch",) and len(path) > 1 and isinstance(path[1], int) \
            and path[1] < len(record.supplied_at_launch):
        context["field"] = record.supplied_at_launch[path[1]].key
    if path[:1] == ("datasets",) and len(path) > 1 and isinstance(path[1], int):
        ref = record.datasets[path[1]]
        context.update(key=ref.key, ref=ref.ref, version=ref.version or ref.digest or "", note=ref.note)
    return context


def _show(value: object) -> str:
    if isinstance(value, (dict, list)):
        return "this value"  # a whole section: naming it is enough, its contents are in `show`
    return show_value(value)


def _plain_words(error: jsonschema.ValidationError, path: tuple[str | int, ...]) -> str:
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if isinstance(custom, str):
        return custom
    where, got = _where(path), error.instance
    want: Any = error.validator_value
    validator = error.validator
    if validator == "const":
        return f"`{where}` is {_show(got)}; the policy requires {_show(want)}"
    if validator == "enum":
        return f"`{where}` is {_show(got)}; the policy allows {', '.join(_show(v) for v in want)}"
    if validator == "required":
        missing = [name for name in want if isinstance(got, dict) and name not in got]
        return f"`{where}` lacks {', '.join(f'`{m}`' for m in missing)}, which the policy requires"
    if validator == "type":
        return f"`{where}` is {type(got).__name__}; the policy requires {want}"
    if validator == "pattern":
        return f"`{where}` ({_show(got)}) does not have the form the policy requires"
    if validator in ("minItems", "minLength", "minimum", "minProperties"):
        return f"`{where}` is below the policy's minimum ({want})"
    if validator in ("maxItems", "maxLength", "maximum", "maxProperties"):
        return f"`{where}` is above the policy's maximum ({want})"
    if validator in ("not", "false", None):  # None: the schema `false`
        return f"`{where}` is {_show(got)}, which the policy does not allow"
    return f"`{where}` does not meet the policy ({validator})"
