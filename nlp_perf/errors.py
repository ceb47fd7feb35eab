"""Exceptions raised by nlp_perf; the CLI turns each into one line ``error: FILE: cause``."""

from __future__ import annotations

__all__ = ["NlpPerfError", "InputError", "ModelError", "CorpusError", "one_line"]


class NlpPerfError(Exception):
    """Base class of every error nlp_perf raises on bad input."""


class InputError(NlpPerfError):
    """A report file that cannot be read or holds no report text."""


class ModelError(NlpPerfError):
    """A model directory that is missing, malformed or of an unknown format."""


class CorpusError(NlpPerfError):
    """A labelled corpus that cannot be used for training or evaluation."""


def one_line(exc: BaseException, limit: int = 200) -> str:
    """What a third-party library's ``exc`` says, on one line and cut to ``limit`` characters
    (parsers quote whole objects); empty when it says nothing."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
