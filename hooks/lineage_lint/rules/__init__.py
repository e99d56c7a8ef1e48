"""The rules: one class per rule, grouped by family; each docstring is that rule's documentation."""

from lineage_lint.rules.base import Rule, all_rules, get_rule, rule_for_policy_error

__all__ = ["Rule", "all_rules", "get_rule", "rule_for_policy_error"]
