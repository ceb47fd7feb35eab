"""Reports classified in worker processes that can be stopped.

Each worker loads the model once and then classifies one file at a time.  A file whose reading
takes longer than the time limit (a PDF that makes the reader spin) has its worker killed and
replaced, and is answered with an error; the other workers go on serving.  A worker that dies
(the system ran out of memory) is replaced the same way.  The calls block: the web app makes
them from its thread pool, so the page stays responsive while a batch is classified.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ..classify.model import Model, load_model
from ..document import ReportResult
from ..errors import InputError, ModelError, NlpPerfError
from ..pipeline import classify_file

__all__ = ["WorkerPool", "WorkerError"]

_START_SECONDS = 120.0  # loading the model and jieba's dictionary in a new worker


class WorkerError(RuntimeError):
    """A worker failed in a way that is a bug of nlp_perf, not a fault of the file."""


def _work(conn: Connection, model: Model | str) -> None:
    """A worker process: load the model, then classify each path sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        loaded = load_model(model) if isinstance(model, str) else model
    except NlpPerfError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            conn.send(("ok", classify_file(path, loaded)))
        except NlpPerfError as exc:
            conn.send(("error", str(exc)))
        except MemoryError:
            conn.send(("error", "ran out of memory classifying it; split it into smaller files"))
        except Exception as exc:  # a bug: said to the server, which answers 500
            conn.send(("bug", f"{type(exc).__name__}: {exc}"))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``workers`` processes classifying reports with ``model``, ``seconds`` at most each."""

    def __init__(self, model: Model, workers: int = 2, seconds: float = 120.0) -> None:
        self.seconds = seconds
        self._context = multiprocessing.get_context("spawn")
        self._model: Model | str = model.path if model.path else model
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._running: dict[int, _Worker] = {}  # every worker started and not stopped
        self._closed = False
        for _ in range(max(1, workers)):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_work, args=(child, self._model), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._running[id(worker)] = worker
        if not parent.poll(_START_SECONDS):
            self._stop(worker)
            raise ModelError("a worker did not load the model in time")
        try:
            status, message = parent.recv()
        except (EOFError, OSError):  # it died loading the model
            status, message = "failed", "a worker stopped while loading the model"
        if status != "ready":
            self._stop(worker)
            raise ModelError(message)
        return worker

    def _stop(self, worker: _Worker) -> None:
        self._running.pop(id(worker), None)
        worker.stop()

    def classify(self, path: str | Path) -> ReportResult:
        """The result of classifying the file at ``path``; InputError when it cannot be read
        or takes longer than the time limit."""
        if self._closed:
            raise WorkerError("the server is stopping")
        worker = self._idle.get()
        try:
            worker.conn.send(str(path))
            if not worker.conn.poll(self.seconds):
                self._stop(worker)
                worker = self._start()
                raise InputError(
                    f"reading it took longer than {self.seconds:g} s and was stopped "
                    "(a damaged or unusual file?)"
                )
            status, value = worker.conn.recv()
        except (EOFError, OSError):  # the worker died: killed by the system, out of memory
            self._stop(worker)
            worker = self._start()
            raise InputError("the worker reading it stopped (out of memory?)") from None
        finally:
            self._idle.put(worker)
        if status == "ok":
            return value
        if status == "error":
            raise InputError(value)
        raise WorkerError(value)

    def close(self) -> None:
        """Stop every worker: each is asked to end, and killed if it has not within 2 s."""
        self._closed = True
        workers = list(self._running.values())
        self._running.clear()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in workers:
            worker.process.join(2)
            worker.stop()
