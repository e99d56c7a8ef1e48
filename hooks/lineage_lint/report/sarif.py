"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning reads it (rule metadata, stable fingerprints)."""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from lineage_lint import REPOSITORY, __version__
from lineage_lint.findings import Finding
from lineage_lint.report import Run
from lineage_lint.rules import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = REPOSITORY


def fingerprint(finding: Finding) -> str:
    """Stable across line moves: path, code and the location-free identity."""
    key = f"{finding.location}\0{finding.code}\0{finding.identity}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _rule(rule: Any) -> dict[str, Any]:
    docs = rule.docs()
    first = docs.split("\n\n", 1)[0].removeprefix("What it does: ").replace("\n", " ")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.name.replace("-", " ")},
        "fullDescription": {"text": first},
        "helpUri": rule.url(),
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": "error" if rule.severity == "error" else "warning"},
        "properties": {"tags": ["lineage", "reproducibility"]},
    }


def render(run: Run, out: TextIO) -> None:
    rules = all_rules()
    index = {rule.code: position for position, rule in enumerate(rules)}
    results = []
    for finding in sorted(run.active, key=Finding.sort_key):
        span = finding.span
        results.append({
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": "error" if finding.severity == "error" else "warning",
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": finding.location, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": span.line, "startColumn": span.col,
                           "endLine": span.end_line, "endColumn": max(span.end_col, span.col)},
            }}],
            "partialFingerprints": {"lineageLint/v1": fingerprint(finding)},
        })
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "lineage-lint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": [_rule(rule) for rule in rules]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    json.dump(document, out, indent=2)
    out.write("\n")
