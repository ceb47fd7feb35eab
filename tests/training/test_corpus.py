"""The shipped corpus: every label matches a sentence, the counts the datasheet promises."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, ROOT, shared

from nlp_perf import CorpusError, load_model, load_project_corpus
from nlp_perf.classify.model import LABELS
from nlp_perf.training.corpus import align_labels, corpus_hash, write_corpus_csv


@pytest.fixture(scope="module")
def corpus():
    return load_project_corpus(DATA)  # raises when a label and a sentence do not match


@pytest.fixture(scope="module")
def docs():
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (DATA / "labels").glob("*.json")
    }


def test_every_label_matches_a_sentence_and_every_sentence_has_a_label(corpus, docs):
    assert len(corpus) == sum(len(d["sentences"]) for d in docs.values())
    assert {p.stem for p in (DATA / "reports").glob("*.txt")} == set(docs)


def test_alignment_reports_both_kinds_of_mismatch():
    labels, problems = align_labels(
        ["甲。", "乙。", "丙。"], [("other", "甲。"), ("problem", "乙丙。")]
    )
    assert labels == ["other", None, None]
    assert problems == [
        "label 1 matches no sentence: '乙丙。'",
        "sentence 1 has no label: '乙。'",
        "sentence 2 has no label: '丙。'",
    ]


def test_a_stale_label_is_an_error(tmp_path):
    for sub in ("reports", "labels"):
        (tmp_path / sub).mkdir()
    (tmp_path / "reports" / "x.txt").write_text("一、概况\n开展培训3次。", encoding="utf-8")
    (tmp_path / "labels" / "x.json").write_text(
        json.dumps(
            {"sentences": [["other", "一、概况"], ["achievement", "开展培训5次。"]]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="label 1 matches no sentence: '开展培训5次。'"):
        load_project_corpus(tmp_path)


def test_labels_are_valid_and_no_text_has_two_labels(corpus):
    assert {e.label for e in corpus} == set(LABELS)
    seen: dict[str, str] = {}
    clashes = []
    for e in corpus:
        key = " ".join(e.text.split())
        if seen.setdefault(key, e.label) != e.label:
            clashes.append(e.text)
    assert clashes == []


def test_no_report_is_duplicated():
    texts = Counter(p.read_bytes() for p in (DATA / "reports").glob("*.txt"))
    assert max(texts.values()) == 1


def test_the_counts_the_issue_asks_for(corpus, docs):
    counts = Counter(e.label for e in corpus)
    assert len(corpus) >= 5000
    assert min(counts["problem"], counts["measure"], counts["metric"]) >= 500
    assert counts["achievement"] >= 1500 and counts["other"] >= 1000
    kinds = Counter(d["report_kind"] for d in docs.values())
    assert len(docs) >= 80
    assert kinds["project"] >= 25 and kinds["department"] >= 25
    assert kinds["special_fund"] >= 1 and kinds["key_evaluation"] >= 1
    assert len({d["unit_kind"] for d in docs.values()}) >= 20
    years = {int(d["year"]) for d in docs.values()}
    assert years >= set(range(2019, 2026))
    sizes = [p.stat().st_size for p in (DATA / "reports").glob("*.txt")]
    assert min(sizes) < 3000 and max(sizes) > 20000


def test_corpus_csv_is_up_to_date(corpus, tmp_path):
    fresh = tmp_path / "corpus.csv"
    write_corpus_csv(corpus, fresh)
    assert (DATA / "corpus.csv").read_bytes() == fresh.read_bytes(), (
        "data/corpus.csv is stale: run  python -m nlp_perf corpus data --force"
    )


def test_shipped_model_is_trained_on_this_corpus():
    card = load_model(ROOT / "models" / "default").card
    assert card["corpus"]["paths"] == ["data"]
    from hashlib import sha256

    assert card["corpus"]["sha256"] == sha256(corpus_hash(DATA).encode()).hexdigest(), (
        "models/default is stale: retrain it with the command in docs/model.md"
    )


def test_nothing_copied_from_the_real_reports():
    """No sentence of 14 characters or more of the seeds or real_dev stands anywhere in the
    repository: they measure the product and must stay unseen by it."""
    real = []
    for gold in (shared("eval/seeds_gold.jsonl"), shared("eval/real_dev/gold.jsonl")):
        real += [json.loads(x)["text"] for x in gold.read_text(encoding="utf-8").splitlines()]
    real = [s for s in real if len(s) >= 14]
    files = [
        p
        for p in Path(ROOT).rglob("*")
        if p.suffix in (".txt", ".json", ".jsonl", ".md", ".csv", ".py", ".ipynb")
        and ".git" not in p.parts
        and "venv" not in str(p)
    ]
    copied = [
        (p.name, s)
        for p in files
        for text in [p.read_text(encoding="utf-8", errors="replace")]
        for s in real
        if s in text
    ]
    assert copied == []


def test_the_shipped_model_card_holds_what_the_model_scores_on_real_text():
    """The card's dev scores (docs/model.md quotes them) are what the model scores now."""
    from nlp_perf import evaluate

    model = load_model(ROOT / "models" / "default")
    recorded = {Path(d["gold"]).as_posix(): d for d in model.card["dev"]}
    for name in ("eval/real_dev/gold.jsonl", "eval/seeds_gold.jsonl"):
        gold = shared(name)
        entry = next(d for p, d in recorded.items() if p.endswith(name))
        fresh = evaluate(gold, model).scores
        assert entry["macro_f1"] == round(fresh["macro_f1"], 4)
        assert entry["f1"] == {k: round(v["f1"], 4) for k, v in fresh["per_label"].items()}
