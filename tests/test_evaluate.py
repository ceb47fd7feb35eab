"""evaluate: gold sentences matched to whole classified reports by position."""

from __future__ import annotations

import json

from conftest import DATA

from nlp_perf import classify_text, evaluate, featurize_document, score
from nlp_perf.cli import main
from nlp_perf.readers import read_document


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
    whole = [featurize_document([t], [""], tiny_model.config)[0] for t in texts]
    expected = [tiny_model.labels[int(p.argmax())] for p in tiny_model.predict_proba(whole)]
    assert ev.texts == texts and ev.predicted == expected and ev.scores["n"] == 2
