"""The rows a model learns from: each document featurized in its own order, and again as a
page whose headings could not be read.

A view is one featurizing of one document: its rows are contiguous and in the document's
order, so that features of context (neighbours, headings, the second pass of
:mod:`nlp_perf.classify.context`) mean what they mean at classification time.  With section
dropout, a fixed share of the documents gets a second view with its headings taken away, as
pages arrive whose outline the splitter cannot read (excerpts, flattened or PDF text); those
views come after all the original ones.  Every view is featurized by
:func:`nlp_perf.classify.features.featurize`, as classification does, with one word table that
grows over the corpus and is saved with the model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..classify.features import FeatureConfig, FeatureRows, featurize
from ..classify.keys import WordTable, feature_name
from .examples import Example
from .tfidf import Counts, counts

__all__ = ["Views", "featurize_views", "is_dropped"]


@dataclass
class Views:
    """Rows of features with their labels, document ids and heading paths as featurized."""

    parts: list[FeatureRows] = field(default_factory=list)  # the features of each view
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each view
    originals: int = 0  # rows before this index are the documents as they stand
    table: WordTable = field(default_factory=WordTable)

    def add(self, doc_id: str, rows: Sequence[Example], sections: list[str], config) -> None:
        start = len(self.labels)
        self.parts.append(featurize([r.text for r in rows], sections, config, self.table))
        self.labels += [r.label for r in rows]
        self.groups += [doc_id] * len(rows)
        self.sections += sections
        self.spans.append((start, len(self.labels)))

    def names(self) -> list[list[str]]:
        """Each row's features as the names people read (``w:预算`` …), sorted."""
        words = self.table.words
        out: list[list[str]] = []
        for part in self.parts:
            rows: list[list[str]] = [[] for _ in range(part.n)]
            for i, key in zip(part.row.tolist(), part.keys.tolist()):
                rows[i].append(feature_name(key, words))
            out += [sorted(r) for r in rows]
        return out

    def counts(self) -> Counts:
        """The feature counts of every row (:func:`~.tfidf.counts`)."""
        return counts(self.parts)


def is_dropped(doc_id: str, share: float, seed: int) -> bool:
    """Whether ``doc_id`` is among the documents learnt again without headings: a fixed
    choice per document (a hash, not the order of the corpus)."""
    digest = hashlib.sha256(f"{seed}:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def featurize_views(
    examples: Sequence[Example],
    config: FeatureConfig,
    section_dropout: float = 0.0,
    seed: int = 0,
) -> Views:
    """Every document of ``examples`` featurized in its own order, then, with
    ``section_dropout``, that share of them featurized again as if no heading had been read."""
    docs: dict[str, list[Example]] = {}
    for ex in examples:
        docs.setdefault(ex.doc_id, []).append(ex)
    views = Views()
    for doc_id, rows in docs.items():
        views.add(doc_id, rows, [r.section for r in rows], config)
    views.originals = len(views.labels)
    if section_dropout and config.section:
        for doc_id, rows in docs.items():
            if is_dropped(doc_id, section_dropout, seed):
                views.add(doc_id, rows, [""] * len(rows), config)
    return views
