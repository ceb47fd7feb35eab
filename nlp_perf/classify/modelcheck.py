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
- **weights.npz.**  Exactly the arrays of the model's format version; each member's ``.npy``
  header (dtype and shape) is read and checked against model.json and against the member's
  unpacked size before its data is read, so a small file claiming a huge array, or a zip
  bomb, allocates nothing; object arrays (which only pickle reads) are refused.  The vocabulary
  is a str array of distinct non-empty features; the numbers are floats, finite and at most
  1e100 in size (so no sum of them overflows); idf is positive.
- **Loaded before.**  A large weights.npz loaded before is read from its unpacked copy in the
  cache directory (:mod:`.weightcache`, keyed by its SHA-256); the arrays read there are
  checked as weights.npz's are, and weights.npz itself is read when they fail.
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
from .modelfiles import cause, open_file, shown
from .weightcache import WeightCache

FORMAT = "nlp_perf-linear"
FORMAT_VERSION = 1  # a model of one pass
CONTEXT_FORMAT_VERSION = 2  # with the second pass of :mod:`.context`
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

_ARRAYS = ("vocabulary", "idf", "coef", "intercept")
_CONTEXT_ARRAYS = ("context_coef", "context_intercept")


class Meta(NamedTuple):
    """The checked fields of model.json."""

    name: str
    version: str
    labels: tuple[str, ...]
    features: dict
    n_features: int
    two_passes: bool


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
    return Meta(
        meta["name"],
        meta["version"],
        tuple(labels),
        meta["features"],
        n,
        version == CONTEXT_FORMAT_VERSION,
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
        "vocabulary": ((n,), "n_features in model.json"),
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
            f"expected {'a str array' if name == 'vocabulary' else 'numbers'}"
        )
    if name == "vocabulary":
        if dtype.kind != "U" or dtype.itemsize == 0:
            raise ModelError(
                f"weights.npz: vocabulary holds {dtype}; expected strings (a numpy str array)"
            )
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
            if name == "vocabulary":
                _check_code_points(array)
            arrays[name] = array if name == "vocabulary" else array.astype(np.float64, copy=False)
    return arrays


def _check_code_points(vocabulary: np.ndarray) -> None:
    """Every character of the vocabulary one that Python and the outputs can hold: no
    surrogate, none beyond U+10FFFF."""
    codes = vocabulary.view(np.uint32)
    if codes.max(initial=0) < 0xD800:  # all in the basic plane below the surrogates: quick
        return
    bad = ((codes >= 0xD800) & (codes <= 0xDFFF)) | (codes > 0x10FFFF)
    if bad.any():
        first = int(codes[bad][0])
        at = int(np.argmax(bad.reshape(len(vocabulary), -1).any(axis=1)))
        raise ModelError(
            f"weights.npz: vocabulary holds {np.count_nonzero(bad):,} code points that are no "
            f"character (first U+{first:04X}, in feature {at}); expected Unicode text"
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
        size = os.fstat(fh.fileno()).st_size
        cache = WeightCache.of(fh, size)  # the arrays unpacked by an earlier run
        arrays = _checked_or_none(cache.read(_shapes(meta))) if cache is not None else None
        if arrays is None:
            arrays = _read_arrays(fh, size, meta)
            for name, array in arrays.items():
                if name != "vocabulary":
                    _check_values(name, array)
            # kept only as the cache's check will take it back (else it would be written again
            # at every load: a format whose arrays that check does not know is not kept)
            if cache is not None and _checked_or_none(arrays) is not None:
                cache.write(arrays)
    return arrays


def _shapes(meta: Meta) -> dict[str, tuple[int, ...]]:
    return {name: shape for name, (shape, _) in _expected(meta).items()}


def _checked_or_none(arrays: dict[str, np.ndarray] | None) -> dict[str, np.ndarray] | None:
    """Arrays read back from the cache, if they pass the checks of weights.npz's (a damaged
    entry is not used: weights.npz is read, and names what is wrong, if anything)."""
    if arrays is None:
        return None
    try:
        for name, array in arrays.items():
            if name == "vocabulary":
                if array.dtype.kind != "U" or array.dtype.itemsize == 0:
                    return None
                _check_code_points(array)
            elif array.dtype != np.float64:
                return None
            else:
                _check_values(name, array)
    except ModelError:
        return None
    return arrays


def check_vocabulary(vocabulary: list[str], index: Mapping[str, int]) -> None:
    """Every feature non-empty and listed once (``index``: the vocabulary's feature → position)."""
    if "" in index:
        raise ModelError(
            f"weights.npz: vocabulary holds an empty feature at position {vocabulary.index('')}; "
            "expected feature names"
        )
    if len(index) != len(vocabulary):
        twice = next(f for j, f in enumerate(vocabulary) if index[f] != j)
        n = len(vocabulary) - len(index)
        raise ModelError(
            f"weights.npz: vocabulary holds {n:,} feature{'s' if n > 1 else ''} more than "
            f"once (first {shown(twice)}); expected each feature once"
        )
