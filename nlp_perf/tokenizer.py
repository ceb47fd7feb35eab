"""Word segmentation with a private jieba Tokenizer and the domain user dictionary.

jieba is imported lazily, the global ``jieba.dt`` is never touched, and jieba's dictionary
cache lives in a per-user cache directory rather than the shared temp directory.  jieba logs
while it builds its prefix dictionary; that chatter is held back while this module loads it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["Segmenter", "get_segmenter", "cache_dir"]

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
            self._tokenizer.initialize()
            if user_dict is None:
                ref = resources.files("nlp_perf") / "data" / "userdict.txt"
                with resources.as_file(ref) as path:
                    self._tokenizer.load_userdict(str(path))
            else:
                self._tokenizer.load_userdict(user_dict)

    def cut(self, text: str) -> list[str]:
        """Return the words of ``text`` (jieba's accurate mode, HMM on), spaces dropped."""
        return [w for w in self._tokenizer.lcut(text, HMM=True) if not w.isspace()]


def get_segmenter() -> Segmenter:
    """The process's segmenter with the packaged user dictionary, created on first use."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            _segmenter = Segmenter()
        return _segmenter
