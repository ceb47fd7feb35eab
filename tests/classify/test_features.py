"""Features: what a sentence is described by, and what it must not be described by."""

from __future__ import annotations

import functools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_perf import FeatureConfig
from nlp_perf.classify.features import featurize_document, normalize

TEXTS = ["三、存在的问题", "资金拨付滞后。", "全年预算100万元。"]
SECTIONS = ["", "三、存在的问题", ""]


def _section_feats(feats):
    return sorted(f for f in feats if f.startswith(("s:", "t:")))


def test_section_features_hold_the_heading_words_not_its_numbering():
    feats = featurize_document(TEXTS, SECTIONS, FeatureConfig())
    section = _section_feats(feats[1])
    assert section == ["s:存在的问题", "t:存在的问题"]
    # "三" is our templates' numbering (part 三 = achievements in one, problems in another)
    assert not any(f.endswith(":三") for f in section)
    legacy = featurize_document(TEXTS, SECTIONS, replace(FeatureConfig(), heading_numbers=True))
    assert "t:三" in _section_feats(legacy[1])


def test_a_sentence_under_no_heading_is_not_marked_as_such():
    """Excerpts and flattened pages lose their headings: "no heading" must not mean "other"."""
    feats = featurize_document(TEXTS, SECTIONS, FeatureConfig())
    assert _section_feats(feats[2]) == []
    legacy = featurize_document(TEXTS, SECTIONS, replace(FeatureConfig(), section_none=True))
    assert _section_feats(legacy[2]) == ["s:<none>"]


def test_no_feature_tells_where_in_the_page_a_sentence_stands():
    feats = featurize_document(TEXTS, SECTIONS, FeatureConfig())
    assert not any(f.startswith("#pos") for row in feats for f in row)


def test_a_model_file_from_before_a_setting_reads_as_it_was_trained():
    old = {k: v for k, v in FeatureConfig().to_dict().items()}
    for key in ("heading_numbers", "section_none"):
        del old[key]
    old["position"] = True
    config = FeatureConfig.from_dict(old)
    assert config.heading_numbers and config.section_none and config.position
    assert FeatureConfig.from_dict(FeatureConfig().to_dict()) == FeatureConfig()


def test_a_pdf_line_break_inside_a_sentence_does_not_split_its_words():
    assert normalize("资金管理作为附\n件报送") == "资金管理作为附件报送"
    # the line breaks of a table row pasted one cell per line separate cells
    assert normalize("项目名称\n\t金额") == "项目名称\n\t金额"
    joined = featurize_document(["年度预算执行\n率为98%。"], [""], FeatureConfig())[0]
    assert "w:预算执行率" in joined


def test_a_sentence_is_described_by_its_words_pairs_shape_and_neighbours():
    config = replace(FeatureConfig(), char_max=0)
    feats = featurize_document(["全年预算100万元。", "资金拨付滞后。"], ["", ""], config)
    first = set(feats[0])
    assert {"w:预算", "b:<s>_全年", "b:万元_</s>", "p:<start>", "n:资金"} <= first
    assert {"#money", "#numbers:1", "#end:stop", "#len:1", "#marker:none"} <= first
    assert "p:全年" in feats[1] and "n:<end>" in feats[1] and "#money" not in feats[1]
    assert not any(f.startswith("c:") for row in feats for f in row)


def test_features_are_the_same_whichever_table_grows_them():
    """Training grows one word table over the whole corpus; the keys a report gets depend on
    the ids its words got, the features they name do not."""
    from nlp_perf.classify.features import featurize
    from nlp_perf.classify.keys import WordTable, feature_name

    table = WordTable()
    featurize(["资金拨付滞后，影响项目进度。"], None, FeatureConfig(), table)
    again = featurize(TEXTS, SECTIONS, FeatureConfig(), table)
    named = [[] for _ in TEXTS]
    for i, key in zip(again.row.tolist(), again.keys.tolist()):
        named[i].append(feature_name(key, table.words))
    assert [sorted(r) for r in named] == featurize_document(TEXTS, SECTIONS, FeatureConfig())


@functools.cache
def _segmenter(engine):
    from nlp_perf.classify.tokenizer import Segmenter

    return Segmenter(engine=engine)


def _read_both_ways(texts) -> list[str]:
    """What differs, for each engine, between reading ``texts`` at once and one by one."""
    return [f"{engine}: {what}" for engine in ("jieba", "rjieba")
            for what in _differences(texts, _segmenter(engine))]  # fmt: skip


def _differences(texts, segmenter) -> list[str]:
    from nlp_perf.classify.features import _Text

    together = _Text.of(texts, segmenter)
    alone = _Text.one_by_one(texts, segmenter)
    return [
        name
        for name, a, b in [
            ("norms", together.norms, alone.norms),
            ("words", together.words, alone.words),
            ("lengths", together.lengths.tolist(), alone.lengths.tolist()),
            ("codes", together.codes.tolist(), alone.codes.tolist()),
            ("owner", together.owner.tolist(), alone.owner.tolist()),
        ]
        if a != b
    ]


def test_a_report_normalised_and_cut_at_once_reads_as_its_sentences_one_by_one():
    """Every corpus report, with jieba and with rjieba: normalising and cutting the whole
    report in one call gives each sentence the text and words it gets alone."""
    from conftest import DATA

    from nlp_perf import load_project_corpus

    docs: dict[str, list[str]] = {}
    for ex in load_project_corpus(DATA):
        docs.setdefault(ex.doc_id, []).append(ex.text)
    differ = {doc: found for doc, texts in docs.items() if (found := _read_both_ways(texts))}
    assert differ == {}


_PIECES = st.sampled_from(
    ["资金", "拨付", "\n", "\r\n", " ", "\t", "100", "1,", ".5", "×", "xx", "X", "％", "%", "０",
     "\u0301", "é", "ｅ", "İ", "|", "-", "_", "a-b", "0.4zz", "。", "；", "一、", "\x00", "㈠", "𠀀"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(_PIECES, max_size=8).map("".join), max_size=6))
def test_any_sentences_read_at_once_read_as_one_by_one(texts):
    assert _read_both_ways(texts) == []
