"""The server plugin: ``mlflow server --app-name lineage-gate`` refuses what the gate would refuse.

A Flask ``before_request`` check on MLflow's own app (how MLflow's basic-auth app plugs in), plus an ASGI
middleware for the one guarded route MLflow serves outside Flask under uvicorn (the artifact proxy's upload),
judges, on the REST API (``/api/2.0/...``) and the web UI's (``/ajax-api/2.0/...``) alike (:data:`ROUTES`):

- creating a model version, setting an alias, moving a version to Staging or Production: the version's run
  must carry lineage under the policy (the alias's own policy when ``gate.aliases`` names one), and its
  artifacts must be that run's (:func:`lineage_lint.mlflow.resolve.artifact_problem`);
- what a registered version stands on (:mod:`lineage_lint.mlflow.freeze`): its run's lineage fields, the run,
  its logged model, their experiment, its files behind the artifact proxy and the web UI's upload route;
- a new description for a version in service, which must not make it fail a policy it went in under;
- the prompt tag of a registered model, which decides whether its versions are prompts, cannot be set or
  removed after the model was created;
- GraphQL mutations other than MLflow's read-only ones.

A refusal is HTTP 403 with ``error_code: PERMISSION_DENIED`` (the MLflow client raises a ``RestException``;
the UI shows the message), and the findings are in the message. A refused version leaves nothing behind:
the registered model ``mlflow.register_model`` created for it a moment before is removed again when it is
still empty. A request that cannot be judged (a bad body, the database unreachable) is refused. A version
creation or a run's lineage edit is judged again once written (:meth:`ServerGate.settle`), so that a
registration and an edit of its run racing each other leave no version on a failing run (whatever MLflow
answered: a write it answers with an error may be half done); an alias is judged again once set, so that it
cannot land on another version made under the same number while it waited.

Configuration, read once when the server starts (a bad policy stops ``mlflow server`` before any worker
starts, with one line saying why; see :mod:`lineage_lint.mlflow.app`):

- ``LINEAGE_LINT_GATE_POLICY``: ``run-default`` (the default), ``run-strict``, or a JSON Schema file;
- ``LINEAGE_LINT_GATE_CONFIG``: optional ``.lineage-lint.toml`` or ``pyproject.toml`` whose ``gate`` table
  adds ``required-tags``, ``required-params``, ``require-description`` and ``aliases``;
- ``LINEAGE_LINT_GATE_KEEP_RUNS=0``: every move reads its run again (:mod:`lineage_lint.mlflow.traced`);
- ``LINEAGE_LINT_GATE_TIMING=1``: a ``Server-Timing`` header with the plugin's time on each judged request;
- ``LINEAGE_LINT_GATE_PAUSE``: seconds to wait between a passed check and MLflow's handler (tests only: it
  makes two requests' checks and writes interleave on purpose).

Prompt versions (MLflow's prompt registry stores prompts as model versions) have no training lineage and
pass untouched, but only in a registered model that is itself a prompt, and only with MLflow's placeholder
source and no run or logged model. The request body is read the way MLflow reads it (``run_id`` or
``runId``; a body spelling a field both ways is refused). What it cannot stop is in ``docs/gate.md`` ("What
the server plugin cannot stop").
"""

from __future__ import annotations

import functools
import json
import logging
import os
import posixpath
import re
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from lineage_lint.config import Settings, find_root, load_settings
from lineage_lint.findings import Finding
from lineage_lint.mlflow.freeze import AmbiguousRequest, Freeze
from lineage_lint.mlflow.gate import RUN_PRESETS, GatePolicy, gate_policy, judge
from lineage_lint.mlflow.redact import redact
from lineage_lint.mlflow.resolve import Resolution, logged_model_id, version_run
from lineage_lint.mlflow.run_record import read_fields, run_record
from lineage_lint.mlflow.server_store import StoreBackend, aliases, all_tags
from lineage_lint.mlflow.store_reads import one_session
from lineage_lint.mlflow.traced import TracedRuns, Verdicts
from lineage_lint.schema_files import PRESET_POLICIES

POLICY_ENV = "LINEAGE_LINT_GATE_POLICY"
CONFIG_ENV = "LINEAGE_LINT_GATE_CONFIG"
TIMING_ENV = "LINEAGE_LINT_GATE_TIMING"
KEEP_RUNS_ENV = "LINEAGE_LINT_GATE_KEEP_RUNS"
PAUSE_ENV = "LINEAGE_LINT_GATE_PAUSE"  # seconds between a passed check and the handler: widens races, for tests
LOG = logging.getLogger("lineage_lint.gate")


@dataclass(frozen=True)
class Route:
    """A guarded MLflow route: what it does, and whether it is judged from its JSON body (else from its path
    alone: an artifact upload's body is the file)."""

    what: str
    body: bool = True
    methods: frozenset[str] = frozenset({"POST", "DELETE", "PATCH", "PUT"})
    query: bool = False  # judged from its query string (the first value of each name, as Flask's handlers read it)


# MLflow names each route's endpoint after its handler, for the REST and the ajax path alike: matching the
# endpoint catches every spelling of a path that reaches the handler (static prefix, encoded characters).
ROUTES = {
    "_create_model_version": Route("model-versions/create"),
    "_set_registered_model_alias": Route("registered-models/alias"),
    "_transition_stage": Route("model-versions/transition-stage"),
    "_update_model_version": Route("model-versions/update"),
    "_log_param": Route("runs/log-parameter"), "_set_tag": Route("runs/set-tag"),
    "_delete_tag": Route("runs/delete-tag"), "_log_batch": Route("runs/log-batch"),
    "_log_inputs": Route("runs/log-inputs"), "_delete_run": Route("runs/delete"),
    "_set_registered_model_tag": Route("registered-models/set-tag"),
    "_delete_registered_model_tag": Route("registered-models/delete-tag"),
    "_delete_logged_model": Route("logged-models/delete", body=False),
    "_delete_experiment": Route("experiments/delete"),
    "_upload_artifact": Route("artifacts/upload", body=False),
    "_delete_artifact_mlflow_artifacts": Route("artifacts/delete", body=False),
    "_create_multipart_upload_artifact": Route("artifacts/multipart"),
    "_complete_multipart_upload_artifact": Route("artifacts/multipart"),
    "_create_presigned_upload_url": Route("artifacts/presigned-upload"),
    "serve_upload_artifact": Route("artifacts/run-upload", body=False, query=True),  # the web UI's upload
    "_graphql": Route("graphql", methods=frozenset({"GET", "POST"})),  # MLflow reads a JSON body on GET too
}
# The GraphQL mutations MLflow's schema has, none of which writes (searches, and an echo for its tests).
READ_ONLY_MUTATIONS = frozenset({"mlflowSearchRuns", "mlflowSearchDatasets", "testMutation"})
# The same, by path, for a request whose endpoint is unknown (it reaches no handler then: belt and braces).
GUARDED = re.compile(r"/(?:api|ajax-api)/2\.0/(?:preview/)?mlflow/(?P<what>model-versions/create|"
                     r"registered-models/alias|model-versions/transition-stage|runs/log-parameter|runs/set-tag|"
                     r"runs/delete-tag|runs/log-batch|runs/log-inputs|runs/delete|registered-models/set-tag|"
                     r"registered-models/delete-tag|model-versions/update|experiments/delete)$")
# The artifact proxy's upload, which MLflow serves outside Flask under uvicorn (a FastAPI route).
PROXIED_UPLOAD = re.compile(r"/(?:api|ajax-api)/2\.0/mlflow-artifacts/artifacts/(?P<path>.+)$")
GUARDED_STAGES = frozenset({"staging", "production"})
SETTLED = frozenset({"model-versions/create", "registered-models/alias", "logged-models/delete",
                     "experiments/delete"})  # and runs/*
PROMPT_TAG = "mlflow.prompt.is_prompt"
PROMPT_SOURCES = frozenset({"dummy-source", "prompt-template"})  # MLflow's placeholder sources of prompts
_JSON_NAMES = {"run_id": "runId", "model_id": "modelId"}  # protobuf's JSON names MLflow accepts as well
EMPTY_MODEL_SECONDS = 10  # a registered model this young, with nothing in it, was made for the refused version


def field(body: dict[str, Any], name: str) -> Any:
    """``body[name]`` as MLflow's protobuf parsing reads it: by the field's name or its JSON name."""
    alias = _JSON_NAMES.get(name)
    if alias is not None and name in body and alias in body:
        raise AmbiguousRequest(f"the body gives both `{name}` and `{alias}`")
    return body.get(name, body.get(alias) if alias else None)


def is_prompt(tags: dict[str, Any], source: Any, run_id: Any, model_id: Any) -> bool:
    """A prompt version: tagged as a prompt, with MLflow's placeholder source and no run or logged model."""
    tagged = str(tags.get(PROMPT_TAG, "false")).lower() == "true"
    return tagged and str(source or "") in PROMPT_SOURCES and not run_id and not model_id


def graphql_mutation(body: dict[str, Any]) -> str | None:
    """A GraphQL mutation other than the read-only ones MLflow's schema has: refused (a query that cannot be
    parsed is refused too; MLflow would fail on it)."""
    from graphql import FieldNode, OperationDefinitionNode, OperationType, parse

    query = body.get("query")
    if not isinstance(query, str):
        return None  # MLflow answers it with an error of its own
    for definition in parse(query).definitions:
        if not isinstance(definition, OperationDefinitionNode) or definition.operation != OperationType.MUTATION:
            continue
        for selection in definition.selection_set.selections:
            name = selection.name.value if isinstance(selection, FieldNode) else "a fragment"
            if name not in READ_ONLY_MUTATIONS:
                return (f"lineage-lint refused a GraphQL mutation ({name}): only MLflow's read-only mutations "
                        f"({', '.join(sorted(READ_ONLY_MUTATIONS))}) are let through, so none can change the "
                        "registry behind the gate's back")
    return None


def request_body(raw: Any) -> dict[str, Any] | None:
    """The JSON object MLflow will act on (it also accepts a body JSON-encoded twice, as old clients send)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    return raw if isinstance(raw, dict) else None


class ServerGate:
    """The decision for one guarded request: None to let it through, else the refusal's message."""

    def __init__(self, policy: GatePolicy, settings: Settings, backend: StoreBackend, config: str = "",
                 keep_runs: bool = True) -> None:
        self.policy, self.settings, self.backend, self.config = policy, settings, backend, config
        self.required = policy.required_fields()  # the tags and params the policy (or configuration) names
        self.freeze = Freeze(backend, self.required)
        presets = all(each.name in RUN_PRESETS for each in (policy, *policy.aliases.values()))
        self.presets = presets  # judgements that never read a version's number (see _errors)
        self.traced = TracedRuns(enabled=presets and keep_runs)  # lineage_lint.mlflow.traced: why it is sound
        self.verdicts = Verdicts()  # by what was read: the judgement once written of a run read again unchanged

    @classmethod
    def from_environment(cls) -> ServerGate:
        config = os.environ.get(CONFIG_ENV)
        if config:
            settings = load_settings(Path.cwd(), Path(config))
        else:  # a server's working directory is not a repository: no ambient configuration
            settings = Settings(base_dir=Path.cwd(), root=find_root(Path.cwd()))
        spec = os.environ.get(POLICY_ENV) or None
        if spec and spec not in PRESET_POLICIES:
            spec = str(Path(spec).resolve())
        policy = gate_policy(spec, settings.gate, settings.base_dir)
        keep_runs = os.environ.get(KEEP_RUNS_ENV, "").strip().lower() not in ("0", "false", "no")
        return cls(policy, settings, StoreBackend(), str(Path(config).resolve()) if config else "", keep_runs)

    def describe(self) -> str:
        """What is in force, for the server's log at start."""
        config = f"configuration {self.config}" if self.config else f"no configuration ({CONFIG_ENV} unset)"
        kept = ("moves re-judge the runs of versions older than a minute without reading them again"
                if self.traced.enabled else "every move reads its run")
        return f"policy {self.policy.describe()}; {config}; {kept}"

    def check(self, what: str, body: dict[str, Any], args: dict[str, Any] | None = None) -> str | None:
        """None to let the request through, else why it is refused; MLflow's errors propagate (refused).
        ``args`` are the route's path parameters (a logged model's id, an artifact path)."""
        with one_session():  # one connection for the whole check
            return self._check(what, body, args or {})

    def _check(self, what: str, body: dict[str, Any], args: dict[str, Any]) -> str | None:
        if what.startswith("runs/"):
            return self.freeze.run_edit(what, body)
        if what.startswith("registered-models/") and what.endswith("-tag"):
            return self._check_model_tag(what, body)
        if what == "logged-models/delete":
            return self.freeze.logged_model_delete(args)
        if what == "experiments/delete":
            return self.freeze.experiment_delete(body)
        if what in ("artifacts/upload", "artifacts/delete"):
            return self.freeze.proxied_write(str(args.get("artifact_path") or ""), deleting=what.endswith("delete"))
        if what == "artifacts/multipart":  # the file lands in the route's folder, under its own name
            name = posixpath.basename(str(body.get("path") or ""))
            return self.freeze.proxied_write(posixpath.join(str(args.get("artifact_path") or ""), name), False)
        if what == "artifacts/run-upload":
            return self.freeze.run_upload(body)
        if what == "artifacts/presigned-upload":
            return self.freeze.presigned_upload(body)
        if what == "model-versions/update":
            return self._check_description(body)
        if what == "graphql":
            return graphql_mutation(body)
        return self._check_move(what, body)

    def _check_move(self, what: str, body: dict[str, Any]) -> str | None:
        """A version created, given an alias or moved to Staging or Production: its run must carry lineage."""
        policy = self.policy
        if what == "model-versions/create":
            raw_tags = field(body, "tags") or []
            tags = {str(tag.get("key")): tag.get("value") for tag in raw_tags if isinstance(tag, dict)} \
                if isinstance(raw_tags, list) else {}
            version = SimpleNamespace(name=field(body, "name"), version="(new)", source=field(body, "source") or "",
                                      run_id=field(body, "run_id") or None, model_id=field(body, "model_id") or None,
                                      description=field(body, "description") or None)
            if is_prompt(tags, version.source, version.run_id, version.model_id) and self._prompt_model(version.name):
                return None
            doing = f"registering a version of {version.name} from {version.source or 'no source'}"
            if str(version.source).startswith("runs:/") and not version.run_id:
                # MLflow 3.17 refuses it too; earlier 3.x stored such a version without its run, which the
                # freeze finds versions by: the run's lineage could then change under the version.
                return (f"lineage-lint refused {doing}: the request names no run_id; a version from a run's "
                        "artifacts must record its run")
        else:
            if what.endswith("transition-stage") and str(field(body, "stage") or "").lower() not in GUARDED_STAGES:
                return None  # archiving, or back to None: moving a model out of service is always allowed
            name, number = str(field(body, "name") or ""), str(field(body, "version") or "")
            version = self.backend.get_model_version(name, number)
            if self._is_prompt(version):
                return None
            if what.endswith("alias"):
                alias = str(field(body, "alias") or "")
                policy, target = self.policy.for_alias(alias), f"@{alias}"
            else:
                target = f"stage {field(body, 'stage')}"
            doing = f"moving {name} version {number} to {target}"
        kept = self.traced.kept(version) if what != "model-versions/create" else None
        resolution = Resolution(version, kept.run) if kept is not None else version_run(self.backend, version)
        if resolution.run is None:
            return f"lineage-lint refused {doing}: {resolution.unlinked}"
        if kept is None and what != "model-versions/create":
            self.traced.keep(version, resolution.run)
        run = resolution.run
        errors = (kept.verdict((id(policy), version.description), lambda: self._errors(run, version, policy))
                  if kept is not None else self._errors(run, version, policy))
        if not errors:
            return None
        listed = "; ".join(f"{finding.code} {finding.message}" for finding in errors)
        return (f"lineage-lint refused {doing}: run {resolution.run.info.run_id} lacks lineage under policy "
                f"{policy.name}: {listed}")

    def _errors(self, run: Any, version: Any, policy: GatePolicy) -> list[Finding]:
        """The errors of ``run`` (as judged with ``version``) under ``policy``; the verdict on the same fields
        given before when there is one (:class:`lineage_lint.mlflow.traced.Verdicts`).

        Under the preset policies (with the configuration's additions) the version's number is not part of
        what was read: no preset's schema names the record's ``model``, the configuration adds its
        ``description`` alone, and a finding on a run field or a description names the field, not the
        version. A creation's check (the version it will be, numbered ``(new)``) and its judgement once
        written (the version it is) then give one verdict on an unchanged run, judged once. Under a policy
        file, which may judge anything of the record, the number is kept."""
        def judged() -> list[Finding]:
            findings, _ = judge(run_record(run, version), policy, self.settings, None)
            return [finding for finding in findings if finding.severity == "error"]

        read = version if not self.presets else SimpleNamespace(name=version.name, version="",
                                                                  description=version.description)
        return self.verdicts.given((id(policy), read_fields(run, read)), judged)

    def _check_description(self, body: dict[str, Any]) -> str | None:
        """A version in service (an alias, Staging or Production) keeps passing the policies it was moved
        under: a new description must not make it fail one (``require-description``, or a policy's own)."""
        description = body.get("description")
        if description is None:
            return None  # MLflow leaves the description as it is
        name, number = str(field(body, "name") or ""), str(field(body, "version") or "")
        version = self.backend.get_model_version(name, number)
        policies = {f"@{alias}": self.policy.for_alias(alias) for alias in aliases(version)}
        if str(version.current_stage or "").lower() in GUARDED_STAGES:
            policies[f"stage {version.current_stage}"] = self.policy
        resolution = version_run(self.backend, version) if policies else None
        if resolution is None or resolution.run is None:
            return None  # out of service, or untraceable already: this edit takes nothing into service
        changed = SimpleNamespace(name=version.name, version=version.version, source=version.source,
                                  run_id=version.run_id, description=str(description) or None)
        for held, policy in policies.items():
            before = {(f.code, f.message) for f in self._errors(resolution.run, version, policy)}
            added = [f for f in self._errors(resolution.run, changed, policy) if (f.code, f.message) not in before]
            if added:
                listed = "; ".join(f"{finding.code} {finding.message}" for finding in added)
                return (f"lineage-lint refused changing the description of {name} version {number}: it holds "
                        f"{held}, and would then fail policy {policy.name}: {listed}")
        return None

    def _check_model_tag(self, what: str, body: dict[str, Any]) -> str | None:
        """The prompt tag decides which versions are prompts (and pass untouched): fixed at creation."""
        if str(body.get("key") or "").strip() != PROMPT_TAG:
            return None
        return (f"lineage-lint refused {'setting' if what.endswith('set-tag') else 'deleting'} {PROMPT_TAG} on "
                f"registered model {body.get('name')}: whether a registered model holds prompts is decided when it "
                "is created")

    def settle(self, what: str, body: dict[str, Any], answer: Any, args: dict[str, Any] | None = None,
               since: int = 0) -> tuple[str | None, list[str]]:
        """After a version was created, or a run's lineage fields edited, the run, its logged model or their
        experiment deleted (all written): the versions standing on what was written, judged again now, and the
        ones that fail removed. An edit judged a moment before a version on that run is registered, and written
        a moment after (or the other way round), passes both checks; whichever of the two writes comes last
        sees the other here, so the version never stands on a run that fails. Returns the refusal for the
        request (a created version that failed and was removed, else None) and what was removed, for the log.
        ``since`` (ms): when the request was checked; a creation answered with an error is judged by the versions
        made since on the run or logged model it named."""
        if what == "registered-models/alias":
            return self._settle_alias(body), []
        with one_session():
            created = answer.get("model_version") if isinstance(answer, dict) else None
            if not isinstance(created, dict) or not created.get("name") or not created.get("version"):
                created = None
            if what == "model-versions/create" and created is not None:
                standing = []  # the version the answer describes, judged as written (below)
            elif what == "model-versions/create":  # answered with an error, maybe after writing: the versions
                # made since its check on what it named (older ones were judged when they were made)
                model_id = logged_model_id(SimpleNamespace(model_id=field(body, "model_id"),
                                                           source=field(body, "source")))
                run_id = field(body, "run_id")
                standing = self.backend.versions_on(run_ids=[str(run_id)] if run_id else [],
                                                    model_ids=[model_id] if model_id else [])
            elif what.startswith("runs/"):
                run_id, touched, _ = self.freeze.lineage_edit(what, body)
                standing = self.backend.versions_on(run_ids=[run_id]) if touched else []
            elif what == "logged-models/delete":
                standing = self.backend.versions_on(model_ids=[str((args or {}).get("model_id") or "")])
            elif what == "experiments/delete":
                runs, models = self.backend.contents_of_experiment(self.freeze.experiment_of(body))
                standing = self.backend.versions_on(run_ids=runs, model_ids=models)
            else:
                return None, []
            versions = [self.backend.get_model_version(str(each.name), str(each.version)) for each in standing]
            if created is not None:
                versions = [as_written(created)]
            if what == "model-versions/create" and created is None:
                versions = [each for each in versions if int(getattr(each, "creation_timestamp", 0) or 0) >= since]
            failing = [(version, why) for version in versions if (why := self._rejudge(version))]
        removed = []
        for version, why in failing:  # outside the reading transaction: SQLite lets no writer past a reader
            self.backend.registry.delete_model_version(str(version.name), str(version.version))
            removed.append(f"{version.name} version {version.version} ({why})")
        if what == "model-versions/create" and failing and created is not None:
            why = failing[0][1]
            return f"{why}; the version was removed again{self.cleanup(body)}", removed
        return None, removed

    def _settle_alias(self, body: dict[str, Any]) -> str | None:
        """After an alias was set: the version holding it now, judged again under the alias's policy. The check
        read version N a moment before; if the registered model was deleted and made again meanwhile, a new
        version N (judged only under the gate's policy when it was created) takes the alias. Such an alias is
        removed again and the request refused."""
        name, alias = str(field(body, "name") or ""), str(field(body, "alias") or "")
        try:
            with one_session():
                version = self.backend.get_model_version_by_alias(name, alias)
                why = self._rejudge(version, f"moving {name} version {version.version} to @{alias}",
                                    "(the version holding the alias once written, not the one checked before)")
        except Exception as exc:
            if str(getattr(exc, "error_code", "")) in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE"):
                return None  # no such alias (the request failed, or it was deleted since): nothing in service
            raise
        if why is None:
            return None
        self.backend.registry.delete_registered_model_alias(name, alias)
        return f"{why}; the alias was removed again"

    def _rejudge(self, version: Any, doing: str = "",
                 how: str = "changed while it was registered and now") -> str | None:
        """Why ``version``, as it stands now, fails its policies (the gate's, and those of the aliases it holds),
        or None."""
        if self._is_prompt(version):
            return None
        doing = doing or f"registering {version.name} version {version.version}"
        kept = self.traced.kept(version)  # a version older than a minute, whose run was kept by a move before
        resolution = Resolution(version, kept.run) if kept is not None else version_run(self.backend, version)
        if resolution.run is None:
            return f"lineage-lint refused {doing}: {resolution.unlinked}"
        held = map(self.policy.for_alias, aliases(version))  # read with the version's row
        for policy in {id(each): each for each in (self.policy, *held)}.values():
            judged = functools.partial(self._errors, resolution.run, version, policy)
            errors = kept.verdict((id(policy), version.description), judged) if kept is not None else judged()
            if errors:
                listed = "; ".join(f"{finding.code} {finding.message}" for finding in errors)
                return (f"lineage-lint refused {doing}: its run {resolution.run.info.run_id} {how} lacks lineage "
                        f"under policy {policy.name}: {listed}")
        return None

    def withdraw(self, body: dict[str, Any], answer: Any, exc: Exception) -> str:
        """The refusal of a version creation that was written but could not be judged again (the database went
        away, a read failed): the new version is removed, so that none stands that was judged only before a
        racing write; when even that fails, the refusal says the version stands unverified, by name."""
        created = answer.get("model_version") if isinstance(answer, dict) else None
        name, version = (created.get("name"), created.get("version")) if isinstance(created, dict) else (None, None)
        said = f"lineage-lint could not judge the new version again once written ({redact(str(exc))})"
        if not name or not version:
            return f"{said}; no version was read from the answer, so none was removed"
        try:
            self.backend.registry.delete_model_version(str(name), str(version))
        except Exception as failed:
            LOG.error("lineage-lint could not remove %s version %s, which stands unverified: %s", redact(str(name)),
                      version, redact(str(failed)))
            return (f"{said}, and {name} version {version} could not be removed: it stands unverified, "
                    f"remove it or judge it with `lineage-lint gate models:/{name}/{version}`")
        return f"{said}, so {name} version {version} was removed again{self.cleanup(body)}"

    def cleanup(self, body: dict[str, Any]) -> str:
        """After refusing a version: remove the empty registered model made for it; a note saying so."""
        name = field(body, "name")
        try:
            if isinstance(name, str) and name and self.backend.remove_if_empty(name, EMPTY_MODEL_SECONDS):
                return f" (the empty registered model {name} created for it was removed)"
        except Exception as exc:  # the refusal stands whatever happens here
            LOG.warning("lineage-lint: could not remove the empty registered model %r: %s", name, exc)
        return ""

    def _prompt_model(self, name: Any) -> bool:
        """Whether the registered model ``name`` is itself a prompt (tagged so when it was created)."""
        try:
            model = self.backend.get_registered_model(str(name))
        except Exception:
            return False
        return str(all_tags(model).get(PROMPT_TAG, "false")).lower() == "true"

    def _is_prompt(self, version: Any) -> bool:
        if not is_prompt({PROMPT_TAG: "true"}, version.source, version.run_id, getattr(version, "model_id", None)):
            return False  # whatever its tags say, a version with a model's source or a run is judged
        return self._prompt_model(version.name)


def as_written(created: dict[str, Any]) -> Any:
    """The version a creation wrote, as MLflow's answer describes it (the row it inserted, in the request's own
    transaction), for its judgement once written: its name, number, source, run, logged model and description
    cannot have changed since in a way that matters there. An alias set on it meanwhile is judged under its own
    policy by that alias's own judgement once written, and a run edit racing it by this judgement (the run is
    read again) or by the edit's own; a description removed meanwhile leaves it out of service, where the next
    move judges it as it is then; a version deleted meanwhile stands on nothing. Reading the row again would cost
    a statement and a round trip on every creation."""
    return SimpleNamespace(name=str(created["name"]), version=str(created["version"]),
                           source=str(created.get("source") or ""), run_id=created.get("run_id") or None,
                           model_id=created.get("model_id") or None, description=created.get("description") or None,
                           creation_timestamp=int(created.get("creation_timestamp") or 0),
                           current_stage=created.get("current_stage"), aliases=list(created.get("aliases") or []))


def install(flask_app: Any, gate: ServerGate) -> None:
    """Put the gate's check in front of ``flask_app``'s handlers (after any check registered before it, such
    as basic-auth's: who may act is decided first, then whether the model may go). With
    ``LINEAGE_LINT_GATE_TIMING=1`` each judged response carries a ``Server-Timing`` header with the time the
    plugin took on it in the server, the check and the judgement once written (:meth:`ServerGate.settle`)
    together (wall and CPU milliseconds), which ``bench/bench_gate_load.py`` reads."""
    from flask import Response, g, request

    timing = os.environ.get(TIMING_ENV, "").strip().lower() in ("1", "true", "yes")
    pause = float(os.environ.get(PAUSE_ENV) or 0)

    def refuse(message: str) -> Response:
        message = redact(message)  # a source or an error may carry credentials: neither logged nor answered
        LOG.warning("%s", message)
        body = json.dumps({"error_code": "PERMISSION_DENIED", "message": message})
        return Response(body, status=403, mimetype="application/json")

    def judged(route: Route) -> Response | None:
        if route.query:
            body: dict[str, Any] | None = {key: request.args.get(key) for key in request.args}
        elif not route.body:
            body = {}
        elif request.method in ("POST", "GET"):
            body = request_body(request.get_json(force=True, silent=True))  # as MLflow's handlers read it
        else:  # MLflow reads the query string of a DELETE, and the body when there is one
            body = request_body(request.get_json(force=True, silent=True)) or dict(request.args.items())
        if body is None:
            return refuse("lineage-lint refused the request: its body is not a JSON object, so it cannot be judged")
        try:
            message = gate.check(route.what, body, dict(request.view_args or {}))
        except Exception as exc:  # fail closed: what cannot be judged is not let through
            return refuse(f"lineage-lint could not judge the request, so it is refused: {exc}")
        if message and route.what == "model-versions/create":
            message += gate.cleanup(body)
        if message:
            return refuse(message)
        if route.what in SETTLED or (route.what.startswith("runs/") and gate.freeze.lineage_edit(route.what, body)[1]):
            checked = int(time.time() * 1000)  # a creation answered with an error: versions made since
            g.lineage_lint_written = (route.what, body, dict(request.view_args or {}), checked)  # ServerGate.settle
        if pause:
            time.sleep(pause)
        return None

    def before_request() -> Response | None:
        match = GUARDED.search(request.path)
        route = ROUTES.get(request.endpoint or "") or (Route(match["what"]) if match else None)
        if route is None or request.method not in route.methods:
            return None
        if not timing:
            return judged(route)
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return judged(route)
        finally:
            g.lineage_lint_spent = (time.perf_counter() - started, time.thread_time() - cpu)

    def after_request(response: Response) -> Response:
        if not timing:
            answered: Response = settled(gate, response, refuse)
            return answered
        started, cpu = time.perf_counter(), time.thread_time()
        response = settled(gate, response, refuse)
        spent = g.pop("lineage_lint_spent", None)
        if spent is not None:  # the check and the judgement once written
            wall, used = spent[0] + time.perf_counter() - started, spent[1] + time.thread_time() - cpu
            response.headers.add("Server-Timing", f"lineage-lint;dur={wall * 1000:.3f}, "
                                                  f"lineage-lint-cpu;dur={used * 1000:.3f}")
        return response

    flask_app.before_request(before_request)
    flask_app.after_request(after_request)


def settled(gate: ServerGate, response: Any, refuse: Any) -> Any:
    """The response to a version creation or run edit that passed its check and was written, once what stands
    on it is judged again (:meth:`ServerGate.settle`): a refusal when the new version was removed."""
    from flask import g

    written = g.pop("lineage_lint_written", None)
    if written is None:
        return response
    # An error answer does not mean nothing was written: MLflow's log-batch writes its params, then fails on
    # a metric, and answers 400; its create writes the version, then tags the logged model. What the request
    # touched is judged again whatever the answer (a creation's answer is read only when it succeeded).
    what, body, args, checked = written
    answer = None
    try:
        if what == "model-versions/create" and response.status_code == 200:
            answer = json.loads(response.get_data() or b"{}")
        message, removed = gate.settle(what, body, answer, args, since=checked)
    except Exception as exc:  # the write is done; what could not be judged again is said, not hidden
        LOG.error("lineage-lint could not judge %s again after it was written: %s", what, redact(str(exc)))
        if what != "model-versions/create":
            return response
        return refuse(gate.withdraw(body, answer, exc))  # fail closed: no version stands unjudged
    for each in removed:
        LOG.warning("lineage-lint removed %s: it was registered while its run changed", redact(each))
    return refuse(message) if message else response


def guard_asgi(fastapi_app: Any, gate: ServerGate) -> None:
    """Under uvicorn MLflow serves the artifact proxy's uploads with a FastAPI route, outside Flask's
    ``before_request``: judge them in an ASGI middleware, innermost, so that an authentication middleware
    added before (basic-auth's) decides first who may upload."""
    from starlette.middleware import Middleware

    fastapi_app.user_middleware.append(Middleware(_UploadGuard, gate=gate))


class _UploadGuard:
    """The ASGI middleware :func:`guard_asgi` adds: a refused upload gets the same 403 as a refused request."""

    def __init__(self, app: Any, gate: ServerGate) -> None:
        self.app, self.gate = app, gate

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        match = PROXIED_UPLOAD.search(scope.get("path", "")) if scope.get("type") == "http" else None
        if match is None or scope.get("method") != "PUT":
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        try:
            message = await run_in_threadpool(self.gate.check, "artifacts/upload", {}, {"artifact_path": match["path"]})
        except Exception as exc:  # fail closed
            message = f"lineage-lint could not judge the request, so it is refused: {exc}"
        if message is None:
            await self.app(scope, receive, send)
            return
        message = redact(message)
        LOG.warning("%s", message)
        refusal = JSONResponse({"error_code": "PERMISSION_DENIED", "message": message}, status_code=403)
        await refusal(scope, receive, send)


def as_served(flask_app: Any, gate: ServerGate) -> Any:
    """``flask_app`` as the server MLflow runs wants it: wrapped in MLflow's FastAPI app under uvicorn (with
    the upload guard), as it is under gunicorn and waitress."""
    if serves_asgi():
        from mlflow.server.fastapi_app import create_fastapi_app

        served = create_fastapi_app(flask_app)
        guard_asgi(served, gate)
        return served
    return flask_app


def serves_asgi() -> bool:
    """Whether this process is one of ``mlflow server``'s uvicorn workers (it sets the variable for them)."""
    from mlflow.environment_variables import _MLFLOW_SGI_NAME

    return os.environ.get(_MLFLOW_SGI_NAME.name) == "uvicorn"


def create_app(app: Any = None) -> Any:
    """MLflow's app with the gate in front of it (the ``lineage-gate`` entry point is
    :func:`lineage_lint.mlflow.app.create_app`, which checks the configuration first)."""
    from mlflow.server import app as mlflow_app

    flask_app = app if app is not None else mlflow_app
    gate = ServerGate.from_environment()
    install(flask_app, gate)
    return as_served(flask_app, gate)
