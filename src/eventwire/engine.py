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
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
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


def _init_worker(cfg: ExtractConfig) -> None:
    global _WORKER
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


def run_local(items: Iterable[Item], cfg: ExtractConfig, workers: int = 1) -> Iterator[Result]:
    """Extract every article, in order, with `workers` processes. Errors in the input pass
    through; nothing is loaded before the first article."""
    iterator = iter(items)
    for item in iterator:
        if isinstance(item, EventwireError):
            yield item
            continue
        rest = chain([item], iterator)
        if workers <= 1:
            yield from get_extractor(cfg).extract_stream(rest)
        else:
            yield from _run_pool(rest, cfg, workers)
        return


BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _threads_per_worker(workers: int) -> Iterator[None]:
    """Share the cores among the workers: each spawned worker would otherwise start a BLAS
    thread pool as wide as the machine, and N workers would oversubscribe it (measured on 2
    cores, 2 workers: full pipeline / bare spaCy 0.64 without this, 1.08 with it). Variables
    the user set are left alone; the parent's own are restored afterwards."""
    per_worker = str(max(1, (os.cpu_count() or 1) // workers))
    saved = {name: os.environ.get(name) for name in BLAS_THREAD_VARIABLES}
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, per_worker)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run_pool(items: Iterator[Item], cfg: ExtractConfig, workers: int) -> Iterator[Result]:
    with _threads_per_worker(workers):
        yield from _run_pool_inner(items, cfg, workers)


def _run_pool_inner(items: Iterator[Item], cfg: ExtractConfig, workers: int) -> Iterator[Result]:
    window = workers * (1 + IN_FLIGHT_PER_WORKER)
    pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()
    chunks = _chunks(items, cfg.batch_size)
    with ProcessPoolExecutor(
        workers,
        mp_context=mp.get_context("spawn"),
        initializer=_init_worker,
        initargs=(cfg,),
    ) as pool:
        try:
            while True:
                while len(pending) < window:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    pending.append((chunk, pool.submit(_extract_chunk, chunk)))
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
