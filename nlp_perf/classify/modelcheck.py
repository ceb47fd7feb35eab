"""A model folder read as hostile input: every file and field checked before it is used.

:func:`nlp_perf.classify.model.load_model` reads a folder through these functions.  Each
refusal is a :class:`~nlp_perf.errors.ModelError` of one line that names the file and the
field, what was found there and what was expected; nothing large is allocated before the sizes
it needs have been checked.

The rules:

- **Files.**  ``model.json``, ``weights.npz`` and (optional) ``card.json`` are regular files
  inside the folder (:mod:`.modelfiles`: links, sizes, JSON depth).
- **Sizes.**  model.json at most 1 MB, card.json at most 10 MB, JSON nested at most 100 levels;
  weights.npz at most 2 GB on disk and unpacked, its zip directory at most 64 KiB (a few
  arrays), at most 5,000,000 features and 50 labels.
- **model.json.**  Each field of the right type and within bounds.  A top-level key this
  version does not know is ignored (metadata a later version may add); a feature setting it
  does not know is refused (:meth:`~nlp_perf.classify.features.FeatureConfig.from_dict`), as
  features decide what a model reads.
- **Format version.**  3 (one pass) or 4 (two passes): features as integer keys (issue 18).
  A model of versions 1 and 2 (features as strings, nlp_perf before integer features) is
  refused with the fix: retrain it with ``python -m nlp_perf train``.
- **weights.npz.**  Exactly the arrays of the model's format version; each member's ``.npy``
  header (dtype and shape) is read and checked against model.json and against the member's
  unpacked size before its data is read, so a small file claiming a huge array, or a zip
  bomb, allocates nothing; object arrays (which only pickle reads) are refused.  ``words``
  is a str array of distinct non-empty words starting with :data:`~.keys.SPECIALS`;
  ``keys`` are uint64, increasing, each one the key layout can hold with ids below the number
  of words (:func:`~.keys.check_keys`); the numbers are floats, finite and at most 1e100 in
  size (so no sum of them overflows); idf is positive.
"""

from __future__ import annotations

import os
import struct
import tokenize
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import numpy as np

from ..errors import ModelError
from .keys import MAX_WORDS, SPECIALS, check_keys
from .modelfiles import cause, open_file, shown

FORMAT = "nlp_perf-linear"
FORMAT_VERSION = 3  # a model of one pass, features as integer keys
CONTEXT_FORMAT_VERSION = 4  # with the second pass of :mod:`.context`
# Versions of models whose features were strings (nlp_perf before integer features).
STRING_FORMAT_VERSIONS = (1, 2)
VECTORIZER = {"tf": "sublinear", "norm": "l2"}

MODEL_JSON_BYTES = 1_000_000
CARD_JSON_BYTES = 10_000_000
WEIGHTS_BYTES = 2_000_000_000  # weights.npz on disk, and its arrays unpacked
ZIP_DIRECTORY_BYTES = 65_536
MAX_FEATURES = 5_000_000
MAX_LABELS = 50
MAX_NAME = 200  # characters of a model's name or version
MAX_LABEL = 100  # characters of a label
# Weights and idf at most this large in size: a sentence's score sums at most
# sqrt(MAX_FEATURES) of them (its tf-idf row has unit length), far from overflowing.
MAX_WEIGHT = 1e100

_ARRAYS = ("words", "keys", "idf", "coef", "intercept")
_CONTEXT_ARRAYS = ("context_coef", "context_intercept")


class Meta(NamedTuple):
    """The checked fields of model.json."""

    name: str
    version: str
    labels: tuple[str, ...]
    features: dict
    n_features: int
    two_passes: bool
    n_words: int


def _text(value: Any, longest: int) -> bool:
    """Whether ``value`` is a string of 1 to ``longest`` characters, none a control character."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= longest
        and not any(c < " " or "\x7f" <= c <= "\x9f" for c in value)
    )


def check_meta(meta: Mapping[str, Any]) -> Meta:
    """The fields of model.json, checked; ModelError naming the first that is wrong."""

    def wrong(key: str, expected: str) -> ModelError:
        if key not in meta:
            return ModelError(f"model.json: {key} missing; expected {expected}")
        return ModelError(f"model.json: {key} is {shown(meta[key])}; expected {expected}")

    if meta.get("format") != FORMAT:
        raise wrong("format", f"{shown(FORMAT)}, the format of nlp_perf's models")
    version = meta.get("format_version")
    if type(version) is int and version in STRING_FORMAT_VERSIONS:
        raise ModelError(
            f"model.json: format_version is {version}, a model of feature strings from an older "
            f"nlp_perf, which this version no longer reads (it reads {FORMAT_VERSION} and "
            f"{CONTEXT_FORMAT_VERSION}); retrain the model with `python -m nlp_perf train` "
            "(docs/training.md), or update it to a model trained by this version"
        )
    if type(version) is not int or version not in (FORMAT_VERSION, CONTEXT_FORMAT_VERSION):
        raise wrong(
            "format_version",
            f"{FORMAT_VERSION} or {CONTEXT_FORMAT_VERSION}, the versions this nlp_perf reads",
        )
    for key in ("name", "version"):
        if not _text(meta.get(key), MAX_NAME):
            raise wrong(key, f"a string of 1 to {MAX_NAME} characters, no control characters")
    labels = meta.get("labels")
    if not isinstance(labels, list):
        raise wrong("labels", f"a list of 1 to {MAX_LABELS} label names")
    if not 1 <= len(labels) <= MAX_LABELS:
        raise ModelError(
            f"model.json: labels lists {len(labels)} labels; expected 1 to {MAX_LABELS}"
        )
    for k, label in enumerate(labels):
        if not _text(label, MAX_LABEL):
            raise ModelError(
                f"model.json: labels[{k}] is {shown(label)}; expected a name of 1 to "
                f"{MAX_LABEL} characters, no control characters"
            )
        if label in labels[:k]:
            raise ModelError(
                f"model.json: labels[{k}] is {shown(label)} again; expected each label once"
            )
    if not isinstance(meta.get("features"), dict):
        raise wrong("features", "an object of feature settings")
    if meta.get("vectorizer") != VECTORIZER:
        raise wrong("vectorizer", shown(VECTORIZER))
    n = meta.get("n_features")
    if type(n) is not int or not 1 <= n <= MAX_FEATURES:
        raise wrong("n_features", f"the number of features, 1 to {MAX_FEATURES:,}")
    words = meta.get("n_words")
    if type(words) is not int or not len(SPECIALS) <= words <= MAX_WORDS:
        raise wrong("n_words", f"the number of words, {len(SPECIALS)} to {MAX_WORDS:,}")
    return Meta(
        meta["name"],
        meta["version"],
        tuple(labels),
        meta["features"],
        n,
        version == CONTEXT_FORMAT_VERSION,
        words,
    )


def _check_zip_directory(fh: BinaryIO, size: int) -> None:
    """Refuse a zip whose directory (read whole by :mod:`zipfile`, an object per member) is
    larger than a few arrays need, before zipfile reads it: every end record zipfile could
    take, in the last 64 KiB, is looked at."""
    tail = min(size, 22 + 65_535)
    fh.seek(size - tail)
    data = fh.read(tail)
    at = data.rfind(b"PK\x05\x06")
    while at >= 0:
        if len(data) - at >= 22:
            (directory,) = struct.unpack_from("<L", data, at + 12)
            if directory > ZIP_DIRECTORY_BYTES:
                raise ModelError(
                    f"weights.npz: its zip directory takes {directory:,} bytes; expected at "
                    f"most {ZIP_DIRECTORY_BYTES:,} (a few arrays)"
                )
            if at >= 20 and data[at - 20 : at - 16] == b"PK\x06\x07":
                raise ModelError(
                    "weights.npz: a zip64 archive; expected a zip of at most "
                    f"{WEIGHTS_BYTES:,} bytes, as numpy's savez writes"
                )
        at = data.rfind(b"PK\x05\x06", 0, at)
    fh.seek(0)


def _expected(meta: Meta) -> dict[str, tuple[tuple[int, ...], str]]:
    """Each array's shape, and what it is."""
    n, k = meta.n_features, len(meta.labels)
    shapes = {
        "words": ((meta.n_words,), "n_words in model.json"),
        "keys": ((n,), "n_features in model.json"),
        "idf": ((n,), "n_features in model.json"),
        "coef": ((k, n), "labels × n_features in model.json"),
        "intercept": ((k,), "one per label in model.json"),
    }
    if meta.two_passes:
        shapes["context_coef"] = shapes["coef"]
        shapes["context_intercept"] = shapes["intercept"]
    return shapes


def _check_header(name: str, fp: BinaryIO, info: zipfile.ZipInfo, shape, why: str) -> None:
    """Check the ``.npy`` header of member ``name``: dtype, shape, and the bytes it unpacks to."""
    version = np.lib.format.read_magic(fp)
    if version == (1, 0):
        found, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
    elif version == (2, 0):
        found, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    else:
        raise ModelError(
            f"weights.npz: {name} is a .npy array of version {version[0]}.{version[1]}; "
            "expected version 1.0 or 2.0"
        )
    if dtype.hasobject:
        raise ModelError(
            f"weights.npz: {name} is an array of Python objects, which only pickle reads; "
            f"expected {'a str array' if name == 'words' else 'numbers'}"
        )
    if name == "words":
        if dtype.kind != "U" or dtype.itemsize == 0:
            raise ModelError(
                f"weights.npz: words holds {dtype}; expected strings (a numpy str array)"
            )
    elif name == "keys":
        if dtype.kind != "u" or dtype.itemsize != 8:
            raise ModelError(f"weights.npz: keys holds {dtype}; expected uint64")
    elif dtype.kind != "f" or dtype.itemsize not in (4, 8):
        raise ModelError(f"weights.npz: {name} holds {dtype}; expected float64 (or float32)")
    if tuple(found) != shape:
        raise ModelError(f"weights.npz: {name} has shape {tuple(found)}; expected {shape}, {why}")
    size = fp.tell() + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if info.file_size != size:
        raise ModelError(
            f"weights.npz: {name} unpacks to {info.file_size:,} bytes; expected {size:,} for "
            f"shape {shape} of {dtype}"
        )


# What reading a broken zip or .npy member can raise
_READ_ERRORS = (
    OSError,
    ValueError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    struct.error,
    # numpy parses a .npy header with ast and, failing that, tokenize: a damaged header
    SyntaxError,
    tokenize.TokenError,
)


def _read_arrays(fh: BinaryIO, size: int, meta: Meta) -> dict[str, np.ndarray]:
    _check_zip_directory(fh, size)
    try:
        zf = zipfile.ZipFile(fh)
    except _READ_ERRORS as exc:
        raise ModelError(f"weights.npz is malformed: not a zip archive ({cause(exc)})") from None
    with zf:
        shapes = _expected(meta)
        members = {f"{name}.npy": name for name in shapes}
        infos: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            if info.filename not in members:
                raise ModelError(
                    f"weights.npz: {shown(info.filename)} is a member it should not hold; "
                    f"expected only {', '.join(shapes)} (format version "
                    f"{CONTEXT_FORMAT_VERSION if meta.two_passes else FORMAT_VERSION})"
                )
            if info.filename in infos:
                raise ModelError(
                    f"weights.npz: {info.filename} is there twice; expected each array once"
                )
            infos[info.filename] = info
        for member, name in members.items():
            if member not in infos:
                raise ModelError(
                    f"weights.npz is malformed: {name} missing; a model of format version "
                    f"{CONTEXT_FORMAT_VERSION if meta.two_passes else FORMAT_VERSION} "
                    f"holds {', '.join(shapes)}"
                )
        total = sum(info.file_size for info in infos.values())
        if total > WEIGHTS_BYTES:
            raise ModelError(
                f"weights.npz: its arrays unpack to {total:,} bytes; expected at most "
                f"{WEIGHTS_BYTES:,}"
            )
        arrays = {}
        for member, name in members.items():
            info = infos[member]
            if info.flag_bits & 1:
                raise ModelError(f"weights.npz: {name} is encrypted; expected a plain array")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ModelError(
                    f"weights.npz: {name} is packed with zip method {info.compress_type}; "
                    "expected deflate or none, as numpy's savez writes"
                )
            try:
                with zf.open(info) as fp:
                    _check_header(name, fp, info, *shapes[name])
                with zf.open(info) as fp:
                    array = np.lib.format.read_array(fp, allow_pickle=False)
            except _READ_ERRORS as exc:
                raise ModelError(f"weights.npz: {name} cannot be read ({cause(exc)})") from None
            if not array.dtype.isnative:
                array = array.astype(array.dtype.newbyteorder("="))
            if name == "words":
                _check_code_points(array)
            arrays[name] = array if name in ("words", "keys") else array.astype(np.float64)
    return arrays


def _check_code_points(words: np.ndarray) -> None:
    """Every character of the words one that Python and the outputs can hold: no surrogate,
    none beyond U+10FFFF."""
    codes = words.view(np.uint32)
    if codes.max(initial=0) < 0xD800:  # all in the basic plane below the surrogates: quick
        return
    bad = ((codes >= 0xD800) & (codes <= 0xDFFF)) | (codes > 0x10FFFF)
    if bad.any():
        first = int(codes[bad][0])
        at = int(np.argmax(bad.reshape(len(words), -1).any(axis=1)))
        raise ModelError(
            f"weights.npz: words holds {np.count_nonzero(bad):,} code points that are no "
            f"character (first U+{first:04X}, in word {at}); expected Unicode text"
        )


def _check_values(name: str, array: np.ndarray) -> None:
    """Numbers finite and at most MAX_WEIGHT in size; idf positive too."""
    low, high = array.min(), array.max()  # NaN if there is one; no temporary array
    if (0 < low if name == "idf" else -MAX_WEIGHT <= low) and high <= MAX_WEIGHT:
        return
    fine = np.abs(array) <= MAX_WEIGHT
    if name == "idf":
        fine &= array > 0
    bad = array[~fine]
    count = f"{len(bad):,} value{'s' if len(bad) > 1 else ''}"
    if not np.isfinite(bad).all():
        n = np.count_nonzero(~np.isfinite(bad))
        raise ModelError(
            f"weights.npz: {name} holds {n:,} value{'s' if n > 1 else ''} that "
            f"{'are' if n > 1 else 'is'} not finite (NaN or inf); expected finite numbers"
        )
    if name == "idf" and (bad <= 0).any():
        raise ModelError(
            f"weights.npz: idf holds {count} not above 0 (smallest {bad.min():g}); expected "
            "positive numbers (training gives idf ≥ 1)"
        )
    raise ModelError(
        f"weights.npz: {name} holds {count} larger than {MAX_WEIGHT:g} in size (largest "
        f"{np.abs(bad).max():g}); expected at most {MAX_WEIGHT:g}"
    )


def read_weights(folder: Path, meta: Meta, links_out: bool = False) -> dict[str, np.ndarray]:
    """The arrays of weights.npz, each checked against ``meta`` before it is read, and its
    numbers after."""
    fh = open_file(folder, "weights.npz", WEIGHTS_BYTES, links_out)
    if fh is None:
        raise ModelError("weights.npz missing")
    with fh:
        arrays = _read_arrays(fh, os.fstat(fh.fileno()).st_size, meta)
    for name, array in arrays.items():
        if name not in ("words", "keys"):
            _check_values(name, array)
    wrong = check_keys(arrays["keys"], meta.n_words, len(meta.labels))
    if wrong:
        raise ModelError(f"weights.npz: {wrong}")
    return arrays


def check_words(words: list[str], distinct: int) -> None:
    """The words non-empty, listed once (``distinct``: how many different ones there are) and
    starting with :data:`~.keys.SPECIALS`."""
    if tuple(words[: len(SPECIALS)]) != SPECIALS:
        raise ModelError(
            f"weights.npz: words starts with {shown(words[: len(SPECIALS)])}; expected "
            f"{shown(list(SPECIALS))}"
        )
    if "" in words:
        raise ModelError(
            f"weights.npz: words holds an empty word at position {words.index('')}; expected words"
        )
    if distinct != len(words):
        seen: set[str] = set()
        twice = next(w for w in words if w in seen or seen.add(w))
        n = len(words) - distinct
        raise ModelError(
            f"weights.npz: words holds {n:,} word{'s' if n > 1 else ''} more than once (first "
            f"{shown(twice)}); expected each word once"
        )
