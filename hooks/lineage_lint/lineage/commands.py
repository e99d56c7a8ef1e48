"""``lineage-lint diff | impact | graph`` and ``show MODEL_URI``: parse nothing (cli.py does), answer, report.

Exit status: ``diff`` 0 the lineage is the same, 1 it differs, 2 it cannot decide (a side that cannot be read:
a bad revision, a missing file, a version whose run is gone, a server that cannot be asked). ``impact`` 0
whether or not anything is affected, 1 with ``--fail-if-aliased ALIAS`` when that alias is, 2 when the server
cannot be asked. ``graph`` and ``show`` 0, 2 when the target cannot be read. The server is asked only when a
model URI or ``impact`` needs it, through the client :func:`lineage_lint.mlflow.client.connect` chooses (mlflow
is imported only for a tracking URI that is not http(s)).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from lineage_lint.config import Settings, load_settings
from lineage_lint.engine import Engine, FileResult
from lineage_lint.lineage import compare, gitrev, render
from lineage_lint.lineage.diff import RecordDiff, Side, diff
from lineage_lint.lineage.openlineage_events import OpenLineageMissing
from lineage_lint.lineage.runs import Untraceable, is_model_uri
from lineage_lint.schema_files import PRESET_POLICIES

EXIT_SAME, EXIT_DIFFERS, EXIT_UNDECIDED = 0, 1, 2


class Undecided(Exception):
    """The command cannot answer: exit 2 with this reason on stderr."""


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(Path.cwd(), getattr(args, "config", None))
    policy = getattr(args, "policy", None)
    if policy:
        settings.policy = policy if policy in PRESET_POLICIES else str(Path(policy).resolve())
    size = getattr(args, "max_file_size", None)
    if size is not None:
        if size < 1:
            raise Undecided("--max-file-size must be a positive number of bytes")
        settings.max_file_size = size
    return settings


def _repository(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "repo", None)
    top = gitrev.toplevel(Path(given) if given else Path.cwd())
    if given and top is None:
        raise Undecided(f"{given} is not inside a git repository")
    return top


class Server:
    """The tracking server, connected on first use, with the gate's bounded timeouts and retries."""

    def __init__(self, args: argparse.Namespace) -> None:
        from lineage_lint.mlflow.redact import keep_secrets_of

        self.args = args
        self._backend: Any = None
        keep_secrets_of(getattr(args, "tracking_uri", None))  # masked in whatever is printed

    @property
    def uri(self) -> str:
        return getattr(self.args, "tracking_uri", None) or os.environ.get("MLFLOW_TRACKING_URI", "")

    def backend(self) -> Any:
        """The client (:func:`lineage_lint.mlflow.client.connect` chooses which), within the bounds given."""
        from lineage_lint.mlflow import client

        if self._backend is None:
            try:
                bounds = client.limits(getattr(self.args, "timeout", None), getattr(self.args, "retries", None))
                self._backend = client.connect(getattr(self.args, "tracking_uri", None), bounds)
            except client.Unusable as exc:
                raise Undecided(str(exc)) from None
        return self._backend

    @contextmanager
    def asking(self, what: str) -> Iterator[None]:
        """The server's failures (not found, refused, unreachable) become :class:`Undecided`, in plain words."""
        from lineage_lint.mlflow import client
        from lineage_lint.mlflow.resolve import UsageError

        self.backend()  # connected before MLflow's bounds are set in the environment: the REST client's own apply
        with client.bounded(getattr(self.args, "timeout", None), getattr(self.args, "retries", None)):
            try:
                yield
            except (Undecided, UsageError):
                raise
            except Untraceable as exc:
                raise Undecided(f"{what}: {exc}") from None
            except Exception as exc:
                reason = client.failure(exc, self.uri)
                if reason is None:
                    raise
                raise Undecided(f"{what}: {reason}") from None


def _output(args: argparse.Namespace, write: Callable[[TextIO], None]) -> None:
    if getattr(args, "output", None) is not None:
        with open(args.output, "w", encoding="utf-8") as handle:
            write(handle)
    else:
        write(sys.stdout)


def _write(out: TextIO, text: str) -> None:
    out.write(text)


def _color(args: argparse.Namespace) -> bool:
    from lineage_lint.report.color import wanted

    return wanted(getattr(args, "color", "auto"), sys.stdout if getattr(args, "output", None) is None else None)


def run_command(args: argparse.Namespace) -> int:
    try:
        if args.command == "diff":
            return _diff(args)
        if args.command == "impact":
            return _impact(args)
        if args.command == "graph":
            return _graph(args)
        return show_models(args)
    except (Undecided, compare.SideError, gitrev.RevisionError, LookupError, OpenLineageMissing) as exc:
        print(f"lineage-lint: could not decide: {exc}", file=sys.stderr)
        return EXIT_UNDECIDED


# --- diff ---------------------------------------------------------------------------------------------


def _side(given: str, engine: Engine, repo: Path | None, server: Server) -> Side:
    if is_model_uri(given):
        from lineage_lint.lineage.runs import run_side

        with server.asking(given):
            return run_side(server.backend(), given)
    rev, path = compare.split_rev_path(given)
    if repo is None:
        raise Undecided(f"{given} names a git revision, but there is no git repository here (--repo PATH)")
    return compare.config_side(engine, repo, rev, _repo_path(repo, path))


def _repo_path(repo: Path, path: str) -> str:
    """A path given relative to the working directory, as the repository names it."""
    candidate = Path.cwd() / path
    try:
        return Path(os.path.relpath(candidate.resolve(), repo.resolve())).as_posix()
    except ValueError:
        return path


def _diff(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = Engine(settings)
    repo = _repository(args)
    server = Server(args)
    revisions = None
    if args.rev:
        base, dots, head = args.rev.partition("..")
        if not dots or not base:
            raise Undecided(f"--rev takes BASE..HEAD (e.g. origin/main..HEAD), not {args.rev!r}")
        if repo is None:
            raise Undecided("--rev needs a git repository (run it in a checkout, or --repo PATH)")
        head = head.lstrip(".") or "HEAD"
        paths = [_repo_path(repo, p) for p in args.sides] or None
        results = compare.rev_diffs(engine, repo, base, head, paths)
        revisions = {"base": base, "head": head}
    else:
        if len(args.sides) != 2:
            raise Undecided("diff takes two sides (A B: model URIs or REV:PATH), or --rev BASE..HEAD [PATH ...]")
        a, b = (_side(given, engine, repo, server) for given in args.sides)
        results = [compare.with_code_detail(diff(a, b), engine, repo)]
    everything = args.all
    if args.format == "json":
        _output(args, lambda out: render.render_json(results, out, everything, revisions))
    elif args.format == "markdown":
        header = f"Lineage changes {revisions['base']}..{revisions['head']}" if revisions else ""
        _output(args, lambda out: render.render_markdown(results, out, everything, header))
    else:
        header = f"lineage changes {revisions['base']}..{revisions['head']}" if revisions else ""
        color = _color(args)
        _output(args, lambda out: render.render_text(results, out, everything, color, header))
    if any(result.undecided for result in results):
        for result in results:
            if result.undecided:
                print(f"lineage-lint: could not decide: {result.undecided}", file=sys.stderr)
        return EXIT_UNDECIDED
    return EXIT_DIFFERS if any(result.differs for result in results) else EXIT_SAME


def pull_request_diffs(settings: Settings, repo: Path, base: str, head: str, paths: list[str]) -> list[RecordDiff]:
    """What the Action shows per changed config: ``diff --rev BASE..HEAD PATH...``, the same code."""
    return compare.rev_diffs(Engine(settings), repo, base, head, paths or None)


# --- impact -------------------------------------------------------------------------------------------


def _impact(args: argparse.Namespace) -> int:
    from lineage_lint.lineage import impact, impact_report

    query = impact.DatasetQuery.parse(args.dataset)
    server = Server(args)
    with server.asking(f"impact of {query}"):
        answer = impact.on_server(server.backend(), query, list(args.experiment or []))
    repo = _repository(args)
    if repo is not None and not args.no_repo:
        settings = _settings(args)
        engine = Engine(settings)
        from lineage_lint.discover import discover

        targets = discover([str(repo)], settings)
        results = [(engine.locate(target.path).repo_path, engine.check(target)) for target in targets]
        answer.configs = impact.in_repository(results, query, repo)
    _output(args, lambda out: impact_report.RENDERERS[args.format](answer, out))
    if args.fail_if_aliased and answer.aliased(args.fail_if_aliased):
        print(f"lineage-lint: @{args.fail_if_aliased} is affected: "
              + ", ".join(f"{v.name}/{v.version}" for v in answer.aliased(args.fail_if_aliased)), file=sys.stderr)
        return EXIT_DIFFERS
    return EXIT_SAME


# --- graph and show -----------------------------------------------------------------------------------


def _graph(args: argparse.Namespace) -> int:
    from lineage_lint.lineage import graph as graphs

    target: str = args.target
    if target.startswith("models:/") or target.startswith("runs:/"):
        model = _version_nodes(args, target)
        drawn = graphs.model_graph(model)
    else:
        settings = _settings(args)
        engine = Engine(settings)
        from lineage_lint.discover import discover

        targets = discover([target], settings)
        if not targets or not Path(target).exists():
            raise Undecided(f"{target}: no config to draw")
        shared = graphs.Graph() if len(targets) > 1 else None  # one config: the short ids the summary uses
        drawn = shared or graphs.Graph()
        for found in targets:
            result = engine.check(found)
            if result.record is None:
                raise Undecided(f"{found.display} cannot be read as a config")
            drawn = graphs.config_graph(result.record, shared)
    _output(args, lambda out: _write(out, drawn.render(args.format)))
    return EXIT_SAME


def _version_nodes(args: argparse.Namespace, target: str) -> list[Any]:
    """Every version of ``models:/NAME`` (or the one a URI names), each resolved as the gate resolves it."""
    from lineage_lint.lineage.graph import VersionNode
    from lineage_lint.lineage.runs import lineage_of
    from lineage_lint.mlflow.resolve import logged_model_id, version_run
    from lineage_lint.mlflow.run_record import run_record

    server = Server(args)
    name = target[len("models:/"):].strip("/") if target.startswith("models:/") else ""
    nodes: list[VersionNode] = []
    with server.asking(target):
        backend = server.backend()
        if name and "/" not in name and "@" not in name and not name.startswith("m-"):
            registered = backend.get_registered_model(name)
            aliases: dict[str, list[str]] = {}
            for alias, version in (getattr(registered, "aliases", None) or {}).items():
                aliases.setdefault(str(version), []).append(str(alias))
            from lineage_lint.lineage.impact import pages

            notes: list[str] = []
            versions = list(pages(lambda token: backend.search_model_versions(
                filter_string=f"name = '{_escape(name)}'", max_results=1000, page_token=token), notes, "versions"))
            for version in sorted(versions, key=lambda v: int(v.version)):
                resolution = version_run(backend, version)
                record = run_record(resolution.run, version).record if resolution.run is not None else None
                nodes.append(VersionNode(name, str(version.version), aliases.get(str(version.version), []),
                                         logged_model_id(version),
                                         resolution.run.info.run_id if resolution.run is not None else None,
                                         record, resolution.unlinked))
            if not nodes:
                raise Undecided(f"registered model {name} has no versions")
            return nodes
        lineage, version, _ = lineage_of(backend, target)
        if version is None:
            return [VersionNode("run", lineage.run_id[:12], [], None, lineage.run_id, lineage.record)]
        registered = backend.get_registered_model(version.name)
        held = (getattr(registered, "aliases", None) or {}).items()
        mine = [str(alias) for alias, number in held if str(number) == str(version.version)]
        return [VersionNode(str(version.name), str(version.version), mine, logged_model_id(version),
                            lineage.run_id, lineage.record)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


def show_models(args: argparse.Namespace, paths: list[str] | None = None) -> int:
    """``show`` with model URIs: the gate's record of each, without the judgement (and the files as usual)."""
    from lineage_lint import show
    from lineage_lint.discover import require_existing, show_targets

    server = Server(args)
    results: list[FileResult] = []
    runs: list[Any] = []  # the MLflow run of each model URI (None for files): what an OpenLineage run event needs
    engine: Engine | None = None
    given_paths = paths if paths is not None else args.paths
    require_existing([given for given in given_paths if not is_model_uri(given)])
    for given in given_paths:
        if is_model_uri(given):
            from lineage_lint.lineage.runs import lineage_of

            with server.asking(given):
                lineage, _, run = lineage_of(server.backend(), given)
            results.append(FileResult(given, lineage.record, []))
            runs.append(run)
        else:
            engine = engine or Engine(_settings(args))
            for target in show_targets([given], engine.settings):
                results.append(engine.check(target))
                runs.append(None)
    if args.format == "openlineage":
        return _openlineage(args, results, runs, engine.settings.root if engine else Path.cwd())
    if args.format == "json":
        show.render_json(results, sys.stdout)
    else:
        show.render_text(results, sys.stdout, color=_color(args))
    return EXIT_SAME


def _openlineage(args: argparse.Namespace, results: list[FileResult], runs: list[Any], root: Path) -> int:
    """``show --format openlineage``: one event per line (a run event per model URI, a job event per training
    config), or with ``--emit`` sent through the client's configured transport."""
    from lineage_lint.lineage import openlineage_events as ol

    events = []
    for result, run in zip(results, runs, strict=True):
        record = result.record
        if run is not None and record is not None:
            events.append(ol.build_event(ol.run_facts(record, run)))
        elif record is None or not record.applicable or record.role != "training":
            why = "it could not be read" if record is None else (
                record.reason if not record.applicable else f"it is a {record.role}, not a training config")
            print(f"lineage-lint: no OpenLineage event for {result.path}: {why}", file=sys.stderr)
        else:
            events.append(ol.build_event(ol.config_facts(record, Path(result.path), root)))
    if not args.emit:
        sys.stdout.write("".join(ol.to_json(event) + "\n" for event in events))
        return EXIT_SAME
    try:
        client = ol.client_for(True)
    except ol.OpenLineageMissing:
        raise
    except Exception as exc:  # the client's own configuration (openlineage.yml, OPENLINEAGE__*) is refused
        raise Undecided(f"the OpenLineage client could not be configured: {type(exc).__name__}: {exc}") from None
    try:
        ol.emit(events, client)
    except Exception as exc:  # the transport's failure (refused, HTTP error, unwritable file): not sent
        raise Undecided(ol.not_sent(exc, client)) from None
    print(f"lineage-lint: sent {len(events)} OpenLineage event{'s' * (len(events) != 1)} through the "
          f"{ol.transport_kind(client) or 'configured'} transport", file=sys.stderr)
    return EXIT_SAME if len(events) == len(results) else EXIT_UNDECIDED
