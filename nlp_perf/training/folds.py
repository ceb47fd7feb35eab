"""Cross-validation folds fitted side by side, one worker process per core.

Each fold fits its own model on the other folds' rows: the folds do not depend on each other,
so :func:`map_folds` runs them in processes forked from this one (:mod:`nlp_perf.forks`),
which hold the rows already: nothing is sent to a worker but the fold's number, and only its
predictions come back.  Where the platform cannot fork, or with one core, the folds run one
after the other here.  The results are the same either way: each fold's fit is the same
computation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..forks import can_fork, cores, imap_forked

__all__ = ["fold_workers", "map_folds"]


def fold_workers(folds: int, jobs: int | None = None) -> int:
    """Worker processes for ``folds`` folds: ``jobs``, or one per core; 1 where the platform
    cannot fork."""
    if not can_fork():
        return 1
    return max(1, min(jobs or cores(), folds))


def map_folds(job: Callable[[int], Any], folds: int, jobs: int | None = None) -> Iterator[Any]:
    """``job(k)`` for k in 0 … folds-1, in that order, as each is ready; in worker processes
    forked from this one when there are several cores (see :func:`fold_workers`).  ``job`` may
    be a closure over any data: the workers inherit it.  Stopped early (an error, Ctrl-C), the
    workers are ended at once."""
    workers = fold_workers(folds, jobs)
    if workers == 1:
        return map(job, range(folds))
    return imap_forked(job, range(folds), workers)
