"""Hydra / OmegaConf composition: the ``defaults`` list, read the way Hydra 1.1+ reads it.

- ``group: option`` loads ``<config dir>/<group>/<option>.yaml`` under the package ``group`` (``a/b`` ->
  ``a.b``); ``# @package _global_`` (or ``group@_global_``) puts it at the top, ``# @package x.y`` at
  ``x.y``. A plain entry (``- base``) loads ``base.yaml`` beside the file. Options' own defaults are
  followed, relative to their group (``/group`` is absolute).
- ``_self_`` places the file's own settings; without it they come last (they override the defaults).
- ``optional`` entries may be absent; ``null`` entries load nothing; the ``hydra`` group (launcher,
  logging, run directory) is skipped.
- An experiment overlay (a file in a group folder whose defaults ``override /group: option``) is composed
  the way ``python train.py experiment=<it>`` would: the primary config that lists its group is found
  beside the group folder, the overlay's overrides replace the primary's choices, and the overlay is
  merged where the primary lists its group. Without a primary, the overlay is composed on its own.
- ``${...}`` interpolation is resolved afterwards, on the composed tree (``oc.env`` is the environment,
  ``???`` is supplied at run time).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lineage_lint.profiles.context import Context
from lineage_lint.sources import Document
from lineage_lint.tree import Entry, MapNode, Node, ScalarNode, SeqNode, Span, merge

# `^\s*#\s*@package\s+(\S+)` (multiline), searched as `\n...` in the text with a newline put before it: a
# literal start is found fast, where a `^` is tried at every character (see profiles.spec._text_search).
_PACKAGE = re.compile(r"\n\s*#\s*@package\s+(\S+)")
MAX_DEPTH = 12
SKIPPED_GROUPS = ("hydra",)


@dataclass(frozen=True)
class Default:
    """One entry of a defaults list."""

    group: str | None  # None: `_self_` or a plain config name (in ``option``)
    options: tuple[str, ...]  # empty for `null`
    package: str | None
    optional: bool
    override: bool
    span: Span

    @property
    def is_self(self) -> bool:
        return self.group is None and self.options == ("_self_",)


def defaults_list(root: Node) -> list[Default] | None:
    node = root.get("defaults") if isinstance(root, MapNode) else None
    if not isinstance(node, SeqNode):
        return None
    entries: list[Default] = []
    for item in node.items:
        if isinstance(item, ScalarNode) and isinstance(item.value, str):
            entries.append(Default(None, (item.value.strip(),), None, False, False, item.span))
        elif isinstance(item, MapNode) and len(item.entries) == 1:
            entry = item.entries[0]
            words = entry.key.split()
            name = words[-1] if words else ""
            group, _, package = name.partition("@")
            value = entry.value
            options: tuple[str, ...] = ()
            if isinstance(value, ScalarNode) and value.value is not None:
                options = (str(value.value),)
            elif isinstance(value, SeqNode):
                options = tuple(str(v.value) for v in value.items if isinstance(v, ScalarNode) and v.value is not None)
            entries.append(Default(group, options, package or None, "optional" in words[:-1],
                                   "override" in words[:-1], entry.key_span))
    return entries


def is_overlay(document: Document) -> bool:
    """A config that overrides another's choices, or sets values for the whole config from a group
    (``# @package _global_``): an experiment overlay, run as ``train.py experiment=<it>``. Overriding
    Hydra's own groups (``override hydra/launcher: submitit``) is what primary configs do: it does not
    make a file an overlay, and neither does a relative ``override group: option`` in a group option's own
    defaults: it names a group below that option's (``data/mnist.yaml`` overriding ``split``), not the
    primary's choice. Only an absolute ``override /group: option`` or the ``_global_`` package does."""
    if header_package(document.text) == "_global_":
        return True
    return any(d.group.startswith("/") for d in _overrides(document.root).values() if d.group is not None)


def _overrides(root: Node) -> dict[str, Default]:
    """The ``override /group: option`` entries of a defaults list, by absolute group, Hydra's own groups
    left out (they are skipped when composing anyway)."""
    return {group: d for d in defaults_list(root) or ()
            if d.override and d.group is not None
            and (group := _absolute(d.group, "")).split("/")[0] not in SKIPPED_GROUPS}


def header_package(text: str) -> str | None:
    match = _PACKAGE.search("\n" + text[:2000])
    return match.group(1) if match else None


def compose_hydra(document: Document, context: Context) -> Node:
    path = context.path
    if is_overlay(document):
        choices = _overrides(document.root)
        primary = _find_primary(path, context)
        if primary is not None:
            primary_path, config_dir, group, option = primary
            doc = context.read(primary_path, primary_path.name, Span.point(1))
            if doc is not None:
                choices[group] = Default(group, (option,), None, False, True, Span.point(1))
                with context.entering(primary_path):
                    return _Composer(context, config_dir, choices, document).compose(doc, primary_path, "", 0)
        if choices:  # without its primary: the overlay's overrides are its defaults
            config_dir = _overlay_config_dir(path, choices, context)
            composer = _Composer(context, config_dir, choices, document, standalone=True)
            return composer.compose(document, path, _group_of(path, config_dir), 0)
    if defaults_list(document.root) is None:
        return document.root
    return _Composer(context, path.parent, {}, document).compose(document, path, "", 0)


def _absolute(group: str | None, current: str) -> str:
    if group is None:
        return current
    if group.startswith("/"):
        return group.strip("/")
    return f"{current}/{group}".strip("/") if current else group


def _group_of(path: Path, config_dir: Path) -> str:
    relative = os.path.relpath(path.parent, config_dir)
    return "" if relative == "." else Path(relative).as_posix()


def _place(node: Node, package: str) -> Node:
    """``node`` placed at the dotted ``package`` path from the top of the config."""
    if not package or package == "_global_":
        return node
    for part in reversed(package.split(".")):
        node = MapNode([Entry(part, node.span, node)], node.span)
    return node


def _unplace(node: Node, package: str) -> Node:
    for part in package.split(".") if package else ():
        inner = node.get(part) if isinstance(node, MapNode) else None
        if inner is None:
            return node
        node = inner
    return node


def _package(header: str | None, group: str) -> str:
    if header is None or header == "_group_":
        return group.replace("/", ".")
    if header == "_global_":
        return ""
    return header.replace("_group_", group.replace("/", "."))


class _Composer:
    """One composition: the config folder, the group choices (with an overlay's overrides) and the
    checked document (an overlay reached through its primary's defaults is composed from it)."""

    def __init__(self, context: Context, config_dir: Path, choices: dict[str, Default], checked: Document,
                 *, standalone: bool = False) -> None:
        self.context = context
        self.config_dir = config_dir
        self.choices = choices
        self.checked = checked
        self.standalone = standalone  # an overlay without its primary: its overrides are its defaults

    def compose(self, document: Document, path: Path, group: str, depth: int) -> Node:
        root = document.root
        own_root = MapNode([e for e in root.entries if e.key != "defaults"], root.span) \
            if isinstance(root, MapNode) else root
        own = _place(own_root, _package(header_package(document.text), group))
        composed: Node = MapNode([], root.span)
        placed_self = False
        for entry in defaults_list(root) or []:
            if entry.is_self:
                composed = merge(composed, own)
                placed_self = True
            elif (entry.override and not self.standalone) or depth >= MAX_DEPTH:
                continue
            elif entry.group is None:  # a plain config: `- base`, `- db/mysql`, `- /db/mysql@backup`
                composed = merge(composed, self._config(entry, group, depth))
            else:
                composed = merge(composed, self._group(entry, group, depth))
        return composed if placed_self else merge(composed, own)

    def _config(self, entry: Default, current: str, depth: int) -> Node:
        """A plain entry: a config named relative to the containing config's group (``/`` from the config
        folder), in the package of its own group (``db/mysql`` -> ``db``) unless ``@package`` moves it."""
        name, _, package = entry.options[0].partition("@")
        absolute = _absolute(name, current)
        file = absolute if absolute.endswith((".yaml", ".yml")) else f"{absolute}.yaml"
        group = absolute.rpartition("/")[0]
        target = Path(os.path.normpath(self.config_dir / file))
        node = self._load(target, name, entry, group, depth, scope=None if package or not group else
                          (group.replace("/", "."),))
        if package:
            node = _place(_unplace(node, group.replace("/", ".")), package)
        return node

    def _group(self, entry: Default, current: str, depth: int) -> Node:
        absolute = _absolute(entry.group, current)
        composed: Node = MapNode([], entry.span)
        if absolute.split("/")[0] in SKIPPED_GROUPS:
            return composed
        chosen = self.choices.get(absolute)
        if chosen is not None:  # an overlay's `override /group: option`: its line names the file
            entry = Default(entry.group, chosen.options, entry.package, entry.optional, False, chosen.span)
        for option in entry.options:
            if option in ("null", "None"):
                continue
            file = option if option.endswith((".yaml", ".yml")) else f"{option}.yaml"
            target = Path(os.path.normpath(self.config_dir / absolute / file))
            package = entry.package if entry.package not in (None, "_global_") else None
            scope = None if entry.package == "_global_" else (package or absolute.replace("/", "."),)
            node = self._load(target, f"{absolute}/{file}", entry, absolute, depth, scope=scope)
            if entry.package is not None:  # `group@pkg: option` moves it
                node = _place(_unplace(node, absolute.replace("/", ".")), entry.package)
            composed = merge(composed, node)
        return composed

    def _load(self, target: Path, reference: str, entry: Default, group: str, depth: int, *,
              scope: tuple[str, ...] | None = None) -> Node:
        if target == self.context.path:  # the overlay itself, reached through the primary's defaults
            return self.compose(self.checked, target, group, depth + 1)
        # A group option that cannot be read is assumed to use its group's package, Hydra's default.
        document = self.context.read(target, reference, entry.span, optional=entry.optional, scope=scope)
        if document is None:
            return MapNode([], entry.span)
        with self.context.entering(target):
            return self.compose(document, target, group, depth + 1)


def group_option_of(path: Path, context: Context) -> tuple[Path, Path, str, str] | None:
    """When ``path`` is an option of a config group (``configs/data/mnist.yaml``) that a primary config
    beside the group lists in its defaults: (the primary, the config dir, the group, the option)."""
    return _find_primary(path, context)


def _find_primary(path: Path, context: Context) -> tuple[Path, Path, str, str] | None:
    """The primary config that lists the overlay's group: (its path, the config dir, group, option)."""
    folder = path.parent
    for _ in range(4):
        config_dir = folder.parent
        if not context.loader.inside(config_dir):
            return None
        candidates = context.loader.listing(config_dir, (".yaml", ".yml"))[:20]
        if not candidates:
            folder = config_dir
            continue
        relative = Path(os.path.relpath(path, config_dir)).with_suffix("").as_posix()
        for candidate in candidates:
            document = _peek(candidate, context)
            # The group may be nested (`model/train_ds: train_ds` lists `model/train_ds/train_ds.yaml`).
            groups = [g for d in defaults_list(document.root) or () if d.group is not None
                      and relative.startswith(f"{(g := _absolute(d.group, ''))}/")] if document is not None else []
            if groups:
                group = max(groups, key=len)
                return candidate, config_dir, group, relative[len(group) + 1:]
        folder = config_dir
    return None


def _peek(path: Path, context: Context) -> Document | None:
    from lineage_lint.sources.problems import UnreadableSource

    try:
        return context.loader.load(path)
    except UnreadableSource:
        return None


def _overlay_config_dir(path: Path, choices: dict[str, Default], context: Context) -> Path:
    """Without a primary: the folder of the repository holding the groups the overlay overrides (else the
    folder above the overlay's group folder)."""
    groups = [group.split("/")[0] for group in choices]
    inside = [folder for folder in path.parents if context.loader.inside(folder)]
    for folder in inside:
        # os.path.isdir underneath (Loader.is_dir): a group name from the file may be too long for the filesystem
        if groups and any(context.loader.is_dir(folder / group) for group in groups):
            return folder
    return path.parent.parent if context.loader.inside(path.parent.parent) else context.loader.root
