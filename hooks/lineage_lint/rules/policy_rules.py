"""The catch-all for policy schemas that judge parts of the record no built-in rule covers (``LL9xx``)."""

from __future__ import annotations

from lineage_lint.rules.base import Rule, register


@register
class PolicyViolation(Rule):
    """What it does: reports a requirement of your own policy schema that the lineage record does not
    meet, when no built-in rule explains it (for instance a minimum number of datasets, or a pattern for
    the run's tag names).

    Why it matters: your policy is the contract; this is where it says what is missing, in plain words,
    at the line the value came from.

    Example: a policy requiring ``dataset_pin`` to be ``strong`` on a file whose datasets use tags.
    Use instead: meet the policy, or change the policy.
    """

    code = "LL900"
    name = "policy-violation"
    summary = "{message}"
