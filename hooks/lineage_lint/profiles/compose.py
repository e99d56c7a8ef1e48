"""Composition resolvers: a config merged with the files it names, before anything is judged.

Each resolver takes the checked document and its :class:`Context` and returns the composed tree; nodes
keep the spans (and, for other files, the file names) they were read with, so a seed set in a base
reports that base's line. Nothing is imported or executed; only files inside the repository are read.

- ``base-keys``: MMEngine ``_base_`` (a string or a list, in ``.py`` and YAML configs), detectron2
  ``_BASE_`` and VisCy-style ``base:`` lists of YAML files. Bases are merged in order, each later one
  over the earlier ones, and the file itself over all of them (mappings merge key by key;
  ``_delete_=True`` replaces). A scoped base (``mmdet::x.py``) is read from ``configs/`` when the
  repository is the scope's package; one of an installed package is unresolved.
- ``python-imports``: MMEngine's ``with read_base(): from .._base_.x import *`` and detectron2 LazyConfig
  relative imports (``from ..common.train import train``) and ``model_zoo.get_config("common/train.py")``
  (read inside detectron2's own repository; the installed model zoo's files are unresolved), read through
  the syntax tree; statements after them (``randomness.update(seed=0)``, ``train.seed = 1``) apply to the
  imported values. A Python base is composed once per run.
- ``hydra``: see :mod:`lineage_lint.profiles.hydra`.
- ``dvc-params``: ``dvc.yaml`` stages' ``params:``, read from ``params.yaml`` (or the file named).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lineage_lint.profiles.context import Context
from lineage_lint.sources import Document
from lineage_lint.sources.problems import UnreadableSource
from lineage_lint.tree import Entry, MapNode, Node, ScalarNode, SeqNode, Span, merge, stamp
from lineage_lint.values import lookup

# MMEngine, detectron2, VisCy-style `base:` lists, and the keys teams' own configs inherit with (`extends:`,
# `base_config:`, MMF's `includes:`): only values naming config files count.
BASE_KEYS = ("_base_", "_BASE_", "base", "extends", "base_config", "base_configs", "inherit", "inherits",
             "inherit_from", "parent_config", "includes")
_BASE_KEY_SET = frozenset(BASE_KEYS)
_CONFIG_SUFFIXES = (".py", ".yaml", ".yml", ".json")


def base_references(root: Node) -> tuple[str, list[tuple[str, Span]]] | None:
    """``(key, [(reference, span), ...])`` when ``root`` names base configs under a base key."""
    if not isinstance(root, MapNode) or _BASE_KEY_SET.isdisjoint(root.keys()):  # (asked of every file)
        return None
    for key in BASE_KEYS:
        node = root.get(key)
        items = [node] if isinstance(node, ScalarNode) else node.items if isinstance(node, SeqNode) else []
        refs = [(item.value, item.span) for item in items
                if isinstance(item, ScalarNode) and isinstance(item.value, str)]
        # `base:` is an ordinary word (DVC params use `base: {seed: 42}`): only a list of config files counts.
        if refs and len(refs) == len(items) and all(ref.endswith(_CONFIG_SUFFIXES) for ref, _ in refs):
            return key, refs
    return None


def compose_bases(document: Document, context: Context) -> Node:
    return _with_bases(document.root, context.path, context)


def _with_bases(root: Node, path: Path, context: Context) -> Node:
    found = base_references(root)
    if found is None or not isinstance(root, MapNode):
        return root
    key, refs = found
    composed: Node = MapNode([], root.span)
    for reference, span in refs:
        # An absolute base is a path of the machine (MMEngine and detectron2 join it to nothing): it is read
        # only when it lies inside the repository.
        scoped = _SCOPED.match(reference)
        if scoped:  # a config of the package the scope names: this repository's, or an installed one
            packaged = packaged_config(scoped.group(1), scoped.group(2), context)
            if packaged is None:
                context.unresolved(reference, f"base config {reference} names a config of the installed package "
                                   f"`{scoped.group(1)}`, which is not in this repository; it was not read", span)
                continue
            base_path = packaged
        elif os.path.isabs(reference):
            base_path = Path(os.path.normpath(reference))
        else:
            base_path = context.locate(reference, path.parent)
        base = context.read(base_path, reference, span)
        if base is None:
            continue
        with context.entering(base_path):
            base_root = _with_bases(_python_composed(base, base_path, context), base_path, context)
        composed = merge(composed, base_root)
    own = MapNode([entry for entry in root.entries if entry.key != key], root.span)
    return merge(composed, _base_values(own, composed, {}))


_BASE_REFERENCE = re.compile(r"^\{\{\s*_base_\.([\w.]+)\s*\}\}$")


def _base_values(node: Node, bases: Node, memo: dict[int, Node]) -> Node:
    """``node`` with MMEngine's ``{{_base_.a.b}}`` references replaced by the value the bases set at ``a.b``
    (keeping that value's file and line); a reference the bases do not set is left as written. Shared
    subtrees stay shared (``memo``), so a file's aliases are never expanded; a container holding no reference
    is ``node`` itself (what it is merged into is a copy: :func:`~lineage_lint.tree.merge`)."""
    done = memo.get(id(node))
    if done is not None:
        return done
    result: Node = node
    if isinstance(node, ScalarNode) and isinstance(node.value, str) and node.value.startswith("{{"):
        match = _BASE_REFERENCE.match(node.value)
        found = lookup(bases, tuple(match.group(1).split("."))) if match else None
        result = found if found is not None else node
    elif isinstance(node, MapNode):
        values = [_base_values(e.value, bases, memo) for e in node.entries]
        if any(value is not e.value for value, e in zip(values, node.entries, strict=True)):
            result = MapNode([Entry(e.key, e.key_span, value) for value, e in zip(values, node.entries, strict=True)],
                             node.span)
    elif isinstance(node, SeqNode):
        items = [_base_values(item, bases, memo) for item in node.items]
        if any(item is not old for item, old in zip(items, node.items, strict=True)):
            result = SeqNode(items, node.span)
    memo[id(node)] = result
    return result


def compose_python_imports(document: Document, context: Context) -> Node:
    if document.format != "python":
        return document.root
    return _python_composed(document, context.path, context)


def _python_composed(document: Document, path: Path, context: Context) -> Node:
    """``document`` re-read with its relative imports of other config files followed."""
    if document.format != "python" or ("from ." not in document.text and "get_config(" not in document.text):
        return document.root
    from lineage_lint.sources.python_source import parse_python

    def importer(module: str, level: int, names: tuple[str, ...] | None, span: Span) -> MapNode | None:
        if level == 0:  # `model_zoo.get_config("common/train.py")`
            zoo = zoo_config(module, context)
            if zoo is None:
                context.unresolved(f"model_zoo:{module}", f"`get_config({module!r})` names a config of the "
                                   "installed detectron2 model zoo, which is not in this repository; it was not "
                                   "read", span, names)
                return None
            target, shown = zoo, module
        else:
            folder = path.parent
            for _ in range(level - 1):
                folder = folder.parent
            target, shown = folder.joinpath(*module.split(".")).with_suffix(".py"), f"{'.' * level}{module}"
        base = context.read(target, shown, span, scope=names)
        if base is None:
            return None
        namespace = context.composed(target, lambda: _imported(base, target, context))
        return namespace if isinstance(namespace, MapNode) else None

    try:
        root, _ = parse_python(document.text, importer)
    except UnreadableSource:  # the loader parsed it once already; an import cannot make it invalid
        return document.root
    if document.path != context.repo_path:
        stamp(root, document.path, keep_marked=True)  # values it imported keep the file that set them
    return root


def _imported(base: Document, target: Path, context: Context) -> Node:
    with context.entering(target):
        return _with_bases(_python_composed(base, target, context), target, context)


_SCOPED = re.compile(r"^(\w+)::(.+)$")  # MMEngine's `mmdet::mask_rcnn/mask-rcnn_r50_fpn_1x_coco.py`


def packaged_config(package: str, reference: str, context: Context) -> Path | None:
    """The file of this repository that a config packaged with ``package`` (MMEngine's ``mmdet::x.py``,
    detectron2's ``model_zoo.get_config("x.py")``) names, when the repository is that package's own (its
    package folder is at the root; the packaged configs are built from ``configs/``); None when the
    reference names the installed package's files."""
    root = context.loader.root
    if reference.startswith("/") or ".." in Path(reference).parts:
        return None
    if context.loader.is_file(root / package / "__init__.py"):
        return Path(os.path.normpath(root / "configs" / reference))
    return None


def zoo_config(reference: str, context: Context) -> Path | None:
    """detectron2's ``model_zoo.get_config(reference)`` in detectron2's own repository."""
    return packaged_config("detectron2", reference, context)


def compose_dvc_params(document: Document, context: Context) -> Node:
    """``dvc.yaml`` with the parameters its stages use (``params: [train.seed]`` from ``params.yaml`` beside
    it, or ``params: [{other.yaml: [key]}]``) merged in at their key paths, from the params file's lines."""
    root = document.root
    stages = root.get("stages") if isinstance(root, MapNode) else None
    if not isinstance(root, MapNode) or not isinstance(stages, MapNode):
        return root
    wanted: list[tuple[str, str, Span]] = []  # (params file, dotted key, where it is named)
    for stage in stages.entries:
        params = stage.value.get("params") if isinstance(stage.value, MapNode) else None
        for item in params.items if isinstance(params, SeqNode) else []:
            if isinstance(item, ScalarNode) and isinstance(item.value, str):
                wanted.append(("params.yaml", item.value, item.span))
            elif isinstance(item, MapNode):
                for entry in item.entries:
                    keys = entry.value.items if isinstance(entry.value, SeqNode) else []
                    wanted.extend((entry.key, str(k.value), k.span) for k in keys if isinstance(k, ScalarNode))
                    if not keys:  # `- other.yaml:` with no keys: every parameter of the file
                        wanted.append((entry.key, "", entry.key_span))
    composed: Node = MapNode([], root.span)
    for file, key, span in wanted:
        params_doc = context.read(context.locate(file, context.path.parent), file, span)
        if params_doc is None:
            continue
        node: Node | None = params_doc.root
        parts = key.split(".") if key else []
        for part in parts:
            node = node.get(part) if isinstance(node, MapNode) else None
        if node is None:
            continue
        for part in reversed(parts):
            node = MapNode([Entry(part, node.span, node)], node.span)
        composed = merge(composed, node)
    return merge(composed, root)
