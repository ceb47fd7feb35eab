"""Decode the bytes of a text report: which encoding they are in, and whether the text reads
as Chinese.

Plain text and web pages are decoded by detection, in order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): trusted as it is;
2. UTF-16 without a BOM, when the first 4 KB hold NUL bytes (ASCII in UTF-16 is ``x 00``
   little-endian, ``00 x`` big-endian: the order the NULs point to is tried first) or look
   binary (hanzi and full-width punctuation alone give no NULs but control bytes): decoded
   strictly and kept if it reads as Chinese (below); otherwise it is a binary file;
3. strict UTF-8: trusted as it is (non-UTF-8 bytes almost never decode as UTF-8 by chance,
   and traditional Chinese in UTF-8 is real Chinese);
4. strict GB18030 (a superset of GBK and GB2312) and strict Big5 (or cp950, Microsoft's
   Big5), chosen by which reads more like Chinese.  GB18030 wins ties, as simplified-Chinese
   reports are normally GB18030/GBK: Big5 bytes decoded as GB18030 give rare characters,
   kana, Cyrillic and box pieces, and GB bytes are mostly invalid Big5 (leads 0xC7, 0xC8);
5. UTF-16 once more, for hanzi-only text that is neither of these (four characters or more).

"Reads as Chinese" is measured on the first 32,768 characters: the share, among the Chinese
characters and the characters no Chinese report holds (kana, hangul, Cyrillic and other
scripts, private use, control characters), of common Chinese characters -- GB2312 level 1
(the 3,755 most common simplified) and Big5 level 1 (the 5,401 most common traditional),
6,722 in all, built at first use from the two codecs, with no data file; a hanzi inside a
Latin word (Latin-1 read as GB18030: "f黨rt") never counts as common.  Real reports score
0.96 and more (single lines 0.67 and more); Big5 reports read as GB18030 score at most 0.4.
Below 0.6 a decoding is refused: text that decodes but is not Chinese is an InputError
naming the likely encoding (a Chinese one that reads as Chinese, Shift-JIS by its kana,
EUC-KR by its hangul, cp1252 by accented letters among ASCII) and ``--encoding NAME``.
With an encoding given, the bytes are decoded strictly with it and never second-guessed.
Bytes that decode in none of these are an error; nothing is ever dropped or replaced.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import TYPE_CHECKING

from ..chars import has_cjk
from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["decode_bytes", "looks_binary", "utf8_hint"]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# How much is judged: bytes for the NUL pattern and the guesses, characters for plausibility.
_SAMPLE_BYTES = 65536
_SAMPLE_CHARS = 32768
# Below this share of common characters a decoding does not read as Chinese (see above).
_PLAUSIBLE = 0.6
# A guess named in an error message needs at least this many characters to go on.
_GUESS_EVIDENCE = 8

# Chinese characters: extension A, the unified ideographs, compatibility, extensions B to G.
_HANZI = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
# Characters no Chinese report holds, but that wrong decodings give: control characters,
# Greek, Cyrillic and the other scripts, block elements, kana, bopomofo, hangul, Yi,
# private use, Arabic presentation forms and U+FEFF, specials (U+FFFD), other planes.
_ODD = (
    (0x00, 0x08), (0x0B, 0x0B), (0x0E, 0x1A), (0x1C, 0x1F), (0x7F, 0x9F), (0x0370, 0x1FFF),
    (0x2580, 0x259F), (0x2C00, 0x2DFF), (0x3040, 0x30FF), (0x3100, 0x31FF), (0xA000, 0xD7FF),
    (0xE000, 0xF8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFFF0, 0xFFFF),
)  # fmt: skip
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


@functools.cache
def _common() -> frozenset[str]:
    """The common Chinese characters: GB2312 level 1 and Big5 level 1, from the codecs."""
    gb = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    big5 = bytes(
        b
        for hi in range(0xA4, 0xC7)
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
        if hi < 0xC6 or lo < 0x7F
        for b in (hi, lo)
    )
    # GB2312 row 0xD7 ends at 0xF9: its last five cells are empty
    return frozenset(gb[:-10].decode("gb2312")) | frozenset(big5.decode("big5"))


_OTHER, _ODD_CHAR, _RARE, _COMMON = 0, 1, 2, 3


@functools.cache
def _classes() -> np.ndarray:
    """The class of every character of the BMP: other, odd, rare hanzi, common hanzi."""
    import numpy as np

    table = np.full(0x10000, _OTHER, dtype=np.uint8)
    for lo, hi in _ODD:
        table[lo : hi + 1] = _ODD_CHAR
    for lo, hi in _HANZI[:3]:
        table[lo : hi + 1] = _RARE
    table[np.fromiter(map(ord, _common()), dtype=np.int64)] = _COMMON
    return table


def _plausibility(text: str) -> tuple[float, int] | None:
    """(share of common characters, characters judged), or None with nothing to judge.

    Judged are the Chinese characters and the odd ones; beyond the BMP all are judged (rare
    hanzi or odd), none common.  A Chinese character inside a Latin word ("f黨rt") is what a
    Latin-1 or cp1252 file read as GB18030 gives (an accented letter pairs with the next
    ASCII letter): it never counts as common.
    """
    import numpy as np

    codes = np.frombuffer(text[:_SAMPLE_CHARS].encode("utf-32-le", "surrogatepass"), np.uint32)
    classes = _classes()[np.minimum(codes, 0xFFFF)]
    classes[codes > 0xFFFF] = _RARE
    common = classes == _COMMON
    judged = int(np.count_nonzero(classes))
    if not judged:
        return None
    letter = ((codes | 0x20) >= 0x61) & ((codes | 0x20) <= 0x7A)
    in_word = common[1:-1] & letter[:-2] & letter[2:]
    n_common = int(np.count_nonzero(common)) - int(np.count_nonzero(in_word))
    return n_common / judged, judged


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _partial(sample: bytes, name: str) -> str | None:
    """``sample`` decoded strictly, allowing a character cut off at its end."""
    try:
        return codecs.getincrementaldecoder(name)().decode(sample, final=False)
    except UnicodeDecodeError:
        return None


def _ascii_pairs(text: str) -> float:
    """The share of characters made of two printable ASCII bytes ("Le" read as U+654C)."""
    sample = text[:2048]
    pairs = sum(1 for c in sample if 0x20 <= ord(c) >> 8 <= 0x7E and 0x20 <= ord(c) & 0xFF <= 0x7E)
    return pairs / max(len(sample), 1)


def _utf16(data: bytes, nuls: bool) -> tuple[str, str] | None:
    """BOM-less UTF-16 that reads as Chinese: (text, name), or None.

    ASCII in UTF-16 is ``x 00`` little-endian, ``00 x`` big-endian, so NUL bytes mostly at
    odd positions say LE, mostly at even ones BE; that order is tried first, then the other
    (a text of hanzi and few ASCII characters has NULs of both kinds: U+4E00 is ``00 4E``).
    Text without NUL bytes (only hanzi and full-width punctuation) needs more to go on: at
    least four characters judged, and at most half of them made of two ASCII bytes, so that
    a Latin-1 or ASCII file read in pairs never passes for Chinese.
    """
    if nuls:
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        orders = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    else:
        orders = ("utf-16-le", "utf-16-be")
    best: tuple[float, str, str] | None = None
    for name in orders:
        text = _strict(data, name)
        score = None if text is None else _plausibility(text)
        if text is None or score is None or score[0] < _PLAUSIBLE:
            continue
        if nuls:
            return text, name
        if score[1] >= 4 and _ascii_pairs(text) <= 0.5 and (best is None or score[0] > best[0]):
            best = (score[0], text, name)
    return None if best is None else (best[1], best[2])


def _legacy(data: bytes) -> tuple[str | None, str | None]:
    """Choose between GB18030 and Big5: (text, name), or (None, what it decodes as) or (None, None).

    GB18030 is taken when it reads as Chinese and Big5 does not read better; Big5 (or cp950)
    only when it reads as Chinese and better than GB18030 or GB18030 fails.
    """
    gb = _strict(data, "gb18030")
    gb_score = None if gb is None else _plausibility(gb)
    if gb is not None and gb_score is None:
        return gb, "gb18030"  # nothing but ASCII and punctuation: nothing to prefer Big5 for
    if gb_score is not None and gb_score[0] == 1.0:
        return gb, "gb18030"
    for name in ("big5", "cp950"):
        big5 = _strict(data, name)
        if big5 is not None:
            break
    big5_score = None if big5 is None else _plausibility(big5)
    if big5_score is not None and big5_score[0] >= _PLAUSIBLE:
        if gb_score is None or big5_score[0] > gb_score[0]:
            return big5, name
    if gb_score is not None and gb_score[0] >= _PLAUSIBLE:
        return gb, "gb18030"
    if gb is not None:
        return None, "gb18030"
    if big5 is not None:
        return None, name
    return None, None


def _guess(data: bytes, tried: tuple[str, ...]) -> str | None:
    """The encoding the start of ``data`` reads well in, for an error message; or None.

    Chinese encodings must read as Chinese, the others show their own script: kana for
    Shift-JIS, hangul for EUC-KR, and a few accented letters among plain ASCII for cp1252.
    Each needs some characters to go on; with too few nothing is named.
    """
    sample = data[:_SAMPLE_BYTES]
    for name in ("gb18030", "big5", "utf-16-le", "utf-16-be"):
        text = None if name in tried else _partial(sample, name)
        score = None if text is None else _plausibility(text)
        if score and score[0] >= _PLAUSIBLE and score[1] >= _GUESS_EVIDENCE:
            return name
    for name, script, share in (("shift_jis", _KANA, 0.2), ("euc-kr", _HANGUL, 0.5)):
        text = _partial(sample, name)
        score = None if text is None else _plausibility(text)
        judged = 0 if score is None else score[1]
        found = 0 if text is None else len(script.findall(text))
        if found >= _GUESS_EVIDENCE and found >= share * judged:
            return name
    text = _partial(sample, "cp1252")
    if text is not None:
        letters = [c for c in text if c.isalpha()]
        accented = sum(1 for c in letters if not c.isascii())
        other = sum(1 for c in text if not c.isascii() and not c.isalpha())
        if accented and accented <= 0.3 * len(letters) and other <= accented:
            return "cp1252"
    return None


def _advice(data: bytes, tried: tuple[str, ...]) -> str:
    """What to try, in parentheses: the likely encoding if one is, else --encoding NAME."""
    name = _guess(data, tried)
    if name is None:
        return " (name its encoding with --encoding NAME)"
    if name == "cp1252":
        return " (it looks like Latin-alphabet text in cp1252, not Chinese; try --encoding cp1252)"
    return f" (it looks like {name}; try --encoding {name})"


def utf8_hint(data: bytes, used: str | None) -> str:
    """For a text read as UTF-8 with no Chinese in it: the legacy encoding it reads in, if any.

    A few GB18030 characters can happen to be valid UTF-8 ("目 录" reads as "Ŀ ¼"); UTF-8 is
    still trusted, but the message says what to try.
    """
    if used != "utf-8":
        return ""
    text, name = _legacy(data)
    if text is None or not has_cjk(text):
        return ""
    return f" (read as UTF-8; it reads as Chinese in {name}: try --encoding {name})"


_LABEL = {"gb18030": "GB18030", "big5": "Big5", "cp950": "Big5 (cp950)"}


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding used).

    With ``encoding`` given, decode strictly with it.  Otherwise: a BOM if there is one,
    UTF-16 without a BOM when the NUL bytes say so, strict UTF-8, then strict GB18030 or Big5,
    whichever reads as Chinese (see the module).  Raise InputError when nothing fits.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            try:
                hint = f" (it reads as {decode_bytes(data)[1]}; try without --encoding)"
            except InputError:
                hint = ""
            raise InputError(
                f"not valid {encoding}: undecodable byte at offset {exc.start}{hint}"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {name} byte-order mark but byte {exc.start} is not valid {name}"
                ) from None
    nuls = b"\x00" in data[:4096]
    if nuls or looks_binary(data):  # UTF-16's bytes look binary: hanzi only have no NULs
        found = _utf16(data, nuls)
        if found is not None:
            return found
        raise InputError("binary file, not text (convert it to .txt first)")
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text, name = _legacy(data)
    if text is not None and name is not None:
        return text, name
    found = _utf16(data, nuls=False)
    if found is not None:
        return found
    if name is not None:
        raise InputError(
            f"decodes as {_LABEL[name]} but does not read as Chinese" + _advice(data, (name,))
        )
    raise InputError(
        "cannot decode: not valid UTF-8, UTF-16 or GB18030, nor Big5"
        + _advice(data, ("gb18030", "big5"))
    )
