"""A model's arrays kept unpacked in the cache directory, so that a new process reads them
instead of inflating weights.npz again.

Inflating the shipped model's weights.npz (8.5 MB packed, 21 MB of arrays) and checking its
zip CRCs takes about 0.07 s, a tenth of a cold run of one report; reading the same arrays
unpacked takes a few milliseconds.  An entry is made the first time a model is loaded and is
used only for the very same weights.npz:

- **Keyed by content.**  The key is the SHA-256 of weights.npz (5 ms for the shipped model),
  in the entry's name and in its first line, so a model changed in any way, or another model,
  never reads another's arrays, and two installs (virtual environments, versions of numpy)
  share an entry instead of overwriting each other's.
- **Checked as the model is.**  An entry is one line of JSON (key, byte order, each array's
  name, dtype, shape and offset) and the arrays' bytes.  An entry of another size than its
  header says, or whose arrays are not those the caller expects (names, shapes), is not
  used; the caller checks the values of what is read as it checks weights.npz's
  (:func:`nlp_perf.classify.modelcheck.read_weights`), and reads weights.npz itself when they
  fail.  Only arrays that passed those checks are written.
- **Written whole, kept few.**  An entry is written beside its place and renamed into it
  (:mod:`nlp_perf.atomic`); at most :data:`KEEP` entries are kept, the least recently used
  removed.  A small weights.npz (under :data:`MIN_BYTES`, e.g. a test's model) inflates in no
  time and is not kept.  Without a writable cache directory nothing is kept and the model
  loads as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..atomic import replacing_file

__all__ = ["KEEP", "MIN_BYTES", "WEIGHT_CACHE", "WeightCache"]

log = logging.getLogger(__name__)

WEIGHT_CACHE = "weights"  # entries are named weights-<SHA-256 of weights.npz>.v1
KEEP = 3
MIN_BYTES = 1_000_000
_ALIGN = 64
_HEAD_BYTES = 1_000_000  # an entry's first line is at most this long


def _digest(fh: BinaryIO) -> str:
    h = hashlib.sha256()
    fh.seek(0)
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
    fh.seek(0)
    return h.hexdigest()


class WeightCache:
    """The cache entry of one weights.npz: :meth:`read` its arrays, or :meth:`write` them."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.key = key
        self.path = directory / f"{WEIGHT_CACHE}-{key}.v1"

    @classmethod
    def of(cls, fh: BinaryIO, size: int) -> WeightCache | None:
        """The entry of the weights.npz open in ``fh`` (``size`` bytes; left at its start),
        or None for a file too small to be worth keeping."""
        if size < MIN_BYTES:
            return None
        from .tokenizer import cache_dir

        return cls(cache_dir(), _digest(fh))

    def read(self, shapes: Mapping[str, tuple[int, ...]]) -> dict[str, np.ndarray] | None:
        """The arrays kept for this weights.npz, if there is a whole entry holding exactly
        the arrays named in ``shapes``, of those shapes; else None."""
        arrays = {}
        try:
            with open(self.path, "rb") as fh:
                head = json.loads(fh.readline(_HEAD_BYTES))
                start = fh.tell()
                layout = self._layout(head, shapes, os.fstat(fh.fileno()).st_size - start)
                if layout is None:
                    return None
                for name, (dtype, shape, offset) in layout.items():
                    # an array of its own (the model keeps some, drops others), writable as
                    # numpy's load gives it
                    data = np.empty(int(np.prod(shape)) * dtype.itemsize, np.uint8)
                    fh.seek(start + offset)
                    if fh.readinto(memoryview(data)) != len(data):
                        return None
                    arrays[name] = data.view(dtype).reshape(shape)
        except (OSError, ValueError):  # missing, unreadable, or no JSON line: not kept
            return None
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: removed last
        return arrays

    def _layout(
        self, head: object, shapes: Mapping[str, tuple[int, ...]], size: int
    ) -> dict[str, tuple[np.dtype, tuple[int, ...], int]] | None:
        """Each array's dtype, shape and offset from the entry's header, if the header is this
        entry's and describes ``size`` bytes of exactly the arrays expected."""
        if not isinstance(head, dict) or head.get("key") != self.key:
            return None
        if head.get("byteorder") != sys.byteorder or not isinstance(head.get("arrays"), list):
            return None
        layout, end = {}, 0
        try:
            for name, dtype, shape, offset in head["arrays"]:
                dtype, shape = np.dtype(dtype), tuple(shape)
                if dtype.hasobject or not dtype.isnative or name in layout:
                    return None
                if shapes.get(name) != shape or offset < end or offset % _ALIGN:
                    return None
                layout[name] = (dtype, shape, offset)
                end = offset + int(np.prod(shape)) * dtype.itemsize
        except (TypeError, ValueError):
            return None
        return layout if set(layout) == set(shapes) and end == size else None

    def write(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Keep ``arrays`` (checked, in native byte order) for this weights.npz, if the cache
        directory can be written; then remove all but the :data:`KEEP` most recently used."""
        listed, offset = [], 0
        for name, array in arrays.items():
            offset += -offset % _ALIGN
            listed.append([name, array.dtype.str, list(array.shape), offset])
            offset += array.nbytes
        head = {"key": self.key, "byteorder": sys.byteorder, "arrays": listed}
        line = json.dumps(head).encode("ascii") + b"\n"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with replacing_file(self.path) as tmp, open(tmp, "wb") as fh:
                fh.write(line)
                at = 0
                for (_, _, _, start), array in zip(listed, arrays.values()):
                    fh.write(b"\0" * (start - at))
                    fh.write(np.ascontiguousarray(array).tobytes())
                    at = start + array.nbytes
        except OSError as exc:
            log.debug("cannot write %s: %s", self.path, exc)
            return
        self._remove_old()

    def _remove_old(self) -> None:
        entries = []
        for p in self.directory.glob(f"{WEIGHT_CACHE}-*.v1"):
            with contextlib.suppress(OSError):
                entries.append((p.stat().st_mtime, p))
        for _, p in sorted(entries, reverse=True)[KEEP:]:
            with contextlib.suppress(OSError):
                p.unlink()
