"""Classify many reports: expand files, folders and globs; run in parallel; keep the order.

With ``jobs > 1`` the reports are classified by worker processes.  Where the platform can fork
(Linux), the workers are forked after the model and the segmenter are loaded and warmed, so
they start at once with both, and, given ``render``, send back the output lines of each report
rather than the whole result.  Elsewhere they are joblib's processes, each loading the model
and jieba's dictionary once.  Results come back in input order either way.  A report that
cannot be read does not stop the others.
"""

from __future__ import annotations

import functools
import glob
import os
import signal
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .classify.model import Model, load_model
from .document import Outcome, Renderer, ReportResult
from .forks import can_fork, cores, imap_forked
from .pipeline import classify_file
from .read import EXTENSIONS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Outcome", "expand_inputs", "iter_classify", "classify_files", "summary_frame"]


def _report_files(folder: Path) -> list[str]:
    found = [
        str(p)
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in EXTENSIONS and not p.name.startswith((".", "~$"))
    ]
    return sorted(found)


def expand_inputs(items: Sequence[str]) -> tuple[list[str], list[Outcome]]:
    """Report paths from files, folders (searched recursively) and glob patterns.

    Returns the paths in the order given (each folder's files sorted) and, separately, the
    inputs that named nothing to read.  A path that does not exist is kept as a path, so
    reading it reports "no such file" in its place.
    """
    paths: list[str] = []
    problems: list[Outcome] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            files = _report_files(p)
            if not files:
                problems.append(Outcome(item, error="a folder with no reports in it "
                                                    f"({', '.join(EXTENSIONS)})"))  # fmt: skip
            paths += files
        elif not p.exists() and glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            files = [m for m in matches if os.path.isfile(m)]
            files += [f for m in matches if os.path.isdir(m) for f in _report_files(Path(m))]
            if not files:
                problems.append(Outcome(item, error="no files match this pattern"))
            paths += files
        else:
            paths.append(item)
    return paths, problems


_worker_models: dict[str, Model] = {}


def _classify_one(
    path: str,
    model: Model | str,
    encoding: str | None,
    explain: int,
    details: bool = True,
    on_stage: Callable[[str, str], None] | None = None,
    render: Renderer | None = None,
) -> Outcome:
    if isinstance(model, str):  # in a joblib worker: load the model once, keep it
        if model not in _worker_models:
            _worker_models[model] = load_model(model)
        model = _worker_models[model]
    stage = None if on_stage is None else functools.partial(on_stage, path)
    return Outcome.of(
        path, lambda: classify_file(path, model, encoding, explain, details, stage), render
    )


def iter_classify(
    paths: Sequence[str],
    model: Model | None = None,
    jobs: int = 1,
    encoding: str | None = None,
    explain: int = 0,
    details: bool = True,
    on_stage: Callable[[str, str], None] | None = None,
    render: Renderer | None = None,
    scheduler: Any = None,
) -> Iterator[Outcome]:
    """Classify each path, yielding an :class:`Outcome` per path in input order.

    ``details=False`` leaves out the figures and review flags (see ``classify_text``).
    ``on_stage(path, stage)`` is called as each stage of a report starts (in this process
    only: not with ``jobs > 1``).  ``render``: with ``jobs > 1`` on a platform that forks,
    the workers send back ``render(result)`` as :attr:`Outcome.rendered` instead of the
    result (much less to send, for a caller that only prints); elsewhere the result comes back
    and the caller renders it.  ``jobs``: worker processes; -1 one per core.  ``scheduler``:
    run on that Dask cluster instead (an address such as ``tcp://host:8786``, a cluster or a
    client; see :mod:`nlp_perf.cluster`), where ``jobs`` does not count.
    """
    model = model or load_model()
    jobs = _workers(jobs)
    if scheduler is not None:
        from .cluster import iter_classify_cluster

        options = (encoding, explain, details, render)
        yield from iter_classify_cluster(paths, scheduler, model, *options)
    elif jobs == 1 or len(paths) < 2:
        for path in paths:
            yield _classify_one(path, model, encoding, explain, details, on_stage)
    elif can_fork():
        yield from _forked(paths, model, jobs, (encoding, explain, details, render))
    else:
        yield from _joblib(paths, model, jobs, encoding, explain, details)


def _workers(jobs: int) -> int:
    """``jobs`` as a number of processes: -1 is one per core, -2 all but one, ..."""
    return jobs if jobs > 0 else max(1, cores() + 1 + jobs)


def _forked(paths: Sequence[str], model: Model, jobs: int, options: tuple) -> Iterator[Outcome]:
    """Classify ``paths`` in ``jobs`` processes forked from this one, with its model and
    warmed segmenter."""
    from .classify.tokenizer import get_segmenter

    get_segmenter().start_fast()  # a batch: every worker cuts with rjieba from its start
    encoding, explain, details, render = options
    job = functools.partial(
        _classify_one, model=model, encoding=encoding, explain=explain, details=details,
        render=render,
    )  # fmt: skip
    # a few reports a task: fewer messages, while the order still streams
    chunk = max(1, min(4, len(paths) // (8 * jobs)))
    yield from imap_forked(job, paths, jobs, chunk)


def _joblib(
    paths: Sequence[str],
    model: Model,
    jobs: int,
    encoding: str | None,
    explain: int,
    details: bool,
) -> Iterator[Outcome]:
    from joblib import Parallel, delayed

    shipped: Model | str = model.path if model.path else model
    # Ctrl-C is the parent's to handle: it stops the workers (see _stop_workers)
    parallel = Parallel(n_jobs=jobs, return_as="generator", initializer=_leave_ctrl_c_to_the_parent)
    with warnings.catch_warnings():
        # closed early (Ctrl-C, a closed pipe), joblib warns of the tasks it cancels
        warnings.filterwarnings("ignore", "[0-9]+ tasks? ", UserWarning)
        try:
            yield from parallel(
                delayed(_classify_one)(p, shipped, encoding, explain, details) for p in paths
            )
        except GeneratorExit:
            _stop_workers()
            raise


def _leave_ctrl_c_to_the_parent() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_workers() -> None:
    """Stop joblib's workers now, when a batch is abandoned part way, so that the process can
    end at once and in order (else loky's resource tracker reports leaked locks at exit)."""
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True, kill_workers=True)


def summary_frame(outcomes: Sequence[Outcome], labels: Sequence[str]) -> pd.DataFrame:
    """One row per report: file, format, characters, sentences, count and share per label, error."""
    import pandas as pd

    rows = []
    for o in outcomes:
        row: dict[str, object] = {"file": o.path, "error": o.error}
        if o.result is not None:
            r = o.result
            row.update({"format": r.format, "chars": r.chars, "sentences": len(r.rows)})
            row.update(r.tallies)
            row.update({f"{k}_share": v for k, v in r.shares.items()})
        rows.append(row)
    columns = [
        "file",
        "format",
        "chars",
        "sentences",
        *labels,
        *(f"{k}_share" for k in labels),
        "error",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["error"] = pd.Series([o.error for o in outcomes], dtype=object)  # None rather than NaN
    return frame


def classify_files(
    paths: Sequence[str | Path],
    model: Model | None = None,
    jobs: int = 1,
    encoding: str | None = None,
    scheduler: Any = None,
) -> tuple[list[ReportResult], pd.DataFrame]:
    """Classify reports (files, folders or globs); return the results and a summary table.

    The results are those of the reports that could be read, in input order; the summary
    DataFrame has one row per report, with the reason in ``error`` for one that failed.
    ``scheduler``: classify on this Dask cluster (see :func:`iter_classify`).
    """
    model = model or load_model()
    expanded, problems = expand_inputs([str(p) for p in paths])
    run = iter_classify(expanded, model, jobs, encoding, scheduler=scheduler)
    outcomes = problems + list(run)
    results = [o.result for o in outcomes if o.result is not None]
    return results, summary_frame(outcomes, model.labels)
