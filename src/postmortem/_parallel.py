"""Worker processes for the commands and collections that read many files.

Reading incident files is CPU-bound Python (parsing, structuring, checking), so threads gain
little and processes are what use more than one core. Two things make processes awkward,
and this module handles both in one place:

* Starting a worker by ``spawn`` or ``forkserver`` runs the main script again in the worker.
  A script without an ``if __name__ == "__main__":`` guard would then start workers from its
  workers, which Python refuses (the pool breaks). On Linux, a process that runs a single
  thread is forked instead: the worker is a copy of it, with nothing run again, everything
  already imported, and nothing to start; it is forked directly, with a pipe each way
  (``postmortem._forked``), not through a ``concurrent.futures`` pool. A process with other
  threads (a notebook kernel, a web server) is never forked, since a fork copies locks that
  other threads may hold.
* A pool can break all the same (a worker killed for memory, a script without the guard on a
  platform that cannot fork). The chunks that did not come back are then done in this
  process: the results are the same, only slower. A broken pool is never the caller's error.

Workers return plain, small results (findings, problems, file names), not incidents, where the
caller does not need the incidents; chunks of files keep the cost of each hand-over small.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from postmortem.errors import PostmortemError, clip, shown_path

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

# multiprocessing and concurrent.futures (with logging, socket and more: about a tenth of
# starting `postmortem check`) are imported when workers are first started, and only where
# they are not forked directly: checking or validating a few files never imports them.

__all__ = [
    "JOBS_PER_CORE",
    "checked_jobs",
    "chunk_size",
    "default_jobs",
    "fewer_collections",
    "map_chunks",
    "process_context",
    "shrinking_chunks",
    "unexpected_error",
]

_In = TypeVar("_In")
_Out = TypeVar("_Out")


def default_jobs() -> int:
    """How many cores this process may use (its CPU affinity where the platform tells)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


JOBS_PER_CORE = 4
"""The most processes a call (or ``-j``) starts for each core this process may use."""


def checked_jobs(jobs: object, name: str = "jobs") -> int:
    """A caller's count of processes, checked: a whole number from 0, lowered to the most there may be.

    ``check_files(..., jobs=100000)`` started a process for every few files, each with its
    start-up and memory, where more processes than cores only wait for one; a negative count
    was taken as one. The command line's ``-j`` is bounded the same way (``postmortem.cli``).

    Args:
        jobs: The count asked for; 0 stands for one per core, and is returned as it is.
        name: The argument's name, for the error.

    Returns:
        ``jobs``, or :data:`JOBS_PER_CORE` for each core this process may use when it asks
        for more.

    Raises:
        TypeError: When ``jobs`` is not a whole number (``True``, ``2.5``, ``"4"``).
        ValueError: When ``jobs`` is negative, naming the range.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise TypeError(f"{name} must be a whole number of processes (0: one per core), got {jobs!r}")
    if jobs < 0:
        raise ValueError(f"{name} {jobs} is not in the range x>=0 (0: one process per core)")
    if jobs <= JOBS_PER_CORE:  # at least one core: no need to count them
        return jobs
    return min(jobs, JOBS_PER_CORE * default_jobs())


def _thread_count() -> int:
    """The threads of this process as the operating system counts them (C libraries' too)."""
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir())
    except OSError:
        return threading.active_count()


def _forks() -> bool:
    """Whether workers are forked here, directly (``postmortem._forked``): Linux, and one thread running."""
    return sys.platform == "linux" and hasattr(os, "fork") and _thread_count() == 1


def _pickled(results: list[Any]) -> bytes:
    import pickle  # noqa: PLC0415  (in a worker, where results are handed over)

    return pickle.dumps(results, pickle.HIGHEST_PROTOCOL)


def _unpickled(data: bytes) -> list[Any]:
    import pickle  # noqa: PLC0415  (see _pickled)

    result: list[Any] = pickle.loads(data)  # noqa: S301  (bytes of this process's own fork)
    return result


def process_context() -> multiprocessing.context.BaseContext:
    """The way to start workers: fork where it is safe (see the module docstring), else a fork server."""
    import multiprocessing  # noqa: PLC0415  (see the imports above)

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and _thread_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Hide the main script from worker processes started by spawn or a fork server.

    Such a worker imports the main module again, by the ``__spec__`` or ``__file__`` it sees
    in this process when it starts, so that functions defined there can be unpickled. The
    work done here is in postmortem's own modules, so the workers need nothing from it, and
    without it a script that has no ``if __name__ == "__main__":`` guard is not run again
    in each worker.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    missing = object()
    saved = {name: main.__dict__.get(name, missing) for name in ("__file__", "__spec__")}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                main.__dict__.pop(name, None)
            else:
                main.__dict__[name] = value


# The cyclic garbage collector runs when allocations outnumber deallocations by this much
# (Python's default is 700). Reading a file makes and keeps thousands of small objects (the
# parsed nodes, the incident), none of them in a reference cycle, so at the default the
# collector runs every few hundred microseconds and finds nothing: about a sixth of the time.
_BULK_THRESHOLD = 50_000


# How many blocks of fewer_collections are running (in any thread), and the thresholds to
# put back when the last one ends.
_bulk_lock = threading.Lock()
_bulk_depth = 0
_bulk_before: tuple[int, ...] = ()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside the block (see ``_BULK_THRESHOLD``).

    Memory is still reclaimed as before (reference counting frees everything that is not in
    a cycle at once) and the collector still runs; the previous thresholds come back when
    the block ends, or when the last of several (nested, or in several threads) ends. For
    work that reads many files in this process.
    """
    global _bulk_depth, _bulk_before  # noqa: PLW0603  (one setting for the whole process)
    with _bulk_lock:
        if _bulk_depth == 0:
            _bulk_before = gc.get_threshold()
            gc.set_threshold(max(_bulk_before[0], _BULK_THRESHOLD), *_bulk_before[1:])
        _bulk_depth += 1
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk_depth -= 1
            if _bulk_depth == 0:
                gc.set_threshold(*_bulk_before)


def _worker_started() -> None:
    """Set up a worker process: it only reads files (see :func:`fewer_collections`).

    A forked worker has a copy of everything the calling process had made: freezing those
    objects keeps the collector from walking them again in every worker (and from touching
    their memory pages, which the processes share until written).
    """
    gc.freeze()
    gc.set_threshold(_BULK_THRESHOLD, *gc.get_threshold()[1:])
    # Ctrl-C reaches every process of the terminal's group: the calling process stops the
    # run (and says so, once); a worker that took it too would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def chunk_size(count: int, jobs: int, *, largest: int = 64) -> int:
    """Items per chunk: about eight chunks per worker, so that a slow chunk does not hold the others up."""
    return max(1, min(largest, -(-count // (jobs * 8))))


# The smallest chunk of shrinking_chunks: a hand-over costs about what reading one small file does.
_SMALLEST = 2


def shrinking_chunks(count: int, jobs: int, *, largest: int = 64) -> list[int]:
    """The sizes of consecutive chunks of ``count`` items, shrinking as fewer items are left.

    Each chunk is about a quarter of the items left per process (at most ``largest``), so
    the first chunks are large (few hand-overs) and the last ones hold a few items each: the
    processes then finish within a small chunk of each other, where chunks of one size can
    leave one process waiting for another's last two chunks (the workers keep one queued).
    """
    sizes: list[int] = []
    left = count
    while left > 0:
        size = min(left, max(_SMALLEST, min(largest, -(-left // (jobs * 4)))))
        sizes.append(size)
        left -= size
    return sizes


def map_chunks(
    work: Callable[[Sequence[_In]], list[_Out]],
    items: Sequence[_In],
    *,
    jobs: int,
    chunk: int | None = None,
    largest: int = 64,
    pack: Callable[[list[_Out]], bytes] | None = None,
    unpack: Callable[[bytes], list[_Out]] | None = None,
) -> Iterator[list[_Out]]:
    """Run ``work`` on consecutive chunks of ``items`` in ``jobs`` processes, this one included.

    This process is one of the ``jobs``: it starts ``jobs - 1`` workers, keeps each of them
    a chunk or two ahead, and does the next chunk itself whenever the chunk it must hand
    back next is not ready. Only the workers' results cross between processes, and on two
    cores the two processes running are the two doing the work.

    Args:
        work: A module-level function (it is pickled by name) taking a chunk and returning
            one result per item; it should catch its own errors per item.
        items: What to work on; each must pickle.
        jobs: Processes working, this one included; 1 or fewer works in this process only.
        chunk: Items per chunk; by default chunks shrink as fewer items are left
            (:func:`shrinking_chunks`), so that the processes finish together.
        largest: The most items in a chunk when ``chunk`` is None.
        pack: How a worker turns a chunk's results into bytes for this process (module-level,
            like ``work``); pickle's own way when None. Results of chunks done here are not packed.
        unpack: The reverse of ``pack``, run here.

    Yields:
        Each chunk's results, in the order of ``items``, as soon as that chunk is done and
        every chunk before it.
    """
    sizes = [chunk] * -(-len(items) // chunk) if chunk else shrinking_chunks(len(items), max(1, jobs), largest=largest)
    starts = list(itertools.accumulate(sizes, initial=0))
    chunks = [items[start:end] for start, end in itertools.pairwise(starts)]
    # A worker started by spawn or a fork server runs multiprocessing: imported already there.
    started = sys.modules.get("multiprocessing")
    if started is not None and getattr(started.current_process(), "_inheriting", False):
        # This is a worker started by spawn or a fork server, running the main script of a
        # program without a __main__ guard: starting workers here would run the script in
        # them again. Python refuses as well; the program's own process does the work.
        raise RuntimeError("worker processes cannot start workers while they import the main module")
    if jobs <= 1 or len(chunks) <= 1:
        for part in chunks:
            yield work(part)
        return
    workers = min(jobs - 1, len(chunks) - 1)
    if _forks():
        from postmortem._forked import forked_share  # noqa: PLC0415  (only where workers are started)

        remote_bytes = functools.partial(_packed, work, pack or _pickled)
        yield from forked_share(work, remote_bytes, unpack or _unpickled, chunks, workers, _worker_started)
        return
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415  (see the imports above)

    context = process_context()
    # Workers start as chunks are submitted; started any way but by fork, they would run the
    # main script again unless it is hidden from them (they need nothing from it).
    hidden = contextlib.nullcontext if context.get_start_method() == "fork" else _main_script_hidden
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_started)
    remote: Callable[[Sequence[_In]], Any] = work if pack is None else functools.partial(_packed, work, pack)
    opened: Callable[[Any], list[_Out]] = (lambda result: result) if unpack is None else unpack
    try:
        yield from in_order(work, chunks, _Pool(work, remote, opened, chunks, executor, workers, hidden))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _packed(
    work: Callable[[Sequence[_In]], list[_Out]], pack: Callable[[list[_Out]], bytes], part: Sequence[_In]
) -> bytes:
    return pack(work(part))


class Transport(Protocol[_Out]):
    """How :func:`in_order` reaches its workers: hands chunks over, collects what they answered."""

    def collect(self, done: dict[int, list[_Out]], *, block: bool) -> None:
        """Put each answered chunk's results in ``done`` under its number (``block``: wait for one first).

        A chunk whose worker is gone is done in this process, and put in ``done`` all the same.
        """

    def hand_over(self, following: int, done: dict[int, list[_Out]]) -> int:
        """Hand chunks from number ``following`` on to workers (each a chunk or two ahead); the next one left.

        A worker found gone leaves the chunks it held to this process, which puts them in ``done``.
        """

    def busy(self) -> bool:
        """Whether a worker holds a chunk it has not answered yet."""


def in_order(
    work: Callable[[Sequence[_In]], list[_Out]], chunks: Sequence[Sequence[_In]], transport: Transport[_Out]
) -> Iterator[list[_Out]]:
    """Yield each chunk's results in order, the chunks shared between ``transport``'s workers and this process.

    Every worker is kept a chunk or two ahead; whenever the chunk to yield next is still in a
    worker, this process does the next chunk not handed out, and it waits for a worker only
    when every chunk is handed out or done.
    """
    done: dict[int, list[_Out]] = {}
    following = 0  # the next chunk to hand over to a worker or to do here
    for index in range(len(chunks)):
        while index not in done:
            transport.collect(done, block=False)
            following = transport.hand_over(following, done)
            if index in done:
                break
            if following < len(chunks):
                # The chunk needed next is in a worker: do the next one not handed out meanwhile.
                done[following] = work(chunks[following])
                following += 1
            elif transport.busy():
                transport.collect(done, block=True)
            else:  # pragma: no cover - every chunk is handed out, done or pending
                raise AssertionError(f"chunk {index} was never done")
        yield done.pop(index)


class _Pool(Generic[_In, _Out]):
    """A ``concurrent.futures`` pool as :func:`in_order`'s transport; once broken, this process does the rest."""

    def __init__(
        self,
        work: Callable[[Sequence[_In]], list[_Out]],
        remote: Callable[[Sequence[_In]], Any],
        opened: Callable[[Any], list[_Out]],
        chunks: Sequence[Sequence[_In]],
        executor: ProcessPoolExecutor,
        workers: int,
        hidden: Callable[[], contextlib.AbstractContextManager[None]],
    ) -> None:
        self.work, self.remote, self.opened, self.chunks = work, remote, opened, chunks
        self.executor, self.workers, self.hidden = executor, workers, hidden
        self.running: dict[Future[Any], int] = {}
        self.broken = False

    def collect(self, done: dict[int, list[_Out]], *, block: bool) -> None:
        from concurrent.futures import FIRST_COMPLETED, wait  # noqa: PLC0415  (see the imports above)
        from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

        if block:
            wait(self.running, return_when=FIRST_COMPLETED)
        for future in [future for future in self.running if future.done()]:
            position = self.running.pop(future)
            try:
                done[position] = self.opened(future.result())
            except BrokenProcessPool:
                # A worker died (killed for memory, say): its chunk is done here instead.
                self.broken = True
                done[position] = self.work(self.chunks[position])

    def hand_over(self, following: int, done: dict[int, list[_Out]]) -> int:
        from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415  (see the imports above)

        while not self.broken and following < len(self.chunks) and len(self.running) < 2 * self.workers:
            try:
                with self.hidden():
                    future = self.executor.submit(self.remote, self.chunks[following])
            except (BrokenProcessPool, RuntimeError):
                self.broken = True  # the pool is gone: this process does the rest
                break
            self.running[future] = following
            following += 1
        return following

    def busy(self) -> bool:
        return bool(self.running)


def unexpected_error(path: str | os.PathLike[str], exc: Exception) -> PostmortemError:
    """A load error for an exception no loader should raise, so that one file never stops the others."""
    return PostmortemError(
        f"{shown_path(path)}: could not be read ({type(exc).__name__}: {clip(str(exc))}); "
        "this is a bug in postmortem, please report it"
    )
