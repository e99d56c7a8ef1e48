"""Dataset fields the generic reading finds left to the launch command (OmegaConf's mandatory value ``???``, or
the whole value read from the environment, ``${oc.env:TRAIN_DATA}``).

Such a value names no dataset, so it is no reference; but where a reference would be read, it says the data is
whatever the launch command (or its environment) supplies: the record lists it under ``supplied_at_launch`` (the
strict policy refuses it, LL206; the default one shows it). A field counts when the generic reading would read a
reference there: a key naming data by location or name (``path``, ``data_dir``, ``train_file``, ``dataset``...)
inside a section named for data or a split of one, or a key that names a dataset on its own (``dataset_path``,
``train_files``) anywhere it looks for data. Sections that configure a model, an output, logging and the like
(``model.train_ds`` in NeMo's layout) are not looked into, as the dataset search does not look into them.
"""

from __future__ import annotations

from lineage_lint.profiles.generic import (
    DATA_REF_FIELDS,
    DATASET_SECTION,
    MAX_LIST_SCAN,
    MAX_SECTION_DEPTH,
    REF_FIELDS,
    REF_SUFFIX,
    SIBLING_REFS,
    SPLIT_NAMES,
    TRAINING_DATA_KEYS,
    key_facts,
)
from lineage_lint.tree import MapNode, Node, OpaqueNode, ScalarNode, SeqNode, Span
from lineage_lint.values import environment_interpolation

MANDATORY = "???"


def launch_slots(root: Node) -> list[tuple[str, str, Span]]:
    """(key path, value, span) of every dataset field of ``root`` set to ``???`` or read whole from the
    environment, in file order."""
    found: list[tuple[str, str, Span]] = []
    _walk(root, "", False, 0, found)
    return found


def _walk(node: Node, prefix: str, in_data: bool, depth: int, found: list[tuple[str, str, Span]]) -> None:
    if depth > MAX_SECTION_DEPTH:
        return
    if isinstance(node, SeqNode):
        for index, item in enumerate(node.items[:MAX_LIST_SCAN]):
            _walk(item, f"{prefix}[{index}]", in_data, depth + 1, found)
        return
    if not isinstance(node, MapNode):
        return
    for entry in node.entries:
        key = entry.key
        if key.startswith("__"):
            continue
        value = entry.value
        if type(value) is ScalarNode:  # a value left to the launch command first (few are), then its key
            scalar = value.value
            if isinstance(scalar, str) and (scalar == MANDATORY or (
                    "${" in scalar and environment_interpolation(scalar) is not None)):
                facts = key_facts(key)  # the key's name tests, asked once per distinct key
                if not facts.components and _names_data(key, facts.lowered, in_data):
                    found.append((f"{prefix}.{key}" if prefix else key, str(scalar), value.span))
            continue
        if type(value) is OpaqueNode:  # (an expression holds no field)
            continue
        facts = key_facts(key)
        if facts.components:
            continue
        if not facts.not_data:
            data = in_data or facts.data_section or facts.data_config or facts.lowered in TRAINING_DATA_KEYS \
                or (in_data and facts.split)
            _walk(value, f"{prefix}.{key}" if prefix else key, data, depth + 1, found)


def _names_data(key: str, lowered: str, in_data: bool) -> bool:
    """Whether a scalar at ``key`` would name data: a reference field in a data section, or on its own a key
    naming a dataset (``dataset``, ``train_file``, ``dataset_path``)."""
    if lowered in SIBLING_REFS or lowered in TRAINING_DATA_KEYS or DATASET_SECTION.match(key):
        return True
    return in_data and (lowered in REF_FIELDS or lowered in DATA_REF_FIELDS or SPLIT_NAMES.match(key) is not None
                        or REF_SUFFIX.search(lowered) is not None)
