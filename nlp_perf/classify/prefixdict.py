"""jieba's prefix dictionary kept in a file of nlp_perf's, handed to a tokenizer by the piece.

Loading jieba's own cache (a marshal dump of its prefix dictionary, 498,000 words and word
prefixes) takes about 0.8 s and 60 MB, most of classifying one report.  The same dictionary is
therefore also kept in a plain file (:data:`PREFIX_CACHE`), grouped by first character, and
put into a tokenizer's ``FREQ`` a group at a time, for the characters of the texts cut so
far.  jieba only ever looks up substrings of the text it cuts, so the words are those of the
full dictionary; ``total`` is the full dictionary's.  The file is written from jieba's own
dictionary the first time and is keyed by the jieba version and its ``dict.txt``: the key is
in the file's name (:meth:`PrefixDict.path_in`), so installs with different jiebas keep
different files side by side instead of overwriting one another's, and in its first line.
Whenever it is missing, stale or unreadable, jieba loads its whole dictionary itself.  It is
written beside its place and renamed into it, so a process never reads half a file.  Each
install of jieba (a new virtual environment, an upgrade) gets its own file, 18 MB with jieba's
own cache beside it: only the :data:`KEEP` most recently used are kept, so that alternating
installs keep theirs while the files of installs long gone are removed.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import logging
import operator
import os
import sys
import threading
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

from ..atomic import replacing_file

__all__ = ["PREFIX_CACHE", "PrefixDict"]

log = logging.getLogger(__name__)

PREFIX_CACHE = "jieba-prefix-dict.v1"
KEEP = 4  # dictionaries kept in a cache directory, the most recently used
JIEBA_SUFFIX = ".jieba.cache"  # jieba's own cache, beside nlp_perf's, under the same key


class PrefixDict:
    """jieba's prefix dictionary kept in :data:`PREFIX_CACHE`, handed out piece by piece.

    jieba looks words up only in its prefix dictionary ``FREQ``, and only substrings of the
    text it cuts (in ``get_DAG``, ``calc``, ``__cut_DAG``; ``add_word`` and ``suggest_freq``
    look up the word and its substrings).  A substring is a character of the text or starts
    with two adjacent characters of it, so ``fill`` puts into ``FREQ`` only the entries that
    are one of the text's characters or start with one of its character pairs: about 15,000
    of the 498,000 entries for a 6,000-character report.

    The file is one line of JSON (``key``, ``total``, ``firsts``: the entries' first characters,
    and the sizes of what follows), the entries in UTF-8 separated by newlines and grouped by
    their first two characters, ``seconds`` (UTF-8, per group its second character, or a
    newline for the group of a one-character entry), then arrays of 32-bit integers: the
    entries' counts, and where each group starts among the entries and in bytes, and where
    each first character starts among the groups.
    """

    def __init__(self, total: int, head: dict[str, Any], fh: BinaryIO) -> None:
        self.total = total
        self._blob = fh.read(head["bytes"])
        self._seconds = fh.read(head["seconds"]).decode("utf-8")
        self._counts = _ints(fh, head["words"])
        self._word_starts = _ints(fh, len(self._seconds) + 1)
        self._byte_starts = _ints(fh, len(self._seconds) + 1)
        self._first_starts = _ints(fh, len(head["firsts"]) + 1)
        if len(self._blob) != head["bytes"] or fh.read(1):
            raise ValueError("the prefix dictionary file is truncated or too long")
        self._firsts = {ch: i for i, ch in enumerate(head["firsts"])}
        self._done: set[str] = set()
        self._lock = threading.Lock()

    @staticmethod
    def key() -> str | None:
        """What the file must have been written from: jieba's version and its dict.txt."""
        import jieba

        try:
            stat = (Path(jieba.__file__).parent / "dict.txt").stat()
        except OSError:
            return None
        return f"jieba {jieba.__version__}; dict.txt {stat.st_size} {stat.st_mtime_ns}"

    @classmethod
    def path_in(cls, directory: Path) -> Path:
        """Where the dictionary of this jieba is kept in ``directory``: a name holding a hash
        of :meth:`key`."""
        key = cls.key() or ""
        return directory / f"{PREFIX_CACHE}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"

    @classmethod
    def read(cls, path: Path) -> PrefixDict | None:
        """The dictionary kept at ``path``, or None if it is missing, stale or malformed."""
        key = cls.key()
        if key is None or array.array("i").itemsize != 4:
            return None
        try:
            with open(path, "rb") as fh:
                head = json.loads(fh.readline())
                if head.get("key") != key or head.get("byteorder") != sys.byteorder:
                    return None
                found = cls(int(head["total"]), head, fh)
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: removed last
        return found

    @staticmethod
    def write(freq: dict[str, int], total: int, directory: Path) -> None:
        """Keep jieba's prefix dictionary ``freq`` in ``directory`` (atomically), if possible."""
        key = PrefixDict.key()
        if key is None or array.array("i").itemsize != 4:
            return
        if not freq or any(not w or "\n" in w for w in freq) or max(freq.values()) >= 2**31:
            return
        firsts, seconds, chunks = [], [], []
        counts, word_starts, byte_starts, first_starts = (array.array("i") for _ in range(4))
        offset = 0
        for (first, second), group in groupby(sorted(freq, key=_group_key), key=_group_key):
            words = list(group)
            if not firsts or firsts[-1] != first:
                firsts.append(first)
                first_starts.append(len(seconds))
            seconds.append(second or "\n")
            word_starts.append(len(counts))
            byte_starts.append(offset)
            chunks.append("\n".join(words).encode("utf-8"))
            counts.extend(freq[w] for w in words)
            offset += len(chunks[-1]) + 1
        word_starts.append(len(counts))
        byte_starts.append(offset)
        first_starts.append(len(seconds))
        blob = b"\n".join(chunks)
        second_bytes = "".join(seconds).encode("utf-8")
        head = {
            "key": key,
            "byteorder": sys.byteorder,
            "total": total,
            "firsts": "".join(firsts),
            "words": len(counts),
            "bytes": len(blob),
            "seconds": len(second_bytes),
        }
        target = PrefixDict.path_in(directory)
        try:
            with replacing_file(target) as tmp, open(tmp, "wb") as fh:
                fh.write(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n")
                fh.write(blob)
                fh.write(second_bytes)
                for ints in (counts, word_starts, byte_starts, first_starts):
                    ints.tofile(fh)
        except OSError as exc:
            log.debug("cannot write %s: %s", target, exc)
            return
        _remove_old(directory)

    def fill(self, freq: dict[str, int], text: str) -> None:
        """Put into ``freq`` the entries that cutting ``text`` can look up, if not there yet."""
        keys = set(text).union(map(operator.add, text, text[1:])) - self._done
        if not keys:
            return
        with self._lock:
            for key in keys - self._done:
                first = self._firsts.get(key[0])
                if first is None:
                    continue
                start, end = self._first_starts[first], self._first_starts[first + 1]
                g = self._seconds.find(key[1] if len(key) == 2 else "\n", start, end)
                if g < 0:
                    continue
                words = self._blob[self._byte_starts[g] : self._byte_starts[g + 1] - 1]
                counts = self._counts[self._word_starts[g] : self._word_starts[g + 1]]
                freq.update(zip(words.decode("utf-8").split("\n"), counts))
            self._done |= keys


def _remove_old(directory: Path) -> None:
    """Remove all but the :data:`KEEP` most recently used dictionaries in ``directory``, each
    with jieba's cache beside it."""
    kept = []
    for p in directory.glob(f"{PREFIX_CACHE}-*"):
        if not p.name.endswith(JIEBA_SUFFIX):
            with contextlib.suppress(OSError):
                kept.append((p.stat().st_mtime, p))
    for _, p in sorted(kept, reverse=True)[KEEP:]:
        for old in (p, p.with_name(p.name + JIEBA_SUFFIX)):
            with contextlib.suppress(OSError):
                old.unlink()


def _group_key(word: str) -> tuple[str, str]:
    return word[0], word[1:2]


def _ints(fh: BinaryIO, n: int) -> array.array:
    out = array.array("i")
    out.fromfile(fh, n)
    return out
