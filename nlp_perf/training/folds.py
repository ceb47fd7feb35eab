"""Cross-validation folds fitted side by side, one worker process per core.

Each fold fits its own model on the other folds' rows: the folds do not depend on each other,
so :func:`map_folds` runs them in processes forked from this one (Linux), which hold the rows
already: nothing is sent to a worker but the fold's number, and only its predictions come
back.  Where the platform cannot fork, or with one core, the folds run one after the other
here.  The results are the same either way: each fold's fit is the same computation.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["fold_workers", "map_folds"]

# The fold function and its data, set in the parent just before the workers are forked.
_job: Callable[[int], Any] | None = None


def fold_workers(folds: int, jobs: int | None = None) -> int:
    """Worker processes for ``folds`` folds: ``jobs``, or one per core; 1 where the platform
    cannot fork."""
    if not (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()):
        return 1
    if jobs is None:
        cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        jobs = len(cores) if cores else os.cpu_count() or 1
    return max(1, min(jobs, folds))


def _run(k: int) -> Any:
    assert _job is not None
    return _job(k)


def _worker_signals() -> None:
    # Ctrl-C and SIGTERM are the parent's: it ends the workers (a forked worker would
    # otherwise run the parent's SIGTERM handler)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def map_folds(job: Callable[[int], Any], folds: int, jobs: int | None = None) -> Iterator[Any]:
    """``job(k)`` for k in 0 … folds-1, in that order, as each is ready; in worker processes
    forked from this one when there are several cores (see :func:`fold_workers`).  ``job`` may
    be a closure over any data: the workers inherit it.  Stopped early (an error, Ctrl-C), the
    workers are ended at once."""
    global _job
    workers = fold_workers(folds, jobs)
    if workers == 1:
        yield from map(job, range(folds))
        return
    _job = job
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals)
    try:
        yield from pool.imap(_run, range(folds))
        pool.close()
    finally:
        _job = None
        pool.terminate()
        pool.join()
