"""Turn the sentences of one report into feature strings for the linear model.

A sentence is described by the words jieba finds in it, its character n-grams, the words of
the heading it sits under, the shape of its numbers and units, its form (heading, table row,
list item), its position in the report and the words of its neighbours.  Each group can be
switched off in :class:`FeatureConfig`, so each can be measured.

The output is a list of strings per sentence; the vectorizer (TF-IDF) and the classifier
only ever see these strings, so the same features serve training (scikit-learn) and
classification (plain numpy, see :mod:`nlp_perf.classify.model`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

from ..chars import PLACEHOLDER_HINT
from ..text.markers import heading_level, strip_marker
from ..text.outline import SECTION_SEPARATOR
from .modelfiles import shown
from .tokenizer import Segmenter, get_segmenter

__all__ = [
    "FeatureConfig",
    "char_ngrams",
    "char_orders",
    "featurize_document",
    "featurize_parts",
    "normalize",
]

_NUMBER = re.compile(r"(?:\d[\d,]*(?:\.\d+)?|[*＊]+(?:\.[*＊]+)?|××+|[xX]{2,})")
_PUNCT = re.compile(r"^[\W_]+$")
_MONEY = re.compile(r"0\s*(万元|元|亿元|万)")
_PERCENT = re.compile(r"0\s*%")
_SCORE = re.compile(r"0\s*分|得分|分值")
_COUNT = re.compile(
    r"0\s*(余|多)?\s*(次|项|人次|件|个|名|场|户|人|所|家|处|期|批|篇|条|亩|公里|km)"
)
_YEAR = re.compile(r"(19|20)\d\d\s*年")
_SPACES = re.compile(r"\s+")
_WRAP = re.compile(r"(?<=\S)(?:\r\n|\n|\r)(?=\S)")
_CELL_BREAK = re.compile(r"[\t|\n]")
_NUMERIC_CELL = re.compile(r"[-+≥≤<>约]?0\s*(%|万元|元|分|万)?")
_TERMINAL = {"。": "stop", "；": "semi", ";": "semi", "：": "colon", ":": "colon", "，": "comma"}


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


# The longest character n-grams a model may ask for.  Lengths 1-3 are counted in numpy,
# longer ones as strings (:meth:`nlp_perf.classify.model.Model.vectorize_rows`); training
# uses 1-3, and the bound keeps a broken model file from asking for a billion lengths.
MAX_CHAR_ORDER = 8


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


def _words(segmenter: Segmenter, norm: str) -> list[str]:
    # a word starting with a letter or digit is never punctuation (the first test is the
    # quick one for nearly every word)
    return [w for w in segmenter.cut(norm) if w[:1].isalnum() or not _PUNCT.match(w) or w in "%"]


_FLAGS_OF_NORMALIZED = (
    ("#money", _MONEY),
    ("#percent", _PERCENT),
    ("#score", _SCORE),
    ("#count", _COUNT),
)
_FLAGS_OF_RAW = (("#year", _YEAR), ("#placeholder", PLACEHOLDER_HINT))


def _shapes(raw: str, norm: str, level: int | None) -> list[str]:
    out = [flag for flag, rx in _FLAGS_OF_NORMALIZED if rx.search(norm)]
    out += [flag for flag, rx in _FLAGS_OF_RAW if rx.search(raw)]
    numbers = norm.count("0")
    out.append(f"#numbers:{min(numbers, 6)}")
    stripped = raw.strip()
    out.append(f"#marker:{level if level is not None else 'none'}")
    if "\t" in stripped or "|" in stripped:  # a PDF line joined to the next is no row
        out.append("#row")
        cells = [c.strip() for c in _CELL_BREAK.split(norm) if c.strip()]
        out.append(f"#row:cells:{min(len(cells), 8)}")
        numeric = [bool(_NUMERIC_CELL.fullmatch(c)) for c in cells]
        if numeric and numeric[-1]:
            out.append("#row:last-number")
        out.append(f"#row:numbers:{min(sum(numeric), 4)}")
    last = stripped[-1:] if stripped else ""
    out.append(f"#end:{_TERMINAL.get(last, 'none')}")
    length = len(stripped)
    bucket = (
        0 if length < 10 else 1 if length < 20 else 2 if length < 40 else 3 if length < 80 else 4
    )
    out.append(f"#len:{bucket}")
    if level is not None and length <= 45 and not any(c in stripped[:-1] for c in "。；;"):
        out.append("#headlike")
    return out


def featurize_document(
    texts: Sequence[str],
    sections: Sequence[str] | None = None,
    config: FeatureConfig | None = None,
    segmenter: Segmenter | None = None,
) -> list[list[str]]:
    """Features of every sentence of one document, given in document order."""
    config = config or FeatureConfig()
    rows, compacts = featurize_parts(texts, sections, config, segmenter)
    orders = char_orders(config)
    for feats, compact in zip(rows, compacts):
        feats += char_ngrams(compact, orders)
    return rows


def char_orders(config: FeatureConfig) -> range:
    """The lengths of the character n-grams ``config`` asks for (none when char_max is 0)."""
    return range(config.char_min, config.char_max + 1) if config.char_max else range(0)


def char_ngrams(compact: str, orders: Sequence[int]) -> list[str]:
    """The ``c:`` features of a sentence's compact text (see :func:`featurize_parts`), of
    each length in ``orders``."""
    return ["c:" + compact[k : k + n] for n in orders for k in range(len(compact) - n + 1)]


def _section_features(
    path: str, config: FeatureConfig, segmenter: Segmenter, cache: dict[str, list[str]]
) -> list[str]:
    """Words of the nearest heading (``s:``) and of the top-level heading (``t:``)."""
    if not path:
        return ["s:<none>"] if config.section_none else []
    headings = path.split(SECTION_SEPARATOR)
    out = []
    for prefix, title in (("s:", headings[-1]), ("t:", headings[0])):
        if title not in cache:
            words = title if config.heading_numbers else strip_marker(title)
            cache[title] = _words(segmenter, normalize(words))
        out += [prefix + w for w in cache[title]]
    return out


def featurize_parts(
    texts: Sequence[str],
    sections: Sequence[str] | None = None,
    config: FeatureConfig | None = None,
    segmenter: Segmenter | None = None,
    markers: Sequence[int | None] | None = None,
    place: tuple[int, int] | None = None,
) -> tuple[list[list[str]], list[str]]:
    """The features of :func:`featurize_document` but its character n-grams, and the text
    those are taken from (normalised, without white space), one per sentence.

    Classification counts the character n-grams straight from that text
    (:meth:`nlp_perf.classify.model.Model.predict_proba`) instead of building them as strings.
    ``markers``: each sentence's marker level as the splitter found it
    (:attr:`nlp_perf.text.sentences.Sentence.marker`); read from the text when not given.
    ``place``: (the number of the first of ``texts`` in their report, the report's number of
    sentences), when ``texts`` are a part of a report (for the position feature); by default
    they are the whole report.
    """
    config = config or FeatureConfig()
    segmenter = segmenter or get_segmenter()
    sections = sections if sections is not None else [""] * len(texts)
    norms = [normalize(t) for t in texts]
    words = [_words(segmenter, n) for n in norms]
    heading_words: dict[str, list[str]] = {}
    out: list[list[str]] = []
    first, total = place or (0, len(texts))
    for i, (raw, ws) in enumerate(zip(texts, words)):
        feats: list[str] = []
        if config.words:
            feats += ["w:" + w for w in ws]
            if config.word_bigrams:
                seq = ["<s>"] + ws + ["</s>"]
                feats += [f"b:{a}_{b}" for a, b in zip(seq, seq[1:])]
        if config.section:
            feats += _section_features(sections[i], config, segmenter, heading_words)
        if config.shapes:
            level = markers[i] if markers is not None else heading_level(raw)
            feats += _shapes(raw, norms[i], level)
        if config.position:
            feats.append(f"#pos:{int(10 * (first + i) / total) if total else 0}")
        if config.neighbours:
            prev = words[i - 1] if i > 0 else ["<start>"]
            nxt = words[i + 1] if i + 1 < len(texts) else ["<end>"]
            feats += ["p:" + w for w in prev[:6]]
            feats += ["n:" + w for w in nxt[:6]]
        out.append(feats)
    return out, [_SPACES.sub("", n) for n in norms]
