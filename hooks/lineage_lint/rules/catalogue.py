"""Imports every rule module so that the registry is complete."""

from lineage_lint.rules import dataset_rules, input_rules, policy_rules, run_rules, seed_rules

__all__ = ["dataset_rules", "input_rules", "policy_rules", "run_rules", "seed_rules"]
