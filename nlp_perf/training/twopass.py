"""Training a model of two passes (:mod:`nlp_perf.classify.context`).

The second pass learns from first-pass labels as classification meets them: given by a model
that did not see the sentence.  Those are the out-of-fold predictions of the grouped
cross-validation folds (by document), which the same folds then reuse for the second pass's
cross-validation: each test fold is labelled by first- and second-pass models that saw none of
its documents.  (The second pass of a fold learns from first-pass labels of its training
documents that models trained with the test fold gave; that small leak makes its score a little
optimistic, as grouped cross-validation on one's own corpus is anyway.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..classify.context import context_rows
from ..classify.features import FeatureRows
from ..classify.model import Model, label_order
from ..errors import CorpusError
from .folds import map_folds
from .tfidf import Counts, counts
from .views import Views

__all__ = ["add_context", "check_fold", "first_pass_labels", "join_passes"]


def check_fold(k: int, folds: int, present: Sequence[str], label_set: Sequence[str]) -> None:
    """CorpusError when fold ``k`` of ``folds`` has no training example of a label."""
    missing = sorted(set(label_set) - set(present))
    if missing:
        raise CorpusError(
            f"fold {k} of {folds} has no training example of label {missing[0]!r}: its "
            "examples sit in too few documents (use fewer --folds)"
        )


def _splits(views: Views, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    documents = len(set(views.groups))
    k = min(folds if folds > 1 else 5, documents)  # 5 when cross-validation is skipped
    if k < 2:
        raise CorpusError(
            "a model of two passes needs at least two documents; train in one pass (--passes 1)"
        )
    return list(GroupKFold(n_splits=k).split(views.labels, views.labels, views.groups))


def first_pass_labels(
    views: Views,
    data: Counts,
    folds: int,
    fit: Callable,
    progress: bool | None = None,
    label_set: Sequence[str] | None = None,
) -> list[str]:
    """The label of every row by a first-pass model trained without its document: ``fit``
    (counts of rows, labels → a fitted pipeline) on the other folds of grouped ``folds``-fold
    splits of ``data`` (the views' feature counts).  ``progress`` as for
    :func:`~.fit.train`; ``label_set``, the labels every fold must have examples of (all of
    the views' labels when not given)."""
    from tqdm import tqdm

    labels = np.array(views.labels)
    label_set = sorted(set(views.labels)) if label_set is None else label_set
    out = [""] * len(labels)
    splits = _splits(views, folds)
    disable = None if progress is None else not progress
    for k, (train_idx, _) in enumerate(splits, start=1):
        try:
            check_fold(k, len(splits), labels[train_idx].tolist(), label_set)
        except CorpusError as exc:
            raise CorpusError(f"{exc}; or train in one pass (--passes 1)") from None

    def fold(k: int) -> list[str]:  # the predictions of fold k's model on its test rows
        train_idx, test_idx = splits[k]
        pipe = fit(data.take(train_idx), labels[train_idx])
        return [str(p) for p in pipe.predict(data.take(test_idx))]

    folds_done = map_folds(fold, len(splits))
    bar = tqdm(folds_done, total=len(splits), desc="first pass", disable=disable, leave=False)
    for (_, test_idx), predicted in zip(splits, bar):
        for i, p in zip(test_idx, predicted):
            out[i] = p
    return out


def add_context(views: Views, first: Sequence[str], label_set: Sequence[str]) -> Counts:
    """The counts of each row's features with its second-pass features, computed view by
    view from the first-pass labels ``first`` (named by their position in the model's order
    of ``label_set``, :func:`~nlp_perf.classify.model.label_order`)."""
    order = label_order(label_set)
    at = {lab: k for k, lab in enumerate(order)}
    parts = []
    for part, (start, end) in zip(views.parts, views.spans):
        context = context_rows([at[x] for x in first[start:end]], views.sections[start:end],
                               len(order))  # fmt: skip
        parts.append(
            FeatureRows(
                part.n,
                np.concatenate([part.row, context.row]),
                np.concatenate([part.keys, context.keys]),
            )
        )
    return counts(parts)


def join_passes(first: Model, second: Model) -> Model:
    """One model of two passes from the first pass's and the second's exported models.

    Both TF-IDF were fitted on the same rows, so the features they share have the same weight;
    the joined model keeps the second's features (the first's and the context features) and
    gives the first pass's weights on them, zero for the context features.
    """
    if first.labels != second.labels:
        raise ValueError("the two passes were trained on different labels")
    coef = np.zeros_like(second.coef)
    coef[:, np.searchsorted(second.keys, first.keys)] = first.coef
    model = Model(
        second.name,
        second.version,
        second.labels,
        second.config,
        second.words,
        second.keys,
        second.idf,
        coef,
        first.intercept,
        second.card,
    )
    model.context_coef, model.context_intercept = second.coef, second.intercept
    return model
