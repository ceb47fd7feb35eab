"""The files of a model folder, read as hostile input: regular files inside the folder, of
bounded size, and JSON of bounded depth.

- A symbolic link is followed when it leads to a regular file inside the folder
  (``weights.npz -> weights-2026.npz``), refused when it leads out of it; in the shipped model
  (no path, no $NLP_PERF_MODEL) links may lead anywhere, as the installer lays it out
  (setuptools' strict editable install links each file to the source tree).  A directory,
  FIFO, device or socket is refused without being opened for a read that could block.
- A file larger than its bound is refused before it is read; JSON nested more than
  :data:`JSON_DEPTH` levels is refused (not a RecursionError).

Every refusal is a :class:`~nlp_perf.errors.ModelError` of one line naming the file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ModelError

__all__ = ["JSON_DEPTH", "cause", "open_file", "read_json", "shown"]

JSON_DEPTH = 100


def shown(value: Any, limit: int = 60) -> str:
    """A JSON value as the user wrote it, on one line, cut to about ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    text = _printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _printable(text: str) -> str:
    """``text`` with a lone surrogate, which no output can print, as its escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def cause(exc: BaseException) -> str:
    """An exception's message on one short line."""
    text = _printable(" ".join(str(exc).split())) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def open_file(folder: Path, name: str, limit: int, links_out: bool = False) -> BinaryIO | None:
    """``folder/name`` opened for reading, or None if there is none: a regular file of at most
    ``limit`` bytes, inside ``folder`` unless ``links_out``."""
    path = folder / name
    try:
        mode = os.lstat(path).st_mode
        target = path
        if stat.S_ISLNK(mode):
            target = Path(os.path.realpath(path))
            root = Path(os.path.realpath(folder))
            if not links_out and root not in target.parents:
                raise ModelError(
                    f"{name}: a symbolic link out of the model folder "
                    f"(to {shown(os.readlink(path), 200)}); expected a regular file inside the "
                    "folder"
                )
            mode = os.stat(target).st_mode
        if not stat.S_ISREG(mode):
            raise ModelError(f"{name} is {_kind(mode)}; expected a regular file")
        # not blocking on a FIFO put in its place since; not following a link put there
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
        flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(target, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            raise ModelError(
                f"{name}: a symbolic link to {shown(os.readlink(path), 200)}, which does not exist"
            ) from None
        return None
    except OSError as exc:
        raise ModelError(f"{name} cannot be read ({cause(exc.strerror or exc)})") from None
    fh = os.fdopen(fd, "rb")
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
        fh.close()
        if not stat.S_ISREG(st.st_mode):
            raise ModelError(f"{name} is {_kind(st.st_mode)}; expected a regular file")
        raise ModelError(f"{name} is {st.st_size:,} bytes; expected at most {limit:,}")
    return fh


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests arrays or objects more than ``limit`` levels deep."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((x, depth + 1) for x in children if isinstance(x, (dict, list)))
    return False


def read_json(
    folder: Path, name: str, limit: int, links_out: bool = False, optional: bool = False
) -> dict | None:
    """The JSON object in ``folder/name``; None if ``optional`` and there is no such file."""
    fh = open_file(folder, name, limit, links_out)
    if fh is None:
        if optional:
            return None
        raise ModelError(f"{name} missing")
    with fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:  # grown since it was measured
        raise ModelError(f"{name} is more than {limit:,} bytes; expected at most {limit:,}")
    nested = (
        f"{name}: arrays or objects nested more than {JSON_DEPTH} levels deep; expected at "
        f"most {JSON_DEPTH}"
    )
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ModelError(nested) from None
    except ValueError as exc:  # also UnicodeDecodeError, and integers of too many digits
        raise ModelError(f"{name} is not valid JSON ({cause(exc)})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{name} holds {shown(data, 30)}; expected a JSON object")
    if _too_deep(data, JSON_DEPTH):
        raise ModelError(nested)
    try:  # an escaped lone surrogate ("\ud800") is no character, and no output can print it
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ModelError(
            f"{name} holds {shown(exc.object[exc.start : exc.end])}, half of a UTF-16 pair; "
            "expected Unicode text"
        ) from None
    return data
