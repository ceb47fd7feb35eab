"""Classify many reports: expand files, folders and globs; run in parallel; keep the order.

With ``jobs > 1`` the reports are classified by joblib worker processes; each worker loads the
model and jieba's dictionary once and keeps them for every report it is given.  Results come
back in input order either way.  A report that cannot be read does not stop the others.
"""

from __future__ import annotations

import functools
import glob
import os
import signal
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .classify.model import Model, load_model
from .document import ReportResult
from .errors import NlpPerfError
from .pipeline import classify_file
from .read import EXTENSIONS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Outcome", "expand_inputs", "iter_classify", "classify_files", "summary_frame"]


@dataclass(frozen=True)
class Outcome:
    """One input's fate: its result, or the one-line reason it failed."""

    path: str
    result: ReportResult | None = None
    error: str | None = None


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
) -> Outcome:
    if isinstance(model, str):  # in a worker process: load the model once, keep it
        if model not in _worker_models:
            _worker_models[model] = load_model(model)
        model = _worker_models[model]
    stage = None if on_stage is None else functools.partial(on_stage, path)
    try:
        result = classify_file(path, model, encoding, explain, details, stage)
        return Outcome(path, result=result)
    except NlpPerfError as exc:
        return Outcome(path, error=str(exc))
    except MemoryError:
        return Outcome(path, error="ran out of memory classifying it; split it into smaller files")


def iter_classify(
    paths: Sequence[str],
    model: Model | None = None,
    jobs: int = 1,
    encoding: str | None = None,
    explain: int = 0,
    details: bool = True,
    on_stage: Callable[[str, str], None] | None = None,
) -> Iterator[Outcome]:
    """Classify each path, yielding an :class:`Outcome` per path in input order.

    ``details=False`` leaves out the figures and review flags (see ``classify_text``).
    ``on_stage(path, stage)`` is called as each stage of a report starts (in this process
    only: not with ``jobs > 1``).
    """
    model = model or load_model()
    if jobs == 1 or len(paths) < 2:
        for path in paths:
            yield _classify_one(path, model, encoding, explain, details, on_stage)
        return
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
) -> tuple[list[ReportResult], pd.DataFrame]:
    """Classify reports (files, folders or globs); return the results and a summary table.

    The results are those of the reports that could be read, in input order; the summary
    DataFrame has one row per report, with the reason in ``error`` for one that failed.
    """
    model = model or load_model()
    expanded, problems = expand_inputs([str(p) for p in paths])
    outcomes = problems + list(iter_classify(expanded, model, jobs, encoding))
    results = [o.result for o in outcomes if o.result is not None]
    return results, summary_frame(outcomes, model.labels)
