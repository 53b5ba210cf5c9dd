"""One parallel map for every batch command (check, report, summary).

``map_files(work, items, spec, jobs)`` calls ``work(item, catalog)`` for each item, in
worker processes when that pays, and yields the results in input order, so output is
the same bytes whatever the number of jobs.

It is written on ``multiprocessing`` directly rather than ``ProcessPoolExecutor``
because a batch must survive its workers: each worker gets one item at a time, so when
one dies (killed, out of memory) the parent knows exactly which file it was holding.
That file alone becomes "could not be checked: worker stopped (signal 9)", a new
worker takes its place, and the batch finishes. Workers also die with their parent
(``PR_SET_PDEATHSIG`` on Linux, and end-of-file on their pipe everywhere), so killing
``qa-checker`` never leaves orphans computing.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

# multiprocessing is imported only when workers start: a one-file check (the pre-commit
# hook) never needs it, and it cost a tenth of that check's start-up.
if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from qa_checker.pipeline import CatalogSpec
    from qa_checker.rulesets import Catalog

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files, starting workers (each loads Python and the rule sets)
# costs more than it saves.
MIN_FILES_PER_WORKER = 8


@dataclass(frozen=True)
class WorkerDied:
    """What ``map_files`` yields for an item whose worker stopped while holding it."""

    item: Any
    signal: int | None  # the signal that ended the worker, else None (it exited)
    exitcode: int | None
    error: str | None = None  # an unexpected exception in the work, when it raised one


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def effective_jobs(requested: int | None, files: int) -> int:
    """``--jobs N`` is honoured as given (up to one per file); by default one worker per
    CPU, but only as many as keep each worker busy with a few files."""
    if requested is not None:
        return max(1, min(requested, files))
    return max(1, min(default_jobs(), files // MIN_FILES_PER_WORKER))


def map_files(
    work: Callable[[Item, Catalog], Result],
    items: Sequence[Item],
    spec: CatalogSpec,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
) -> Iterator[Result | WorkerDied]:
    """``work(item, catalog)`` for every item, in input order. ``work`` must be a
    module-level function (workers receive it by name)."""
    workers = effective_jobs(jobs, len(items))
    if workers <= 1:
        catalog = spec.load()
        for item in items:
            yield work(item, catalog)
            if on_done:
                on_done()
        return
    pool = _Pool(work, spec, workers)
    try:
        yield from pool.run(items, on_done)
    except BaseException:  # Ctrl-C, SIGTERM, or the consumer stopped early
        pool.close(abort=True)
        raise
    pool.close()


class _Worker(Generic[Item]):
    """One worker process and the item it holds, if any."""

    def __init__(self, context: Any, target: Callable[..., None], args: tuple[Any, ...]) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=target, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        self.holding: tuple[int, Item] | None = None


class _Pool(Generic[Item, Result]):
    def __init__(self, work: Callable[[Item, Catalog], Result], spec: CatalogSpec, size: int) -> None:
        import multiprocessing

        self.context = multiprocessing.get_context()
        self.work, self.spec, self.size = work, spec, size
        self.workers: list[_Worker[Item]] = []

    def _start(self) -> _Worker[Item]:
        worker: _Worker[Item] = _Worker(self.context, _serve, (self.work, self.spec, os.getpid()))
        self.workers.append(worker)
        return worker

    def run(self, items: Sequence[Item], on_done: Callable[[], None] | None) -> Iterator[Result | WorkerDied]:
        queue = list(enumerate(items))
        queue.reverse()  # pop() from the end hands items out in input order
        done: dict[int, Result | WorkerDied] = {}
        next_out = 0
        from multiprocessing import connection

        for _ in range(min(self.size, len(items))):
            self._start()
        for worker in self.workers:
            self._hand(worker, queue)
        while next_out < len(items):
            ready = connection.wait(
                [w.conn for w in self.workers if w.holding] + [w.process.sentinel for w in self.workers]
            )
            for worker in list(self.workers):
                if worker.holding is not None and (worker.conn in ready or worker.conn.poll()):
                    try:
                        index, result = worker.conn.recv()
                    except (EOFError, OSError):
                        self._replace(worker, done, queue)
                        continue
                    done[index] = result
                    worker.holding = None
                    self._hand(worker, queue)
                elif worker.process.sentinel in ready:
                    self._replace(worker, done, queue)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
                if on_done:
                    on_done()

    def _hand(self, worker: _Worker[Item], queue: list[tuple[int, Item]]) -> None:
        if queue and worker.holding is None:
            item = queue.pop()
            try:
                worker.conn.send(item)
            except OSError:  # it died between two files: the file was never its fault
                queue.append(item)
                return
            worker.holding = item

    def _replace(
        self, worker: _Worker[Item], done: dict[int, Result | WorkerDied], queue: list[tuple[int, Item]]
    ) -> None:
        """The worker stopped while holding an item: that item alone fails; a new worker
        takes over the rest of the queue."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if worker.holding is not None:
            index, item = worker.holding
            died = -code if code is not None and code < 0 else None
            done[index] = WorkerDied(item, died, code)
        worker.conn.close()
        self.workers.remove(worker)
        if queue:
            self._hand(self._start(), queue)

    def close(self, abort: bool = False) -> None:
        """Stop the workers: idle ones are told to stop; on ``abort`` busy ones get SIGINT,
        so an atomic write in progress removes its temporary file before they exit."""
        for worker in self.workers:
            try:
                if abort and worker.holding is not None and worker.process.pid is not None:
                    os.kill(worker.process.pid, signal.SIGINT)
                worker.conn.send(None)  # please stop
            except (OSError, ValueError):
                pass
            worker.conn.close()
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies, even mid-file."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: end-of-file on the pipe still stops it
        pass


def _serve(conn: Connection, work: Callable[[Any, Catalog], Any], spec: CatalogSpec, parent: int) -> None:
    """A worker: load the catalogue once, then do one item at a time until told to stop."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        return
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's "stop cleanly" handler
    try:
        catalog = spec.load()
        gc.freeze()  # start-up objects live as long as the worker: never scan them again
        while True:
            message = conn.recv()
            if message is None:
                return
            index, item = message
            try:
                result = work(item, catalog)
            except Exception as exc:  # a bug of ours: this item fails, the batch goes on
                result = WorkerDied(item, None, None, f"{type(exc).__name__}: {str(exc)[:200]}")
            conn.send((index, result))
    except (EOFError, OSError, KeyboardInterrupt):  # the parent is gone or stopping us
        return
