"""Readings forced by configuration: ``dataset-keys``, ``not-dataset-keys`` and ``seed-keys`` in
``[tool.lineage-lint]``, applied to the record a profile made (the escape hatch ``show --explain`` points at
when a user disagrees with the reading)."""

from __future__ import annotations

import fnmatch

from lineage_lint.profiles import generic
from lineage_lint.profiles.explain import note
from lineage_lint.profiles.spec import find
from lineage_lint.record import DatasetRef, LineageRecord
from lineage_lint.sources import Document
from lineage_lint.tree import MapNode


def apply_forced(record: LineageRecord, document: Document, dataset_keys: list[str], not_dataset_keys: list[str],
                 seed_keys: list[str]) -> LineageRecord:
    """``record`` with the configured seed key, the configured datasets added and the excluded ones removed."""
    for pattern in seed_keys:
        match = next((m for m in find(document.root, pattern) if m.entry is not None), None)
        if match is not None and match.entry is not None:
            seed = generic.seed_verdict(document, match.base, match.entry)
            seed.note = (seed.note + "; " if seed.note else "") + f"`seed-keys` names `{pattern}`"
            note("seed", seed.key or pattern, True, f"named by `seed-keys` (`{pattern}`) in the configuration")
            record.other_seeds = [other for other in record.other_seeds if other.key != seed.key]
            if record.seed.key and record.seed.key != seed.key and record.seed.status != "missing":
                record.other_seeds.insert(0, record.seed)
            record.seed = seed
            break
    for pattern in dataset_keys:
        for match in find(document.root, pattern):
            found: list[DatasetRef] = []
            if isinstance(match.node, MapNode):
                generic._read_item(document, match.node, match.path, found, default_name=match.path)
            else:
                version, digest = generic.pin_siblings(match.parent, match.path.rsplit(".", 1)[-1]) \
                    if match.parent is not None else (None, None)
                found = [generic.make_ref(document, match.path, value, span, version_entry=version,
                                          digest_entry=digest)
                         for value, span in generic._ref_strings(document, match.node)]
            known = {(ref.key, ref.ref) for ref in record.datasets}
            for ref in found:
                if (ref.key, ref.ref) not in known:
                    note("dataset", ref.key, True, f"named by `dataset-keys` (`{pattern}`) in the configuration")
                    record.datasets.append(ref)
    if not_dataset_keys:
        kept: list[DatasetRef] = []
        for ref in record.datasets:
            excluded = next((p for p in not_dataset_keys if any(
                fnmatch.fnmatchcase(ref.key, form) for form in (p, f"{p}.*", f"{p}[[]*"))), None)
            if excluded is None:
                kept.append(ref)
            else:
                note("dataset", ref.key, False, f"excluded by `not-dataset-keys` (`{excluded}`) in the configuration")
        record.datasets = kept
    return record
