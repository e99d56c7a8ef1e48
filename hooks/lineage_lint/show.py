"""``lineage-lint show``: what the engine understood about each file, and where each verdict came from."""

from __future__ import annotations

import json
from typing import Any, TextIO

from lineage_lint.engine import FileResult
from lineage_lint.tree import Scalar


def as_json(result: FileResult) -> dict[str, Any]:
    if result.record is not None:
        data = result.record.to_json()
    else:
        # An empty file declares no seed; one that cannot be read may declare anything.
        empty = any(finding.code == "LL003" for finding in result.findings)
        data = {
            "path": result.path, "profile": None, "applicable": False, "role": "training",
            "seed": {"status": "missing" if empty else "unresolved", "key": None, "value": None,
                     "from": f"{result.path}:1"},
            "datasets": [], "dataset_pin": "no-reference",
            "reason": "the file is empty" if empty else "the file could not be read",
        }
    data["findings"] = [finding.to_json() for finding in result.active]
    return data


def render_json(results: list[FileResult], out: TextIO) -> None:
    json.dump([as_json(result) for result in results], out, indent=2)
    out.write("\n")


def _value(value: Scalar) -> str:
    if value is None:
        return "null"
    return str(value).lower() if isinstance(value, bool) else str(value)


def render_text(results: list[FileResult], out: TextIO) -> None:
    for number, result in enumerate(results):
        if number:
            out.write("\n")
        record = result.record
        if record is None:
            out.write(f"{result.path}: could not be read\n")
        else:
            role = "" if record.role == "training" else f", {record.role}: no run seed required"
            out.write(f"{result.path}  (profile: {record.profile}{role})\n")
            if not record.applicable:
                out.write(f"  not applicable: {record.reason}\n")
            seed = record.seed
            setting = f"{seed.key} = {_value(seed.value)}" if seed.key else "no seed key"
            note = f"  ({seed.note})" if seed.note else ""
            out.write(f"  seed         {seed.status:<12} {setting}  <- {seed.origin}{note}\n")
            for other in record.other_seeds:
                out.write(f"  other seed   {other.status:<12} {other.key} = {_value(other.value)}"
                          f"  <- {other.origin}  (component seed, not the run seed)\n")
            if not record.datasets:
                out.write("  datasets     no-reference\n")
            for slot in record.supplied_at_launch:
                out.write(f"  dataset      at launch    {slot.key} = {slot.value}  <- {slot.origin}  "
                          "(supplied when the run is launched: the config does not say which data)\n")
            for ref in record.datasets:
                pinned_by = ref.digest or ref.version
                detail = f" @ {pinned_by}" if pinned_by else ""
                note = f"  ({ref.note.lstrip('; ')})" if ref.note else ""
                out.write(f"  dataset      {ref.pin:<12} {ref.key} = {ref.ref}{detail}  <- {ref.origin}{note}\n")
            out.write(f"  dataset pin  {record.dataset_pin}\n")
            if len(record.sources) > 1:
                out.write(f"  composed     {' + '.join(record.sources)}\n")
        for finding in result.active:
            where = f"{finding.path}:{finding.span.line}"
            out.write(f"  {finding.code} {finding.severity}: {finding.message}  <- {where}\n")
