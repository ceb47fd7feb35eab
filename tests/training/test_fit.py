"""Training from the formats researchers bring, its errors, and a model that is never lost."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE

from nlp_perf import CorpusError, load_model, read_corpus
from nlp_perf.classify.model import LABELS
from nlp_perf.cli import main

ROWS = [
    ("d1", "年初预算120万元，执行率98%。", "metric"),
    ("d1", "全年开展培训12次。", "achievement"),
    ("d1", "资金拨付进度滞后。", "problem"),
    ("d1", "下一步将加强资金管理。", "measure"),
    ("d1", "一、项目概况", "other"),
    ("d2", "全年支出85.6万元，完成率100%。", "metric"),
    ("d2", "完成校舍维修3所。", "achievement"),
    ("d2", "绩效目标设置不够细化。", "problem"),
    ("d2", "建议细化绩效目标。", "measure"),
    ("d2", "二、存在的问题", "other"),
]


def write_csv(path, rows=ROWS, delimiter=","):
    lines = [delimiter.join(["doc_id", "text", "label"])]
    lines += [delimiter.join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_tsv_and_jsonl(tmp_path):
    csv_ = write_csv(tmp_path / "a.csv")
    tsv = write_csv(tmp_path / "a.tsv", delimiter="\t")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps({"doc_id": d, "text": t, "label": lab}, ensure_ascii=False)
            for d, t, lab in ROWS
        ),
        encoding="utf-8",
    )
    for path in (csv_, tsv, jsonl):
        got = read_corpus([path], LABELS)
        assert [(e.doc_id, e.text, e.label) for e in got] == ROWS


def test_doccano_and_label_studio_exports(tmp_path):
    doccano = tmp_path / "doccano.jsonl"
    doccano.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t, "label": [lab]}, ensure_ascii=False)
            for i, (_, t, lab) in enumerate(ROWS)
        ),
        encoding="utf-8",
    )
    doccano_data = tmp_path / "doccano_data.jsonl"
    doccano_data.write_text(
        "\n".join(
            json.dumps({"data": t, "label": [lab]}, ensure_ascii=False) for _, t, lab in ROWS
        ),
        encoding="utf-8",
    )
    studio = tmp_path / "studio.json"
    studio.write_text(
        json.dumps(
            [
                {"data": {"text": t}, "annotations": [{"result": [{"value": {"choices": [lab]}}]}]}
                for _, t, lab in ROWS
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    studio_min = tmp_path / "studio_min.json"
    studio_min.write_text(
        json.dumps([{"text": t, "sentiment": lab} for _, t, lab in ROWS], ensure_ascii=False),
        encoding="utf-8",
    )
    for path in (doccano, doccano_data, studio, studio_min):
        got = read_corpus([path], LABELS)
        assert [(e.text, e.label) for e in got] == [(t, lab) for _, t, lab in ROWS], path.name


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "doc_id,sentence,label\nd1,文本,metric\n",
            "no 'text' column (columns: doc_id, sentence, label)",
        ),
        ("text,category\n文本,metric\n", "no 'label' column (columns: text, category)"),
        (
            "text,label\n年初预算,metric\n全年开展培训,metrics\n",
            "row 3: unknown label 'metrics'; expected one of achievement, problem, measure, metric, other",
        ),
        ("text,label\n年初预算,metric\n ,problem\n", "row 3: empty text"),
        ("text,label\n年初预算,\n", "row 2: no label"),
    ],
)
def test_bad_corpus_rows(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError) as exc:
        read_corpus([path], LABELS)
    assert str(exc.value).startswith(f"{path}: {message}")


def test_same_text_under_two_labels(tmp_path):
    path = write_csv(tmp_path / "dup.csv", ROWS + [("d3", "全年开展培训12次。", "metric")])
    with pytest.raises(CorpusError) as exc:
        read_corpus([path], LABELS)
    assert str(exc.value) == (
        f"{path}: row 12: the same text has two labels, 'achievement' ({path}: row 3) "
        "and 'metric': '全年开展培训12次。'"
    )


@pytest.mark.parametrize(
    "name, content, where",
    [
        ("dup.csv", "text,label\n甲事项,metric\n乙事项,other\n甲事项,other\n", "row 4"),
        ("unknown.tsv", "text\tlabel\n甲事项\tmetric\n乙事项\tmetrics\n", "row 3"),
        ("bad.jsonl", '{"text": "甲事项", "label": "metric"}\n{"text": "乙事项"\n', "line 2"),
        ("nolabel.jsonl", '{"text": "甲事项", "label": "metric"}\n{"text": "乙"}\n', "line 2"),
        ("three.csv", "text,label\n甲事项,metric\n乙事项,other\n丙事项,achievement\n", None),
    ],
)
def test_every_train_error_names_the_file_then_the_row(tmp_path, capsys, name, content, where):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["train", str(path), "--out", str(tmp_path / "m"), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: " + (f"{where}: " if where else ""))
    assert err.count("\n") == 1


def test_undecodable_corpus_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"text,label\n\x80\x81\xff,metric\n")
    with pytest.raises(CorpusError, match="bad.csv: cannot decode"):
        read_corpus([path], LABELS)


def test_too_few_documents_or_examples_for_the_folds(tmp_path, capsys):
    path = write_csv(tmp_path / "small.csv")
    code = main(["train", str(path), "--out", str(tmp_path / "m"), "-q"])
    assert code == 1
    assert capsys.readouterr().err == (
        f"error: {path}: 2 documents but 5-fold cross-validation needs at least 5 "
        "(use --folds 2 or --folds 0 to skip it)\n"
    )
    rows = ROWS + [(f"d{k}", f"完成任务{k}项。", "achievement") for k in range(3, 6)]
    path = write_csv(tmp_path / "few.csv", rows)
    assert main(["train", str(path), "--out", str(tmp_path / "m"), "--folds", "3", "-q"]) == 1
    assert capsys.readouterr().err == (
        f"error: {path}: label 'problem' has 2 examples; training with 3 folds needs at least 3\n"
    )
    assert not (tmp_path / "m").exists()


def test_a_label_confined_to_one_document_cannot_be_cross_validated(tmp_path, capsys):
    rows = [(f"d{k}", f"完成任务{k}项。", "achievement") for k in range(6)]
    rows += [("d0", f"资金滞后问题{k}。", "problem") for k in range(3)]
    path = write_csv(tmp_path / "one.csv", rows)
    code = main(
        [
            "train",
            str(path),
            "--out",
            str(tmp_path / "m"),
            "--folds",
            "3",
            "--labels",
            "achievement,problem",
            "-q",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert (
        err.startswith(f"error: {path}: fold 1 of 3 ")
        and "has no training example of label 'problem'" in err
    )


def test_own_label_set(tmp_path):
    rows = [
        (
            f"d{i % 3}",
            f"第{i}条：" + ("资金" if i % 2 else "培训") * (i % 5 + 1),
            "money" if i % 2 else "work",
        )
        for i in range(24)
    ]
    path = write_csv(tmp_path / "own.csv", rows)
    with pytest.raises(CorpusError, match="unknown label 'work'"):
        read_corpus([path], LABELS)
    out = tmp_path / "own-model"
    assert (
        main(
            ["train", str(path), "--out", str(out), "--labels", "work,money", "--folds", "2", "-q"]
        )
        == 0
    )
    model = load_model(out)
    assert set(model.labels) == {"work", "money"}
    assert model.card["labels"] == ["work", "money"]


def test_train_writes_cv_scores_into_the_card(tiny_corpus, tmp_path, capsys):
    out = tmp_path / "m"
    args = ["train", str(tiny_corpus), "--out", str(out), "--folds", "3", "--passes", "1", "-q"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "grouped 3-fold cross-validation (by document):" in printed
    assert "macro-F1" in printed and "confusion (rows: gold, columns: predicted)" in printed
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["cross_validation"]["labels"] == list(LABELS)
    assert 0.0 < card["cross_validation"]["macro_f1"] <= 1.0
    assert card["corpus"]["documents"] == 12
    assert card["command"].startswith("python -m nlp_perf train ")


def test_a_failed_train_leaves_the_previous_model(tiny_model_dir, tmp_path, capsys):
    import shutil

    out = tmp_path / "model"
    shutil.copytree(tiny_model_dir, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\n文本,metrics\n", encoding="utf-8")
    assert main(["train", str(bad), "--out", str(out), "-q"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "model"]


def test_an_interrupted_train_leaves_the_previous_model(
    tiny_model_dir, tiny_corpus, tmp_path, monkeypatch
):
    import shutil

    from nlp_perf.classify import model as model_module

    out = tmp_path / "model"
    shutil.copytree(tiny_model_dir, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(self, directory):
        raise KeyboardInterrupt

    monkeypatch.setattr(model_module.Model, "save", interrupted)
    args = ["train", str(tiny_corpus), "--out", str(out), "--folds", "0", "--passes", "1", "-q"]
    assert main(args) == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_out_that_is_not_a_model_is_not_replaced_without_force(tiny_corpus, tmp_path, capsys):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"mine")
    assert main(["train", str(tiny_corpus), "--out", str(precious), "--folds", "0", "-q"]) == 1
    assert (
        capsys.readouterr().err
        == f"error: {precious}: exists and is not a model directory; use --force to replace it\n"
    )
    assert (precious / "thesis.docx").read_bytes() == b"mine"


def test_trained_model_classifies(tiny_model_dir, capsys):
    assert main(["classify", str(SAMPLE), "--model", str(tiny_model_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["model"]["name"] == "tiny-test"


def test_progress_bar_follows_the_progress_argument(tiny_corpus, tmp_path, capsys):
    from nlp_perf import FeatureConfig, TrainSettings, train

    train([tiny_corpus], tmp_path / "m", TrainSettings(folds=2), progress=True)
    err = capsys.readouterr().err
    assert "first pass" in err and "cross-validation" in err
    # and a bar of the stages, so that no stage of a long training is silent
    for stage in ("reading the corpus", "features", "the final model", "writing the model"):
        assert "training: " in err and stage in err, stage
    one_pass = TrainSettings(features=FeatureConfig(context=False), folds=2)
    train([tiny_corpus], None, one_pass, progress=False)
    assert capsys.readouterr().err == ""


def test_section_dropout_learns_chosen_documents_again_without_their_headings(tiny_corpus):
    from nlp_perf import FeatureConfig, load_project_corpus
    from nlp_perf.training.views import featurize_views

    examples = load_project_corpus(tiny_corpus)
    views = featurize_views(examples, FeatureConfig())
    plain, labels, groups = views.names(), views.labels, views.groups
    more = featurize_views(examples, FeatureConfig(), 0.5, seed=1)
    feats, more_labels, more_groups = more.names(), more.labels, more.groups
    n = len(examples)
    assert (
        feats[:n] == plain and more_labels[:n] == labels
    )  # the originals come first, as they were
    extra = {g for g in more_groups[n:]}
    assert 0 < len(extra) < len(set(groups))  # some documents, not all
    for doc in extra:
        rows = [k for k in range(n) if groups[k] == doc]
        copies = [k for k in range(n, len(feats)) if more_groups[k] == doc]
        assert [more_labels[k] for k in copies] == [labels[k] for k in rows]
        assert not any(f.startswith(("s:", "t:")) for k in copies for f in feats[k])
    # the same documents each time: the choice is a property of the document
    again = featurize_views(examples, FeatureConfig(), 0.5, seed=1).groups
    assert again == more_groups


def test_cross_validation_with_dropout_scores_each_sentence_once(tiny_corpus):
    from nlp_perf import FeatureConfig, TrainSettings, train

    one_pass = FeatureConfig(context=False)
    settings = TrainSettings(features=one_pass, folds=3, section_dropout=0.5)
    result = train([tiny_corpus], None, settings, progress=False)
    assert result.cv["n"] == result.n_sentences == len(result.out_of_fold)
    assert result.model.card["settings"]["section_dropout"] == 0.5


def test_train_scores_the_model_on_dev_gold_files_into_its_card(tiny_corpus, tmp_path, capsys):
    doc = sorted((tiny_corpus / "labels").glob("*.json"))[0]
    labelled = json.loads(doc.read_text(encoding="utf-8"))["sentences"]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps({"doc": doc.stem, "i": i, "text": t, "label": lab}, ensure_ascii=False)
            for i, (lab, t) in enumerate(labelled)
        ),
        encoding="utf-8",
    )
    text = (tiny_corpus / "reports" / f"{doc.stem}.txt").read_bytes()
    (tmp_path / f"{doc.stem}.txt").write_bytes(text)
    out = tmp_path / "m"
    assert (
        main(
            ["train", str(tiny_corpus), "--out", str(out), "--folds", "0", "--passes", "1"]
            + ["--dev", str(gold), "-q"]
        )
        == 0
    )
    printed = capsys.readouterr().out
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    (dev,) = card["dev"]
    assert dev["gold"] == str(gold) and dev["sentences"] == len(labelled)
    from nlp_perf import evaluate

    fresh = evaluate(gold, load_model(out)).scores
    assert dev["macro_f1"] == round(fresh["macro_f1"], 4)
    assert dev["f1"] == {lab: round(fresh["per_label"][lab]["f1"], 4) for lab in LABELS}
    assert f"{gold} ({len(labelled)} gold sentences):" in printed


def test_passes_1_trains_a_model_of_one_pass(tiny_corpus, tmp_path):
    out = tmp_path / "m"
    args = ["train", str(tiny_corpus), "--out", str(out), "--folds", "0", "-q"]
    assert main(args + ["--passes", "1"]) == 0
    assert json.loads((out / "model.json").read_text(encoding="utf-8"))["format_version"] == 3
    assert not load_model(out).reads_context


def test_a_corpus_too_small_for_the_second_pass_says_how_to_train_anyway(tmp_path, capsys):
    rows = [(f"d{k}", f"完成任务{k}项。", "achievement") for k in range(6)]
    rows += [("d0", f"资金滞后问题{k}。", "problem") for k in range(3)]
    path = write_csv(tmp_path / "one.csv", rows)
    args = ["train", str(path), "--out", str(tmp_path / "m"), "--folds", "0"]
    args += ["--labels", "achievement,problem", "-q"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "has no training example of label 'problem'" in err and "--passes 1" in err
    assert main(args + ["--passes", "1"]) == 0
