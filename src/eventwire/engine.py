"""Engines that run `Extractor.extract_stream` over many articles.

`run_local` uses the current process (workers=1) or a pool of worker processes, each with
its own model loaded once (`_init_worker`). Input is consumed lazily, a chunk per task, with
at most `workers * (1 + IN_FLIGHT_PER_WORKER)` chunks submitted and not yet consumed; results
come back in input order. So memory stays bounded however large the input. Nothing is
loaded until the first article arrives: a run whose input is empty (everything already
stored) or only errors costs no model load. A worker that dies (killed, out of memory) stops
the run with an EW301 error rather than hanging; what was already stored stays stored.

The Spark engine lives in `eventwire.spark` (optional extra).
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import TYPE_CHECKING

from eventwire.config import ExtractConfig
from eventwire.errors import EventwireError
from eventwire.ingest import ArticleInput
from eventwire.schema import ArticleRecord

if TYPE_CHECKING:
    from eventwire.core import Extractor

Item = ArticleInput | EventwireError
Result = ArticleRecord | EventwireError

# Chunks each worker may have queued beyond the one it is working on: enough to keep it
# busy while the parent writes, few enough that memory does not grow with the input.
IN_FLIGHT_PER_WORKER = 2

M_TRIM_THRESHOLD = -1  # glibc mallopt parameter

_WORKER: Extractor | EventwireError | None = None


def get_extractor(cfg: ExtractConfig) -> Extractor:
    """The process's extractor. spaCy is imported here, not at module import: with a pool
    the parent process never loads it."""
    from eventwire.core import get_extractor as cached

    return cached(cfg)


def _return_freed_memory() -> None:
    """glibc only: give freed memory back to the system. By default glibc raises its mmap
    threshold after large frees, so the parse's big transient arrays end up on the heap and
    stay resident; a fixed trim threshold (which also fixes the mmap threshold) keeps a
    worker's resident memory near what it uses. Measured on 600 BBC articles with 2
    workers: ~380 MB a worker instead of ~470 MB, the ingest's tree 1.02-1.05 GB instead of
    1.21 GB, in 32-34 s instead of 31 s."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_TRIM_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):  # not glibc (musl): nothing to tune
        pass


PARENT_POLL_S = 0.5
PR_SET_PDEATHSIG = 1  # prctl option: a signal sent to this process when its parent dies


def _die_with_parent(parent_pid: int) -> None:
    """A worker must not outlive the process that started it (a parent killed with SIGKILL
    runs no clean-up): on Linux the kernel sends SIGKILL when the parent dies
    (prctl PR_SET_PDEATHSIG); everywhere a daemon thread checks every half second that the
    parent is still the same process, and exits otherwise. A parent that died before this
    ran is caught by the first check."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=watch, name="eventwire-parent-watch", daemon=True).start()


def _init_worker(cfg: ExtractConfig, parent_pid: int | None = None) -> None:
    global _WORKER
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    _return_freed_memory()
    try:
        _WORKER = get_extractor(cfg)
    except EventwireError as err:  # model not installed: raised by the first task instead
        _WORKER = err


def _extract_chunk(chunk: list[Item]) -> list[Result]:
    if isinstance(_WORKER, EventwireError):
        raise _WORKER
    assert _WORKER is not None
    return list(_WORKER.extract_stream(chunk))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_local(
    items: Iterable[Item], cfg: ExtractConfig, workers: int = 1, pool: WorkerPool | None = None
) -> Iterator[Result]:
    """Extract every article, in order, with `workers` processes (those of `pool` when one
    is given). Errors in the input pass through; nothing is loaded before the first article
    unless the pool was warmed."""
    iterator = iter(items)
    for item in iterator:
        if isinstance(item, EventwireError):
            yield item
            continue
        rest = chain([item], iterator)
        if workers <= 1:
            yield from get_extractor(cfg).extract_stream(rest)
        else:
            yield from _run_pool(rest, cfg, workers, pool)
        return


class WorkerPool:
    """N worker processes, each with its own model (spawned: nothing of the parent's state,
    threads or open store is inherited), reusable for many runs:

        with WorkerPool(cfg, workers=2) as pool:
            pool.warm()  # optional: load the models now
            for result in run_local(articles, cfg, 2, pool=pool): ...
    """

    def __init__(self, cfg: ExtractConfig, workers: int) -> None:
        self.cfg = cfg
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        self.executor = ProcessPoolExecutor(
            self.workers,
            mp_context=mp.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.cfg, os.getpid()),
        )
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        assert self.executor is not None
        if exc_type is not None and not issubclass(exc_type, Exception):
            # interrupted (Ctrl-C, SIGTERM): stop the workers now rather than wait for
            # their chunks, whose results nobody will read
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)

    def warm(self) -> None:
        """Start every worker and load its model now (one short task per worker)."""
        assert self.executor is not None
        for future in [self.executor.submit(_ready, 0.2) for _ in range(self.workers)]:
            future.result()


WARM_UP_TEXT = (
    "Officials in Nairobi said on Monday that police had arrested 12 protesters, "
    '"We will not back down," a spokesman for the opposition told reporters.'
)


def _ready(pause: float) -> int:
    """One small article through the whole pipeline (the knowledge base loads its lazy
    parts), then a pause long enough for each warm-up task to land on its own worker."""
    if _WORKER is not None and not isinstance(_WORKER, EventwireError):
        list(_WORKER.extract_stream([ArticleInput(id="warm-up", text=WARM_UP_TEXT)]))
    time.sleep(pause)
    return os.getpid()


def _run_pool(
    items: Iterator[Item], cfg: ExtractConfig, workers: int, pool: WorkerPool | None = None
) -> Iterator[Result]:
    if pool is not None:
        yield from _run_on(items, cfg, workers, pool)
        return
    with WorkerPool(cfg, workers) as own:
        yield from _run_on(items, cfg, workers, own)


def _run_on(
    items: Iterator[Item], cfg: ExtractConfig, workers: int, pool: WorkerPool
) -> Iterator[Result]:
    assert pool.executor is not None
    executor = pool.executor
    window = workers * (1 + IN_FLIGHT_PER_WORKER)
    pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()
    chunks = _chunks(items, cfg.batch_size)
    try:
        while True:
            while len(pending) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending.append((chunk, executor.submit(_extract_chunk, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool as exc:
                raise EventwireError(
                    "EW301",
                    "a worker process died (killed or out of memory); articles stored so "
                    "far are kept: run the same command again to go on",
                    stage="extract",
                ) from exc
            del chunk
            yield from results
    finally:
        for _, future in pending:
            future.cancel()
