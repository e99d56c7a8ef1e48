"""The Action's verdict on what it checked (``action/outcome.py``): which findings count, the exit status under
``fail-on``, the check run's conclusion and the headline, for every mix of errors, warnings and suppressions.

``tests/test_action.py`` sees the same verdicts end to end (annotations, the check run, the comment); these
pin the table itself, so a changed rule of the verdict is caught in milliseconds."""

from __future__ import annotations

import pytest

from action.outcome import Outcome
from lineage_lint.engine import FileResult
from lineage_lint.findings import Finding
from lineage_lint.rules.base import Severity
from lineage_lint.tree import Span


def finding(path: str, code: str, severity: Severity, line: int = 1, column: int = 1,
            suppressed_by: str = "") -> Finding:
    return Finding(path, code, code.lower(), severity, f"{code} message", Span(line, column, line, column + 1),
                   f"https://example.invalid/{code}", identity=code, suppressed_by=suppressed_by)


def outcome(fail_on: str, *results: FileResult) -> Outcome:
    return Outcome(list(results), fail_on, "every config")


ERROR = FileResult("a.yaml", None, [finding("a.yaml", "LL102", "error", 3, 7)])
WARNING = FileResult("b.yaml", None, [finding("b.yaml", "LL010", "warning")])
SUPPRESSED = FileResult("c.yaml", None, [finding("c.yaml", "LL202", "error", suppressed_by="inline: why")])
CLEAN = FileResult("d.yaml", None, [])


@pytest.mark.parametrize(("results", "fail_on", "failed", "conclusion"), [
    ((), "error", False, "success"),
    ((CLEAN,), "error", False, "success"),
    ((ERROR,), "error", True, "failure"),
    ((WARNING,), "error", False, "neutral"),
    ((WARNING,), "warning", True, "failure"),
    ((ERROR,), "warning", True, "failure"),
    ((ERROR, WARNING), "never", False, "neutral"),
    ((SUPPRESSED,), "error", False, "success"),
    ((SUPPRESSED,), "warning", False, "success"),
    ((SUPPRESSED, WARNING), "error", False, "neutral"),
    ((CLEAN,), "never", False, "success"),
])
def test_the_verdict_under_fail_on(results: tuple[FileResult, ...], fail_on: str, failed: bool,
                                   conclusion: str) -> None:
    judged = outcome(fail_on, *results)
    assert (judged.failed, judged.conclusion) == (failed, conclusion)


def test_suppressed_findings_do_not_count() -> None:
    judged = outcome("error", SUPPRESSED, ERROR, WARNING)
    assert [(f.path, f.code) for f in judged.findings] == [("a.yaml", "LL102"), ("b.yaml", "LL010")]
    assert (judged.errors, judged.warnings) == (1, 1)


def test_findings_are_in_path_line_column_order() -> None:
    later = FileResult("a.yaml", None, [finding("a.yaml", "LL202", "error", 9, 1),
                                        finding("a.yaml", "LL201", "error", 3, 9),
                                        finding("a.yaml", "LL101", "error", 3, 2)])
    judged = outcome("error", WARNING, later)
    assert [(f.path, f.span.line, f.span.col, f.code) for f in judged.findings] == [
        ("a.yaml", 3, 2, "LL101"), ("a.yaml", 3, 9, "LL201"), ("a.yaml", 9, 1, "LL202"), ("b.yaml", 1, 1, "LL010"),
    ]


@pytest.mark.parametrize(("results", "headline"), [
    ((), "All traceable: 0 configs checked"),
    ((CLEAN,), "All traceable: 1 config checked"),
    ((CLEAN, SUPPRESSED), "All traceable: 2 configs checked"),
    ((ERROR,), "1 error and 0 warnings, 1 config checked"),
    ((WARNING,), "0 errors and 1 warning, 1 config checked"),
    ((ERROR, WARNING, CLEAN), "1 error and 1 warning, 3 configs checked"),
    ((FileResult("e.yaml", None, [finding("e.yaml", "LL101", "error"), finding("e.yaml", "LL102", "error"),
                                  finding("e.yaml", "LL010", "warning"), finding("e.yaml", "LL011", "warning")]),),
     "2 errors and 2 warnings, 1 config checked"),
])
def test_the_headline_counts_errors_warnings_and_configs(results: tuple[FileResult, ...], headline: str) -> None:
    assert outcome("error", *results).headline == headline
