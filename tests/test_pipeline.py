"""A classified report: the JSON shape, offsets into the decoded text, tallies."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, SAMPLE, TEST_DATA

from nlp_perf import LABELS, classify_file, classify_text

SENTENCE_KEYS = {"index", "start", "end", "text", "section", "label", "confidence"}


def test_json_shape(tiny_model):
    d = json.loads(json.dumps(classify_file(SAMPLE, tiny_model).to_dict(), ensure_ascii=False))
    assert {"file", "chars", "model", "sentences", "tallies"} <= d.keys()
    assert d["file"] == str(SAMPLE)
    assert d["model"] == {"name": "tiny-test", "version": tiny_model.version}
    assert list(d["tallies"]) == list(LABELS)
    assert sum(d["tallies"].values()) == len(d["sentences"]) > 20
    for k, s in enumerate(d["sentences"]):
        assert set(s) == SENTENCE_KEYS
        assert s["index"] == k
        assert s["label"] in LABELS
        assert 0.0 < s["confidence"] <= 1.0


def test_offsets_point_into_the_decoded_text(tiny_model, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(("\r\n".join(text.splitlines())).encode("gb18030"))
    result = classify_file(path, tiny_model)
    decoded = path.read_bytes().decode("gb18030")
    assert result.chars == len(decoded)
    for s in result.rows:
        assert decoded[s.start : s.end] == s.text


def test_confidence_is_the_probability_of_the_chosen_label(tiny_model):
    result = classify_text("下一步将进一步加强资金管理。", tiny_model)
    text = "下一步将进一步加强资金管理。"
    feats_probs = tiny_model.predict_proba(tiny_model.featurize([text], [""]))[0]
    assert result.rows[0].confidence == max(feats_probs)
    assert result.rows[0].label == tiny_model.labels[int(feats_probs.argmax())]


def test_sentences_dataframe_and_shares(tiny_model):
    result = classify_file(SAMPLE, tiny_model)
    df = result.sentences
    assert list(df.columns) == ["index", "start", "end", "text", "section", "label", "confidence"]
    assert len(df) == len(result.rows)
    assert abs(sum(result.shares.values()) - 1.0) < 1e-9
    assert df["label"].value_counts().to_dict() == {k: v for k, v in result.tallies.items() if v}


def test_explanations_name_features_that_favour_the_label(tiny_model):
    result = classify_text("下一步将进一步加强资金管理。", tiny_model, explain=3)
    why = result.rows[0].explanation
    assert 1 <= len(why) <= 3
    assert all(w > 0 for _, w in why)
    assert "explanation" in result.rows[0].to_dict()


def test_figures_and_flags_are_in_the_json_and_the_table(tiny_model):

    from nlp_perf.output.text import render_table

    faulty = TEST_DATA / "figures_totals.txt"
    result = classify_file(faulty, tiny_model)
    d = result.to_dict()
    assert {"figures", "projects", "indicators", "flags"} <= d.keys()
    assert d["figures"]["budget_total"]["value"] == 1320
    assert d["figures"]["budget_total"]["unit"] == "万元"
    assert "totals_mismatch" in {f["code"] for f in d["flags"]}
    table = render_table(result)
    assert "── 关键数字 figures" in table and "全年预算数 budget_total" in table
    assert f"── 提示 flags ({len(d['flags'])})" in table and "! totals_mismatch: " in table


def test_without_details_the_sentences_are_the_same_and_figures_and_flags_empty(tiny_model):

    faulty = TEST_DATA / "figures_totals.txt"
    full = classify_file(faulty, tiny_model)
    bare = classify_file(faulty, tiny_model, details=False)
    assert full.figures and full.flags
    assert bare.rows == full.rows
    assert (bare.figures, bare.projects, bare.indicators, bare.flags) == ({}, [], [], [])
    assert bare.to_dict().keys() == full.to_dict().keys()  # the same JSON shape


def test_a_report_too_long_for_the_memory_free_is_refused_before_any_work(
    tiny_model, tmp_path, monkeypatch
):
    from nlp_perf import pipeline
    from nlp_perf.batch import classify_files

    long = tmp_path / "long.txt"
    long.write_text(SAMPLE.read_text(encoding="utf-8") * 40, encoding="utf-8")  # 40,000 chars
    room = pipeline.BASE_BYTES + pipeline.BYTES_PER_CHAR * 10_000
    monkeypatch.setattr(pipeline, "available_memory", lambda: room)
    results, summary = classify_files([SAMPLE, long], tiny_model)
    assert [r.file for r in results] == [str(SAMPLE)]  # the short one is classified
    error = summary.set_index("file").loc[str(long), "error"]
    assert error.startswith("too long to classify in the memory free: 39,")
    assert error.endswith("GB is available; split it into smaller files")
    monkeypatch.setattr(pipeline, "available_memory", lambda: None)  # cannot be told: go on
    assert classify_file(long, tiny_model).chars > 39_000


def test_a_long_report_tells_each_stage_as_it_starts(tiny_model):
    stages = []
    classify_text(SAMPLE.read_text(encoding="utf-8"), tiny_model, on_stage=stages.append)
    assert stages == ["sentences", "labels", "figures", "flags"]
    stages.clear()
    classify_text("完成培训12次。", tiny_model, details=False, on_stage=stages.append)
    assert stages == ["sentences", "labels"]


def _long_report() -> str:
    """Three corpus reports of different kinds, twice over: a report long enough for blocks."""
    reports = sorted((DATA / "reports").glob("*.txt"))
    return "\n".join(p.read_text(encoding="utf-8") for p in reports[::100][:3]) * 2


@pytest.mark.parametrize("passes", [1, 2])
def test_a_long_report_in_blocks_gets_what_it_gets_in_one_piece(passes, tiny_model, monkeypatch):
    from nlp_perf import pipeline
    from nlp_perf.classify.model import load_model

    model = tiny_model if passes == 1 else load_model()  # the shipped model reads in two passes
    assert model.reads_context == (passes == 2)
    text = _long_report()
    whole = classify_text(text, model).to_dict()
    assert len(whole["sentences"]) > 300
    for block in (1, 7, 50):  # seams everywhere, and within a neighbour's reach of each other
        monkeypatch.setattr(pipeline, "BLOCK_SENTENCES", block)
        assert classify_text(text, model).to_dict() == whole, block


def test_figures_read_again_after_a_correction_keep_the_ocr_mark(tiny_model):
    from nlp_perf.pipeline import read_details

    result = classify_file(SAMPLE, tiny_model)
    result.ocr = {"pages": [1], "engine": "test", "dpi": 200}
    result.figures = {}
    read_details(result)  # what a reviewer's correction in the web app runs
    assert result.figures and all(f.get("ocr") is True for f in result.figures.values())
