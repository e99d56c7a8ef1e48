"""Rules about the run seed (``LL1xx``); each explains a policy error on ``seed.status``."""

from __future__ import annotations

from lineage_lint.rules.base import Rule, register

_SEED_STATUS = ("seed", "status")


@register
class SeedMissing(Rule):
    """What it does: reports a training config that sets no run seed.

    Why it matters: without a recorded seed a run cannot be repeated; when a model regresses you cannot
    tell a data change from the luck of the draw. Framework defaults change between releases.

    Example:
        trainer:
          max_epochs: 10
    Use instead:
        seed: 1234
        trainer:
          max_epochs: 10
    """

    code = "LL101"
    name = "seed-missing"
    summary = "no run seed is set{note}; declare one, e.g. `seed: 1234`"
    run_summary = ("the run logged no `seed` param or tag; log the one it used: `mlflow.log_param(\"seed\", 1234)`, "
                   "or `log_lineage(\"configs/train.yaml\")` from the config that declares it")
    instance_path = _SEED_STATUS
    values = frozenset({"missing"})


@register
class SeedRandom(Rule):
    """What it does: reports a run seed whose value means "pick a random seed each run": ``null``,
    ``None``, ``true``, ``false``, ``-1``, ``"randomized"``, or any non-integer.

    Why it matters: the key looks reassuring in review, yet every run draws a new seed that nobody
    recorded. ``seed_everything: true`` in LightningCLI is the classic case.

    Example:
        seed_everything: true
    Use instead:
        seed_everything: 1234
    """

    code = "LL102"
    name = "seed-random"
    summary = "run seed `{key}` is {value}: {note}; set a concrete integer"
    run_summary = ("the run's seed `{key}` is {value}: {note}; log the concrete integer the run used: "
                   "`mlflow.log_param(\"seed\", 1234)`")
    instance_path = _SEED_STATUS
    values = frozenset({"random"})


@register
class SeedFromEnvironment(Rule):
    """What it does: reports a run seed taken from the environment (``${oc.env:SEED}``, ``$SEED``,
    ``os.environ[...]``), even with a default.

    Why it matters: the value used depends on the shell that launched the job and is not in the
    repository, so the commit alone does not say which seed trained the model.

    Example:
        seed: ${oc.env:SEED,42}
    Use instead:
        seed: 42   # and override on the command line, which your tracker records
    """

    code = "LL103"
    name = "seed-from-env"
    summary = "run seed `{key}` is {value}: {note}; the repository does not say which seed was used"
    run_summary = ("the run's seed `{key}` is {value}: {note}; log the integer it resolved to: "
                   "`mlflow.log_param(\"seed\", 1234)`")
    instance_path = _SEED_STATUS
    values = frozenset({"env"})


@register
class SeedUnresolved(Rule):
    """What it does: reports a run seed that could not be followed: an interpolation naming a key that
    does not exist in the file, a template placeholder, or a value computed by code.

    Why it matters: if the linter cannot tell the value, neither can a reviewer; it may be random.

    Example:
        seed: ${experiment.seed}   # no `experiment` section in this file
    Use instead:
        seed: 7
    """

    code = "LL104"
    name = "seed-unresolved"
    summary = "run seed `{key}` could not be resolved: {note}"
    instance_path = _SEED_STATUS
    values = frozenset({"unresolved"})
