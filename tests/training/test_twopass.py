"""Training the second pass from first-pass labels no model saw the document of."""

from __future__ import annotations

from nlp_perf import FeatureConfig, load_project_corpus
from nlp_perf.classify.context import context_features
from nlp_perf.training.twopass import add_context, first_pass_labels
from nlp_perf.training.views import featurize_views


class _Recorder:
    """A stand-in fit: remembers which documents it was trained on, labels by them."""

    def __init__(self, views):
        self.views, self.seen = views, []

    def __call__(self, feats, labels):
        trained = {self.views.groups[self.views.feats.index(f)] for f in feats}
        self.seen.append(trained)
        recorder = self

        class Fitted:
            def predict(self, rows):
                return ["|".join(sorted(trained)) for _ in rows]

        del recorder
        return Fitted()


def test_every_row_is_labelled_by_a_model_that_never_saw_its_document(tiny_corpus):
    views = featurize_views(load_project_corpus(tiny_corpus), FeatureConfig(), 0.5, seed=3)
    fit = _Recorder(views)
    labels = first_pass_labels(views, 4, fit, progress=False)
    assert len(set(labels)) == 4  # four models (fitted in worker processes where they fork)
    for doc, label in zip(views.groups, labels):
        assert doc not in label.split("|")  # the label names the documents its model saw


def test_context_is_read_view_by_view(tiny_corpus):
    views = featurize_views(load_project_corpus(tiny_corpus), FeatureConfig(), 0.5, seed=3)
    first = [f"L{i % 3}" for i in range(len(views.feats))]
    rows = add_context(views, first)
    for start, end in views.spans:
        expected = context_features(first[start:end], views.sections[start:end])
        assert [r[len(f) :] for r, f in zip(rows[start:end], views.feats[start:end])] == expected
    # a view's first sentence has no neighbour before it, even if another view ends just before
    assert all("x:prev1:<edge>" in rows[start] for start, _ in views.spans)
