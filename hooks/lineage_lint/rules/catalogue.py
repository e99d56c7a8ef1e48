"""Imports every rule module so that the registry is complete."""

from lineage_lint.rules import (
    composition_rules,
    dataset_rules,
    input_rules,
    policy_rules,
    run_rules,
    seed_rules,
)

__all__ = ["composition_rules", "dataset_rules", "input_rules", "policy_rules", "run_rules", "seed_rules"]
