"""One bounded, ordered process pool for the stages that run side by side (parse + extract, derive shards)."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def ordered_map(
    fn: Callable[..., T], jobs: Iterable[tuple[Any, ...]], workers: int
) -> Iterator[tuple[tuple[Any, ...], T]]:
    """``(args, fn(*args))`` for each job, in order. With ``workers`` > 1 the jobs run in that many
    spawned processes, at most two per worker ahead of the consumer (memory stays bounded); jobs
    are drawn from ``jobs`` only when submitted. ``fn`` must be importable (module level)."""
    if workers <= 1:
        for args in jobs:
            yield args, fn(*args)
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        queue: deque[tuple[tuple[Any, ...], Future[T]]] = deque()
        for args in jobs:
            queue.append((args, pool.submit(fn, *args)))
            if len(queue) >= 2 * workers:
                done, future = queue.popleft()
                yield done, future.result()
        while queue:
            done, future = queue.popleft()
            yield done, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
