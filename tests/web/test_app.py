"""The web app through the framework's test client: every route, and every error a page
shows (a 4xx answer with a one-line reason, the server serving on)."""

from __future__ import annotations

import io
import os
import re
import signal
import zipfile
from html.parser import HTMLParser

import openpyxl
import pytest
from builders import write_docx
from conftest import DATA, ROOT, SAMPLE
from web.conftest import CHANGE, client_for, new_batch, upload

from nlp_perf.cli import main
from nlp_perf.pipeline import classify_file
from nlp_perf.read import read_document
from nlp_perf.training.corpus import load_project_corpus, read_corpus
from nlp_perf.web.app import COOKIE
from nlp_perf.web.corrections import relabel
from nlp_perf.web.uploads import Limits


def _without_file(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "file"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.spans, self.external, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and "data-label" in a:
            self.spans.append((a["id"], a["data-label"]))
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("src", "href"):
            value = a.get(key) or ""
            if value.startswith(("http:", "https:", "//")) and "testserver" not in value:
                self.external.append(value)


def test_a_dropped_report_gives_the_librarys_result_and_a_table_row(client, tiny_model):
    batch = new_batch(client)
    answer = upload(client, batch, "sample_report.txt", SAMPLE.read_bytes())
    assert answer.status_code == 201, answer.text
    row = answer.json()
    expected = classify_file(SAMPLE, tiny_model)
    assert row["name"] == "sample_report.txt" and row["error"] is None
    assert row["tallies"] == expected.tallies and row["sentences"] == len(expected.rows)
    assert (row["unit"], row["year"], row["kind"]) == ("青溪县农业农村局", 2023, "department")
    assert row["execution_rate"]["text"] == "97.06%" and row["flags"] == len(expected.flags)
    assert row["budget"]["value"] == expected.figures["budget_total"]["value"]
    got = client.get(f"/api/reports/{row['id']}").json()
    assert _without_file(got) == _without_file(expected.to_dict())
    assert got["file"] == "sample_report.txt"
    listed = client.get(f"/api/batches/{batch}").json()
    assert [r["id"] for r in listed["rows"]] == [row["id"]]
    assert listed["labels"] == list(tiny_model.labels)
    assert batch in [b["id"] for b in client.get("/api/batches").json()]


def test_the_pages_fetch_nothing_from_elsewhere_and_their_files_are_served(client):
    batch = new_batch(client)
    row = upload(client, batch, "a.txt", SAMPLE.read_bytes()).json()
    for path in ("/", f"/?batch={batch}", f"/reports/{row['id']}"):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        parser = _Page()
        parser.feed(page.text)
        assert parser.external == [], path
        for asset in re.findall(r'(?:src|href)="http://testserver(/static/[^"]+)"', page.text):
            assert client.get(asset).status_code == 200, asset
    assert "webkitdirectory" in client.get("/").text
    assert "dataTransfer" in client.get("/static/desk.js").text


def test_the_report_page_highlights_each_sentence_and_links_the_flags(client, tiny_model):
    batch = new_batch(client)
    data = (DATA / "reports" / "a04_court_2022.txt").read_bytes()
    row = upload(client, batch, "court.txt", data).json()
    expected = classify_file(DATA / "reports" / "a04_court_2022.txt", tiny_model)
    page = client.get(f"/reports/{row['id']}").text
    parser = _Page()
    parser.feed(page)
    assert parser.spans == [(f"s{s.index}", s.label) for s in expected.rows]
    assert f"<h2>提示 flags ({len(expected.flags)})</h2>" in page
    linked = set(re.findall(r'href="#(s\d+)"', page))
    assert linked and linked <= parser.ids  # flags and figures link to sentences on the page
    assert 'id="only-pm"' in page  # the filter to problems and measures


def test_downloads_are_the_files_the_clis_out_writes(client, tiny_model_dir, tmp_path, monkeypatch):
    batch = new_batch(client)
    for path in (SAMPLE, DATA / "reports" / "a04_court_2022.txt"):
        assert upload(client, batch, path.name, path.read_bytes()).status_code == 201
    monkeypatch.chdir(tmp_path)
    for path in (SAMPLE, DATA / "reports" / "a04_court_2022.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    names = [SAMPLE.name, "a04_court_2022.txt"]
    for fmt in ("csv", "xlsx", "jsonl"):
        assert main(["classify", *names, "--model", str(tiny_model_dir), "-q",
                     "--out", f"cli.{fmt}"]) == 0  # fmt: skip
        got = client.get(f"/batches/{batch}/results.{fmt}")
        assert got.status_code == 200
        assert f'filename="nlp_perf_results.{fmt}"' in got.headers["content-disposition"]
        cli = (tmp_path / f"cli.{fmt}").read_bytes()
        if fmt != "xlsx":
            assert got.content == cli, fmt
            continue
        web_book, cli_book = (openpyxl.load_workbook(io.BytesIO(b)) for b in (got.content, cli))
        assert web_book.sheetnames == cli_book.sheetnames
        for sheet in cli_book.sheetnames:
            assert list(web_book[sheet].values) == list(cli_book[sheet].values), sheet


def test_a_correction_is_saved_as_a_corpus_the_trainer_reads(tiny_model, tmp_path):
    corpus = tmp_path / "corpus"
    with client_for(tiny_model, tmp_path, corrections=corpus) as client:
        row = upload(client, new_batch(client), "sample.txt", SAMPLE.read_bytes()).json()
        model_labels = [
            s["label"] for s in client.get(f"/api/reports/{row['id']}").json()["sentences"]
        ]
        target = next(k for k, lab in enumerate(model_labels) if lab != "problem")
        answer = client.put(f"/api/reports/{row['id']}/sentences/{target}",
                            json={"label": "problem"}, headers=CHANGE)  # fmt: skip
        assert answer.status_code == 200, answer.text
        assert answer.json()["row"]["tallies"]["problem"] == row["tallies"]["problem"] + 1
        assert answer.json()["row"]["corrected"] == 1
        after = client.get(f"/api/reports/{row['id']}").json()["sentences"][target]
        assert (after["label"], after["confidence"]) == ("problem", 1.0)
        assert f'id="s{target}" data-label="problem"' in client.get(f"/reports/{row['id']}").text
    examples = load_project_corpus(corpus)
    assert [e.label for e in examples] == [
        *model_labels[:target],
        "problem",
        *model_labels[target + 1 :],
    ]
    assert {e.doc_id for e in examples} == {f"web_{row['id']}"}
    assert len(read_corpus([corpus], tiny_model.labels)) == len(model_labels)  # what train reads
    assert not list(corpus.rglob("*.part"))


@pytest.mark.parametrize("body, error", [
    ({"label": "problems"}, "unknown label 'problems'; expected one of achievement"),
    ({"text": "x"}, "body.label: Field required"),
])  # fmt: skip
def test_a_correction_with_a_wrong_label_is_refused(client, body, error):
    row = upload(client, new_batch(client), "s.txt", SAMPLE.read_bytes()).json()
    answer = client.put(f"/api/reports/{row['id']}/sentences/0", json=body, headers=CHANGE)
    assert answer.status_code == 422 and answer.json()["error"].startswith(error)
    answer = client.put(f"/api/reports/{row['id']}/sentences/999", json={"label": "other"},
                        headers=CHANGE)  # fmt: skip
    assert (
        answer.status_code == 422 and answer.json()["error"] == "no sentence 999; the report has 37"
    )


def _zip_bomb() -> bytes:
    """A .docx-looking zip whose document part really unpacks to 300 MiB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"\0" * 2**20
            for _ in range(300):
                part.write(block)
    return out.getvalue()


def test_a_report_is_told_by_its_content_never_its_name(client, tmp_path):
    batch = new_batch(client)
    docx = write_docx(SAMPLE.read_text(encoding="utf-8"), tmp_path / "r.docx").read_bytes()
    row = upload(client, batch, "looks_like_text.txt", docx).json()
    assert row["error"] is None and row["sentences"] > 30
    report = client.get(f"/api/reports/{row['id']}").json()
    assert report["format"] == "docx" and report["file"] == "looks_like_text.txt"


@pytest.mark.parametrize("fixture", ["sample_report.doc", "form.xlsx", "form.xls"])
def test_legacy_word_and_spreadsheets_are_read_like_any_report(client, fixture):
    data = (ROOT / "tests" / "data" / "formats" / fixture).read_bytes()
    row = upload(client, new_batch(client), "upload.bin", data).json()  # a name that says nothing
    assert row["error"] is None and row["sentences"] > 5
    report = client.get(f"/api/reports/{row['id']}").json()
    assert report["format"] == fixture.rpartition(".")[2]


@pytest.mark.parametrize("name, data, status, error", [
    ("empty.txt", b"", 422, "empty file"),
    ("broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, 422, ""),
    ("broken.docx", b"PK\x03\x04" + b"\x07" * 500, 422, "not a readable .docx file"),
    ("broken.pdf", b"%PDF-1.7\n" + b"\x01" * 500, 422, ""),
    ("latin.txt", "Café résumé naïve".encode("latin-1") * 20, 422, ""),
    ("../../../etc/passwd", b"\x00\xff" * 300, 422, ""),
])  # fmt: skip
def test_a_file_that_cannot_be_read_is_a_4xx_with_its_reason_and_others_go_on(
    client, name, data, status, error
):
    batch = new_batch(client)
    answer = upload(client, batch, name, data)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"].startswith(error) and "\n" not in answer.json()["error"]
    assert answer.json()["name"] == name.lstrip("./")  # shown, never used as a path
    assert upload(client, batch, "good.txt", SAMPLE.read_bytes()).status_code == 201
    rows = client.get(f"/api/batches/{batch}").json()["rows"]
    assert [r["error"] is None for r in rows] == [False, True]  # the failure stays in the table


def test_a_zip_bomb_renamed_docx_is_refused_before_it_is_unpacked(client):
    answer = upload(client, new_batch(client), "bomb.docx", _zip_bomb())
    assert answer.status_code == 422
    assert "unpack to 300 MiB, more than the 256 MiB read" in answer.json()["error"]


def test_names_are_never_paths(client, tmp_path):
    batch = new_batch(client)
    for name in ("../../outside.txt", "/etc/cron.d/x.txt", "a\\..\\..\\b.txt", "\x00\n.txt"):
        answer = upload(client, batch, name, SAMPLE.read_bytes())
        assert answer.status_code == 201
        assert "\n" not in answer.json()["name"] and "\x00" not in answer.json()["name"]
    assert not (tmp_path.parent / "outside.txt").exists()
    app_tmp = client.app.state.desk.tmp
    assert list(app_tmp.iterdir()) == []  # uploads are removed once classified


def test_oversized_uploads_are_refused_while_they_stream(tiny_model, tmp_path):
    limits = Limits(file_bytes=5000, batch_bytes=4000, batch_files=4)
    with client_for(tiny_model, tmp_path, limits=limits) as client:
        batch = new_batch(client)
        big = b"x" * 6000
        answer = upload(client, batch, "big.txt", big)  # its length is declared: refused first
        assert answer.status_code == 413
        assert answer.json()["error"] == "larger than 5,000 bytes, the most one file may be"
        chunks = iter([big[:3000], big[3000:]])  # no declared length: counted as it comes
        answer = client.put(
            f"/api/batches/{batch}/files?name=s.txt", content=chunks, headers=CHANGE
        )
        assert answer.status_code == 413 and "5,000 bytes" in answer.json()["error"]
        assert list(client.app.state.desk.tmp.iterdir()) == []
        small = SAMPLE.read_text(encoding="utf-8")[:600].encode("utf-8")
        assert upload(client, batch, "ok.txt", small).status_code == 201
        answer = upload(client, batch, "more.txt", small + small)
        assert answer.status_code == 413 and answer.json()["error"].startswith("the batch is full")
        answer = upload(client, new_batch(client), "more.txt", small)
        assert answer.status_code == 201  # a new batch has room
        answer = upload(client, batch, "fourth.txt", small)
        assert answer.status_code == 413 and answer.json()["error"].startswith(
            "the batch is full: 4 files"
        )


def test_a_file_that_takes_too_long_is_stopped_and_the_server_serves_on(tiny_model, tmp_path):
    reports = sorted((DATA / "reports").glob("*.txt"))[:150]
    long_report = "\n".join(read_document(p).text for p in reports).encode("utf-8")
    with client_for(tiny_model, tmp_path, limits=Limits(seconds=1.5)) as client:
        batch = new_batch(client)
        answer = upload(client, batch, "long.txt", long_report)
        assert answer.status_code == 422
        assert answer.json()["error"].startswith(
            "reading it took longer than 1.5 s and was stopped"
        )
        assert upload(client, batch, "sample.txt", SAMPLE.read_bytes()).status_code == 201


def test_a_worker_that_dies_is_replaced_and_its_file_gets_an_error(tiny_model, tmp_path):
    with client_for(tiny_model, tmp_path) as client:
        for worker in client.app.state.desk.pool._running.values():
            os.kill(worker.process.pid, signal.SIGKILL)  # as the system does when out of memory
        batch = new_batch(client)
        answer = upload(client, batch, "a.txt", SAMPLE.read_bytes())
        assert answer.status_code == 422
        assert answer.json()["error"] == "the worker reading it stopped (out of memory?)"
        assert upload(client, batch, "b.txt", SAMPLE.read_bytes()).status_code == 201


def test_unknown_ids_and_downloads_are_404(client):
    batch = new_batch(client)
    for path in ("/api/batches/0123", "/reports/x" * 3, "/api/reports/abc",
                 f"/batches/{batch}/results.exe", "/batches/nope/results.xlsx", "/nothing"):  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.json()["error"]
    assert upload(client, "f" * 32, "a.txt", b"abc").status_code == 404
    answer = client.put(
        f"/api/reports/{'0' * 32}/sentences/1", json={"label": "other"}, headers=CHANGE
    )
    assert answer.status_code == 404 and "no report" in answer.json()["error"]


def test_a_change_without_the_pages_header_is_refused(client):
    batch = new_batch(client)
    answer = client.put(f"/api/batches/{batch}/files?name=a.txt", content=SAMPLE.read_bytes())
    assert answer.status_code == 403
    assert client.post("/api/batches").status_code == 403
    assert client.delete(f"/api/batches/{batch}").status_code == 403


def test_clearing_forgets_a_batch_then_all(client):
    first, second = new_batch(client), new_batch(client)
    row = upload(client, first, "a.txt", SAMPLE.read_bytes()).json()
    assert client.delete(f"/api/batches/{first}", headers=CHANGE).status_code == 204
    assert client.get(f"/api/batches/{first}").status_code == 404
    assert client.get(f"/reports/{row['id']}").status_code == 404
    assert client.get(f"/api/batches/{second}").status_code == 200
    assert client.delete("/api/batches", headers=CHANGE).status_code == 204
    assert client.get("/api/batches").json() == []


def test_with_a_data_folder_results_outlive_the_server(tiny_model, tmp_path):
    data = tmp_path / "data"
    with client_for(tiny_model, tmp_path, data_dir=data) as client:
        batch = new_batch(client)
        row = upload(client, batch, "sample.txt", SAMPLE.read_bytes()).json()
        upload(client, batch, "empty.txt", b"")
        before = client.get(f"/api/reports/{row['id']}").json()
        page = client.get(f"/reports/{row['id']}").text
        rows = client.get(f"/api/batches/{batch}").json()["rows"]
    with client_for(tiny_model, tmp_path, data_dir=data) as client:
        assert client.get(f"/api/batches/{batch}").json()["rows"] == rows
        assert client.get(f"/api/reports/{row['id']}").json() == before
        assert client.get(f"/reports/{row['id']}").text == page
        assert client.get(f"/batches/{batch}/results.csv").status_code == 200
        # a correction after the restart reads the figures and flags as one before it would
        answer = client.put(f"/api/reports/{row['id']}/sentences/28", json={"label": "other"},
                            headers=CHANGE)  # fmt: skip
        assert answer.status_code == 200
        expected = classify_file(SAMPLE, tiny_model)
        relabel(expected, 28, "other")
        got = client.get(f"/api/reports/{row['id']}").json()
        assert _without_file(got) == _without_file(expected.to_dict())
        assert client.delete(f"/api/batches/{batch}", headers=CHANGE).status_code == 204
    assert not (data / "batches" / batch).exists()


def test_with_a_token_every_request_needs_it(tiny_model, tmp_path):
    with client_for(tiny_model, tmp_path, token="s3cret-token") as client:
        for path in ("/", "/static/desk.js", "/api/batches"):
            assert client.get(path).status_code == 401, path
        assert client.get("/api/batches", headers={"X-Token": "wrong"}).status_code == 401
        assert client.get("/api/batches", headers={"X-Token": "s3cret-token"}).status_code == 200
        opened = client.get("/?token=s3cret-token", follow_redirects=False)
        assert opened.status_code == 303 and "token" not in opened.headers["location"]
        assert COOKIE in opened.cookies
        client.cookies.set(COOKIE, opened.cookies[COOKIE])
        assert client.get("/").status_code == 200  # the cookie from now on
        assert upload(client, new_batch(client), "a.txt", SAMPLE.read_bytes()).status_code == 201


def test_only_the_named_hosts_are_answered(tiny_model, tmp_path):
    with client_for(tiny_model, tmp_path, hosts=["127.0.0.1", "localhost"]) as client:
        assert client.get("/api/batches").status_code == 400  # Host: testserver
        assert client.get("/api/batches", headers={"Host": "127.0.0.1:8750"}).status_code == 200
