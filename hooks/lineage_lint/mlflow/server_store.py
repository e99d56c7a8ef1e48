"""The server plugin's lookups, served by the server's own stores (no HTTP round trip to itself).

What a check reads (a run, a logged model, a version) goes through :mod:`lineage_lint.mlflow.store_reads`
when the stores are MLflow's SQLAlchemy stores, through the stores' public API otherwise. The questions the
freeze asks (which versions stand on a run, a logged model, an experiment) are one query each on SQL stores;
on other stores they page through every version.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

from lineage_lint.mlflow.store_reads import LeanRegistry, LeanTracking, lean_registry, lean_tracking

LOG = logging.getLogger("lineage_lint.gate")
_PAGE = 1000  # versions per page when a store is paged through (MLflow's search limit is 10,000)
_CHUNK = 500  # ids per IN (...) list: SQLite's default limit is 999 bound parameters


def all_tags(entity: Any) -> dict[str, Any]:
    """An MLflow entity's tags, the ones its ``tags`` property hides included (``mlflow.prompt.*``)."""
    return dict(getattr(entity, "_tags", None) or getattr(entity, "tags", None) or {})


def aliases(version: Any) -> list[str]:
    """The aliases of a version read by :meth:`StoreBackend.get_model_version` (lean or through the store)."""
    return [str(alias) for alias in getattr(version, "aliases", None) or []]


def _chunks(ids: Iterable[str]) -> Iterator[set[str]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield set(ordered[start:start + _CHUNK])


def model_source(model_id: str) -> set[str]:
    """The sources a version registered from logged model ``model_id`` can carry."""
    return {f"models:/{model_id}", f"models:/{model_id}/"}


class StoreBackend:
    """The gate's lookups (the :class:`lineage_lint.mlflow.resolve.Backend` protocol and the freeze's questions)
    on the server's tracking and registry stores."""

    def __init__(self) -> None:
        from mlflow.server import handlers

        self._handlers: Any = handlers  # the server's store accessors (what MLflow's own handlers use)
        self._lean: tuple[LeanTracking | None, LeanRegistry | None] | None = None

    @property
    def tracking(self) -> Any:
        return self._handlers._get_tracking_store()

    @property
    def registry(self) -> Any:
        return self._handlers._get_model_registry_store()

    def lean(self) -> tuple[LeanTracking | None, LeanRegistry | None]:
        """The lean readers of this process's stores (made on first use: the stores open their connections
        in the worker, never in the process that forks it)."""
        if self._lean is None:
            self._lean = (lean_tracking(self.tracking), lean_registry(self.registry))
            LOG.info("lineage-lint gate: reads the tracking store %s, the registry %s",
                     "with lean SQL" if self._lean[0] else "through its API",
                     "with lean SQL" if self._lean[1] else "through its API")
        return self._lean

    def describe_reads(self) -> str:
        tracking, registry = self.lean()
        return (f"tracking store read {'with lean SQL' if tracking else 'through its API'}, registry "
                f"{'with lean SQL' if registry else 'through its API'}")

    # --- the resolution's lookups ---------------------------------------------------------------------------

    def get_run(self, run_id: str) -> Any:
        tracking = self.lean()[0]
        return tracking.get_run(run_id) if tracking else self.tracking.get_run(run_id)

    def get_logged_model(self, model_id: str) -> Any:
        tracking = self.lean()[0]
        return tracking.get_logged_model(model_id) if tracking else self.tracking.get_logged_model(model_id)

    def get_model_version(self, name: str, version: str) -> Any:
        registry = self.lean()[1]
        return registry.get_model_version(name, version) if registry else self.registry.get_model_version(name,
                                                                                                          version)

    def get_model_version_by_alias(self, name: str, alias: str) -> Any:
        registry = self.lean()[1]
        return (registry.get_model_version_by_alias(name, alias) if registry
                else self.registry.get_model_version_by_alias(name, alias))

    def get_registered_model(self, name: str) -> Any:
        return self.registry.get_registered_model(name)

    # --- what stands on what ------------------------------------------------------------------------------

    def _every_version(self) -> Iterator[Any]:
        token = None
        while True:
            page = self.registry.search_model_versions(max_results=_PAGE, page_token=token)
            yield from page
            token = getattr(page, "token", None)
            if not token:
                return

    def versions_on(self, run_ids: Iterable[str] = (), model_ids: Iterable[str] = (),
                    limit: int | None = None) -> list[Any]:
        """The registered versions (with ``name``, ``version``, ``source``, ``run_id``) whose run is one of
        ``run_ids`` or whose source is one of the logged models ``model_ids``. MLflow fills a version's
        ``run_id`` from its logged model's source run, so versions registered by ``model_id`` have it too."""
        sources = set().union(*(model_source(model_id) for model_id in model_ids))
        return self._versions(set(run_ids), sources, limit)

    def versions_with_sources(self, sources: Iterable[str]) -> list[Any]:
        """The registered versions whose source is one of ``sources``."""
        return self._versions(set(), set(sources), None)

    def _versions(self, runs: set[str], sources: set[str], limit: int | None) -> list[Any]:
        registry = self.lean()[1]
        found: list[Any] = []
        if registry is not None:
            for chunk in _chunks(runs | sources):
                found += registry.versions_where(run_ids=chunk & runs, sources=chunk & sources, limit=limit)
                if limit and len(found) >= limit:
                    break
        elif len(runs) == 1 and not sources:
            run_id = next(iter(runs))
            found = list(self.registry.search_model_versions(filter_string=f"run_id = '{run_id}'",
                                                             max_results=limit or _PAGE))
        elif runs or sources:
            for version in self._every_version():
                if str(version.run_id or "") in runs or str(version.source or "") in sources:
                    found.append(version)
                    if limit and len(found) >= limit:
                        break
        return found[:limit] if limit else found

    def versions_of_run(self, run_id: str) -> list[Any]:
        """The first registered version standing on run ``run_id`` (an empty list when none does)."""
        return self.versions_on(run_ids=[run_id], limit=1)

    def every_version(self) -> list[Any]:
        """Every registered version that is not deleted (name, version, source, run_id)."""
        registry = self.lean()[1]
        if registry is not None:
            return registry.every_version()
        return list(self._every_version())

    def contents_of_experiment(self, experiment_id: str) -> tuple[set[str], set[str]]:
        """The runs and the logged models of an experiment (deleted ones included)."""
        tracking = self.lean()[0]
        if tracking is not None:
            return tracking.runs_of_experiment(experiment_id), tracking.models_of_experiment(experiment_id)
        from mlflow.entities import ViewType

        runs: set[str] = set()
        token = None
        while True:
            page = self.tracking.search_runs([experiment_id], "", ViewType.ALL, max_results=_PAGE, page_token=token)
            runs.update(run.info.run_id for run in page)
            token = getattr(page, "token", None)
            if not token:
                break
        models: set[str] = set()
        token = None
        while True:
            found = self.tracking.search_logged_models(experiment_ids=[experiment_id], max_results=_PAGE,
                                                       page_token=token)
            models.update(model.model_id for model in found)
            token = getattr(found, "token", None)
            if not token:
                return runs, models

    # --- after a refusal ----------------------------------------------------------------------------------

    def remove_if_empty(self, name: str, younger_than: float) -> bool:
        """Delete the registered model ``name`` if it holds nothing (no versions, aliases, tags or description)
        and was created less than ``younger_than`` seconds ago: the shell ``register_model`` makes first."""
        registry = self.lean()[1]
        if registry is not None:  # most refused versions are of a model made long ago: its row says so
            made = registry.model_created(name)
            if made is None or time.time() - made / 1000 > younger_than:
                return False
        store = self.registry
        model = store.get_registered_model(name)
        created = (getattr(model, "creation_timestamp", 0) or 0) / 1000
        if (getattr(model, "latest_versions", None) or getattr(model, "aliases", None) or all_tags(model)
                or getattr(model, "description", None) or time.time() - created > younger_than):
            return False
        store.delete_registered_model(name)
        return True
