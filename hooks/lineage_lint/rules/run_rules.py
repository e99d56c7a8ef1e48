"""Rules for MLflow runs and model versions, judged by the promotion gate.

``LL3xx``: what the run records about its code, CI job, training config, tags and params (each explains a
policy error on that part of the record). ``LL4xx``: the run against its training config as committed
(the gate's consistency check). ``LL5xx``: the model version itself.
"""

from __future__ import annotations

from lineage_lint.rules.base import Rule, register


@register
class CodeVersionMissing(Rule):
    """What it does: reports a run that records no git commit of the code that trained it (the tag
    ``mlflow.source.git.commit``, which MLflow sets for runs started from a git checkout, or ``git_commit``).

    Why it matters: without the commit nobody can rebuild the training code, and the gate cannot read the
    training config as it was when the model was trained.

    Example: a run started from a notebook or a copied folder outside any git checkout.
    Use instead: train from a git checkout; ``log_lineage`` records the commit:
        with mlflow.start_run():
            log_lineage("configs/train.yaml")   # sets mlflow.source.git.commit and lineage.git_dirty
    """

    code = "LL301"
    name = "code-version-missing"
    summary = ("the run records no usable git commit of its code (found {value}); set the tag "
               "`mlflow.source.git.commit`")
    instance_path = ("code", "commit")


@register
class CodeDirty(Rule):
    """What it does: under ``run-strict``, reports a run trained from a working tree with uncommitted
    changes (the tag ``lineage.git_dirty`` is ``true``).

    Why it matters: the recorded commit does not contain the code or config that actually ran, so the model
    cannot be rebuilt from it.

    Example: editing ``configs/train.yaml`` and training before committing the change.
    Use instead: commit first, then train (in CI, the checkout is clean):
        git commit -am "train with v2.1.0 of the reviews data" && python train.py
    """

    code = "LL302"
    name = "code-dirty"
    summary = "the run was trained from a working tree with uncommitted changes: its commit does not describe it"
    instance_path = ("code", "tree")
    values = frozenset({"dirty"})


@register
class CodeStateUnknown(Rule):
    """What it does: under ``run-strict``, reports a run that does not record whether its working tree
    was clean (no ``lineage.git_dirty`` tag).

    Why it matters: a commit alone does not say that the code which ran is the code at that commit.

    Example: a run whose only code tag is ``mlflow.source.git.commit``.
    Use instead: record the state with ``log_lineage``, or tag the run yourself:
        mlflow.set_tag("lineage.git_dirty", "false")   # after checking `git status --porcelain`
    """

    code = "LL303"
    name = "code-state-unknown"
    summary = "the run does not record whether its working tree was clean (tag `lineage.git_dirty`)"
    instance_path = ("code", "tree")
    values = frozenset({"unknown"})


@register
class CIContextMissing(Rule):
    """What it does: under ``run-strict``, reports a run that records no CI context: who or what triggered
    it (tag ``triggered_by``) and the URL of the job (tag ``ci.job_url``).

    Why it matters: a model promoted to production should come from a reviewed, repeatable job, not from
    someone's laptop; the job's log is where its environment is recorded.

    Example: a run trained interactively, without CI tags.
    Use instead: train in CI; ``log_lineage`` reads GitHub Actions, GitLab CI, Buildkite, Jenkins and
    CircleCI variables and tags the run:
        triggered_by: alice (push)
        ci.job_url: https://github.com/acme/churn/actions/runs/123456
    """

    code = "LL304"
    name = "ci-context-missing"
    summary = "the run records no CI `{field}` (found {value}): it was not trained by a CI job that tagged it"
    instance_path = ("ci", "*")


@register
class ConfigNotRecorded(Rule):
    """What it does: under ``run-strict``, reports a run that does not record its training config: the
    repository-relative path (tag ``lineage.config_path``) and the sha256 of the file (``lineage.config_sha256``).

    Why it matters: the config is where the seed, data and hyperparameters were declared; without it the
    gate cannot check that what the run logged is what the repository says.

    Example: a run that logged params one by one from a script.
    Use instead: ``log_lineage("configs/train.yaml")`` records both, and the file as an artifact.
    """

    code = "LL305"
    name = "config-not-recorded"
    summary = "the run does not record its training config's `{field}` (found {value}); `log_lineage` records it"
    instance_path = ("config", "*")


@register
class RequiredTagMissing(Rule):
    """What it does: reports a run that lacks a tag listed in ``required-tags`` of the gate's configuration
    (the ``REQUIRED_TAGS`` pattern teams use for owners, tickets, data approvals).

    Why it matters: these tags are your team's own lineage contract; a run without them reached the gate
    without going through the process they stand for.

    Example: ``required-tags = ["team", "data_approval"]`` and a run tagged only ``team``.
    Use instead:
        mlflow.set_tag("data_approval", "JIRA-1234")
    """

    code = "LL306"
    name = "required-tag-missing"
    summary = "the run lacks the tag {missing}, which the gate's configuration requires"
    instance_path = ("tags",)
    keywords = frozenset({"required"})


@register
class RequiredParamMissing(Rule):
    """What it does: reports a run that lacks a param listed in ``required-params`` of the gate's
    configuration.

    Why it matters: a param the team decided every promoted model must record (a tokenizer version, a
    feature-set id) is missing, so that part of the model's origin is unknown.

    Example: ``required-params = ["feature_set"]`` and a run that never logged it.
    Use instead:
        mlflow.log_param("feature_set", "fs-2024-06")
    """

    code = "LL307"
    name = "required-param-missing"
    summary = "the run lacks the param {missing}, which the gate's configuration requires"
    instance_path = ("params",)
    keywords = frozenset({"required"})


@register
class VersionWithoutRun(Rule):
    """What it does: reports a registered model version that cannot be linked to the run that produced it:
    no ``run_id`` and a source that is neither a logged model with a source run, ``runs:/...``, nor a copy of
    a traceable version; a ``run_id`` that contradicts the run its artifacts come from (MLflow stores the
    ``run_id`` a client sends as given); or a run that was deleted (its lineage can be purged at any time)
    or already purged.

    Why it matters: a version registered from a bare path (``s3://bucket/model``) carries nothing about how
    it was made; its seed, data and code cannot be traced. A version claiming another run's lineage would
    pass on lineage that is not its own.

    Example:
        client.create_model_version("churn", source="s3://models/churn/final")
    Use instead: register the model a run logged:
        lineage-lint register runs:/<run_id>/model --name churn
    """

    code = "LL308"
    name = "version-without-run"
    summary = "{message}"


@register
class ConfigMismatch(Rule):
    """What it does: reports a seed or dataset version that the run logged differently from what its
    training config says at the run's commit (read with ``git show COMMIT:PATH`` and judged by the same
    engine), or a dataset the config declares that the run did not record.

    Why it matters: the repository is the reviewed record of how a model is trained; when the run used
    something else (an uncommitted edit, a command-line override), the commit no longer reproduces it.

    Example: at the run's commit ``configs/train.yaml`` says
        dataset: {name: acme/reviews, version: v1}
    but the run logged ``acme/reviews`` version ``v2``.
    Use instead: commit the config the run uses, then train from that commit.
    """

    code = "LL401"
    name = "config-mismatch"
    summary = "{message}"


@register
class ConfigNotAtCommit(Rule):
    """What it does: reports that the gate could not read the run's training config at the run's commit
    (the commit is not in the repository, the path is not in that commit, or the file cannot be parsed),
    so the run was not checked against it.

    Why it matters: the consistency check is skipped, which you should know; in CI this usually means a
    shallow clone. Raise the severity to ``error`` in the configuration to make the check mandatory.

    Example: ``actions/checkout`` with its default ``fetch-depth: 1`` and a run trained three commits ago.
    Use instead:
        - uses: actions/checkout@v4
          with: {fetch-depth: 0}
    """

    code = "LL402"
    name = "config-not-at-commit"
    severity = "warning"
    summary = "{message}"


@register
class ConfigContentDiffers(Rule):
    """What it does: reports a run whose recorded config sha256 differs from the sha256 of the config file
    at the run's commit: the run used a different file than the one committed.

    Why it matters: even when seed and datasets agree, other settings of the config that ran are not in the
    repository.

    Example: a run trained from a working tree where ``configs/train.yaml`` had an uncommitted edit.
    Use instead: commit the config, then train from that commit.
    """

    code = "LL403"
    name = "config-content-differs"
    severity = "warning"
    summary = "{message}"


@register
class ModelDescriptionMissing(Rule):
    """What it does: when ``require-description = true`` in the gate's configuration, reports a model
    version without a description (its model card: what it is for, its data, its limits).

    Why it matters: whoever deploys or audits the model reads the registry, not the training code.

    Example: a version registered with ``mlflow.register_model(...)`` and never described.
    Use instead:
        client.update_model_version("churn", "3", description="Churn classifier trained on ...")
    """

    code = "LL501"
    name = "model-description-missing"
    summary = "the model version has no description (its model card); describe it before promoting it"
    instance_path = ("model", "description")
    keywords = frozenset({"type"})  # no description (null); a policy's minimum length is worded as such
