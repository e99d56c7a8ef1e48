"""``impact DATASET``: the runs that used a dataset, the models and versions they produced, the aliases that
point at those, and the configs in the repository that declare it.

The tracking server does the filtering: ``search_runs`` with ``datasets.name`` (and ``datasets.digest``)
clauses, and with the ``dataset_version.<name>`` tag ``log_lineage`` writes, across the experiments in
batches, paged; never a scan of every run on the client. Each run found becomes the gate's record
(:func:`~lineage_lint.mlflow.run_record.run_record`), which says whether it used the dataset for training
or evaluation and at which version and digest; a run whose record does not name the dataset as asked is
left out. Then the logged models those runs produced (``source_run_id IN``), the model versions that name
them (``run_id IN``, and the logged models' ``mlflow.modelVersions`` tags), each confirmed with the gate's
own resolution (:func:`~lineage_lint.mlflow.resolve.link`, then
:func:`~lineage_lint.mlflow.resolve.artifact_problem` on the run found), and each registered model's aliases,
``@champion`` first.
The backend is the REST client or an ``MlflowClient`` (:func:`lineage_lint.mlflow.client.connect`); neither
imports mlflow here.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lineage_lint.mlflow import names
from lineage_lint.mlflow.resolve import artifact_problem, link
from lineage_lint.mlflow.rest.entities import ALL
from lineage_lint.mlflow.run_record import run_record
from lineage_lint.record import DatasetRef

PAGE = 1000  # runs per search request (MLflow's largest page for search_runs is 50,000; 1,000 keeps replies small)
VERSION_PAGE = 1000
MAX_PAGES = 500  # per query: 500,000 runs; a server that never stops paging is cut off here (and said so)
EXPERIMENT_BATCH = 100
IN_BATCH = 100  # ids per `IN (...)` clause
PRIMARY_ALIAS = "champion"
WORKERS = 4  # searches in flight at once
MODEL_VERSIONS_TAG = "mlflow.modelVersions"  # on a logged model: the versions registered from it


@dataclass(frozen=True)
class DatasetQuery:
    """``NAME``, ``NAME@VERSION``, ``NAME#DIGEST`` (a digest prefix, as git abbreviates commits)."""

    name: str
    version: str | None = None
    digest: str | None = None

    @classmethod
    def parse(cls, text: str) -> DatasetQuery:
        rest, _, digest = text.strip().partition("#")
        name, at, version = rest.rpartition("@")
        if not at or "/" in version or not name:
            name, version = rest, ""
        if not name.strip():
            raise ValueError(f"cannot read dataset {text!r}: give NAME, NAME@VERSION or NAME#DIGEST")
        return cls(name.strip(), version.strip() or None, _hex(digest) or None)

    def __str__(self) -> str:
        return self.name + (f"@{self.version}" if self.version else "") + (f"#{self.digest}" if self.digest else "")

    def matches(self, ref: DatasetRef, tag_version: str | None = None) -> bool:
        if _norm(ref.ref) != _norm(self.name):
            return False
        if self.version and (ref.version or tag_version or "").strip() != self.version:
            return False
        return not self.digest or _hex(ref.digest or "").startswith(self.digest)


def _norm(name: str) -> str:
    return name.strip().rstrip("/").lower()


def _hex(digest: str) -> str:
    return digest.strip().lower().split(":", 1)[-1]


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass
class RunUse:
    run_id: str
    experiment_id: str
    run_name: str
    uses: list[str]  # training, evaluation (from datasets.context); "tag" when only a tag names it
    versions: list[str]
    digests: list[str]
    deleted: bool = False
    run: Any = field(default=None, repr=False, compare=False)  # the run as searched (for the gate's checks)

    @property
    def trains(self) -> bool:
        return "training" in self.uses or "tag" in self.uses

    def to_json(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "experiment_id": self.experiment_id, "run_name": self.run_name,
                "uses": self.uses, "versions": self.versions, "digests": self.digests, "deleted": self.deleted}


@dataclass
class VersionUse:
    name: str
    version: str
    run_id: str
    model_id: str | None
    aliases: list[str]
    trains: bool
    untraceable: str = ""  # the gate's resolution disagrees with how the version was found

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "run_id": self.run_id, "model_id": self.model_id,
                "aliases": self.aliases, "use": "training" if self.trains else "evaluation",
                "untraceable": self.untraceable or None}


@dataclass
class ConfigUse:
    path: str
    key: str
    version: str | None
    digest: str | None
    pin: str
    where: str  # file:line of the value (a base, when composed)
    matches: bool  # pins the version / digest asked about (always True when none was asked)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "key": self.key, "version": self.version, "digest": self.digest,
                "pin": self.pin, "from": self.where, "matches": self.matches}


@dataclass
class Impact:
    query: DatasetQuery
    experiments: int = 0
    runs: list[RunUse] = field(default_factory=list)
    logged_models: list[dict[str, str]] = field(default_factory=list)
    versions: list[VersionUse] = field(default_factory=list)
    configs: list[ConfigUse] | None = None  # None: no repository was searched
    requests: int = 0
    notes: list[str] = field(default_factory=list)

    def aliased(self, alias: str) -> list[VersionUse]:
        return [v for v in self.versions if alias in v.aliases]

    def to_json(self) -> dict[str, Any]:
        q = self.query
        return {
            "dataset": {"name": q.name, "version": q.version, "digest": q.digest},
            "experiments_searched": self.experiments,
            "runs": [r.to_json() for r in self.runs],
            "logged_models": list(self.logged_models),
            "model_versions": [v.to_json() for v in self.versions],
            "aliases": [{"name": v.name, "alias": a, "version": v.version} for v in self.versions for a in v.aliases],
            "configs": [c.to_json() for c in self.configs] if self.configs is not None else None,
            "requests": self.requests,
            "notes": list(self.notes),
        }


class Counted:
    """The backend, counting the requests made through it (each page is one)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.requests = 0
        self.seconds: dict[str, float] = {}  # per method: where an answer's time goes (bench_impact prints it)
        self.logged: dict[str, Any] = {}
        self._lock = threading.Lock()  # searches run side by side

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.backend, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                with self._lock:
                    self.requests += 1
                    self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

        return call

    def get_logged_model(self, model_id: str) -> Any:
        """Logged models already fetched by the search are not asked for again (the gate's resolution asks)."""
        if model_id in self.logged:
            return self.logged[model_id]
        with self._lock:
            self.requests += 1
        return self.backend.get_logged_model(model_id)


def pages(fetch: Callable[[str | None], Any], notes: list[str], what: str) -> Iterator[Any]:
    """Every item of a paged MLflow search (``fetch(page_token)``), at most :data:`MAX_PAGES` pages (a note
    says when the answer was cut)."""
    token: str | None = None
    for _ in range(MAX_PAGES):
        page = fetch(token)
        yield from page
        token = getattr(page, "token", None)
        if not token:
            return
    notes.append(f"{what}: stopped after {MAX_PAGES} pages; the answer may be incomplete")


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def experiment_ids(backend: Counted, wanted: list[str], notes: list[str]) -> list[str]:
    """The ids of the ``--experiment`` names or ids given, else of every active experiment (paged)."""
    if wanted:
        found = []
        for given in wanted:
            experiment = backend.get_experiment_by_name(given)
            if experiment is None:
                experiment = backend.get_experiment(given) if given.isdigit() else None
            if experiment is None:
                raise LookupError(f"no experiment named {given!r} on the tracking server")
            found.append(str(experiment.experiment_id))
        return found
    return [str(e.experiment_id) for e in pages(
        lambda token: backend.search_experiments(max_results=1000, page_token=token), notes, "experiments")]


def _parallel(tasks: list[Callable[[], list[Any]]]) -> list[Any]:
    """Run the searches side by side (at most :data:`WORKERS` at a time); their results in the order given.
    The server builds one reply while the client parses another: most of an answer's time is MLflow turning
    runs into JSON and back."""
    if len(tasks) <= 1:
        return [item for task in tasks for item in task()]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(WORKERS, len(tasks))) as pool:
        return [item for result in pool.map(lambda task: task(), tasks) for item in result]


def _search(backend: Counted, experiments: list[str], filters: list[str], notes: list[str]) -> list[Any]:
    """Runs matching any of ``filters`` (each a server-side search over the experiments, fetched side by
    side), deleted ones too: a version whose run was deleted was still trained on the data (and is
    untraceable now)."""
    def task(batch: list[str], filter_string: str) -> Callable[[], list[Any]]:
        return lambda: list(pages(lambda token: backend.search_runs(
            batch, filter_string=filter_string, run_view_type=ALL, max_results=PAGE, page_token=token),
            notes, "runs"))

    return _parallel([task(batch, f) for f in filters for batch in _batches(experiments, EXPERIMENT_BATCH)])


def find_runs(backend: Counted, experiments: list[str], query: DatasetQuery, notes: list[str]) -> list[RunUse]:
    clauses = [f"datasets.name = {_quote(query.name)}"]
    if query.digest:
        clauses.append(f"datasets.digest LIKE {_quote(query.digest + '%')}")
    tag = f"{names.DATASET_VERSION}.{names.tag_safe(query.name)}"
    tag_clause = f"tags.`{tag}` = {_quote(query.version)}" if query.version else f"tags.`{tag}` LIKE '%'"
    found: dict[str, Any] = {}
    for run in _search(backend, experiments, [" AND ".join(clauses), tag_clause], notes):
        found.setdefault(run.info.run_id, run)
    uses = []
    for run in found.values():
        use = _run_use(run, query, tag)
        if use is not None:
            uses.append(use)
    return sorted(uses, key=lambda u: (u.experiment_id, u.run_name, u.run_id))


def _run_use(run: Any, query: DatasetQuery, tag: str) -> RunUse | None:
    """How the run used the dataset, by the gate's own record of it; None when it did not (as asked)."""
    record = run_record(run).record
    tag_version = (run.data.tags or {}).get(tag)
    refs = [ref for ref in record.datasets if query.matches(ref, tag_version)]
    uses = sorted({"training" if ref.trains else "evaluation" for ref in refs})
    versions = sorted({ref.version or tag_version or "" for ref in refs} - {""})
    digests = sorted({ref.digest for ref in refs if ref.digest})
    if not refs:
        if tag_version is None or query.digest or (query.version and tag_version.strip() != query.version):
            return None
        uses, versions = ["tag"], [tag_version]  # a tag names it, no input does: reported, fail closed
    deleted = str(getattr(run.info, "lifecycle_stage", "active")) == "deleted"
    return RunUse(run.info.run_id, str(run.info.experiment_id), str(getattr(run.info, "run_name", "") or ""),
                  uses, versions, digests, deleted, run)


def find_versions(backend: Counted, experiments: list[str], runs: list[RunUse],
                  notes: list[str]) -> tuple[list[dict[str, str]], list[VersionUse]]:
    by_run = {run.run_id: run for run in runs}
    ids = list(by_run)
    def models_of(in_clause: str) -> Callable[[], list[Any]]:
        return lambda: [("logged", model) for model in pages(lambda token: backend.search_logged_models(
            experiment_ids=experiments, filter_string=f"source_run_id IN ({in_clause})", max_results=100,
            page_token=token), notes, "logged models")]

    def versions_of(in_clause: str) -> Callable[[], list[Any]]:
        return lambda: [("version", version) for version in pages(lambda token: backend.search_model_versions(
            filter_string=f"run_id IN ({in_clause})", max_results=VERSION_PAGE, page_token=token), notes,
            "model versions")]

    clauses = [", ".join(_quote(i) for i in batch) for batch in _batches(ids, IN_BATCH)]
    found = _parallel([*(models_of(c) for c in clauses), *(versions_of(c) for c in clauses)])
    logged = [item for kind, item in found if kind == "logged"]
    for model in logged:
        backend.logged[str(model.model_id)] = model
    candidates: dict[tuple[str, str], Any] = {}
    for kind, version in found:
        if kind == "version":
            candidates.setdefault((str(version.name), str(version.version)), version)
    # MLflow sets a version's run_id from its logged model's source run unless the client sends another; the
    # logged model's `mlflow.modelVersions` tag (set by the server on registration) also names the versions
    # whose run_id says otherwise: those are fetched, and the gate's resolution below judges them.
    for model in logged:
        for named in _tagged_versions(model):
            if named not in candidates:
                candidates[named] = backend.get_model_version(*named)
    aliases = _aliases(backend, sorted({name for name, _ in candidates}))
    uses = []
    for (name, number), version in sorted(candidates.items(), key=lambda item: (item[0][0], int(item[0][1]))):
        linked = link(backend, version)  # the gate's resolution: the run the artifacts come from
        run_id, why = linked.run_id, linked.why
        claimed = str(getattr(version, "run_id", "") or "")
        if run_id is not None and run_id not in by_run:
            continue  # its artifacts come from a run that did not use the dataset
        shown = run_id or claimed
        trains = by_run[shown].trains if shown in by_run else True
        if not why and shown in by_run:
            searched = by_run[shown]
            if searched.deleted:
                why = f"its run {shown} is deleted"
            elif searched.run is not None:  # the gate's check that the artifacts are that run's
                why = artifact_problem(linked, searched.run)
        uses.append(VersionUse(name, number, shown, getattr(version, "model_id", None) or None,
                               aliases.get((name, number), []), trains, why))
    return ([{"model_id": str(m.model_id), "name": str(m.name), "run_id": str(m.source_run_id)} for m in logged],
            uses)


def _tagged_versions(model: Any) -> list[tuple[str, str]]:
    try:
        named = json.loads((getattr(model, "tags", None) or {}).get(MODEL_VERSIONS_TAG) or "[]")
    except ValueError:
        return []
    return [(str(item["name"]), str(item["version"])) for item in named if isinstance(item, dict)
            and "name" in item and "version" in item] if isinstance(named, list) else []


def _aliases(backend: Counted, model_names: list[str]) -> dict[tuple[str, str], list[str]]:
    def task(name: str) -> Callable[[], list[Any]]:
        return lambda: [(name, getattr(backend.get_registered_model(name), "aliases", None) or {})]

    found: dict[tuple[str, str], list[str]] = {}
    for name, aliases in _parallel([task(name) for name in model_names]):
        for alias, version in aliases.items():
            found.setdefault((name, str(version)), []).append(str(alias))
    return {key: sorted(value, key=lambda a: (a != PRIMARY_ALIAS, a)) for key, value in found.items()}


def on_server(backend: Any, query: DatasetQuery, wanted_experiments: list[str],
              counted: Counted | None = None) -> Impact:
    counted = counted or Counted(backend)
    impact = Impact(query)
    experiments = experiment_ids(counted, wanted_experiments, impact.notes)
    impact.experiments = len(experiments)
    impact.runs = find_runs(counted, experiments, query, impact.notes) if experiments else []
    if impact.runs:
        impact.logged_models, impact.versions = find_versions(counted, experiments, impact.runs, impact.notes)
    impact.versions.sort(key=lambda v: (PRIMARY_ALIAS not in v.aliases, not v.aliases, v.name, int(v.version)))
    impact.requests = counted.requests
    return impact


def in_repository(results: list[tuple[str, Any]], query: DatasetQuery, root: Path) -> list[ConfigUse]:
    """The configs (repository path, engine result) that declare the dataset, each with what it pins (and
    where, from the repository's root)."""
    found = []
    for path, result in results:
        record = result.record
        if record is None or not record.applicable:
            continue
        for ref in record.datasets:
            if _norm(ref.ref) != _norm(query.name):
                continue
            matches = query.matches(ref) if (query.version or query.digest) else True
            where = ref.origin.file
            if os.path.isabs(where):
                where = Path(os.path.relpath(where, root)).as_posix()
            found.append(ConfigUse(path, ref.key, ref.version, ref.digest, ref.pin, f"{where}:{ref.origin.span.line}",
                                   matches))
    return sorted(found, key=lambda c: (c.path, c.where))
