"""Turn the sentences of one report into the integer features of the linear model.

A sentence is described by the words jieba finds in it, its character n-grams, the words of
the heading it sits under, the shape of its numbers and units, its form (heading, table row,
list item), its position in the report and the words of its neighbours.  Each group can be
switched off in :class:`FeatureConfig`, so each can be measured.

:func:`featurize` gives a report's features as 64-bit keys (:mod:`.keys`) with the sentence
each belongs to, built per report in numpy: one dictionary look-up per word gives its id, and
bigram, heading, neighbour, shape and character n-gram keys are combined from ids and code
points arithmetically.  Training (TF-IDF and logistic regression over a sparse matrix of these
keys, :mod:`nlp_perf.training`) and classification (plain numpy, :mod:`.model`) call the same
function, so a model reads exactly what it was trained on.  :func:`featurize_document` names
the same features as strings for people.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..text.markers import heading_level, strip_marker
from ..text.outline import SECTION_SEPARATOR
from . import keys as fk
from .keys import WordTable
from .modelfiles import shown
from .shapes import JOIN, sentence_flags, shape_keys
from .tokenizer import Segmenter, get_segmenter

__all__ = [
    "FeatureConfig",
    "FeatureRows",
    "char_orders",
    "featurize",
    "featurize_document",
    "normalize",
]

_NUMBER = re.compile(r"(?:\d[\d,]*(?:\.\d+)?|[*＊]+(?:\.[*＊]+)?|××+|[xX]{2,})")
_PUNCT = re.compile(r"^[\W_]+$")
_SPACES = re.compile(r"\s+")
_WRAP = re.compile(r"(?<=\S)(?:\r\n|\n|\r)(?=\S)")


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature groups to compute; stored in the model so classification matches."""

    words: bool = True
    word_bigrams: bool = True
    char_min: int = 1
    char_max: int = 3
    section: bool = True
    shapes: bool = True
    position: bool = False
    neighbours: bool = True
    # Section words keep the heading's marker (三、 → "三"): our templates' numbering.
    heading_numbers: bool = False
    # A sentence under no heading gets the feature "s:<none>".
    section_none: bool = False
    # A second pass reads each sentence beside its neighbours' first-pass labels
    # (nlp_perf.classify.context).
    context: bool = True

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> FeatureConfig:
        """Settings read from a model file; a setting the file predates takes the value
        models had before it existed, so an older model is featurized as it was trained.

        A setting of the wrong type (a switch is true or false, not 1 or "true"), out of
        bounds, or unknown to this version (it would change what the model reads) is a
        ValueError of one line that starts with the setting's name: ``char_max is 9;
        expected ...``."""
        settings = {f.name: f.default for f in fields(cls)}
        for key in data:
            if key not in settings:
                named = key if isinstance(key, str) and key.isidentifier() else shown(key)
                raise ValueError(
                    f"{named} is not a feature setting this nlp_perf knows; expected only "
                    f"{', '.join(settings)}"
                )
        values = {**_BEFORE_SETTING_EXISTED, **data}
        for key, default in settings.items():
            value = values.get(key, default)
            if isinstance(default, bool):
                if value is not True and value is not False:
                    raise ValueError(f"{key} is {shown(value)}; expected true or false")
            elif type(value) is not int or not 0 <= value <= MAX_CHAR_ORDER:
                none = " (no character n-grams)" if key == "char_max" else ""
                raise ValueError(
                    f"{key} is {shown(value)}; expected a whole number from 0{none} to "
                    f"{MAX_CHAR_ORDER}"
                )
        low, high = (values.get(k, settings[k]) for k in ("char_min", "char_max"))
        if high and low > high:
            raise ValueError(
                f"char_min is {low} and char_max {high}; expected char_min at most char_max "
                "(or char_max 0: no character n-grams)"
            )
        return cls(**values)


# The longest character n-grams a model may ask for: three code points fill a 64-bit key
# (:mod:`.keys`).
MAX_CHAR_ORDER = 3


# What models trained before a setting existed did.
_BEFORE_SETTING_EXISTED = {
    "position": True,
    "heading_numbers": True,
    "section_none": True,
    "context": False,
}


def normalize(text: str) -> str:
    """Full-width forms to half-width, lower case, numbers and placeholders to ``0``; the
    line break inside a sentence a PDF wrapped is taken out, so its words are whole."""
    text = _WRAP.sub("", unicodedata.normalize("NFKC", text)).lower()
    text = text.replace("×", "*")
    return _NUMBER.sub("0", text.replace("xx", "**"))


def _kept(word: str) -> bool:
    """Whether a word is a feature: not punctuation (a word starting with a letter or digit
    never is: the quick test for nearly every word)."""
    return word[:1].isalnum() or not _PUNCT.match(word) or word in "%"


def _words(segmenter: Segmenter, norm: str) -> list[str]:
    return [w for w in segmenter.cut(norm) if _kept(w)]


def char_orders(config: FeatureConfig) -> range:
    """The lengths of the character n-grams ``config`` asks for (none when char_max is 0)."""
    return range(config.char_min, config.char_max + 1) if config.char_max else range(0)


class FeatureRows(NamedTuple):
    """The features of ``n`` sentences: ``keys[j]`` (:mod:`.keys`) is a feature of sentence
    ``row[j]``, once per occurrence, in no particular order."""

    n: int
    row: np.ndarray  # int64
    keys: np.ndarray  # uint64

    def of(self, i: int) -> np.ndarray:
        """The keys of sentence ``i``."""
        return self.keys[self.row == i]


# Sentences normalised together are joined by this; a sentence holding NUL is read alone.


class _Text(NamedTuple):
    """A report's sentences read once: normalised (``norms``), cut into words (``words``, all
    sentences one after the other, ``lengths`` of each) and as code points plus one without
    white space (``codes``, of sentence ``owner``)."""

    norms: list[str]
    words: list[str]
    lengths: np.ndarray
    codes: np.ndarray
    owner: np.ndarray
    joined: str | None = None  # the normalised sentences joined by JOIN, if read at once

    @classmethod
    def of(cls, texts: Sequence[str], segmenter: Segmenter) -> _Text:
        """Normalised and cut in one call each for the whole report: the sentences joined by
        a space, NUL and a space, which no step of :func:`normalize` joins to a neighbour and
        no word holds (the words and text of each sentence are those it gets alone, tested)."""
        if not texts or any("\0" in t for t in texts):
            return cls.one_by_one(texts, segmenter)
        norm = normalize(JOIN.join(texts))
        norms = norm.split(JOIN)
        if len(norms) != len(texts):  # cannot happen; read them one by one then
            return cls.one_by_one(texts, segmenter)
        cut = [  # _kept, written out: a call per word would take a third of the time
            w
            for w in segmenter.cut(norm)
            if w[:1].isalnum() or w == "\0" or not _PUNCT.match(w) or w in "%"
        ]
        ends = [i for i, w in enumerate(cut) if w == "\0"]
        lengths = np.diff(np.array([-1, *ends, len(cut)], np.int64)) - 1
        codes = np.frombuffer(_SPACES.sub("", norm).encode("utf-32-le"), np.uint32)
        joins = codes == 0
        owner = np.cumsum(joins)[~joins]
        words = [w for w in cut if w != "\0"]
        codes = codes[~joins].astype(np.uint64) + np.uint64(1)
        return cls(norms, words, lengths, codes, owner, norm)

    @classmethod
    def one_by_one(cls, texts: Sequence[str], segmenter: Segmenter) -> _Text:
        """The same, each sentence on its own."""
        norms = [normalize(t) for t in texts]
        words = [_words(segmenter, x) for x in norms]
        compacts = [_SPACES.sub("", x) for x in norms]
        codes = np.frombuffer("".join(compacts).encode("utf-32-le"), np.uint32)
        owner = np.repeat(np.arange(len(texts)), [len(c) for c in compacts])
        return cls(
            norms,
            [w for ws in words for w in ws],
            np.array([len(ws) for ws in words], np.int64),
            codes.astype(np.uint64) + np.uint64(1),
            owner,
        )


class _Parts:
    """(row, key) arrays collected group by group."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.keys: list[np.ndarray] = []

    def add(self, rows: np.ndarray, keys: np.ndarray, known: np.ndarray | None = None) -> None:
        if known is not None:
            rows, keys = rows[known], keys[known]
        self.rows.append(rows.astype(np.int64, copy=False))
        self.keys.append(keys.astype(np.uint64, copy=False))

    def rows_of(self, n: int) -> FeatureRows:
        if not self.rows:
            return FeatureRows(n, np.zeros(0, np.int64), np.zeros(0, np.uint64))
        return FeatureRows(n, np.concatenate(self.rows), np.concatenate(self.keys))


def featurize(
    texts: Sequence[str],
    sections: Sequence[str] | None = None,
    config: FeatureConfig | None = None,
    table: WordTable | None = None,
    markers: Sequence[int | None] | None = None,
    place: tuple[int, int] | None = None,
    segmenter: Segmenter | None = None,
) -> FeatureRows:
    """The features of every sentence of one report (or of a part of it), given in order, as
    integer keys: the one way features are made, for training and for classifying.

    ``table``: the word ids (:class:`~.keys.WordTable`; a new growing one by default; a model's
    is frozen).  ``markers``: each sentence's marker level as the splitter found it
    (:attr:`nlp_perf.text.sentences.Sentence.marker`); read from the text when not given.
    ``place``: (the number of the first of ``texts`` in their report, the report's number of
    sentences) when ``texts`` are a part of a report (the position feature); by default they
    are the whole report.
    """
    config = config or FeatureConfig()
    table = table if table is not None else WordTable()
    segmenter = segmenter or get_segmenter()
    n = len(texts)
    sections = sections if sections is not None else [""] * n
    text = _Text.of(texts, segmenter)
    norms, lengths = text.norms, text.lengths
    ids = table.ids(text.words)
    sentence = np.repeat(np.arange(n), lengths)
    parts = _Parts()
    if config.words:
        parts.add(sentence, fk.tagged(fk.WORD, ids), ids >= 0)
        if config.word_bigrams:
            _bigrams(parts, ids, lengths)
    if config.section:
        _sections(parts, sections, config, table, segmenter)
    if config.shapes or config.position:
        _shape_rows(parts, texts, norms, text.joined, config, markers, place)
    if config.neighbours and n:
        _neighbours(parts, ids, sentence, lengths)
    _char_grams(parts, text.codes, text.owner, char_orders(config))
    return parts.rows_of(n)


def _bigrams(parts: _Parts, ids: np.ndarray, lengths: np.ndarray) -> None:
    """``b:`` features: each pair of adjacent words, the first after <s>, the last before </s>."""
    n = len(lengths)
    seq = np.empty(len(ids) + 2 * n, np.int64)
    ends = np.cumsum(lengths + 2) - 1  # where each sentence's </s> goes
    seq[ends - lengths - 1], seq[ends] = fk.BOS, fk.EOS
    seq[np.arange(len(ids)) + 2 * np.repeat(np.arange(n), lengths) + 1] = ids
    owner = np.repeat(np.arange(n), lengths + 2)
    pair = np.ones(len(seq) - 1, bool) if len(seq) else np.zeros(0, bool)
    pair[ends[:-1]] = False  # no pair across two sentences
    a, b = seq[:-1], seq[1:]
    known = pair & (a >= 0) & (b >= 0)
    keys = fk.tagged(fk.BIGRAM, (a.clip(0) << fk.WORD_BITS) | b.clip(0))
    parts.add(owner[:-1], keys, known)


@lru_cache(maxsize=8192)
def _title_words(segmenter: Segmenter, title: str, numbers: bool) -> list[str]:
    """The words of a heading (its marker kept with ``numbers``); headings recur from report
    to report, so they are cut once per process."""
    return _words(segmenter, normalize(title if numbers else strip_marker(title)))


def _sections(
    parts: _Parts,
    sections: Sequence[str],
    config: FeatureConfig,
    table: WordTable,
    segmenter: Segmenter,
) -> None:
    """Words of the nearest heading (``s:``) and of the top-level heading (``t:``)."""
    keys_of: dict[str, list[int]] = {}
    for path in dict.fromkeys(sections):
        if not path:
            keys_of[path] = [fk.NONE | fk.SECTION << fk.TAG_SHIFT] if config.section_none else []
            continue
        headings = path.split(SECTION_SEPARATOR)
        keys_of[path] = [
            i | tag << fk.TAG_SHIFT
            for tag, title in ((fk.SECTION, headings[-1]), (fk.TOP, headings[0]))
            for i in table.ids(_title_words(segmenter, title, config.heading_numbers)).tolist()
            if i >= 0
        ]
    per = [keys_of[path] for path in sections]
    rows = np.repeat(np.arange(len(per)), [len(k) for k in per])
    parts.add(rows, np.array([k for keys in per for k in keys], np.uint64))


def _shape_rows(
    parts: _Parts,
    texts: Sequence[str],
    norms: Sequence[str],
    joined: str | None,
    config: FeatureConfig,
    markers: Sequence[int | None] | None,
    place: tuple[int, int] | None,
) -> None:
    """Shape (``#``) features, and the position in the report (``joined``: see
    :func:`~.shapes.sentence_flags`)."""
    keys: list[int] = []
    counts: list[int] = []
    first, total = place or (0, len(texts))
    flags = sentence_flags(texts, norms, joined) if config.shapes else []
    for i, (raw, norm) in enumerate(zip(texts, norms)):
        feats = []
        if config.shapes:
            level = markers[i] if markers is not None else heading_level(raw)
            feats = shape_keys(raw, norm, level, flags[i])
        if config.position:
            feats.append(fk.shape_key(fk.POSITION, int(10 * (first + i) / total) if total else 0))
        keys += feats
        counts.append(len(feats))
    parts.add(np.repeat(np.arange(len(texts)), counts), np.array(keys, np.uint64))


def _neighbours(parts: _Parts, ids: np.ndarray, sentence: np.ndarray, lengths: np.ndarray) -> None:
    """The first six words of the sentence before (``p:``) and after (``n:``) each sentence."""
    n = len(lengths)
    starts = np.cumsum(lengths) - lengths
    head = (np.arange(len(ids)) - starts[sentence] < 6) & (ids >= 0)
    owner, head_ids = sentence[head], ids[head]
    later, earlier = owner + 1 < n, owner > 0
    parts.add(owner[later] + 1, fk.tagged(fk.PREV, head_ids[later]))
    parts.add(owner[earlier] - 1, fk.tagged(fk.NEXT, head_ids[earlier]))
    edges = [fk.tagged(fk.PREV, np.array([fk.START])), fk.tagged(fk.NEXT, np.array([fk.END]))]
    parts.add(np.array([0, n - 1]), np.concatenate(edges))


def _char_grams(parts: _Parts, codes: np.ndarray, owner: np.ndarray, orders: Sequence[int]) -> None:
    """``c:`` features: the character n-grams of each sentence's normalised text without
    white space, from its code points plus one (``codes``, of sentence ``owner``)."""
    for k in orders:
        m = len(codes) - k + 1
        if m <= 0:
            continue
        within = np.nonzero(owner[:m] == owner[k - 1 :])[0]  # inside one sentence
        parts.add(owner[within], fk.char_keys(codes, within, k))


def featurize_document(
    texts: Sequence[str],
    sections: Sequence[str] | None = None,
    config: FeatureConfig | None = None,
    segmenter: Segmenter | None = None,
) -> list[list[str]]:
    """The features of every sentence of one document, as the names people read (``w:预算``,
    ``c:预算``, ``#money`` …), sorted: :func:`featurize` made readable, for explaining and
    inspecting."""
    table = WordTable()
    rows = featurize(texts, sections, config, table, segmenter=segmenter)
    words = table.words
    out: list[list[str]] = [[] for _ in range(rows.n)]
    for i, key in zip(rows.row.tolist(), rows.keys.tolist()):
        out[i].append(fk.feature_name(key, words))
    return [sorted(f) for f in out]
