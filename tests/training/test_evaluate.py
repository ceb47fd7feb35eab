"""evaluate: gold sentences matched to whole classified reports by position."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from nlp_perf import classify_text, evaluate, score
from nlp_perf.cli import main
from nlp_perf.read import read_document


def _gold_from_corpus(tmp_path, doc_id):
    labels = json.loads((DATA / "labels" / f"{doc_id}.json").read_text(encoding="utf-8"))
    text = read_document(DATA / "reports" / f"{doc_id}.txt").text
    (tmp_path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps({"doc": doc_id, "i": i, "text": t, "label": lab}, ensure_ascii=False)
            for i, (lab, t) in enumerate(labels["sentences"])
        ),
        encoding="utf-8",
    )
    return gold, text, labels


def test_scores_equal_classifying_the_whole_report(tiny_model, tmp_path):
    doc_id = sorted(p.stem for p in (DATA / "labels").glob("*.json"))[-1]
    gold, text, labels = _gold_from_corpus(tmp_path, doc_id)
    ev = evaluate(gold, tiny_model)
    predicted = [s.label for s in classify_text(text, tiny_model).rows]
    assert ev.predicted == predicted
    assert ev.unmatched == 0
    assert ev.scores == score([lab for lab, _ in labels["sentences"]], predicted, tiny_model.labels)


def test_gold_sentences_split_differently_take_the_overlapping_label(tiny_model, tmp_path):
    (tmp_path / "r.txt").write_text(
        "一、存在的问题\n资金拨付滞后，绩效目标不够细化。", encoding="utf-8"
    )
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"doc": "r", "i": 0, "text": "一、存在的问题", "label": "other"},
        {"doc": "r", "i": 1, "text": "资金拨付滞后，", "label": "problem"},
        {"doc": "r", "i": 2, "text": "不在报告里的句子", "label": "metric"},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    ev = evaluate(gold, tiny_model)
    whole = classify_text("一、存在的问题\n资金拨付滞后，绩效目标不够细化。", tiny_model).rows
    assert ev.predicted == [whole[0].label, whole[1].label, ""]
    assert ev.unmatched == 1


def test_cli_evaluate(tiny_model_dir, tmp_path, capsys):
    doc_id = sorted(p.stem for p in (DATA / "labels").glob("*.json"))[0]
    gold, _, _ = _gold_from_corpus(tmp_path, doc_id)
    assert main(["evaluate", str(gold), "--model", str(tiny_model_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0 <= data["macro_f1"] <= 1 and data["n"] > 10
    missing = tmp_path / "other.jsonl"
    missing.write_text(
        '{"doc": "nowhere", "i": 0, "text": "文本", "label": "other"}\n', encoding="utf-8"
    )
    assert main(["evaluate", str(missing), "--model", str(tiny_model_dir)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {missing}: report nowhere.txt not found")


def test_gold_without_reports_classifies_each_sentence_whole(tiny_model, tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "text,label\n资金拨付滞后；绩效目标不够细化。,problem\n下一步将加强管理。,measure\n",
        "utf-8",
    )
    ev = evaluate(gold, tiny_model)
    texts = ["资金拨付滞后；绩效目标不够细化。", "下一步将加强管理。"]
    # the first gold sentence holds a ；: it is scored as one sentence, not re-split
    whole = [tiny_model.predict_proba(tiny_model.featurize([t], [""]))[0] for t in texts]
    expected = [tiny_model.labels[int(p.argmax())] for p in whole]
    assert ev.texts == texts and ev.predicted == expected and ev.scores["n"] == 2


def _real_dev_layout(tmp_path):
    """A gold file in the layout of ../shared/eval/real_dev: gold.jsonl beside raw/<doc>.txt."""
    (tmp_path / "raw").mkdir()
    pages = {
        "p1": "一、存在的问题\n资金拨付滞后。\n二、下一步措施\n将建立月度调度机制。",
        "p2": "全年预算100万元，执行率98%。\n开展培训3次。",
    }
    gold = [
        ("p1", "一、存在的问题", "other"),
        ("p1", "资金拨付滞后。", "problem"),
        ("p1", "二、下一步措施", "other"),
        ("p1", "将建立月度调度机制。", "measure"),
        ("p2", "全年预算100万元，执行率98%。", "metric"),
        ("p2", "开展培训3次。", "achievement"),
        ("p2", "这一句不在页面里。", "metric"),  # not found: counts as wrong
    ]
    for doc, text in pages.items():
        (tmp_path / "raw" / f"{doc}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"doc": d, "i": i, "text": t, "label": lab}, ensure_ascii=False)
            for i, (d, t, lab) in enumerate(gold)
        ),
        encoding="utf-8",
    )
    return path, pages, gold


def test_pages_in_raw_beside_the_gold_file_are_found_and_scored_per_document(tiny_model, tmp_path):
    path, pages, gold = _real_dev_layout(tmp_path)
    ev = evaluate(path, tiny_model)
    expected = []
    for doc in pages:
        rows = classify_text(pages[doc], tiny_model).rows
        expected += [r.label for r in rows]
    assert ev.predicted == expected + [""] and ev.docs == [d for d, _, _ in gold]
    assert ev.unmatched == 1
    docs = ev.by_document()
    assert [d["doc"] for d in docs] == ["p1", "p2"]
    assert [d["sentences"] for d in docs] == [4, 3]
    for d in docs:
        ks = [k for k, doc in enumerate(ev.docs) if doc == d["doc"]]
        wrong = sum(ev.gold[k] != ev.predicted[k] for k in ks)
        assert d["errors"] == wrong and d["accuracy"] == pytest.approx(1 - wrong / len(ks))


def test_errors_list_each_wrong_sentence_with_what_the_model_said(tiny_model, tmp_path):
    path, pages, _ = _real_dev_layout(tmp_path)
    ev = evaluate(path, tiny_model)
    errors = ev.errors()
    assert len(errors) == sum(g != p for g, p in zip(ev.gold, ev.predicted))
    assert errors[-1] == {
        "doc": "p2",
        "text": "这一句不在页面里。",
        "gold": "metric",
        "predicted": "",
        "confidence": 0.0,
        "section": "",
    }
    rows = {r.text: r for doc in pages for r in classify_text(pages[doc], tiny_model).rows}
    for e in errors[:-1]:
        assert e["gold"] != e["predicted"]
        assert e["predicted"] == rows[e["text"]].label
        assert e["confidence"] == round(rows[e["text"]].confidence, 4)
        assert e["section"] == rows[e["text"]].section


def test_cli_evaluate_prints_documents_and_errors(tiny_model_dir, tiny_model, tmp_path, capsys):
    path, _, _ = _real_dev_layout(tmp_path)
    assert main(["evaluate", str(path), "--model", str(tiny_model_dir), "--errors"]) == 0
    out = capsys.readouterr().out
    ev = evaluate(path, tiny_model)
    assert "p1" in out and "p2" in out and f"wrong sentences ({len(ev.errors())})" in out
    for e in ev.errors():
        assert f"{e['doc']}: {e['gold']} -> {e['predicted'] or '(not found)'}" in out
    assert (
        main(
            ["evaluate", str(path), "--model", str(tiny_model_dir), "--format", "json", "--errors"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [d["doc"] for d in data["documents"]] == ["p1", "p2"]
    assert data["errors"] == ev.errors()
