"""Word segmentation with a private jieba Tokenizer and the domain user dictionary.

jieba is imported lazily, the global ``jieba.dt`` is never touched, and jieba's dictionary
cache lives in a per-user cache directory rather than the shared temp directory.  jieba logs
while it builds its prefix dictionary; that chatter is held back while this module loads it.

Loading jieba's own cache (a marshal dump of its prefix dictionary, 498,000 words and word
prefixes) takes about 0.8 s and 60 MB, most of classifying one report.  The same dictionary is
therefore also kept in a plain file (:data:`PREFIX_CACHE`), grouped by first character, and
put into the tokenizer's ``FREQ`` a group at a time, for the characters of the texts cut so
far.  jieba only ever looks up substrings of the text it cuts, so the words are those of the
full dictionary; ``total`` is the full dictionary's.  The file is written from jieba's own
dictionary the first time and is keyed by the jieba version and its ``dict.txt``; whenever it
is missing, stale or unreadable, jieba loads its whole dictionary itself.

rjieba (the Rust port of jieba) was measured and not adopted: it splits runs such as ``0-0-0``
and some rare CJK characters differently from jieba, which would change the model's feature
strings (see docs/performance.md).
"""

from __future__ import annotations

import array
import contextlib
import json
import logging
import operator
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["Segmenter", "get_segmenter", "cache_dir", "PREFIX_CACHE"]

log = logging.getLogger(__name__)

PREFIX_CACHE = "jieba-prefix-dict.v1"
_lock = threading.Lock()
_segmenter: Segmenter | None = None


def cache_dir() -> Path:
    """The per-user cache directory of nlp_perf (``$NLP_PERF_CACHE`` overrides it)."""
    if os.environ.get("NLP_PERF_CACHE"):
        return Path(os.environ["NLP_PERF_CACHE"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nlp_perf"


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    old = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(old)


class Segmenter:
    """Cuts text into words with a private ``jieba.Tokenizer`` and the user dictionary."""

    def __init__(self, user_dict: str | None = None) -> None:
        import jieba

        self._tokenizer: Any = jieba.Tokenizer()
        directory = cache_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._tokenizer.tmp_dir = str(directory)
        except OSError:
            # No writable cache: jieba then rebuilds its prefix dictionary in memory each run.
            self._tokenizer.tmp_dir = None
            self._tokenizer.cache_file = os.devnull
        with _quiet("jieba"):
            self._prefixes = _PrefixDict.read(directory / PREFIX_CACHE)
            if self._prefixes is None:
                self._tokenizer.initialize()
                _PrefixDict.write(self._tokenizer.FREQ, self._tokenizer.total, directory)
            else:
                self._tokenizer.FREQ = {}
                self._tokenizer.total = self._prefixes.total
                self._tokenizer.initialized = True
            if user_dict is None:
                ref = resources.files("nlp_perf") / "data" / "userdict.txt"
                with resources.as_file(ref) as path:
                    self._load_userdict(path)
            else:
                self._load_userdict(Path(user_dict))

    def _load_userdict(self, path: Path) -> None:
        # jieba's entries that the user's words can touch go in first, so that the user's
        # frequencies replace jieba's and are never replaced by entries put in later.
        if self._prefixes is not None:
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:  # jieba says the dictionary must be UTF-8
                text = ""
            self._prefixes.fill(self._tokenizer.FREQ, text)
        self._tokenizer.load_userdict(str(path))

    def cut(self, text: str) -> list[str]:
        """Return the words of ``text`` (jieba's accurate mode, HMM on), spaces dropped."""
        if self._prefixes is not None:
            self._prefixes.fill(self._tokenizer.FREQ, text)
        return [w for w in self._tokenizer.lcut(text, HMM=True) if not w.isspace()]


class _PrefixDict:
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
    def read(cls, path: Path) -> _PrefixDict | None:
        """The dictionary kept at ``path``, or None if it is missing, stale or malformed."""
        key = cls.key()
        if key is None or array.array("i").itemsize != 4:
            return None
        try:
            with open(path, "rb") as fh:
                head = json.loads(fh.readline())
                if head.get("key") != key or head.get("byteorder") != sys.byteorder:
                    return None
                return cls(int(head["total"]), head, fh)
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError):
            return None

    @staticmethod
    def write(freq: dict[str, int], total: int, directory: Path) -> None:
        """Keep jieba's prefix dictionary ``freq`` in ``directory`` (atomically), if possible."""
        key = _PrefixDict.key()
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
        try:
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=PREFIX_CACHE)
        except OSError as exc:
            log.debug("cannot write to %s: %s", directory, exc)
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n")
                fh.write(blob)
                fh.write(second_bytes)
                for ints in (counts, word_starts, byte_starts, first_starts):
                    ints.tofile(fh)
            os.replace(tmp, directory / PREFIX_CACHE)
        except OSError as exc:
            log.debug("cannot write %s: %s", directory / PREFIX_CACHE, exc)
            with contextlib.suppress(OSError):
                os.unlink(tmp)

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


def _group_key(word: str) -> tuple[str, str]:
    return word[0], word[1:2]


def _ints(fh: BinaryIO, n: int) -> array.array:
    out = array.array("i")
    out.fromfile(fh, n)
    return out


def get_segmenter() -> Segmenter:
    """The process's segmenter with the packaged user dictionary, created on first use."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            _segmenter = Segmenter()
        return _segmenter
