"""Suppressing findings: inline comments with a reason, per-file ignores, and baselines.

Inline: ``# lineage-lint: ignore[LL102] -- reason`` at the end of the line that sets the value, or alone
on the line above it; ``# lineage-lint: ignore-file[LL101] -- reason`` anywhere for the whole file. A
comment without a reason suppresses nothing and is itself reported (LL010).

Baseline: a JSON file listing accepted findings by path, code and identity (no line numbers), so it
survives edits that move lines; each entry absorbs as many findings as it counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lineage_lint.comments import real_comments, split_lines
from lineage_lint.findings import Finding
from lineage_lint.globs import matches
from lineage_lint.rules import get_rule
from lineage_lint.tree import Span

_COMMENT = re.compile(
    r"#\s*lineage-lint:\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\]"
    r"(?:\s*(?:--|—|:)\s*(?P<reason>\S.*?))?\s*$"
)
BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class InlineSuppression:
    line: int  # the line it covers (0 for the whole file)
    codes: frozenset[str]
    reason: str


def parse_inline(text: str, path: str, fmt: str) -> tuple[list[InlineSuppression], list[Finding]]:
    """The suppressions a file's comments declare, and LL010 findings for those without a reason.

    Only real comments of a ``fmt`` file count: the same text inside a string value, or anywhere in JSON
    (which has no comments), declares nothing."""
    if "lineage-lint:" not in text:
        return [], []
    suppressions: list[InlineSuppression] = []
    problems: list[Finding] = []
    lines = split_lines(text, fmt)  # numbered as the format's parser numbers its findings
    matched = {number: match for number, line in enumerate(lines, start=1) if (match := _COMMENT.search(line))}
    candidates = {number: [i for i, char in enumerate(lines[number - 1][: match.start() + 1]) if char == "#"]
                  for number, match in matched.items()}
    comments = real_comments(text, fmt, candidates)
    for number, match in matched.items():
        line = lines[number - 1]
        if number not in comments:
            continue  # the text sits in a string value: it is data, not a comment
        named = [name.strip() for name in match.group("codes").split(",") if name.strip()]
        rules = {name: get_rule(name) for name in named}
        codes = frozenset(rule.code for rule in rules.values() if rule is not None)
        reason = (match.group("reason") or "").strip()
        span = Span(number, match.start() + 1, number, len(line) + 1)
        unknown = [name for name, rule in rules.items() if rule is None]
        if unknown or not named:
            problems.append(_comment_problem(
                path, span, "LL011",
                f"this ignore comment names no known rule ({', '.join(unknown) or 'nothing'}); "
                "use codes such as LL102 or names such as seed-random (see `lineage-lint rules`)",
            ))
        if not reason:
            problems.append(_comment_problem(
                path, span, "LL010",
                "this ignore comment gives no reason, so it suppresses nothing; add `-- <why>` after "
                f"[{', '.join(named)}]",
            ))
            continue
        if match.group("kind") == "ignore-file":
            covered = 0
        elif line[: comments[number]].strip():
            covered = number  # trailing comment: this line
        else:
            covered = _next_code_line(lines, number)
        suppressions.append(InlineSuppression(covered, codes, reason))
    return suppressions, problems


def _comment_problem(path: str, span: Span, code: str, message: str) -> Finding:
    rule = get_rule(code)
    assert rule is not None
    identity = f"comment:{code}:{message.split(';', maxsplit=1)[0]}"
    return Finding(path, rule.code, rule.name, rule.severity, message, span, rule.url(), identity=identity)


def _next_code_line(lines: list[str], number: int) -> int:
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return number + 1


def _mark(findings: Iterable[Finding], reason_for: Callable[[Finding], str | None]) -> list[Finding]:
    """Set ``suppressed_by`` on the findings ``reason_for`` names a reason for (the first reason wins)."""
    marked = []
    for finding in findings:
        reason = None if finding.suppressed_by else reason_for(finding)
        marked.append(finding.replace(suppressed_by=reason) if reason else finding)
    return marked


def apply_inline(findings: Iterable[Finding], suppressions: list[InlineSuppression]) -> list[Finding]:
    """Mark findings that an inline comment covers (they stay, with ``suppressed_by`` set)."""

    def reason_for(finding: Finding) -> str | None:
        for suppression in suppressions:
            if finding.code in suppression.codes and suppression.line in (0, finding.span.line):
                return f"inline: {suppression.reason}"
        return None

    return _mark(findings, reason_for)


def apply_per_file(findings: Iterable[Finding], relative: str, per_file: dict[str, list[str]],
                   ignored: frozenset[str]) -> list[Finding]:
    """Mark findings the configuration ignores, everywhere or for files matching a glob."""

    def reason_for(finding: Finding) -> str | None:
        if finding.code in ignored:
            return "config: ignore"
        for glob, codes in per_file.items():
            if finding.code in codes and matches(relative, [glob]):
                return f"config: per-file-ignores {glob}"
        return None

    return _mark(findings, reason_for)


def apply_baseline(findings: list[Finding], remaining: Counter[tuple[str, str, str]]) -> list[Finding]:
    """Mark as many findings per (path, code, identity) as the baseline accepted, consuming the entries
    of ``remaining`` (one counter for the whole run, from :func:`read_baseline`)."""

    def reason_for(finding: Finding) -> str | None:
        key = baseline_key(finding)
        if remaining[key] <= 0:
            return None
        remaining[key] -= 1
        return "baseline"

    return _mark(findings, reason_for)


def baseline_key(finding: Finding) -> tuple[str, str, str]:
    return (finding.location, finding.code, finding.identity)


def read_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    """Raises ``ValueError`` with a plain message when the file is not a lineage-lint baseline."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"baseline {path} not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"baseline {path} cannot be read: {exc}") from None
    valid = isinstance(data, dict) and data.get("version") == BASELINE_VERSION
    if not valid or not isinstance(data.get("findings"), list):
        raise ValueError(f"baseline {path} is not a lineage-lint baseline (version {BASELINE_VERSION})")
    counts: Counter[tuple[str, str, str]] = Counter()
    for item in data["findings"]:
        try:
            counts[(str(item["path"]), str(item["code"]), str(item.get("identity", "")))] += int(item.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"baseline {path} has a malformed entry: {item!r}") from None
    return counts


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    counts = Counter(baseline_key(f) for f in findings if not f.suppressed_by)
    entries = [{"path": p, "code": c, "identity": i, "count": n} for (p, c, i), n in sorted(counts.items())]
    document = {"version": BASELINE_VERSION, "tool": "lineage-lint", "findings": entries}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return sum(counts.values())
