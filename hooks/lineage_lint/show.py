"""``lineage-lint show``: what the engine understood about each file, and where each verdict came from."""

from __future__ import annotations

import json
import os
from typing import Any, TextIO

from lineage_lint.profiles.explain import Consideration
from lineage_lint.report.color import severity
from lineage_lint.report.color import verdict as painted
from lineage_lint.results import FileResult
from lineage_lint.tree import Scalar


def link_target(path: str) -> str | None:
    """The file a symlinked config points to (relative to the working directory when inside it), so `from`
    names the file that holds the line, not the link."""
    try:
        if not os.path.islink(path):
            return None
        target = os.path.realpath(path)
    except OSError:
        return None
    relative = os.path.relpath(target)
    return relative if not relative.startswith("..") else target


def _retarget(data: Any, path: str, target: str) -> Any:
    """``data`` with every ``from`` naming ``path`` naming ``target`` instead."""
    if isinstance(data, dict):
        return {key: (f"{target}{value[len(path):]}" if key == "from" and isinstance(value, str)
                      and value.startswith(f"{path}:") else _retarget(value, path, target))
                for key, value in data.items()}
    if isinstance(data, list):
        return [_retarget(item, path, target) for item in data]
    return data


def _shown(origin: object, path: str, target: str | None) -> str:
    text = str(origin)
    return f"{target}{text[len(path):]}" if target is not None and text.startswith(f"{path}:") else text


def as_json(result: FileResult) -> dict[str, Any]:
    if result.record is not None:
        data = result.record.to_json()
        target = link_target(result.path)
        if target is not None:
            data = _retarget(data, result.path, target)
            data["link_target"] = target
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


FORCE_HINT = ("to force a reading, set `dataset-keys`, `not-dataset-keys` or `seed-keys` (key paths, `*` and "
              "`[]` allowed) in [tool.lineage-lint]")


def considered(result: FileResult, found: list[Consideration]) -> list[dict[str, Any]]:
    """The keys weighed as a dataset or seed, without repeats; a dataset taken by a framework profile's own
    keys (which the generic notes do not cover) is listed as such."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for item in found:
        # a later decision about the same key overrides (configuration is applied last)
        rows[(item.kind, item.key)] = {"kind": item.kind, "key": item.key, "taken": item.taken, "why": item.why}
    if result.record is not None:
        profile = result.record.profile
        for ref in result.record.datasets:
            if not any(kind == "dataset" and (ref.key == key or ref.key.startswith(f"{key}.")
                                              or ref.key.startswith(f"{key}["))
                       for kind, key in rows):
                rows[("dataset", ref.key)] = {"kind": "dataset", "key": ref.key, "taken": True,
                                              "why": f"a dataset key of the {profile} profile or of configuration"}
        seed = result.record.seed
        if seed.key and ("seed", seed.key) not in rows:
            rows[("seed", seed.key)] = {"kind": "seed", "key": seed.key, "taken": True,
                                        "why": f"the run seed key of the {profile} profile or of configuration"}
    return list(rows.values())


def render_json(results: list[FileResult], out: TextIO, explained: list[list[Consideration]] | None = None) -> None:
    data = [as_json(result) for result in results]
    if explained is not None:
        for item, result, found in zip(data, results, explained, strict=True):
            item["considered"] = considered(result, found)
    json.dump(data, out, indent=2)
    out.write("\n")


def _value(value: Scalar) -> str:
    if value is None:
        return "null"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _status(word: str, color: bool) -> str:
    """A verdict word padded to its column, coloured by what it says (on a terminal)."""
    return painted(word, color, f"{word:<12}") if color else f"{word:<12}"


def render_text(results: list[FileResult], out: TextIO, explained: list[list[Consideration]] | None = None,
                color: bool = False) -> None:
    for number, result in enumerate(results):
        if number:
            out.write("\n")
        record = result.record
        if record is None:
            out.write(f"{result.path}: could not be read\n")
        else:
            role = "" if record.role == "training" else f", {record.role}: no run seed required"
            target = link_target(result.path)
            link = f" -> {target}" if target is not None else ""
            out.write(f"{result.path}{link}  (profile: {record.profile}{role})\n")
            if not record.applicable:
                out.write(f"  not applicable: {record.reason}\n")
            seed = record.seed
            setting = f"{seed.key} = {_value(seed.value)}" if seed.key else "no seed key"
            note = f"  ({seed.note})" if seed.note else ""
            shown = _shown(seed.origin, result.path, target)
            out.write(f"  seed         {_status(seed.status, color)} {setting}  <- {shown}{note}\n")
            for other in record.other_seeds:
                out.write(f"  other seed   {other.status:<12} {other.key} = {_value(other.value)}"
                          f"  <- {_shown(other.origin, result.path, target)}  (component seed, not the run seed)\n")
            if not record.datasets:
                out.write("  datasets     no-reference\n")
            for slot in record.supplied_at_launch:
                out.write(f"  dataset      at launch    {slot.key} = {slot.value}  <- {slot.origin}  "
                          "(supplied when the run is launched: the config does not say which data)\n")
            for ref in record.datasets:
                pinned_by = ref.digest or ref.version
                detail = f" @ {pinned_by}" if pinned_by else ""
                note = f"  ({ref.note.lstrip('; ')})" if ref.note else ""
                shown = _shown(ref.origin, result.path, target)
                evidence = f"  [{ref.evidence}]" if ref.evidence else ""
                out.write(f"  dataset      {_status(ref.pin, color)} {ref.key} = {ref.ref}{detail}  <- {shown}"
                          f"{evidence}{note}\n")
            out.write(f"  dataset pin  {painted(record.dataset_pin, color)}\n")
            if len(record.sources) > 1:
                out.write(f"  composed     {' + '.join(record.sources)}\n")
        for finding in result.active:
            where = f"{finding.path}:{finding.span.line}"
            out.write(f"  {severity(finding.code, finding.severity, color)} {finding.severity}: {finding.message}  <- "
                      f"{where}\n")
        if explained is not None:
            rows = considered(result, explained[number])
            if not rows:
                out.write("  considered   nothing: no key looked like a dataset or a seed\n")
            for row in rows:
                verdict = "taken   " if row["taken"] else "rejected"
                out.write(f"  considered   {row['kind']:<8} {verdict} {row['key']}: {row['why']}\n")
            out.write(f"  ({FORCE_HINT})\n")
