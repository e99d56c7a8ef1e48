"""Runs traced from registered versions, kept by the server plugin for the alias and stage moves that judge
the same version again: such a move reads the version's row and judges the kept run, instead of reading the
logged model, the run and its inputs again. The judgement itself is made afresh every time.

A kept run is what the database holds, for these reasons (each is needed; a change to one is a change here):

- it is found by the version's identity, read again from the database on every move: name, number, creation
  time, source and run. A version deleted and made again, even under the same number, is another key; MLflow
  never undeletes a version, so a version read now and when its run was kept has stood on that run throughout;
- while a version stands on them, the plugin refuses every change to what the judgement reads
  (:mod:`lineage_lint.mlflow.freeze`): the run's lineage fields and the tags and params the policies name, its
  dataset inputs, its deletion and its experiment's, the logged model's deletion. The rest (ids, artifact
  locations, a logged model's run and experiment) MLflow never changes;
- runs are kept only when every policy in force is a preset (whose judgement reads lineage fields only; a
  policy file may judge a tag the freeze does not know of), with the configuration's additions, which name
  what they require; only for versions traced directly to their run or logged model (a copy depends on the
  version it copies, which can be deleted); and only for versions older than :data:`SETTLE_SECONDS`, so that
  an edit judged before the version existed and written after it cannot be under a kept run;
- each server process keeps its own: no invalidation between workers is needed, since nothing above depends on
  one. At most :data:`SIZE` runs, each for at most :data:`KEEP_SECONDS`, none of more than
  :data:`MAX_RUN_CHARACTERS` characters of fields (a bulky run is read again on each move), and at most
  :data:`MAX_KEPT_CHARACTERS` characters of fields together (the least recently used let go first).

A kept run's verdicts are kept with it (:meth:`Kept.verdict`), by policy and by what of the version the
judgement reads besides the run (its description; its name and number are in the key): the judgement is a
function of the run, those fields, the policy and the server's settings, none of which can change under a
kept run, so judging it again would give the same verdict.

A write that bypasses the server (the database itself) is outside this, as it is outside the plugin.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from lineage_lint.mlflow.resolve import logged_model_id

SETTLE_SECONDS = 60.0
KEEP_SECONDS = 600.0
SIZE = 4096
# A run with more than this many characters of fields is not kept (read again on each move): any writer may log
# thousands of long params, and SIZE such runs would exhaust the server process's memory. Ordinary runs hold a
# few kilobytes; SIZE runs of this size are 4 GB at most.
MAX_RUN_CHARACTERS = 1_000_000
# And all the runs one process keeps hold at most this many characters of fields together (the oldest kept
# are let go first): SIZE runs just under MAX_RUN_CHARACTERS would otherwise be 4 GB.
MAX_KEPT_CHARACTERS = 64_000_000
Key = tuple[str, str, int, str, str]
T = TypeVar("T")


def identity(version: Any) -> Key | None:
    """A version's identity, or None for a version whose run is not kept (a copy, or no run or time)."""
    created, run_id = getattr(version, "creation_timestamp", None), getattr(version, "run_id", None)
    source = str(getattr(version, "source", "") or "")
    copy = source.startswith("models:/") and logged_model_id(version) is None
    if not created or not run_id or copy:
        return None
    return str(version.name), str(version.version), int(created), source, str(run_id)


def fields_size(run: Any) -> int:
    """The characters of a run's fields the judgement reads: its tags, params and dataset inputs."""
    data = getattr(run, "data", None)
    inputs = getattr(getattr(run, "inputs", None), "dataset_inputs", None) or []
    pairs = [*dict(getattr(data, "tags", None) or {}).items(), *dict(getattr(data, "params", None) or {}).items()]
    size = sum(len(str(key)) + len(str(value or "")) for key, value in pairs)
    for each in inputs:
        dataset = each.dataset
        size += sum(len(str(getattr(dataset, name, "") or "")) for name in ("name", "digest", "source_type", "source"))
        size += sum(len(str(tag.key)) + len(str(tag.value or "")) for tag in each.tags or [])
    return size


class Kept:
    """A kept run, and the verdicts given on it."""

    def __init__(self, run: Any, size: int = 0) -> None:
        self.run, self.since, self.size = run, time.monotonic(), size  # size: fields_size(run)
        self._verdicts: dict[Hashable, Any] = {}

    def verdict(self, key: Hashable, judge: Callable[[], T]) -> T:
        """``judge()``'s answer on this run for ``key`` (the policy and the version's fields the judgement
        reads besides the run), given once."""
        if key not in self._verdicts:
            self._verdicts[key] = judge()
        found: T = self._verdicts[key]
        return found


class TracedRuns:
    """The kept runs of one server process."""

    def __init__(self, enabled: bool, settle_seconds: float = SETTLE_SECONDS) -> None:
        self.enabled, self.settle = enabled, settle_seconds
        self._kept: OrderedDict[Key, Kept] = OrderedDict()
        self.characters = 0  # the kept runs' fields_size, together
        self._lock = threading.Lock()

    def kept(self, version: Any) -> Kept | None:
        """What is kept for ``version`` (its identity as read now), or None."""
        key = identity(version) if self.enabled else None
        if key is None:
            return None
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if time.monotonic() - kept.since > KEEP_SECONDS:
                self._drop(key)
                return None
            self._kept.move_to_end(key)
            return kept

    def keep(self, version: Any, run: Any) -> None:
        """Keep ``run``, just traced from ``version``, if the version may have it kept."""
        key = identity(version) if self.enabled else None
        if key is None or time.time() - key[2] / 1000 < self.settle:
            return
        size = fields_size(run)
        if size > MAX_RUN_CHARACTERS:
            return
        with self._lock:
            if key in self._kept:
                self._drop(key)
            self._kept[key] = Kept(run, size)
            self.characters += size
            while len(self._kept) > SIZE or self.characters > MAX_KEPT_CHARACTERS:
                self._drop(next(iter(self._kept)))  # the least recently used

    def _drop(self, key: Key) -> None:
        self.characters -= self._kept.pop(key).size


class Verdicts:
    """Verdicts given by one server process, by policy and by everything the judgement read of the run and the
    version (:func:`lineage_lint.mlflow.run_record.read_fields`): a judgement is a function of those, the
    policy and the server's settings (fixed while it runs), so the same key is the same verdict however and
    whenever its run was read. No run is kept here, only the sha256 of what was read and the verdict on it: a run
    read again with one field changed is another key. At most :data:`SIZE`, the least recently given dropped."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._given: OrderedDict[bytes, tuple[Any, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def given(self, key: Hashable, judge: Callable[[], list[T]]) -> list[T]:
        """``judge()``'s answer for ``key`` (tuples of strings, numbers and None), given once. It is kept by the
        sha256 of the key's ``repr`` (one text per key), not by the key: a run's fields can be megabytes (any
        writer may log thousands of long params), and keeping thousands of them would exhaust the server's
        memory."""
        key = hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).digest()
        with self._lock:
            found = self._given.get(key)
            if found is not None:
                self._given.move_to_end(key)
                return list(found)
        answer = judge()
        with self._lock:
            self._given[key] = tuple(answer)
            while len(self._given) > self.size:
                self._given.popitem(last=False)
        return answer
