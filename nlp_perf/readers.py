"""Read report files into text, detecting the encoding without guessing silently.

Detection tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, strict
GB18030 (a superset of GBK and GB2312).  Bytes that decode in none of these are an error;
nothing is ever dropped or replaced.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .sentences import has_cjk

__all__ = ["Document", "read_document", "decode_bytes"]

log = logging.getLogger(__name__)

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_DETECTED = ("utf-8", "gb18030")


@dataclass(frozen=True)
class Document:
    """A report's decoded text and where it came from."""

    path: str
    text: str
    encoding: str


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def _suggest(data: bytes) -> str:
    """Name the encoding charset-normalizer sees, for the error message only."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return ""
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding in ("utf_8", "gb18030"):
        return ""
    return f" (it looks like {best.encoding}; try --encoding {best.encoding})"


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding used).

    With ``encoding`` given, decode strictly with it.  Otherwise use a BOM if there is one,
    then strict UTF-8, then strict GB18030.  Raise InputError when nothing fits.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding}: undecodable byte at offset {exc.start}"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {name} byte-order mark but byte {exc.start} is not valid {name}"
                ) from None
    if _looks_binary(data):
        raise InputError("binary file, not text (convert it to .txt first)")
    for name in _DETECTED:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise InputError("cannot decode: not valid UTF-8, UTF-16 or GB18030" + _suggest(data))


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """Read a .txt report; raise InputError naming the cause when it is not usable."""
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, expected a file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if not data:
        raise InputError("empty file")
    text, used = decode_bytes(data, encoding)
    log.info("%s: decoded as %s", path, used)
    if not text.strip():
        raise InputError("only whitespace, no text")
    if not has_cjk(text):
        raise InputError("no Chinese text found")
    return Document(path=str(path), text=text, encoding=used)
