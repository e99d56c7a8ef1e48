"""The ``lineage-lint`` command line. Parsing (:func:`parse_args`) is kept apart from running.

Exit status: 0 when nothing at error level is found, 1 when something is, 2 for usage or configuration
errors. ``show``, ``rule``, ``rules`` and ``profiles`` exit 0 whatever they find (2 on usage errors). The
MLflow commands (``gate``, ``promote``, ``register``) exit 0 pass, 1 lineage missing or inconsistent, 2 could
not decide; they live in :mod:`lineage_lint.mlflow.commands`, imported (with mlflow) only when they run.
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lineage_lint import __version__
from lineage_lint.config import ConfigError, PolicyError, Settings, did_you_mean, load_settings
from lineage_lint.discover import Target, discover, nothing_checked, require_existing, show_targets
from lineage_lint.report import FORMATS, Run, encodable, escape_line, reporter, resolve_format
from lineage_lint.report.output import OutputPathError, open_report
from lineage_lint.results import FileResult
from lineage_lint.runner import Checker, Progress, fewer_collections
from lineage_lint.schema_files import PRESET_POLICIES

if TYPE_CHECKING:
    from lineage_lint.cache import Cache
    from lineage_lint.engine import Engine

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_BASELINE = "lineage-lint-baseline.json"
SKIPPED_SHOWN = 5  # excluded files named on the command line, each said on stderr with the reason


def _columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` gives it (``COLUMNS``, else the width of the
    terminal on standard output, else 80), without importing :mod:`shutil`."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, given the terminal's width: left to find it, it imports :mod:`shutil` (with
    the compression modules shutil imports) for each parser made, which a run that prints no help never needs."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None,
                 **more: Any) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width, **more)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help is formatted by :class:`_Formatter` (its subcommands' parsers are of its
    class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def build_parser(only_check: bool = False) -> argparse.ArgumentParser:
    """The parser of every command, or (``only_check``, for a command line that starts with ``check``: the
    hook's) of ``check`` alone, which parses ``check`` the same."""
    parser = _Parser(
        prog="lineage-lint",
        description="Refuse training configs whose random seed and dataset versions cannot be traced.",
    )
    parser.add_argument("--version", action="version", version=f"lineage-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="check configs against the policy (the pre-commit hook)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    check.add_argument("--format", default="auto", choices=("auto", *FORMATS),
                       help="output format; auto is github under GitHub Actions, else text")
    check.add_argument("--output", "-o", type=Path, help="write the report to this file instead of stdout")
    _common(check)
    check.add_argument("--baseline", type=Path, help="accept the findings listed in this baseline file")
    check.add_argument("--write-baseline", action="store_true",
                       help=f"write the current findings to the baseline file (--baseline, the configured "
                            f"baseline, or {DEFAULT_BASELINE}) and exit 0")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--statistics", action="store_true",
                       help="print how many findings each rule raised instead of the findings (text, or json "
                            "with --format json)")
    check.add_argument("--no-dependents", action="store_true",
                       help="when a base or dataset definition is given, do not also check the configs composed "
                            "from it")
    check.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                       help="worker processes, or auto (the default, or `jobs` in the configuration): every core "
                            f"when more than {AUTO_JOBS_FROM} files are to be checked")
    check.add_argument("--no-cache", action="store_true",
                       help="neither use nor update the cache of results of unchanged files")
    check.add_argument("--verbose", "-v", action="store_true",
                       help="say on stderr how many files were checked afresh and how many came from the cache")
    if only_check:
        return parser

    show = commands.add_parser("show", help="print what lineage-lint understood about each file")
    show.add_argument("paths", nargs="+", metavar="PATH")
    show.add_argument("--format", default="text", choices=("text", "json", "openlineage"),
                      help="openlineage: one OpenLineage event per line (a job event per config, a run event per "
                           "model URI; needs the openlineage extra)")
    show.add_argument("--emit", action="store_true",
                      help="with --format openlineage: send the events through the OpenLineage client's configured "
                           "transport (OPENLINEAGE_URL, openlineage.yml) instead of printing them")
    show.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    show.add_argument("--explain", action="store_true",
                      help="also list each key considered as a dataset or seed, whether it was taken, and why")
    _common(show)

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", metavar="CODE", help="a rule code (LL102) or name (seed-random)")
    profiles = commands.add_parser("profiles", help="list the framework profiles, in the order they are tried")
    profiles.add_argument("--format", default="text", choices=("text", "markdown"),
                          help="markdown prints the full reference (docs/profiles.md)")
    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", default="text", choices=("text", "markdown"),
                       help="markdown prints the full reference (docs/rules.md)")
    _mlflow_commands(commands)
    _lineage_commands(commands, show)
    return parser


GATE_FORMATS = ("text", "json", "github", "markdown")


def _mlflow_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    gate = commands.add_parser("gate", help="judge an MLflow model version's (or run's) lineage: exit 0/1/2")
    gate.add_argument("uri", metavar="MODEL_URI", help="models:/NAME/VERSION, models:/NAME@ALIAS or runs:/RUN_ID")
    promote = commands.add_parser("promote", help="gate a model version, then set an alias or stage and audit tags")
    promote.add_argument("uri", metavar="MODEL_URI", help="models:/NAME/VERSION or models:/NAME@ALIAS")
    move = promote.add_mutually_exclusive_group(required=True)
    move.add_argument("--alias", help="the alias to point at the version (e.g. champion)")
    move.add_argument("--stage", help="the stage to move the version to (Staging, Production; deprecated in MLflow)")
    promote.add_argument("--archive-existing", action="store_true", help="with --stage: archive the versions in it")
    register = commands.add_parser("register", help="gate a run, then register its model as a new version")
    register.add_argument("uri", metavar="RUN_URI", help="runs:/RUN_ID[/MODEL_NAME] or models:/<model_id>")
    register.add_argument("--name", required=True, help="the registered model's name")
    for sub in (gate, promote, register):
        sub.add_argument("--tracking-uri", help="the tracking server (default: MLFLOW_TRACKING_URI)")
        sub.add_argument("--policy", help="run-default, run-strict, or a JSON Schema file (overrides config)")
        sub.add_argument("--config", type=Path, help="configuration file (default: search upward from here)")
        sub.add_argument("--format", default="text", choices=GATE_FORMATS, help="report format")
        sub.add_argument("--output", "-o", type=Path, help="write the report to this file instead of stdout")
        sub.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                         help="colour the text report (auto: on a terminal; NO_COLOR and FORCE_COLOR honoured)")
        sub.add_argument("--repo", help="git repository to read the run's config from at its commit "
                                        "(default: the one around the working directory)")
        sub.add_argument("--no-consistency", action="store_true",
                         help="do not compare the run with its config at the run's commit")
        sub.add_argument("--timeout", type=int, metavar="SECONDS",
                         help="per request, and for the whole decision (default: MLFLOW_HTTP_REQUEST_TIMEOUT, else 15)")
        sub.add_argument("--retries", type=int,
                         help="retries per request (default: MLFLOW_HTTP_REQUEST_MAX_RETRIES, else 2)")
        if sub is not gate:
            sub.add_argument("--dry-run", action="store_true", help="gate and say what would be done; change nothing")
            sub.add_argument("--model-card", action="store_true",
                             help="write the version's description from its lineage (a marked Markdown section, "
                                  "below any hand-written text, replaced on later runs)")


def _lineage_commands(commands: argparse._SubParsersAction, show: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """diff, impact, graph (lineage_lint.lineage.commands); ``show`` also reads model URIs."""
    diff = commands.add_parser("diff", help="compare the lineage of two model versions or configs: exit 0 same, "
                                            "1 differs, 2 cannot decide")
    diff.add_argument("sides", nargs="*", metavar="SIDE",
                      help="A B: models:/NAME/VERSION, models:/NAME@ALIAS, runs:/RUN_ID or REV:PATH; with --rev, "
                           "the paths to limit the diff to")
    diff.add_argument("--rev", metavar="BASE..HEAD", help="diff every config whose sources changed between commits")
    diff.add_argument("--all", action="store_true", help="show what is the same too")
    diff.add_argument("--format", default="text", choices=("text", "json", "markdown"))
    diff.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    impact = commands.add_parser("impact", help="which runs, models and aliases a dataset reached, and which "
                                                "configs declare it")
    impact.add_argument("dataset", metavar="DATASET", help="NAME, NAME@VERSION or NAME#DIGEST")
    impact.add_argument("--experiment", action="append", metavar="NAME",
                        help="search this experiment (name or id; repeat; default: every experiment)")
    impact.add_argument("--format", default="text", choices=("text", "json", "markdown", "mermaid"))
    impact.add_argument("--fail-if-aliased", metavar="ALIAS", help="exit 1 when a version holding ALIAS is affected")
    impact.add_argument("--no-repo", action="store_true", help="do not search the repository's configs")
    graph = commands.add_parser("graph", help="draw lineage: a config, a model URI or models:/NAME (every version)")
    graph.add_argument("target", metavar="TARGET", help="a config path, models:/NAME, models:/NAME/VERSION, runs:/ID")
    graph.add_argument("--format", default="mermaid", choices=("mermaid", "dot", "json"))
    for sub in (diff, impact, graph, show):
        sub.add_argument("--tracking-uri", help="the tracking server (default: MLFLOW_TRACKING_URI)")
        sub.add_argument("--timeout", type=int, metavar="SECONDS", help="per request to the tracking server")
        sub.add_argument("--retries", type=int, help="retries per request to the tracking server")
    for sub in (diff, impact, graph):
        sub.add_argument("--repo", help="the git repository (default: the one around the working directory)")
        sub.add_argument("--output", "-o", type=Path, help="write the report to this file instead of stdout")
        _common(sub)


AUTO_JOBS_FROM = 300  # lineage_lint.runner's; repeated here so that --help imports no runner


def _jobs(text: str) -> int | None:
    if text == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is neither a number of processes (1 or more) nor auto")
    return value


def _common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--config", type=Path, help="configuration file (default: search upward from here)")
    sub.add_argument("--policy", help="policy: default, strict, or a JSON Schema file (overrides config)")
    sub.add_argument("--max-file-size", type=int, metavar="BYTES", help="refuse larger files (LL007)")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; a usage error is reported by the subcommand it concerns, with a did-you-mean."""
    given = list(sys.argv[1:] if argv is None else argv)
    paths = _only_paths(given)
    if paths is not None:  # `check PATH...` (the hook's command line): no parser to build
        return argparse.Namespace(**CHECK_DEFAULTS, paths=paths)
    parser = build_parser(only_check=given[:1] == ["check"])
    subcommands = _subcommands(parser)
    if not given:  # bare `lineage-lint`: the help, not just an error
        parser.print_help(sys.stderr)
        raise SystemExit(EXIT_USAGE)
    first = given[0]
    if not first.startswith("-") and first not in subcommands:
        parser.error(f"unknown command {first!r}{did_you_mean(first, list(subcommands))}; see `lineage-lint --help`")
    split = _paths_apart(subcommands["check"], given) if first == "check" else None
    if split is not None:  # argparse then reads the options alone: its handling of each path costs ~1 µs
        options, paths = split
        args, extras = parser.parse_known_args(["check", *options])
        args.paths = paths
    else:
        args, extras = parser.parse_known_args(given)
    if extras:
        sub = subcommands[args.command]
        options = [option for action in sub._actions for option in action.option_strings]
        hints = [extra + did_you_mean(extra.split("=", 1)[0], options) for extra in extras]
        sub.error(f"unrecognized arguments: {' '.join(hints)}")
    return args


# What argparse gives `check` for each option not given (a test compares): a command line of `check` and paths
# alone is read without building a parser, which costs a warm run over a few thousand files about a tenth of
# the time it takes to read them (argparse looks up its messages' translations, and formats each option).
CHECK_DEFAULTS = {
    "command": "check", "format": "auto", "output": None, "config": None, "policy": None, "max_file_size": None,
    "baseline": None, "write_baseline": False, "color": "auto", "statistics": False, "no_dependents": False,
    "jobs": None, "no_cache": False, "verbose": False,
}


def _only_paths(given: list[str]) -> list[str] | None:
    """The paths of a command line that is ``check`` followed by paths alone (none of them an option: starting
    with ``-``, ``-`` itself aside, which argparse reads as a path too), else None."""
    if given[:1] != ["check"] or any(token.startswith("-") and token != "-" for token in given[1:]):
        return None
    return given[1:]


def _paths_apart(check: argparse.ArgumentParser, given: list[str]) -> tuple[list[str], list[str]] | None:
    """``check``'s options and its paths, when they can be told apart without argparse (the paths one run,
    before or after the options; every option spelt out as defined, its value, if any, not starting with
    ``-``), which then parses exactly as argparse would; else None (argparse reads everything)."""
    takes_value = {option: action.nargs != 0 for action in check._actions for option in action.option_strings}
    options: list[str] = []
    paths: list[str] = []
    closed = False  # an option came after paths: no more paths (argparse would refuse them)
    tokens = iter(given[1:])
    for token in tokens:
        if not token.startswith("-") or token == "-":
            if closed:
                return None
            paths.append(token)
            continue
        name, equals, _ = token.partition("=")
        if name not in takes_value or (equals and not takes_value[name]):
            return None
        closed = bool(paths)
        options.append(token)
        if takes_value[name] and not equals:
            value = next(tokens, None)
            if value is None or value.startswith("-"):
                return None
            options.append(value)
    return options, paths


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def console() -> int:
    """The ``lineage-lint`` command and ``python -m lineage_lint``: :func:`main` with the garbage collector set
    for a short-lived process. From the start it collects rarely (what is imported is frozen out of its
    collections, see :func:`~lineage_lint.runner.fewer_collections`): the imports that follow and a run
    allocate many objects and almost no cycles. And the exit does not walk the heap: as the interpreter exits
    it collects cyclic garbage over every object still alive (the modules, the compiled policy, what a run
    remembered: 10-30 ms of a check, start-up included, which a hook pays on every commit); by then everything
    has been written and closed, so those objects are frozen out of that collection and simply let go as the
    process ends. :func:`main` itself (what tests and library callers use) leaves the collector alone."""
    fewer_collections()
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error (or --help/--version)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return run(args)
    except (ConfigError, PolicyError, OutputPathError, ValueError) as exc:
        print(f"lineage-lint: error: {escape_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`lineage-lint show ... | head`): stop quietly
        from lineage_lint.pipes import reader_gone

        reader_gone()
        # show reports, it does not judge; check cannot say it passed what it could not report
        return EXIT_OK if args.command == "show" else EXIT_FINDINGS
    except OSError as exc:  # an output or baseline file that cannot be written
        where = f" {exc.filename}" if exc.filename else ""
        print(f"lineage-lint: error: cannot write{escape_line(where)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    if args.command in ("gate", "promote", "register"):
        from lineage_lint.mlflow.commands import run_command

        return run_command(args)
    if args.command in ("diff", "impact", "graph") or (args.command == "show" and (
            args.format == "openlineage" or any(p.startswith(("models:/", "runs:/")) for p in args.paths))):
        from lineage_lint.lineage import commands as lineage_commands

        return lineage_commands.run_command(args)
    if args.command == "rules":
        return _rules(args.format)
    if args.command == "rule":
        return _rule(args.code)
    if args.command == "profiles":
        return _profiles(args.format)
    if args.command == "show" and args.emit:
        print("lineage-lint: error: --emit sends OpenLineage events: use it with --format openlineage", file=sys.stderr)
        return EXIT_USAGE
    settings = _settings(args)
    if args.command == "show":
        from lineage_lint.engine import Engine

        return _show(Engine(settings), args)
    return _check(settings, args)


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(Path.cwd(), args.config, remember=not getattr(args, "no_cache", False))
    if args.policy:  # a preset name, or a path relative to the working directory
        settings.policy = args.policy if args.policy in PRESET_POLICIES else str(Path(args.policy).resolve())
    if args.max_file_size is not None:
        if args.max_file_size < 1:
            raise ConfigError("--max-file-size must be a positive number of bytes")
        settings.max_file_size = args.max_file_size
    return settings


def _targets(settings: Settings, args: argparse.Namespace, cache: Cache | None) -> list[Target] | int:
    """The files to check, or the exit status when there is nothing to do."""
    skipped: list[tuple[str, str]] = []
    missing: list[str] = []  # every path given that does not exist is among these (one stat per path)
    targets = discover(args.paths or ["."], settings, skipped, missing=missing,
                       stored=cache.stored if cache is not None else None)
    if os.environ.get("PRE_COMMIT") != "1":  # the hook passes files git listed: a missing one is reported (LL009)
        require_existing(missing)
    for given, reason in skipped[:SKIPPED_SHOWN]:
        print(f"lineage-lint: not checked: {escape_line(given)}: {reason}", file=sys.stderr)
    if len(skipped) > SKIPPED_SHOWN:
        print(f"lineage-lint: and {len(skipped) - SKIPPED_SHOWN} more excluded files not checked", file=sys.stderr)
    if not targets and not skipped:  # nothing found, rather than every named file excluded (said above)
        error = "error: " if settings.require_files else ""
        print(f"lineage-lint: {error}{nothing_checked(args.paths or ['.'], settings)}", file=sys.stderr)
        if settings.require_files:
            return EXIT_USAGE
    return targets


def _results(settings: Settings, args: argparse.Namespace, targets: list[Target], started: float,
             cache: Cache | None) -> list[FileResult]:
    """The results of ``targets`` (from the cache where nothing changed, the rest checked in ``--jobs``
    processes), then of the configs composed from a given base."""
    checker = Checker(settings, jobs=args.jobs if args.jobs is not None else settings.jobs, cache=cache,
                      progress=Progress.for_terminal())
    results = checker.check(targets)
    if args.paths and not args.no_dependents:  # given files (pre-commit): also what is composed from them
        from lineage_lint.dependents import composed_from

        found, note = composed_from(checker, settings, results, targets)
        results.extend(found)
        if note:
            print(f"lineage-lint: {escape_line(note)}", file=sys.stderr)
    if checker.cache is not None:
        checker.cache.save()
    if args.verbose:
        cache = checker.cache
        cached = f", from the cache: {cache.hits:,}" if cache is not None else ", no cache"
        print(f"lineage-lint: {len(results):,} file{'s' * (len(results) != 1)} reported in "
              f"{time.monotonic() - started:.2f} s (checked afresh: {checker.checked:,} in {checker.processes} "
              f"process{'es' * (checker.processes != 1)}{cached})", file=sys.stderr)
    return results


def _check(settings: Settings, args: argparse.Namespace) -> int:
    started = time.monotonic()
    cache = None if args.no_cache else _cache(settings)
    targets = _targets(settings, args, cache)
    if isinstance(targets, int):
        return targets
    results = _results(settings, args, targets, started, cache)
    baseline = args.baseline or settings.baseline
    if args.write_baseline or baseline is not None:
        from lineage_lint import suppress
    if args.write_baseline:
        path = baseline or Path(DEFAULT_BASELINE)
        count = suppress.write_baseline(path, [f for r in results for f in r.findings])
        print(f"lineage-lint: wrote {count} finding{'s' * (count != 1)} to {escape_line(path)}", file=sys.stderr)
        return EXIT_OK
    if baseline is not None:
        remaining = suppress.read_baseline(baseline)
        for result in results:
            result.findings = suppress.apply_baseline(result.findings, remaining)
    fmt = resolve_format(args.format)
    color = fmt == "text" and args.output is None and _use_color(args.color)
    run = Run(results, color=color)
    render = reporter(fmt)
    if args.statistics:
        from lineage_lint.report import statistics

        render = statistics.render_json if fmt == "json" else statistics.render_text
    if args.output is not None:
        with open_report(args.output, settings.root) as handle:
            render(run, handle)
    else:
        render(run, sys.stdout)
        sys.stdout.flush()  # a reader that went away is found here, inside main (no traceback at exit)
    return EXIT_FINDINGS if any(f.severity == "error" for f in run.active) else EXIT_OK


def _cache(settings: Settings) -> Cache | None:
    from lineage_lint.cache import Cache

    return Cache.open(settings)


def _show(engine: Engine, args: argparse.Namespace) -> int:
    from lineage_lint import show

    color = args.format == "text" and _use_color(args.color)
    render = show.render_json if args.format == "json" else functools.partial(show.render_text, color=color)
    buffer = io.StringIO()
    targets = show_targets(args.paths, engine.settings)
    if not args.explain:
        results: list[FileResult] = [engine.check(target) for target in targets]
        render(results, buffer)
        sys.stdout.write(encodable(buffer.getvalue()))
        sys.stdout.flush()  # a reader that went away is found here, inside main
        return EXIT_OK
    from lineage_lint.profiles.explain import Consideration, collecting

    results, explained = [], []
    for target in targets:
        found: list[Consideration]
        with collecting() as found:
            results.append(engine.check(target))
        explained.append(found)
    render(results, buffer, explained)
    sys.stdout.write(encodable(buffer.getvalue()))
    sys.stdout.flush()
    return EXIT_OK


def _rules(fmt: str) -> int:
    from lineage_lint.rules import all_rules

    if fmt == "markdown":
        from lineage_lint.rules.docs import rules_markdown

        sys.stdout.write(rules_markdown())
        return EXIT_OK
    for rule in all_rules():
        print(f"{rule.code}  {rule.name:<32} {rule.severity:<8} {rule.url()}")
    return EXIT_OK


def _profiles(fmt: str) -> int:
    from lineage_lint.profiles import PROFILES

    if fmt == "markdown":
        from lineage_lint.profiles.docs import profiles_markdown

        sys.stdout.write(profiles_markdown())
        return EXIT_OK
    for profile in PROFILES:
        print(f"{profile.spec.name:<24} {profile.spec.framework}")
    return EXIT_OK


def _rule(code: str) -> int:
    from lineage_lint.rules import get_rule

    rule = get_rule(code)
    if rule is None:
        from lineage_lint.rules import all_rules

        known = [name for each in all_rules() for name in (each.code, each.name)]
        print(f"lineage-lint: error: no rule {code!r}{did_you_mean(code, known)} (see `lineage-lint rules`)",
              file=sys.stderr)
        return EXIT_USAGE
    print(f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.docs()}\n\nDocs: {rule.url()}")
    return EXIT_OK


def _use_color(choice: str) -> bool:
    from lineage_lint.report.color import wanted

    return wanted(choice, sys.stdout)
