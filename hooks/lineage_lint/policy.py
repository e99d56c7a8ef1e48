"""Policies: JSON Schemas over the lineage record, and the findings their errors become.

A policy error is reported under the rule that explains it (by the record path and value it failed on,
see :meth:`Rule.explains`), at the line the value came from; errors no rule explains are reported as
LL900 in plain words (or with the failing subschema's ``x-message``). Policies are compiled once; a shipped
preset only when a record needs jsonschema (:data:`PASSES`), so a run whose files all pass imports none of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from lineage_lint.config import PolicyError
from lineage_lint.findings import Finding
from lineage_lint.lazy_re import lazy
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


class Leaf(Protocol):
    """What a finding is made from: one of jsonschema's innermost errors, or a shipped preset's :class:`Unmet`."""

    @property
    def absolute_path(self) -> Sequence[str | int]: ...
    @property
    def validator(self) -> object: ...
    @property
    def validator_value(self) -> Any: ...
    @property
    def instance(self) -> Any: ...
    @property
    def schema(self) -> object: ...


Errors = Callable[[dict[str, Any]], list["Unmet"]]


class Policy:
    """A policy: its name, its compiled schema (``validator``) and, for a shipped preset, ``passes`` and
    ``errors``."""

    def __init__(self, name: str, validator: jsonschema.protocols.Validator | None = None,
                 passes: Callable[[LineageRecord], bool] | None = None, schema: dict[str, Any] | None = None,
                 errors: Errors | None = None) -> None:
        self.name = name
        self._validator = validator
        self._schema = schema  # compiled when first needed, when no validator is given
        # For a shipped preset: its requirements in Python, True when ``record`` meets them all (see PASSES),
        # and the errors jsonschema would report on a record's JSON form, in its order (see ERRORS).
        self.passes = passes
        self.errors = errors

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
        instance = record.to_json()
        findings: dict[tuple[str, str, str], Finding] = {}
        # a preset's Python errors; none found where its Python check failed the record (the two disagree):
        # jsonschema decides, so a disagreement can never pass a record the preset's schema fails
        leaves = (self.errors(instance) if self.errors is not None else None) or self._validated(instance)
        for group in _grouped(leaves):
            fields = [str(leaf.absolute_path[-1]) for leaf in group] if len(group) > 1 else None
            finding = _finding(record, instance, group[0], fields)
            findings.setdefault((finding.code, finding.identity, finding.message), finding)
        return sorted(findings.values(), key=Finding.sort_key)

    def _validated(self, instance: dict[str, Any]) -> list[Leaf]:
        """jsonschema's innermost errors on ``instance``, in its order."""
        from referencing.exceptions import Unresolvable

        try:
            return [leaf for error in self.validator.iter_errors(instance) for leaf in _leaves(error)]
        except Unresolvable as exc:  # a $ref the policy makes to a schema nobody can supply offline
            raise PolicyError(f"policy {self.name} refers to a schema that cannot be resolved: {exc}") from None


def _grouped(leaves: Sequence[Leaf]) -> list[list[Leaf]]:
    """Errors on several fields of one part that one rule explains by field (``ci.*``: the trigger and the job
    URL) become one group, so one finding names them all; every other error (a list item's among them: each
    has its own line) stands alone."""
    groups: dict[object, list[Leaf]] = {}
    for index, leaf in enumerate(leaves):
        path = tuple(leaf.absolute_path)
        keyword = leaf.validator if isinstance(leaf.validator, str) else None
        rule = rule_for_policy_error(path, leaf.instance, keyword)
        key: object = index
        if rule is not None and rule.instance_path[-1:] == ("*",) and len(path) > 1 and isinstance(path[-1], str):
            key = (rule.code, path[:-1])
        groups.setdefault(key, []).append(leaf)
    return list(groups.values())


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
        policy = Policy(spec, passes=PASSES.get(spec), schema=load_schema(f"policy-{spec}"), errors=ERRORS.get(spec))
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


# policy-run-default.schema.json's and policy-run-strict.schema.json's patterns, searched as jsonschema does
_RUN_COMMIT = lazy(r"^[0-9a-fA-F]{7,64}$")
_RUN_CONFIG_SHA256 = lazy(r"^[0-9a-f]{64}$")


def _run_default_passes(record: LineageRecord) -> bool:
    """``policy-run-default.schema.json``: the default's requirements, at least one dataset the model trained
    on, and a git commit of the code (a string of 7 to 64 hex digits)."""
    code = record.code
    return (_default_passes(record) and record.dataset_pin != "no-reference" and code is not None
            and isinstance(code.commit, str) and _RUN_COMMIT.search(code.commit) is not None)


def _run_strict_passes(record: LineageRecord) -> bool:
    """``policy-run-strict.schema.json``: run-default's requirements, a clean tree, a CI trigger and job URL,
    and the config's path and sha256."""
    code, ci, config = record.code, record.ci, record.config

    def text(value: object) -> bool:
        return isinstance(value, str) and len(value) >= 1

    return (_run_default_passes(record) and code is not None and code.tree == "clean" and ci is not None
            and config is not None and text(ci.triggered_by) and text(ci.job_url) and text(config.path)
            and isinstance(config.sha256, str) and _RUN_CONFIG_SHA256.search(config.sha256) is not None)


# The shipped presets checked by the instance's fields directly: a record judged to pass here is one the
# preset's schema passes (most records pass, and jsonschema's walk costs as much as reading a small file);
# any other is validated by jsonschema, which names every error. tests/test_policy_presets.py compares the
# two on thousands of records and pins the preset files these were written from.
PASSES: dict[str, Callable[[LineageRecord], bool]] = {"default": _default_passes, "strict": _strict_passes,
                                                      "run-default": _run_default_passes,
                                                      "run-strict": _run_strict_passes}


class Unmet:
    """An error of a shipped preset found in Python: what jsonschema's ``ValidationError`` says of it."""

    __slots__ = ("absolute_path", "instance", "schema", "validator", "validator_value")

    def __init__(self, path: tuple[str | int, ...], validator: str, value: Any, instance: Any) -> None:
        self.absolute_path = path
        self.validator = validator
        self.validator_value = value
        self.instance = instance
        self.schema = {validator: value}


_PINNED_ENOUGH = ["strong", "weak"]
_LEFT_TO_OTHERS = ("fragment", "dataset-definition")


def _same(value: Any, wanted: str) -> bool:
    """jsonschema's equality for a string (``const``, ``enum``): only an equal ``str``."""
    return isinstance(value, str) and value == wanted


def _default_errors(instance: dict[str, Any]) -> list[Unmet]:
    """``policy-default.schema.json``'s errors, in the order jsonschema reports them: ``if``/``else`` (the seed
    of anything but a fragment or dataset definition), then ``properties`` (each dataset's pin, in order)."""
    errors: list[Unmet] = []
    role = instance.get("role", _ABSENT)
    seed = instance.get("seed")
    if not any(_same(role, each) for each in _LEFT_TO_OTHERS) and isinstance(seed, dict) and "status" in seed \
            and not _same(seed["status"], "declared"):
        errors.append(Unmet(("seed", "status"), "const", "declared", seed["status"]))
    datasets = instance.get("datasets")
    if isinstance(datasets, list):
        for index, ref in enumerate(datasets):
            if isinstance(ref, dict) and "pin" in ref and not any(_same(ref["pin"], each) for each in _PINNED_ENOUGH):
                errors.append(Unmet(("datasets", index, "pin"), "enum", _PINNED_ENOUGH, ref["pin"]))
    return errors


def _strict_errors(instance: dict[str, Any]) -> list[Unmet]:
    """``policy-strict.schema.json``'s: the default's (``allOf``), then ``properties``: each dataset's evidence
    (``then``) or pin (``else``), then each slot left to the launch command (``not: {}``)."""
    errors = _default_errors(instance)
    datasets = instance.get("datasets")
    if isinstance(datasets, list):
        for index, ref in enumerate(datasets):
            if not isinstance(ref, dict):
                continue
            if "evidence" in ref and _same(ref["evidence"], "name-edition"):
                errors.append(Unmet(("datasets", index, "evidence"), "not", {"const": "name-edition"}, ref["evidence"]))
            elif "pin" in ref and not _same(ref["pin"], "strong"):
                errors.append(Unmet(("datasets", index, "pin"), "const", "strong", ref["pin"]))
    slots = instance.get("supplied_at_launch")
    if isinstance(slots, list):
        errors.extend(Unmet(("supplied_at_launch", index), "not", {}, slot) for index, slot in enumerate(slots))
    return errors


_ABSENT = object()
# The shipped presets' errors found in Python, for a record ``PASSES`` did not pass: a failing file then
# imports no jsonschema either. tests/test_policy_presets.py compares the findings with jsonschema's.
ERRORS: dict[str, Errors] = {"default": _default_errors, "strict": _strict_errors}


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
    rewritten = _false_as_not(schema) if schema is not True else {}
    assert isinstance(rewritten, dict)  # a dict stays one; `false` becomes one
    return rewritten


# The keywords whose value is a subschema, an object of subschemas, or an array of subschemas (every draft).
_ONE_SCHEMA = frozenset({"additionalProperties", "additionalItems", "items", "contains", "propertyNames", "not",
                         "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema"})
_SCHEMA_MAP = frozenset({"properties", "patternProperties", "dependentSchemas", "dependencies", "$defs",
                         "definitions"})
_SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})


def _false_as_not(schema: object) -> object:
    """``schema`` with every ``false`` subschema written ``{"not": {}}``, which means the same. jsonschema
    reports a ``false`` subschema's error without the path to the value it refused (a ``properties: {seed:
    false}`` error would name the whole record), and ``additionalProperties: false`` as one error on the
    object; a ``not`` is reported at the value it refuses, so the finding names and locates that value.
    Values that are not subschemas (``const: false``, ``enum``, ``default``) are left as they are."""
    if schema is False:
        return {"not": {}}
    if not isinstance(schema, dict):
        return schema
    return {keyword: _false_as_not_in(keyword, value) for keyword, value in schema.items()}


def _false_as_not_in(keyword: str, value: object) -> object:
    if keyword in _SCHEMA_LIST and isinstance(value, list):
        return [_false_as_not(item) for item in value]
    if keyword in _ONE_SCHEMA:
        return _false_as_not(value)
    if keyword in _SCHEMA_MAP and isinstance(value, dict):
        return {name: _false_as_not(item) for name, item in value.items()}
    return value


def _leaves(error: jsonschema.ValidationError) -> Iterator[Leaf]:
    """The innermost errors: an ``allOf``/``anyOf`` failure is explained by its sub-errors."""
    if error.context:
        for child in error.context:
            yield from _leaves(child)
    else:
        yield error


def _finding(record: LineageRecord, instance: object, error: Leaf,
             fields: list[str] | None = None) -> Finding:
    path = tuple(error.absolute_path)
    key = _refused_key(instance, path, error)
    rule = None
    if key is not None:  # a `propertyNames` error: about the key itself, which locates it; no rule words that
        path = (*path, key)
    else:
        keyword = error.validator if isinstance(error.validator, str) else None
        rule = rule_for_policy_error(path, error.instance, keyword)
    origin = record.origin_at(path)
    identity = _identity(record, path)
    if rule is not None:
        summary = rule.run_summary if origin.field and rule.run_summary else rule.summary
        context = _context(record, path, error)
        if fields and len(fields) > 1:  # the summary quotes one field: `a` or `b`
            context["field"] = "` or `".join(dict.fromkeys(fields))
        message = summary.format(**context)
    else:
        rule = get_rule("LL900")
        assert rule is not None
        message = _plain_words(error, path, key)
    span = origin.span
    if origin.field:  # a value read from a run has no line: the finding names the run field (runs:/<id>#params.seed)
        return make_finding(rule, str(origin), message, span, identity)
    if span.file:  # set in a base or overlay: shown at the line composing it, and names where it was set
        message += f" (set in {origin})"
        span = record.composed_at.get(span.file, FILE_START)
    return make_finding(rule, record.path, message, span, identity)


def _refused_key(instance: object, path: tuple[str | int, ...], error: Leaf) -> str | None:
    """The key of an object that a ``propertyNames`` subschema refused, else None. jsonschema reports such an
    error at the object, with the key as its instance: the only error whose instance is not the value at its
    path."""
    for part in path:
        instance = instance[part]  # type: ignore[index]
    return error.instance if isinstance(instance, dict) and isinstance(error.instance, str) else None


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


def _context(record: LineageRecord, path: tuple[str | int, ...], error: Leaf) -> dict[str, Any]:
    seed = record.seed
    context: dict[str, Any] = {
        "key": seed.key or "seed", "value": _show(seed.value), "note": seed.note,
        "field": str(path[-1]) if path else "", "missing": "",
    }
    if path[:1] not in (("seed",), ("datasets",)):  # the parts a run adds: the failing value itself
        context["value"] = _show(error.instance)
    if error.validator == "required":  # LL306/LL307 explain only these: the keys the record lacks
        wanted, got = cast(Any, error.validator_value), cast(Any, error.instance)
        context["missing"] = _names([name for name in wanted if name not in got])
    if seed.status == "missing":
        context["note"] = f" ({seed.note})" if seed.note else ""
    if path[:1] == ("supplied_at_launch",) and len(path) > 1 and isinstance(path[1], int) \
            and path[1] < len(record.supplied_at_launch):
        slot = record.supplied_at_launch[path[1]]
        context.update(field=slot.key, value=slot.value)
    if path[:1] == ("datasets",) and len(path) > 1 and isinstance(path[1], int):
        ref = record.datasets[path[1]]
        context.update(key=ref.key, ref=ref.ref, version=ref.version or ref.digest or "", note=ref.note)
    return context


def _show(value: object) -> str:
    if isinstance(value, (dict, list)):
        return "this value"  # a whole section: naming it is enough, its contents are in `show`
    return show_value(value)


def _plain_words(error: Leaf, path: tuple[str | int, ...], key: str | None = None) -> str:
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if isinstance(custom, str):
        return custom
    if key is not None:
        return f"`{_where(path[:-1])}` has the key {_show(key)}, a name the policy does not allow"
    where, got, want = _where(path), cast(Any, error.instance), cast(Any, error.validator_value)
    validator = error.validator
    if validator == "const":
        return f"`{where}` is {_show(got)}; the policy requires {_show(want)}"
    if validator == "enum":
        return f"`{where}` is {_show(got)}; the policy allows {', '.join(_show(v) for v in want)}"
    if validator == "required":
        missing = [name for name in want if isinstance(got, dict) and name not in got]
        return f"`{where}` lacks {_names(missing)}, which the policy requires"
    if validator == "dependentRequired":
        pairs = [(name, [each for each in needs if each not in got]) for name, needs in want.items() if name in got]
        return "; ".join(f"`{where}` has `{name}` but lacks {_names(lacking)}, which the policy requires with it"
                         for name, lacking in pairs if lacking)
    if validator == "type":
        return f"`{where}` is {type(got).__name__}; the policy requires {want}"
    if validator == "pattern":
        return f"`{where}` ({_show(got)}) does not have the form the policy requires"
    if validator in _BOUNDS:
        counted, relation = _BOUNDS[validator]
        if counted is None:  # the value itself
            return f"`{where}` is {_show(got)}; the policy {relation} {_show(want)}"
        verb, one, many = counted
        return f"`{where}` {verb} {len(got)} {one if len(got) == 1 else many}; the policy {relation} {want}"
    if validator == "multipleOf":
        return f"`{where}` is {_show(got)}; the policy requires a multiple of {_show(want)}"
    if validator == "uniqueItems":
        return f"`{where}` has repeated items; the policy requires each item once"
    if validator == "contains":
        return f"`{where}` does not have the items the policy's `contains` requires"
    if validator in ("unevaluatedProperties", "unevaluatedItems"):
        return f"`{where}` has entries that no part of the policy allows ({validator})"
    if validator == "oneOf":
        return f"`{where}` meets more than one of the policy's alternatives (oneOf), where it must meet exactly one"
    if validator == "not":
        return f"`{where}` is {_show(got)}, which the policy does not allow"
    return f"`{where}` does not meet the policy ({validator})"


# keyword -> (for a length: how it is said, singular, plural; None for the value itself), the policy's relation
_BOUNDS: dict[str, tuple[tuple[str, str, str] | None, str]] = {
    "minimum": (None, "requires at least"), "maximum": (None, "allows at most"),
    "exclusiveMinimum": (None, "requires more than"), "exclusiveMaximum": (None, "requires less than"),
    "minLength": (("is", "character long", "characters long"), "requires at least"),
    "maxLength": (("is", "character long", "characters long"), "allows at most"),
    "minItems": (("has", "item", "items"), "requires at least"),
    "maxItems": (("has", "item", "items"), "allows at most"),
    "minProperties": (("has", "entry", "entries"), "requires at least"),
    "maxProperties": (("has", "entry", "entries"), "allows at most"),
}


def _names(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)
