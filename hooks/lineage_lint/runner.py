"""Checking many files: from the cache where nothing changed, the rest in worker processes, in a stable order.

:class:`Checker` is what ``lineage-lint check`` (and the search for configs composed from a changed base)
uses instead of calling the engine file by file. The results come back in the order of the targets, the
same whichever process checked them and whether they came from the cache, so every report is byte for byte
the same as with ``--jobs 1 --no-cache``. The engine (the parsers, the profiles, jsonschema) is imported
only when some file has to be checked afresh.

Workers: with ``jobs`` above one and more than one chunk of files to check, the files are split into chunks
checked by ``jobs`` processes: this one and ``jobs - 1`` forked copies of it (each starts with the compiled
policy and has its own loader, reading each base once), every process taking the next chunk as it is free;
where forking is not available, ``jobs`` worker processes started afresh while this one waits. A worker that
fails or dies loses nothing: the chunks it did not deliver are checked in this process; a fork the system refuses
(a process limit reached) leaves the chunks to the processes there are.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, NoReturn, TextIO

from lineage_lint.config import Settings
from lineage_lint.discover import Target
from lineage_lint.results import FileResult, Location, locate
from lineage_lint.sources.reading import forget_folders

if TYPE_CHECKING:
    from concurrent.futures import Future

    from lineage_lint.cache import Cache
    from lineage_lint.engine import Engine, Recorded

AUTO_JOBS_FROM = 300  # files to check afresh from which `jobs = "auto"` uses every core
CHUNK = 64  # files per chunk at most
LAST_CHUNK = 2  # files per chunk at least (but the very last): the chunks shrink towards the end of the run
MAX_CHUNKS = 1024  # chunks at most (their numbers, 4 bytes each, fit in one page: the least a pipe holds)
MANY = 100  # files from which garbage is collected less often (see fewer_collections)
Checked = tuple[FileResult, "Recorded | None"]


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Checker:
    def __init__(self, settings: Settings, *, jobs: int | None = None, cache: Cache | None = None,
                 progress: Progress | None = None) -> None:
        self.settings = settings
        self.jobs = jobs  # None: automatic
        self.cache = cache
        self.progress = progress
        self._engine: Engine | None = None
        self._locations: dict[Target, Location] = {}
        self.checked = 0  # files checked afresh (not from the cache)
        self.processes = 1  # the most processes that checked files at once

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from lineage_lint.engine import Engine

            self._engine = Engine(self.settings)
        return self._engine

    def locate(self, target: Target) -> Location:
        found = self._locations.get(target)
        if found is None:
            found = self._locations[target] = locate(target.path, self.settings, target.absolute)
        return found

    def check(self, targets: Sequence[Target]) -> list[FileResult]:
        """The results of ``targets``, in their order."""
        if len(targets) >= MANY:
            fewer_collections()
        forget_folders()
        results: list[FileResult | None] = [None] * len(targets)
        todo: list[int] = []
        cache = self.cache
        for index, target in enumerate(targets):
            found = cache.lookup(target) if cache is not None else None
            if found is None:
                todo.append(index)
            else:
                results[index] = found
        if self.progress is not None:
            self.progress.start(len(targets), len(targets) - len(todo))
        fresh = [targets[index] for index in todo]
        for index, target, (result, recorded) in zip(todo, fresh, self._fresh(fresh), strict=True):
            results[index] = result
            if cache is not None and recorded is not None:
                cache.store(target, result, recorded.digest, recorded.observed)
        self.checked += len(todo)
        if self.progress is not None:
            self.progress.finish()
        return [result for result in results if result is not None]

    def _fresh(self, targets: list[Target]) -> list[Checked]:
        if not targets:
            return []
        record = self.cache is not None
        engine = self.engine  # compiled here, before any fork: a bad policy stops the run in this process
        jobs = self._jobs(len(targets))
        if jobs <= 1:
            return list(self._in_process(engine, targets, record))
        return self._in_workers(engine, targets, jobs, record)

    def _jobs(self, count: int) -> int:
        if self.jobs is None:  # pre-commit already runs one hook process per core, each with its share of files
            many = count >= AUTO_JOBS_FROM and os.environ.get("PRE_COMMIT") != "1"
            return available_cores() if many else 1
        return self.jobs

    def _in_process(self, engine: Engine, targets: Iterable[Target], record: bool) -> Iterable[Checked]:
        for target in targets:
            checked = engine.check_recorded(target, record)
            if self.progress is not None:
                self.progress.advance(1)
            yield checked

    def _in_workers(self, engine: Engine, targets: list[Target], jobs: int, record: bool) -> list[Checked]:
        chunks = split(targets, jobs)
        jobs = min(jobs, len(chunks))
        if jobs <= 1:
            return list(self._in_process(engine, targets, record))
        forking = hasattr(os, "fork") and sys.platform != "darwin"
        if not forking:
            self.processes = max(self.processes, jobs)
        done = self._forked(engine, chunks, jobs, record) if forking else self._spawned(chunks, jobs, record)
        checked: list[Checked] = []
        for number, chunk in enumerate(chunks):  # what no process delivered is checked here
            checked.extend(done[number] if number in done else self._in_process(engine, chunk, record))
        return checked

    def _forked(self, engine: Engine, chunks: list[list[Target]], jobs: int,
                record: bool) -> dict[int, list[Checked]]:
        """This process and ``jobs - 1`` forked copies of it (each with the compiled policy and its own loader)
        take the chunks' numbers one by one from a pipe, so none waits while another has work left. Each copy
        appends each chunk's results to a file of its own, which this process reads between its own chunks."""
        done: dict[int, list[Checked]] = {}
        with ExitStack() as stack:
            try:
                outputs = [_scratch() for _ in range(jobs - 1)]
                for output in outputs:
                    stack.callback(os.close, output)
                numbers, feed = os.pipe()
            except OSError:  # no temporary file or no pipe: everything is checked here
                return done
            stack.callback(os.close, numbers)
            if not _fill(feed, len(chunks)):
                return done
            children: list[int] = []
            read = [0] * len(outputs)  # how far each copy's results are read
            try:
                for output in outputs:
                    try:
                        pid = os.fork()
                    except OSError:  # no more processes (EAGAIN at a process limit): go on with those there are
                        break
                    if pid == 0:  # pragma: no cover - the child (coverage is not collected there)
                        _child(engine, chunks, numbers, output, record)
                    children.append(pid)
                self.processes = max(self.processes, len(children) + 1)
                for number in _taken(numbers):
                    done[number] = list(self._in_process(engine, chunks[number], record))
                    self._collect(outputs, read, done)
                for pid in children:
                    os.waitpid(pid, 0)
                children.clear()
            finally:
                for pid in children:  # interrupted: the copies stop with this process
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            self._collect(outputs, read, done)
        return done

    def _collect(self, outputs: list[int], read: list[int], done: dict[int, list[Checked]]) -> None:
        """Take in the results the copies have written whole since last asked (each chunk's: its length in 8
        bytes, then the pickled number and results). A copy that died while writing leaves its chunk to be
        checked here afterwards."""
        import pickle

        for index, output in enumerate(outputs):
            while True:
                offset = read[index]
                head = os.pread(output, 8, offset)
                size = int.from_bytes(head, "little") if len(head) == 8 else -1
                body = os.pread(output, size, offset + 8) if size >= 0 else b""
                if size < 0 or len(body) < size:
                    break
                number, results = pickle.loads(body)
                done[number] = results
                read[index] = offset + 8 + size
                if self.progress is not None:
                    self.progress.advance(len(results))

    def _spawned(self, chunks: list[list[Target]], jobs: int, record: bool) -> dict[int, list[Checked]]:
        """Where forking is not available (or not safe, as on macOS): ``jobs`` worker processes started afresh,
        each building its own engine."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        done: dict[int, list[Checked]] = {}
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=_start_worker, initargs=(self.settings,)) as pool:
                futures: dict[Future[list[Checked]], int] = {
                    pool.submit(_check_chunk, chunk, record): number for number, chunk in enumerate(chunks)}
                for future in as_completed(futures):
                    number = futures[future]
                    try:
                        done[number] = future.result()
                    except Exception:  # a worker failed or died: its chunks are checked afterwards
                        continue
                    if self.progress is not None:
                        self.progress.advance(len(chunks[number]))
        except Exception:  # the pool itself could not run: everything not delivered is checked afterwards
            pass
        return done


def split(targets: list[Target], jobs: int) -> list[list[Target]]:
    """``targets`` in chunks that shrink as the run goes on, each a quarter of what is left per process (guided
    scheduling): the processes take few chunks at first and end within a couple of files of each other."""
    chunks: list[list[Target]] = []
    start, smallest = 0, max(LAST_CHUNK, -(-len(targets) // MAX_CHUNKS))
    while start < len(targets):
        size = max(smallest, min(CHUNK, (len(targets) - start) // (jobs * 4)))
        chunks.append(targets[start:start + size])
        start += size
    return chunks


def _scratch() -> int:
    """A file of no name, gone when closed (in memory where the platform allows): its descriptor."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("lineage-lint-results")
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix="lineage-lint-results-")
    os.unlink(name)
    return descriptor


def _fill(feed: int, count: int) -> bool:
    """Put the chunks' numbers in the pipe ``feed`` and close it (an empty pipe then reads as the end: no chunk
    left); False when the pipe could not take them all at once (nothing reads it yet: a write that waited would
    wait for ever), and then everything is checked in this process."""
    numbers = b"".join(number.to_bytes(4, "little") for number in range(count))
    try:
        os.set_blocking(feed, False)
        written = os.write(feed, numbers)
    except OSError:  # BlockingIOError included
        written = 0
    finally:
        os.close(feed)
    return written == len(numbers)


def _taken(numbers: int) -> Iterable[int]:
    """The numbers of the chunks this process takes from the pipe, one at a time, until none is left (a pipe
    read of 4 bytes takes them whole, whichever process reads at the same time)."""
    while True:
        taken = os.read(numbers, 4)
        if len(taken) < 4:
            return
        yield int.from_bytes(taken, "little")


def _child(engine: Engine, chunks: list[list[Target]], numbers: int, output: int, record: bool) -> NoReturn:
    """A forked copy's life: check the chunks it takes, append each chunk's results to ``output`` as it is done,
    and exit without running anything the parent registered (its buffers, its atexit handlers)."""
    import pickle

    status = 1
    try:
        for number in _taken(numbers):
            body = pickle.dumps((number, [engine.check_recorded(target, record) for target in chunks[number]]),
                                pickle.HIGHEST_PROTOCOL)
            data = memoryview(len(body).to_bytes(8, "little") + body)
            while data:
                data = data[os.write(output, data):]
        status = 0
    finally:
        os._exit(status)


_WORKER: dict[str, Engine] = {}  # a spawned worker's engine


def fewer_collections() -> None:
    """Collect cyclic garbage less often: checking allocates many objects (trees, records, findings) and
    almost no cycles, which reference counting frees anyway, while each collection walks everything alive
    (about a sixth of a large run's time at Python's defaults). What the imports created is frozen out of
    the collections altogether."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _start_worker(settings: Settings) -> None:
    from lineage_lint.engine import Engine

    fewer_collections()
    _WORKER["engine"] = Engine(settings)


def _check_chunk(chunk: list[Target], record: bool) -> list[Checked]:
    engine = _WORKER["engine"]
    return [engine.check_recorded(target, record) for target in chunk]


class Progress:
    """Files done out of the total, and the rate, on one rewritten line of a terminal's stderr; nothing
    when stderr is not a terminal or the run is under pre-commit or CI."""

    INTERVAL = 0.2  # seconds between redraws
    AFTER = 1.0  # a run shorter than this draws nothing

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = self.done = 0
        self._started = self._drawn = 0.0
        self._shown = False

    @classmethod
    def for_terminal(cls, stream: TextIO | None = None) -> Progress | None:
        stream = stream if stream is not None else sys.stderr
        quiet = os.environ.get("PRE_COMMIT") == "1" or os.environ.get("CI", "").strip().lower() in {"true", "1"}
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):
            terminal = False
        return cls(stream) if terminal and not quiet else None

    def start(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        self._started = self._drawn = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._drawn >= self.INTERVAL and now - self._started >= self.AFTER:
            self._drawn = now
            rate = self.done / max(now - self._started, 1e-9)
            self.stream.write(f"\rlineage-lint: {self.done:,}/{self.total:,} files ({rate:,.0f}/s)\x1b[K")
            self.stream.flush()
            self._shown = True

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
