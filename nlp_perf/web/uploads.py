"""Receiving an uploaded report: size-capped while it streams in, saved under a random name.

The file is written under a random name in the session's temporary folder, never under the
name the browser sent (that name is only shown), so its kind is told by the readers from its
content alone (:func:`nlp_perf.read.read_document`), never by its name or extension; it is
removed once it has been classified.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_LIMITS", "Limits", "UploadError", "display_name", "receive"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one server accepts: bytes per file and per batch, files per batch, and the seconds
    one file may take to be read and classified."""

    file_bytes: int = 50 * MB
    batch_bytes: int = 1024 * MB
    batch_files: int = 2000
    seconds: float = 120.0


DEFAULT_LIMITS = Limits()


class UploadError(Exception):
    """An upload refused before classification, with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def display_name(name: str) -> str:
    """The name the browser sent, made safe to show: control characters and ``.``/``..``
    parts dropped, trimmed to 200 characters; a folder upload keeps its relative path (for
    showing only: no name is ever used as a path)."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    parts = [p.strip() for p in name.split("/") if p.strip() not in ("", ".", "..")]
    return "/".join(parts)[-200:] or "report"


def _size_words(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n:,} bytes"


async def receive(
    chunks: AsyncIterator[bytes], folder: Path, declared: int | None, room: int, limit: int
) -> tuple[Path, int]:
    """Write the upload's ``chunks`` to a new random file in ``folder``; return its path and
    its size.  ``room`` is what the batch still takes, ``limit`` a file's most.

    Raises UploadError: 413 over a limit (told by the declared length before reading when it
    can), 422 empty.  Nothing is left behind when it raises; the readers judge the rest."""
    cap = min(limit, room)
    if declared is not None and declared > cap:
        raise UploadError(413, _too_big(declared, limit, room))
    fd, name = tempfile.mkstemp(dir=folder)
    path, size = Path(name), 0
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > cap:
                    raise UploadError(413, _too_big(size, limit, room))
                out.write(chunk)
        if size == 0:
            raise UploadError(422, "empty file")
        return path, size
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _too_big(size: int, limit: int, room: int) -> str:
    if size > limit:
        return f"larger than {_size_words(limit)}, the most one file may be"
    return f"the batch is full: it takes {_size_words(max(room, 0))} more; start a new batch"
