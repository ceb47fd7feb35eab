"""A model loaded before is read from its unpacked copy in the cache, and only ever its own:
the same arrays, the same labels; a changed, damaged or missing copy changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLE

from nlp_perf import NlpPerfError, load_model
from nlp_perf.classify import modelcheck, weightcache
from nlp_perf.pipeline import classify_file

ARRAYS = ("vocabulary", "idf", "coef", "intercept")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache directory of its own, that keeps even a test's small model."""
    d = tmp_path / "cache"
    monkeypatch.setenv("NLP_PERF_CACHE", str(d))
    monkeypatch.setattr(weightcache, "MIN_BYTES", 0)
    return d


@pytest.fixture
def folder(tiny_model_dir, tmp_path) -> Path:
    d = tmp_path / "model"
    shutil.copytree(tiny_model_dir, d)
    return d


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("weights-*.v1"))


def _no_unpacking(monkeypatch) -> None:
    """From now on weights.npz cannot be unpacked: a model loads only from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("weights.npz was unpacked")

    monkeypatch.setattr(modelcheck, "_read_arrays", refuse)


def _same(a, b) -> None:
    for name in ARRAYS:
        x, y = getattr(a, name), getattr(b, name)
        if name == "vocabulary":
            assert x == y
        else:
            assert x.dtype == y.dtype == np.float64
            np.testing.assert_array_equal(x, y)


def _rewrite_coef(d: Path, factor: float) -> None:
    with np.load(d / "weights.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["coef"] = arrays["coef"] * factor
    np.savez_compressed(d / "weights.npz", **arrays)


def test_a_model_loaded_again_reads_its_copy_and_labels_alike(folder, cache, monkeypatch):
    first = load_model(folder)
    assert len(_entries(cache)) == 1
    _no_unpacking(monkeypatch)
    again = load_model(folder)
    _same(first, again)
    assert again.coef.flags.writeable  # as numpy's own load gives them
    one, two = classify_file(SAMPLE, first), classify_file(SAMPLE, again)
    assert one.to_dict() == two.to_dict()


def test_a_changed_model_does_not_read_the_old_copy(folder, cache):
    before = load_model(folder)
    _rewrite_coef(folder, 2.0)
    after = load_model(folder)
    np.testing.assert_array_equal(after.coef, before.coef * 2.0)
    assert len(_entries(cache)) == 2


def _damage_header(entry: Path, change) -> None:
    head, _, data = entry.read_bytes().partition(b"\n")
    fields = json.loads(head)
    change(fields)
    entry.write_bytes(json.dumps(fields).encode() + b"\n" + data)


def _set_first_weight(entry: Path, value: float) -> None:
    head, _, data = entry.read_bytes().partition(b"\n")
    (offset,) = [a[3] for a in json.loads(head)["arrays"] if a[0] == "coef"]
    data = bytearray(data)
    data[offset : offset + 8] = np.float64(value).tobytes()
    entry.write_bytes(head + b"\n" + bytes(data))


DAMAGES = {
    "truncated": lambda e: e.write_bytes(e.read_bytes()[:-100]),
    "one byte longer": lambda e: e.write_bytes(e.read_bytes() + b"\0"),
    "empty": lambda e: e.write_bytes(b""),
    "no header": lambda e: e.write_bytes(b"\x00\xff" * 50),
    "another model's key": lambda e: _damage_header(e, lambda h: h.update(key="0" * 64)),
    "another shape": lambda e: _damage_header(e, lambda h: h["arrays"][2].__setitem__(2, [1, 1])),
    "an array missing": lambda e: _damage_header(e, lambda h: h["arrays"].pop()),
    "ints for floats": lambda e: _damage_header(e, lambda h: h["arrays"][1].__setitem__(1, "<i8")),
    "an object array": lambda e: _damage_header(e, lambda h: h["arrays"][1].__setitem__(1, "|O")),
    "a NaN weight": lambda e: _set_first_weight(e, float("nan")),
    "a huge weight": lambda e: _set_first_weight(e, 1e300),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_copy_is_not_used_and_is_made_again(folder, cache, monkeypatch, damage):
    first = load_model(folder)
    (entry,) = _entries(cache)
    DAMAGES[damage](entry)
    again = load_model(folder)  # from weights.npz, which is whole
    _same(first, again)
    _no_unpacking(monkeypatch)
    _same(first, load_model(folder))  # and the copy is whole again


def test_a_broken_model_is_refused_whatever_copies_there_are(folder, cache):
    load_model(folder)
    _rewrite_coef(folder, float("nan"))
    with pytest.raises(NlpPerfError, match="coef holds .* not finite"):
        load_model(folder)
    assert len(_entries(cache)) == 1  # nothing kept of the broken model


def test_only_the_most_recently_used_copies_are_kept(folder, cache, monkeypatch):
    monkeypatch.setattr(weightcache, "KEEP", 2)
    original = (folder / "weights.npz").read_bytes()
    load_model(folder)
    (first,) = _entries(cache)
    _rewrite_coef(folder, 2.0)
    load_model(folder)
    (folder / "weights.npz").write_bytes(original)
    load_model(folder)  # the first model, used again: kept
    _rewrite_coef(folder, 3.0)
    load_model(folder)
    entries = _entries(cache)
    assert len(entries) == 2 and first in entries


def test_without_a_writable_cache_a_model_loads(folder, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("NLP_PERF_CACHE", str(not_a_folder / "cache"))
    monkeypatch.setattr(weightcache, "MIN_BYTES", 0)
    first = load_model(folder)
    _same(first, load_model(folder))


def test_a_small_model_is_not_kept(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("NLP_PERF_CACHE", str(tmp_path / "cache"))
    assert (folder / "weights.npz").stat().st_size < weightcache.MIN_BYTES
    load_model(folder)
    assert not (tmp_path / "cache").exists()
