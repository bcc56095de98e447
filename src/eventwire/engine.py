"""Engines that run `Extractor.extract_stream` over many articles.

`run_local` uses the current process (workers=1) or a pool of worker processes, each with
its own model loaded once (`_init_worker`). Input is consumed lazily, a chunk per task, and
results come back in input order, so memory stays bounded however large the input.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice

from eventwire.config import ExtractConfig
from eventwire.core import Extractor, get_extractor
from eventwire.errors import EventwireError
from eventwire.ingest import ArticleInput
from eventwire.schema import ArticleRecord

Item = ArticleInput | EventwireError
Result = ArticleRecord | EventwireError

_WORKER: Extractor | None = None


def _init_worker(cfg: ExtractConfig) -> None:
    global _WORKER
    _WORKER = Extractor(cfg)


def _extract_chunk(chunk: list[Item]) -> list[Result]:
    assert _WORKER is not None
    return list(_WORKER.extract_stream(chunk))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_local(items: Iterable[Item], cfg: ExtractConfig, workers: int = 1) -> Iterator[Result]:
    """Extract every article, in order, with `workers` processes."""
    if workers <= 1:
        yield from get_extractor(cfg).extract_stream(items)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(cfg,)) as pool:
        for results in pool.imap(_extract_chunk, _chunks(items, cfg.batch_size), chunksize=1):
            yield from results
