"""What a config sets, at any depth: the keys that tell a training config from a launcher, CI, inference or
dataset file.

A training config may keep its epochs and learning rate anywhere (``experiment.training.hyperparameters``),
so the keys are gathered from every level of mappings and lists down to :data:`SETTING_DEPTH`, except what
holds no setting of this file:

- a search dimension (``lr: {values: [...]}``, ``epochs: {min: 1, max: 9}``): a range to try, not a value set;
- a mapping keyed by a file name (``dvc.lock``'s ``params: {params.yaml: {lr: ...}}``): another file's values;
- DeepSpeed ``zero_*`` sections and Hydra's own ``hydra`` section (its sweeper lists parameters to sweep).
"""

from __future__ import annotations

import re

from lineage_lint.tree import MapNode, Node, SeqNode

SETTING_DEPTH = 6  # levels of mappings whose keys are read
MAX_ITEMS = 64  # items of one list that are read
# The keys of a search dimension: one of RANGE_MARKERS and nothing but RANGE_KEYS.
RANGE_MARKERS = frozenset({"values", "value", "min", "max", "distribution", "low", "high", "choices", "mu", "sigma",
                           "grid_search", "uniform", "loguniform", "choice", "randint"})
RANGE_KEYS = RANGE_MARKERS | {"q", "log", "step", "type", "scaling", "scalingtype", "base", "probabilities"}
FILE_NAME = re.compile(r"\.(?:ya?ml|json|toml|py|cfg|ini|env)$", re.IGNORECASE)


def is_search_range(node: Node) -> bool:
    """Whether ``node`` is a search dimension (``{values: [...]}``, ``{min: 1, max: 9}``), not a setting."""
    if not isinstance(node, MapNode) or not node.entries:
        return False
    keys = {entry.key.lower() for entry in node.entries}
    return keys <= RANGE_KEYS and not keys.isdisjoint(RANGE_MARKERS)


def setting_keys(root: Node, depth: int = SETTING_DEPTH) -> set[str]:
    """The lower-cased keys ``root`` sets down to ``depth`` levels of mappings (lists are looked into)."""
    keys: set[str] = set()
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, SeqNode):
            stack.extend((item, level) for item in node.items[:MAX_ITEMS] if isinstance(item, (MapNode, SeqNode)))
            continue
        if not isinstance(node, MapNode) or level >= depth:
            continue
        for entry in node.entries:
            key = entry.key.lower()
            if key.startswith("__") or is_search_range(entry.value):
                continue
            keys.add(key)
            if isinstance(entry.value, (MapNode, SeqNode)) and not key.startswith(("zero_", "hydra")) \
                    and not FILE_NAME.search(key):
                stack.append((entry.value, level + 1))
    return keys
