"""What a command-line process owes its terminal: output that may not be read to the end
(``| head``) or not be written at all (a full disk), Ctrl-C and SIGTERM ended in one line, the
exit codes a shell expects, and a bar of its stages for a long report.  The commands of
:mod:`nlp_perf.cli` run inside :func:`run_command`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = [
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "EXIT_INTERRUPTED",
    "EXIT_PIPE_CLOSED",
    "EXIT_TERMINATED",
    "LONG_REPORT",
    "StageBar",
    "emit",
    "err",
    "interrupted",
    "run_command",
    "say",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# a shell's codes for a program ended by SIGINT (Ctrl-C), SIGPIPE and SIGTERM
EXIT_INTERRUPTED, EXIT_PIPE_CLOSED, EXIT_TERMINATED = 130, 141, 143
LONG_REPORT = 1_000_000  # bytes: a report this long gets a bar of its own on a terminal


def err(message: str) -> None:
    """One line on standard error: ``error: message``."""
    print(f"error: {message}", file=sys.stderr)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that it ends as for Ctrl-C: cleanly."""


def interrupted(exc: BaseException, what_is_left: str = "") -> int:
    """Say in one line that the run was stopped, and how; return the exit code."""
    terminated = isinstance(exc, Terminated)
    err(("terminated" if terminated else "interrupted") + what_is_left)
    return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While the command runs, SIGTERM raises :class:`Terminated`, so that partial files are
    removed on the way out as for Ctrl-C (only the main thread can take signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Terminated

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


class StdoutFailed(Exception):
    """Standard output cannot be written (a full disk, a device error); not a closed pipe."""


def emit(text: str) -> None:
    """Write ``text`` to standard output now: a closed pipe raises BrokenPipeError, any other
    failure :class:`StdoutFailed` (see :func:`run_command`)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutFailed(exc.strerror or str(exc)) from None


def drop_stdout() -> None:
    """Send what is left in standard output's buffer nowhere, rather than failing again when
    Python flushes it at exit."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def say(text: str = "") -> None:
    """A line on standard output, written now (see :func:`emit`)."""
    emit(text + "\n")


class StageBar:
    """A bar of the stages of one long report (over :data:`LONG_REPORT` bytes), for a terminal:
    such a report takes a while and the batch's bar alone would not move."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._path = ""

    def __call__(self, path: str, stage: str) -> None:
        from tqdm import tqdm

        from .pipeline import STAGES

        if path != self._path:
            self.close()
            self._path = path
            with contextlib.suppress(OSError):
                if os.path.getsize(path) > LONG_REPORT:
                    name = os.path.basename(path)
                    self._bar = tqdm(total=len(STAGES), desc=name, unit="stage", leave=False)
        if stage not in STAGES and self._bar is None:  # a step of reading ("OCR page 2/5"):
            name = os.path.basename(path)  # slow whatever the file's size, so always shown
            self._bar = tqdm(total=len(STAGES), desc=name, unit="stage", leave=False)
        if self._bar is not None:
            self._bar.set_postfix_str(stage)
            if stage in STAGES:
                self._bar.update(STAGES.index(stage) - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run the command; end quietly when the reader of its output goes away (``| head``), in
    one line when the output cannot be written or the run is stopped."""
    try:
        with terminate_as_interrupt():
            return func(args)
    except BrokenPipeError:
        drop_stdout()  # Unix tools end quietly when their reader has gone
        return EXIT_PIPE_CLOSED
    except StdoutFailed as exc:
        drop_stdout()
        err(f"standard output: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt as exc:
        return interrupted(exc)
