"""The model format: safe to load, checked on load, equal to the scikit-learn pipeline."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from conftest import DATA

from nlp_perf import FeatureConfig, Model, ModelError, load_model, load_project_corpus
from nlp_perf.classify.features import featurize_document, featurize_parts
from nlp_perf.training.fit import TrainSettings, featurize_examples, fit_pipeline


def test_round_trip(tiny_model, tmp_path):
    tiny_model.save(tmp_path / "copy")
    again = load_model(tmp_path / "copy")
    assert again.labels == tiny_model.labels
    assert again.vocabulary == tiny_model.vocabulary
    np.testing.assert_array_equal(again.coef, tiny_model.coef)


def test_weights_load_without_pickle(tiny_model_dir):
    with np.load(tiny_model_dir / "weights.npz", allow_pickle=False) as npz:
        assert {"vocabulary", "idf", "coef", "intercept"} <= set(npz.files)
        assert npz["vocabulary"].dtype.kind == "U"


@pytest.fixture
def broken(tiny_model_dir, tmp_path):
    d = tmp_path / "model"
    shutil.copytree(tiny_model_dir, d)
    return d


def _edit_meta(d, **changes):
    meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
    meta.update(changes)
    (d / "model.json").write_text(json.dumps(meta), encoding="utf-8")


def test_unknown_format_version(broken):
    _edit_meta(broken, format_version=99)
    with pytest.raises(ModelError, match=r"^model.json: format_version is 99; expected 1 or 2"):
        load_model(broken)


def test_unknown_format(broken):
    _edit_meta(broken, format="pickle")
    with pytest.raises(
        ModelError, match=r'^model.json: format is "pickle"; expected "nlp_perf-linear"'
    ):
        load_model(broken)


def test_labels_that_do_not_match_the_weights(broken):
    _edit_meta(broken, labels=["achievement", "problem"])
    with pytest.raises(
        ModelError,
        match=r"^weights.npz: coef has shape \(5, \d+\); expected \(2, \d+\), labels × n_features",
    ):
        load_model(broken)


def test_malformed_json(broken):
    (broken / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="model.json is not valid JSON"):
        load_model(broken)


def test_missing_or_corrupt_weights(broken):
    (broken / "weights.npz").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ModelError, match="weights.npz is malformed"):
        load_model(broken)
    (broken / "weights.npz").unlink()
    with pytest.raises(ModelError, match="weights.npz missing"):
        load_model(broken)


def test_missing_model_directory(tmp_path):
    with pytest.raises(ModelError, match="no such model directory"):
        load_model(tmp_path / "none")


def test_environment_variable_selects_the_model(tiny_model_dir, monkeypatch):
    monkeypatch.setenv("NLP_PERF_MODEL", str(tiny_model_dir))
    assert load_model().name == "tiny-test"


def test_exported_model_predicts_exactly_like_the_sklearn_pipeline():
    """On a quarter of the corpus (every fourth report, all kinds and forms): the numpy
    classifier equals scikit-learn's pipeline."""
    settings = TrainSettings(folds=0)
    corpus = load_project_corpus(DATA)
    docs = sorted({e.doc_id for e in corpus})[::4]
    examples = [e for e in corpus if e.doc_id in set(docs)]
    feats, labels, _ = featurize_examples(examples, settings.features)
    pipe = fit_pipeline(feats, labels, settings)
    from nlp_perf.training.fit import export

    model = export(pipe, settings, "t", "1", {})
    ours = model.predict_proba(feats)
    theirs = pipe.predict_proba(feats)
    order = [list(pipe.classes_).index(lab) for lab in model.labels]
    np.testing.assert_allclose(ours, theirs[:, order], rtol=1e-9, atol=1e-12)
    assert [model.labels[k] for k in ours.argmax(1)] == list(pipe.predict(feats))


def test_classifying_imports_neither_scikit_learn_nor_pandas(tiny_model_dir, tmp_path):
    import subprocess
    import sys

    from conftest import SAMPLE

    code = (
        "import sys\n"
        "from nlp_perf.cli import main\n"
        f"assert main(['classify', {str(SAMPLE)!r}, '--model', {str(tiny_model_dir)!r}, '--format', 'json']) == 0\n"
        "print(sorted(m for m in ('sklearn', 'pandas', 'scipy') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {"NLP_PERF_CACHE": str(tmp_path), "PATH": ""}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def _both_ways(model, texts, sections):
    """Probabilities from feature strings and from the compact texts' n-grams in numpy."""
    strings = featurize_document(texts, sections, model.config)
    rows, chars = featurize_parts(texts, sections, model.config)
    return model.predict_proba(strings), model.predict_proba(rows, chars)


def test_character_ngrams_counted_in_numpy_score_exactly_like_their_strings():
    """Classification counts character n-grams from each sentence's compact text; on every
    other corpus report (158, of every kind and form) the probabilities are those of the
    feature strings, bit for bit."""
    model = load_model()
    corpus = load_project_corpus(DATA)
    docs: dict[str, list] = {}
    for ex in corpus:
        docs.setdefault(ex.doc_id, []).append(ex)
    assert len(docs) > 100
    for rows in list(docs.values())[::2]:
        strings, numpy_way = _both_ways(model, [r.text for r in rows], [r.section for r in rows])
        np.testing.assert_array_equal(numpy_way, strings)


def test_character_ngrams_of_any_order_and_any_character():
    """n-grams longer than three characters (kept as strings), characters beyond the BMP,
    n-grams absent from the vocabulary, a model without any, and empty sentences."""
    vocabulary = [
        "c:",
        "c:a",
        "c:ab",
        "c:𠀀b",
        "c:abc",
        "c:b𠀀b",
        "c:abcd",
        "c:cd",
        "w:x",
        "#pos:0",
    ]
    n = len(vocabulary)
    rng = np.random.default_rng(0)
    model = Model(
        "t", "1", ("achievement", "problem"), FeatureConfig(char_min=1, char_max=4),
        vocabulary, rng.uniform(1, 3, n), rng.normal(size=(2, n)), np.zeros(2),
    )  # fmt: skip
    texts = ["abcd", "𠀀b𠀀b abc", "", "x y", "cdab cd ab"]
    strings, numpy_way = _both_ways(model, texts, None)
    np.testing.assert_array_equal(numpy_way, strings)
    configs = (FeatureConfig(char_min=2, char_max=3), FeatureConfig(char_min=0, char_max=1))
    for config in (*configs, FeatureConfig(char_max=0)):
        other = Model(
            "t", "1", model.labels, config, vocabulary, model.idf, model.coef, model.intercept
        )
        strings, numpy_way = _both_ways(other, texts, None)
        np.testing.assert_array_equal(numpy_way, strings)
    words_only = Model(
        "t", "1", model.labels, model.config, ["w:x"], np.ones(1), np.ones((2, 1)), np.zeros(2)
    )
    strings, numpy_way = _both_ways(words_only, texts, None)
    np.testing.assert_array_equal(numpy_way, strings)
