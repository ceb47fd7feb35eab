"""The command line as a user meets it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import SAMPLE

from nlp_perf.cli import main


@pytest.fixture
def run(tiny_model_dir, capsys):
    def _run(*argv: str, model: bool = True) -> tuple[int, str, str]:
        args = list(argv)
        if model and args and args[0] in ("classify", "evaluate"):
            args += ["--model", str(tiny_model_dir)]
        code = main(args)
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_help_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "nlp_perf", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    for command in ("classify", "train", "evaluate", "inspect", "corpus"):
        assert command in done.stdout


def test_version_names_the_installed_package(run):
    from importlib.metadata import version

    code, out, err = run("--version")
    assert (code, out, err) == (0, f"nlp_perf {version('nlp_perf')}\n", "")


def test_table_shows_tallies_and_groups(run):
    code, out, err = run("classify", str(SAMPLE))
    assert code == 0 and err == ""
    assert out.startswith(f"{SAMPLE}  ·  ")
    for title in ("成效 achievement", "问题 problem", "措施 measure", "指标 metric", "其他 other"):
        assert title in out
    assert "── 问题 problem (" in out


def test_json_is_one_object_per_report_per_line(run, tmp_path):
    second = tmp_path / "copy.txt"
    second.write_bytes(SAMPLE.read_bytes())
    code, out, err = run("classify", "--format", "json", str(SAMPLE), str(second))
    assert code == 0
    lines = out.splitlines()
    assert [json.loads(x)["file"] for x in lines] == [str(SAMPLE), str(second)]
    assert err == "2 reports, 0 failed\n"


def test_csv_is_one_row_per_sentence_with_one_header(run, tmp_path):
    second = tmp_path / "copy.txt"
    second.write_bytes(SAMPLE.read_bytes())
    code, out, _ = run("classify", "--format", "csv", str(SAMPLE), str(second), "-q")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == [
        "file",
        "index",
        "start",
        "end",
        "section",
        "label",
        "confidence",
        "text",
    ]
    n = sum(1 for r in rows if r["file"] == str(SAMPLE))
    assert n > 20 and len(rows) == 2 * n


@pytest.mark.parametrize(
    "make, cause",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: _write(d / "empty.txt", b""), "empty file"),
        (lambda d: _write(d / "blank.txt", b" \n\t\n"), "only whitespace, no text"),
        (
            lambda d: _write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
            "binary file, not text (convert it to .txt first)",
        ),
        (
            lambda d: _write(d / "english.txt", b"Performance report 2022.\n"),
            "no Chinese text found",
        ),
        (
            lambda d: d,
            "a folder with no reports in it (.txt, .docx, .pdf, .html, .htm, .doc, .wps, .xlsx, .xls)",
        ),
        (
            lambda d: _write(d / "bytes.txt", b"\x80\x81\xff\xfe abc"),
            "cannot decode: not valid UTF-8, UTF-16 or GB18030",
        ),
    ],
    ids=["missing", "empty", "whitespace", "binary", "no-chinese", "empty-folder", "invalid-bytes"],
)
def test_bad_inputs_get_one_line_and_exit_1_while_others_are_classified(run, tmp_path, make, cause):
    bad = make(tmp_path)
    code, out, err = run("classify", "--format", "json", str(bad), str(SAMPLE))
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {bad}: {cause}")
    assert lines[1:] == ["2 reports, 1 failed"]
    assert "Traceback" not in err
    assert json.loads(out)["file"] == str(SAMPLE)


def _write(path, data):
    path.write_bytes(data)
    return path


def test_usage_errors_exit_2(run):
    code, _, err = run("classify", "--format", "xml", str(SAMPLE))
    assert code == 2
    assert "error: nlp-perf classify: argument --format: invalid choice: 'xml'" in err
    assert main([]) == 2
    code, _, err = run("frobnicate", model=False)
    assert code == 2 and "invalid choice: 'frobnicate'" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--encoding", "nonsense"], "argument --encoding: unknown encoding 'nonsense'"),
        (["--jobs", "0"], "argument -j/--jobs: 0 workers; use 1 or more (-1: one per core)"),
        (["--out", "x.docx"], "x.docx: cannot tell the format from the extension; use one of"),
    ],
)
def test_options_that_cannot_work_are_usage_errors(run, argv, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("classify", str(SAMPLE), *argv)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_bad_model_is_one_line(run, tmp_path):
    code, out, err = run("classify", str(SAMPLE), "--model", str(tmp_path / "nomodel"), model=False)
    assert code == 1 and out == ""
    assert err == f"error: {tmp_path / 'nomodel'}: no such model directory\n"


def test_encoding_option_and_verbose(run, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk"))
    code, _, err = run("classify", str(path), "-v")
    assert code == 0 and f"{path}: read as txt (gb18030)" in err
    code, _, err = run("classify", str(path), "--encoding", "utf-8")
    assert code == 1
    assert err.startswith(f"error: {path}: not valid utf-8: undecodable byte at offset ")


def test_explain_lists_features(run):
    code, out, _ = run("classify", str(SAMPLE), "--explain", "2")
    assert code == 0
    assert "        + " in out


def test_inspect_shows_top_features_and_card(run, tiny_model_dir):
    code, out, _ = run("inspect", str(tiny_model_dir), "--top", "5", model=False)
    assert code == 0
    assert out.startswith("model tiny-test ")
    assert "\nproblem: " in out and "model card:" in out
    code, out, _ = run("inspect", str(tiny_model_dir), "--format", "json", model=False)
    data = json.loads(out)
    assert set(data["top_features"]) == {"achievement", "problem", "measure", "metric", "other"}


def test_csv_sentences_are_those_of_the_json(run, tmp_path):
    # CSV runs skip the figures and flags; the sentences and labels must not change
    _, out_csv, _ = run("classify", "--format", "csv", str(SAMPLE), "-q")
    _, out_json, _ = run("classify", "--format", "json", str(SAMPLE), "-q")
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    sentences = json.loads(out_json)["sentences"]
    assert [(r["text"], r["label"]) for r in rows] == [(s["text"], s["label"]) for s in sentences]


def test_a_long_report_gets_a_bar_of_its_stages_on_a_terminal(tmp_path, capsys):
    from nlp_perf.console import LONG_REPORT, StageBar

    long, short = tmp_path / "年度报告.txt", tmp_path / "short.txt"
    long.write_bytes(b"x" * (LONG_REPORT + 1))
    short.write_bytes(b"x")
    bar = StageBar()
    for path in (short, long):
        for stage in ("sentences", "labels", "figures"):
            bar(str(path), stage)
    bar.close()
    err = capsys.readouterr().err
    assert "年度报告.txt" in err and "figures" in err and "short.txt" not in err


def test_a_scan_read_by_ocr_gets_a_bar_of_its_pages_whatever_its_size(tmp_path, capsys):
    from nlp_perf.console import StageBar

    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 small")
    bar = StageBar()
    for stage in ("OCR page 0/2", "OCR page 1/2", "OCR page 2/2", "sentences", "labels"):
        bar(str(scan), stage)
    bar.close()
    err = capsys.readouterr().err
    assert "扫描件.pdf" in err and "OCR page 1/2" in err and "labels" in err


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_long_report_is_printed_a_block_at_a_time_as_it_would_be_whole(
    run, tmp_path, monkeypatch, tiny_model, fmt
):
    """A report of more than a block of sentences is written in pieces (its output never
    held whole), which join to what render gives; a short one after it in one write."""
    from conftest import DATA

    import nlp_perf.cli
    from nlp_perf import classify_file
    from nlp_perf.output.text import render

    report = (DATA / "reports" / "a01_people_congress_2019.txt").read_text(encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text(report * 40, encoding="utf-8")
    writes: list[str] = []
    monkeypatch.setattr(nlp_perf.cli, "emit", lambda text: writes.append(text))
    code, _, _ = run("classify", "--format", fmt, str(long), str(SAMPLE), "-q")
    assert code == 0
    details = fmt == "json"
    results = [classify_file(p, tiny_model, details=details) for p in (long, SAMPLE)]
    assert len(results[0].rows) > 2000
    expected = render(results[0], fmt, True) + render(results[1], fmt, False)
    assert "".join(writes) == expected
    assert len(writes) > 2 and writes[-1] == render(results[1], fmt, False)
