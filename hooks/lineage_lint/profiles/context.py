"""What a profile may read besides the file it judges: other files of the repository, through one loader.

Composition (Hydra defaults, ``_base_``, ``_BASE_``, ``base:`` lists, DVC ``params:``, LLaMA-Factory's
``dataset_info.json``) reads other files. Profiles never open files themselves: they ask their
:class:`Context`, whose :class:`Loader` is bound to the repository root, refuses paths and symlinks that
leave it, applies the size cap, and caches every file it read (or failed to read) for the whole run, so a
base shared by a hundred configs is read and parsed once. Every file read is recorded in the record's
``sources``; every reference that could not be followed becomes a finding on the checked file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lineage_lint.sources import Document, detect_format, observe, parse_text
from lineage_lint.sources.problems import Problem, UnreadableSource
from lineage_lint.sources.reading import DEFAULT_MAX_BYTES
from lineage_lint.tree import FILE_START, Node, Span, stamp

Reader = Callable[[Path], str]

MAX_COMPOSITION_DEPTH = 32  # files composed within files; real chains are a handful deep
MAX_COMPOSED_FILES = 256  # files one config may compose; a hostile defaults list stops here
BASE_NOT_FOUND = "LL012"
DATA_FOLDERS = frozenset({"data", "datasets", "dataset", "datamodule", "datamodules"})
COMPOSITION_CYCLE = "LL013"


class Loader:
    """Reads and parses repository files for composition, each at most once per run.

    ``read`` replaces how text is obtained (the default reads the working tree through
    :func:`lineage_lint.sources.reading.read_text`: size cap, symlinks leaving the root refused); a caller
    judging a file from another commit can pass a reader that takes the bases from that commit too.

    Everything a profile learns about the repository besides the checked file goes through it (documents,
    folder listings, whether a path exists). While :attr:`observed` is a dict, each of those is noted there
    as ``(kind, subject) -> outcome`` (:mod:`lineage_lint.sources.observe`): what the check depended on.
    """

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES, read: Reader | None = None) -> None:
        self.root = Path(os.path.abspath(root))
        self._root_prefix = os.path.join(str(self.root), "")  # `/repo/` (`/` for the filesystem root)
        self.max_bytes = max_bytes
        self._read = read
        self._cache: dict[Path, Document | UnreadableSource] = {}
        self._listings: dict[tuple[Path, tuple[str, ...]], list[Path]] = {}
        self.reads = 0  # files actually read (the cache's misses), for tests and benchmarks
        self.observed: dict[observe.Observation, str] | None = None
        # path (or listing) -> the digest of the text read (or of the names listed), or why it could not be
        self._outcomes: dict[Path | tuple[Path, tuple[str, ...]], str] = {}
        # Python configs composed with their own imports, once per run (a detectron2 model config is imported
        # by a hundred others): the namespace, and what composing it read and missed (replayed on each use).
        self.composed: dict[Path, tuple[Node, _Trace]] = {}

    def repo_path(self, path: Path) -> str:
        return PurePosixPath(os.path.relpath(path, self.root)).as_posix()

    def inside(self, path: Path) -> bool:
        # The root or one of the path's parents, compared as text (lexically, as ``path.parents`` would):
        # this runs for every checked file.
        return path == self.root or str(path).startswith(self._root_prefix)

    def listing(self, folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
        """The files in ``folder`` ending in ``suffixes``, ``train*`` first then by name (cached per run; the
        working tree's, whatever the reader)."""
        key = (folder, suffixes)
        found = self._listings.get(key)
        if found is None:
            found = self._listings[key] = [folder / name for name in observe.listing(folder, suffixes)]
        if self.observed is not None:
            outcome = self._outcomes.get(key)
            if outcome is None:
                outcome = self._outcomes[key] = observe.listing_outcome([path.name for path in found])
            self.observed[(observe.LISTING, observe.listing_subject(folder, suffixes))] = outcome
        return found

    def lexists(self, path: Path) -> bool:
        """Whether ``path`` exists (a dangling symlink does), noted as an observation."""
        return self._flag(observe.LEXISTS, path, os.path.lexists(path))

    def is_dir(self, path: Path) -> bool:
        return self._flag(observe.IS_DIR, path, os.path.isdir(path))

    def is_file(self, path: Path) -> bool:
        return self._flag(observe.IS_FILE, path, os.path.isfile(path))

    def _flag(self, kind: str, path: Path, value: bool) -> bool:
        if self.observed is not None:
            self.observed[(kind, str(path))] = observe.flag(value)
        return value

    def load(self, path: Path) -> Document:
        """The parsed document at ``path`` (absolute, normalised); raises :class:`UnreadableSource`."""
        cached = self._cache.get(path)
        if cached is None:
            cached = self._cache[path] = self._load(path)
        if self.observed is not None:
            self.observed[(observe.READ, str(path))] = self._outcomes[path]
        if isinstance(cached, UnreadableSource):
            raise cached
        return cached

    def _load(self, path: Path) -> Document | UnreadableSource:
        self.reads += 1
        text: str | UnreadableSource
        if self._read is None:
            outcome, text = observe.read_outcome(path, self.root, self.max_bytes)
        else:
            try:
                text = self._read(path)
                outcome = observe.digest(text)
            except UnreadableSource as exc:
                outcome, text = observe.failed(exc.problem), exc
            except OSError as exc:
                text = observe.cannot_read(path, self.root, exc)
                outcome = observe.failed(text.problem)
        self._outcomes[path] = outcome
        if isinstance(text, UnreadableSource):
            return text
        try:
            document = parse_text(text, detect_format(path) or "yaml", self.repo_path(path))
        except UnreadableSource as exc:
            return exc
        stamp(document.root, document.path)
        return document


@dataclass
class _Trace:
    """What composing one file added to a context: files read, files missing (with their scope), problems."""

    sources: list[str]
    missing: list[tuple[str, tuple[str, ...] | None]]
    problems: list[Problem]
    observed: dict[observe.Observation, str]  # what composing it observed of the repository


@dataclass
class Context:
    """One checked file's view of the repository: the loader, and what composing it read and missed."""

    loader: Loader
    path: Path  # the checked file, absolute and normalised (it need not exist in the working tree)
    sources: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # bases that could not be read (repository paths)
    # What each of those could have set: dotted key prefixes (a Hydra group's package, the names a Python
    # config imports from it), or None when it is merged whole (``_base_``, ``_BASE_``, ``base:``).
    missing_scope: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    # Of those, the ones a framework's conventions say define the data (Hydra group `data`, MMEngine
    # `_base_/datasets/`, VisCy `recipes/data/`): (repository path, where it was named).
    missing_data: list[tuple[str, Span]] = field(default_factory=list)
    # Each file composed, by repository path: the span in the checked file that brought it in (directly,
    # or through the base that named it), where a finding about a value it set is shown.
    composed_at: dict[str, Span] = field(default_factory=dict)

    # Dataset fields the composed config leaves to the launch command (`???`): (key path, value, where).
    launch_slots: list[tuple[str, str, Span]] = field(default_factory=list)
    # Registry files (LLaMA-Factory's `dataset_info.json`) by path, read once per checked file however many
    # names are looked up in them (None: absent or unreadable).
    registries: dict[Path, Document | None] = field(default_factory=dict)
    _stack: list[Path] = field(default_factory=list)

    @classmethod
    def for_file(cls, loader: Loader, repo_path: str) -> Context:
        path = Path(os.path.normpath(loader.root / repo_path))
        return cls(loader, path, sources=[repo_path], _stack=[path])

    @property
    def repo_path(self) -> str:
        return self.sources[0]

    def locate(self, reference: str, relative_to: Path) -> Path:
        """The absolute, normalised path ``reference`` names from the folder ``relative_to`` (or, when it
        starts with ``/``, from the repository root)."""
        if reference.startswith("/"):
            return Path(os.path.normpath(self.loader.root / reference.lstrip("/")))
        return Path(os.path.normpath(relative_to / reference))

    def read(self, path: Path, reference: str, span: Span, *, optional: bool = False,
             scope: tuple[str, ...] | None = None) -> Document | None:
        """The document at ``path`` (named ``reference`` at ``span``), or None with a finding saying why.

        ``optional`` references (Hydra's ``optional``) may be absent without a finding. ``scope`` says which
        key paths the file can set in the composed config (None: any), so that a missing base makes only
        the values it could have set unresolved."""
        shown = self.loader.repo_path(path) if self.loader.inside(path) else reference
        if path in self._stack:
            chain = " -> ".join(self.loader.repo_path(p) for p in [*self._stack, path])
            self._problem(COMPOSITION_CYCLE, f"composition cycle: {chain}; it was not followed", span, shown)
            return None
        if len(self.sources) + len(self.missing) >= MAX_COMPOSED_FILES:
            if "(more files)" not in self.missing:
                self._missing("(more files)", f"composition stopped after {MAX_COMPOSED_FILES} files; "
                              f"{shown} and what follows were not read", span, None)
            return None
        if len(self._stack) > MAX_COMPOSITION_DEPTH:
            self._missing(shown, f"base config {shown} was not read: composition is nested more than "
                          f"{MAX_COMPOSITION_DEPTH} files deep", span, scope)
            return None
        if not self.loader.inside(path):
            self._missing(shown, f"base config {reference} lies outside the repository; it was not read", span, scope)
            return None
        try:
            document = self.loader.load(path)
        except UnreadableSource as exc:
            if optional and not self.loader.lexists(path):
                return None
            reason = exc.problem.message
            if reason.startswith("no such file"):
                reason = "no such file in the repository"
            self._missing(shown, f"base config {shown} could not be read: {reason}", span, scope)
            return None
        if document.path not in self.sources:
            self.sources.append(document.path)
        self.composed_at.setdefault(document.path, self.in_checked_file(span))
        return document

    def in_checked_file(self, span: Span) -> Span:
        """Where in the checked file ``span`` is shown: itself, or (when it lies in a composed file) the line
        that composed that file; the file's start only when no such line is known."""
        if not span.file:
            return span
        return self.composed_at.get(span.file, FILE_START)

    def unresolved(self, shown: str, message: str, span: Span, scope: tuple[str, ...] | None = None) -> None:
        """Record a composed file that cannot be read at all (it lies in an installed package): a finding on
        the checked file, and the key paths it could have set become unresolved."""
        self._missing(shown, message, span, scope)

    def composed(self, path: Path, compose: Callable[[], Node]) -> Node:
        """``compose()`` (the file at ``path`` composed with what it imports), computed once per run; each
        later use records the files that composition read and the problems it met, as the first did, and
        replays what it observed of the repository into the loader's record. The namespace is shared:
        callers copy what they change."""
        loader = self.loader
        cached = loader.composed.get(path)
        if cached is None:
            sources, missing, problems = len(self.sources), len(self.missing), len(self.problems)
            outer, loader.observed = loader.observed, {}
            try:
                node = compose()
            finally:
                observed, loader.observed = loader.observed, outer
            if outer is not None:
                outer.update(observed)
            trace = _Trace(self.sources[sources:], [(shown, self.missing_scope.get(shown))
                                                    for shown in self.missing[missing:]], self.problems[problems:],
                           observed)
            loader.composed[path] = (node, trace)
            return node
        node, trace = cached
        if loader.observed is not None:
            loader.observed.update(trace.observed)
        self.sources.extend(source for source in trace.sources if source not in self.sources)
        for shown, scope in trace.missing:
            if shown not in self.missing:
                self.missing.append(shown)
                self.missing_scope[shown] = scope
                if not DATA_FOLDERS.isdisjoint(shown.split("/")[-4:-1]):
                    self.missing_data.append((shown, FILE_START))
        seen = {(problem.code, problem.identity) for problem in self.problems}
        self.problems.extend(problem for problem in trace.problems if (problem.code, problem.identity) not in seen)
        return node

    @contextmanager
    def entering(self, path: Path) -> Iterator[None]:
        """Compose ``path``'s own bases while it is on the stack (a base reaching it again is a cycle)."""
        self._stack.append(path)
        try:
            yield
        finally:
            self._stack.pop()

    def could_set(self, wanted: Callable[[str], bool]) -> list[str]:
        """The missing files that could have set a key path for which ``wanted(prefix)`` holds."""
        return [shown for shown in self.missing
                if (scope := self.missing_scope.get(shown)) is None or any(wanted(prefix) for prefix in scope)]

    def _missing(self, shown: str, message: str, span: Span, scope: tuple[str, ...] | None) -> None:
        if shown not in self.missing:
            self.missing.append(shown)
            self.missing_scope[shown] = scope
            if not DATA_FOLDERS.isdisjoint(shown.split("/")[-4:-1]):
                self.missing_data.append((shown, span))
            self._problem(BASE_NOT_FOUND, message, span, shown)

    def _problem(self, code: str, message: str, span: Span, identity: str) -> None:
        if span.file:  # the reference sits in another file: say where, and point at the line composing it
            message += f" (referenced at {span.file}:{span.line})"
            span = self.in_checked_file(span)
        self.problems.append(Problem(code, message, span, identity=identity))
