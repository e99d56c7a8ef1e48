"""JSON Schemas shipped with lineage-lint: the lineage record, the policy presets, the tool's config."""
