"""Training the second pass from first-pass labels no model saw the document of."""

from __future__ import annotations

from collections import Counter

from nlp_perf import FeatureConfig, load_project_corpus
from nlp_perf.classify.context import context_features
from nlp_perf.classify.keys import feature_name
from nlp_perf.training.twopass import add_context, first_pass_labels
from nlp_perf.training.views import featurize_views


class _Recorder:
    """A stand-in fit: remembers which documents it was trained on, labels by them."""

    def __init__(self, views):
        self.views, self.seen = views, []
        self.data = views.counts()
        # each row's document, found again from its counts (a row's own feature counts)
        self.doc_of = {self._row(i): g for i, g in enumerate(views.groups)}

    def _row(self, i, data=None):
        m = (data or self.data).matrix[i]
        return (tuple(m.indices.tolist()), tuple(m.data.tolist()))

    def __call__(self, data, labels):
        trained = {self.doc_of[self._row(i, data)] for i in range(len(data))}
        self.seen.append(trained)

        class Fitted:
            def predict(self, rows):
                return ["|".join(sorted(trained)) for _ in range(len(rows))]

        return Fitted()


def test_every_row_is_labelled_by_a_model_that_never_saw_its_document(tiny_corpus):
    views = featurize_views(load_project_corpus(tiny_corpus), FeatureConfig(), 0.5, seed=3)
    fit = _Recorder(views)
    labels = first_pass_labels(views, fit.data, 4, fit, progress=False)
    assert len(set(labels)) == 4  # four models (fitted in worker processes where they fork)
    for doc, label in zip(views.groups, labels):
        assert doc not in label.split("|")  # the label names the documents its model saw


def test_context_is_read_view_by_view(tiny_corpus):
    views = featurize_views(load_project_corpus(tiny_corpus), FeatureConfig(), 0.5, seed=3)
    names = ["L0", "L1", "L2"]
    first = [names[i % 3] for i in range(len(views.labels))]
    data, rows = views.counts(), add_context(views, first, names)
    words = views.table.words
    for start, end in views.spans:
        expected = context_features(first[start:end], views.sections[start:end])
        for i, want in zip(range(start, end), expected):
            with_context = _names(rows, i, words, names)
            alone = _names(data, i, words, names)
            assert sorted((Counter(with_context) - Counter(alone)).elements()) == want
    # a view's first sentence has no neighbour before it, even if another view ends just before
    assert all("x:prev1:<edge>" in _names(rows, start, words, names) for start, _ in views.spans)


def _names(data, i, words, labels):
    m = data.matrix[i]
    return [
        feature_name(int(data.keys[j]), words, labels)
        for j, c in zip(m.indices, m.data)
        for _ in range(int(c))
    ]
