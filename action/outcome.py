"""What one check run of the Action found: the results it judged and the verdict under ``fail-on``."""

from __future__ import annotations

from dataclasses import dataclass

from lineage_lint.engine import FileResult
from lineage_lint.findings import Finding


@dataclass(frozen=True)
class Outcome:
    results: list[FileResult]
    fail_on: str  # error | warning | never
    scope: str  # one sentence: what was checked and why (all configs, or the ones a PR changed)

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for result in self.results for f in result.active), key=Finding.sort_key)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity != "error")

    @property
    def failed(self) -> bool:
        """The policy fails: the step exits 1, the check run concludes ``failure``."""
        if self.fail_on == "never":
            return False
        return self.errors > 0 or (self.fail_on == "warning" and self.warnings > 0)

    @property
    def conclusion(self) -> str:
        if self.failed:
            return "failure"
        return "neutral" if self.findings else "success"

    @property
    def headline(self) -> str:
        files = len(self.results)
        checked = f"{files} config{'s' * (files != 1)} checked"
        if not self.findings:
            return f"All traceable: {checked}"
        e, w = self.errors, self.warnings
        return f"{e} error{'s' * (e != 1)} and {w} warning{'s' * (w != 1)}, {checked}"
