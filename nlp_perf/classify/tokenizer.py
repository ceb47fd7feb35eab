"""Word segmentation: jieba's words, with a private tokenizer and the domain user dictionary.

jieba is imported lazily, the global ``jieba.dt`` is never touched, and jieba's dictionary
caches live in a per-user cache directory rather than the shared temp directory (see
:mod:`nlp_perf.classify.prefixdict` for how the dictionary is loaded by the piece).  jieba logs while
it builds its prefix dictionary; that chatter is held back.

Two engines give the same words.  jieba (pure Python) is the reference and starts fast.
rjieba, the Rust port of jieba (same dictionary, same algorithm), cuts about nine times faster
but takes 0.2 s to start, so a segmenter switches to it once it has cut enough text for that to
pay (:data:`FAST_AFTER` characters; a batch of reports, not one report).  Where the two differ,
rjieba is not used: the segmenter splits a text into runs exactly as ``jieba.Tokenizer.cut``
does, gives rjieba only runs of jieba's own word characters, and leaves to jieba the runs in
which rjieba would keep letters and digits joined by ``-``, ``_`` or ``.`` (``0-0``, ``a_b``,
``0.4zz``), which jieba cuts apart.  ``tests/test_speed_engines.py`` checks both engines on
every sentence of the corpus and on random texts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from .prefixdict import JIEBA_SUFFIX, PREFIX_CACHE, PrefixDict

__all__ = ["ENGINES", "FAST_AFTER", "PREFIX_CACHE", "Segmenter", "cache_dir", "get_segmenter"]

ENGINES = ("auto", "jieba", "rjieba")
# Characters an "auto" segmenter cuts with jieba before it starts rjieba: about the text jieba
# cuts in the 0.2 s rjieba takes to start (importing it builds rjieba's global tokenizer too).
FAST_AFTER = 40_000
# Runs of word characters that rjieba cuts unlike jieba: letters and digits joined by these.
_RJIEBA_DIFFERS = re.compile(r"[-_.]")

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
    """Cuts text into jieba's words (accurate mode, HMM on) with a user dictionary.

    ``engine`` is ``"auto"`` (jieba, then rjieba once :data:`FAST_AFTER` characters have
    been cut, if rjieba can be used), ``"jieba"``, or ``"rjieba"`` (from the start; an
    ImportError naming the reason if it cannot be used).  The words are the same whichever
    engine cuts them.
    """

    def __init__(
        self, user_dict: str | os.PathLike[str] | None = None, engine: str = "auto"
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        import jieba

        self._runs, self._tokenizer = jieba.re_han_default, jieba.Tokenizer()
        # (word, frequency, the frequency it replaced) for each word the user dictionary adds
        self._user_words: list[tuple[str, int, int]] = []
        self._rjieba: Any = None
        self._auto, self._jieba_chars, self._lock = engine == "auto", 0, threading.Lock()
        directory = cache_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._tokenizer.tmp_dir = str(directory)
            # jieba's own cache, read when nlp_perf's is missing, under the same key
            self._tokenizer.cache_file = PrefixDict.path_in(directory).name + JIEBA_SUFFIX
        except OSError:
            # No writable cache: jieba then rebuilds its prefix dictionary in memory each run.
            self._tokenizer.tmp_dir = None
            self._tokenizer.cache_file = os.devnull
        with _quiet("jieba"):
            self._prefixes = PrefixDict.read(PrefixDict.path_in(directory))
            if self._prefixes is None:
                self._tokenizer.initialize()
                PrefixDict.write(self._tokenizer.FREQ, self._tokenizer.total, directory)
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
        if engine == "rjieba":
            why = self._start_rjieba()
            if why is not None:
                raise ImportError(f"engine 'rjieba' cannot be used: {why}")

    @property
    def engine(self) -> str:
        """The engine cutting now: ``"jieba"`` or ``"rjieba"``."""
        return "jieba" if self._rjieba is None else "rjieba"

    def _load_userdict(self, path: Path) -> None:
        # jieba's entries that the user's words can touch go in first, so that the user's
        # frequencies replace jieba's and are never replaced by entries put in later.
        if self._prefixes is not None:
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:  # jieba says the dictionary must be UTF-8
                text = ""
            self._prefixes.fill(self._tokenizer.FREQ, text)
        tokenizer, add_word = self._tokenizer, self._tokenizer.add_word

        def recording_add_word(word: str, freq: Any = None, tag: Any = None) -> None:
            before = tokenizer.FREQ.get(word, 0)
            add_word(word, freq, tag)
            self._user_words.append((word, tokenizer.FREQ[word], before))

        tokenizer.add_word = recording_add_word  # shadows the method while the file loads
        try:
            tokenizer.load_userdict(str(path))
        finally:
            del tokenizer.add_word

    def _start_rjieba(self) -> str | None:
        """Start rjieba with the same words as jieba; the reason it cannot, or None."""
        if any(freq == 0 for _, freq, _ in self._user_words):
            # jieba forces such a word apart through a table of its own module
            return "the user dictionary has a word of frequency 0, which only jieba can force apart"
        try:
            import rjieba
        except ImportError:
            return "the rjieba package is not installed (pip install rjieba)"
        engine = rjieba.Jieba()
        for word, freq, _ in self._user_words:
            engine.add_word(word, freq, None)
        # jieba adds a user word's frequency to its total even when the word replaces one it
        # had; rjieba takes the old frequency off again.  A word no text can contain (runs
        # never hold NUL) makes up the difference, so both divide by the same total.
        replaced = sum(before for _, _, before in self._user_words)
        if replaced:
            engine.add_word("\0", replaced, None)
        self._rjieba = engine
        return None

    def start_fast(self) -> None:
        """Start rjieba now rather than after :data:`FAST_AFTER` characters (an "auto"
        segmenter about to cut a batch, e.g. before worker processes are forked from it)."""
        with self._lock:
            if self._rjieba is None and self._auto:
                self._auto = self._start_rjieba() is None

    def cut(self, text: str) -> list[str]:
        """Return the words of ``text`` (jieba's accurate mode, HMM on), spaces dropped."""
        if self._rjieba is None:
            if self._auto and self._jieba_chars >= FAST_AFTER:
                with self._lock:
                    if self._rjieba is None and self._auto:
                        self._auto = self._start_rjieba() is None
            if self._rjieba is None:
                self._jieba_chars += len(text)
                return self._jieba_cut(text)
        # re.split with one group: the text between runs, a run, the text between, …
        parts = self._runs.split(text)
        runs = parts[1::2]
        differs = _RJIEBA_DIFFERS.search(text) is not None and [
            _RJIEBA_DIFFERS.search(run) is not None for run in runs
        ]
        # rjieba's runs in one call, joined by NUL, which no run holds and rjieba cuts alone
        fast = [run for k, run in enumerate(runs) if not (differs and differs[k])]
        cut = iter(_split_at_nul(self._rjieba.cut("\0".join(fast), True)) if fast else ())
        words: list[str] = []
        for k, between in enumerate(parts[0::2]):
            if between:  # jieba yields it one character at a time, spaces in one piece
                words += [c for c in between if not c.isspace()]
            if k < len(runs):
                words += self._jieba_cut(runs[k]) if differs and differs[k] else next(cut)
        return words

    def _jieba_cut(self, text: str) -> list[str]:
        if self._prefixes is not None:
            self._prefixes.fill(self._tokenizer.FREQ, text)
        return [w for w in self._tokenizer.lcut(text, HMM=True) if not w.isspace()]


def _split_at_nul(words: list[str]) -> list[list[str]]:
    """The words between the NULs of ``words``."""
    ends = [i for i, w in enumerate(words) if w == "\0"]
    return [words[a:b] for a, b in zip([0] + [e + 1 for e in ends], ends + [len(words)])]


def get_segmenter() -> Segmenter:
    """The process's segmenter with the packaged user dictionary, created on first use."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            _segmenter = Segmenter()
        return _segmenter
