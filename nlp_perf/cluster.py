"""Classify reports on a Dask distributed cluster: more machines than one (docs/cluster.md).

The reports travel as (name, bytes), so the workers need no shared filesystem; the model is
sent once to every worker; the results come back in input order, as each is ready, with at
most a few tasks per worker in flight (so neither the client nor the cluster holds the whole
batch).  A worker that dies loses nothing: the scheduler runs its tasks again elsewhere.  Needs
the ``cluster`` extra (``pip install "nlp_perf[cluster]"``: dask's ``distributed``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from .classify.model import Model, load_model
from .classify.tokenizer import get_segmenter
from .document import Outcome, Renderer
from .errors import NlpPerfError
from .pipeline import classify_bytes
from .read import file_bytes

__all__ = ["ClusterError", "cluster_client", "iter_classify_cluster"]

# Tasks in flight per worker thread: enough to keep every worker busy while the client
# waits for the next result in input order.
IN_FLIGHT = 4


class ClusterError(NlpPerfError):
    """A Dask scheduler that cannot be used: the extra is missing or it cannot be reached."""


def cluster_client(scheduler: Any) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``scheduler`` (an address such as ``tcp://host:8786``, a
    cluster object, or a client, used as it is) and whether it is ours to close."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            'running on a Dask cluster needs the cluster extra: pip install "nlp_perf[cluster]"'
        ) from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, timeout="10s"), True
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None


def _classify_remote(
    name: str,
    data: bytes,
    model: Model,
    encoding: str | None,
    explain: int,
    details: bool,
    render: Renderer | None,
) -> Outcome:
    """On a worker: one report from its bytes, as :func:`nlp_perf.batch.iter_classify` gives it."""
    get_segmenter().start_fast()  # a worker cuts a batch: rjieba from the start
    return Outcome.of(
        name, lambda: classify_bytes(name, data, model, encoding, explain, details), render
    )


def iter_classify_cluster(
    paths: Sequence[str],
    scheduler: Any,
    model: Model | None = None,
    encoding: str | None = None,
    explain: int = 0,
    details: bool = True,
    render: Renderer | None = None,
) -> Iterator[Outcome]:
    """Classify each path on the Dask cluster of ``scheduler`` (see :func:`cluster_client`),
    yielding an :class:`~nlp_perf.batch.Outcome` per path in input order (``render``: the
    workers send back ``render(result)`` instead of the result).  A file that cannot be read
    here is its error, as in a local run."""
    model = model or load_model()
    client, ours = cluster_client(scheduler)
    pending: deque[tuple[str, Any]] = deque()
    try:
        workers = sum(client.nthreads().values()) or 1
        shared = client.scatter(model, broadcast=True)  # once per worker, not per report
        options = (encoding, explain, details, render)
        todo = iter(paths)
        while True:
            while len(pending) < IN_FLIGHT * workers and (path := next(todo, None)) is not None:
                pending.append((path, _submit(client, path, shared, options)))
            if not pending:
                return
            path, task = pending.popleft()
            yield task if isinstance(task, Outcome) else task.result()
    finally:
        for _, task in pending:
            if not isinstance(task, Outcome):
                task.cancel()
        if ours:
            client.close()


def _submit(client: Any, path: str, model: Any, options: tuple) -> Any:
    """The future of one report's outcome, or its Outcome now when it cannot be read here."""
    try:
        data = file_bytes(path)
    except NlpPerfError as exc:
        return Outcome(path, error=str(exc))
    # pure=False: the same file twice in a batch is two tasks, each with its own name
    return client.submit(_classify_remote, path, data, model, *options, pure=False)
