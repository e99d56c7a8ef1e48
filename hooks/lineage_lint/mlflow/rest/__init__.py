"""A small MLflow client over the documented REST API, with the standard library only: the reads the gate and
the lineage commands make (runs and their searches, model versions by number and by alias, registered models,
logged models and their searches, experiments), as ``MlflowClient`` makes them, returning objects with the
attributes ``mlflow.entities`` has (:mod:`~lineage_lint.mlflow.rest.entities`). Importing it does not import
mlflow: an ``http(s)`` gate answers without MLflow's two seconds of imports.

Failures are :mod:`~lineage_lint.mlflow.rest.errors`; a :class:`ServerError` carries MLflow's ``error_code``,
so the gate's resolution tells "does not exist" from the rest as it does with ``MlflowException``. As
``MlflowClient`` does, a registered model or version that is a prompt (``mlflow.prompt.is_prompt``) is not
found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from lineage_lint.mlflow.rest.entities import (
    ACTIVE_ONLY,
    ALL,
    VIEW_NAMES,
    Experiment,
    Fields,
    LoggedModel,
    ModelVersion,
    Page,
    RegisteredModel,
    Run,
    reply_field,
)
from lineage_lint.mlflow.rest.errors import BadReply, BadSetting, RestFailure, ServerError, Unreachable
from lineage_lint.mlflow.rest.http import Transport
from lineage_lint.mlflow.rest.settings import Limits, endpoint

__all__ = ["ACTIVE_ONLY", "ALL", "BadReply", "BadSetting", "Limits", "RestClient", "RestFailure", "ServerError",
           "Unreachable", "connect"]

T = TypeVar("T")
E = TypeVar("E", ModelVersion, RegisteredModel)
API = "/api/2.0/mlflow"
PROMPT_TAG = "mlflow.prompt.is_prompt"
NOT_FOUND = "RESOURCE_DOES_NOT_EXIST"
SEARCH_MAX_RESULTS = 1000  # MlflowClient's defaults
VERSION_SEARCH_MAX_RESULTS = 10_000


def connect(tracking_uri: str, limits: Limits) -> RestClient:
    """A client for the ``http(s)`` server at ``tracking_uri`` with the environment's credentials and TLS
    settings; :class:`BadSetting` when they cannot be used."""
    return RestClient(Transport(endpoint(tracking_uri), limits))


class RestClient:
    """The reads of ``MlflowClient`` the gate, ``diff``, ``impact``, ``graph`` and ``show`` make."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    # --- runs and logged models ----------------------------------------------------------------------------

    def get_run(self, run_id: str) -> Run:
        reply = self.transport.get(f"{API}/runs/get", {"run_id": run_id})
        return Run.read(reply_field(reply, "run", "runs/get"))

    def search_runs(self, experiment_ids: list[str], *, filter_string: str = "", run_view_type: int = ACTIVE_ONLY,
                    max_results: int = SEARCH_MAX_RESULTS, order_by: list[str] | None = None,
                    page_token: str | None = None) -> Page[Run]:
        reply = self.transport.post(f"{API}/runs/search", {
            "experiment_ids": [str(e) for e in experiment_ids], "filter": filter_string or None,
            "run_view_type": VIEW_NAMES.get(run_view_type, "ACTIVE_ONLY"), "max_results": max_results,
            "order_by": order_by, "page_token": page_token})
        return _page(reply, "runs", Run.read)

    def get_logged_model(self, model_id: str) -> LoggedModel:
        reply = self.transport.get(f"{API}/logged-models/{quote(model_id, safe='')}")
        return LoggedModel.read(reply_field(reply, "model", "logged-models"))

    def search_logged_models(self, experiment_ids: list[str], *, filter_string: str | None = None,
                             datasets: list[dict[str, Any]] | None = None, max_results: int | None = None,
                             order_by: list[dict[str, Any]] | None = None,
                             page_token: str | None = None) -> Page[LoggedModel]:
        reply = self.transport.post(f"{API}/logged-models/search", {
            "experiment_ids": [str(e) for e in experiment_ids], "filter": filter_string, "datasets": datasets,
            "max_results": max_results, "order_by": order_by, "page_token": page_token})
        return _page(reply, "models", LoggedModel.read)

    # --- experiments ---------------------------------------------------------------------------------------

    def get_experiment(self, experiment_id: str) -> Experiment:
        reply = self.transport.get(f"{API}/experiments/get", {"experiment_id": experiment_id})
        return Experiment.read(reply_field(reply, "experiment", "experiments/get"))

    def get_experiment_by_name(self, name: str) -> Experiment | None:
        """None when there is none, as ``MlflowClient``."""
        try:
            reply = self.transport.get(f"{API}/experiments/get-by-name", {"experiment_name": name})
        except ServerError as exc:
            if exc.error_code == NOT_FOUND:
                return None
            raise
        return Experiment.read(reply_field(reply, "experiment", "experiments/get-by-name"))

    def search_experiments(self, view_type: int = ACTIVE_ONLY, max_results: int | None = SEARCH_MAX_RESULTS,
                           filter_string: str | None = None, order_by: list[str] | None = None,
                           page_token: str | None = None) -> Page[Experiment]:
        reply = self.transport.post(f"{API}/experiments/search", {
            "view_type": VIEW_NAMES.get(view_type, "ACTIVE_ONLY"), "max_results": max_results,
            "filter": filter_string, "order_by": order_by, "page_token": page_token})
        return _page(reply, "experiments", Experiment.read)

    # --- the model registry --------------------------------------------------------------------------------

    def get_registered_model(self, name: str) -> RegisteredModel:
        reply = self.transport.get(f"{API}/registered-models/get", {"name": name})
        return _not_a_prompt(RegisteredModel.read(reply_field(reply, "registered_model", "registered-models/get")),
                             name)

    def get_model_version(self, name: str, version: str) -> ModelVersion:
        reply = self.transport.get(f"{API}/model-versions/get", {"name": name, "version": str(version)})
        return _not_a_prompt(ModelVersion.read(reply_field(reply, "model_version", "model-versions/get")), name)

    def get_model_version_by_alias(self, name: str, alias: str) -> ModelVersion:
        reply = self.transport.get(f"{API}/registered-models/alias", {"name": name, "alias": alias})
        version = ModelVersion.read(reply_field(reply, "model_version", "registered-models/alias"))
        return _not_a_prompt(version, name)

    def search_model_versions(self, filter_string: str | None = None,
                              max_results: int = VERSION_SEARCH_MAX_RESULTS, order_by: list[str] | None = None,
                              page_token: str | None = None) -> Page[ModelVersion]:
        reply = self.transport.get(f"{API}/model-versions/search", {
            "filter": filter_string, "max_results": max_results, "order_by": order_by, "page_token": page_token})
        return _page(reply, "model_versions", ModelVersion.read)


def _page(reply: dict[str, Any], key: str, read: Callable[[Fields], T]) -> Page[T]:
    items = Fields(reply, "the answer").children(key)
    token = reply.get("next_page_token") or None
    if token is not None and not isinstance(token, str):
        raise BadReply("next_page_token is not a string")
    return Page([read(item) for item in items], token)


def _not_a_prompt(entity: E, name: str) -> E:
    if PROMPT_TAG in entity.tags:
        raise ServerError(404, NOT_FOUND, f"Registered Model with name={name!r} not found.")
    return entity
