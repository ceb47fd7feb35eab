"""The shape of a sentence as features: the numbers, units and years it holds, its form.

Each shape is a key of :mod:`.keys` (``shape_key(kind, value)``): money, percent, score and
count words after a number (read in the normalised text, numbers made ``0``), a year and a
placeholder (in the text as written), how many numbers, the outline level of its marker, a
table row's cells and how many of them are numbers, how it ends, its length, and whether it
reads like a heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..chars import PLACEHOLDER_HINT
from . import keys as fk

__all__ = ["JOIN", "sentence_flags", "shape_keys"]

# The normalised sentences of a report are joined by this to be read at once: no pattern
# here can match across it.
JOIN = " \0 "

_MONEY = re.compile(r"0\s*(万元|元|亿元|万)")
_PERCENT = re.compile(r"0\s*%")
_SCORE = re.compile(r"0\s*分|得分|分值")
_COUNT = re.compile(
    r"0\s*(余|多)?\s*(次|项|人次|件|个|名|场|户|人|所|家|处|期|批|篇|条|亩|公里|km)"
)
_YEAR = re.compile(r"(19|20)\d\d\s*年")
_CELL_BREAK = re.compile(r"[\t|\n]")
_NUMERIC_CELL = re.compile(r"[-+≥≤<>约]?0\s*(%|万元|元|分|万)?")

_FLAGS_OF_NORMALIZED = (_MONEY, _PERCENT, _SCORE, _COUNT)  # FLAGS 0-3
_FLAGS_OF_RAW = (_YEAR, PLACEHOLDER_HINT)  # FLAGS 4-5
_ROW, _LAST_NUMBER, _HEADLIKE = 6, 7, 8
_ENDING = {"。": 0, "；": 1, ";": 1, "：": 2, ":": 2, "，": 3}


def sentence_flags(
    texts: Sequence[str], norms: Sequence[str], joined: str | None
) -> list[list[int]]:
    """The flags (money, percent, score, count: in the normalised text; year, placeholder: in
    the text) each sentence holds.  With ``joined``, the normalised sentences joined as
    :mod:`.features` joins them, each pattern is searched once in the whole report (none can
    match across the join) and its matches are given to their sentences."""
    if joined is None:
        return [
            [k for k, rx in enumerate(_FLAGS_OF_NORMALIZED) if rx.search(norm)]
            + [4 + k for k, rx in enumerate(_FLAGS_OF_RAW) if rx.search(raw)]
            for raw, norm in zip(texts, norms)
        ]
    out: list[list[int]] = [[] for _ in texts]
    raw = "\0".join(texts)
    norm_starts = np.cumsum([0] + [len(x) + len(JOIN) for x in norms[:-1]])
    raw_starts = np.cumsum([0] + [len(x) + 1 for x in texts[:-1]])
    for flag, (rx, text, starts) in enumerate(
        [(rx, joined, norm_starts) for rx in _FLAGS_OF_NORMALIZED]
        + [(rx, raw, raw_starts) for rx in _FLAGS_OF_RAW]
    ):
        found = [m.start() for m in rx.finditer(text)]
        if found:
            for i in np.unique(np.searchsorted(starts, found, side="right") - 1).tolist():
                out[i].append(flag)
    return out


def shape_keys(raw: str, norm: str, level: int | None, flags: list[int]) -> list[int]:
    """The shape keys of one sentence (:func:`~.keys.shape_key`), given its ``flags``."""
    out = [fk.shape_key(fk.FLAG, k) for k in flags]
    out.append(fk.shape_key(fk.NUMBERS, min(norm.count("0"), 6)))
    stripped = raw.strip()
    out.append(fk.shape_key(fk.MARKER, level + 1 if level is not None else 0))
    if "\t" in stripped or "|" in stripped:  # a PDF line joined to the next is no row
        out.append(fk.shape_key(fk.FLAG, _ROW))
        cells = [c.strip() for c in _CELL_BREAK.split(norm) if c.strip()]
        out.append(fk.shape_key(fk.CELLS, min(len(cells), 8)))
        numeric = [bool(_NUMERIC_CELL.fullmatch(c)) for c in cells]
        if numeric and numeric[-1]:
            out.append(fk.shape_key(fk.FLAG, _LAST_NUMBER))
        out.append(fk.shape_key(fk.ROW_NUMBERS, min(sum(numeric), 4)))
    out.append(fk.shape_key(fk.END_MARK, _ENDING.get(stripped[-1:], 4)))
    length = len(stripped)
    bucket = (
        0 if length < 10 else 1 if length < 20 else 2 if length < 40 else 3 if length < 80 else 4
    )
    out.append(fk.shape_key(fk.LENGTH, bucket))
    if level is not None and length <= 45 and not any(c in stripped[:-1] for c in "。；;"):
        out.append(fk.shape_key(fk.FLAG, _HEADLIKE))
    return out
