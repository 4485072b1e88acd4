"""Worker processes forked directly, with a pipe each way: :func:`forked_share`.

Where ``postmortem._parallel`` would fork its workers anyway (Linux, a process running one
thread), it forks them itself instead of starting a ``concurrent.futures`` pool: a worker is a
copy of this process, chunks and all, so only a chunk's number goes to it (four bytes down a
pipe) and its packed results come back up another. Nothing is pickled on the way out, no
thread is started here to feed and read the pool's queues (they took the lock of the
interpreter from the thread doing this process's share of the work), and neither
``multiprocessing`` nor ``concurrent.futures`` (with ``logging``, ``socket`` and more: about
61M instructions, a twelfth of checking one file) is imported.

A worker that dies (killed for memory, say) leaves its chunks to this process, as a broken
pool does: the results are the same, only slower.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

from postmortem._parallel import in_order

__all__ = ["forked_share"]

_In = TypeVar("_In")
_Out = TypeVar("_Out")

# A task is a chunk's number; a result is the chunk's number and its length, then its bytes.
_TASK = struct.Struct("<I")
_HEADER = struct.Struct("<IQ")
_STOP = 0xFFFFFFFF
_PIPE_SIZE = 1 << 20


class _WorkerGoneError(Exception):
    """A worker's pipe closed before a whole answer came: the worker is gone."""


class _Worker:
    """One forked worker, seen from this process: its process id, its two pipes, its chunks in order."""

    __slots__ = ("pending", "pid", "released", "results", "tasks")

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self.tasks = tasks  # this process writes chunk numbers here
        self.results = results  # and reads the worker's answers here
        self.pending: list[int] = []  # chunks handed to it and not answered yet, in order
        self.released = False  # told that no chunk follows

    def send(self, index: int) -> None:
        os.write(self.tasks, _TASK.pack(index))
        self.pending.append(index)

    def release(self) -> None:
        """Tell the worker, when it has answered every chunk handed to it, that no chunk follows: it ends.

        It then ends while this process does its own last chunk and the caller's last steps,
        instead of after this process: a caller that stops asking once it has every result
        (``postmortem check``) never closes the pipes, and a program reading this one's output
        waits for the worker too, which holds the standard streams until it ends.
        """
        if not self.released and not self.pending:
            self.released = True
            with contextlib.suppress(OSError):  # gone already: it is seen at the next read
                os.write(self.tasks, _TASK.pack(_STOP))

    def receive(self) -> tuple[int, bytes]:
        index, length = _HEADER.unpack(_read_exactly(self.results, _HEADER.size))
        data = _read_exactly(self.results, length)
        self.pending.remove(index)
        return index, data

    def close(self) -> None:
        """Close both pipes (the worker ends after its chunk) and wait for the process to end."""
        for fd in (self.tasks, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)
        # ChildProcessError: already waited for (a program that ignores SIGCHLD).
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _read_exactly(fd: int, size: int) -> bytes:
    parts: list[bytes] = []
    left = size
    while left:
        part = os.read(fd, min(left, 1 << 20))
        if not part:
            raise _WorkerGoneError
        parts.append(part)
        left -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _serve(work: Callable[[Sequence[_In]], bytes], chunks: Sequence[Sequence[_In]], tasks: int, results: int) -> int:
    """A worker's life: do each chunk whose number comes down ``tasks``; the exit status."""
    while True:
        message = os.read(tasks, _TASK.size)
        if len(message) < _TASK.size:
            return 0  # this process closed the pipe: no more chunks
        (index,) = _TASK.unpack(message)
        if index == _STOP:
            return 0
        data = work(chunks[index])
        _write_all(results, _HEADER.pack(index, len(data)) + data)


def _fork(
    work: Callable[[Sequence[_In]], bytes],
    chunks: Sequence[Sequence[_In]],
    started: Callable[[], None],
    others: list[_Worker],
) -> _Worker:
    """Fork one worker; in the worker, never return (it ends by ``os._exit``)."""
    tasks_read, tasks_write = os.pipe()
    results_read, results_write = os.pipe()
    # A chunk's answer that does not fit in the pipe would hold the worker up until this
    # process, doing a chunk of its own, reads it: a pipe of 1 MiB (Linux's most for any
    # process, and the most for one) holds a chunk's reports many times over.
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(results_write, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    # Ctrl-C held back over the fork itself: arriving while Python runs its after-fork hooks
    # (threading's), it cannot be raised and is printed as "Exception ignored ... Traceback"
    # by the worker. Held, it arrives once each process has returned from the fork.
    held = _hold_interrupts()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 1
        try:
            _release_interrupts(held)
            # The pipes of workers forked earlier belong to this process's parent: held open
            # here, a worker would never see its parent close them.
            for fd in (tasks_write, results_read, *(fd for other in others for fd in (other.tasks, other.results))):
                os.close(fd)
            started()
            code = _serve(work, chunks, tasks_read, results_write)
        except BaseException:  # noqa: S110  (a worker's failure is its parent's to handle: it does the chunk)
            pass
        finally:
            os._exit(code)  # no exit handlers and no flushing: they are the parent's
    _release_interrupts(held)
    os.close(tasks_read)
    os.close(results_write)
    return _Worker(pid, tasks_write, results_read)


def _hold_interrupts() -> set[int | signal.Signals] | None:
    """Block SIGINT in this thread; the mask it had, or None where masks are not supported."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_interrupts(held: set[int | signal.Signals] | None) -> None:
    """Put back the mask :func:`_hold_interrupts` found (a Ctrl-C held meanwhile arrives now)."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def forked_share(
    work: Callable[[Sequence[_In]], list[_Out]],
    remote: Callable[[Sequence[_In]], bytes],
    opened: Callable[[bytes], list[_Out]],
    chunks: Sequence[Sequence[_In]],
    workers: int,
    started: Callable[[], None],
) -> Iterator[list[_Out]]:
    """Yield each chunk's results in order, the chunks shared between ``workers`` forked workers and this process.

    Each worker runs ``started`` and then ``remote`` on the chunks handed to it (a chunk or
    two ahead); this process reads their bytes back with ``opened``, and runs ``work`` on the
    next chunk not handed out whenever the one it must yield next is still in a worker, or on
    every chunk a worker that died had not answered.
    """
    pool: list[_Worker] = []
    try:
        for _ in range(workers):
            pool.append(_fork(remote, chunks, started, pool))
        yield from in_order(work, chunks, _Pipes(work, opened, chunks, pool))
    finally:
        for worker in pool:
            worker.close()


class _Pipes(Generic[_In, _Out]):
    """Forked workers as the transport of :func:`postmortem._parallel.in_order`; a dead one leaves its chunks here."""

    def __init__(
        self,
        work: Callable[[Sequence[_In]], list[_Out]],
        opened: Callable[[bytes], list[_Out]],
        chunks: Sequence[Sequence[_In]],
        pool: list[_Worker],
    ) -> None:
        self.work, self.opened, self.chunks = work, opened, chunks
        self.live = list(pool)
        self.poller = select.poll()
        for worker in self.live:
            self.poller.register(worker.results, select.POLLIN)
        self.by_fd = {worker.results: worker for worker in self.live}
        self.following = 0  # the next chunk not handed out (see in_order)

    def _lost(self, worker: _Worker, done: dict[int, list[_Out]]) -> None:
        # A worker died: its chunks are done here instead.
        self.live.remove(worker)
        self.poller.unregister(worker.results)
        for position in worker.pending:
            done[position] = self.work(self.chunks[position])
        worker.pending.clear()

    def collect(self, done: dict[int, list[_Out]], *, block: bool) -> None:
        for fd, _events in self.poller.poll(-1 if block else 0):
            worker = self.by_fd[fd]
            if worker not in self.live:
                continue
            try:
                position, data = worker.receive()
            except (_WorkerGoneError, OSError):
                self._lost(worker, done)
                continue
            done[position] = self.opened(data)
            if self.following >= len(self.chunks):
                worker.release()  # every chunk is handed out: this worker's work is done

    def hand_over(self, following: int, done: dict[int, list[_Out]]) -> int:
        for worker in list(self.live):
            while following < len(self.chunks) and len(worker.pending) < 2:
                try:
                    worker.send(following)
                except OSError:
                    self._lost(worker, done)
                    break
                following += 1
        self.following = following
        if following >= len(self.chunks):
            for worker in self.live:
                worker.release()
        return following

    def busy(self) -> bool:
        return any(worker.pending for worker in self.live)
