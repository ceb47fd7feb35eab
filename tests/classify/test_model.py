"""The model format: safe to load, checked on load, equal to the scikit-learn pipeline."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import numpy as np
import pytest
from conftest import DATA

from nlp_perf import FeatureConfig, ModelError, load_model, load_project_corpus
from nlp_perf.classify.features import featurize, featurize_document, normalize
from nlp_perf.classify.keys import WordTable, feature_name
from nlp_perf.cli import main
from nlp_perf.text.sentences import split_sentences
from nlp_perf.training.fit import TrainSettings, export, fit_pipeline
from nlp_perf.training.tfidf import Tfidf
from nlp_perf.training.views import featurize_views


def test_round_trip(tiny_model, tmp_path):
    tiny_model.save(tmp_path / "copy")
    again = load_model(tmp_path / "copy")
    assert again.labels == tiny_model.labels
    assert again.vocabulary == tiny_model.vocabulary
    assert again.words == tiny_model.words
    np.testing.assert_array_equal(again.keys, tiny_model.keys)
    np.testing.assert_array_equal(again.coef, tiny_model.coef)
    text = (DATA / "reports" / "a11_party_organ_2020.txt").read_text(encoding="utf-8")
    texts = [s.text for s in split_sentences(text)]
    np.testing.assert_array_equal(
        again.predict_proba(again.featurize(texts)),
        tiny_model.predict_proba(tiny_model.featurize(texts)),
    )


def test_weights_load_without_pickle(tiny_model_dir):
    with np.load(tiny_model_dir / "weights.npz", allow_pickle=False) as npz:
        assert set(npz.files) == {"words", "keys", "idf", "coef", "intercept"}
        assert npz["words"].dtype.kind == "U" and npz["keys"].dtype == np.uint64


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
    with pytest.raises(ModelError, match=r"^model.json: format_version is 99; expected 3 or 4"):
        load_model(broken)


OLD_FORMAT = (
    "model.json: format_version is {v}, a model of feature strings from an older nlp_perf, "
    "which this version no longer reads (it reads 3 and 4); retrain the model with "
    "`python -m nlp_perf train` (docs/training.md), or update it to a model trained by this "
    "version"
)


@pytest.mark.parametrize("version", [1, 2])
def test_a_model_of_the_old_format_is_refused_with_the_fix(broken, version, capsys):
    _edit_meta(broken, format_version=version)
    with pytest.raises(ModelError) as caught:
        load_model(broken)
    assert str(caught.value) == OLD_FORMAT.format(v=version)
    sample = DATA / "reports" / "a11_party_organ_2020.txt"
    assert main(["classify", str(sample), "--model", str(broken)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith(OLD_FORMAT.format(v=version)) and len(err.splitlines()) == 1


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


def _quarter_of_the_corpus():
    corpus = load_project_corpus(DATA)
    docs = set(sorted({e.doc_id for e in corpus})[::4])
    return [e for e in corpus if e.doc_id in docs]


def test_tfidf_of_integer_features_equals_scikit_learns_of_their_names():
    """On a quarter of the corpus (every fourth report, all kinds and forms): TF-IDF over the
    integer features is scikit-learn's TfidfVectorizer over the same features as strings."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    examples = _quarter_of_the_corpus()
    views = featurize_views(examples, FeatureConfig())
    ours = Tfidf(min_df=4).fit(views.counts())
    x = ours.transform(views.counts())
    names = []
    for part in (featurize_document([e.text for e in v], [e.section for e in v])
                 for v in _documents(examples)):  # fmt: skip
        names += part
    theirs = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=4)
    y = theirs.fit_transform(names)
    at = {f: j for j, f in enumerate(theirs.get_feature_names_out())}
    words = views.table.words
    order = [at[feature_name(int(k), words)] for k in ours.keys_]
    assert len(order) == y.shape[1]
    np.testing.assert_allclose(x.toarray(), y[:, order].toarray(), rtol=1e-12, atol=1e-15)


def _documents(examples):
    docs: dict[str, list] = {}
    for e in examples:
        docs.setdefault(e.doc_id, []).append(e)
    return list(docs.values())


def test_exported_model_predicts_exactly_like_the_fitted_pipeline():
    """The numpy classifier (features of each report by the model's own frozen word table)
    gives the probabilities of the fitted scikit-learn logistic regression over the training
    features, report by report."""
    settings = TrainSettings(folds=0)
    examples = _quarter_of_the_corpus()
    views = featurize_views(examples, settings.features)
    pipe = fit_pipeline(views.counts(), views.labels, settings)
    model = export(pipe, settings, "t", "1", {}, views.table)
    theirs = pipe.clf.predict_proba(pipe.tfidf.transform(views.counts()))
    order = [list(pipe.clf.classes_).index(lab) for lab in model.labels]
    start = 0
    for doc in _documents(examples):
        texts, sections = [e.text for e in doc], [e.section for e in doc]
        ours = model.predict_proba(model.featurize(texts, sections), sections)
        np.testing.assert_allclose(
            ours, theirs[start : start + len(doc)][:, order], rtol=1e-9, atol=1e-12
        )
        start += len(doc)


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


def _reference_char_grams(texts, orders):
    """The character n-grams of each text the plain way: normalised, white space dropped."""
    out = []
    for t in texts:
        compact = "".join(normalize(t).split())
        out.append(sorted(
            "c:" + compact[k : k + n] for n in orders for k in range(len(compact) - n + 1)
        ))  # fmt: skip
    return out


def test_character_ngrams_of_any_character_as_keys():
    """n-grams of one to three characters, beyond the BMP, never across two sentences; a
    model without any; empty sentences."""
    texts = ["abcd", "𠀀b𠀀b abc", "", "x y", "cdab cd ab", "\x00a"]
    no_words = FeatureConfig(words=False, section=False, shapes=False, neighbours=False)
    for low, high in ((1, 3), (2, 3), (1, 1), (3, 3), (1, 0)):
        config = replace(no_words, char_min=low, char_max=high)
        orders = range(low, high + 1) if high else range(0)
        got = featurize_document(texts, None, config)
        assert got == _reference_char_grams(texts, orders)


def test_a_loaded_model_reads_the_features_it_was_trained_on(tiny_model):
    """Featurized with the model's frozen word table, a report's features are those a
    growing table gives, but for the features of words the model never saw."""
    text = (DATA / "reports" / "a11_party_organ_2020.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text)
    texts, sections = [s.text for s in sentences], [s.section for s in sentences]
    table = WordTable()
    growing = featurize(texts, sections, tiny_model.config, table)
    frozen = tiny_model.featurize(texts, sections)
    unknown = set(table.words) - set(tiny_model.words)
    assert unknown  # the tiny model has not seen every word of this report
    named = featurize_document(texts, sections, tiny_model.config)
    kept = [[f for f in row if not set(_words_of(f)) & unknown] for row in named]
    got = [[] for _ in texts]
    for i, key in zip(frozen.row.tolist(), frozen.keys.tolist()):
        got[i].append(feature_name(key, tiny_model.words))
    assert [sorted(r) for r in got] == kept
    assert growing.n == frozen.n == len(texts)


def _words_of(feature: str) -> list[str]:
    """The words a feature name holds (none for characters and shapes)."""
    group, _, rest = feature.partition(":")
    if group == "b":
        return rest.split("_", 1)
    return [rest] if group in ("w", "s", "t", "p", "n") else []


def test_the_key_index_finds_every_key_and_only_those(tiny_model):
    from nlp_perf.classify.keys import KeyIndex

    keys = tiny_model.keys
    rng = np.random.default_rng(0)
    absent = rng.integers(0, 2**63, 5000, dtype=np.uint64) | np.uint64(1 << 63)
    absent = absent[~np.isin(absent, keys)]
    asked = np.concatenate([keys, absent, keys[::-7]])
    expected = np.concatenate([np.arange(len(keys)), np.full(len(absent), -1), np.arange(
        len(keys))[::-7]])  # fmt: skip
    np.testing.assert_array_equal(KeyIndex(keys).columns(asked), expected)
    assert KeyIndex(keys[:0]).columns(keys).tolist() == [-1] * len(keys)
