"""The configs composed from a changed base, for runs that are given only the changed files.

pre-commit passes a hook the files a commit changed. A commit that edits only a base (an MMEngine
``_base_`` file, a Hydra group option, an Ultralytics dataset YAML, LLaMA-Factory's ``dataset_info.json``)
would then judge the base alone, and a config composed from it could start failing unseen. So when a
checked file is a fragment or a dataset definition (:attr:`LineageRecord.role`), the repository's other
configs (the files ``lineage-lint check .`` would check) are composed too, and those whose ``sources``
include a changed file are reported with the rest. Composition shares the engine's loader: each base is
read once. A changed file that is a training config in its own right (a detectron2 ``Base-*.yaml``, a
Hydra primary that overlays build on, a ``params.yaml``) triggers no search: it is judged itself, and
``lineage-lint check .`` or the Action's changed-only mode re-checks what builds on it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lineage_lint.config import Settings
from lineage_lint.discover import Target, discover
from lineage_lint.results import FileResult

if TYPE_CHECKING:
    from lineage_lint.runner import Checker

MAX_SCANNED = 2000  # repository configs composed in one search; a larger repository is searched this far


def composed_from(checker: Checker, settings: Settings, results: Sequence[FileResult],
                  checked: Sequence[Target]) -> tuple[list[FileResult], str]:
    """The results of the repository's configs composed from a fragment or dataset definition among
    ``results`` (the results of ``checked``), and a note for the user ("" when nothing was added: a
    ``lineage-lint check .`` that walked every config already has them)."""
    changed = {sources[0] for result in results
               if (composition := result.composition()) is not None and (sources := composition[1])
               and composition[0] != "training"}
    if not changed:
        return [], ""
    cwd = os.getcwd()
    done = {target.absolute or os.path.normpath(os.path.join(cwd, target.path)) for target in checked}
    everything = discover([os.path.relpath(settings.root)], settings, known=done)
    found = [result for result in checker.check(everything[:MAX_SCANNED])
             if (composition := result.composition()) is not None and not changed.isdisjoint(composition[1][1:])]
    if not found and len(everything) <= MAX_SCANNED:
        return [], ""
    shown = ", ".join(sorted(changed)[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    note = f"also checked {len(found)} config{'s' * (len(found) != 1)} composed from {shown}"
    if len(everything) > MAX_SCANNED:
        note += f" (searched the first {MAX_SCANNED:,} of {len(everything):,} configs)"
    return found, note
