"""A YAML stream of several documents: each is read as a config of its own, and the file is as traceable as its
least traceable training document.

A later document (after ``---``) may be a second run (``seed: null``, another dataset); judging the first alone
would wave it through. Every document is read with the profile that recognises it; those that are training
configs (applicable records) are merged: the run seed is the first one not declared (else the first document's),
the datasets, component seeds and launch slots are all of theirs, each located at its own line. A later
document that is not a training config (a Kubernetes object beside the config, an empty one) changes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from lineage_lint.record import LineageRecord


def merge_documents(records: list[LineageRecord]) -> LineageRecord:
    """One record for the documents of one stream, ``records`` in file order (the first document's first)."""
    applicable = [record for record in records if record.applicable]
    if len(applicable) < 2:  # one training document (or none): it is the file's record
        return applicable[0] if applicable else records[0]
    merged = applicable[0]
    worst = next((record for record in applicable if record.seed.status != "declared"), merged)
    seed = worst.seed
    if worst is not merged:
        index = records.index(worst) + 1
        seed = replace(seed, note=f"document {index} of the stream" + (f"; {seed.note}" if seed.note else ""))
    merged.seed = seed
    for record in applicable[1:]:
        merged.datasets.extend(record.datasets)
        merged.other_seeds.extend(record.other_seeds)
        merged.supplied_at_launch.extend(record.supplied_at_launch)
        merged.composed_at = {**record.composed_at, **merged.composed_at}
        merged.sources.extend(source for source in record.sources if source not in merged.sources)
        if record.role == "training":
            merged.role = "training"
    return merged
