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

from collections import Counter
from collections.abc import Sequence

__all__ = ["BLOCK", "WINDOW", "context_features"]

WINDOW = 2  # sentences on each side whose label is a feature
BLOCK = 8  # how far, on each side, the sentences under the same heading count


def context_features(
    labels: Sequence[str], sections: Sequence[str] | None = None
) -> list[list[str]]:
    """The second-pass features of each sentence of one report, given the first-pass
    ``labels`` and the heading path of each sentence (``sections``; none when not given)."""
    n = len(labels)
    sections = sections if sections is not None else [""] * n
    out = []
    for i in range(n):
        feats = [f"x:self:{labels[i]}"]
        for d in range(1, WINDOW + 1):
            feats.append(f"x:prev{d}:{labels[i - d] if i - d >= 0 else '<edge>'}")
            feats.append(f"x:next{d}:{labels[i + d] if i + d < n else '<edge>'}")
        block = [
            labels[j]
            for j in range(max(0, i - BLOCK), min(n, i + BLOCK + 1))
            if j != i and sections[j] == sections[i]
        ]
        counts = Counter(block)
        feats += [f"x:block:{lab}" for lab, k in sorted(counts.items()) if k >= 2]
        if block:
            feats.append(f"x:block-most:{counts.most_common(1)[0][0]}")
        out.append(feats)
    return out
