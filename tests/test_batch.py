"""Batches: folders and globs, parallel workers, order, failures, and the library API."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import DATA, SAMPLE

from nlp_perf.batch import classify_files, expand_inputs
from nlp_perf.cli import main


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    names = sorted(p.name for p in (DATA / "reports").glob("*.txt"))[:5]
    for k, name in enumerate(names):
        target = d / ("sub" if k % 2 else "") / name
        shutil.copy(DATA / "reports" / name, target)
    (d / "notes.md").write_text("不是报告", encoding="utf-8")
    (d / "broken.txt").write_bytes(b"\x80\x81\xff\xfe")
    return d


def test_folders_are_searched_recursively_for_report_files(folder):
    paths, problems = expand_inputs([str(folder)])
    assert problems == []
    assert len(paths) == 6 and not any(p.endswith(".md") for p in paths)
    assert paths == sorted(paths)


def test_globs_are_expanded_and_an_empty_match_is_reported(folder):
    paths, problems = expand_inputs([str(folder / "sub" / "*.txt"), str(folder / "*.pdf")])
    assert len(paths) == 2
    assert [(o.path, o.error) for o in problems] == [
        (str(folder / "*.pdf"), "no files match this pattern")
    ]


def test_jobs_keep_the_input_order_and_the_same_results(folder, tiny_model_dir, capsys):
    paths = [str(p) for p in sorted(folder.rglob("*.txt"))]
    assert main(["classify", *paths, "--model", str(tiny_model_dir), "--format", "json", "-q"]) == 1
    serial = capsys.readouterr()
    assert main(["classify", *paths, "--model", str(tiny_model_dir), "--format", "json", "-q",
                 "--jobs", "2"]) == 1  # fmt: skip
    parallel = capsys.readouterr()
    assert parallel.out == serial.out
    assert [json.loads(x)["file"] for x in parallel.out.splitlines()] == [
        p for p in paths if "broken" not in p
    ]
    err = parallel.err.splitlines()
    assert err[0].startswith(
        f"error: {folder / 'broken.txt'}: cannot decode: not valid UTF-8, UTF-16 or GB18030"
    )
    assert err[1:] == ["6 reports, 1 failed"]


def test_library_api_returns_results_and_a_summary(folder, tiny_model):
    results, summary = classify_files([folder], model=tiny_model, jobs=2)
    assert len(results) == 5
    assert list(summary.columns[:4]) == ["file", "format", "chars", "sentences"]
    assert len(summary) == 6
    broken = summary[summary["file"].str.endswith("broken.txt")].iloc[0]
    assert broken["error"].startswith("cannot decode")
    ok = summary[summary["error"].isna()]
    assert (
        ok["sentences"] == ok[["achievement", "problem", "measure", "metric", "other"]].sum(axis=1)
    ).all()
    assert results[0].sentences.shape[1] == 7


def test_outputs_by_extension_and_no_overwrite(tmp_path, tiny_model_dir, capsys):
    second = tmp_path / "second.txt"
    second.write_bytes(SAMPLE.read_bytes())
    args = ["classify", str(SAMPLE), str(second), "--model", str(tiny_model_dir), "-q"]
    for name in ("out.jsonl", "out.json", "out.csv", "out.xlsx", "out.html"):
        assert main([*args, "--out", str(tmp_path / name)]) == 0, name
    assert capsys.readouterr().out == ""
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["file"] for x in lines] == [str(SAMPLE), str(second)]
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))) == 2
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith("\ufefffile,index,start,end,section,label,confidence,text\n".encode())
    assert (tmp_path / "out_reports").is_dir() and len(
        list((tmp_path / "out_reports").glob("*.html"))
    ) == 2
    before = (tmp_path / "out.csv").read_bytes()
    assert main([*args, "--out", str(tmp_path / "out.csv")]) == 1
    assert (
        capsys.readouterr().err
        == f"error: {tmp_path / 'out.csv'}: exists; use --force to replace it\n"
    )
    assert (tmp_path / "out.csv").read_bytes() == before
    assert main([*args, "--out", str(tmp_path / "out.csv"), "--force"]) == 0


def test_xlsx_has_a_summary_and_a_sentences_sheet(tmp_path, tiny_model_dir):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert main(["classify", str(SAMPLE), "--model", str(tiny_model_dir), "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["汇总 Summary", "句子 Sentences"]
    summary, sentences = wb["汇总 Summary"], wb["句子 Sentences"]
    assert [c.value for c in summary[1]][:4] == [
        "文件 file",
        "格式 format",
        "句子数 sentences",
        "成效 achievement",
    ]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref
    assert sentences.max_row - 1 == summary["C2"].value
    labels = {sentences.cell(r, 4).value for r in range(2, sentences.max_row + 1)}
    assert labels <= {
        "成效 achievement",
        "问题 problem",
        "措施 measure",
        "指标 metric",
        "其他 other",
    }
    assert sentences.column_dimensions["F"].width >= 60
    assert wb.sheetnames[2:] == [
        "关键数字 Figures",
        "绩效指标 Indicators",
        "项目 Projects",
        "提示 Flags",
    ]
    figures = wb["关键数字 Figures"]
    header = [c.value for c in figures[1]]
    row = dict(zip(header, [c.value for c in figures[2]]))
    assert row["预算执行率 execution_rate"] == 97.06 and row["自评得分 self_score"] == 92.5
