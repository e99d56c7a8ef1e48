"""The gate's decision: a model version or run -> its lineage record -> the run policy -> pass / fail.

Exit status (:attr:`GateResult.exit_code`): 0 pass, 1 lineage missing or inconsistent, 2 could not decide
(server unreachable, unknown model, version or alias, access refused, bad input). It fails closed: any
doubt is 1 or 2, never 0.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import jsonschema

from lineage_lint.config import Settings
from lineage_lint.findings import Finding
from lineage_lint.mlflow import consistency, names
from lineage_lint.mlflow.resolve import Backend, Target, resolve
from lineage_lint.mlflow.run_record import RunLineage, run_record
from lineage_lint.policy import Policy, PolicyError, load_policy, make_finding
from lineage_lint.record import LineageRecord
from lineage_lint.rules import get_rule
from lineage_lint.schema_files import PRESET_POLICIES
from lineage_lint.tree import FILE_START

Verdict = Literal["pass", "fail", "undecided"]
EXIT_PASS, EXIT_FAIL, EXIT_UNDECIDED = 0, 1, 2
DEFAULT_POLICY = "run-default"


RUN_PRESETS = ("run-default", "run-strict")


@dataclass(frozen=True)
class GatePolicy:
    """The run policy (a preset or a schema file) and the requirements the configuration adds
    (``required-tags``, ``required-params``, ``require-description``), compiled once; ``aliases`` maps an
    alias (``champion``) to the policy a version must pass to take it (the configuration's
    ``gate.aliases``), which MLflow's own permissions cannot express."""

    base: Policy
    extra: Policy | None
    sha256: str
    aliases: dict[str, GatePolicy] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.base.name

    def for_alias(self, alias: str | None) -> GatePolicy:
        """The policy a version must pass to take ``alias`` (this one when the alias has none of its own).
        Aliases are matched as MySQL's default collation compares them (:func:`names.collation_key`): there
        ``CHAMPION``, ``chámpion`` and a full-width ``ｃｈａｍｐｉｏｎ`` *are* ``champion`` (setting one moves the
        other), so a policy that a change of case, accent or width could dodge would be no policy."""
        return self.aliases.get(names.collation_key(alias), self) if alias else self

    def required_fields(self) -> frozenset[str]:
        """The run tags and params this policy (or an alias's) requires or constrains by name: lineage too, for
        whoever guards a run's fields (a value a policy judges must not change under a judged version)."""
        found: set[str] = set()
        for policy in (self.base, self.extra, *(alias.base for alias in self.aliases.values()),
                       *(alias.extra for alias in self.aliases.values())):
            if policy is not None:
                _required_names(policy.validator.schema, found)
        return frozenset(found)

    def describe(self) -> str:
        """One line: the policy and its sha256, and each alias's."""
        own = f"{self.name} (sha256 {self.sha256[:12]})"
        if not self.aliases:
            return own
        return own + "; aliases: " + ", ".join(f"@{alias} -> {policy.name} (sha256 {policy.sha256[:12]})"
                                               for alias, policy in sorted(self.aliases.items()))

    def judge(self, record: LineageRecord) -> list[Finding]:
        findings = self.base.judge(record)
        if self.extra is not None:
            findings += self.extra.judge(record)
        return findings


def _required_names(schema: Any, found: set[str]) -> None:
    """Every name a schema lists under ``properties.tags`` or ``properties.params``: ``required``, or
    constrained under ``properties``."""
    if isinstance(schema, list):
        for item in schema:
            _required_names(item, found)
    if not isinstance(schema, dict):
        return
    properties = schema.get("properties")
    for part in ("tags", "params"):
        section = properties.get(part) if isinstance(properties, dict) else None
        if not isinstance(section, dict):
            continue
        if isinstance(section.get("required"), list):
            found.update(str(name) for name in section["required"])
        if isinstance(section.get("properties"), dict):
            found.update(str(name) for name in section["properties"])
    for value in schema.values():
        _required_names(value, found)


def gate_policy(spec: str | None, gate_config: dict[str, Any], base_dir: Path) -> GatePolicy:
    """``spec`` (``--policy``) wins over the configuration's ``gate.policy``; the default is run-default.
    ``gate.aliases`` (alias -> preset or schema file) gives aliases their own policy, with the same added
    requirements."""
    policy = _one_policy(spec or gate_config.get("policy") or DEFAULT_POLICY, gate_config, base_dir)
    aliases = gate_config.get("aliases") or {}
    if not aliases:
        return policy
    by_alias: dict[str, GatePolicy] = {}
    for alias, name in aliases.items():
        key = names.collation_key(str(alias))
        if key in by_alias:
            raise PolicyError(f"gate.aliases names {alias!r} twice (aliases are matched whatever their case, "
                              "accents or width)")
        by_alias[key] = _one_policy(str(name), gate_config, base_dir)
    return replace(policy, aliases=by_alias)


def _one_policy(spec: str, gate_config: dict[str, Any], base_dir: Path) -> GatePolicy:
    if spec not in PRESET_POLICIES and not (base_dir / spec).is_file():
        raise PolicyError(f"policy {spec!r} is neither one of the gate's presets ({', '.join(RUN_PRESETS)}) nor "
                          f"a JSON Schema file (looked for {(base_dir / spec).resolve()})")
    base = load_policy(spec, base_dir)
    properties: dict[str, Any] = {}
    if gate_config.get("required-tags"):
        properties["tags"] = {"required": list(gate_config["required-tags"])}
    if gate_config.get("required-params"):
        properties["params"] = {"required": list(gate_config["required-params"])}
    if gate_config.get("require-description"):
        properties["model"] = {"properties": {"description": {"type": "string", "minLength": 1}}}
    extra_schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": properties}
    extra = Policy("configuration", jsonschema.Draft202012Validator(extra_schema)) if properties else None
    canonical = json.dumps([base.validator.schema, extra_schema if extra else None], sort_keys=True)
    return GatePolicy(base, extra, hashlib.sha256(canonical.encode()).hexdigest())


@dataclass
class GateResult:
    """What the gate decided, and everything a report or an audit tag needs."""

    uri: str
    policy: str
    policy_sha256: str
    verdict: Verdict = "undecided"
    findings: list[Finding] = field(default_factory=list)
    record: LineageRecord | None = None
    model_name: str | None = None
    model_version: str | None = None
    run_id: str | None = None
    consistency: str = ""
    error: str = ""
    action: dict[str, Any] | None = None  # what promote / register did (or would do)

    @property
    def exit_code(self) -> int:
        return {"pass": EXIT_PASS, "fail": EXIT_FAIL}.get(self.verdict, EXIT_UNDECIDED)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]


def undecided(uri: str, policy: GatePolicy | None, error: str) -> GateResult:
    return GateResult(uri, policy.name if policy else "", policy.sha256 if policy else "", "undecided", error=error)


def decide(backend: Backend, target: Target, policy: GatePolicy, settings: Settings, repo: Path | None, *,
           describe: Callable[[str | None, LineageRecord], str] | None = None) -> GateResult:
    """Resolve ``target``, build its run's record, judge it; MLflow's failures propagate (the caller turns
    them into an undecided result). ``describe`` gives the description the version will have once acted on
    (``--model-card``): the version is judged as it will be, and reported as it is."""
    result = GateResult(target.uri, policy.name, policy.sha256)
    resolution = resolve(backend, target)
    version = resolution.model_version
    if version is not None:
        result.model_name, result.model_version = str(version.name), str(version.version)
    if resolution.run is None:
        rule = get_rule("LL308")
        assert rule is not None
        result.findings = [make_finding(rule, target.uri, resolution.unlinked, FILE_START, rule.name)]
        result.verdict = "fail"
        return result
    lineage = run_record(resolution.run, version)
    result.run_id, result.record = lineage.run_id, lineage.record
    model = lineage.record.model
    written = model.description if model is not None else None
    if describe is not None and model is not None:
        model.description = describe(written, lineage.record)
    try:
        result.findings, result.consistency = judge(lineage, policy, settings, repo)
    finally:
        if model is not None:
            model.description = written
    result.verdict = "fail" if result.errors else "pass"
    return result


def judge(lineage: RunLineage, policy: GatePolicy, settings: Settings, repo: Path | None) -> tuple[list[Finding], str]:
    """The policy's findings on the run's record, and (with a repository) the consistency check's."""
    findings = policy.judge(lineage.record)
    checked = consistency.check(lineage, repo, settings)
    findings += checked.findings
    findings = [f.replace(severity=settings.severity.get(f.code, f.severity))
                for f in findings if f.code not in settings.ignore]
    return sorted(findings, key=Finding.sort_key), checked.summary
