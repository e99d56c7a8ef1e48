"""``mode: gate``: the MLflow promotion gate, run from a workflow before a model version is promoted.

It is the ``lineage-lint gate MODEL_URI`` command (or ``promote MODEL_URI --alias NAME`` when the ``alias``
input is set) run in-process, so one decision feeds every report: annotations in the log, the verdict in
the job summary, the step's outputs. Exit status is the gate's: 0 the lineage passes (and the alias was
moved), 1 it is missing or inconsistent, 2 the gate could not decide (never 0 when unsure). The tracking
server is the ``tracking-uri`` input or the job's ``MLFLOW_TRACKING_URI``, with MLflow's own auth variables.
An http(s) server is read by lineage-lint's REST client, so action.yml installs mlflow only when
:func:`lineage_lint.mlflow.client.needs_mlflow` says this gate needs it (``alias``, other tracking URIs,
MLflow-only auth).
"""

from __future__ import annotations

import io
from typing import TextIO

from action.inputs import Inputs

EXIT_UNDECIDED = 2


def command(inputs: Inputs) -> list[str]:
    """The ``lineage-lint`` arguments for these inputs (what a person would type to get the same decision)."""
    argv = ["promote", inputs.model_uri, f"--alias={inputs.alias}"] if inputs.alias else ["gate", inputs.model_uri]
    for flag, value in (("--tracking-uri", inputs.tracking_uri), ("--policy", inputs.policy),
                        ("--config", inputs.config)):
        if value:  # `--flag=value`: a value starting with "-" stays a value
            argv.append(f"{flag}={value}")
    return [*argv, "--format", "github"]


def run(inputs: Inputs, out: TextIO) -> tuple[int, dict[str, object], str]:
    """Run the gate: annotations to ``out``; returns the exit status, the step's outputs and the summary."""
    if not inputs.model_uri:
        out.write("::error::lineage-lint: mode: gate needs the model-uri input "
                  "(models:/NAME/VERSION or models:/NAME@ALIAS)\n")
        return EXIT_UNDECIDED, {"conclusion": "failure"}, ""
    try:
        from lineage_lint.cli import parse_args
        from lineage_lint.mlflow.commands import evaluate
        from lineage_lint.mlflow.report import render_github, render_markdown
    except ImportError as exc:  # a release from PyPI (the version input) without these modules
        out.write(f"::error::lineage-lint: the installed lineage-lint has no gate: {exc}\n")
        return EXIT_UNDECIDED, {"conclusion": "failure"}, ""
    result = evaluate(parse_args(command(inputs)))
    render_github(result, out)
    markdown = io.StringIO()
    render_markdown(result, markdown)
    errors = len(result.errors)
    outputs: dict[str, object] = {
        "errors": errors, "warnings": len(result.findings) - errors, "files-checked": 0, "sarif": "",
        "conclusion": {"pass": "success"}.get(result.verdict, "failure"), "verdict": result.verdict,
    }
    return result.exit_code, outputs, markdown.getvalue()
