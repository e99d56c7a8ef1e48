"""lineage-lint's own OpenLineage facets, as the ``openlineage-python`` client defines facets (attrs classes
whose ``_schemaURL`` names their JSON Schema): the run seed, the training config, a dataset's pin and how the
job uses an input. Their schema ships as ``lineage_lint/schemas/openlineage-facets.schema.json`` and is
published at :data:`SCHEMA_URL`.

Imports the client: only :mod:`lineage_lint.lineage.openlineage_events` imports this module, and only when an
event is built.
"""

from __future__ import annotations

import attr
from openlineage.client.facet_v2 import DatasetFacet, InputDatasetFacet, JobFacet, RunFacet

from lineage_lint import REPOSITORY, __version__

# The facets' schema at the release that wrote them (the file's own "$id"; a test keeps the two equal).
SCHEMA_URL = (REPOSITORY.replace("https://github.com/", "https://raw.githubusercontent.com/")
              + f"/v{__version__}/schemas/openlineage-facets.schema.json")
PRODUCER = f"{REPOSITORY}/tree/v{__version__}"
# Custom facets carry the producing project's prefix (OpenLineage's rule for facets outside the spec).
SEED, CONFIG, PIN, INPUT = "lineageLint_seed", "lineageLint_config", "lineageLint_pin", "lineageLint_input"


@attr.define
class SeedRunFacet(RunFacet):
    """The run seed: its status (declared, random, env, missing, unresolved), the key and value that decided
    it, and where it was set (``configs/train.yaml:3`` or ``runs:/<id>#params.seed``)."""

    status: str
    key: str | None = attr.field(default=None)
    value: int | str | None = attr.field(default=None)
    declaredIn: str | None = attr.field(default=None)
    note: str | None = attr.field(default=None)

    @staticmethod
    def _get_schema() -> str:
        return f"{SCHEMA_URL}#/$defs/SeedRunFacet"


@attr.define
class ConfigJobFacet(JobFacet):
    """The training config the job is: its repository-relative path, the sha256 of its bytes, the profile
    that read it, the files it was composed from, and the git commit and working-tree state of the code."""

    path: str | None = attr.field(default=None)
    sha256: str | None = attr.field(default=None)
    profile: str | None = attr.field(default=None)
    sources: list[str] | None = attr.field(default=None)
    commit: str | None = attr.field(default=None)
    tree: str | None = attr.field(default=None)
    seed: DeclaredSeed | None = attr.field(default=None)

    @staticmethod
    def _get_schema() -> str:
        return f"{SCHEMA_URL}#/$defs/ConfigJobFacet"


@attr.define
class DeclaredSeed:
    """The seed a config declares (the config facet's ``seed``): the same fields as the run's seed facet."""

    status: str
    key: str | None = attr.field(default=None)
    value: int | str | None = attr.field(default=None)
    declaredIn: str | None = attr.field(default=None)


@attr.define
class PinDatasetFacet(DatasetFacet):
    """How firmly the dataset's version is pinned (strong, weak, floating, none), the digest when one is
    declared, and what the pin rests on (``explicit-version``, ``digest``, ``inline-revision``...)."""

    pin: str
    digest: str | None = attr.field(default=None)
    evidence: str | None = attr.field(default=None)
    note: str | None = attr.field(default=None)

    @staticmethod
    def _get_schema() -> str:
        return f"{SCHEMA_URL}#/$defs/PinDatasetFacet"


@attr.define
class InputUseInputDatasetFacet(InputDatasetFacet):
    """How the job uses the input: the config key (or run field) that names it, where that is, and its role
    (``training``, ``validation``, ``evaluation``, ``test``)."""

    key: str
    declaredIn: str | None = attr.field(default=None)
    context: str | None = attr.field(default=None)

    @staticmethod
    def _get_schema() -> str:
        return f"{SCHEMA_URL}#/$defs/InputUseInputDatasetFacet"
