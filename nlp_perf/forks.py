"""Worker processes forked from this one, which start with everything it has loaded.

Where the platform can fork (Linux; macOS's system libraries are not safe to fork, Windows
cannot), a pool forked after the model and the segmenter are loaded has workers that start
with both, and that can run a closure over any data the parent holds: only the items go out,
and what the job returns comes back.  Batches (:mod:`nlp_perf.batch`) and training's folds
(:mod:`nlp_perf.training.folds`) run their workers so.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

# multiprocessing is imported when workers are wanted: not by a run of one report

__all__ = ["can_fork", "cores", "imap_forked"]


def can_fork() -> bool:
    """Whether worker processes can be forked from this one."""
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# The job of the pool being run: set in the parent just before its workers are forked.
_job: Callable[[Any], Any] | None = None


def _run(item: Any) -> Any:
    assert _job is not None
    return _job(item)


def _worker_signals() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it ends the workers), and SIGTERM ends
    the worker as by default (a forked worker inherits the parent's handler)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def imap_forked(
    job: Callable[[Any], Any], items: Iterable[Any], workers: int, chunksize: int = 1
) -> Iterator[Any]:
    """``job(item)`` for each item, in order, as each is ready, in ``workers`` processes forked
    from this one (see :func:`can_fork`).  Stopped early (an error, Ctrl-C, a caller that stops
    reading), the workers are killed at once: one may be inside a long report."""
    import multiprocessing

    global _job
    _job = job
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals)
    try:
        yield from pool.imap(_run, items, chunksize=chunksize)
        pool.close()
    finally:
        _job = None
        pool.terminate()
        pool.join()
