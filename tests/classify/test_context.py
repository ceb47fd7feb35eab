"""The second pass: neighbours' first-pass labels as features, and a model of two passes."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from nlp_perf import (
    FeatureConfig,
    ModelError,
    TrainSettings,
    load_model,
    load_project_corpus,
    train,
)
from nlp_perf.classify.context import BLOCK, context_features
from nlp_perf.classify.keys import feature_name
from nlp_perf.training.fit import export, fit_pipeline
from nlp_perf.training.tfidf import Counts
from nlp_perf.training.twopass import add_context, first_pass_labels, join_passes
from nlp_perf.training.views import Views, featurize_views


def test_each_sentence_sees_its_neighbours_labels_and_the_report_edges():
    labels = ["other", "metric", "metric", "problem"]
    feats = context_features(labels)
    assert {
        "x:self:other",
        "x:prev1:<edge>",
        "x:next1:metric",
        "x:prev2:<edge>",
        "x:next2:metric",
    } <= set(feats[0])
    assert "x:prev2:other" in feats[2] and "x:next1:problem" in feats[2]
    assert "x:next2:<edge>" in feats[3]


def test_the_block_counts_only_sentences_near_it_under_the_same_heading():
    labels = ["measure", "measure", "measure", "achievement", "achievement", "achievement"]
    sections = ["目标", "目标", "目标", "完成情况", "完成情况", "完成情况"]
    feats = context_features(labels, sections)
    assert "x:block:measure" in feats[0] and "x:block-most:measure" in feats[0]
    assert not any(f.startswith("x:block:achievement") for f in feats[0])
    assert "x:block:achievement" in feats[5] and "x:block-most:achievement" in feats[5]
    far = context_features(["metric"] * (2 * BLOCK + 3), ["表"] * (2 * BLOCK + 3))
    assert far[0].count("x:block:metric") == 1  # counted once, however many


@pytest.fixture(scope="module")
def two_passes(tiny_corpus, tmp_path_factory):
    """A model of two passes trained on the tiny corpus, and what it was trained from."""
    settings = TrainSettings(
        features=replace(FeatureConfig(), context=True), folds=0, section_dropout=0.0
    )
    out = tmp_path_factory.mktemp("two") / "model"
    result = train([tiny_corpus], out, settings, name="two-passes", progress=False)
    return out, result.model, settings


def test_a_model_of_two_passes_labels_like_its_two_fitted_pipelines(tiny_corpus, two_passes):
    _, model, settings = two_passes
    examples = load_project_corpus(tiny_corpus)
    views = featurize_views(examples, settings.features)
    data = views.counts()
    first = first_pass_labels(views, data, 5, lambda d, y: fit_pipeline(d, y, settings), False)
    one = fit_pipeline(data, views.labels, settings)
    trained = add_context(views, first, model.labels)
    two = fit_pipeline(trained, views.labels, settings)
    start, end = views.spans[0]
    doc = [e for e in examples if e.doc_id == examples[0].doc_id]
    texts, sections = [e.text for e in doc], [e.section for e in doc]
    first_labels = [str(x) for x in one.predict(data.take(range(start, end)))]
    alone = Views(
        parts=[views.parts[0]],
        sections=views.sections[start:end],
        spans=[(0, end - start)],
        table=views.table,
    )
    rows = add_context(alone, first_labels, model.labels)
    theirs = two.clf.predict_proba(two.tfidf.transform(_aligned(rows, trained.keys)))
    theirs = theirs[:, [list(two.clf.classes_).index(k) for k in model.labels]]
    ours, context = model.predict(model.featurize(texts, sections), sections)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    named = [[] for _ in texts]
    for i, key in zip(context.row.tolist(), context.keys.tolist()):
        named[i].append(feature_name(key, (), model.labels))
    assert [sorted(x) for x in named] == context_features(first_labels, sections)


def _aligned(data: Counts, keys: np.ndarray) -> Counts:
    """``data`` with its columns put at the positions of ``keys`` (features it lacks: zero)."""
    from scipy import sparse

    coo = data.matrix.tocoo()
    at = np.searchsorted(keys, data.keys)
    known = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == data.keys)
    remap = np.where(known, at, -1)[coo.col]
    keep = remap >= 0
    matrix = sparse.csr_matrix(
        (coo.data[keep], (coo.row[keep], remap[keep])), shape=(data.matrix.shape[0], len(keys))
    )
    full = Counts(matrix, keys)
    return full


def test_two_passes_are_saved_and_read_back_as_format_version_4(two_passes, tmp_path):
    out, model, _ = two_passes
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert meta["format_version"] == 4 and meta["features"]["context"] is True
    again = load_model(out)
    assert again.reads_context
    np.testing.assert_array_equal(again.context_coef, model.context_coef)
    # a model of one pass is format version 3
    one = replace(model, context_coef=None, context_intercept=None)
    one.save(tmp_path / "one")
    meta = json.loads((tmp_path / "one" / "model.json").read_text(encoding="utf-8"))
    assert meta["format_version"] == 3 and not load_model(tmp_path / "one").reads_context


def test_a_version_4_model_without_its_second_pass_is_refused(two_passes, tmp_path):
    out, model, _ = two_passes
    model.save(tmp_path / "m")
    with np.load(tmp_path / "m" / "weights.npz") as npz:
        kept = {k: npz[k] for k in ("words", "keys", "idf", "coef", "intercept")}
    np.savez_compressed(tmp_path / "m" / "weights.npz", **kept)
    with pytest.raises(ModelError, match="weights.npz is malformed"):
        load_model(tmp_path / "m")


def test_why_a_sentence_got_its_label_can_name_its_neighbours(two_passes):
    _, model, _ = two_passes
    top = {f for lab in model.labels for f, _ in model.top_features(lab, 200)}
    assert any(f.startswith("x:") for f in top)  # the second pass leans on context


def test_the_joined_model_keeps_each_pass_on_its_own_features(tiny_corpus):
    settings = TrainSettings(features=FeatureConfig(), folds=0)
    examples = load_project_corpus(tiny_corpus)
    views = featurize_views(examples, settings.features)
    pipe = fit_pipeline(views.counts(), views.labels, settings)
    first = export(pipe, settings, "a", "1", {}, views.table)
    rows = add_context(views, views.labels, settings_labels(views))  # any labels will do here
    second = export(fit_pipeline(rows, views.labels, settings), settings, "a", "1", {}, views.table)
    joined = join_passes(first, second)
    at = {f: j for j, f in enumerate(joined.vocabulary)}
    for j in (0, len(first.vocabulary) // 2, len(first.vocabulary) - 1):
        f = first.vocabulary[j]
        np.testing.assert_array_equal(joined.coef[:, at[f]], first.coef[:, j])
    extra = [at[f] for f in joined.vocabulary if f.startswith("x:")]
    assert extra and not joined.coef[:, extra].any()
    np.testing.assert_array_equal(joined.context_coef, second.coef)


def settings_labels(views):
    return sorted(set(views.labels))
