"""A broken or hostile model folder is refused at load, before anything large is allocated,
with one line naming the file and the field: what was found, what was expected."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_perf import NlpPerfError, load_model
from nlp_perf.classify import model as model_module
from nlp_perf.cli import main


@pytest.fixture
def folder(tiny_model_dir, tmp_path) -> Path:
    d = tmp_path / "model"
    shutil.copytree(tiny_model_dir, d)
    return d


def _meta(d: Path) -> dict:
    return json.loads((d / "model.json").read_text(encoding="utf-8"))


def _edit(d: Path, **changes) -> None:
    meta = _meta(d)
    meta.update(changes)
    (d / "model.json").write_text(json.dumps(meta), encoding="utf-8")


def _features(d: Path, **changes) -> None:
    _edit(d, features={**_meta(d)["features"], **changes})


def _arrays(d: Path) -> dict[str, np.ndarray]:
    with np.load(d / "weights.npz") as npz:
        return {k: npz[k] for k in npz.files}


def _save(d: Path, compressed: bool = True, **arrays) -> None:
    (np.savez_compressed if compressed else np.savez)(d / "weights.npz", **arrays)


def _change(d: Path, **changes) -> None:
    """Rewrite weights.npz with some arrays replaced (None: left out)."""
    arrays = {**_arrays(d), **changes}
    _save(d, **{k: v for k, v in arrays.items() if v is not None})


def _refused(d: Path, capsys, command: str = "inspect") -> str:
    """What the user reads when ``command`` meets the model folder ``d``: exactly one line,
    ``error: DIR: MESSAGE``, and exit status 1; returns MESSAGE."""
    argv = {
        "inspect": ["inspect", str(d)],
        "classify": ["classify", "--model", str(d), str(SAMPLE)],
    }[command]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"error: {d}: "), err
    return err[len(f"error: {d}: ") : -1]


def _with_coef_value(d: Path, *values: float) -> None:
    coef = _arrays(d)["coef"].copy()
    coef.flat[: len(values)] = values
    _change(d, coef=coef)


# (id, how the folder is broken, the message or a pattern of it)
CASES = [
    # -- model.json
    (
        "char_max of a billion",
        lambda d: _features(d, char_max=1_000_000_000),
        "model.json: features.char_max is 1000000000; expected a whole number from 0 "
        "(no character n-grams) to 3",
    ),
    (
        "char_min as a string",
        lambda d: _features(d, char_min="1"),
        'model.json: features.char_min is "1"; expected a whole number from 0 to 3',
    ),
    (
        "char_min above char_max",
        lambda d: _features(d, char_min=3, char_max=2),
        "model.json: features.char_min is 3 and char_max 2; expected char_min at most "
        "char_max (or char_max 0: no character n-grams)",
    ),
    (
        "a switch as a string",
        lambda d: _features(d, words="yes"),
        'model.json: features.words is "yes"; expected true or false',
    ),
    (
        "a switch as a number",
        lambda d: _features(d, context=1),
        "model.json: features.context is 1; expected true or false",
    ),
    (
        "an unknown feature setting",
        lambda d: _features(d, colour=True),
        "model.json: features.colour is not a feature setting this nlp_perf knows; expected "
        "only words, word_bigrams, char_min, char_max, section, shapes, position, neighbours, "
        "heading_numbers, section_none, context",
    ),
    (
        "features not an object",
        lambda d: _edit(d, features=["words"]),
        'model.json: features is ["words"]; expected an object of feature settings',
    ),
    (
        "nested a hundred thousand deep",
        lambda d: (d / "model.json").write_text("[" * 100_000, encoding="utf-8"),
        "model.json: arrays or objects nested more than 100 levels deep; expected at most 100",
    ),
    (
        "nested 150 deep, valid JSON",
        lambda d: _edit(d, notes=json.loads("[" * 150 + "]" * 150)),
        "model.json: arrays or objects nested more than 100 levels deep; expected at most 100",
    ),
    (
        "model.json of 2 MB",
        lambda d: _edit(d, notes="x" * 2_000_000),
        "model.json is <N> bytes; expected at most 1,000,000",
    ),
    (
        "model.json not UTF-8",
        lambda d: (d / "model.json").write_bytes(b'{"name": "\xff"}'),
        "model.json is not valid JSON ('utf-8' codec can't decode byte 0xff in position 10: "
        "invalid start byte)",
    ),
    (
        "an integer of 5000 digits",
        lambda d: (d / "model.json").write_text('{"n_features": ' + "9" * 5000 + "}"),
        "model.json is not valid JSON (Exceeds the limit (4300 digits) for integer string "
        "conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the "
        "limit)",
    ),
    (
        "model.json an array",
        lambda d: (d / "model.json").write_text("[1, 2]"),
        "model.json holds [1, 2]; expected a JSON object",
    ),
    (
        "model.json missing",
        lambda d: (d / "model.json").unlink(),
        "model.json missing",
    ),
    (
        "format_version true",
        lambda d: _edit(d, format_version=True),
        "model.json: format_version is true; expected 3 or 4, the versions this nlp_perf reads",
    ),
    (
        "format missing",
        lambda d: _edit(d, format=None),
        'model.json: format is null; expected "nlp_perf-linear", the format of nlp_perf\'s models',
    ),
    (
        "name a number",
        lambda d: _edit(d, name=5),
        "model.json: name is 5; expected a string of 1 to 200 characters, no control characters",
    ),
    (
        "version with a line break",
        lambda d: _edit(d, version="1\nerror: fake"),
        'model.json: version is "1\\nerror: fake"; expected a string of 1 to 200 characters, '
        "no control characters",
    ),
    (
        "a label half of a UTF-16 pair",
        lambda d: _edit(d, labels=["\ud800", "problem", "measure", "metric", "other"]),
        'model.json holds "\\ud800", half of a UTF-16 pair; expected Unicode text',
    ),
    (
        "labels not a list",
        lambda d: _edit(d, labels="achievement"),
        'model.json: labels is "achievement"; expected a list of 1 to 50 label names',
    ),
    (
        "no labels",
        lambda d: _edit(d, labels=[]),
        "model.json: labels lists 0 labels; expected 1 to 50",
    ),
    (
        "51 labels",
        lambda d: _edit(d, labels=[f"l{k}" for k in range(51)]),
        "model.json: labels lists 51 labels; expected 1 to 50",
    ),
    (
        "a label not a string",
        lambda d: _edit(d, labels=["achievement", 2, "measure", "metric", "other"]),
        "model.json: labels[1] is 2; expected a name of 1 to 100 characters, no control characters",
    ),
    (
        "a label twice",
        lambda d: _edit(d, labels=["achievement", "problem", "measure", "problem", "other"]),
        'model.json: labels[3] is "problem" again; expected each label once',
    ),
    (
        "another vectorizer",
        lambda d: _edit(d, vectorizer={"tf": "raw", "norm": "l2"}),
        'model.json: vectorizer is {"tf": "raw", "norm": "l2"}; expected {"tf": "sublinear", '
        '"norm": "l2"}',
    ),
    (
        "n_features of ten billion",
        lambda d: _edit(d, n_features=10**10),
        "model.json: n_features is 10000000000; expected the number of features, 1 to 5,000,000",
    ),
    (
        "n_features missing",
        lambda d: _drop_key(d, "n_features"),
        "model.json: n_features missing; expected the number of features, 1 to 5,000,000",
    ),
    (
        "n_features that do not match",
        lambda d: _edit(d, n_features=10),
        "weights.npz: keys has shape (<N>,); expected (10,), n_features in model.json",
    ),
    (
        "n_words that do not match",
        lambda d: _edit(d, n_words=10),
        "weights.npz: words has shape (<N>,); expected (10,), n_words in model.json",
    ),
    (
        "n_words missing",
        lambda d: _drop_key(d, "n_words"),
        "model.json: n_words missing; expected the number of words, 5 to 268,435,456",
    ),
    (
        "format version 4 without the second pass",
        lambda d: _edit(d, format_version=4),
        "weights.npz is malformed: context_coef missing; a model of format version 4 holds "
        "words, keys, idf, coef, intercept, context_coef, context_intercept",
    ),
    (
        "format version 2 (feature strings)",
        lambda d: _edit(d, format_version=2),
        "model.json: format_version is 2, a model of feature strings from an older nlp_perf, "
        "which this version no longer reads (it reads 3 and 4); retrain the model with "
        "`python -m nlp_perf train` (docs/training.md), or update it to a model trained by "
        "this version",
    ),
    # -- weights.npz: values
    (
        "NaN and inf in coef",
        lambda d: _with_coef_value(d, np.nan, np.inf, -np.inf),
        "weights.npz: coef holds 3 values that are not finite (NaN or inf); expected finite "
        "numbers",
    ),
    (
        "NaN in the intercept",
        lambda d: _change(d, intercept=np.array([0, 0, np.nan, 0, 0.0])),
        "weights.npz: intercept holds 1 value that is not finite (NaN or inf); expected "
        "finite numbers",
    ),
    (
        "a huge weight",
        lambda d: _with_coef_value(d, 1e300),
        "weights.npz: coef holds 1 value larger than 1e+100 in size (largest 1e+300); "
        "expected at most 1e+100",
    ),
    (
        "a negative idf",
        lambda d: _change(d, idf=np.concatenate([[-1.0, 0.0], _arrays(d)["idf"][2:]])),
        "weights.npz: idf holds 2 values not above 0 (smallest -1); expected positive "
        "numbers (training gives idf ≥ 1)",
    ),
    (
        "a word twice",
        lambda d: _change(d, words=_with_first(_arrays(d)["words"], 7)),
        'weights.npz: words holds 1 word more than once (first "<s>"); expected each word once',
    ),
    (
        "an empty word",
        lambda d: _change(d, words=_with_first(_arrays(d)["words"], 8, "")),
        "weights.npz: words holds an empty word at position 8; expected words",
    ),
    (
        "words without the special ones first",
        lambda d: _change(d, words=_with_first(_arrays(d)["words"], 1, "x")),
        'weights.npz: words starts with ["<s>", "x", "<start>", "<end>", "<none>"]; expected '
        '["<s>", "</s>", "<start>", "<end>", "<none>"]',
    ),
    (
        "characters beyond Unicode",
        lambda d: _change(d, words=_with_code_points(_arrays(d)["words"])),
        "weights.npz: words holds 2 code points that are no character (first U+110000, "
        "in word 5); expected Unicode text",
    ),
    (
        "keys out of order",
        lambda d: _change(d, keys=_arrays(d)["keys"][::-1].copy()),
        "weights.npz: keys[1] is not above keys[0]; expected distinct keys in increasing order",
    ),
    (
        "a key naming a word the model does not have",
        lambda d: _change(d, keys=_with_key(_arrays(d), 1 << 56 | 10**6)),
        "weights.npz: keys holds 1 key that names no feature (first 0x1000000000f4240); "
        "expected keys of nlp_perf's features over <N> words",
    ),
    (
        "a key of no group",
        lambda d: _change(d, keys=_with_key(_arrays(d), 99 << 56)),
        "weights.npz: keys holds 1 key that names no feature (first 0x6300000000000000); "
        "expected keys of nlp_perf's features over <N> words",
    ),
    (
        "keys of floats",
        lambda d: _change(d, keys=_arrays(d)["keys"].astype(np.float64)),
        "weights.npz: keys holds float64; expected uint64",
    ),
    # -- weights.npz: members, dtypes, shapes
    (
        "an object array",
        lambda d: _save_pickled_words(d),
        "weights.npz: words is an array of Python objects, which only pickle reads; "
        "expected a str array",
    ),
    (
        "bytes words",
        lambda d: _change(d, words=np.array([f.encode() for f in _arrays(d)["words"]])),
        "weights.npz: words holds |S<N>; expected strings (a numpy str array)",
    ),
    (
        "integer weights",
        lambda d: _change(d, coef=_arrays(d)["coef"].astype(np.int64)),
        "weights.npz: coef holds int64; expected float64 (or float32)",
    ),
    (
        "idf of the wrong length",
        lambda d: _change(d, idf=_arrays(d)["idf"][:-1]),
        "weights.npz: idf has shape (<N>,); expected (<N>,), n_features in model.json",
    ),
    (
        "coef transposed",
        lambda d: _change(d, coef=_arrays(d)["coef"].T.copy()),
        "weights.npz: coef has shape (<N>, 5); expected (5, <N>), labels × n_features in model.json",
    ),
    (
        "an unexpected member",
        lambda d: _change(d, evil=np.zeros(3)),
        'weights.npz: "evil.npy" is a member it should not hold; expected only words, keys, '
        "idf, coef, intercept (format version 3)",
    ),
    (
        "a member missing",
        lambda d: _change(d, idf=None),
        "weights.npz is malformed: idf missing; a model of format version 3 holds words, "
        "keys, idf, coef, intercept",
    ),
    (
        "a member twice",
        lambda d: _zip_member_twice(d),
        "weights.npz: coef.npy is there twice; expected each array once",
    ),
    (
        "a member packed with bzip2",
        lambda d: _repack(d, zipfile.ZIP_BZIP2),
        "weights.npz: words is packed with zip method 12; expected deflate or none, as "
        "numpy's savez writes",
    ),
    (
        "a header claiming five million features",
        lambda d: _claim(d, 5_000_000),
        "weights.npz: keys unpacks to 128 bytes; expected 40,000,128 for shape "
        "(5000000,) of uint64",
    ),
    (
        "arrays unpacking to 4 GB",
        lambda d: _claim_unpacked(d, 4_000_000_000),
        "weights.npz: its arrays unpack to <N> bytes; expected at most 2,000,000,000",
    ),
    (
        "a zip of 5000 members",
        lambda d: _many_members(d, 5000),
        "weights.npz: its zip directory takes <N> bytes; expected at most 65,536 (a few arrays)",
    ),
    (
        "weights.npz truncated",
        lambda d: _truncate(d / "weights.npz", 1000),
        "weights.npz is malformed: not a zip archive (File is not a zip file)",
    ),
    (
        "weights.npz not a zip",
        lambda d: (d / "weights.npz").write_bytes(b"PK\x03\x04 truncated"),
        "weights.npz is malformed: not a zip archive (File is not a zip file)",
    ),
    (
        "compressed data flipped",
        lambda d: _flip_in(d, "coef.npy"),
        re.compile(
            r"weights\.npz: coef cannot be read \((Error -3 while decompressing data|Bad CRC-32).*\)"
        ),
    ),
    # -- files
    (
        "weights.npz missing",
        lambda d: (d / "weights.npz").unlink(),
        "weights.npz missing",
    ),
    (
        "weights.npz a link to /etc/passwd",
        lambda d: _link(d / "weights.npz", "/etc/passwd"),
        'weights.npz: a symbolic link out of the model folder (to "/etc/passwd"); expected a '
        "regular file inside the folder",
    ),
    (
        "weights.npz a link to good weights elsewhere",
        lambda d: _link(d / "weights.npz", _move_out(d / "weights.npz")),
        'weights.npz: a symbolic link out of the model folder (to "<ELSEWHERE>"); expected a '
        "regular file inside the folder",
    ),
    (
        "weights.npz a link by ../",
        lambda d: _link(d / "weights.npz", "../" + _move_out(d / "weights.npz").name),
        'weights.npz: a symbolic link out of the model folder (to "../weights.npz"); expected '
        "a regular file inside the folder",
    ),
    (
        "weights.npz a dangling link",
        lambda d: _link(d / "weights.npz", "gone.npz"),
        'weights.npz: a symbolic link to "gone.npz", which does not exist',
    ),
    (
        "weights.npz a directory",
        lambda d: (d / "weights.npz").unlink() or (d / "weights.npz").mkdir(),
        "weights.npz is a directory; expected a regular file",
    ),
    (
        "weights.npz a FIFO",
        lambda d: (d / "weights.npz").unlink() or os.mkfifo(d / "weights.npz"),
        "weights.npz is a FIFO (named pipe); expected a regular file",
    ),
    (
        "weights.npz of 3 GB",
        lambda d: _truncate(d / "weights.npz", 3_000_000_000),
        "weights.npz is 3,000,000,000 bytes; expected at most 2,000,000,000",
    ),
    (
        "model.json a link to /dev/zero",
        lambda d: _link(d / "model.json", "/dev/zero"),
        'model.json: a symbolic link out of the model folder (to "/dev/zero"); expected a '
        "regular file inside the folder",
    ),
    (
        "card.json a directory",
        lambda d: (d / "card.json").unlink() or (d / "card.json").mkdir(),
        "card.json is a directory; expected a regular file",
    ),
    (
        "card.json nested 200 deep",
        lambda d: (d / "card.json").write_text('{"a": ' + "[" * 199 + "]" * 199 + "}"),
        "card.json: arrays or objects nested more than 100 levels deep; expected at most 100",
    ),
    (
        "card.json of 11 MB",
        lambda d: (d / "card.json").write_text(json.dumps({"a": "x" * 11_000_000})),
        "card.json is <N> bytes; expected at most 10,000,000",
    ),
    (
        "card.json a string",
        lambda d: (d / "card.json").write_text('"card"'),
        'card.json holds "card"; expected a JSON object',
    ),
]


def _drop_key(d: Path, key: str) -> None:
    meta = _meta(d)
    del meta[key]
    (d / "model.json").write_text(json.dumps(meta), encoding="utf-8")


def _with_first(vocabulary: np.ndarray, at: int, value: str | None = None) -> np.ndarray:
    """The vocabulary with position ``at`` replaced by ``value`` (default: the first feature)."""
    out = vocabulary.copy()
    out[at] = vocabulary[0] if value is None else value
    return out


def _with_code_points(vocabulary: np.ndarray) -> np.ndarray:
    """The vocabulary with a code point beyond U+10FFFF in feature 5 and a surrogate in 7."""
    out = vocabulary.copy()
    codes = out.view(np.uint32).reshape(len(out), -1)
    codes[5, 2], codes[7, 2] = 0x110000, 0xD800
    return out


def _with_key(arrays: dict, key: int) -> np.ndarray:
    """The keys with the last one replaced by ``key`` (above all the others)."""
    keys = arrays["keys"].copy()
    keys[-1] = key
    return np.sort(keys)


def _save_pickled_words(d: Path) -> None:
    arrays = _arrays(d)
    arrays["words"] = arrays["words"].astype(object)
    np.savez_compressed(d / "weights.npz", **arrays)


def _zip_member_twice(d: Path) -> None:
    with zipfile.ZipFile(d / "weights.npz", "a") as zf, pytest.warns(UserWarning):
        zf.writestr("coef.npy", b"")


def _repack(d: Path, method: int) -> None:
    """weights.npz with its members packed by ``method``."""
    with zipfile.ZipFile(d / "weights.npz") as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    with zipfile.ZipFile(d / "weights.npz", "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _npy_header(descr: str, shape: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    header = {"descr": descr, "fortran_order": False, "shape": shape}
    np.lib.format.write_array_header_1_0(out, header)
    return out.getvalue()


def _claim(d: Path, n: int) -> None:
    """A small weights.npz whose members' headers claim ``n`` features (as does model.json)."""
    _edit(d, n_features=n)
    words = _arrays(d)["words"]
    with zipfile.ZipFile(d / "weights.npz", "w", zipfile.ZIP_DEFLATED) as zf:
        buffer = io.BytesIO()
        np.save(buffer, words)
        zf.writestr("words.npy", buffer.getvalue())
        zf.writestr("keys.npy", _npy_header("<u8", (n,)))
        zf.writestr("idf.npy", _npy_header("<f8", (n,)))
        zf.writestr("coef.npy", _npy_header("<f8", (5, n)))
        zf.writestr("intercept.npy", _npy_header("<f8", (5,)) + bytes(40))


def _claim_unpacked(d: Path, size: int) -> None:
    """weights.npz whose zip directory says coef unpacks to ``size`` bytes (a zip bomb's
    claim), with nothing behind it."""
    _repack(d, zipfile.ZIP_DEFLATED)
    data = bytearray((d / "weights.npz").read_bytes())
    eocd = data.rfind(b"PK\x05\x06")
    (count,) = struct.unpack_from("<H", data, eocd + 10)
    (at,) = struct.unpack_from("<L", data, eocd + 16)
    for _ in range(count):  # the central directory's entries
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, at + 28)
        if data[at + 46 : at + 46 + name_len] == b"coef.npy":
            struct.pack_into("<L", data, at + 24, size)
        at += 46 + name_len + extra_len + comment_len
    (d / "weights.npz").write_bytes(bytes(data))


def _many_members(d: Path, n: int) -> None:
    with zipfile.ZipFile(d / "weights.npz", "w") as zf:
        for k in range(n):
            zf.writestr(f"m{k}.npy", b"")


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)


def _flip_in(d: Path, member: str) -> None:
    """Flip a byte in the middle of ``member``'s packed data."""
    with zipfile.ZipFile(d / "weights.npz") as zf:
        info = zf.getinfo(member)
    data = bytearray((d / "weights.npz").read_bytes())
    name_len, extra_len = struct.unpack_from("<2H", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0xFF
    (d / "weights.npz").write_bytes(bytes(data))


def _link(path: Path, target: str | Path) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def _move_out(path: Path) -> Path:
    """Move ``path`` to the folder above its own; returns where it went."""
    out = path.parent.parent / path.name
    path.rename(out)
    return out


def _matches(message: str, expected: str | re.Pattern, d: Path) -> bool:
    if isinstance(expected, re.Pattern):
        return bool(expected.fullmatch(message))
    # <N>: a number; <FIRST>: a feature; <ELSEWHERE>: where the case moved the weights
    expected = expected.replace("<ELSEWHERE>", str(d.parent / "weights.npz"))
    pattern = re.escape(expected).replace("<N>", r"[\d,]+").replace("<FIRST>", r"[^\"]+")
    return bool(re.fullmatch(pattern, message))


@pytest.mark.parametrize("breaks, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_model_folder_is_refused_with_one_line(folder, capsys, breaks, expected):
    if not hasattr(os, "mkfifo") and "FIFO" in str(expected):
        pytest.skip("no FIFOs here")
    breaks(folder)
    start = time.perf_counter()
    message = _refused(folder, capsys)
    assert time.perf_counter() - start < 2, "refused, but only after a while"
    assert _matches(message, expected, folder), message


@pytest.mark.parametrize("command", ["inspect", "classify"])
def test_nan_weights_and_a_billion_character_lengths_are_refused_quickly(folder, capsys, command):
    """The two failures found: NaN weights classified every sentence with confidence nan;
    char_max of a billion allocated until the memory was gone."""
    _with_coef_value(folder, np.nan, np.nan, np.nan)
    assert _refused(folder, capsys, command) == (
        "weights.npz: coef holds 3 values that are not finite (NaN or inf); expected finite numbers"
    )
    _with_coef_value(folder, 0.0, 0.0, 0.0)
    _features(folder, char_max=1_000_000_000)
    start = time.perf_counter()
    assert _refused(folder, capsys, command).startswith("model.json: features.char_max is 1")
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    "breaks",
    [
        lambda d: _claim(d, 5_000_000),
        lambda d: _claim_unpacked(d, 4_000_000_000),
        lambda d: _features(d, char_max=1_000_000_000),
        lambda d: (d / "model.json").write_text("[" * 100_000, encoding="utf-8"),
    ],
    ids=["5 million features claimed", "4 GB claimed", "char_max of a billion", "nested"],
)
def test_claims_of_huge_arrays_allocate_nothing(folder, breaks):
    """Refused from the sizes in model.json and in the zip and .npy headers, before numpy
    allocates what they claim (numpy reports its allocations to tracemalloc)."""
    breaks(folder)
    tracemalloc.start()
    try:
        with pytest.raises(NlpPerfError):
            load_model(folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_the_shipped_model_may_be_linked_from_anywhere(folder, monkeypatch):
    """The shipped model is laid out by the installer (setuptools' strict editable install
    links each file to the source tree); a folder the user names is not."""
    _link(folder / "weights.npz", _move_out(folder / "weights.npz"))
    with pytest.raises(NlpPerfError, match="a symbolic link out of the model folder"):
        load_model(folder)
    monkeypatch.delenv("NLP_PERF_MODEL", raising=False)
    monkeypatch.setattr(model_module, "default_model_path", lambda: folder)
    assert load_model().name == "tiny-test"
    monkeypatch.setenv("NLP_PERF_MODEL", str(folder))
    with pytest.raises(NlpPerfError, match="a symbolic link out of the model folder"):
        load_model()


def _classifies(model) -> np.ndarray:
    texts = ["项目完成率100%，群众满意度较高。", "存在资金拨付不及时的问题。", ""]
    rows = model.featurize(texts, ["一、绩效目标", "", ""])
    proba = model.predict_proba(rows, ["一、绩效目标", "", ""])
    assert np.isfinite(proba).all()
    return proba


def test_what_the_checks_let_through(folder, tiny_model, tmp_path):
    """A link inside the folder, float32 or big-endian weights, a stored (unpacked) npz, an
    unknown top-level key in model.json, no card.json, and a setting older models predate."""
    expected = _classifies(tiny_model)
    (folder / "weights.npz").rename(folder / "weights-1.npz")
    (folder / "weights.npz").symlink_to("weights-1.npz")
    _edit(folder, notes="top-level keys nlp_perf does not know are ignored")
    (folder / "card.json").unlink()
    features = _meta(folder)["features"]
    del features["section_none"]  # a model from before the setting: it takes True
    _edit(folder, features=features)
    model = load_model(folder)
    assert model.card == {} and model.config.section_none
    model = load_model(folder)
    arrays = _arrays(folder)
    (folder / "weights.npz").unlink()
    big_endian = {k: v.astype(v.dtype.newbyteorder(">")) for k, v in arrays.items()}
    _save(folder, compressed=False, **big_endian)
    _features(folder, section_none=False)
    again = load_model(folder)
    assert again.vocabulary == tiny_model.vocabulary
    np.testing.assert_array_equal(_classifies(again), expected)
    _save(folder, **{**arrays, "coef": arrays["coef"].astype(np.float32)})
    np.testing.assert_allclose(_classifies(load_model(folder)), expected, rtol=1e-5)


def test_the_shipped_model_and_a_saved_copy_pass_the_checks(tmp_path):
    model = load_model()
    assert model.reads_context and len(model.labels) == 5
    model.save(tmp_path / "copy")
    again = load_model(tmp_path / "copy")
    assert again.vocabulary == model.vocabulary
    np.testing.assert_array_equal(again.context_coef, model.context_coef)


# ----------------------------------------------------------------------------- fuzzing

_FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def fuzz_dir(tiny_model_dir, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("fuzz") / "model"
    shutil.copytree(tiny_model_dir, d)
    return d


def _loads_or_refuses(d: Path) -> str:
    """Loading ``d`` gives a model that classifies ("loaded"), or one line naming a file of
    the folder ("refused")."""
    try:
        model = load_model(d)
    except NlpPerfError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 400, message
        assert re.match(r"(model\.json|weights\.npz|card\.json)\b", message), message
        return "refused"
    _classifies(model)
    return "loaded"


def _mutated(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data)
    for at, value in edits:
        out[at % len(out)] = value
    return bytes(out if cut is None else out[: cut % (len(out) + 1)])


@_FUZZ
@given(
    how=st.sampled_from(["bytes", "flips", "value", "feature"]),
    raw=st.binary(max_size=300),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4),
    cut=st.none() | st.integers(0, 10**6),
    key=st.sampled_from(
        [
            "format",
            "format_version",
            "name",
            "version",
            "labels",
            "features",
            "vectorizer",
            "n_features",
            "n_words",
        ]
    ),  # fmt: skip
    setting=st.sampled_from(
        ["words", "char_min", "char_max", "context", "section_none", "unknown"]
    ),
    value=_json_values,
)
def test_fuzzed_model_json_is_loaded_or_refused_in_one_line(
    fuzz_dir, tiny_model_dir, how, raw, edits, cut, key, setting, value
):
    real = (tiny_model_dir / "model.json").read_bytes()
    if how == "bytes":
        data = raw
    elif how == "flips":
        data = _mutated(real, edits, cut)
    else:
        meta = json.loads(real)
        if how == "value":
            meta[key] = value
        else:
            meta["features"][setting] = value
        data = json.dumps(meta).encode()  # NaN and Infinity as Python's json writes them
    (fuzz_dir / "model.json").write_bytes(data)
    try:
        assert _loads_or_refuses(fuzz_dir) in ("loaded", "refused")
    finally:
        shutil.copy(tiny_model_dir / "model.json", fuzz_dir / "model.json")


def _swapped(npz: bytes, first: str, second: str) -> bytes:
    """The npz with two members' contents exchanged."""
    with zipfile.ZipFile(io.BytesIO(npz)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    a, b = f"{first}.npy", f"{second}.npy"
    members[a], members[b] = members[b], members[a]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


_MEMBERS = ["words", "keys", "idf", "coef", "intercept"]


@pytest.fixture(scope="module")
def stored_npz(tiny_model_dir) -> bytes:
    """The tiny model's weights unpacked (np.savez): a flipped byte lands in a header or
    the numbers, not only in deflated data."""
    buffer = io.BytesIO()
    with np.load(tiny_model_dir / "weights.npz") as npz:
        np.savez(buffer, **{k: npz[k] for k in npz.files})
    return buffer.getvalue()


@_FUZZ
@given(
    how=st.sampled_from(["flips", "truncate", "swap", "flips-stored", "array"]),
    edits=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.integers(0, 10**7),
    pair=st.lists(st.sampled_from(_MEMBERS), min_size=2, max_size=2, unique=True),
    dtype=st.sampled_from(["<f8", ">f4", "<i8", "<U3", "|S2", "<c16", "|b1", "<f2"]),
    shape=st.lists(st.integers(0, 6), max_size=3),
)
def test_fuzzed_weights_npz_is_loaded_or_refused_in_one_line(
    fuzz_dir, tiny_model_dir, stored_npz, how, edits, cut, pair, dtype, shape
):
    real = (tiny_model_dir / "weights.npz").read_bytes()
    if how == "flips":
        data = _mutated(real, edits, None)
    elif how == "flips-stored":
        data = _mutated(stored_npz, edits, None)
    elif how == "truncate":
        data = real[: cut % len(real)]
    elif how == "swap":
        data = _swapped(real, *pair)
    else:  # one member replaced by an array of another dtype and shape
        buffer = io.BytesIO()
        with np.load(io.BytesIO(real)) as npz:
            arrays = {k: npz[k] for k in npz.files}
        arrays[pair[0]] = np.zeros(shape, dtype=dtype)
        np.savez(buffer, **arrays)
        data = buffer.getvalue()
    (fuzz_dir / "weights.npz").write_bytes(data)
    try:
        assert _loads_or_refuses(fuzz_dir) in ("loaded", "refused")
    finally:
        shutil.copy(tiny_model_dir / "weights.npz", fuzz_dir / "weights.npz")


def test_regression_a_npy_header_with_a_nul_byte_is_refused_in_one_line(folder, capsys):
    """Found by the fuzzing: numpy reads a .npy header with ast, which raised SyntaxError."""
    buffer = io.BytesIO()
    with np.load(folder / "weights.npz") as npz:
        np.savez(buffer, **{k: npz[k] for k in npz.files})
    data = bytearray(buffer.getvalue())
    data[134] = 0  # in the first member's .npy header, after its dict (the case found)
    (folder / "weights.npz").write_bytes(bytes(data))
    assert _refused(folder, capsys).startswith("weights.npz: words cannot be read")
