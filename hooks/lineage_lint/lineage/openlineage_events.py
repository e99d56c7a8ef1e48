"""OpenLineage out: a lineage record as OpenLineage events, built and sent with the ``openlineage-python``
client (the ``openlineage`` extra), imported only here and only when an event is built.

- **job** = the training config: namespace ``OPENLINEAGE_NAMESPACE`` (default ``default``), name its
  repository-relative path (a run that records no config: its ``mlflow.source.name``, else its experiment);
  facets ``sourceCodeLocation`` (git, the commit, a link to the file at that commit when the remote is a
  known forge) and ``lineageLint_config`` (path, sha256, profile, composed files, commit, tree state, the
  seed the config declares).
- **run** = the MLflow run (its 32-hex id is the OpenLineage ``runId`` as a UUID); facets ``lineageLint_seed``
  (the run seed: status, key, value, where) and ``tags`` (the MLflow run and experiment, the CI context).
- **inputs** = the datasets, named by OpenLineage's naming spec (:func:`dataset_identity`); facets ``version``
  (``DatasetVersionDatasetFacet``: the version, else the digest) and ``lineageLint_pin`` (pin, digest,
  evidence), input facet ``lineageLint_input`` (config key, where, training/evaluation).

A config alone (``show --format openlineage configs/train.yaml``) has no run: it is a ``JobEvent``, the
static lineage of the job. The custom facets' schema is ``schemas/openlineage-facets.schema.json``.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lineage_lint.record import DatasetRef, LineageRecord, SeedVerdict
from lineage_lint.values import is_hub_id, split_inline_revision

DEFAULT_NAMESPACE = "default"  # OpenLineage's (and Marquez's) default job namespace
INSTALL_HINT = ("OpenLineage events need the openlineage-python client: pip install 'lineage-lint[openlineage]' "
                "(in a clone of lineage-lint: pip install '.[openlineage]')")
# MLflow run status -> the OpenLineage run state it ended (or is) in.
RUN_STATES = {"FINISHED": "COMPLETE", "FAILED": "FAIL", "KILLED": "ABORT", "RUNNING": "RUNNING",
              "SCHEDULED": "START"}
# Object stores and file systems whose namespace is scheme://authority and whose name is the key or path
# (OpenLineage's naming spec: S3, GCS, ABFSS, WASBS, HDFS, DBFS...).
_STORE_SCHEMES = {"s3a": "s3", "s3n": "s3", "gcs": "gs"}
_URI = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):(?P<rest>/.*)$")
_PATH_KEY = re.compile(r"(?:^|[._\-\[\]])(?:dir|path|paths|file|files|folder|root|directory|filepath)(?:$|[._\-\[\]])",
                       re.I)
_SCP_REMOTE = re.compile(r"^(?:[\w.\-]+@)?(?P<host>[\w.\-]+):(?P<path>(?!//)[^\s]+)$")


class OpenLineageMissing(RuntimeError):
    """The openlineage-python client is not installed."""


@dataclass
class Facts:
    """What an event says, gathered from a config, a ``log_lineage`` call or an MLflow run."""

    record: LineageRecord
    job_name: str
    run_id: str | None = None  # None: a JobEvent (a config, no run)
    event_type: str = "OTHER"
    event_time: str = ""
    commit: str | None = None
    tree: str | None = None
    repo_url: str | None = None
    repo_dir: Path | None = None
    config_path: str | None = None
    config_sha256: str | None = None
    config_seed: SeedVerdict | None = None  # the seed the config declares (when the config was read)
    locations: dict[int, str] = field(default_factory=dict)  # dataset index -> where its data lives
    tags: dict[str, str] = field(default_factory=dict)  # run tags: MLflow ids, CI context


def namespace() -> str:
    return os.environ.get("OPENLINEAGE_NAMESPACE", "").strip() or DEFAULT_NAMESPACE


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def from_millis(millis: int | None) -> str:
    if not millis:
        return now()
    return datetime.datetime.fromtimestamp(millis / 1000, datetime.timezone.utc).isoformat()


def run_uuid(run_id: str) -> str:
    """An MLflow run id (32 hex digits) as the UUID OpenLineage wants; any other id, a UUID derived from it."""
    try:
        return str(uuid.UUID(hex=run_id))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mlflow-run:{run_id}"))


# --- naming ---------------------------------------------------------------------------------------------


def dataset_identity(reference: str, key: str, fallback: str) -> tuple[str, str]:
    """(namespace, name) of a dataset by OpenLineage's naming spec: ``s3://bucket`` + key, ``gs://bucket`` +
    key, ``abfss://container@service`` + path, ``hdfs://host:port`` + path, ``file`` + a local path (``file://host``
    for a remote one); a Hugging Face hub id ``hf://datasets`` + ``org/name`` (the spec has no row for the hub:
    this is its fsspec URI split the same way); any other URI ``scheme://authority`` + path. A bare registered
    name (``imagenet``) has no datasource: it goes in ``fallback`` (the job namespace). A revision the
    reference carries (``@v1``, ``?versionId=``) is left out of the name: it is the version facet's."""
    text = split_inline_revision(reference.strip())[0] or reference.strip()
    parts = urlsplit(text) if "://" in text else None
    if parts is not None and parts.scheme:
        scheme = _STORE_SCHEMES.get(parts.scheme.lower(), parts.scheme.lower())
        path = parts.path
        if scheme == "file":
            host = parts.netloc if parts.netloc not in ("", "localhost") else ""
            return (f"file://{host}" if host else "file"), path or "/"
        if scheme in ("http", "https") and parts.netloc.lower() in ("huggingface.co", "www.huggingface.co") \
                and path.startswith("/datasets/"):
            return "hf://datasets", _hub_name(path[len("/datasets/"):])
        if scheme == "hf":
            return f"hf://{parts.netloc}", _hub_name(path.lstrip("/"))
        if scheme in ("bq", "bigquery"):
            return "bigquery", (parts.netloc + path).strip("/")
        return f"{scheme}://{parts.netloc}", path.lstrip("/") or "/"
    uri = _URI.match(text)
    if uri is not None and len(uri["scheme"]) > 1:  # dbfs:/path (a one-letter scheme is a Windows drive)
        return uri["scheme"].lower(), uri["rest"]
    if text.startswith(("/", "./", "../", "~")) or "\\" in text or re.match(r"^[A-Za-z]:[\\/]", text):
        return "file", posixpath.normpath(text.replace("\\", "/"))
    if "/" in text and is_hub_id(text) and not _PATH_KEY.search(key):
        return "hf://datasets", text
    if "/" in text or "." in text.rsplit("/", 1)[-1]:  # a relative path, or a file name
        return "file", posixpath.normpath(text)
    return fallback, text


def _hub_name(path: str) -> str:
    """``org/name/resolve/<rev>/file`` or ``org/name@rev/file`` -> ``org/name/file``."""
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) > 3 and segments[2] in ("resolve", "blob", "tree"):
        segments = segments[:2] + segments[4:]
    if len(segments) > 1 and "@" in segments[1]:
        segments[1] = segments[1].split("@", 1)[0]
    return "/".join(segments)


def web_url(repo_url: str) -> str | None:
    """A remote's URL as https without credentials or ``.git`` (``git@github.com:o/r.git`` ->
    ``https://github.com/o/r``); None for a local path."""
    text = repo_url.strip()
    scp = _SCP_REMOTE.match(text) if "://" not in text else None
    if scp is not None:
        return f"https://{scp['host']}/{scp['path'].removesuffix('.git').strip('/')}"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https", "ssh", "git") or not parts.hostname:
        return None
    host = parts.hostname + (f":{parts.port}" if parts.port and parts.scheme in ("http", "https") else "")
    return f"https://{host}/{parts.path.removesuffix('.git').strip('/')}"


def file_url(web: str, commit: str, path: str) -> str:
    """A link to ``path`` at ``commit``: GitHub's and GitLab's layout for their hosts, else the repository."""
    host = urlsplit(web).hostname or ""
    if host == "github.com" or host.startswith("github."):
        return f"{web}/blob/{commit}/{path}"
    if host == "gitlab.com" or host.startswith("gitlab."):
        return f"{web}/-/blob/{commit}/{path}"
    return web


# --- events ---------------------------------------------------------------------------------------------


def _client_modules() -> Any:
    try:
        from lineage_lint.lineage import openlineage_facets
    except ImportError as exc:
        raise OpenLineageMissing(f"{INSTALL_HINT} ({exc})") from None
    return openlineage_facets


def build_event(facts: Facts) -> Any:
    """The ``RunEvent`` (or, without a run, ``JobEvent``) of ``facts``, as the client's own classes."""
    custom = _client_modules()
    from openlineage.client.event_v2 import InputDataset, Job, JobEvent, Run, RunEvent, RunState
    from openlineage.client.facet_v2 import dataset_version_dataset, source_code_location_job, tags_run

    producer = custom.PRODUCER
    job_ns = namespace()
    record = facts.record
    job_facets: dict[str, Any] = {}
    location = _source_location(facts)
    if location is not None:
        url, repo = location
        job_facets["sourceCodeLocation"] = source_code_location_job.SourceCodeLocationJobFacet(
            type="git", url=url, repoUrl=repo, path=facts.config_path, version=facts.commit, producer=producer)
    declared = None
    if facts.config_seed is not None:
        seed = facts.config_seed
        declared = custom.DeclaredSeed(seed.status, seed.key, _seed_value(seed), str(seed.origin))
    job_facets[custom.CONFIG] = custom.ConfigJobFacet(
        path=facts.config_path, sha256=facts.config_sha256, profile=record.profile if facts.config_seed else None,
        sources=list(record.sources) if facts.config_seed and record.sources else None, commit=facts.commit,
        tree=facts.tree, seed=declared, producer=producer)
    job = Job(namespace=job_ns, name=facts.job_name, facets=job_facets)
    inputs = []
    for index, ref in enumerate(record.datasets):
        data_ns, name = dataset_identity(facts.locations.get(index) or ref.ref, ref.key, job_ns)
        facets: dict[str, Any] = {}
        version = ref.version or ref.digest
        if version:
            facets["version"] = dataset_version_dataset.DatasetVersionDatasetFacet(datasetVersion=version,
                                                                                   producer=producer)
        facets[custom.PIN] = custom.PinDatasetFacet(pin=ref.pin, digest=ref.digest, evidence=ref.evidence,
                                                    note=ref.note.lstrip("; ") or None, producer=producer)
        use = custom.InputUseInputDatasetFacet(key=ref.key, declaredIn=str(ref.origin), context=_context(ref),
                                               producer=producer)
        inputs.append(InputDataset(namespace=data_ns, name=name, facets=facets, inputFacets={custom.INPUT: use}))
    event_time = facts.event_time or now()
    if facts.run_id is None:
        return JobEvent(eventTime=event_time, producer=producer, job=job, inputs=inputs)
    seed = record.seed
    run_facets: dict[str, Any] = {custom.SEED: custom.SeedRunFacet(
        status=seed.status, key=seed.key, value=_seed_value(seed), declaredIn=str(seed.origin),
        note=seed.note or None, producer=producer)}
    if facts.tags:
        run_facets["tags"] = tags_run.TagsRunFacet(
            tags=[tags_run.TagsRunFacetFields(key, value, "LINEAGE_LINT") for key, value in sorted(facts.tags.items())],
            producer=producer)
    return RunEvent(eventType=RunState(facts.event_type), eventTime=event_time, producer=producer,
                    run=Run(runId=run_uuid(facts.run_id), facets=run_facets), job=job, inputs=inputs)


def _seed_value(seed: SeedVerdict) -> int | str | None:
    value = seed.value
    if value is None or (isinstance(value, (int, str)) and not isinstance(value, bool)):
        return value
    return str(value).lower() if isinstance(value, bool) else str(value)


def _context(ref: DatasetRef) -> str | None:
    if ref.context is not None:
        return ref.context
    from lineage_lint.mlflow.log import dataset_context

    return dataset_context(ref)


def _source_location(facts: Facts) -> tuple[str, str] | None:
    """(url, repoUrl) of the code: a link to the config at its commit on a known forge, the remote itself, or
    the local repository as a file URL; None without a commit."""
    if not facts.commit:
        return None
    web = web_url(facts.repo_url) if facts.repo_url else None
    if web is not None:
        return (file_url(web, facts.commit, facts.config_path) if facts.config_path else web), web
    if facts.repo_dir is not None:
        local = facts.repo_dir.resolve().as_uri()
        return local, local
    return None


def to_json(event: Any) -> str:
    """One event as one line of JSON (the client's own serialisation: nulls left out, keys sorted)."""
    from openlineage.client.serde import Serde

    return Serde.to_json(event)


# --- sending --------------------------------------------------------------------------------------------


def client_for(target: Any) -> Any:
    """An ``OpenLineageClient`` for ``target``: ``True`` (the client's own configuration: ``OPENLINEAGE_URL``,
    ``openlineage.yml``, ``OPENLINEAGE__*`` variables), a client, or a transport (http, file, console, kafka...)."""
    try:
        from openlineage.client import OpenLineageClient
        from openlineage.client.transport import Transport
    except ImportError as exc:
        raise OpenLineageMissing(f"{INSTALL_HINT} ({exc})") from None
    if isinstance(target, OpenLineageClient):
        return target
    if isinstance(target, Transport):
        return OpenLineageClient(transport=target)
    if target is True:
        return OpenLineageClient()
    raise TypeError(f"openlineage= takes True (the client's own configuration), an OpenLineageClient or a "
                    f"transport, not {type(target).__name__}")


def transport_kind(client: Any) -> str:
    return str(getattr(getattr(client, "transport", None), "kind", "") or "")


def not_sent(exc: BaseException, client: Any, what: str = "the OpenLineage events") -> str:
    """Why ``client``'s transport could not send, in plain words and with where it sent to (credentials
    hidden): the HTTP status the endpoint answered, or the connection's failure found in the exception chain
    (requests wraps urllib3's retry error, which wraps the socket's), never the raw retry text."""
    from lineage_lint.mlflow.redact import redact

    transport = getattr(client, "transport", None)
    url = getattr(getattr(transport, "config", None), "url", None)
    where = f"the {transport_kind(client) or 'configured'} transport" + (f" to {redact(str(url))}" if url else "")
    return f"{what} could not be sent through {where}: {_failure(exc)}"


def _failure(exc: BaseException) -> str:
    import socket

    status = getattr(getattr(exc, "response", None), "status_code", None)
    if isinstance(status, int):
        return f"the endpoint answered HTTP {status}"
    seen: list[BaseException] = []
    pending: list[BaseException] = [exc]
    while pending:
        item = pending.pop(0)
        if any(item is known for known in seen) or len(seen) > 20:
            continue
        seen.append(item)
        if isinstance(item, ConnectionRefusedError):
            return "connection refused"
        if isinstance(item, socket.gaierror):
            return "its host name does not resolve"
        if isinstance(item, TimeoutError) or type(item).__name__ in ("Timeout", "ReadTimeout", "ConnectTimeout",
                                                                       "ReadTimeoutError", "ConnectTimeoutError"):
            return "no answer in time"
        nested = [*item.args, getattr(item, "reason", None), item.__cause__, item.__context__]
        pending.extend(value for value in nested if isinstance(value, BaseException))
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}" + (f": {text[:200]}" if text else "")


def emit(events: list[Any], target: Any) -> Any:
    """Send ``events`` through ``target``'s transport; returns the client (its transport says where they went).
    The transport's failures propagate."""
    client = client_for(target)
    for event in events:
        client.emit(event)
    return client


# --- facts ----------------------------------------------------------------------------------------------


def config_facts(record: LineageRecord, file: Path, root: Path) -> Facts:
    """A config as a job (no run): its commit when the working tree is clean, its remote, its sha256."""
    import hashlib

    from lineage_lint.gitrun import code_state, remote_url

    repo_path = record.sources[0] if record.sources else file.as_posix()
    commit, tree = code_state(root, repo_path)
    try:
        sha256: str | None = hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        sha256 = None
    return Facts(record, repo_path, commit=commit, tree=tree if commit else None,
                 repo_url=remote_url(root) if commit else None, repo_dir=root if commit else None,
                 config_path=repo_path, config_sha256=sha256, config_seed=record.seed)


def run_facts(record: LineageRecord, run: Any) -> Facts:
    """An MLflow run (as the gate reads it) as a run of its config's job: the state it is in, where its inputs
    live (their sources), its commit and remote (``mlflow.source.git.repoURL``), its CI context."""
    from lineage_lint.mlflow.redact import redact
    from lineage_lint.mlflow.run_record import source_location

    info = run.info
    tags = dict(run.data.tags or {})
    status = str(getattr(info, "status", "") or "")
    state = RUN_STATES.get(status, "OTHER")
    ended = state in ("COMPLETE", "FAIL", "ABORT")
    config = record.config
    job = (config.path if config and config.path else None) or tags.get("mlflow.source.name") \
        or f"mlflow-experiment-{info.experiment_id}"
    locations = {}
    for index, dataset_input in enumerate(getattr(getattr(run, "inputs", None), "dataset_inputs", None) or []):
        where = source_location(dataset_input.dataset)
        if where:
            locations[index] = where
    run_tags = {"mlflow.run_id": str(info.run_id), "mlflow.experiment_id": str(info.experiment_id)}
    if record.ci is not None:
        for key, value in (("ci.provider", record.ci.provider), ("triggered_by", record.ci.triggered_by),
                           ("ci.job_url", record.ci.job_url)):
            if value:
                run_tags[key] = redact(value)
    repo_url = tags.get("mlflow.source.git.repoURL")
    return Facts(record, job, run_id=str(info.run_id), event_type=state,
                 event_time=from_millis(getattr(info, "end_time" if ended else "start_time", None)),
                 commit=record.code.commit if record.code else None, tree=record.code.tree if record.code else None,
                 repo_url=repo_url, config_path=config.path if config else None,
                 config_sha256=config.sha256 if config else None, locations=locations, tags=run_tags)
