"""The record diff: two lineage records (a config at a revision, or a model version's run) compared layer by
layer. It serves ``lineage-lint diff A B``, ``diff --rev BASE..HEAD`` and the Action's pull-request comment.

Layers:

- **data**: datasets added, removed, or with a version, digest or pin strength changed (a dataset is the
  same one when its name is, and it is used the same way: training or evaluation);
- **code**: the commit and the working tree of a run; for configs, the files among its sources that changed
  and bases added to or dropped from its composition; ``code_detail`` adds what the repository knows;
- **experiment**: the seed, the params (runs), and the metrics that moved (with the delta);
- **artifact**: the model version, its run, aliases, registration time and the gate's audit tags.

Metrics and the artifact layer describe outcomes, not lineage: they are reported but never make two
lineages differ (:attr:`Change.lineage`). Nothing here imports mlflow: run sides are built elsewhere from
the gate's own records.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from lineage_lint.record import DatasetRef, LineageRecord, SeedVerdict

Layer = Literal["data", "code", "experiment", "artifact"]
Kind = Literal["added", "removed", "changed", "same"]
LAYERS: tuple[Layer, ...] = ("data", "code", "experiment", "artifact")
AUDIT_PREFIX = "lineage_lint."  # the gate's audit tags on a model version (lineage_lint.mlflow.names)


@dataclass
class ModelInfo:
    """A registered model version as the artifact layer shows it."""

    name: str
    version: str
    aliases: list[str] = field(default_factory=list)
    created: int | None = None  # milliseconds since the epoch (MLflow's creation_timestamp)
    model_id: str | None = None
    audit_tags: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "aliases": list(self.aliases), "created": self.created,
                "model_id": self.model_id, "audit_tags": dict(self.audit_tags)}


@dataclass
class Side:
    """One side of a diff: what was given, and its record (None: the config does not exist at that revision)."""

    label: str
    kind: Literal["config", "run"]
    record: LineageRecord | None
    commit: str | None = None  # the revision a config was read at; a run's code commit
    run_id: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    model: ModelInfo | None = None

    @property
    def config_path(self) -> str | None:
        if self.kind == "config":
            return self.record.path if self.record else None
        return self.record.config.path if self.record and self.record.config else None

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "kind": self.kind, "commit": self.commit, "run_id": self.run_id,
                "model": self.model.to_json() if self.model else None,
                "record": self.record.to_json() if self.record else None}


@dataclass(frozen=True)
class Change:
    """One difference (or, with ``kind`` same, one thing compared and found equal)."""

    layer: Layer
    what: str  # dataset, seed, param, metric, commit, tree, config, source, composition, version, run, alias...
    key: str
    kind: Kind
    text: str
    old: Any = None
    new: Any = None
    delta: float | None = None
    lineage: bool = True  # False: an outcome (metrics, the artifact layer), reported but not lineage

    def to_json(self) -> dict[str, Any]:
        return {"layer": self.layer, "what": self.what, "key": self.key, "change": self.kind, "text": self.text,
                "old": self.old, "new": self.new, "delta": self.delta, "lineage": self.lineage}


@dataclass
class RecordDiff:
    """Two sides and every comparison made between them."""

    a: Side
    b: Side
    changes: list[Change] = field(default_factory=list)
    commits: tuple[int, int] | None = None  # (ahead, behind): commits of b not in a, and of a not in b
    config: RecordDiff | None = None  # a run's training config, read at the two commits
    notes: list[str] = field(default_factory=list)
    undecided: str = ""  # why the two could not be compared (a side that cannot be read): exit 2

    @property
    def differs(self) -> bool:
        return any(change.lineage and change.kind != "same" for change in self.changes)

    def layer(self, layer: Layer, everything: bool = False) -> list[Change]:
        return [c for c in self.changes if c.layer == layer and (everything or c.kind != "same")]

    @property
    def summary(self) -> str:
        """One line in plain words: what changed, and what is the same."""
        if self.undecided:
            return f"cannot compare: {self.undecided}"
        if self.a.record is None and self.b.record is not None:
            return f"new config: {self.b.record.path}"
        if self.b.record is None and self.a.record is not None:
            return f"config removed: {self.a.record.path}"
        moved = [c for c in self.changes if c.kind != "same"]
        params = sum(1 for c in moved if c.what == "param")
        runs = self.a.kind == self.b.kind == "run"
        parts = {
            "data": any(c.layer == "data" for c in moved),
            # a run's code is its commit; a config's is what it is composed from (its own text is the record)
            ("code" if runs else "composition"): any(c.layer == "code" and c.lineage for c in moved),
            "seed": any(c.what == "seed" for c in moved),
        }
        changed = [name for name, moved_ in parts.items() if moved_]
        same = [name for name, moved_ in parts.items() if not moved_]
        if params:
            changed.append(f"{params} param{'s' * (params != 1)}")
        elif runs:
            same.append("params")
        metrics = sum(1 for c in moved if c.what == "metric")
        tail = f"; {metrics} metric{'s' * (metrics != 1)} moved" if metrics else ""
        if not changed:
            return f"same lineage: {_words(same)} {'is' if len(same) == 1 else 'are'} the same{tail}"
        line = f"{_words(changed)} changed"
        if same:
            line += f"; {_words(same)} {'is' if len(same) == 1 else 'are'} the same"
        return line + tail

    def to_json(self, everything: bool = False) -> dict[str, Any]:
        return {
            "a": self.a.to_json(), "b": self.b.to_json(), "differs": self.differs, "summary": self.summary,
            "layers": {layer: [c.to_json() for c in self.layer(layer, everything)] for layer in LAYERS},
            "commits": {"ahead": self.commits[0], "behind": self.commits[1]} if self.commits else None,
            "config": self.config.to_json(everything) if self.config else None,
            "notes": list(self.notes),
            "undecided": self.undecided or None,
        }


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def diff(a: Side, b: Side) -> RecordDiff:
    """Compare two sides' records (the code layer's repository detail is added by the caller)."""
    result = RecordDiff(a, b)
    old, new = a.record, b.record
    if old is None or new is None:
        present = old or new
        assert present is not None, "at least one side has a record"
        kind: Kind = "added" if old is None else "removed"
        result.changes.append(Change("code", "config", present.path, kind,
                                     f"config {present.path} {'added' if old is None else 'removed'}",
                                     None if old is None else present.path, present.path if old is None else None))
        empty = LineageRecord(present.path, present.profile, SeedVerdict("missing", present.seed.origin))
        old, new = (empty, new) if old is None else (old, empty)
        assert old is not None and new is not None
    result.changes += _data(old.datasets, new.datasets)
    result.changes += _code(a, b, old, new)
    result.changes += _experiment(a, b, old, new)
    result.changes += _artifact(a, b)
    return result


# --- data ---------------------------------------------------------------------------------------------


def _name(ref: str) -> str:
    return ref.strip().rstrip("/").lower()


def _pinned(ref: DatasetRef) -> str:
    if ref.pin == "none":
        return "unpinned"
    if ref.pin == "floating":
        return f"floating: {ref.version or ref.digest}"
    shown = ref.version or ""
    if ref.digest:
        shown += (" " if shown else "") + f"#{ref.digest}"
    return f"{shown}, {ref.pin}" if shown else ref.pin


def _dataset_json(ref: DatasetRef) -> dict[str, Any]:
    return {"ref": ref.ref, "version": ref.version, "digest": ref.digest, "pin": ref.pin, "context": ref.context}


def _data(old: list[DatasetRef], new: list[DatasetRef]) -> list[Change]:
    def grouped(refs: list[DatasetRef]) -> dict[tuple[str, bool], list[DatasetRef]]:
        groups: dict[tuple[str, bool], list[DatasetRef]] = {}
        for ref in refs:
            groups.setdefault((_name(ref.ref), ref.trains), []).append(ref)
        return groups

    before, after = grouped(old), grouped(new)
    changes: list[Change] = []
    for key in dict.fromkeys([*before, *after]):
        olds, news = before.get(key, []), after.get(key, [])
        for index in range(max(len(olds), len(news))):
            was = olds[index] if index < len(olds) else None
            now = news[index] if index < len(news) else None
            changes.append(_dataset_change(was, now))
    return changes


def _dataset_change(was: DatasetRef | None, now: DatasetRef | None) -> Change:
    ref = now or was
    assert ref is not None
    use = "" if ref.trains else "evaluation "
    name = f"{use}dataset `{ref.ref}`"
    if was is None:
        assert now is not None
        return Change("data", "dataset", now.ref, "added", f"new {name} ({_pinned(now)})", None, _dataset_json(now))
    if now is None:
        return Change("data", "dataset", was.ref, "removed", f"{name} removed (was {_pinned(was)})",
                      _dataset_json(was), None)
    parts = []
    if (was.version or "") != (now.version or ""):
        parts.append(f"{was.version or 'no version'} → {now.version or 'no version'}")
    if (was.digest or "").lower() != (now.digest or "").lower():
        parts.append(f"digest {was.digest or 'none'} → {now.digest or 'none'}")
    if was.pin != now.pin:
        parts.append(f"pin {was.pin} → {now.pin}")
    if not parts:
        return Change("data", "dataset", now.ref, "same", f"{name} {_pinned(now)}", _dataset_json(was),
                      _dataset_json(now))
    return Change("data", "dataset", now.ref, "changed", f"{name} " + ", ".join(parts), _dataset_json(was),
                  _dataset_json(now))


# --- code ---------------------------------------------------------------------------------------------


def _short(commit: str | None) -> str:
    return commit[:12] if commit else "unknown"


def _code(a: Side, b: Side, old: LineageRecord, new: LineageRecord) -> list[Change]:
    changes: list[Change] = []
    if a.kind == b.kind == "config":
        if a.commit != b.commit:
            changes.append(Change("code", "commit", "revision", "changed",
                                  f"read at {_short(a.commit)} → {_short(b.commit)}", a.commit, b.commit,
                                  lineage=False))
        if a.record is not None and b.record is not None:
            for source in new.sources[1:]:
                if source not in old.sources:
                    changes.append(Change("code", "composition", source, "added", f"now composed from {source}",
                                          None, source))
            for source in old.sources[1:]:
                if source not in new.sources:
                    changes.append(Change("code", "composition", source, "removed", f"no longer composed from "
                                          f"{source}", source, None))
        return changes
    old_commit = old.code.commit if old.code else a.commit
    new_commit = new.code.commit if new.code else b.commit
    if (old_commit or "") != (new_commit or ""):
        changes.append(Change("code", "commit", "commit", "changed",
                              f"commit {_short(old_commit)} → {_short(new_commit)}", old_commit, new_commit))
    else:
        changes.append(Change("code", "commit", "commit", "same", f"commit {_short(new_commit)}", old_commit,
                              new_commit))
    old_tree, new_tree = (old.code.tree if old.code else "unknown"), (new.code.tree if new.code else "unknown")
    changes.append(Change("code", "tree", "tree", "same" if old_tree == new_tree else "changed",
                          f"working tree {old_tree}" if old_tree == new_tree else f"working tree {old_tree} → "
                          f"{new_tree}", old_tree, new_tree))
    old_path, new_path = a.config_path, b.config_path
    old_sha = old.config.sha256 if old.config else None
    new_sha = new.config.sha256 if new.config else None
    if (old_path, old_sha) != (new_path, new_sha):
        text = (f"config {old_path or 'not named'} → {new_path or 'not named'}" if old_path != new_path else
                f"config {new_path} sha256 {(old_sha or 'none')[:12]} → {(new_sha or 'none')[:12]}")
        changes.append(Change("code", "config", "config", "changed", text, old_path, new_path))
    elif new_path:
        changes.append(Change("code", "config", "config", "same", f"config {new_path}", old_path, new_path))
    return changes


def source_changes(files: list[str]) -> list[Change]:
    """The files among a config's sources that differ between the two commits (from the repository). What
    they changed in the lineage is in the other changes: a file's text alone is not lineage."""
    return [Change("code", "source", name, "changed", f"{name} changed", None, None, lineage=False)
            for name in files]


# --- experiment ---------------------------------------------------------------------------------------


def _seed_text(seed: SeedVerdict) -> str:
    if seed.status == "declared":
        return str(seed.value)
    if seed.key is None:
        return seed.status
    return f"{seed.status} ({seed.key} = {seed.value})"


def _experiment(a: Side, b: Side, old: LineageRecord, new: LineageRecord) -> list[Change]:
    changes: list[Change] = []
    was, now = _seed_text(old.seed), _seed_text(new.seed)
    changes.append(Change("experiment", "seed", "seed", "same" if was == now else "changed",
                          f"seed {now}" if was == now else f"seed {was} → {now}", old.seed.value, new.seed.value))
    if old.params is not None and new.params is not None:
        skip = {key for key in (old.seed.key, new.seed.key) if key and old.seed.origin.field.startswith("params")}
        for key in sorted(set(old.params) | set(new.params)):
            if key in skip:
                continue
            before, after = old.params.get(key), new.params.get(key)
            if before == after:
                changes.append(Change("experiment", "param", key, "same", f"param {key} = {after}", before, after))
            elif before is None:
                changes.append(Change("experiment", "param", key, "added", f"param {key} = {after} (new)", None,
                                      after))
            elif after is None:
                changes.append(Change("experiment", "param", key, "removed", f"param {key} removed (was {before})",
                                      before, None))
            else:
                changes.append(Change("experiment", "param", key, "changed", f"param {key} {before} → {after}",
                                      before, after))
    for key in sorted(set(a.metrics) | set(b.metrics)):
        first, second = a.metrics.get(key), b.metrics.get(key)
        if first is None or second is None:
            kind: Kind = "added" if first is None else "removed"
            shown = second if first is None else first
            changes.append(Change("experiment", "metric", key, kind, f"metric {key} = {_num(shown)} "
                                  f"({'only in ' + (b.label if first is None else a.label)})", first, second,
                                  lineage=False))
            continue
        delta = second - first
        if first == second or (math.isnan(first) and math.isnan(second)):
            changes.append(Change("experiment", "metric", key, "same", f"metric {key} = {_num(second)}", first,
                                  second, 0.0, lineage=False))
        else:
            changes.append(Change("experiment", "metric", key, "changed", f"metric {key} {_num(first)} → "
                                  f"{_num(second)} ({'+' if delta > 0 else ''}{_num(delta)})", first, second,
                                  delta, lineage=False))
    return changes


def _num(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:.6g}"


# --- artifact -----------------------------------------------------------------------------------------


def _artifact(a: Side, b: Side) -> list[Change]:
    changes: list[Change] = []

    def add(what: str, key: str, values: tuple[Any, Any], text_same: str, text_changed: str) -> None:
        before, after = values
        kind: Kind = "same" if before == after else "changed"
        changes.append(Change("artifact", what, key, kind, text_same if kind == "same" else text_changed,
                              before, after, lineage=False))

    if a.run_id or b.run_id:
        add("run", "run", (a.run_id, b.run_id), f"run {a.run_id}", f"run {a.run_id or 'none'} → {b.run_id or 'none'}")
    ma, mb = a.model, b.model
    if ma is None and mb is None:
        return changes
    label_a = f"{ma.name}/{ma.version}" if ma else "none"
    label_b = f"{mb.name}/{mb.version}" if mb else "none"
    add("version", "version", (label_a, label_b), f"version {label_b}", f"version {label_a} → {label_b}")
    aliases_a = sorted(ma.aliases) if ma else []
    aliases_b = sorted(mb.aliases) if mb else []
    shown_a = " ".join(f"@{x}" for x in aliases_a) or "no alias"
    shown_b = " ".join(f"@{x}" for x in aliases_b) or "no alias"
    add("alias", "aliases", (aliases_a, aliases_b), f"aliases {shown_b}", f"aliases {shown_a} → {shown_b}")
    created_a, created_b = (ma.created if ma else None), (mb.created if mb else None)
    add("registered", "registered", (created_a, created_b), f"registered {_when(created_b)}",
        f"registered {_when(created_a)} → {_when(created_b)}")
    tags_a, tags_b = (ma.audit_tags if ma else {}), (mb.audit_tags if mb else {})
    for key in sorted(set(tags_a) | set(tags_b)):
        before, after = tags_a.get(key), tags_b.get(key)
        if key == AUDIT_PREFIX + "history":  # a JSON list of past actions: compared by how many there were
            before, after = _actions(before), _actions(after)
        add("audit", key, (before, after), f"{key} = {after}", f"{key} {before or 'unset'} → {after or 'unset'}")
    return changes


def _actions(history: str | None) -> str | None:
    """``lineage_lint.history`` (a JSON list) as "3 actions, the last: alias @champion"."""
    if history is None:
        return None
    try:
        items = json.loads(history)
    except ValueError:
        return "unreadable"
    if not isinstance(items, list) or not items:
        return "no actions"
    last = items[-1].get("action", "?") if isinstance(items[-1], dict) else "?"
    return f"{len(items)} action{'s' * (len(items) != 1)}, the last: {last}"


def _when(millis: int | None) -> str:
    if millis is None:
        return "unknown"
    import datetime

    moment = datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
