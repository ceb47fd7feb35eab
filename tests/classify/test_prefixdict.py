"""jieba's prefix dictionary kept in nlp_perf's own file (nlp_perf/classify/prefixdict.py): written
once, read back whole, handed to a tokenizer only in the pieces a text can look up, and never
used when it is stale or damaged.  A small dictionary made up here stands for jieba's: the
whole one is tested against jieba in test_speed_engines.py."""

from __future__ import annotations

import json
import os
import sys

import pytest

from nlp_perf import atomic
from nlp_perf.classify import prefixdict
from nlp_perf.classify.prefixdict import JIEBA_SUFFIX, PrefixDict

FREQ = {
    "预": 5,
    "预算": 40,
    "预算执行": 3,
    "执": 4,
    "执行": 30,
    "执行率": 6,
    "率": 2,
    "县": 9,
    "澄湖县": 7,
    "澄湖": 0,  # a prefix of a word, which jieba keeps with 0
    "𠀀": 1,  # outside the basic plane
    "𠀀𠀁": 2,
    "a": 1,
    "ab": 1,
}
TOTAL = 123_456


@pytest.fixture
def kept(tmp_path) -> PrefixDict:
    PrefixDict.write(FREQ, TOTAL, tmp_path)
    found = PrefixDict.read(PrefixDict.path_in(tmp_path))
    assert found is not None
    return found


def test_the_dictionary_is_kept_in_one_file_and_nothing_else_is_left(tmp_path):
    PrefixDict.write(FREQ, TOTAL, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [PrefixDict.path_in(tmp_path).name]


def test_the_whole_dictionary_and_its_total_come_back(kept):
    freq: dict[str, int] = {}
    kept.fill(freq, "".join(FREQ))  # every character and pair of the dictionary's words
    assert freq == FREQ
    assert kept.total == TOTAL


def test_a_text_gets_only_its_characters_and_the_words_starting_with_its_pairs(kept):
    freq: dict[str, int] = {}
    kept.fill(freq, "预算执行率")
    assert freq == {
        "预": 5,
        "预算": 40,
        "预算执行": 3,
        "执": 4,
        "执行": 30,
        "执行率": 6,
        "率": 2,
    }


def test_a_word_is_handed_out_only_when_its_first_two_characters_stand_together(kept):
    freq: dict[str, int] = {}
    kept.fill(freq, "湖澄县")  # 澄 and 湖 are there, but not as 澄湖
    assert freq == {"县": 9}


def test_characters_outside_the_basic_plane_are_kept_whole(kept):
    freq: dict[str, int] = {}
    kept.fill(freq, "𠀀𠀁")
    assert freq == {"𠀀": 1, "𠀀𠀁": 2}


def test_what_was_handed_out_once_is_not_handed_out_again(kept):
    freq: dict[str, int] = {}
    kept.fill(freq, "执行")
    freq["执行"] = 99  # a user word's frequency replaces jieba's
    kept.fill(freq, "执行率")
    assert freq["执行"] == 99
    assert freq["率"] == 2 and freq["执行率"] == 6


def test_an_empty_text_hands_out_nothing(kept):
    freq: dict[str, int] = {}
    kept.fill(freq, "")
    assert freq == {}


@pytest.mark.parametrize(
    "freq",
    [
        {},
        {"预算": 1, "": 1},  # an empty word
        {"预算": 1, "预\n算": 1},  # a line break would break the file
        {"预算": 2**31},  # a count beyond 32 bits
    ],
)
def test_a_dictionary_the_file_cannot_hold_is_not_written(tmp_path, freq):
    PrefixDict.write(freq, TOTAL, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_leaves_jieba_to_load_its_own(tmp_path):
    missing = tmp_path / "no such folder"
    PrefixDict.write(FREQ, TOTAL, missing)  # no error: the cache is only a speed-up
    assert not missing.exists()


def test_a_missing_file_is_not_used(tmp_path):
    assert PrefixDict.read(PrefixDict.path_in(tmp_path)) is None


def _rewrite_head(path, **changes) -> None:
    head, rest = path.read_bytes().split(b"\n", 1)
    fields = json.loads(head) | changes
    path.write_bytes(json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n" + rest)


@pytest.mark.parametrize(
    "changes",
    [
        {"key": "jieba 0.0; dict.txt 1 1"},  # written from another jieba or dict.txt
        {"byteorder": "big" if sys.byteorder == "little" else "little"},
    ],
)
def test_a_file_of_another_jieba_or_machine_is_not_used(tmp_path, changes):
    PrefixDict.write(FREQ, TOTAL, tmp_path)
    _rewrite_head(PrefixDict.path_in(tmp_path), **changes)
    assert PrefixDict.read(PrefixDict.path_in(tmp_path)) is None


def test_a_file_whose_head_does_not_describe_it_is_not_used(tmp_path):
    PrefixDict.write(FREQ, TOTAL, tmp_path)
    _rewrite_head(PrefixDict.path_in(tmp_path), words="many")
    assert PrefixDict.read(PrefixDict.path_in(tmp_path)) is None


@pytest.mark.parametrize("damage", ["truncated", "too long", "garbage", "empty"])
def test_a_damaged_file_is_not_used(tmp_path, damage):
    PrefixDict.write(FREQ, TOTAL, tmp_path)
    path = PrefixDict.path_in(tmp_path)
    good = path.read_bytes()
    path.write_bytes(
        {
            "truncated": good[:-3],
            "too long": good + b"\0",
            "garbage": b"\x80not json\n",
            "empty": b"",
        }[damage]
    )
    assert PrefixDict.read(path) is None


def test_the_key_names_the_jieba_version_it_was_written_from():
    import jieba

    assert PrefixDict.key().startswith(f"jieba {jieba.__version__}; dict.txt ")


def test_installs_of_different_jiebas_keep_their_own_files_side_by_side(tmp_path, monkeypatch):
    for version in ("0.42.1", "0.42.2"):
        monkeypatch.setattr(PrefixDict, "key", staticmethod(lambda v=version: f"jieba {v}"))
        PrefixDict.write(FREQ, TOTAL, tmp_path)
    assert len(list(tmp_path.iterdir())) == 2  # neither overwrote the other
    for version in ("0.42.1", "0.42.2"):
        monkeypatch.setattr(PrefixDict, "key", staticmethod(lambda v=version: f"jieba {v}"))
        assert PrefixDict.read(PrefixDict.path_in(tmp_path)) is not None


def test_a_write_that_fails_half_way_leaves_no_file_to_be_read(tmp_path, monkeypatch):
    PrefixDict.write(FREQ, TOTAL, tmp_path)
    good = PrefixDict.path_in(tmp_path).read_bytes()

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full_disk)
    PrefixDict.write({"新词": 3, **FREQ}, TOTAL, tmp_path)  # fails, quietly
    assert [p.name for p in tmp_path.iterdir()] == [PrefixDict.path_in(tmp_path).name]
    assert PrefixDict.path_in(tmp_path).read_bytes() == good


def test_only_the_most_recently_used_dictionaries_are_kept(tmp_path, monkeypatch):
    """Each install of jieba leaves its files; those of installs not used for longest go."""
    monkeypatch.setattr(prefixdict, "KEEP", 3)

    def install(version: str):
        monkeypatch.setattr(PrefixDict, "key", staticmethod(lambda: f"jieba {version}"))
        return PrefixDict.path_in(tmp_path)

    for age, version in enumerate(("1", "2", "3")):
        path = install(version)
        PrefixDict.write(FREQ, TOTAL, tmp_path)
        path.with_name(path.name + JIEBA_SUFFIX).write_bytes(b"jieba's own cache")
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # written long ago, in this order
    assert PrefixDict.read(install("1")) is not None  # the first install runs again
    install("4")
    PrefixDict.write(FREQ, TOTAL, tmp_path)  # a new install
    one, three, four = (install(v).name for v in ("1", "3", "4"))
    assert {p.name for p in tmp_path.iterdir()} == {
        one,
        one + JIEBA_SUFFIX,
        three,
        three + JIEBA_SUFFIX,
        four,
    }  # the second install's file and jieba's cache beside it are gone
