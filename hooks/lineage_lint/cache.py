"""The cache of results for unchanged work, as ruff keeps one.

A file's result is reused when nothing it depended on changed:

- the *scope*: the tool (its version, the code and schemas it runs, Python, PyYAML, jsonschema and
  referencing, by the size and time of their files), the settings that shape results (everything in
  :class:`~lineage_lint.config.Settings` except the baseline, which is applied afresh on every run) and the
  policy (a preset's name, or a policy file's bytes). Each scope has its own folder;
- the file's *place*: the path as given and its paths from the configuration's folder and the repository
  root (findings name all three);
- the file's *text* (sha256), and every *observation* of the repository its check made besides (the text of
  each base or data file it composed, read with the same size cap and symlink rules, or why it could not
  be read; the listing of a config group's folder; whether an optional file exists:
  :mod:`lineage_lint.sources.observe`). So a changed base re-checks exactly the configs composed from it,
  and a base that appears where one was missing re-checks the configs that missed it.

Suppression comments are in the text, per-file ignores and severities in the settings: the stored findings
are exactly a fresh run's. Only a file whose own text could be read is stored (a file that cannot be read is
cheap to report again).

Where: ``.lineage-lint-cache/`` at the repository root (``cache-dir`` in the configuration), holding a
``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``. Each scope folder holds 16 shard files (by the CRC-32 of the
file's place), each read at most once per run with one signature check: a warm run over 10,000 files reads
16 files, a one-file hook run one. A shard is written whole, to a temporary file renamed over the old one,
so two runs at once never leave a half-written shard (the later rename wins; the other run's new entries are
merged first). A shard keeps at most :data:`SHARD_BYTES` of entries, the oldest written evicted first, and
at most :data:`MAX_SCOPES` scope folders are kept, the least recently used removed.

Unchanged files are recognised by their status where it is safe to, by their content otherwise (see
:meth:`Cache._unchanged`); a stored result's findings are rebuilt, its record only when asked for
(:class:`CachedResult`), so a warm run imports neither the parsers nor the policy and decodes little.
A shard holds what a warm run reads and nothing else: no record (two thirds of what a check computes, and
nothing ``check`` prints). A stored result whose record is asked for (by the Python API) has its file
checked again for it, which is what a fresh run of the unchanged file gives.

Trust: a shard starts with an HMAC-SHA256 of its content, keyed by a secret kept outside the repository
(``$XDG_CACHE_HOME/lineage-lint/cache-key``, else ``~/.cache/lineage-lint/cache-key``, created on first
use, readable by its owner only). A shard that is corrupt, truncated, of another format or scope, or
changed by anyone without the key (a cache committed to the repository, restored from elsewhere, edited
to pass a config) fails the check and is ignored (its content is never decoded): its files are checked
afresh. When the key cannot be kept, nothing is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib.util
import marshal
import os
import sys
import time
from binascii import crc32
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lineage_lint import __version__
from lineage_lint.config import Settings
from lineage_lint.discover import Status, Target
from lineage_lint.findings import Finding
from lineage_lint.results import FileResult
from lineage_lint.schema_files import PRESET_POLICIES
from lineage_lint.sources import observe
from lineage_lint.sources.problems import UnreadableSource
from lineage_lint.sources.reading import plain_stat, read_text, without_symlinks
from lineage_lint.span import Span

if TYPE_CHECKING:
    from lineage_lint.engine import Engine
    from lineage_lint.record import LineageRecord

FORMAT = 5
DEFAULT_DIR = ".lineage-lint-cache"
SUFFIX = ".bin"
SHARD_BYTES = 4 * 1024 * 1024  # per shard, 16 shards: 64 MiB for a scope, about 50,000 results of about 1 KiB
RACY_NS = 5_000_000_000  # a file status this recent when it was taken is not trusted (see Cache._unchanged)
# On Windows st_ctime is the creation time, which writing a file leaves alone: there the content decides.
TRUST_STATUS = os.name != "nt"
MAX_SCOPES = 4
# Settings that do not shape a file's result.
_NOT_RESULTS = frozenset({"baseline", "require_files", "jobs", "cache_dir"})
# Libraries whose code decides results, besides lineage-lint's own.
_LIBRARIES = ("yaml", "jsonschema", "referencing", "jsonschema_specifications")
Stat = Status  # (size, mtime_ns, ctime_ns, inode, device) of a regular file reached through no symlink
# An entry: (when its status was taken, in ns; the status when trusted, else None; the text's
# digest; the observations (kind, subject, outcome); the result's path; (role, sources) of its record, or
# None when it has none; the findings, each a tuple of Finding's fields, marshalled, or None for none). The
# findings are kept marshalled inside the entry, so loading a shard creates few objects.
Entry = tuple[Any, ...]
_Shared = TypeVar("_Shared")


class Cache:
    """One run's view of the cache: the shards it read, the entries it added, what it found."""

    def __init__(self, folder: Path, scope: str, key: bytes, settings: Settings) -> None:
        self.folder = folder
        self.scope = scope
        self._key = key
        self._settings = settings
        self._root = settings.root
        self._max_bytes = settings.max_file_size
        self._cwd = os.getcwd()
        self._shards: dict[str, dict[str, Entry]] = {}
        self._dirty: dict[str, dict[str, Entry]] = {}
        self._outcomes: dict[observe.Observation, str] = {}
        self._answered: dict[int, tuple[Any, bool]] = {}  # id of an entry's observations -> (them, the same now)
        self._stats: dict[str, tuple[int, Stat | None]] = {}  # entry key -> (when, stat) taken before reading
        self._shared: dict[Any, Any] = {}
        self._engine: Engine | None = None
        # When this run started, before any file was read: a status is trusted against it (see _trusted), which
        # is stricter than against the moment each file is read, and needs one clock reading per run.
        self._started = time.time_ns()
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, settings: Settings) -> Cache | None:
        """The cache for ``settings``, or None when it cannot be used (no key, an unreadable policy file)."""
        policy = _policy_digest(settings)
        key = _secret()
        if policy is None or key is None:
            return None
        scope = _digest(repr([FORMAT, _tool(), _settings(settings), policy]))[:24]  # plain values: repr is exact
        return cls(cache_folder(settings), scope, key, settings)

    # --- reading ----------------------------------------------------------------------------------------

    def lookup(self, target: Target) -> FileResult | None:
        """The stored result for ``target`` when nothing it depended on changed, else None (a miss). (Asked
        once per file of a run: what a warm run over 10,000 files spends its time on, with discovery.)"""
        key = self._entry_key(target)
        when = self._started
        now = self._status(target)  # before anything is read: see _unchanged, store
        entry = self._shard(_shard_name(key)).get(key)
        if entry is not None and self._unchanged(key, target, entry, when, now) and self._same_repository(entry):
            try:
                result = CachedResult(entry, target, self._recheck)
            except (TypeError, ValueError, IndexError, KeyError):
                result = None
            if result is not None:
                self.hits += 1
                return result
        self._stats[key] = (when, now)  # for store: the status taken before the text is read
        self.misses += 1
        return None

    def stored(self, display: str) -> bool:
        """Whether a result is stored for the file named ``display`` from the working directory (for these
        settings, policy and code: the scope), whatever its state now."""
        key = self._place(display)
        return key in self._shard(_shard_name(key))

    def _status(self, target: Target) -> Stat | None:
        """:func:`plain_stat` of the file: from discovery's ``lstat`` when it took one (a regular file, its
        folder then asked whether a symlink leads to it, as :func:`plain_stat` asks), else taken now."""
        status, absolute = target.status, target.absolute
        if status is not None and absolute is not None:
            return status if without_symlinks(os.path.dirname(absolute)) else None
        return plain_stat(os.path.join(self._cwd, target.path))

    def _same_repository(self, entry: Entry) -> bool:
        """Whether every other observation the check made of the repository comes out the same now (answered
        once per run for observations that entries share: the configs composed from one base share one)."""
        observations = entry[3]
        answered = self._answered.get(id(observations))
        if answered is not None:
            return answered[1]
        outcomes = self._outcomes
        same = True
        for kind, subject, outcome in observations:
            known = outcomes.get((kind, subject))
            if known is None:
                known = outcomes[kind, subject] = observe.observe(kind, subject, self._root, self._max_bytes)
            if known != outcome:
                same = False
                break
        self._answered[id(observations)] = (observations, same)  # kept alive, so its id is not reused
        return same

    def _unchanged(self, key: str, target: Target, entry: Entry, when: int, now: Stat | None) -> bool:
        """Whether the file's text is the one the entry was computed from.

        The content digest is the authority. It is skipped only where the file's status is exactly the one
        stored with the entry (:func:`plain_stat`: size, modification and change times in nanoseconds,
        inode, device), as git's index does: writing a file, ``touch``, ``git checkout`` or a rename onto
        it all change its change time (ctime), which no one can set back without resetting the system
        clock, and a checkout writes a new inode. A status is stored only when it was taken before the text
        was read and its times are more than :data:`RACY_NS` older than that moment: a file modified again
        within the same tick of the filesystem's clock would keep the same times (git's "racily clean"
        entries), so a recent file is always compared by content.
        """
        stored = entry[1]
        if now == stored and now is not None and TRUST_STATUS:
            return True
        try:
            text = read_text(target.path, self._root, self._max_bytes)
        except (UnreadableSource, OSError):
            return False
        if observe.digest(text) != entry[2]:
            return False
        trusted = _trusted(when, now)
        if trusted != stored:  # the same text, a new status (a checkout, a touch): remember it for next time
            self._put(key, (when, trusted, *entry[2:]))
        return True

    def _shard(self, name: str) -> dict[str, Entry]:
        shard = self._shards.get(name)
        if shard is None:
            shard = self._shards[name] = self._read_shard(name)
        return shard

    def _read_shard(self, name: str) -> dict[str, Entry]:
        """The entries of a shard file, or none when it is missing or cannot be trusted.

        The payload is unmarshalled only once its HMAC has been checked: only bytes this user's lineage-lint
        wrote with its key are ever loaded (``marshal`` is not meant for untrusted data)."""
        try:
            data = (self.folder / self.scope / f"{name}{SUFFIX}").read_bytes()
        except OSError:
            return {}
        end = data.find(b"\n")
        payload = memoryview(data)[end + 1:]  # not copied: a scope's shards hold megabytes
        if end < 0 or not hmac.compare_digest(data[:end], self._mac(payload)):
            return {}
        try:
            form, scope, entries = marshal.loads(payload)
        except (ValueError, TypeError, EOFError):
            return {}
        if form != FORMAT or scope != self.scope or not isinstance(entries, dict):
            return {}
        return entries

    def _mac(self, payload: bytes | memoryview) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).hexdigest().encode()

    # --- writing ----------------------------------------------------------------------------------------

    def store(self, target: Target, result: FileResult, digest: str,
              observed: dict[observe.Observation, str]) -> None:
        """Keep ``result``, computed from text whose digest is ``digest`` (read after :meth:`lookup` took
        the file's status)."""
        key = self._entry_key(target)
        when, now = self._stats.pop(key, (self._started, None))
        record, share = result.record, self._share
        path = share(result.path)
        observations = share(tuple(share((share(kind), share(subject), share(outcome)))
                                   for (kind, subject), outcome in sorted(observed.items())))
        composition = None if record is None else (share(record.role), tuple(map(share, record.sources)))
        self._put(key, (when, _trusted(when, now), digest, observations, path, composition,
                        marshal.dumps([_encode(finding) for finding in result.findings]) if result.findings else None))

    def _share(self, value: _Shared) -> _Shared:
        """One object for equal values, which marshal then writes once (the observations many configs have in
        common, a path named again by the record)."""
        shared: _Shared = self._shared.setdefault(value, value)
        return shared

    def _recheck(self, target: Target) -> LineageRecord | None:
        """The record of ``target``, checked afresh (a stored result keeps none: see :class:`CachedResult`)."""
        if self._engine is None:
            from lineage_lint.engine import Engine

            self._engine = Engine(self._settings)
        return self._engine.check(target).record

    def _put(self, key: str, entry: Entry) -> None:
        name = _shard_name(key)
        self._shard(name)[key] = entry
        self._dirty.setdefault(name, {})[key] = entry

    def save(self) -> None:
        """Write the shards this run changed (never fails a run: a cache that cannot be written is skipped)."""
        if not self._dirty:
            return
        folder = self.folder / self.scope
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _mark(self.folder)
            for name, changed in self._dirty.items():
                entries = {**self._read_shard(name), **changed}  # what another run wrote meanwhile, and ours
                _atomic_write(folder / f"{name}{SUFFIX}", self._shard_bytes(entries))
            os.utime(folder)
            self._dirty.clear()
        except OSError:
            return
        _prune(self.folder, keep=folder)

    def _shard_bytes(self, entries: dict[str, Entry]) -> bytes:
        payload = marshal.dumps((FORMAT, self.scope, entries))
        if len(payload) > SHARD_BYTES:
            payload = marshal.dumps((FORMAT, self.scope, _bounded(entries)))
        return self._mac(payload) + b"\n" + payload

    def _entry_key(self, target: Target) -> str:
        """The file's place: the path as given, from the working directory (with the configuration's folder
        and the repository root, which are part of the scope, that fixes every path a finding names). As
        it is: hashing it cost a warm run a fifth of its lookups' time, and entries name their paths anyway."""
        return self._place(target.display)

    def _place(self, display: str) -> str:
        return f"{self._cwd}\0{display}"


class CachedResult(FileResult):
    """A stored result. Its findings are rebuilt at once; its record, which reports do not print and the cache
    does not keep, is the record of the file checked afresh, made only when something asks for it (``recheck``),
    while what :meth:`composition` says is kept in the entry."""

    def __init__(self, entry: Entry, target: Target, recheck: Callable[[Target], LineageRecord | None]) -> None:
        self.path = entry[4]
        self.findings = [] if entry[6] is None else [_finding(each) for each in marshal.loads(entry[6])]
        self._composition = entry[5]
        self._target: Target | None = target
        self._recheck = recheck
        self._record: LineageRecord | None = None

    @property
    def record(self) -> LineageRecord | None:
        if self._target is not None:
            target, self._target = self._target, None
            self._record = self._recheck(target) if self._composition is not None else None
        return self._record

    @record.setter
    def record(self, value: LineageRecord | None) -> None:
        self._record, self._target = value, None

    def composition(self) -> tuple[str, Sequence[str]] | None:
        if self._target is None:
            return super().composition()
        if self._composition is None:
            return None
        role, sources = self._composition
        return role, sources


def cache_folder(settings: Settings) -> Path:
    return settings.cache_dir if settings.cache_dir is not None else settings.root / DEFAULT_DIR


def _trusted(when: int, status: Stat | None) -> Stat | None:
    """``status`` (taken at ``when``, before the text was read) when it may later stand for the text:
    both its times more than :data:`RACY_NS` before ``when`` (see :meth:`Cache._unchanged`); else None."""
    if status is None or max(status[1], status[2]) >= when - RACY_NS:
        return None
    return status


def _shard_name(key: str) -> str:
    """Which of the 16 shards holds the entry ``key`` (its CRC-32: cheap, and the same in every process)."""
    return "0123456789abcdef"[crc32(key.encode("utf-8", "surrogatepass")) & 15]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _bounded(entries: dict[str, Entry]) -> dict[str, Entry]:
    """At most :data:`SHARD_BYTES` of entries (as marshalled), the most recently written kept."""
    sizes = {key: len(marshal.dumps(entry)) + len(key) + 8 for key, entry in entries.items()}
    if sum(sizes.values()) <= SHARD_BYTES - 64:
        return entries
    kept: dict[str, Entry] = {}
    total = 64
    for key in sorted(entries, key=lambda k: entries[k][0], reverse=True):
        total += sizes[key]
        if total > SHARD_BYTES:
            break
        kept[key] = entries[key]
    return kept


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _mark(folder: Path) -> None:
    """A ``.gitignore`` that keeps the whole folder out of git, and the standard cache-directory tag."""
    for name, text in ((".gitignore", "# created by lineage-lint: its cache, never committed\n*\n"),
                       ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                                        "# This file is a cache directory tag created by lineage-lint.\n")):
        if not (folder / name).is_file():
            _atomic_write(folder / name, text.encode())


def _prune(folder: Path, keep: Path) -> None:
    """Remove the scope folders beyond :data:`MAX_SCOPES`, least recently used first."""
    try:
        scopes = [entry for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)
                  and entry.path != str(keep)]
        scopes.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime, reverse=True)
    except OSError:
        return
    import shutil

    for entry in scopes[MAX_SCOPES - 1:]:
        shutil.rmtree(entry.path, ignore_errors=True)


# --- the scope ----------------------------------------------------------------------------------------


def _home() -> Path:
    """This user's lineage-lint folder outside every repository: the key, the marks of valid configurations."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lineage-lint"


def config_mark(table: object) -> Path | None:
    """Where the mark saying that the configuration ``table`` passed validation is kept (a file named by an
    HMAC of the table and of the code, as the cache's scope names it: :func:`_tool`, under :func:`_home`), or
    None when no key can be kept. A run that finds the mark need not validate the table again: the validation
    imports jsonschema and the profiles, which costs a one-file hook run about half of what it costs otherwise.
    A changed table, schema or install has another mark; only this user's key can make one."""
    key = _secret()
    if key is None:
        return None
    identity = repr((FORMAT, _tool(), table))
    name = hmac.new(key, identity.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:40]
    return _home() / "valid-configs" / name


def _secret() -> bytes | None:
    """The HMAC key, created on first use; None when it cannot be read or created."""
    path = _home() / "cache-key"
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip()) or None
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another run created it meanwhile
        return _secret_again(path)
    except OSError:
        return None
    key = os.urandom(32)  # what secrets.token_bytes returns (secrets and shutil are left out of a warm run)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key


def _secret_again(path: Path) -> bytes | None:
    for _ in range(50):  # the other run is writing it
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            key = b""
        if len(key) == 32:
            return key
        time.sleep(0.01)
    return None


def _tool() -> list[Any]:
    """What identifies the code that computes results: versions, and every file of lineage-lint and of the
    libraries that decide results (path, size, modification time), so an edited or upgraded install is a
    new scope."""
    files: list[Any] = []
    import lineage_lint

    folders = [Path(lineage_lint.__file__).parent]
    schemas = importlib.util.find_spec("lineage_lint.schemas")
    if schemas is not None and schemas.origin:
        folders.append(Path(schemas.origin).parent)
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            folders.append(Path(spec.origin).parent)
    for folder in dict.fromkeys(folders):
        for current, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in {"__pycache__", "tests"})
            for name in sorted(names):
                if name.endswith((".py", ".json", ".so", ".pyd")):
                    with contextlib.suppress(OSError):
                        stat = os.stat(os.path.join(current, name))
                        files.append([os.path.join(current, name), stat.st_size, stat.st_mtime_ns])
    return [__version__, sys.version, files]


def _settings(settings: Settings) -> dict[str, Any]:
    return {name: _plain(getattr(settings, name)) for name in Settings.FIELDS if name not in _NOT_RESULTS}


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _policy_digest(settings: Settings) -> str | None:
    """A preset's name (its file is part of the tool), or the digest of the policy file's bytes."""
    if settings.policy in PRESET_POLICIES:
        return f"preset:{settings.policy}"
    try:
        return hashlib.sha256((settings.base_dir / settings.policy).resolve().read_bytes()).hexdigest()
    except (OSError, RuntimeError):
        return None


# --- findings as plain values ------------------------------------------------------------------------


def _encode(finding: Finding) -> tuple[Any, ...]:
    """A finding as a tuple of its fields in order (its span a tuple too), which marshal can write."""
    return tuple(tuple(value) if isinstance(value, Span) else value for value in finding.values())


_FINDING_WIDTH = len(Finding.FIELDS)
_SPAN_AT = Finding.FIELDS.index("span")


def _finding(value: Any) -> Finding:
    """The finding :func:`_encode` wrote."""
    if value.__class__ is not tuple or len(value) != _FINDING_WIDTH:
        raise ValueError("not a finding")
    return _FINDING(*value[:_SPAN_AT], Span(*value[_SPAN_AT]), *value[_SPAN_AT + 1:])


_FINDING: Callable[..., Finding] = Finding
