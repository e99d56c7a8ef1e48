"""Rules about composition: bases, overlays and params files a config is built from (``LL012``-``LL013``)."""

from __future__ import annotations

from lineage_lint.rules.base import Rule, register


@register
class BaseConfigNotFound(Rule):
    """What it does: reports a file that a config composes (a Hydra defaults entry, an MMEngine
    ``_base_``, a detectron2 ``_BASE_``, a ``base:`` list entry, a DVC ``params:`` file, a LLaMA-Factory
    ``dataset_info.json``) that cannot be read: missing from the repository, outside it, or unparseable.
    A run seed that could only have come from it is reported as ``unresolved`` (LL104), never as missing.

    Why it matters: the framework composes that file into the run; if it is not in the repository, the
    commit does not say what the run used.

    Example:
        _base_ = ['../_base_/default_runtime.py']   # no such file
    Use instead: commit the base config, or fix the path.
    """

    code = "LL012"
    name = "base-config-not-found"
    severity = "warning"
    summary = "{message}"


@register
class CompositionCycle(Rule):
    """What it does: reports configs that compose each other in a cycle (``a.yaml`` has ``_BASE_:
    b.yaml`` and ``b.yaml`` has ``_BASE_: a.yaml``); the cycle is not followed.

    Why it matters: the framework either fails on it or silently stops somewhere; either way the
    composed config is not what either file says.

    Example:
        # a.yaml
        _BASE_: b.yaml
        # b.yaml
        _BASE_: a.yaml
    Use instead: make the shared settings a base that neither file is a base of.
    """

    code = "LL013"
    name = "composition-cycle"
    summary = "{message}"
