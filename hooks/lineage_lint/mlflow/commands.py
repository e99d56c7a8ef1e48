"""``lineage-lint gate | promote | register``: parse nothing (cli.py does), run the gate, act, report.

Every failure to decide (no mlflow, no server, unknown model, refused access, a bad URI or policy) is
exit 2 with the reason on stderr and in the report; lineage that is missing or inconsistent is exit 1.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lineage_lint.config import ConfigError, Settings, load_settings
from lineage_lint.gitrun import git_output
from lineage_lint.mlflow import actions, client, model_card, report
from lineage_lint.mlflow.gate import GatePolicy, GateResult, decide, gate_policy, undecided
from lineage_lint.mlflow.redact import keep_secrets_of, redact
from lineage_lint.mlflow.report import RENDERERS
from lineage_lint.mlflow.resolve import Target, UsageError, parse_uri
from lineage_lint.policy import PolicyError


def run_command(args: argparse.Namespace) -> int:
    return _report(args, evaluate(args))


def evaluate(args: argparse.Namespace) -> GateResult:
    """Decide (and, for promote/register, act); every failure to decide is an ``undecided`` result, never an
    exception. The GitHub Action's gate mode calls this and renders the result itself."""
    policy: GatePolicy | None = None
    keep_secrets_of(args.tracking_uri)  # its credentials are masked in whatever is printed, however spelled
    try:
        settings = load_settings(Path.cwd(), args.config)
        policy = gate_policy(_policy_spec(args.policy), settings.gate, settings.base_dir)
        target = parse_uri(args.uri)
        _check_target(args, target)
        # The alias being set (promote --alias) or read (gate models:/NAME@ALIAS) brings its own policy.
        policy = policy.for_alias(getattr(args, "alias", None) if args.command == "promote" else target.alias)
        repo = _repository(args, settings)
    except (ConfigError, PolicyError, UsageError) as exc:
        return undecided(args.uri, policy, str(exc))
    try:
        bounds = client.limits(args.timeout, args.retries)
        # MLflow's client for promote and register (they write); its import happens before the clock starts
        backend = client.connect(args.tracking_uri, bounds, writes=args.command != "gate")
    except client.Unusable as exc:
        return undecided(args.uri, policy, str(exc))
    phase, seconds = ["deciding"], bounds.timeout
    with client.bounded(args.timeout, args.retries):
        decided = _within(seconds, lambda: _decide_and_act(args, backend, target, policy, settings=settings,
                                                                   repo=repo, phase=phase))
    if decided is None:
        acted = (f"; it had passed and was {phase[0]}, which may or may not have happened: look at the version"
                 if phase[0] != "deciding" else "")
        return undecided(args.uri, policy, f"no decision within {seconds:g} s (--timeout bounds the whole "
                                           f"decision, every request and retry included){acted}")
    return decided


def _within(seconds: float, work: Callable[[], GateResult]) -> GateResult | None:
    """``work()``'s result, or None when it has not finished within ``seconds``: a server that answers one byte
    a second never times a single read out, so the whole decision runs against one deadline. The thread left
    behind is a daemon: it ends with the process and holds nothing the caller still uses."""
    box: list[GateResult | BaseException] = []

    def run() -> None:
        try:
            box.append(work())
        except BaseException as exc:  # handed to the caller's thread
            box.append(exc)

    worker = threading.Thread(target=run, name="lineage-lint-gate", daemon=True)
    worker.start()
    worker.join(seconds)
    if not box:
        return None
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def _decide_and_act(args: argparse.Namespace, backend: Any, target: Target, policy: GatePolicy, *,
                    settings: Settings, repo: Path | None, phase: list[str]) -> GateResult:
    uri = redact(args.tracking_uri or os.environ.get("MLFLOW_TRACKING_URI", ""))
    card = bool(getattr(args, "model_card", False))
    # --model-card: the version is judged with the description it will have (LL501 passes by construction)
    describe = (lambda existing, record: model_card.merge(existing, model_card.card(record, None, None))[0]) \
        if card else None
    try:
        result = decide(backend, target, policy, settings, repo, describe=describe)
        if result.verdict == "pass":
            phase[0] = f"acting ({args.command})" if args.command != "gate" else phase[0]
        if result.verdict == "pass" and args.command == "promote":
            result.action = actions.promote(backend, result, alias=args.alias, stage=args.stage,
                                            archive_existing=args.archive_existing, dry_run=args.dry_run,
                                            write_card=card)
        elif result.verdict == "pass" and args.command == "register":
            run = backend.get_run(result.run_id)
            result.action = actions.register(backend, result, target, run, name=args.name, dry_run=args.dry_run,
                                             write_card=card)
    except (actions.RegistrationError, actions.IncompleteAction, model_card.ModelCardError) as exc:
        return undecided(args.uri, policy, str(exc))
    except PolicyError as exc:  # a $ref the policy makes that cannot be resolved: found when judging
        return undecided(args.uri, policy, str(exc))
    except Exception as exc:  # MLflow's and the network's failures, or a bug: could not decide (fail closed)
        reason = client.failure(exc, uri) or f"unexpected {type(exc).__name__}: {exc} (please report it)"
        return undecided(args.uri, policy, reason)
    return result


def _policy_spec(spec: str | None) -> str | None:
    from lineage_lint.schema_files import PRESET_POLICIES

    return spec if spec is None or spec in PRESET_POLICIES else str(Path(spec).resolve())


def _check_target(args: argparse.Namespace, target: Target) -> None:
    if (args.timeout is not None and args.timeout < 1) or (args.retries is not None and args.retries < 0):
        raise UsageError("--timeout must be at least 1 second and --retries at least 0")
    if args.command == "promote" and not target.is_model_version:
        raise UsageError(f"promote moves a model version: give models:/NAME/VERSION or models:/NAME@ALIAS, "
                         f"not {args.uri}")
    if args.command == "register" and target.is_model_version:
        raise UsageError(f"register creates a version from a run: give runs:/RUN_ID[/PATH], not {args.uri}")


def _repository(args: argparse.Namespace, settings: Settings) -> Path | None:
    """Where the run's config is read at its commit: --repo, the configuration's ``gate.repository``, else
    the git repository around the working directory (None outside one, or with --no-consistency)."""
    if args.no_consistency:
        return None
    configured = settings.gate.get("repository")
    given = args.repo or (str(settings.base_dir / configured) if configured else None)
    start = Path(given) if given else Path.cwd()
    if given and not start.is_dir():
        raise UsageError(f"repository {given} is not a directory")
    top = git_output(["rev-parse", "--show-toplevel"], start, timeout=30)
    if top is None:
        if given:
            raise UsageError(f"{given} is not inside a git repository")
        return None
    return Path(os.fsdecode(top).strip())


def _report(args: argparse.Namespace, result: GateResult) -> int:
    # The text report says why it could not decide; stderr says it too unless that report is on the same
    # screen (a file, a pipe that may close early, or a report for programs still get it): never twice.
    on_screen = args.format == "text" and args.output is None and sys.stdout.isatty()
    if result.error and not on_screen:
        print(f"lineage-lint: could not decide: {redact(result.error)}", file=sys.stderr)
    render = RENDERERS[args.format]
    if args.format == "text":
        from lineage_lint.report.color import wanted

        colored = wanted(getattr(args, "color", "auto"), sys.stdout if args.output is None else None)
        render = functools.partial(report.render_text, color=colored)
    try:
        if args.output is not None:
            with open(args.output, "w", encoding="utf-8") as handle:
                render(result, handle)
        else:
            render(result, sys.stdout)
            sys.stdout.flush()
    except BrokenPipeError:  # `lineage-lint gate ... | head -1`: the verdict stands, the rest is not wanted
        from lineage_lint.pipes import reader_gone

        reader_gone()
        return result.exit_code
    except OSError as exc:
        print(f"lineage-lint: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return result.exit_code

