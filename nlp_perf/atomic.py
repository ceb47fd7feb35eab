"""Write a file or a folder beside its target and rename it into place.

Everything nlp_perf writes for a user (``--out`` files, the HTML pages' folder, a trained
model) and for itself (the segmenter's dictionary cache) goes through here, so a run that
fails, is interrupted (Ctrl-C, SIGTERM) or fills the disk leaves the old file or folder whole,
or none at all, and never half of one.  The temporary is a hidden name beside the target
(``.NAME.XXXX.part``), on the same file system, so the rename is atomic; it is removed when the
write does not finish.  Files get the permissions the user's umask gives a new file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["replacing_file", "replacing_folder"]

PART = ".part"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replacing_file(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target`` to write; renamed over ``target`` when the block
    ends normally, removed when it raises (including KeyboardInterrupt)."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.chmod(0o666 & ~_umask())  # mkstemp makes it private to the user
        yield tmp
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def replacing_folder(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary folder beside ``target`` to fill; put in place of ``target`` (a folder or
    a file, replaced whole) when the block ends normally, removed when it raises."""
    target = Path(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=PART, dir=target.parent))
    try:
        tmp.chmod(0o777 & ~_umask())
        yield tmp
        if target.exists() or target.is_symlink():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            target.rename(old / target.name)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
