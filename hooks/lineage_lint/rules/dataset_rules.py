"""Rules about dataset references and their pins (``LL2xx``); each explains a policy error on
``datasets[*].pin``."""

from __future__ import annotations

from lineage_lint.rules.base import Rule, register

_PIN = ("datasets", "*", "pin")


@register
class DatasetUnversioned(Rule):
    """What it does: reports a dataset referenced without any version, revision or digest.

    Why it matters: the data behind a name or path changes under you; a model trained "on imagenet" last
    month and today may have seen different files, and nothing records which.

    Example:
        datasets:
          - path: tatsu-lab/alpaca
    Use instead:
        datasets:
          - path: tatsu-lab/alpaca
            revision: dce01c9b08f87459cf36a430d809084718273017
    """

    code = "LL201"
    name = "dataset-unversioned"
    summary = "dataset `{ref}` ({key}) has no version, revision or digest{note}"
    run_summary = ("dataset `{ref}` ({key}) was logged without a version, revision or digest{note}; log the pinned "
                   "version with `log_lineage(\"configs/train.yaml\")`, or tag the run `dataset_version.<name>`")
    instance_path = _PIN
    values = frozenset({"none"})


@register
class DatasetFloatingVersion(Rule):
    """What it does: reports a dataset pinned to a moving target: ``latest``, ``main``, ``master``,
    ``HEAD``, ``*`` or a version range.

    Why it matters: a floating version is not a pin; it resolves to different data over time while the
    config looks versioned.

    Example:
        dataset:
          name: acme/reviews
          revision: main
    Use instead:
        dataset:
          name: acme/reviews
          revision: v2.1.0      # or, better, a commit hash
    """

    code = "LL202"
    name = "dataset-floating-version"
    summary = "dataset `{ref}` ({key}) is pinned to `{version}`, which moves over time"
    run_summary = ("dataset `{ref}` ({key}) was logged at `{version}`, which moves over time; log the revision it "
                   "resolved to (a tag, commit or digest)")
    instance_path = _PIN
    values = frozenset({"floating"})


@register
class DatasetNotContentAddressed(Rule):
    """What it does: under the ``strict`` policy, reports a dataset pinned by a version or tag rather
    than by a content digest or commit.

    Why it matters: tags and version numbers can be re-pointed or re-uploaded; a digest or commit names
    exactly one content.

    Example:
        dataset: {name: acme/reviews, version: v2}
    Use instead:
        dataset: {name: acme/reviews, revision: 3f1e9a0c4b5d6e7f8091a2b3c4d5e6f708192a3b}
    """

    code = "LL203"
    name = "dataset-not-content-addressed"
    summary = "dataset `{ref}` ({key}) is pinned by version `{version}`, not by a digest or commit"
    instance_path = _PIN
    values = frozenset({"weak"})


@register
class DatasetMissing(Rule):
    """What it does: reports a run (or, under a policy that asks for it, a config) that records no training
    dataset: no dataset at all, or only run inputs logged as evaluation data (``mlflow.data.context`` ``eval``,
    ``validation`` or ``test``, as ``mlflow.evaluate`` logs them). The ``run-default`` and ``run-strict``
    policies require at least one.

    Why it matters: a model whose run names no training data cannot be traced to it; nobody can say what it
    learned from, or retrain it. The data it was evaluated on does not say what it learned from.

    Example: an MLflow run with params and metrics but no dataset inputs and no ``dataset_version`` tags, or
    one whose only input is the holdout set ``mlflow.evaluate`` logged.
    Use instead: record the data the run trains on, e.g. with ``log_lineage``:
        from lineage_lint.mlflow import log_lineage
        with mlflow.start_run():
            log_lineage("configs/train.yaml")   # logs every dataset the config declares as a run input
    """

    code = "LL204"
    name = "dataset-missing"
    summary = ("no training dataset is recorded, so the training data cannot be traced; log each dataset as a "
               "run input")
    instance_path = ("dataset_pin",)
    values = frozenset({"no-reference"})


@register
class DatasetPinnedByNameOnly(Rule):
    """What it does: under the ``strict`` policy (or any policy refusing the evidence ``name-edition``),
    reports a dataset whose only pin is a release guessed from its registered name or file name
    (``coco_2017_train``, ``lvis_v1``, ``train2017.txt``): nothing in the config selects that release.

    Why it matters: a name says which edition was meant, not which files were read; the data behind it can
    be re-exported, fixed or re-split under the same name, and ``lineage-lint show`` lists such pins with the
    evidence ``name-edition`` so you can see which pins rest on a guess.

    Example:
        datasets:
          train: coco_2017_train
    Use instead:
        datasets:
          train: coco_2017_train
          sha256: 4f5c8a2b9d1e3f60718293a4b5c6d7e8f90123454f5c8a2b9d1e3f6071829300
    """

    code = "LL205"
    name = "dataset-pinned-by-name-only"
    summary = ("dataset `{ref}` ({key}) is pinned only by the release `{version}` its name suggests; give a digest "
               "or commit")
    instance_path = ("datasets", "*", "evidence")
    values = frozenset({"name-edition"})


@register
class DatasetSuppliedAtLaunch(Rule):
    """What it does: under the ``strict`` policy (or a policy of yours that refuses ``supplied_at_launch``),
    reports a dataset field the config leaves to the launch command (OmegaConf's mandatory value ``???``,
    as NeMo configs write ``manifest_filepath: ???``, or the whole value read from the environment,
    ``path: ${oc.env:TRAIN_DATA}``). The default policy only shows it
    (``lineage-lint show``: ``dataset at launch``).

    Why it matters: the config then says nothing about the data: which manifest or files the model was
    trained on is known only to whoever launched it, unless the run records it (see the MLflow gate).

    Example:
        model:
          train_ds:
            manifest_filepath: ???
    Use instead:
        model:
          train_ds:
            manifest_filepath: data/librispeech/train_clean_100.json
            revision: 3f1e9a0c4b5d6e7f8091a2b3c4d5e6f708192a3b
    """

    code = "LL206"
    name = "dataset-supplied-at-launch"
    summary = "dataset field `{field}` is left to the launch command (`{value}`): the config does not say which data"
    instance_path = ("supplied_at_launch", "*")
