"""Reading report files: every supported encoding, and every kind of bad input."""

from __future__ import annotations

import codecs

import pytest

from nlp_perf import InputError, read_document
from nlp_perf.read import decode_bytes

TEXT = "一、项目概况\n年初预算120万元，执行率98.5%。还需进一步加强管理；"
TRADITIONAL = "一、項目概況\n年初預算120萬元，執行率98.5%。還需進一步加強管理；"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "gb18030",
        "gbk",
        "utf-16-le",
        "utf-16-be",
    ],
)
def test_encodings_are_detected(tmp_path, data, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == TEXT
    assert doc.encoding == encoding


def test_gb18030_four_byte_characters(tmp_path):
    text = "㐀部门整体支出𠀀绩效"  # characters outside GBK need GB18030's four-byte forms
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_document(path).text == text


def test_big5_is_detected(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    doc = read_document(path)
    assert (doc.text, doc.encoding) == (TRADITIONAL, "big5")


def test_encoding_override(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("預算執行率".encode("big5"))
    assert read_document(path, encoding="big5").text == "預算執行率"
    with pytest.raises(InputError, match="^not valid utf-8: undecodable byte at offset 0 "):
        read_document(path, encoding="utf-8")  # detection reads it: the message says so


def test_unknown_encoding_name(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode())
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_document(path, encoding="klingon")


def test_undecodable_bytes_are_an_error_not_dropped():
    bad = "预算".encode() + b"\xff\xfe\xfd\x80" + "执行".encode()
    with pytest.raises(
        InputError, match="cannot decode: not valid UTF-8, UTF-16 or GB18030, nor Big5"
    ):
        decode_bytes(bad[2:])  # no BOM at the start: bytes invalid in every encoding


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "only whitespace, no text"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "binary file, not text (convert it to .txt first)",
        ),
        (b"Budget report 2022: 100%\n", "no Chinese text found"),
        (
            b"\x80\x81\xff abc \xfe",
            "cannot decode: not valid UTF-8, UTF-16 or GB18030, nor Big5 "
            "(name its encoding with --encoding NAME)",
        ),
    ],
    ids=["empty", "whitespace", "binary", "no-chinese", "invalid-bytes"],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_document(path)
    assert str(exc.value).startswith(message)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="^no such file$"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="^is a directory, expected a file$"):
        read_document(tmp_path)
