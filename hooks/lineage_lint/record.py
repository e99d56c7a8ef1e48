"""The lineage record: one normalised answer to "can this be traced?" for a config file or a run.

Its JSON form (:meth:`LineageRecord.to_json`) is the stable contract of ``lineage-lint show --format
json`` and the instance every policy schema validates; ``schemas/record.schema.json`` describes it.
A config file fills the seed and datasets; an MLflow run (the promotion gate) also fills the optional
parts a run has: the code version, the CI context, the training config it names, its tags and params,
and the model version being judged. Values from a run name the run field they came from
(``runs:/<id>#params.seed``) where a file's name its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from lineage_lint.tree import FILE_START, Scalar, Span

SeedStatus = Literal["declared", "random", "env", "missing", "unresolved"]
Pin = Literal["strong", "weak", "floating", "none"]
FilePin = Literal["strong", "weak", "floating", "none", "no-reference"]
TreeState = Literal["clean", "dirty", "unknown"]
Role = Literal["training", "fragment", "dataset-definition"]
# What a dataset's pin rests on: a version key (`revision: v1`), a digest key (`sha256: ...`), a revision
# the reference names (`org/data@v1`, a forge URL's `/resolve/<rev>/`), a version the URI's scheme or path
# carries (S3 `?versionId=`, a lakeFS commit, `/v3/`, `/2024-05-01/`), or only a release guessed from a
# registered name (`coco_2017_train`), which the strict policy refuses.
Evidence = Literal["explicit-version", "digest", "inline-revision", "uri-version", "name-edition"]
EVIDENCE_KINDS: tuple[Evidence, ...] = ("explicit-version", "digest", "inline-revision", "uri-version",
                                        "name-edition")

# Weakest first: a file is as well pinned as its least pinned dataset.
PIN_ORDER: tuple[Pin, ...] = ("none", "floating", "weak", "strong")
# The ``mlflow.data.context`` values of data a model is judged on rather than trained on (MLflow's
# ``mlflow.evaluate`` and autologging write ``eval``; log_lineage writes validation, evaluation and test).
EVALUATION_CONTEXTS = frozenset({"eval", "evaluation", "val", "valid", "validation", "test", "testing", "dev"})


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was set: a file and a span in it, or a run and the field of it (``field``)."""

    file: str
    span: Span = FILE_START
    field: str = ""

    def __str__(self) -> str:
        return f"{self.file}#{self.field}" if self.field else f"{self.file}:{self.span.line}"

    @classmethod
    def at(cls, document_path: str, span: Span) -> Origin:
        """Where ``span`` lies: in the checked file, or in the other file composition read it from."""
        return cls(span.file or document_path, span)


@dataclass(slots=True)
class SeedVerdict:
    """The run seed: its status, the key and value that decided it, and where."""

    status: SeedStatus
    origin: Origin
    key: str | None = None
    value: Scalar = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "key": self.key, "value": self.value,
                                "from": str(self.origin)}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class LaunchSlot:
    """A dataset field the config leaves to be given when the run is launched (``manifest_filepath: ???``):
    the config names no dataset there, and the data is whatever the launch command supplies."""

    key: str
    value: str
    origin: Origin

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "from": str(self.origin)}


@dataclass(slots=True)
class DatasetRef:
    """A dataset the config trains on, and how firmly its version is pinned."""

    key: str
    ref: str
    pin: Pin
    origin: Origin
    version: str | None = None
    digest: str | None = None
    note: str = ""
    context: str | None = None  # a run input's role (training, evaluation); None for config files
    evidence: Evidence | None = None  # what the pin rests on; None when nothing pins it (or not recorded)
    # the keys the version and digest were read from (`version_id`, `sha256`): a run logged from the config
    # keeps them, so that the gate judges the logged version as the config's checker did
    version_key: str | None = None
    digest_key: str | None = None

    @property
    def trains(self) -> bool:
        """Whether the model learned from it: anything but a run input logged as evaluation data."""
        return self.context is None or self.context.strip().lower() not in EVALUATION_CONTEXTS

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "ref": self.ref, "version": self.version,
                                "digest": self.digest, "pin": self.pin, "evidence": self.evidence,
                                "from": str(self.origin)}
        if self.note:
            data["note"] = self.note
        if self.context is not None:
            data["context"] = self.context
        return data


@dataclass(slots=True)
class CodeVersion:
    """The code a run was trained from: the git commit, and whether the working tree was clean."""

    commit: str | None
    tree: TreeState
    origin: Origin

    def to_json(self) -> dict[str, Any]:
        return {"commit": self.commit, "tree": self.tree, "from": str(self.origin)}


@dataclass(slots=True)
class CIContext:
    """Who or what started the run: the CI provider, the trigger (actor or event) and the job's URL."""

    provider: str | None
    triggered_by: str | None
    job_url: str | None
    origin: Origin

    def to_json(self) -> dict[str, Any]:
        return {"provider": self.provider, "triggered_by": self.triggered_by, "job_url": self.job_url,
                "from": str(self.origin)}


@dataclass(slots=True)
class ConfigFile:
    """The training config a run declares: its repository-relative path and the sha256 of its bytes."""

    path: str | None
    sha256: str | None
    origin: Origin

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "from": str(self.origin)}


@dataclass(slots=True)
class ModelVersion:
    """The registered model version being judged (the gate on ``models:/NAME/VERSION``)."""

    name: str
    version: str
    description: str | None
    origin: Origin

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "description": self.description,
                "from": str(self.origin)}


@dataclass(slots=True)
class LineageRecord:
    """Everything the engine understood about one source."""

    path: str
    profile: str
    seed: SeedVerdict
    datasets: list[DatasetRef] = field(default_factory=list)
    applicable: bool = True
    reason: str = ""
    # training (a run is launched with it), fragment (composed by others), dataset-definition: the policies
    # require a declared seed of training configs only.
    role: Role = "training"
    other_seeds: list[SeedVerdict] = field(default_factory=list)
    # Every file the record was composed from, repository-relative POSIX paths, the file itself first:
    # a change to any of them can change the verdict (the Action's changed-only mode relies on it).
    sources: list[str] = field(default_factory=list)
    # Dataset fields left to the launch command (`???`): left out of the JSON form when there are none.
    supplied_at_launch: list[LaunchSlot] = field(default_factory=list)
    # The parts only a run has (None for config files, and left out of the JSON form then).
    code: CodeVersion | None = None
    ci: CIContext | None = None
    config: ConfigFile | None = None
    tags: dict[str, str] | None = None
    params: dict[str, str] | None = None
    model: ModelVersion | None = None
    # Composed files (repository paths) -> the span in this file that composed each: a finding about a value
    # set in one is shown there (not in the JSON form).
    composed_at: dict[str, Span] = field(default_factory=dict)

    @property
    def dataset_pin(self) -> FilePin:
        """The weakest pin over the datasets; ``no-reference`` when none is training data (a run that logged
        only the data it was evaluated on names nothing the model learned from)."""
        if not any(ref.trains for ref in self.datasets):
            return "no-reference"
        return min((ref.pin for ref in self.datasets), key=PIN_ORDER.index)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "profile": self.profile,
            "applicable": self.applicable,
            "role": self.role,
            "seed": self.seed.to_json(),
            "datasets": [ref.to_json() for ref in self.datasets],
            "dataset_pin": self.dataset_pin,
            "other_seeds": [seed.to_json() for seed in self.other_seeds],
            "sources": list(self.sources),
        }
        if self.reason:
            data["reason"] = self.reason
        if self.supplied_at_launch:
            data["supplied_at_launch"] = [slot.to_json() for slot in self.supplied_at_launch]
        parts = {"code": self.code, "ci": self.ci, "config": self.config, "model": self.model}
        data.update({name: part.to_json() for name, part in parts.items() if part is not None})
        if self.tags is not None:
            data["tags"] = dict(self.tags)
        if self.params is not None:
            data["params"] = dict(self.params)
        return data

    def origin_at(self, instance_path: tuple[str | int, ...]) -> Origin:
        """The origin of the value at a path of the JSON form (where a policy error points)."""
        head = instance_path[:1]
        if head == ("datasets",) and len(instance_path) > 1:
            index = instance_path[1]
            if isinstance(index, int) and index < len(self.datasets):
                return self.datasets[index].origin
        if head == ("seed",):
            return self.seed.origin
        if head == ("supplied_at_launch",) and len(instance_path) > 1:
            index = instance_path[1]
            if isinstance(index, int) and index < len(self.supplied_at_launch):
                return self.supplied_at_launch[index].origin
        parts = {"code": self.code, "ci": self.ci, "config": self.config, "model": self.model}
        part = parts.get(str(head[0])) if head else None
        if part is not None:
            return part.origin
        if head in (("tags",), ("params",)):
            return Origin(self.path, field=".".join(str(p) for p in instance_path[:2]))
        return Origin(self.path)
