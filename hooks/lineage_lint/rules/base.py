"""What a rule is, and the registry that finds one by code, by name, or by the policy error it explains."""

from __future__ import annotations

from typing import ClassVar, Literal

from lineage_lint import REPOSITORY

Severity = Literal["error", "warning"]
DOCS_URL = REPOSITORY + "/blob/main/docs/rules.md#{anchor}"


class Rule:
    """Base class: subclasses set the class attributes; their docstring is their documentation.

    ``instance_path`` and ``values`` tie a rule to the part of the lineage record a policy judges:
    a policy error at that path (``*`` matches any list index) with one of those values is reported
    under this rule, so a user's own policy schema gets the same codes and messages as the presets.
    ``keywords`` narrows that to errors of those JSON Schema keywords, for a rule whose words are true only
    of them ("lacks the tag" is a failed ``required``, not a failed ``minProperties``); empty means any.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    summary: ClassVar[str]
    # The message for an MLflow run's field, where the summary's advice is written for a config file: a run
    # is fixed with MLflow calls (``mlflow.log_param``, ``log_lineage``), not with config syntax.
    run_summary: ClassVar[str | None] = None
    instance_path: ClassVar[tuple[str, ...]] = ()
    values: ClassVar[frozenset[str]] = frozenset()
    keywords: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def docs(cls) -> str:
        import inspect  # here, not at the top: a large import that a run reporting findings does not need

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def url(cls) -> str:
        return DOCS_URL.format(anchor=f"{cls.code.lower()}-{cls.name}")

    @classmethod
    def explains(cls, path: tuple[str | int, ...], value: object, keyword: str | None) -> bool:
        if len(path) != len(cls.instance_path) or (cls.keywords and keyword not in cls.keywords):
            return False
        for part, pattern in zip(path, cls.instance_path, strict=True):
            if pattern not in ("*", part):
                return False
        return not cls.values or value in cls.values


_REGISTRY: dict[str, type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry (codes and names must be unique)."""
    if rule.code in _REGISTRY or any(r.name == rule.name for r in _REGISTRY.values()):
        raise ValueError(f"duplicate rule {rule.code} {rule.name}")
    _REGISTRY[rule.code] = rule
    return rule


_SORTED: list[list[type[Rule]]] = []  # the rules by code, sorted once per set of registered rules


def _by_code() -> list[type[Rule]]:
    if not _SORTED or len(_SORTED[0]) != len(_REGISTRY):  # every policy error asks: sort once, not per error
        from lineage_lint.rules import catalogue  # noqa: F401  (registers the rules)

        _SORTED[:] = [sorted(_REGISTRY.values(), key=lambda rule: rule.code)]
    return _SORTED[0]


def all_rules() -> list[type[Rule]]:
    return list(_by_code())


def get_rule(code_or_name: str) -> type[Rule] | None:
    _by_code()
    wanted = code_or_name.strip()
    return _REGISTRY.get(wanted.upper()) or next((r for r in _REGISTRY.values() if r.name == wanted), None)


def rule_for_policy_error(path: tuple[str | int, ...], value: object, keyword: str | None) -> type[Rule] | None:
    """The rule that explains a policy error of JSON Schema ``keyword`` at ``path`` whose offending value is
    ``value``."""
    return next((rule for rule in _by_code() if rule.instance_path and rule.explains(path, value, keyword)), None)
