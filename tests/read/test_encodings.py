"""Text that decodes but is wrong must not pass silently: Big5, UTF-16 without a BOM, Latin-1.

Report text comes from the project's corpus (data/reports) and fixtures (tests/data).
"""

from __future__ import annotations

import codecs

import pytest
from conftest import DATA, SAMPLE, TEST_DATA

from nlp_perf import InputError, read_document
from nlp_perf.chars import has_cjk
from nlp_perf.cli import main
from nlp_perf.read import decode_bytes

REPORTS = sorted((DATA / "reports").glob("*.txt"))
SAMPLED = REPORTS[::10]  # 32 reports of every kind and encoding
TRADITIONAL = (TEST_DATA / "figures_traditional.txt").read_text(encoding="utf-8")
FRENCH = (
    "Rapport d'évaluation : le budget a été exécuté à 98 %. Les dépenses ont été réalisées "
    "conformément au programme prévu, malgré quelques difficultés.\n"
)
GERMAN = "Der Haushalt wurde zu 98 % ausgeführt. Größere Maßnahmen wurden planmäßig durchgeführt.\n"


def _old_decode(data: bytes) -> tuple[str, str]:
    """The detection before this change: a BOM, strict UTF-8, strict GB18030."""
    for bom, name in [
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ]:
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _text(path) -> str:
    return decode_bytes(path.read_bytes())[0]


def _big5_lines(text: str) -> str:
    """The lines of a (simplified) report whose characters Big5 has too."""
    kept = []
    for line in text.splitlines():
        try:
            line.encode("big5")
        except UnicodeEncodeError:
            continue
        kept.append(line)
    return "\n".join(kept)


def _write(tmp_path, data: bytes, name: str = "r.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_every_known_file_reads_as_before():
    """The corpus (UTF-8, GB18030, BOMs), the fixtures and the example decode exactly as before."""
    files = [*REPORTS, *sorted(TEST_DATA.glob("*.txt")), SAMPLE]
    encodings = set()
    for path in files:
        data = path.read_bytes()
        assert decode_bytes(data) == _old_decode(data), path.name
        encodings.add(decode_bytes(data)[1])
    assert {"utf-8", "gb18030"} <= encodings  # the corpus holds both


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16-le", "utf-16-be"])
def test_sampled_reports_round_trip(tmp_path, encoding):
    for report in SAMPLED:
        text = _text(report)
        doc = read_document(_write(tmp_path, text.encode(encoding)))
        assert (doc.text, doc.encoding) == (text, encoding), report.name


def test_sampled_reports_round_trip_in_big5(tmp_path):
    """Simplified reports are not Big5; their lines whose characters Big5 has are."""
    tried = 0
    for report in SAMPLED:
        text = _big5_lines(_text(report))
        if not has_cjk(text):
            continue
        tried += 1
        doc = read_document(_write(tmp_path, text.encode("big5")))
        assert (doc.text, doc.encoding) == (text, "big5"), report.name
    assert tried >= 15


def test_a_big5_report_is_read_as_big5(tmp_path):
    data = TRADITIONAL.encode("big5")
    assert has_cjk(data.decode("gb18030"))  # valid GB18030 too: it used to be read so, as mojibake
    doc = read_document(_write(tmp_path, data))
    assert (doc.text, doc.encoding) == (TRADITIONAL, "big5")
    for line in ("預算執行率", "部門整體支出績效自評報告", TRADITIONAL.splitlines()[1]):
        assert decode_bytes(line.encode("big5")) == (line, "big5")


def test_microsoft_big5_is_read_as_cp950(tmp_path):
    text = TRADITIONAL + "單價15€。\n"  # the euro sign is cp950's, not Big5's
    doc = read_document(_write(tmp_path, text.encode("cp950")))
    assert (doc.text, doc.encoding) == (text, "cp950")


def test_traditional_chinese_in_utf8_or_gb18030_is_real_chinese(tmp_path):
    assert read_document(_write(tmp_path, TRADITIONAL.encode())).encoding == "utf-8"
    doc = read_document(_write(tmp_path, TRADITIONAL.encode("gb18030")))
    assert (doc.text, doc.encoding) == (TRADITIONAL, "gb18030")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    ["预算执行率98%", "一、项目概况\n年初预算120万元，执行率98.5%。", "部门整体支出绩效自评报告。"],
    ids=["one-line", "two-lines", "no-ascii"],
)
def test_short_utf16_without_bom(tmp_path, encoding, text):
    """Hanzi-only text has no NUL byte at all; it is still found (four characters or more)."""
    doc = read_document(_write(tmp_path, text.encode(encoding)))
    assert (doc.text, doc.encoding) == (text, encoding)


@pytest.mark.parametrize("text", ["预算执行率98.5%。", "预算", "一、项目概况"])
def test_a_short_simplified_report_in_gb18030_still_reads(tmp_path, text):
    doc = read_document(_write(tmp_path, text.encode("gb18030")))
    assert (doc.text, doc.encoding) == (text, "gb18030")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
@pytest.mark.parametrize("text", [FRENCH, GERMAN], ids=["french", "german"])
def test_latin_text_gets_a_sensible_suggestion(tmp_path, encoding, text):
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, text.encode(encoding)))
    message = str(exc.value)
    assert "\n" not in message
    assert "cp1252" in message and "--encoding cp1252" in message
    assert "cp1257" not in message
    # French has "é " (invalid GB18030); German "üh" pairs into a GB18030 character
    start = "cannot decode" if text is FRENCH else "decodes as GB18030 but does not read as Chinese"
    assert message.startswith(start)


def test_big5_that_is_not_quite_big5_is_named_not_misread(tmp_path):
    """Big5 with a byte Big5 lacks past the first 64 KB: GB18030 decodes it, but as mojibake."""
    data = (TRADITIONAL * 150).encode("big5") + "㐀".encode("gb18030")
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, data))
    assert str(exc.value) == (
        "decodes as GB18030 but does not read as Chinese (it looks like big5; try --encoding big5)"
    )


def test_shift_jis_is_named(tmp_path):
    data = "予算の執行率は98パーセントです。ありがとうございました。".encode("shift_jis")
    with pytest.raises(InputError, match=r"\(it looks like shift_jis; try --encoding shift_jis\)$"):
        read_document(_write(tmp_path, data))


def test_gb18030_text_given_encoding_big5_is_decoded_strictly(tmp_path):
    """--encoding is never second-guessed: a report fails (GB leads 0xC7, 0xC8 are not Big5)
    with the offset and what detection would use; a few characters that happen to be valid
    Big5 are read as the (wrong) Big5 characters the user asked for."""
    report = _text(REPORTS[0]).encode("gb18030")
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, report), encoding="big5")
    assert str(exc.value).startswith("not valid big5: undecodable byte at offset ")
    assert str(exc.value).endswith(" (it reads as gb18030; try without --encoding)")
    doc = read_document(_write(tmp_path, "预算执行率".encode("gb18030")), encoding="big5")
    assert (doc.text, doc.encoding) == ("啎呾硒俴薹", "big5")


def test_gb18030_that_happens_to_be_utf8_says_what_to_try(tmp_path):
    """Two GB18030 characters can be valid UTF-8: UTF-8 is trusted, the error names GB18030."""
    data = "目 录".encode("gb18030")
    assert data.decode("utf-8") == "Ŀ ¼"
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, data))
    assert str(exc.value) == (
        "no Chinese text found (read as UTF-8; it reads as Chinese in gb18030: "
        "try --encoding gb18030)"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 4,
        "预算执行率".encode() + b"\x00\x01\x02" + "执行".encode(),
        bytes(range(1, 32)) * 8,
    ],
    ids=["png", "text-with-nul", "controls"],
)
def test_binary_stays_binary(tmp_path, data):
    with pytest.raises(InputError, match=r"^binary file, not text \(convert it to \.txt first\)$"):
        read_document(_write(tmp_path, data))


def test_the_cli_reads_big5_and_refuses_mojibake(tmp_path, capsys):
    big5 = _write(tmp_path, TRADITIONAL.encode("big5"), "big5.txt")
    assert main(["classify", "-v", str(big5)]) == 0
    out, err = capsys.readouterr()
    assert "问题" in out and "措施" in out  # the labels' Chinese names
    assert "(big5)" in err
    latin = _write(tmp_path, GERMAN.encode("latin-1"), "latin.txt")
    assert main(["classify", str(latin)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"error: {latin}: decodes as GB18030 but does not read as Chinese (")
    assert "--encoding cp1252" in err and len(err.strip().splitlines()) == 1
