"""``mode: gate``: the MLflow promotion gate, run from a workflow before a model version is promoted.

The gate itself is the ``lineage-lint gate MODEL_URI`` command (the ``mlflow`` extra), which exits 0 when
the model's lineage passes, 1 when it is missing or inconsistent, and 2 when it cannot decide. This
module will run it with the ``model-uri`` input and pass its exit status through; until the gate lands,
the mode stops with a clear message instead of pretending to judge anything.
"""

from __future__ import annotations

from action.inputs import Inputs

NOT_YET = ("gate mode arrives with the MLflow gate: this version of lineage-lint cannot judge a model yet; "
           "use `mode: check` on training configs")


def command(inputs: Inputs) -> list[str]:
    """The gate's command line for these inputs (what :func:`run` will execute)."""
    argv = ["lineage-lint", "gate", inputs.model_uri, "--format", "github"]
    if inputs.policy:
        argv += ["--policy", inputs.policy]
    return argv


def run(inputs: Inputs) -> tuple[int, str]:
    """The gate's exit status and a message for the log."""
    if not inputs.model_uri:
        return 2, "mode: gate needs the model-uri input (models:/NAME/VERSION or models:/NAME@ALIAS)"
    return 2, NOT_YET
