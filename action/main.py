"""The Action's entry point: ``python -m action.main`` (``action.yml`` runs it in the checkout's root).

Order matters: on a changed-only pull request run the API is asked first, for the pull request's files
(a refusal there falls back to ``git diff``; only a token the API rejects stops the run). Then everything
that needs no network (annotations, the job summary, SARIF, the step's outputs) is written before the
check run and the comment are published, so a refused or unreachable API never costs the reviewer the
findings, and the step's exit status, the blocking signal that always works, is decided by the policy.
Exit status: 0 the policy passes, 1 it fails, 2 the Action could not run as configured.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from action import api, changed, checkrun, comment, gate, summary
from action.event import Event, EventError, read_event
from action.inputs import InputError, Inputs
from action.outcome import Outcome
from lineage_lint import suppress
from lineage_lint.config import ConfigError, Settings, load_settings
from lineage_lint.discover import discover, nothing_checked
from lineage_lint.engine import Engine, FileResult
from lineage_lint.policy import PolicyError
from lineage_lint.report import Run
from lineage_lint.report import github as workflow_commands
from lineage_lint.report import sarif as sarif_report
from lineage_lint.report import text as text_report
from lineage_lint.report.output import OutputPathError, open_report, report_path
from lineage_lint.schema_files import PRESET_POLICIES

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class Log:
    """Workflow commands on stdout (https://docs.github.com/actions/reference/workflow-commands)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def command(self, kind: str, message: str) -> None:
        self.out.write(f"::{kind}::{workflow_commands.escape_data(message)}\n")

    def line(self, message: str) -> None:
        self.out.write(message + "\n")


class Stop(Exception):
    """The run cannot go on: print the message as an error and exit 2."""


def main(env: Mapping[str, str] | None = None, out: TextIO | None = None) -> int:
    env = os.environ if env is None else env
    log = Log(out or sys.stdout)
    try:
        inputs = Inputs.from_env(env)
        if inputs.mode == "gate":
            code, outputs, markdown = gate.run(inputs, log.out)
            _write_summary(env, markdown)
            _write_outputs(env, outputs)
            return code
        return check(inputs, env, log)
    except (InputError, EventError, ConfigError, PolicyError, ValueError, Stop) as exc:
        log.command("error", f"lineage-lint: {exc}")
        return EXIT_ERROR
    except api.BadToken as exc:
        log.command("error", f"lineage-lint: {exc}; pass a valid token as github-token (the default is the job "
                             "token, github.token)")
        return EXIT_ERROR
    except OSError as exc:  # the summary or output file the runner named cannot be written
        log.command("error", f"lineage-lint: cannot write {exc.filename or 'a file'}: {exc.strerror or exc}")
        return EXIT_ERROR


def check(inputs: Inputs, env: Mapping[str, str], log: Log) -> int:
    cwd = Path.cwd()
    event = read_event(env)
    pull = event.pull_request
    _refuse_a_checkout_of_another_commit(event, cwd)
    wants_api = inputs.check_run or (inputs.comment and pull is not None)
    if wants_api and not inputs.token:
        raise Stop("github-token is empty: the check run and the pull request comment need it (the default is "
                   "the job token, github.token); set check-run: false and comment: false to run without the API")
    session = Session(inputs, env, event, log)

    settings = _settings(inputs, cwd)
    engine = Engine(settings)
    targets = discover(list(inputs.paths), settings)
    if not targets:
        if settings.require_files:
            raise Stop(nothing_checked(list(inputs.paths), settings))
        log.command("warning", f"lineage-lint: {nothing_checked(list(inputs.paths), settings)}")
    results = [engine.check(target) for target in targets]
    _apply_baseline(results, settings)

    changed_only = inputs.changed_only if inputs.changed_only is not None else pull is not None
    scope = f"Every training config under {', '.join(inputs.paths)} was checked."
    if changed_only and pull is None:
        log.command("notice", "changed-only applies to pull request events; every config was checked")
    elif changed_only and pull is not None:
        changes = session.changes(cwd)
        if changes is None:
            log.command("notice", "could not tell which files the pull request changed (no usable API answer and "
                                  "no base commit in the checkout); every config was checked")
        else:
            own = [engine.locate(target.path).repo_path for target in targets]
            results = changed.select(results, own, changes.paths)
            scope = (f"Checked the {len(results)} config{'s' * (len(results) != 1)} that pull request "
                     f"#{pull.number} changed or whose composed bases it changed "
                     f"({len(changes.paths)} changed file{'s' * (len(changes.paths) != 1)}, from {changes.origin}).")
    outcome = Outcome(results, inputs.fail_on, scope)

    _annotate(outcome, log, inputs.check_run)
    sarif_path = _write_sarif(inputs.sarif, outcome, cwd)
    lineage = summary.pull_request_changes(engine, cwd, pull.base_sha, pull.head_sha, results) if pull else ""
    _write_summary(env, summary.job_summary(outcome, lineage))
    _write_outputs(env, {"errors": outcome.errors, "warnings": outcome.warnings,
                         "files-checked": len(outcome.results), "sarif": sarif_path, "conclusion": outcome.conclusion})
    session.publish(outcome, lineage)
    log.line(f"lineage-lint: {outcome.headline}; "
             + ("the policy fails." if outcome.failed else "the policy passes."))
    return EXIT_FAIL if outcome.failed else EXIT_PASS


def _refuse_a_checkout_of_another_commit(event: Event, cwd: Path) -> None:
    """``pull_request_target`` checks out the base branch: checking that would pass a pull request on files
    it never read. Go on only when the working tree is the pull request's head commit."""
    if event.name != "pull_request_target":
        return
    from lineage_lint.gitrun import git_output

    pull = event.pull_request
    listed = git_output(["rev-parse", "HEAD"], cwd)
    checked_out = listed.decode("ascii", "replace").strip() if listed is not None else ""
    if pull is not None and checked_out and checked_out == pull.head_sha:
        return
    seen = f"the checkout is {checked_out[:12]}" if checked_out else "the checkout is not a git commit"
    head = f"the pull request's head {pull.head_sha[:12]}" if pull is not None else "no pull request in the payload"
    raise Stop(f"refusing pull_request_target: {seen}, not {head}, so the pull request's configs were never read "
               "and passing it would be a false success. Run this workflow on pull_request (recommended: its token "
               "is read-only for forks), or check out the head commit (actions/checkout with ref: "
               "${{ github.event.pull_request.head.sha }}) knowing that the job then runs the pull request's "
               "files with a write token")


class Session:
    """The API side of a run: opened on first use, and every refusal turned into a notice."""

    def __init__(self, inputs: Inputs, env: Mapping[str, str], event: Event, log: Log) -> None:
        self.inputs, self.env, self.event, self.log = inputs, env, event, log
        self._client: Any = None
        self._repository: Any = None
        self._pull: Any = None

    def client(self) -> Any:
        if self._client is None:
            self._client = api.connect(self.env.get("GITHUB_API_URL", ""), self.inputs.token)
        return self._client

    def repository(self) -> Any:
        if self._repository is None:
            self._repository = api.repository(self.client(), self.event.repository)
        return self._repository

    def pull(self) -> Any:
        pull = self.event.pull_request
        assert pull is not None
        if self._pull is None:
            repository = self.repository()
            self._pull = api.call(lambda: repository.pull_request(pull.number))
        return self._pull

    def changes(self, cwd: Path) -> changed.Changes | None:
        pull = self.event.pull_request
        assert pull is not None
        if self.inputs.token:
            try:
                return changed.from_api(self.pull())
            except api.BadToken:
                raise
            except api.ApiError as exc:
                self.log.command("notice", f"could not list the pull request's files through the API ({exc}); "
                                           "using git diff")
        return changed.from_git(pull.base_sha, pull.head_sha, cwd)

    def details_url(self) -> str:
        server, run_id = self.env.get("GITHUB_SERVER_URL", "https://github.com"), self.env.get("GITHUB_RUN_ID", "")
        return f"{server.rstrip('/')}/{self.event.repository}/actions/runs/{run_id}" if run_id else ""

    def publish(self, outcome: Outcome, changes: str = "") -> None:
        if self.inputs.check_run and self.event.sha:
            self._attempt("the check run", lambda: self._check_run(outcome))
        if self.inputs.comment and self.event.pull_request is not None:
            self._attempt("the pull request comment", lambda: self._comment(outcome, changes))

    def _check_run(self, outcome: Outcome) -> str:
        run = checkrun.publish(self.repository(), self.event.sha, outcome, self.details_url())
        return f"check run {getattr(run, 'id', '')} on {self.event.sha[:12]}: {outcome.conclusion}"

    def _comment(self, outcome: Outcome, changes: str = "") -> str:
        url = self.details_url()
        mine = comment.author(self.client(), self.inputs.token)
        return comment.upsert(self.pull(), mine, outcome, f"[Workflow run and job summary]({url})" if url else "",
                              changes)

    def _attempt(self, what: str, action: Callable[[], str]) -> None:
        try:
            self.log.line(f"lineage-lint: {action()}")
        except api.BadToken:
            raise
        except api.NotPermitted as exc:
            fork = " (a pull request from a fork gets a read-only token)" if self._is_fork() else ""
            self.log.command("notice", f"skipped {what}: the token may not write it{fork}: {exc}. Annotations, "
                                       "the job summary and the exit status still report every finding.")
        except api.ApiError as exc:
            self.log.command("warning", f"could not publish {what}: {exc}")

    def _is_fork(self) -> bool:
        return self.event.pull_request is not None and self.event.pull_request.fork


def _settings(inputs: Inputs, cwd: Path) -> Settings:
    settings = load_settings(cwd, Path(inputs.config) if inputs.config else None)
    if inputs.policy:
        settings.policy = inputs.policy if inputs.policy in PRESET_POLICIES else str(Path(inputs.policy).resolve())
    return settings


def _apply_baseline(results: list[FileResult], settings: Settings) -> None:
    if settings.baseline is None:
        return
    remaining = suppress.read_baseline(settings.baseline)
    for result in results:
        result.findings = suppress.apply_baseline(result.findings, remaining)


def _annotate(outcome: Outcome, log: Log, check_run: bool) -> None:
    """The first 10 errors and 10 warnings as annotations (GitHub drops the rest), every one in the log; the
    notice about the rest names the check run only when one was asked for."""
    shown, dropped = workflow_commands.limited(outcome.findings)
    for finding in shown:
        log.line(workflow_commands.command(finding))
    if dropped:
        where = "the check run, the job summary and the log below" if check_run else "the job summary and the log below"
        log.command("notice", f"{len(dropped)} more finding{'s' * (len(dropped) != 1)} than GitHub annotates in one "
                              f"step ({workflow_commands.STEP_LIMIT} errors and {workflow_commands.STEP_LIMIT} "
                              f"warnings): all of them are in {where}")
    if outcome.findings:
        # The plain listing carries text from the configs verbatim; a dataset name holding a newline and
        # "::error ..." must not become a workflow command, so commands are off while it prints.
        resume = secrets.token_hex(16)
        log.line("::group::lineage-lint: every finding")
        log.line(f"::stop-commands::{resume}")
        text_report.render_concise(Run(outcome.results), log.out)
        log.line(f"::{resume}::")
        log.line("::endgroup::")


def _write_sarif(path: str, outcome: Outcome, cwd: Path) -> str:
    if not path:
        return ""
    target = cwd / path
    try:
        report_path(path, cwd, cwd)  # refuses `..` out of the workspace, and symlinks, before creating folders
        target.parent.mkdir(parents=True, exist_ok=True)
        with open_report(path, cwd, cwd) as handle:
            sarif_report.render(Run(outcome.results), handle)
    except OutputPathError as exc:
        raise Stop(f"input 'sarif': {exc}") from None
    except OSError as exc:
        raise Stop(f"cannot write the SARIF file {path}: {exc.strerror or exc}") from None
    return path


def _write_summary(env: Mapping[str, str], markdown: str) -> None:
    path = env.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown)


def _write_outputs(env: Mapping[str, str], values: Mapping[str, object]) -> None:
    path = env.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            for name, value in values.items():
                handle.write(f"{name}={value}\n")


if __name__ == "__main__":
    sys.exit(main())
