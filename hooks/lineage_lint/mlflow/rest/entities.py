"""MLflow's entities as the REST API returns them (proto3 JSON), read into objects with the attributes
``mlflow.entities`` gives the same data, so the gate, the run adapter and the lineage commands read both the
same way.

Read as MLflow's client reads them: a field the server leaves out takes its proto default (``""``, ``0``, an
empty list), except those MLflow's client reads as absent (``ModelVersion.description``, ``run_id``,
``status_message``, ``Dataset.schema``, ``profile``: None). What identifies an entity (a run's id, a version's
name and number, a logged model's id, an experiment's id) must be there; a field of another type than the API
documents is an error. Either is :class:`BadReply`: the decision never guesses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from lineage_lint.mlflow.rest.errors import BadReply

T = TypeVar("T")

# mlflow.entities.ViewType: which runs and experiments a search returns (the REST API takes the names).
ACTIVE_ONLY, DELETED_ONLY, ALL = 1, 2, 3
VIEW_NAMES = {ACTIVE_ONLY: "ACTIVE_ONLY", DELETED_ONLY: "DELETED_ONLY", ALL: "ALL"}


class Page(list[T], Generic[T]):
    """One page of a search, and the token of the next (None on the last), as MLflow's ``PagedList``."""

    def __init__(self, items: Iterable[T], token: str | None) -> None:
        super().__init__(items)
        self.token = token


class Fields:
    """A JSON object of the reply, read field by field; ``where`` names it in errors (``run.info``)."""

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise BadReply(f"{where} is not an object")
        self.value: dict[str, Any] = value
        self.where = where

    def _typed(self, key: str, kind: type | tuple[type, ...], name: str) -> Any:
        value = self.value.get(key)
        if value is not None and not isinstance(value, kind):
            raise BadReply(f"{self.where}.{key} is not {name}")
        return value

    def text(self, key: str) -> str:
        """A string field; ``""`` when left out."""
        return str(self._typed(key, str, "a string") or "")

    def optional(self, key: str) -> str | None:
        """A string field MLflow's client reads as None when left out."""
        value: str | None = self._typed(key, str, "a string")
        return value

    def required(self, key: str, *alternatives: str) -> str:
        """A string that identifies the entity (the first of ``key`` and ``alternatives`` present)."""
        for name in (key, *alternatives):
            if self.text(name):
                return self.text(name)
        raise BadReply(f"{self.where}.{key} is missing")

    def integer(self, key: str) -> int:
        """An int64 field (a number, or a string of digits as proto3 JSON may write it); 0 when left out."""
        value = self._typed(key, (int, str), "an integer")
        if isinstance(value, bool):
            raise BadReply(f"{self.where}.{key} is not an integer")
        try:
            return int(value or 0)
        except ValueError:
            raise BadReply(f"{self.where}.{key} is not an integer") from None

    def number(self, key: str) -> float:
        """A double field: a number, or a string proto3 JSON allows (``"NaN"``, ``"Infinity"``, ``"1.5"``)."""
        value = self._typed(key, (int, float, str), "a number")
        if isinstance(value, bool):
            raise BadReply(f"{self.where}.{key} is not a number")
        try:
            return float(value or 0)
        except ValueError:
            raise BadReply(f"{self.where}.{key} is not a number") from None

    def child(self, key: str) -> Fields:
        """A message field; empty when left out."""
        return Fields(self.value.get(key) or {}, f"{self.where}.{key}")

    def children(self, key: str) -> list[Fields]:
        values = self._typed(key, list, "a list") or []
        return [Fields(item, f"{self.where}.{key}[{index}]") for index, item in enumerate(values)]

    def texts(self, key: str) -> list[str]:
        values = self._typed(key, list, "a list") or []
        if not all(isinstance(item, str) for item in values):
            raise BadReply(f"{self.where}.{key} is not a list of strings")
        return list(values)

    def pairs(self, key: str, name: str = "key", value: str = "value") -> dict[str, str]:
        """``[{"key": K, "value": V}, ...]`` (tags, params) as a mapping, as MLflow's entities hold them."""
        return {item.text(name): item.text(value) for item in self.children(key)}


def reply_field(reply: dict[str, Any], key: str, endpoint: str) -> Fields:
    """The entity ``key`` of an endpoint's reply (``run`` of ``runs/get``)."""
    if key not in reply:
        raise BadReply(f"{endpoint}: the answer has no {key}")
    return Fields(reply[key], key)


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    experiment_id: str
    run_name: str
    user_id: str
    status: str
    start_time: int
    end_time: int | None
    artifact_uri: str
    lifecycle_stage: str

    @classmethod
    def read(cls, fields: Fields) -> RunInfo:
        return cls(fields.required("run_id", "run_uuid"), fields.text("experiment_id"), fields.text("run_name"),
                   fields.text("user_id"), fields.text("status"), fields.integer("start_time"),
                   fields.integer("end_time") or None, fields.text("artifact_uri"), fields.text("lifecycle_stage"))


@dataclass(frozen=True)
class RunData:
    params: dict[str, str]
    tags: dict[str, str]
    metrics: dict[str, float]  # the latest value of each

    @classmethod
    def read(cls, fields: Fields) -> RunData:
        metrics = {item.text("key"): item.number("value") for item in fields.children("metrics")}
        return cls(fields.pairs("params"), fields.pairs("tags"), metrics)


@dataclass(frozen=True)
class Dataset:
    name: str
    digest: str
    source_type: str
    source: str
    schema: str | None = None
    profile: str | None = None

    @classmethod
    def read(cls, fields: Fields) -> Dataset:
        return cls(fields.text("name"), fields.text("digest"), fields.text("source_type"), fields.text("source"),
                   fields.optional("schema"), fields.optional("profile"))


@dataclass(frozen=True)
class InputTag:
    key: str
    value: str


@dataclass(frozen=True)
class DatasetInput:
    dataset: Dataset
    tags: list[InputTag] = field(default_factory=list)

    @classmethod
    def read(cls, fields: Fields) -> DatasetInput:
        tags = [InputTag(item.text("key"), item.text("value")) for item in fields.children("tags")]
        return cls(Dataset.read(fields.child("dataset")), tags)


@dataclass(frozen=True)
class RunInputs:
    dataset_inputs: list[DatasetInput] = field(default_factory=list)


@dataclass(frozen=True)
class Run:
    info: RunInfo
    data: RunData
    inputs: RunInputs

    @classmethod
    def read(cls, fields: Fields) -> Run:
        if "info" not in fields.value:
            raise BadReply(f"{fields.where}.info is missing")
        inputs = [DatasetInput.read(item) for item in fields.child("inputs").children("dataset_inputs")]
        return cls(RunInfo.read(fields.child("info")), RunData.read(fields.child("data")), RunInputs(inputs))


@dataclass(frozen=True)
class ModelVersion:
    """A registered model's version. ``model_id`` is read when the server sends it (MLflow's own client leaves
    it None: its ``from_proto`` skips the field); the gate then also takes it from a ``models:/<id>``
    source."""

    name: str
    version: str
    creation_timestamp: int
    last_updated_timestamp: int
    user_id: str
    current_stage: str
    description: str | None
    source: str
    run_id: str | None
    status: str
    status_message: str | None
    run_link: str
    aliases: list[str]
    tags: dict[str, str]
    model_id: str | None = None

    @classmethod
    def read(cls, fields: Fields) -> ModelVersion:
        return cls(fields.required("name"), fields.required("version"), fields.integer("creation_timestamp"),
                   fields.integer("last_updated_timestamp"), fields.text("user_id"), fields.text("current_stage"),
                   fields.optional("description"), fields.text("source"), fields.optional("run_id"),
                   fields.text("status"), fields.optional("status_message"), fields.text("run_link"),
                   fields.texts("aliases"), fields.pairs("tags"), fields.optional("model_id") or None)


@dataclass(frozen=True)
class RegisteredModel:
    name: str
    creation_timestamp: int
    last_updated_timestamp: int
    description: str
    latest_versions: list[ModelVersion]
    tags: dict[str, str]
    aliases: dict[str, str]  # alias -> version, as MLflow's entity holds them

    @classmethod
    def read(cls, fields: Fields) -> RegisteredModel:
        return cls(fields.required("name"), fields.integer("creation_timestamp"),
                   fields.integer("last_updated_timestamp"), fields.text("description"),
                   [ModelVersion.read(item) for item in fields.children("latest_versions")], fields.pairs("tags"),
                   fields.pairs("aliases", "alias", "version"))


@dataclass(frozen=True)
class LoggedModel:
    """A logged model (MLflow 3): ``info`` and ``data`` of the API flattened, as MLflow's entity has them
    (the API's ``artifact_uri`` is ``artifact_location``)."""

    model_id: str
    experiment_id: str
    name: str
    artifact_location: str
    creation_timestamp: int
    last_updated_timestamp: int
    model_type: str
    source_run_id: str
    status: str
    status_message: str
    tags: dict[str, str]
    params: dict[str, str]

    @classmethod
    def read(cls, fields: Fields) -> LoggedModel:
        info = fields.child("info")
        return cls(info.required("model_id"), info.text("experiment_id"), info.text("name"), info.text("artifact_uri"),
                   info.integer("creation_timestamp_ms"), info.integer("last_updated_timestamp_ms"),
                   info.text("model_type"), info.text("source_run_id"), info.text("status"),
                   info.text("status_message"), info.pairs("tags"), fields.child("data").pairs("params"))


@dataclass(frozen=True)
class Experiment:
    experiment_id: str
    name: str
    artifact_location: str
    lifecycle_stage: str
    tags: dict[str, str]

    @classmethod
    def read(cls, fields: Fields) -> Experiment:
        return cls(fields.required("experiment_id"), fields.text("name"), fields.text("artifact_location"),
                   fields.text("lifecycle_stage"), fields.pairs("tags"))
