"""Fuzz the readers: read_document on random bytes and on damaged real files.

The rule: whatever the bytes, read_document returns a Document holding Chinese text or raises
nlp_perf's own error (NlpPerfError) whose message is one non-empty line naming the cause, and
does so within TIME_LIMIT seconds.  Any other exception (IndexError, zipfile.BadZipFile, an lxml
or pdfminer error, RecursionError …), or a reader still busy after the limit, is a bug.

The real files are made here from the shortest reports of data/reports: .docx with python-docx,
PDF with reportlab (compressed, as builders.write_pdf makes it, and uncompressed, so that a
damage lands in the page's own operators), web pages by hand (UTF-8 and GB18030), plain text as
the corpus has it and in UTF-8.
They are then truncated, bytes flipped, overwritten, inserted and deleted; for .docx a zip
member is replaced (random bytes, broken or deeply nested XML, an entity bomb, table cells
merged in ways Word never writes); PDFs are also built object by object with references that
point anywhere (cycles among them).  The last part holds plain regression tests, one for each
failure the fuzzing found, on the smallest input that showed it.

Hypothesis runs derandomized, without its example database, so a run is the same every time;
its caches go to a temporary directory of its own, removed at exit, never to ./.hypothesis.
"""

from __future__ import annotations

import io
import signal
import struct
import threading
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from builders import write_docx, write_html, write_pdf
from conftest import DATA
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nlp_perf import Document, InputError, NlpPerfError, read_document
from nlp_perf.chars import has_cjk
from nlp_perf.read import decode_bytes

TIME_LIMIT = 5.0  # seconds for one file of a few KB; they take 0.01-0.3 s

# Derandomized, no database, no explain phase (it may write patch files): the same examples on
# every run, and nothing written outside tmp_path but Hypothesis's own temporary home.
FUZZ = dict(
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Spun(BaseException):
    """A reader still busy after TIME_LIMIT: a BaseException, so that no reader's
    ``except Exception`` can take it for the file's fault."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the block after ``seconds``, and every 0.5 s after that until it ends (a
    reader interrupted in a loop may loop again while it cleans up: pdfplumber's close()
    reads the pages again).  SIGALRM: POSIX, main thread only; elsewhere no limit."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def alarm(signum, frame):
        raise Spun(f"still reading after {seconds} s")

    before = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def check_read(path: Path) -> Document | NlpPerfError:
    """Read ``path``: a Document with Chinese text, or an NlpPerfError with a one-line
    message, within TIME_LIMIT; any other exception propagates and fails the test."""
    start = time.perf_counter()
    try:
        with time_limit(TIME_LIMIT):
            result: Document | NlpPerfError = read_document(path)
    except NlpPerfError as exc:
        message = str(exc)
        assert message.strip(), f"{type(exc).__name__} with an empty message"
        assert len(message.splitlines()) == 1, f"message of more than one line: {message!r}"
        assert len(message) <= 400, f"message of {len(message)} characters: {message[:200]!r}…"
        result = exc
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT, f"{elapsed:.1f} s reading {path.name}"
    return result


def read_as_promised(result: Document | NlpPerfError) -> bool:
    """A document with Chinese text, or nlp_perf's own error (its message checked above)."""
    if isinstance(result, NlpPerfError):
        return True
    return isinstance(result, Document) and bool(result.text.strip()) and has_cjk(result.text)


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


# --- the real files --------------------------------------------------------------------------

# The shortest reports of the project's corpus: small files, quick to read many times.
REPORTS = sorted((DATA / "reports").glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))[:2]
STAMP = (1980, 1, 1, 0, 0, 0)  # a fixed time in the zip headers: the same bytes every run


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def pack(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, STAMP), data, compress_type=method)
    return buf.getvalue()


def plain_pdf(text: str, path: Path) -> Path:
    """The report as an uncompressed PDF: its operators and objects readable in the bytes."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pageCompression=0, invariant=1)
    c.setFont("STSong-Light", 11)
    y = 800
    for line in (line for line in text.splitlines() if line.strip()):
        for k in range(0, len(line), 40):
            c.drawString(40, y, line[k : k + 40])
            y -= 16
            if y < 40:
                c.showPage()
                c.setFont("STSong-Light", 11)
                y = 800
    c.save()
    return path


class Files(dict):
    """Files by name, shown by their names (Hypothesis prints the arguments of a failure)."""

    def __repr__(self) -> str:
        return f"<{len(self)} files: {', '.join(self)}>"


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> Files:
    """Real report files of every kind, by name: what the damage is done to."""
    import reportlab.rl_config

    d = tmp_path_factory.mktemp("originals")
    out = Files()
    invariant = reportlab.rl_config.invariant
    reportlab.rl_config.invariant = 1  # no date nor random /ID in the PDF: the same bytes
    try:
        for k, report in enumerate(REPORTS):
            text, encoding = decode_bytes(report.read_bytes())
            out[f"{k}.txt"] = report.read_bytes()
            out[f"{k}-utf8.txt"] = text.encode("utf-8")
            out[f"{k}.docx"] = pack(zip_members(write_docx(text, d / f"{k}.docx").read_bytes()))
            out[f"{k}.pdf"] = write_pdf(text, d / f"{k}.pdf").read_bytes()
            out[f"{k}-plain.pdf"] = plain_pdf(text, d / f"{k}-plain.pdf").read_bytes()
            out[f"{k}.html"] = write_html(text, d / f"{k}.html").read_bytes()
            out[f"{k}-gb.html"] = write_html(text, d / f"{k}-gb.html", "gb18030").read_bytes()
    finally:
        reportlab.rl_config.invariant = invariant
    return out


def test_the_originals_read(originals, tmp_path):
    """The undamaged files read, each as its own kind: the damage starts from good files."""
    for name, data in originals.items():
        doc = check_read(write(tmp_path, name, data))
        assert isinstance(doc, Document), f"{name}: {doc}"
        assert doc.format == name.rsplit(".", 1)[1]


# --- damage ------------------------------------------------------------------------------------

POSITION = st.integers(0, 2**32)  # taken modulo the length of the file
# Bytes that mean something in the formats: inserting them damages structure, not only data.
TOKENS = [
    b"<", b">", b"</", b"/>", b"<w:p>", b"</w:p>", b"<w:tbl>", b"</w:tr>", b"<w:tc>",
    b'<w:gridSpan w:val="99999999"/>', b"<w:vMerge/>", b'w:val="-1"', b"<!--", b"-->",
    b"<![CDATA[", b"]]>", b"&#0;", b"&#99999999999;", b"&lol;", b"<!DOCTYPE x [",
    b" 0 R", b"1 0 R", b"<<", b">>", b"[", b"]", b"(", b")", b"\\", b"obj", b"endobj",
    b"stream\n", b"endstream", b"xref", b"trailer", b"startxref", b"/Root", b"/Kids",
    b"/Count 999999999", b"/Length 0", b"/Length 99999999", b"/Filter /FlateDecode",
    b"/Type /Page", b"9999999999", b"-1", b"1e308", b"Tj", b"TJ", b"Do", b"BT", b"ET",
    b"<html>", b"<p>", b"<td>", b"<tr>", b"<table>", b"<script>", b"<div class=nav>",
    b"&#x", b"<meta charset=big5>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\n",
]  # fmt: skip

EDIT = st.one_of(
    st.tuples(st.just("truncate"), POSITION),
    st.tuples(st.just("flip"), POSITION, st.integers(0, 7)),
    st.tuples(st.just("overwrite"), POSITION, st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("insert"), POSITION, st.binary(min_size=1, max_size=32)),
    st.tuples(st.just("insert"), POSITION, st.sampled_from(TOKENS)),
    st.tuples(st.just("delete"), POSITION, st.integers(1, 64)),
)
EDITS = st.lists(EDIT, min_size=1, max_size=6)


def damaged(data: bytes, edits) -> bytes:
    buf = bytearray(data)
    for op, at, *arg in edits:
        at = at % (len(buf) + 1)
        if op == "truncate":
            del buf[at:]
        elif op == "flip" and at < len(buf):
            buf[at] ^= 1 << arg[0]
        elif op == "overwrite":
            buf[at : at + len(arg[0])] = arg[0]
        elif op == "insert":
            buf[at:at] = arg[0]
        elif op == "delete":
            del buf[at : at + arg[0]]
    return bytes(buf)


NAMES = [f"{k}{kind}" for k in range(2) for kind in (".txt", "-utf8.txt", ".docx", ".pdf",
         "-plain.pdf", ".html", "-gb.html")]  # fmt: skip


@settings(max_examples=220, **FUZZ)
@given(name=st.sampled_from(NAMES), edits=EDITS)
def test_damaged_files(originals, tmp_path_factory, name, edits):
    d = tmp_path_factory.getbasetemp() / "damaged"
    d.mkdir(exist_ok=True)
    assert read_as_promised(check_read(write(d, name, damaged(originals[name], edits))))


# The first bytes of each kind of file (and of text with a byte-order mark): what sniffing reads.
SIGNATURES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"<!DOCTYPE html><body>",
              b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe",
              b"\xfe\xff"]  # fmt: skip


@settings(max_examples=120, **FUZZ)
@given(
    head=st.sampled_from(SIGNATURES),
    body=st.binary(max_size=400),
    suffix=st.sampled_from(
        [".txt", ".docx", ".pdf", ".html", ".doc", ".wps", ".xls", ".xlsx", ".bin", ""]
    ),
)
def test_random_bytes(tmp_path_factory, head, body, suffix):
    d = tmp_path_factory.getbasetemp() / "random"
    d.mkdir(exist_ok=True)
    assert read_as_promised(check_read(write(d, "file" + suffix, head + body)))


# --- .docx: its zip members replaced -----------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def document_xml(body: str, doctype: str = "") -> bytes:
    """word/document.xml with ``body`` in its body (and a DOCTYPE before it, if given)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f"<w:document {W}><w:body>{body}</w:body></w:document>"
    ).encode()


def nested(depth: int) -> bytes:
    return document_xml("<w:p>" + "<w:r>" * depth + "<w:t>中文</w:t>" + "</w:r>" * depth + "</w:p>")


# A billion laughs: &j; stands for 10^9 copies of 中文.
LAUGHS = document_xml(
    "<w:p><w:r><w:t>&j;</w:t></w:r></w:p>",
    '<!DOCTYPE w:document [<!ENTITY a "中文">'
    + "".join(f'<!ENTITY {chr(98 + k)} "{f"&{chr(97 + k)};" * 10}">' for k in range(9))
    + "]>",
)
# An external entity: must never be read (python-docx parses with resolve_entities=False).
XXE = document_xml(
    "<w:p><w:r><w:t>中文&e;</w:t></w:r></w:p>",
    '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
)


def cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


# A table cell's properties that Word never writes together: spans of any size, vertical merges
# with nothing above them, rows starting past the grid.
CELL_PROPS = st.lists(
    st.sampled_from(
        [
            '<w:gridSpan w:val="0"/>',
            '<w:gridSpan w:val="-2"/>',
            '<w:gridSpan w:val="3"/>',
            '<w:gridSpan w:val="99999999"/>',
            '<w:gridSpan w:val="x"/>',
            "<w:vMerge/>",
            '<w:vMerge w:val="restart"/>',
            '<w:vMerge w:val="continue"/>',
            '<w:vMerge w:val="other"/>',
            "",
        ]
    ),
    max_size=2,
).map("".join)
ROW_PROPS = st.sampled_from(["", '<w:trPr><w:gridBefore w:val="2"/></w:trPr>',
                             '<w:trPr><w:gridBefore w:val="99999999"/></w:trPr>',
                             '<w:trPr><w:gridBefore w:val="-1"/></w:trPr>'])  # fmt: skip
TABLES = st.lists(
    st.tuples(ROW_PROPS, st.lists(CELL_PROPS, min_size=0, max_size=4)), min_size=1, max_size=5
).map(
    lambda rows: (
        "<w:tbl>"
        + "".join(
            f"<w:tr>{trpr}" + "".join(cell(f"预算{j}", p) for j, p in enumerate(cells)) + "</w:tr>"
            for trpr, cells in rows
        )
        + "</w:tbl>"
    )
)

REPLACEMENTS = st.one_of(
    st.binary(max_size=200),
    st.just(b""),
    st.just(None),  # the member left out
    st.sampled_from([nested(300), nested(20000), LAUGHS, XXE, document_xml(""),
                     b'<w:document ' + W.encode() + b"/>", b"<foo>\xe4\xb8\xad</foo>",
                     document_xml("<!-- 注释 --><?pi x?><w:p><w:r><w:t>中文</w:t></w:r></w:p>")]),
    TABLES.map(lambda t: document_xml("<w:p><w:r><w:t>表格</w:t></w:r></w:p>" + t)),
)  # fmt: skip


@settings(max_examples=100, **FUZZ)
@given(
    k=st.integers(0, 1),
    member=st.integers(0, 2**16),
    replacement=REPLACEMENTS,
    to_document=st.booleans(),
    method=st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]),
)
def test_docx_members_replaced(
    originals, tmp_path_factory, k, member, replacement, to_document, method
):
    members = zip_members(originals[f"{k}.docx"])
    names = sorted(members)
    name = "word/document.xml" if to_document else names[member % len(names)]
    if replacement is None:
        del members[name]
    else:
        members[name] = replacement
    d = tmp_path_factory.getbasetemp() / "docx"
    d.mkdir(exist_ok=True)
    assert read_as_promised(check_read(write(d, "report.docx", pack(members, method))))


@settings(max_examples=60, **FUZZ)
@given(k=st.integers(0, 1), edits=EDITS)
def test_docx_document_xml_damaged(originals, tmp_path_factory, k, edits):
    """The XML of the document itself damaged, then packed as a sound zip."""
    members = zip_members(originals[f"{k}.docx"])
    members["word/document.xml"] = damaged(members["word/document.xml"], edits)
    d = tmp_path_factory.getbasetemp() / "docx-xml"
    d.mkdir(exist_ok=True)
    assert read_as_promised(check_read(write(d, "report.docx", pack(members))))


# --- PDF: built object by object ----------------------------------------------------------------


def raw_pdf(objects: list[bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


N_OBJECTS = 8
REF = st.integers(1, N_OBJECTS + 1).map(lambda n: b"%d 0 R" % n)  # one past the last: missing
VALUE = st.recursive(
    st.one_of(
        REF,
        st.sampled_from(
            [b"0", b"-1", b"612", b"1e308", b"/Name", b"(text)", b"null", b"true", b"<4e2d>"]
        ),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: b"[" + b" ".join(xs) + b"]"),
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        b"/Kids",
                        b"/Parent",
                        b"/MediaBox",
                        b"/Resources",
                        b"/Contents",
                        b"/Font",
                        b"/XObject",
                        b"/Count",
                        b"/Length",
                        b"/Type",
                    ]
                ),
                inner,
            ),
            max_size=4,
        ).map(lambda kv: b"<<" + b" ".join(k + b" " + v for k, v in kv) + b">>"),
    ),
    max_leaves=8,
)
CONTENT = st.lists(
    st.sampled_from([b"BT", b"ET", b"/F1 12 Tf", b"72 700 Td", b"(hello) Tj", b"[(a) 5 (b)] TJ",
                     b"/X1 Do", b"q", b"Q", b"1 0 0 1 0 0 cm", b"0 0 m 100 100 l S",
                     b"0 0 100 100 re f", b"1e308 1e308 Td", b"0 0 0 0 0 0 Tm", b"<4e2d> Tj"]),
    max_size=12,
).map(b" ".join)  # fmt: skip
OBJECT = st.one_of(
    VALUE,
    REF,  # an object that is only a reference: chains of them, and cycles
    st.builds(lambda kids, n: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), n),
              st.lists(REF, max_size=3), st.integers(-1, 3)),
    st.builds(lambda parent, box, contents, res: b"<< /Type /Page /Parent %s /MediaBox %s "
              b"/Contents %s /Resources %s >>" % (parent, box, contents, res),
              REF, st.one_of(st.just(b"[0 0 612 792]"), REF, VALUE), REF,
              st.one_of(st.just(b"<< /Font << /F1 %d 0 R >> /XObject << /X1 %d 0 R >> >>"
                                % (N_OBJECTS, N_OBJECTS - 1)), REF, VALUE)),
    CONTENT.map(pdf_stream),
    CONTENT.map(lambda c: pdf_stream(c, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] "
                                        b"/Resources << /XObject << /X1 %d 0 R >> >>"
                                        % (N_OBJECTS - 1))),
    st.just(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
)  # fmt: skip
CATALOG = st.one_of(st.just(b"<< /Type /Catalog /Pages 2 0 R >>"), REF, VALUE)


@settings(max_examples=120, **FUZZ)
@given(
    catalog=CATALOG,
    objects=st.lists(OBJECT, min_size=N_OBJECTS - 1, max_size=N_OBJECTS - 1),
    info=st.one_of(st.just(b""), REF.map(lambda r: b"/Info " + r)),
)
def test_pdf_object_graphs(tmp_path_factory, catalog, objects, info):
    d = tmp_path_factory.getbasetemp() / "pdf-objects"
    d.mkdir(exist_ok=True)
    assert read_as_promised(
        check_read(write(d, "report.pdf", raw_pdf([catalog, *objects], b"/Root 1 0 R " + info)))
    )


@settings(max_examples=40, **FUZZ)
@given(k=st.integers(0, 1), edits=EDITS, plain=st.booleans())
def test_pdf_xref_damaged(originals, tmp_path_factory, k, edits, plain):
    """Damage within the xref table and the trailer, where the offsets of objects are."""
    data = originals[f"{k}-plain.pdf" if plain else f"{k}.pdf"]
    at = data.rindex(b"xref")
    d = tmp_path_factory.getbasetemp() / "pdf-xref"
    d.mkdir(exist_ok=True)
    assert read_as_promised(
        check_read(write(d, "report.pdf", data[:at] + damaged(data[at:], edits)))
    )


# --- web pages: markup made of tags and text ------------------------------------------------------

MARKUP = st.lists(
    st.one_of(
        st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<div class=nav>", "<span>", "</span>",
                         "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<br>",
                         "<h1>", "</h1>", "<h2>", "<li>", "<ul>", "<script>", "</script>",
                         "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE", "<![if ",
                         "<?xml ?>", "&#", "&#x", "&#99999999999999;", "&amp;", "&", ";", "<",
                         ">", "'", '"', "=", "<b>" * 300, "<font>" * 1200, "</b>",
                         '<div id="content">', "<body>", "</html>", "<svg>", "<form>"]),
        st.text(st.sampled_from("一二三四五六七八九十年度预算资金万元执行率。，：\t\n 0123456789"),
                max_size=20),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=100, **FUZZ)
@given(markup=MARKUP, encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_web_pages(tmp_path_factory, markup, encoding):
    d = tmp_path_factory.getbasetemp() / "html"
    d.mkdir(exist_ok=True)
    page = "<html><body>" + markup
    assert read_as_promised(
        check_read(write(d, "page.html", page.encode(encoding, errors="replace")))
    )


# --- .doc, .wps, .xls, .xlsx: the LibreOffice-made fixtures damaged ----------------------------

OFFICE = DATA.parent / "tests" / "data" / "formats"
OFFICE_NAMES = ["sample_report.doc", "g12_township_2024.doc", "form.xls", "form.xlsx"]
# Values that make lengths and offsets of the Word binary format point anywhere.
FIELD = st.one_of(st.sampled_from([0, 1, 2, 0x7F, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 512]),
                  st.integers(0, 2**32 - 1))  # fmt: skip


@settings(max_examples=120, **FUZZ)
@given(
    name=st.sampled_from(OFFICE_NAMES),
    edits=EDITS,
    suffix=st.sampled_from([".doc", ".wps", ".xls", ".xlsx", ".txt"]),
)
def test_damaged_office_files(tmp_path_factory, name, edits, suffix):
    """Damage anywhere in the file: the OLE container or the zip as well as what they hold."""
    d = tmp_path_factory.getbasetemp() / "office"
    d.mkdir(exist_ok=True)
    data = damaged((OFFICE / name).read_bytes(), edits)
    assert read_as_promised(check_read(write(d, "report" + suffix, data)))


def rewritten_stream(path: Path, stream: str, fields, flips) -> bytes:
    """The compound file at ``path`` with one of its streams damaged in place (same size, so
    the container stays sound): 16- or 32-bit ``fields`` (at, width, value) written near the
    stream's start (the FIB, the piece table's neighbourhood), and bytes flipped anywhere."""
    import shutil
    import tempfile

    import olefile

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        with olefile.OleFileIO(str(copy), write_mode=True) as ole:
            buf = bytearray(ole.openstream(stream).read())
            for at, wide, value in fields:
                at %= len(buf) - 4
                struct.pack_into(
                    "<I" if wide else "<H", buf, at, value & (0xFFFFFFFF if wide else 0xFFFF)
                )
            for at, bit in flips:
                buf[at % len(buf)] ^= 1 << bit
            ole.write_stream(stream, bytes(buf))
        return copy.read_bytes()


@settings(max_examples=120, **FUZZ)
@given(
    name=st.sampled_from(["sample_report.doc", "g12_township_2024.doc"]),
    stream=st.sampled_from(["WordDocument", "1Table"]),
    fields=st.lists(st.tuples(st.integers(0, 1024), st.booleans(), FIELD), max_size=4),
    flips=st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 7)), max_size=4),
)
def test_word_streams_damaged(tmp_path_factory, name, stream, fields, flips):
    """The FIB, the piece table and the paragraph properties damaged in a sound container."""
    d = tmp_path_factory.getbasetemp() / "word-streams"
    d.mkdir(exist_ok=True)
    data = rewritten_stream(OFFICE / name, stream, fields, flips)
    assert read_as_promised(check_read(write(d, "report.doc", data)))


@settings(max_examples=60, **FUZZ)
@given(
    fields=st.lists(st.tuples(st.integers(0, 2**13), st.booleans(), FIELD), max_size=4),
    flips=st.lists(st.tuples(st.integers(0, 2**13), st.integers(0, 7)), max_size=6),
)
def test_xls_workbook_stream_damaged(tmp_path_factory, fields, flips):
    d = tmp_path_factory.getbasetemp() / "xls-stream"
    d.mkdir(exist_ok=True)
    data = rewritten_stream(OFFICE / "form.xls", "Workbook", fields, flips)
    assert read_as_promised(check_read(write(d, "form.xls", data)))


SHEET_XML = st.sampled_from([
    b'<mergeCell ref="A1:XFD1048576"/>', b'<mergeCell ref="A1:Z200000"/>',
    b'<mergeCell ref="B1:A1"/>', b'<mergeCell ref="A0:B2"/>', b'<c r="XFD1048576"><v>1</v></c>',
    b'<c r="A1" t="s"><v>99999</v></c>', b'<c r="A1" s="999"><v>1</v></c>',
    b'<c r="A1" t="n"><v>1e308</v></c>', b'<c r="B1"><v>1' + b"0" * 400 + b"</v></c>", b'<c r="A1" t="d"><v>x</v></c>', b"<row r=\"0\">",
    b'<dimension ref="A1:XFD1048576"/>', b"<mergeCells>", b"</sheetData>",
])  # fmt: skip


@settings(max_examples=80, **FUZZ)
@given(
    member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                            "xl/styles.xml", "xl/workbook.xml"]),
    edits=st.lists(st.one_of(EDIT, st.tuples(st.just("insert"), POSITION, SHEET_XML)),
                   min_size=1, max_size=4),
)  # fmt: skip
def test_xlsx_members_damaged(tmp_path_factory, member, edits):
    members = zip_members((OFFICE / "form.xlsx").read_bytes())
    members[member] = damaged(members[member], edits)
    d = tmp_path_factory.getbasetemp() / "xlsx"
    d.mkdir(exist_ok=True)
    assert read_as_promised(check_read(write(d, "form.xlsx", pack(members))))


# --- regressions: what the fuzzing found, on the smallest input that showed it -----------------


def sound_docx(tmp_path: Path) -> dict[str, bytes]:
    """The members of a small sound .docx."""
    path = write_docx("一、基本情况\n全年预算100万元。\n", tmp_path / "sound.docx")
    return zip_members(path.read_bytes())


def docx_file(tmp_path: Path, document: bytes | None = None, **replaced: bytes) -> Path:
    """A .docx whose word/document.xml is ``document``; other members replaced by name."""
    members = sound_docx(tmp_path)
    if document is not None:
        members["word/document.xml"] = document
    members.update(replaced)
    return write(tmp_path, "report.docx", pack(members))


def refused(path: Path) -> str:
    """The message of the InputError reading ``path`` raises (checked as check_read does)."""
    result = check_read(path)
    assert isinstance(result, InputError), f"read, expected an InputError: {result!r}"
    return str(result)


@pytest.mark.parametrize(
    "xml, cause",
    [
        (b"\x00\xff", "Document is empty"),  # was lxml.etree.XMLSyntaxError
        (nested(300), "Excessive depth in document"),  # was XMLSyntaxError
        (LAUGHS, "entity amplification"),  # a billion laughs: was XMLSyntaxError
        (f"<w:document {W}/>".encode(), "its document part has no body"),  # was AttributeError
        (b"<foo>\xe4\xb8\xad</foo>", "its document part has no body"),  # was AttributeError
    ],
)
def test_regression_docx_broken_document_xml(tmp_path, xml, cause):
    message = refused(docx_file(tmp_path, xml))
    assert message.startswith("not a readable .docx file (") and cause in message


def test_regression_docx_comment_in_the_body(tmp_path):
    """An XML comment among the paragraphs: was AttributeError (its tag is no string)."""
    xml = document_xml("<!-- 注释 --><w:p><w:r><w:t>全年预算100万元。</w:t></w:r></w:p>")
    assert check_read(docx_file(tmp_path, xml)).text == "全年预算100万元。"


def test_regression_docx_other_member_broken(tmp_path):
    """The styles part not XML: was lxml.etree.XMLSyntaxError."""
    message = refused(docx_file(tmp_path, **{"word/styles.xml": b"<<"}))
    assert message.startswith("not a readable .docx file (corrupt or not Word 2007+: StartTag")


def test_regression_docx_message_is_one_line(tmp_path):
    """A content type with a line break in it (&#10;) was quoted as it is, on two lines."""
    types = sound_docx(tmp_path)["[Content_Types].xml"]
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    message = refused(
        docx_file(tmp_path, **{"[Content_Types].xml": types.replace(main, b"x&#10;y")})
    )
    assert message.endswith("content type is 'x y')")


def with_header_field(data: bytes, offset: int, value: int) -> bytes:
    """A zip with a 2-byte field set in every local header (at ``offset``) and in every
    central directory entry (the same field there is 2 bytes further)."""
    out = bytearray(data)
    for signature, field in ((b"PK\x03\x04", offset), (b"PK\x01\x02", offset + 2)):
        at = out.find(signature)
        while at != -1:
            struct.pack_into("<H", out, at + field, value)
            at = out.find(signature, at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    "offset, value, cause",
    [
        (8, 99, "compression"),  # AES, a method Python cannot unpack: was NotImplementedError
        (4, 64, "zip file version 6.4"),  # a newer zip than Python reads: NotImplementedError
    ],
)
def test_regression_docx_zip_python_cannot_unpack(tmp_path, offset, value, cause):
    data = with_header_field(pack(sound_docx(tmp_path)), offset, value)
    message = refused(write(tmp_path, "odd.docx", data))
    assert message.startswith("not a readable .docx file") and cause in message


def test_regression_docx_deflate_data_damaged(tmp_path):
    """Compressed data that does not inflate: was zlib.error."""
    data = bytearray(pack(sound_docx(tmp_path)))
    name = b"word/document.xml"
    start = data.find(name) + len(name)  # the compressed data follows the local header's name
    data[start : start + 8] = b"\xff" * 8
    message = refused(write(tmp_path, "report.docx", bytes(data)))
    assert message.startswith("not a readable .docx file (corrupt or not Word 2007+: Error -3")


def with_size(data: bytes, member: bytes, size: int) -> bytes:
    """A zip whose ``member`` is said to unpack to ``size`` bytes (in its local header and its
    central directory entry; its data unchanged)."""
    out = bytearray(data)
    for signature, field, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = out.find(signature)
        while at != -1:
            if out[at + name_at : at + name_at + len(member)] == member:
                struct.pack_into("<I", out, at + field, size)
            at = out.find(signature, at + 4)
    return bytes(out)


def test_regression_docx_zip_bomb_is_refused_before_unpacking(tmp_path):
    """A part that unpacks to 600 MiB, 0.6 MB packed: lxml refused it only after 6 s (and
    600 MiB of memory).  The size the zip states is checked before anything is unpacked; the
    data here is small, as a zip may lie (the next test)."""
    data = with_size(pack(sound_docx(tmp_path)), b"word/document.xml", 600 * 2**20)
    start = time.perf_counter()
    message = refused(write(tmp_path, "bomb.docx", data))
    assert time.perf_counter() - start < 0.5
    assert "unpack to 600 MiB, more than the 256 MiB read" in message


def test_docx_part_larger_than_the_zip_says_is_refused(tmp_path):
    """A zip that states less than its data unpacks to: zipfile stops at the stated size, and
    the checksum of what it read fails."""
    members = sound_docx(tmp_path)
    members["word/document.xml"] += b" " * 2**20
    data = with_size(pack(members), b"word/document.xml", 4096)
    message = refused(write(tmp_path, "liar.docx", data))
    assert message.startswith("not a readable .docx file (corrupt or not Word 2007+: Bad CRC-32")


def table_rows(rows: list[str]) -> bytes:
    return document_xml("<w:p><w:r><w:t>表</w:t></w:r></w:p><w:tbl>" + "".join(rows) + "</w:tbl>")


def test_regression_docx_vertical_merge_with_nothing_above(tmp_path):
    """A merged cell continuing from above in the first row: was ValueError."""
    xml = table_rows(["<w:tr>" + cell("资金", "<w:vMerge/>") + cell("100") + "</w:tr>"])
    assert check_read(docx_file(tmp_path, xml)).text.splitlines() == ["表", "资金\t100"]


def test_regression_docx_huge_grid_span(tmp_path):
    """A cell spanning 10^8 columns: python-docx made 10^8 cell objects, 18 s."""
    xml = table_rows(["<w:tr>" + cell("资金", '<w:gridSpan w:val="100000000"/>') + "</w:tr>"])
    assert check_read(docx_file(tmp_path, xml)).text.splitlines() == ["表", "资金"]


def test_regression_docx_long_vertical_merge(tmp_path):
    """A column merged down 1,500 rows: python-docx looked up each cell above recursively,
    cubic (300 rows: 6 s) and past 1,000 rows a RecursionError.  Merged text repeats."""
    first = "<w:tr>" + cell("产出指标", '<w:vMerge w:val="restart"/>') + cell("指标0") + "</w:tr>"
    rest = [
        "<w:tr>" + cell("", "<w:vMerge/>") + cell(f"指标{i}") + "</w:tr>" for i in range(1, 1500)
    ]
    doc = check_read(docx_file(tmp_path, table_rows([first, *rest])))
    assert doc.text.splitlines()[1:] == [f"产出指标\t指标{i}" for i in range(1500)]


def test_docx_merged_cells_read_as_before(tmp_path):
    """The table reader that replaced python-docx's row.cells reads merges as it did: a cell
    merged across columns once, one merged down repeated, rows starting past the grid."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for i, row in enumerate(table.rows):
        for j, c in enumerate(row.cells):
            c.text = f"格{i}{j}"
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 0).merge(table.cell(2, 0))
    document.save(tmp_path / "merged.docx")
    assert check_read(tmp_path / "merged.docx").text.splitlines() == [
        "格00\t格01 格02\t格03",
        "格10 格20\t格11\t格12\t格13",
        "格10 格20\t格21\t格22\t格23",
    ]


def test_regression_pdf_reference_cycle_at_the_root(tmp_path):
    """/Root 1 0 R where object 1 is 2 0 R and 2 is 1 0 R: pdfminer looped for ever."""
    message = refused(write(tmp_path, "cycle.pdf", raw_pdf([b"2 0 R", b"1 0 R"])))
    assert message == "not a readable PDF (object 1 refers to itself in a cycle)"


def test_regression_pdf_reference_cycle_on_a_page(tmp_path):
    """A page's /MediaBox 4 0 R, object 4 is 5 0 R and 5 is 4 0 R: looped for ever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R >>",
        b"5 0 R",
        b"4 0 R",
    ]
    message = refused(write(tmp_path, "cycle.pdf", raw_pdf(objects)))
    assert message == "not a readable PDF (object 4 refers to itself in a cycle)"


def test_regression_pdf_with_a_password(tmp_path):
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect: the message named the wrapper,
    "not a readable PDF (PdfminerException: PDFPasswordIncorrect)"."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", "owner"))
    c.drawString(72, 700, "report")
    c.save()
    assert refused(path) == "the PDF is encrypted; save an unprotected copy first"


def test_regression_pdf_message_names_pdfminer_error(tmp_path):
    """Deep nesting: pdfminer's RecursionError, named as itself (it read PdfminerException)."""
    page = b"BT /F1 12 Tf 72 700 Td " + b"[" * 5000 + b"]" * 5000 + b" TJ ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        pdf_stream(page),
    ]
    message = refused(write(tmp_path, "deep.pdf", raw_pdf(objects)))
    assert message.startswith("not a readable PDF (RecursionError: maximum recursion depth")


def test_regression_web_page_of_unclosed_paragraphs(tmp_path):
    """<p> without </p> (valid HTML) 1,200 times: html.parser nests each in the one before,
    and the recursive walk of the tree raised RecursionError."""
    page = "<html><body><div>" + "".join(f"<p>第{i}段，预算{i}万元。" for i in range(1200))
    text = check_read(write(tmp_path, "page.html", page.encode())).text
    assert text.splitlines() == [f"第{i}段，预算{i}万元。" for i in range(1200)]


def test_regression_web_page_nested_deep(tmp_path):
    """3,000 nested <div>: bs4's tag.decomposed searches a tag's subtree, asked of every tag
    (quadratic: 12 s at 5,000), and the walk raised RecursionError."""
    page = "<html><body>" + "<div>" * 3000 + "<p>全年预算100万元。</p>" + "</div>" * 3000
    start = time.perf_counter()
    assert check_read(write(tmp_path, "page.html", page.encode())).text == "全年预算100万元。"
    assert time.perf_counter() - start < 2


def test_regression_web_page_character_reference_too_long(tmp_path):
    """&#99…9; of 5,000 digits: int() refuses it, and the ValueError escaped bs4."""
    page = "<html><body><p>&#" + "9" * 5000 + ";全年预算</p>"
    message = refused(write(tmp_path, "page.html", page.encode()))
    assert message.startswith("not a readable web page (Exceeds the limit (4300 digits)")
