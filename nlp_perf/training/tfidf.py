"""TF-IDF over integer features: what the model computes when it classifies, fitted here.

:func:`counts` turns the features of many sentences (:class:`~nlp_perf.classify.features.
FeatureRows`, keys of :mod:`nlp_perf.classify.keys`) into a sparse matrix of counts, one column
per distinct key.  :class:`Tfidf` keeps the columns found in at least ``min_df`` rows, with
``idf = ln((1 + rows) / (1 + df)) + 1``, and weights a count ``1 + ln(count)`` times idf, each
row scaled to unit length: exactly scikit-learn's ``TfidfVectorizer(sublinear_tf=True,
min_df=...)`` over the same features (tested), without making a string of any of them, and
what :meth:`nlp_perf.classify.model.Model.vectorize` computes from the exported keys and idf.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..classify.features import FeatureRows

__all__ = ["Counts", "Tfidf", "counts"]


@dataclass
class Counts:
    """How often each feature occurs in each row: ``matrix`` (rows × features, CSR) whose
    column j is the feature ``keys[j]`` (increasing)."""

    matrix: sparse.csr_matrix
    keys: np.ndarray

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def take(self, rows: np.ndarray | Sequence[int]) -> Counts:
        """The given rows, same columns."""
        return Counts(self.matrix[np.asarray(rows, dtype=np.int64)], self.keys)


def counts(parts: Sequence[FeatureRows]) -> Counts:
    """The counts of the features of ``parts``, their rows one after the other."""
    offsets = np.cumsum([0] + [p.n for p in parts])
    row = np.concatenate([p.row + o for p, o in zip(parts, offsets)] or [np.zeros(0, np.int64)])
    keys = np.concatenate([p.keys for p in parts] or [np.zeros(0, np.uint64)])
    columns, col = np.unique(keys, return_inverse=True)
    matrix = sparse.csr_matrix(
        (np.ones(len(row)), (row, col.ravel())), shape=(int(offsets[-1]), len(columns))
    )
    matrix.sum_duplicates()
    return Counts(matrix, columns)


class Tfidf:
    """Sublinear TF-IDF with l2 norm over :class:`Counts`, keeping features of at least
    ``min_df`` rows (the scikit-learn contract: ``fit`` returns self, fitted attributes end
    in ``_``)."""

    def __init__(self, min_df: int = 1) -> None:
        self.min_df = min_df

    def fit(self, data: Counts) -> Tfidf:
        matrix = data.matrix
        df = np.bincount(matrix.indices, minlength=matrix.shape[1])
        self.columns_ = np.nonzero(df >= self.min_df)[0]
        self.keys_ = data.keys[self.columns_]
        self.idf_ = np.log((1.0 + matrix.shape[0]) / (1.0 + df[self.columns_])) + 1.0
        return self

    def transform(self, data: Counts) -> sparse.csr_matrix:
        x = data.matrix[:, self.columns_].tocsr()
        x.data = (1.0 + np.log(x.data)) * self.idf_[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x.data /= np.repeat(norms, np.diff(x.indptr))
        return x

    def fit_transform(self, data: Counts) -> sparse.csr_matrix:
        return self.fit(data).transform(data)
