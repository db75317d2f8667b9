"""How a build uses every core and keeps its memory down: the garbage collector's
pauses, the forked worker pools and giving freed memory back to the system.

Domain modules say what to do (read these files, render these pages); this module
says how it is spread across processes. Each device here was measured, and the
figures are beside it; `make bench` (docs/performance.md) is how to measure again.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import resource
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, TypeVar

Shared = TypeVar("Shared")
Result = TypeVar("Result")

# Render workers are recycled after this many tasks. A worker copies the parent's memory it
# reads, so it is kept short-lived, but a fork of a large parent is slow. At 15,300 councils
# (on tmpfs), generated pages took 48 s with a summed PSS of 875 MB every 48 tasks, 46 s and
# 916 MB every 96, 43 s and 1,235 MB (and growing) with no new forks.
TASKS_PER_WORKER = 96

_frozen_for_build = False


def pause_collector_for_build() -> None:
    """Until `end_of_build`, the garbage collector is paused: loading and planning make
    objects that last the whole build, and it walked them again and again, for nothing
    (about 3 s at 15,300 councils). Render workers restart it."""
    gc.disable()


def freeze_loaded_content() -> None:
    """Frozen, the loaded content is left alone by the garbage collectors of forked render
    workers too: otherwise a collection touches every object, and the kernel copies the
    parent's memory page by page into each worker."""
    global _frozen_for_build
    gc.freeze()
    _frozen_for_build = True


def end_of_build() -> None:
    """Undo the build's pause and freeze: under `make serve`, what the next build drops is
    collected."""
    global _frozen_for_build
    gc.unfreeze()
    gc.enable()
    _frozen_for_build = False


def workers_peak_mb() -> float:
    """The peak memory of the largest worker process so far, in MB: read once the render
    workers have finished and before the search indexer starts, it is theirs."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def give_back_freed_memory() -> None:
    """Return to the system the memory Python has freed but the C library still holds
    (glibc keeps the holes that loading and large pages leave): before forking, so
    workers do not share them, and in a render worker after the site-wide pages."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc's, in the running process
    except (AttributeError, OSError, TypeError):  # another C library, or another system
        return None


# What the workers of the pool being run need, inherited through fork rather than sent.
_work: tuple[Callable[[Any, int], Any], Any] | None = None


def _call(i: int) -> Any:
    assert _work is not None
    work, shared = _work
    return work(shared, i)


def read_in_workers(
    work: Callable[[Shared, int], Result], shared: Shared, count: int, workers: int, chunksize: int
) -> list[Result]:
    """`work(shared, i)` for i in range(count), in forked workers, in order: for reading
    many files. Fork, so workers start with `shared` and the imports already in memory."""
    global _work
    _work = (work, shared)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_call, range(count), chunksize=chunksize)
    finally:
        _work = None


def render_in_workers(
    work: Callable[[Shared, int], Result],
    shared: Shared,
    count: int,
    workers: int,
    on_worker_start: Callable[[], None],
) -> Iterator[Result]:
    """`work(shared, i)` for i in range(count), in forked render workers, in order as they
    finish in turn. Workers start from the loaded content frozen (see
    `freeze_loaded_content`) and freed memory given back, collect their own garbage
    (rendering makes cycles), and are recycled after TASKS_PER_WORKER tasks."""
    global _work
    frozen_before = _frozen_for_build
    gc.freeze()
    give_back_freed_memory()
    _work = (work, shared)
    try:
        fork = multiprocessing.get_context("fork")

        def start_worker() -> None:  # forked, so not pickled: a closure will do
            gc.enable()  # paused in the main process for the build; rendering makes cycles
            on_worker_start()

        with fork.Pool(workers, start_worker, maxtasksperchild=TASKS_PER_WORKER) as pool:
            yield from pool.imap(_call, range(count))
    finally:
        _work = None
        if not frozen_before:
            gc.unfreeze()  # outside a build's freeze, leave the collector as it was
