"""The second pass: each sentence read again beside the first-pass labels of its neighbours.

A linear model sees each sentence through its own words, its heading and the first words of
the sentences beside it.  Much of what a sentence is shows in what surrounds it: a cell that
holds only 100% is a metric because the row around it is one; an item of a goal list is a
measure because the items beside it are; a line under a heading of completed work tells
achievements.  So a model with ``FeatureConfig.context`` labels a report twice: the first pass
labels every sentence by its own features; the second adds, for each sentence, strings naming
the first-pass labels of the two sentences before and after it, of the sentences near it under
the same heading, and its own — and a second set of weights labels it again.

Training learns the second pass from first-pass labels given by models that did not see the
sentence (grouped cross-validation), as classification meets them on new reports.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import keys as fk
from .features import FeatureRows

__all__ = ["BLOCK", "WINDOW", "context_features", "context_rows"]

WINDOW = 2  # sentences on each side whose label is a feature
BLOCK = 8  # how far, on each side, the sentences under the same heading count


def context_rows(
    labels: Sequence[int] | np.ndarray, sections: Sequence[str] | None, n_labels: int
) -> FeatureRows:
    """The second-pass features of each sentence of one report as keys (:mod:`.keys`), given
    the index of its first-pass label (of ``n_labels``) and its heading path (``sections``;
    none when not given): its own label, the labels of the :data:`WINDOW` sentences on each
    side (``n_labels`` past an edge of the report), each label held by at least two of the
    sentences under the same heading within :data:`BLOCK` on each side, and the label most of
    those hold (on a tie, the one met first)."""
    lab = np.asarray(labels, np.int64)
    n = len(lab)
    if not n:
        return FeatureRows(0, np.zeros(0, np.int64), np.zeros(0, np.uint64))
    idx = np.arange(n)
    rows, keys = [idx], [fk.context_key(fk.SELF, 0) + lab]
    for d in range(1, WINDOW + 1):
        for kind, j in ((2 * d - 1, idx - d), (2 * d, idx + d)):
            inside = (j >= 0) & (j < n)
            rows.append(idx)
            keys.append(
                fk.context_key(kind, 0) + np.where(inside, lab[j.clip(0, max(n - 1, 0))], n_labels)
            )
    # the sentences within BLOCK on each side (columns: offsets -BLOCK … BLOCK) under the same
    # heading, and their labels
    offsets = np.arange(-BLOCK, BLOCK + 1)
    near = idx[:, None] + offsets
    inside = (near >= 0) & (near < n)
    near = near.clip(0, n - 1)
    sec = _section_ids(sections, n)
    inside &= (sec[near] == sec[:, None]) & (offsets != 0)
    held = np.where(inside, lab[near], n_labels)  # n_labels: no sentence that counts
    counts = np.stack([(held == k).sum(axis=1) for k in range(n_labels)], axis=1)
    i, k = np.nonzero(counts >= 2)
    rows.append(i)
    keys.append(fk.context_key(fk.BLOCK_LABEL, 0) + k)
    # the label most of them hold; on a tie the one met first (the smallest offset)
    first = np.stack([np.argmax(held == k, axis=1) for k in range(n_labels)], axis=1)
    some = np.nonzero(counts.sum(axis=1) > 0)[0]
    most = np.argmax(counts[some] * (4 * BLOCK) - first[some], axis=1)
    rows.append(some)
    keys.append(fk.context_key(fk.BLOCK_MOST, 0) + most)
    return FeatureRows(n, np.concatenate(rows), np.concatenate(keys).astype(np.uint64))


def _section_ids(sections: Sequence[str] | None, n: int) -> np.ndarray:
    if sections is None:
        return np.zeros(n, np.int64)
    ids: dict[str, int] = {}
    return np.fromiter((ids.setdefault(s, len(ids)) for s in sections), np.int64, n)


def context_features(
    labels: Sequence[str], sections: Sequence[str] | None = None
) -> list[list[str]]:
    """The second-pass features of each sentence of one report as the names people read
    (``x:self:metric``, ``x:prev1:<edge>``, ``x:block:measure`` …), sorted: :func:`context_rows`
    given the first-pass ``labels`` by name."""
    names = sorted(set(labels))
    at = {name: k for k, name in enumerate(names)}
    rows = context_rows([at[x] for x in labels], sections, len(names))
    out: list[list[str]] = [[] for _ in labels]
    for i, key in zip(rows.row.tolist(), rows.keys.tolist()):
        out[i].append(fk.feature_name(key, (), names))
    return [sorted(f) for f in out]
