"""Features as integers: the layout of a feature's 64-bit key, the word table behind it, and
each key's name for people.

A feature is one ``uint64``:

- a **character n-gram** (1 to 3 characters) has the top bit set and holds each character's
  code point plus one in 21 bits, the first character highest: ``c:预算`` is
  ``1 << 63 | (ord("预") + 1) << 21 | (ord("算") + 1)``; the length shows in which fields are 0;
- every **other feature** has a group tag in bits 56–62 and its value below: a word id
  (``w:``, ``s:``, ``t:``, ``p:``, ``n:``), two word ids (``b:``, the first shifted by
  :data:`WORD_BITS`), a shape (``#money``, ``#len:2`` …: a kind in bits 16–23 and a value), or
  a second-pass context feature (``x:prev1:metric``: a kind and a label index).

Word ids come from a :class:`WordTable`: while training it grows (every word gets the next id)
and is saved with the model (``words`` in weights.npz); when classifying it is frozen, and a
word it does not hold gets no id, so every feature that would name it is dropped, as a feature
string the model did not know was.  One look-up per word; bigram, heading and neighbour
features are then combined from word ids arithmetically, in numpy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = [
    "SPECIALS",
    "KeyIndex",
    "WordTable",
    "check_keys",
    "feature_names",
]

CHAR = np.uint64(1 << 63)
TAG_SHIFT = 56
WORD_BITS = 28  # a word id; a bigram holds two
MAX_WORDS = 1 << WORD_BITS
CHAR_BITS = 21
MAX_CODE = 0x10FFFF + 1  # a code point plus one

# groups (tags) of the features that are not character n-grams
WORD, BIGRAM, SECTION, TOP, PREV, NEXT, SHAPE, CONTEXT = 1, 2, 3, 4, 5, 6, 7, 8
_WORD_PREFIX = {WORD: "w:", SECTION: "s:", TOP: "t:", PREV: "p:", NEXT: "n:"}

# Words every table starts with, in this order: what stands before a sentence's first word and
# after its last (bigrams), before a report's first sentence and after its last (neighbours),
# and the heading of a sentence under none.  No word jieba cuts can be one of them.
SPECIALS = ("<s>", "</s>", "<start>", "<end>", "<none>")
BOS, EOS, START, END, NONE = range(len(SPECIALS))

# shapes: kind → (name, names of its values or None for a number)
FLAG, NUMBERS, MARKER, CELLS, ROW_NUMBERS, END_MARK, LENGTH, POSITION = range(8)
FLAGS = ("money", "percent", "score", "count", "year", "placeholder", "row",
         "row:last-number", "headlike")  # fmt: skip
ENDINGS = ("stop", "semi", "colon", "comma", "none")
_SHAPE_NAMES = {
    NUMBERS: "numbers",
    CELLS: "row:cells",
    ROW_NUMBERS: "row:numbers",
    LENGTH: "len",
    POSITION: "pos",
}
_SHAPE_LIMITS = {FLAG: len(FLAGS), NUMBERS: 7, MARKER: 256, CELLS: 9, ROW_NUMBERS: 5,
                 END_MARK: len(ENDINGS), LENGTH: 5, POSITION: 11}  # fmt: skip

# second-pass context: kinds 1..2*WINDOW are prev1, next1, prev2, next2 …
SELF, BLOCK_LABEL, BLOCK_MOST = 0, 100, 101


def tagged(tag: int, values: np.ndarray) -> np.ndarray:
    """Keys of group ``tag`` holding ``values`` (non-negative integers)."""
    return values.astype(np.uint64) | np.uint64(tag << TAG_SHIFT)


def shape_key(kind: int, value: int) -> int:
    """The key of a shape feature: ``kind`` (FLAG, NUMBERS …) and its value."""
    return (SHAPE << TAG_SHIFT) | (kind << 16) | value


def context_key(kind: int, label: int) -> int:
    """The key of a second-pass feature: ``kind`` and a label index (the number of labels
    for the edge of the report)."""
    return (CONTEXT << TAG_SHIFT) | (kind << 16) | label


def char_keys(codes: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    """Keys of the n-grams of ``n`` characters starting at ``starts`` in ``codes`` (code
    points plus one, uint64)."""
    key = codes[starts]
    for j in range(1, n):
        key = (key << np.uint64(CHAR_BITS)) | codes[starts + j]
    return key | CHAR


class WordTable:
    """Words and their ids: growing while training, frozen in a loaded model."""

    def __init__(self, words: Iterable[str] = SPECIALS, frozen: bool = False) -> None:
        self._ids: dict[str, int] = {}
        for w in words:
            self._ids.setdefault(w, len(self._ids))
        self.frozen = frozen

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def words(self) -> list[str]:
        """The words in id order."""
        return list(self._ids)

    def ids(self, words: Sequence[str]) -> np.ndarray:
        """The id of each word (int64), -1 for a word a frozen table does not hold."""
        if self.frozen:
            get = self._ids.get
            return np.array([get(w, -1) for w in words], dtype=np.int64)
        ids, setdefault = self._ids, self._ids.setdefault
        return np.array([setdefault(w, len(ids)) for w in words], dtype=np.int64)


_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the key's bits spread over the top


class KeyIndex:
    """The column of each of a model's keys, found by hash: the keys sorted into about twice as
    many buckets as there are keys (a multiplicative hash of the key), each looked-up key
    compared with the one or two keys of its bucket; a few numpy passes a report, where a
    binary search over 100,000 keys took five times as long."""

    def __init__(self, keys: np.ndarray) -> None:
        bits = max(1, int(len(keys)).bit_length() + 1)
        self._shift = np.uint64(64 - bits)
        bucket = self._bucket(keys)
        order = np.argsort(bucket)  # the order within a bucket does not matter
        self._keys, self._columns = keys[order], order
        self._start = np.zeros((1 << bits) + 1, np.int64)
        np.cumsum(np.bincount(bucket, minlength=1 << bits), out=self._start[1:])

    def _bucket(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((keys * _MIX) >> self._shift).astype(np.intp)

    def columns(self, keys: np.ndarray) -> np.ndarray:
        """The column of each of ``keys`` (int64), -1 for a key the model does not have."""
        bucket = self._bucket(keys)
        at, end = self._start[bucket], self._start[bucket + 1]
        out = np.full(len(keys), -1, np.int64)
        active = np.nonzero(at < end)[0]
        while len(active):
            pos = at[active]
            hit = self._keys[pos] == keys[active]
            out[active[hit]] = self._columns[pos[hit]]
            active = active[~hit]
            at[active] += 1
            active = active[at[active] < end[active]]
        return out


def _shape_name(value: int) -> str:
    kind, v = value >> 16, value & 0xFFFF
    if kind == FLAG:
        return "#" + FLAGS[v]
    if kind == MARKER:
        return f"#marker:{v - 1 if v else 'none'}"
    if kind == END_MARK:
        return f"#end:{ENDINGS[v]}"
    return f"#{_SHAPE_NAMES[kind]}:{v}"


def _context_name(value: int, labels: Sequence[str]) -> str:
    kind, v = value >> 16, value & 0xFFFF
    label = labels[v] if v < len(labels) else "<edge>"
    if kind == SELF:
        return f"x:self:{label}"
    if kind == BLOCK_LABEL:
        return f"x:block:{label}"
    if kind == BLOCK_MOST:
        return f"x:block-most:{label}"
    return f"x:{'prev' if kind % 2 else 'next'}{(kind + 1) // 2}:{label}"


def feature_name(key: int, words: Sequence[str], labels: Sequence[str] = ()) -> str:
    """The name people read for feature ``key`` (``w:预算``, ``b:<s>_预算``, ``c:预算``,
    ``#money``, ``x:prev1:metric`` …)."""
    if key & (1 << 63):
        fields = [(key >> (CHAR_BITS * j)) & ((1 << CHAR_BITS) - 1) for j in (2, 1, 0)]
        return "c:" + "".join(chr(f - 1) for f in fields if f)
    tag, value = key >> TAG_SHIFT, key & ((1 << TAG_SHIFT) - 1)
    if tag in _WORD_PREFIX:
        return _WORD_PREFIX[tag] + words[value]
    if tag == BIGRAM:
        return f"b:{words[value >> WORD_BITS]}_{words[value & (MAX_WORDS - 1)]}"
    if tag == SHAPE:
        return _shape_name(value)
    return _context_name(value, labels)


def feature_names(keys: np.ndarray, words: Sequence[str], labels: Sequence[str] = ()) -> list[str]:
    """:func:`feature_name` of each key."""
    return [feature_name(int(k), words, labels) for k in keys]


def check_keys(keys: np.ndarray, n_words: int, n_labels: int) -> str | None:
    """What is wrong with a model's ``keys`` (uint64) for a table of ``n_words`` words and
    ``n_labels`` labels, or None: strictly increasing, and each key one this layout can hold."""
    if len(keys) > 1 and not (keys[1:] > keys[:-1]).all():
        at = int(np.argmin(keys[1:] > keys[:-1])) + 1
        return f"keys[{at}] is not above keys[{at - 1}]; expected distinct keys in increasing order"
    chars, other = keys[(keys & CHAR) != 0], keys[(keys & CHAR) == 0]
    fields = [
        (chars >> np.uint64(CHAR_BITS * j)) & np.uint64((1 << CHAR_BITS) - 1) for j in (2, 1, 0)
    ]
    bad_chars = (fields[2] == 0) | ((fields[0] > 0) & (fields[1] == 0))
    for f in fields:
        bad_chars |= f > MAX_CODE
    tag = (other >> np.uint64(TAG_SHIFT)).astype(np.int64)
    value = other & np.uint64((1 << TAG_SHIFT) - 1)
    bad = np.isin(tag, [*_WORD_PREFIX, BIGRAM, SHAPE, CONTEXT], invert=True)
    words = np.isin(tag, list(_WORD_PREFIX))
    bad |= words & (value >= n_words)
    pairs = tag == BIGRAM
    bad |= pairs & (((value >> np.uint64(WORD_BITS)) >= n_words)
                    | ((value & np.uint64(MAX_WORDS - 1)) >= n_words))  # fmt: skip
    kind, v = (
        (value >> np.uint64(16)).astype(np.int64),
        (value & np.uint64(0xFFFF)).astype(np.int64),
    )
    limits = np.array([_SHAPE_LIMITS.get(k, 0) for k in range(len(_SHAPE_LIMITS))])
    shapes = tag == SHAPE
    bad |= shapes & ((kind >= len(limits)) | (v >= limits[np.minimum(kind, len(limits) - 1)]))
    context = tag == CONTEXT
    known = (kind <= 2 * 8) | (kind == BLOCK_LABEL) | (kind == BLOCK_MOST)
    bad |= context & (~known | (v > n_labels))
    n_bad = int(bad_chars.sum() + bad.sum())
    if n_bad:
        first = chars[bad_chars][0] if bad_chars.any() else other[bad][0]
        return (
            f"keys holds {n_bad:,} {'keys that name' if n_bad > 1 else 'key that names'} no "
            f"feature (first "
            f"{int(first):#x}); expected keys of nlp_perf's features over {n_words:,} words"
        )
    return None
