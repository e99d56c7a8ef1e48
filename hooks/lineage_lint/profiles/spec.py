"""Declarative profiles: a framework described as data, read by one piece of code.

A :class:`Spec` says how to recognise a framework's files (:class:`Signature`: keys, values, text, and
optionally a path pattern, which is never enough on its own), which composition resolvers to apply,
which key paths hold the run seed and what the framework does when it is absent, and which key paths
reference datasets and what pins them (:class:`DatasetKey`). :class:`SpecProfile` turns a spec into a
profile. Adding a framework is adding a module under ``profiles/frameworks/`` that defines ``SPEC``.

Specs are named tuples (cheap to build at import, on the hook path). Key paths are dotted
(``trainer.seed``); ``*`` matches any key (``*seed``: any key ending in ``seed``) and ``[]`` every item of
a list (``datasets[].path``). Files a spec marks ``not_applicable`` (launcher, logging, CI configs) are read
and shown, but no policy is applied to them.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterator, KeysView
from pathlib import Path
from typing import Literal, NamedTuple

from lineage_lint.profiles import generic
from lineage_lint.profiles.context import Context
from lineage_lint.profiles.launch import launch_slots
from lineage_lint.record import DatasetRef, LaunchSlot, LineageRecord, Origin, Role, SeedVerdict
from lineage_lint.sources import Document
from lineage_lint.tree import Entry, MapNode, Node, OpaqueNode, ScalarNode, SeqNode, Span
from lineage_lint.values import environment_interpolation, is_reference_placeholder, resolve


class Signature(NamedTuple):
    """Content that identifies a framework's file; every given condition must hold."""

    keys: tuple[str, ...] = ()  # every key path present
    any_keys: tuple[str, ...] = ()  # at least one present
    none_of: tuple[str, ...] = ()  # none of these present (a generation config has no optimizer)
    values: tuple[tuple[str, str], ...] = ()  # (key path, regex the value's text must match)
    text: str = ""  # a regex found in the raw text (e.g. `^# @package`)
    path: str = ""  # a regex found in the repository path: narrows, never identifies alone
    formats: tuple[str, ...] = ()  # yaml, json, toml, python; empty: any
    role: Role | None = None  # the role of files it identifies, when not the spec's (a framework's dataset YAML)
    only_keys: tuple[str, ...] = ()  # every top-level key is one of these (Hydra's own `hydra` group options)

    def matches(self, document: Document, repo_path: str) -> bool:
        if self.formats and document.format not in self.formats:
            return False
        root = document.root
        # The top-level key each path starts with: a dictionary lookup rejects most files before any walk.
        top: KeysView[str] | frozenset[str] = root.keys() if isinstance(root, MapNode) else frozenset()
        needed, wanted = _heads(self)
        if not needed <= top or (wanted is not None and wanted.isdisjoint(top)):
            return False
        return self.holds(document, repo_path, top)

    def holds(self, document: Document, repo_path: str, top: KeysView[str] | frozenset[str]) -> bool:
        """The conditions :meth:`matches` asks after the file's format and the top-level keys ``top`` passed
        (every file is asked these: an empty condition costs nothing)."""
        if self.only_keys and not all(key in self.only_keys for key in top):
            return False
        if self.path and _compiled(self.path).search(repo_path) is None:
            return False
        root = document.root
        if self.none_of and any(present(root, key) for key in self.none_of):
            return False
        if self.keys and not all(present(root, key) for key in self.keys):
            return False
        if self.any_keys and not any(present(root, key) for key in self.any_keys):
            return False
        for key, pattern in self.values:
            if not any(re.search(pattern, _text(match.node)) for match in find(root, key)):
                return False
        return not self.text or _text_search(self.text, document.text)


_COMPILED: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    found = _COMPILED.get(pattern)
    if found is None:
        found = _COMPILED[pattern] = re.compile(pattern)
    return found


_TEXT_PATTERNS: dict[str, tuple[re.Pattern[str], bool, str]] = {}
_SPECIAL = frozenset(".^$*+?{}[]|()\n")


def required_literal(pattern: str) -> str:
    """The longest run of plain characters (at least 3) every match of the regex ``pattern`` contains: one
    outside any group, class, alternative or optional part (``^#\\s*@package\\s+\\S`` -> ``@package``); ``""``
    when there is none, or when the pattern sets inline flags (``(?i)``) or has alternatives at its top. A text
    without it cannot match: ``str.find`` answers that before the regex scans the text."""
    runs: list[str] = []
    run, depth, index = "", 0, 0
    while index < len(pattern):
        char = pattern[index]
        literal = ""
        if char == "\\":
            escaped = pattern[index + 1:index + 2]
            literal = escaped if escaped and not escaped.isalnum() and escaped != "\n" else ""
            index += 2
        elif char == "[":  # a class: skipped whole (a `]` first in it, or escaped, is one of its characters)
            index += 2 if pattern[index + 1:index + 2] == "^" else 1
            index += 1 if pattern[index:index + 1] == "]" else 0
            while index < len(pattern) and pattern[index] != "]":
                index += 2 if pattern[index] == "\\" else 1
            index += 1
        elif char == "(":
            if depth == 0 and re.match(r"\(\?[aiLmsux#]", pattern[index:]):
                return ""
            depth += 1
            index += 1
        elif char == ")":
            depth -= 1
            index += 1
        elif char == "|" and depth == 0:
            return ""
        else:
            literal = "" if char in _SPECIAL else char
            index += 1
        if depth == 0 and literal:
            if pattern[index:index + 1] in ("?", "*", "{"):  # optional (or counted): not required
                runs.append(run)
                run = ""
            else:
                run += literal
            if pattern[index:index + 1] == "+":
                runs.append(run)
                run = ""
        elif depth == 0 or char == "(":
            runs.append(run)
            run = ""
    longest = max([*runs, run], key=len)
    return longest if len(longest) >= 3 else ""


def _within_line(pattern: str) -> str:
    """``pattern`` with each ``\\s`` outside a character class made ``[^\\S\\n]`` (whitespace within a line);
    inside a class (``[\\s\\S]``, any character) it is left as written."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            pair = pattern[index:index + 2]
            out.append(r"[^\S\n]" if pair == r"\s" and not in_class else pair)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            if pattern[index + 1:index + 2] == "^":
                out.append("^")
                index += 1
            if pattern[index + 1:index + 2] == "]":  # `[]...]`: a literal `]` first in the class
                out.append("]")
                index += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _text_search(pattern: str, text: str) -> bool:
    """Whether the multiline regex ``pattern`` is found in ``text``.

    Every file is tried against these, and a pattern that starts with ``^`` makes Python's regex engine
    try every character of the file. ``^X`` (multiline) is found in a text exactly when ``\\nX`` is found in
    the text with a newline put before it, and a pattern that starts with a literal is searched for quickly (4-8x on a
    typical config). Patterns that could tell the added newline apart (``\\A``, ``\\B``, a lookbehind)
    are searched as written."""
    compiled = _TEXT_PATTERNS.get(pattern)
    if compiled is None:
        literal = required_literal(pattern)
        shifted = pattern.startswith("^") and not any(part in pattern for part in ("\\A", "\\B", "(?<"))
        # `\s` stays within a line (a pattern that means the next line says `\n`): `^\s*-` over thousands
        # of blank lines would otherwise retry the whole run from every line, quadratic in the file's size.
        within_line = _within_line(pattern)
        compiled = _TEXT_PATTERNS[pattern] = (
            re.compile("\n" + within_line[1:] if shifted else within_line, re.MULTILINE), shifted, literal)
    regex, shifted, literal = compiled
    if literal and literal not in text:
        return False
    return regex.search("\n" + text if shifted else text) is not None


class DatasetKey(NamedTuple):
    """Where a framework names datasets, and what pins them."""

    path: str  # key path of the reference, or of the mapping describing one dataset (with ``ref``)
    # In that mapping, the fields (dotted paths) naming the dataset: the first one present decides, and
    # when it holds a placeholder (null, ???) the dataset is supplied at run time: no reference.
    ref: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()  # fields beside the reference holding a version or revision
    digests: tuple[str, ...] = ()  # fields beside the reference holding a content digest
    split: str = ""  # a separator: one string names several datasets (`dataset: a,b`)
    keys_are_refs: bool = False  # a mapping whose keys are dataset ids (`dataset_mixer: {org/a: 0.5}`)
    registry: str = ""  # a resolver (in ``REGISTRIES``) that looks names up, e.g. LLaMA-Factory's
    qualifiers: tuple[str, ...] = ()  # fields narrowing the reference (HF config name): a release named there counts
    exclude: str = ""  # a regex: references it matches are not datasets (code files a pipeline depends on)
    latest_when: str = ""  # a boolean field meaning "the newest version is loaded" (Kedro `versioned`)
    # The value may name a YAML file of the repository (beside the config, or from the root) that defines the
    # dataset: it is read with the same profile's dataset keys (Ultralytics `data: custom.yaml`).
    follow: bool = False
    skip_keys: str = ""  # a regex: matches at key paths it matches are not datasets (`model_path`, `output_path`)


class Spec(NamedTuple):
    name: str
    framework: str
    signatures: tuple[Signature, ...]
    composition: tuple[str, ...] = ()  # resolver names: hydra, bases, python-imports
    seed_keys: tuple[str, ...] = ()  # the run seed, first present wins
    seed_default: str = ""  # what the framework does when the seed is absent (the `missing` note)
    search_seeds: bool = True  # also the generic search for a run seed when no seed key is present
    datasets: tuple[DatasetKey, ...] = ()
    search_datasets: bool = True  # also the generic dataset search
    # The reason, for files that are not training configs. Such a spec never takes a file that trains (epochs, a
    # learning rate with data..., at any depth: `generic.trains`): one stray key of a launcher, CI, inference or
    # search-space file never makes a training config not applicable. With `veto="optimises"` only how a model is
    # optimised (a learning rate, an optimizer, training data) counts: a validation config sets steps too.
    not_applicable: str = ""
    veto: Literal["trains", "optimises"] = "trains"
    # Not recognised when the file binds a run seed or names a dataset (a Python module that defines its config
    # classes and binds a config object built from them is a config, not code).
    unless_configures_run: bool = False
    role: Role = "training"  # training, fragment or dataset-definition (see the record schema)
    # Names a Python config launched as a run defines once composed (detectron2 LazyConfig: `train` and
    # `dataloader`); a Python config of the framework lacking one is a module other configs import: a fragment.
    run_names: tuple[str, ...] = ()
    reads: str = ""  # one line for the docs: what else it reads


class Match(NamedTuple):
    """A node found at a key path: its dotted path, the node, the mapping holding it and its entry."""

    path: str
    node: Node
    parent: MapNode | None
    entry: Entry | None
    base: tuple[str, ...] = ()


_PARTS: dict[str, tuple[list[str], bool]] = {}


def _parts(pattern: str) -> tuple[list[str], bool]:
    """The parts of a key path, and whether it is plain (no ``*`` or ``[]``): parsed once per process."""
    found = _PARTS.get(pattern)
    if found is None:
        parts = [part for part in re.split(r"\.|(?=\[\])", pattern) if part]
        found = _PARTS[pattern] = (parts, not any("*" in part or part == "[]" for part in parts))
    return found


def find(root: Node, pattern: str) -> Iterator[Match]:
    """Every node at the key path ``pattern`` (``a.b``, ``a.*.b``, ``datasets[].path``)."""
    parts, plain = _parts(pattern)
    if plain:  # the common case, without the generator machinery
        node, parent, entry = root, None, None
        for part in parts:
            if not isinstance(node, MapNode):
                return
            parent, entry = node, node.entry(part)
            if entry is None:
                return
            node = entry.value
        yield Match(pattern, node, parent, entry, tuple(parts[:-1]))
        return
    yield from _find(root, parts, (), None, None)


def _head(pattern: str) -> str:
    """The first key of a plain path (``""`` when it starts with a wildcard or is empty)."""
    parts = _parts(pattern)[0]
    return parts[0] if parts and "*" not in parts[0] and parts[0] != "[]" else ""


_HEADS: dict[int, tuple[frozenset[str], frozenset[str] | None]] = {}


def _heads(signature: Signature) -> tuple[frozenset[str], frozenset[str] | None]:
    """The top-level keys a signature needs (all of them), and those of which it needs one (None: no such
    requirement, or one of its paths starts with a wildcard); computed once per signature."""
    found = _HEADS.get(id(signature))
    if found is None:
        # A `values` condition needs its key path present too.
        needed = frozenset(head for key in (*signature.keys, *(key for key, _ in signature.values))
                           if (head := _head(key)))
        heads = [_head(key) for key in signature.any_keys]
        wanted = frozenset(heads) if heads and all(heads) else None
        found = _HEADS[id(signature)] = (needed, wanted)
    return found


def present(root: Node, pattern: str) -> bool:
    """Whether anything is at the key path ``pattern``: :func:`find` without building its matches (every
    file is tried against the signatures)."""
    parts, plain = _parts(pattern)
    if plain:  # the common case, one lookup per part
        node = root
        for part in parts:
            if not isinstance(node, MapNode):
                return False
            entry = node.entry(part)
            if entry is None:
                return False
            node = entry.value
        return True
    return _present(root, parts, 0)


def _present(node: Node, parts: list[str], index: int) -> bool:
    if index == len(parts):
        return True
    head = parts[index]
    if head == "[]":
        return isinstance(node, SeqNode) and any(_present(item, parts, index + 1) for item in node.items)
    if not isinstance(node, MapNode):
        return False
    if "*" in head:
        last = parts[-1] if index + 2 == len(parts) else "*"
        if head == "*" and last != "[]" and "*" not in last:  # `*.path`: a plain key in any section (asked of
            return any(isinstance(child.value, MapNode) and child.value.entry(last) is not None  # every file)
                       for child in node.entries if not child.key.startswith("__"))
        return any(_present(child.value, parts, index + 1) for child in node.entries
                   if not child.key.startswith("__") and (head == "*" or fnmatch.fnmatchcase(child.key, head)))
    entry = node.entry(head)
    return entry is not None and _present(entry.value, parts, index + 1)


def _find(node: Node, parts: list[str], path: tuple[str, ...], parent: MapNode | None,
          entry: Entry | None) -> Iterator[Match]:
    if not parts:
        yield Match(_dotted(path), node, parent, entry, path[:-1])
        return
    head, rest = parts[0], parts[1:]
    if head == "[]":
        if isinstance(node, SeqNode):
            for index, item in enumerate(node.items):
                yield from _find(item, rest, (*path, f"[{index}]"), None, None)
        return
    if not isinstance(node, MapNode):
        return
    if "*" in head:  # `*` any key; `*seed` any key ending in `seed`
        for child in node.entries:
            if not child.key.startswith("__") and (head == "*" or fnmatch.fnmatchcase(child.key, head)):
                yield from _find(child.value, rest, (*path, child.key), node, child)
        return
    child_entry = node.entry(head)
    if child_entry is not None:
        yield from _find(child_entry.value, rest, (*path, head), node, child_entry)


def _is_fragment(document: Document, context: Context) -> bool:
    """A file other configs compose rather than one a run is launched with: under an MMEngine ``_base_``
    folder, or an option of a Hydra config group that a primary config beside the group lists."""
    if "_base_" in context.repo_path.split("/")[:-1]:
        return True
    if document.format != "yaml":
        return False
    from lineage_lint.profiles.hydra import group_option_of, is_overlay

    return not is_overlay(document) and group_option_of(context.path, context) is not None


def _may_leave_to_launch(document: Document) -> bool:
    """Whether a value of ``document`` may be ``???`` or hold ``${``, the only values the launch slots' walk
    keeps. A YAML, JSON or TOML value holds no character its file's text does not spell out, unless through an
    escape (a backslash); a Python file's strings may be joined from pieces (``"??" "?"``): always walked."""
    text = document.text
    return document.format == "python" or "???" in text or "${" in text or "\\" in text


def _triggers(spec: Spec) -> frozenset[str] | None:
    """Top-level keys one of which every signature of ``spec`` needs (None: some signature needs none): a
    file with none of them is not this framework's, decided without looking further."""
    triggers: set[str] = set()
    for signature in spec.signatures:
        needed, wanted = _heads(signature)
        if not needed and wanted is None:
            return None
        triggers |= needed | (wanted or frozenset())
    return frozenset(triggers)


def _followed(document: Document, node: Node) -> Node | None:
    """``node`` after its interpolations: None when the environment supplies it (a run-time value), and the
    interpolation itself when it names a key nobody could follow (a reference whose value is unknown)."""
    followed = resolve(document.root, node)
    if followed.env:
        return None
    if followed.unresolved:
        return ScalarNode(followed.unresolved, node.span)
    return followed.node


def _from_environment(document: Document, node: Node, path: str, context: Context) -> bool:
    """Whether a dataset field's value is read whole from the environment (``${oc.env:TRAIN_MANIFEST}``, also
    through another key): then the launch supplies the data, and the field is listed as a launch slot."""
    if not (isinstance(node, ScalarNode) and isinstance(node.value, str) and resolve(document.root, node).env):
        return False
    context.launch_slots.append((path, node.value, node.span))
    return True


def _first(holder: MapNode | None, names: tuple[str, ...]) -> Entry | None:
    """The entry of the first of the key paths ``names`` present in ``holder``."""
    if holder is None:
        return None
    return next((m.entry for name in names for m in find(holder, name) if m.entry is not None), None)


def _dotted(path: tuple[str, ...]) -> str:
    return "".join(part if part.startswith("[") else f".{part}" for part in path).lstrip(".")


def _text(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return "" if node.value is None else str(node.value)
    if isinstance(node, OpaqueNode):
        return node.text
    return ""


Resolver = Callable[[Document, Context], Node]
Registry = Callable[[str, Span, Context, Node], "list[tuple[str, str | None, str | None, Span]] | None"]


def _resolvers() -> dict[str, Resolver]:
    from lineage_lint.profiles.compose import compose_bases, compose_dvc_params, compose_python_imports
    from lineage_lint.profiles.hydra import compose_hydra

    return {"hydra": compose_hydra, "bases": compose_bases, "python-imports": compose_python_imports,
            "dvc-params": compose_dvc_params}


class SpecProfile:
    """A profile defined by a :class:`Spec`."""

    def __init__(self, spec: Spec, registries: dict[str, Registry] | None = None) -> None:
        self.spec = spec
        self.registries = registries or {}
        self.triggers = _triggers(spec)
        # each signature with what it needs of the file's format and top-level keys: most files fail these set
        # tests, asked here before the signature's own (the same tests first, then its paths, values and text)
        self._gates = [(signature, frozenset(signature.formats), *_heads(signature)) for signature in spec.signatures]

    @property
    def name(self) -> str:
        return self.spec.name

    def detect(self, document: Document, repo_path: str, top: KeysView[str] | frozenset[str] | None = None) -> bool:
        """Whether ``document`` is this profile's (``top``: its top-level keys, when the caller has them)."""
        if top is None:
            root = document.root
            top = root.keys() if isinstance(root, MapNode) else frozenset()
        fmt = document.format
        for signature, formats, needed, wanted in self._gates:
            if (not formats or fmt in formats) and needed <= top and (wanted is None or not wanted.isdisjoint(top)) \
                    and signature.holds(document, repo_path, top):
                break
        else:
            return False
        if self.spec.unless_configures_run and generic.configures_run(document):
            return False
        if not self.spec.not_applicable:
            return True
        if self.spec.veto == "optimises":
            return not generic.optimises(document)
        return not generic.trains(document, repo_path)

    def extract(self, document: Document, context: Context) -> LineageRecord:
        spec = self.spec
        composed = document
        if spec.composition:
            resolvers = _resolvers()
            root = document.root
            for name in spec.composition:
                root = resolvers[name](Document(document.path, document.format, root, document.text), context)
            composed = Document(document.path, document.format, root, document.text)
        seed, others = self._seeds(composed, context)
        datasets = self._datasets(composed, context)
        record = LineageRecord(document.path, spec.name, seed, datasets, other_seeds=others,
                               sources=list(context.sources), role=self._role(document, context, composed.root))
        slots = list(context.launch_slots)
        if spec.search_datasets and _may_leave_to_launch(document):  # and what the generic search finds left to
            framework = {key for key, _, _ in slots}                # the launch command
            slots.extend(slot for slot in launch_slots(document.root) if slot[0] not in framework)
        record.supplied_at_launch = [LaunchSlot(key, value, Origin.at(document.path, span))
                                     for key, value, span in slots]
        if spec.not_applicable:
            record.applicable = False
            record.reason = spec.not_applicable
        elif seed.status == "missing" and not datasets and not generic.has_training_keys(composed.root) \
                and not spec.seed_default:
            record.applicable = False
            record.reason = "no seed, dataset or training settings: not a training config"
        return record

    def _role(self, document: Document, context: Context, composed: Node) -> Role:
        signature = next((s for s in self.spec.signatures if s.matches(document, context.repo_path)), None)
        role = signature.role if signature is not None and signature.role is not None else self.spec.role
        if role == "training" and document.format == "python" and isinstance(composed, MapNode) \
                and any(composed.get(name) is None for name in self.spec.run_names):
            return "fragment"
        if role != "training" and generic.sets_optimisation(document.root):
            # A file that looks like a dataset definition or a data-module fragment but sets epochs, a learning
            # rate or an optimizer is launched to train: it must not escape the training configs' seed rule.
            return "training"
        return "fragment" if role == "training" and _is_fragment(document, context) else role

    # --- seeds --------------------------------------------------------------------------------------

    def _seeds(self, document: Document, context: Context) -> tuple[SeedVerdict, list[SeedVerdict]]:
        spec = self.spec
        chosen: Match | None = None
        for key in spec.seed_keys:
            chosen = next((m for m in find(document.root, key) if m.entry is not None), None)
            if chosen is not None:
                break
        if chosen is not None and chosen.entry is not None:
            seed = generic.seed_verdict(document, chosen.base, chosen.entry)
            chosen_entry: Entry | None = chosen.entry
        elif spec.search_seeds:
            seed, others = generic.find_seeds(document)
            return self._missing_seed(seed, context), others
        else:
            root_span = document.root.span
            seed = SeedVerdict("missing", Origin.at(document.path, Span.point(root_span.line, root_span.col)))
            chosen_entry = None
        seed = self._missing_seed(seed, context)
        others = [
            generic.seed_verdict(document, base, entry)
            for base, entry in generic.seed_like_entries(document.root, (), 0)
            if entry is not chosen_entry and (seed.key is None or generic.dotted((*base, entry.key)) != seed.key)
        ][:20]
        return seed, others

    def _missing_seed(self, seed: SeedVerdict, context: Context) -> SeedVerdict:
        """An absent seed is unresolved when a file that could not be read could have set it, else missing
        with the framework's default named."""
        if seed.status == "missing":
            unread = context.could_set(self._could_hold_seed)
            if unread:
                seed.status = "unresolved"
                seed.note = (f"not set in this file; it may be set in {', '.join(unread[:3])}, which could not "
                             "be read")
            elif self.spec.seed_default:
                seed.note = self.spec.seed_default
        return seed

    def _could_hold_seed(self, prefix: str) -> bool:
        """Whether a file composed at the key path ``prefix`` could set the run seed."""
        if not prefix:
            return True
        parts = prefix.split(".")
        for key in self.spec.seed_keys:
            wanted = key.split(".")
            if len(parts) <= len(wanted) and all(fnmatch.fnmatchcase(part, pattern)
                                                 for part, pattern in zip(parts, wanted, strict=False)):
                return True
        return self.spec.search_seeds and (parts[0].lower() in generic.RUN_SECTIONS
                                           or parts[0].lower() in generic.RUN_SEED_KEYS)

    # --- datasets -----------------------------------------------------------------------------------

    def _datasets(self, document: Document, context: Context) -> list[DatasetRef]:
        refs: list[DatasetRef] = []
        for key in self.spec.datasets:
            for match in find(document.root, key.path):
                self._read_key(document, key, match, refs, context)
        if self.spec.search_datasets:
            # the generic search adds what no reference read so far lies inside or around (kept as sets: a
            # file may name thousands of datasets)
            seen = {(ref.key, ref.ref) for ref in refs}
            keys = {ref.key for ref in refs}
            around = {prefix for ref in refs for prefix in generic.dot_prefixes(ref.key)}
            for ref in generic.find_datasets(document):
                if (ref.key, ref.ref) in seen or ref.key in around \
                        or not keys.isdisjoint(generic.dot_prefixes(ref.key)):
                    continue
                refs.append(ref)
                keys.add(ref.key)
                around.update(generic.dot_prefixes(ref.key))
        refs = generic.without_storage_roots(refs)
        for shown, span in context.missing_data:
            refs.append(DatasetRef("(data config)", shown, "none", Origin.at(document.path, span),
                                   note="; its definition could not be read"))
        return refs

    def _follow(self, value: str, span: Span, context: Context) -> list[DatasetRef] | None:
        """The datasets the YAML file ``value`` defines, when it is a file of the repository."""
        if not value.endswith((".yaml", ".yml")) or "://" in value:
            return None
        # An absolute path is the machine's (read only when it lies in the repository); a relative one is
        # looked for beside the config, then from the repository root.
        paths = [Path(os.path.normpath(value))] if os.path.isabs(value) else \
            [context.locate(value, folder) for folder in (context.path.parent, context.loader.root)]
        for path in paths:
            if context.loader.inside(path) and context.loader.lexists(path):
                document = context.read(path, value, span)
                if document is None:
                    return None
                found: list[DatasetRef] = []
                for key in self.spec.datasets:
                    if not key.follow:
                        for match in find(document.root, key.path):
                            self._read_key(document, key, match, found, context)
                return found
        return None

    def _read_key(self, document: Document, key: DatasetKey, match: Match, refs: list[DatasetRef],
                  context: Context) -> None:
        if key.skip_keys and re.search(key.skip_keys, match.path):
            return
        if _from_environment(document, match.node, match.path, context):
            return
        node = _followed(document, match.node)
        if node is None:
            return
        if key.keys_are_refs and isinstance(node, MapNode):
            for entry in node.entries:
                refs.append(generic.make_ref(document, f"{match.path}.{entry.key}", entry.key, entry.key_span))
            return
        holder: MapNode | None = match.parent
        ref_path = match.path
        ref_node: Node | None = node
        if key.ref:
            if not isinstance(node, MapNode):
                return
            holder = node
            found = next(((name, m.node) for name in key.ref for m in find(node, name)), None)
            if found is None:
                return
            ref_path = f"{match.path}.{found[0]}" if match.path else found[0]
            if _from_environment(document, found[1], ref_path, context):
                return
            ref_node = _followed(document, found[1])
        version = _first(holder, key.versions)
        digest = _first(holder, key.digests)
        narrowing = tuple(_text(m.node) for name in key.qualifiers if holder is not None for m in find(holder, name))
        values: list[tuple[str, Span]] = []
        if isinstance(ref_node, ScalarNode) and isinstance(ref_node.value, str):
            texts = ref_node.value.split(key.split) if key.split else [ref_node.value]
            values = [(text.strip().strip("()[]'\" "), ref_node.span) for text in texts]
        elif isinstance(ref_node, SeqNode):
            values = [(str(item.value), item.span) for item in ref_node.items
                      if isinstance(item, ScalarNode) and isinstance(item.value, str)]
        values = [(value, span) for value, span in values if value]
        latest = _first(holder, (key.latest_when,)) if key.latest_when else None
        for value, span in values:
            # OmegaConf's mandatory value, or the whole value from the environment: the dataset is given when the
            # run is launched
            if value == "???" or environment_interpolation(value) is not None:
                context.launch_slots.append((ref_path, value, span))
                continue
            if (is_reference_placeholder(value) and not value.startswith("${")) \
                    or (key.exclude and re.search(key.exclude, value)):
                continue
            if key.follow:
                followed = self._follow(value, span, context)
                if followed is not None:
                    refs.extend(followed)
                    continue
            registry = self.registries.get(key.registry) if key.registry else None
            looked_up = registry(value, span, context, document.root) if registry is not None else None
            if looked_up:
                for ref, version_text, digest_text, where in looked_up:
                    refs.append(generic.make_ref_from_text(document, ref_path, ref, where, version=version_text,
                                                           digest=digest_text, note=f"; `{value}` in the registry"))
                continue
            made = generic.make_ref(document, ref_path, value, span, version_entry=version, digest_entry=digest,
                                    qualifiers=narrowing)
            if latest is not None and version is None and isinstance(latest.value, ScalarNode) \
                    and latest.value.value is True and made.pin in ("none", "weak"):
                made.pin, made.version, made.evidence = "floating", "latest", "explicit-version"
                made.note = f"; `{key.latest_when}: true` without a version loads the newest one"
            refs.append(made)
