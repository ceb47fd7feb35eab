"""The sentence classifier as data: words, feature keys, idf, weights, labels; loaded without
pickle.

A model is a directory holding

- ``model.json``: format name and version (3, or 4 for a model of two passes), model name and
  version, labels, feature settings, the number of features and of words;
- ``weights.npz``: ``words`` (strings: the word table, a word's id is its position), ``keys``
  (uint64, increasing: the features as integers, :mod:`.keys`), ``idf``, ``coef`` (labels x
  features) and ``intercept``, and for a model that reads context (:mod:`.context`, format
  version 4) the second pass's ``context_coef`` and ``context_intercept`` over the same
  features; read with ``allow_pickle=False`` so loading cannot run code;
- ``card.json``: the model card (training data hash, command, scores, library versions).

:func:`load_model` checks every file and field before using it (:mod:`.modelcheck`).

Classification needs numpy only: each feature key found among the model's by binary search,
TF-IDF with sublinear tf and l2 norm, a linear score per label and a softmax, as training
computed them (:mod:`nlp_perf.training.tfidf`, then a multinomial ``LogisticRegression``).
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .context import context_rows
from .features import FeatureConfig, FeatureRows, featurize
from .keys import KeyIndex, WordTable, feature_name, feature_names
from .modelcheck import (
    CARD_JSON_BYTES,
    CONTEXT_FORMAT_VERSION,
    FORMAT,
    FORMAT_VERSION,
    MODEL_JSON_BYTES,
    check_meta,
    check_words,
    read_weights,
)
from .modelfiles import read_json

__all__ = [
    "LABELS", "LABEL_NAMES_ZH", "Model", "default_model_path", "label_order", "load_model",
]  # fmt: skip

LABELS = ("achievement", "problem", "measure", "metric", "other")
LABEL_NAMES_ZH = {
    "achievement": "成效",
    "problem": "问题",
    "measure": "措施",
    "metric": "指标",
    "other": "其他",
}
MODEL_ENV = "NLP_PERF_MODEL"


def label_order(names: Sequence[str]) -> tuple[str, ...]:
    """The order of a model's labels: nlp_perf's five in their documented order, then a
    user's own labels sorted (the second pass's features name labels by this position)."""
    return tuple([lab for lab in LABELS if lab in names] + sorted(set(names) - set(LABELS)))


@dataclass
class Model:
    """A linear sentence classifier over TF-IDF weighted integer features (:mod:`.keys`)."""

    name: str
    version: str
    labels: tuple[str, ...]
    config: FeatureConfig
    words: list[str]  # the word table: a word's id is its position
    keys: np.ndarray  # the features (uint64), increasing; a feature's column is its position
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    card: dict = field(default_factory=dict)
    path: str | None = None
    # the second pass (:mod:`.context`), when the model has one
    context_coef: np.ndarray | None = None
    context_intercept: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.table = WordTable(self.words, frozen=True)
        self._names: list[str] | None = None
        self._index: KeyIndex | None = None  # made when first needed
        self._weights: np.ndarray | None = None  # features × (labels of each pass)

    @property
    def vocabulary(self) -> list[str]:
        """The features' names (``w:预算``, ``c:预算`` …) in column order, made when first asked."""
        if self._names is None:
            self._names = feature_names(self.keys, self.words, self.labels)
        return self._names

    def featurize(
        self,
        texts: Sequence[str],
        sections: Sequence[str] | None = None,
        markers: Sequence[int | None] | None = None,
        place: tuple[int, int] | None = None,
    ) -> FeatureRows:
        """The features of ``texts``, sentences of one report in order, with this model's
        words and settings (:func:`~nlp_perf.classify.features.featurize`)."""
        return featurize(texts, sections, self.config, self.table, markers, place)

    def vectorize(self, rows: FeatureRows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sparse TF-IDF matrix of ``rows`` as (row, column, l2-normalised weight): each key
        looked up among the model's (:class:`~.keys.KeyIndex`), counted per row, weighted
        (sublinear tf × idf) and normalised.  Entries are sorted by row, then column; a row
        without a known feature has none."""
        return self._tfidf(*self._columns(rows), rows.n)

    def _columns(self, rows: FeatureRows) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of each key of ``rows`` the model has."""
        if self._index is None:
            self._index = KeyIndex(self.keys)
        col = self._index.columns(rows.keys)
        known = col >= 0
        return rows.row[known], col[known]

    def _counted(
        self, row: np.ndarray, col: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each (row, column) once, sorted, with its weight before the row's length is
        divided out: sublinear tf × idf."""
        n = len(self.keys)
        cells, counts = np.unique(row * n + col, return_counts=True)
        row, col = np.divmod(cells, n)
        return row, col, (1.0 + np.log(counts)) * self.idf[col]

    def _tfidf(
        self, row: np.ndarray, col: np.ndarray, n_rows: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        row, col, w = self._counted(row, col)
        return row, col, w / _length(np.bincount(row, w * w, minlength=n_rows))[row]

    @property
    def reads_context(self) -> bool:
        """Whether the model labels in two passes (:mod:`.context`)."""
        return self.context_coef is not None

    def _decision(self) -> tuple[np.ndarray, np.ndarray]:
        """The weights that decide a sentence's label: the last pass's."""
        if self.context_coef is not None and self.context_intercept is not None:
            return self.context_coef, self.context_intercept
        return self.coef, self.intercept

    def _weights_of(self, col: np.ndarray) -> np.ndarray:
        """The weights of features ``col``, each a row: the first pass's labels, then the
        second pass's (one gather for both)."""
        if self._weights is None:
            passes = [c for c in (self.coef, self.context_coef) if c is not None]
            self._weights = np.ascontiguousarray(np.concatenate(passes).T)
        return self._weights[col]

    def predict(
        self, rows: FeatureRows, sections: Sequence[str] | None = None
    ) -> tuple[np.ndarray, FeatureRows]:
        """Probability of each label (columns in ``self.labels`` order) for each sentence of
        ``rows`` (:meth:`featurize`), and the second-pass features each was read with (none
        for a model of one pass).

        All rows are scored in a few array operations.  A row's TF-IDF weights are
        ``(1 + ln count) × idf`` divided by the row's length; the two passes share the first
        pass's features and their look-ups, and each row's weighted weights are summed on
        their own (``reduceat``), so a row scores the same in any block of rows.
        ``sections``: each row's heading path, for the second pass, whose features are added
        to the first pass's.
        """
        n, k = rows.n, len(self.labels)
        row, col, raw = self._counted(*self._columns(rows))
        sums = np.zeros((n, k * (2 if self.reads_context else 1)))
        if len(row):
            starts = np.concatenate([[0], np.flatnonzero(row[1:] != row[:-1]) + 1])
            sums[row[starts]] = np.add.reduceat(
                self._weights_of(col) * raw[:, None], starts, axis=0
            )
        square = np.bincount(row, raw * raw, minlength=n)
        first = _softmax(sums[:, :k] / _length(square)[:, None] + self.intercept)
        if not self.reads_context:
            return first, FeatureRows(n, np.zeros(0, np.int64), np.zeros(0, np.uint64))
        context = context_rows(first.argmax(axis=1), sections, k)
        more_row, more_col = self._columns(context)  # each once a row: a count of 1
        more = self.idf[more_col]
        second = sums[:, k:].copy()
        np.add.at(second, more_row, self._weights_of(more_col)[:, k:] * more[:, None])
        square += np.bincount(more_row, more * more, minlength=n)
        assert self.context_intercept is not None
        return _softmax(second / _length(square)[:, None] + self.context_intercept), context

    def predict_proba(self, rows: FeatureRows, sections: Sequence[str] | None = None) -> np.ndarray:
        """The label probabilities of :meth:`predict`."""
        return self.predict(rows, sections)[0]

    def explain(self, keys: np.ndarray, label: str, top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed a sentence most toward ``label``, with their weight, given
        its ``keys`` (:meth:`FeatureRows.of`; for a model of two passes, with the second
        pass's)."""
        k = self.labels.index(label)
        coef, _ = self._decision()
        _, col, w = self.vectorize(FeatureRows(1, np.zeros(len(keys), np.int64), keys))
        contrib = coef[k, col] * w
        order = np.argsort(-contrib)[:top]
        return [(self._name(col[j]), float(contrib[j])) for j in order if contrib[j] > 0]

    def _name(self, col: int) -> str:
        return feature_name(int(self.keys[col]), self.words, self.labels)

    def top_features(self, label: str, top: int = 20) -> list[tuple[str, float]]:
        """The features with the largest weight for ``label``."""
        k = self.labels.index(label)
        coef, _ = self._decision()
        order = np.argsort(-coef[k])[:top]
        return [(self._name(j), float(coef[k, j])) for j in order]

    def describe(self, top: int = 20) -> dict[str, Any]:
        """The model as data: its name, version and folder, its card, and the ``top``
        features of each label with their weights."""
        return {
            "model": {"name": self.name, "version": self.version, "path": self.path},
            "card": self.card,
            "top_features": {lab: self.top_features(lab, top) for lab in self.labels},
        }

    def save(self, directory: str | Path) -> None:
        """Write model.json, weights.npz and card.json into ``directory`` (created)."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "format_version": CONTEXT_FORMAT_VERSION if self.reads_context else FORMAT_VERSION,
            "name": self.name,
            "version": self.version,
            "labels": list(self.labels),
            "features": self.config.to_dict(),
            "vectorizer": {"tf": "sublinear", "norm": "l2"},
            "n_features": len(self.keys),
            "n_words": len(self.words),
        }
        (d / "model.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        with open(d / "weights.npz", "wb") as fh:
            arrays = {
                "words": np.array(self.words, dtype=str),
                "keys": self.keys.astype(np.uint64),
                "idf": self.idf.astype(np.float64),
                "coef": self.coef.astype(np.float64),
                "intercept": self.intercept.astype(np.float64),
            }
            if self.context_coef is not None and self.context_intercept is not None:
                arrays["context_coef"] = self.context_coef.astype(np.float64)
                arrays["context_intercept"] = self.context_intercept.astype(np.float64)
            np.savez_compressed(fh, **arrays)
        (d / "card.json").write_text(
            json.dumps(self.card, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )


def _length(square: np.ndarray) -> np.ndarray:
    """The length of each row from its squared length; 1 for a row without features."""
    out = np.sqrt(square)
    out[out == 0] = 1.0
    return out


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    return scores / scores.sum(axis=1, keepdims=True)


def default_model_path() -> Path:
    """The model named by $NLP_PERF_MODEL, else the shipped one.

    The shipped model is kept in ``models/default`` at the top of the repository; installing
    the package maps ``models/`` to the package ``nlp_perf.models`` (see pyproject.toml), read
    with importlib.resources.  When nlp_perf runs from a checkout instead (the working
    directory or PYTHONPATH shadows the installed package), the model is read from
    ``models/default`` beside the source: the checkout's own, even when another checkout is
    installed in editable mode (whose ``nlp_perf.models`` would be found too).
    """
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV])
    beside = Path(__file__).resolve().parents[2] / "models" / "default"
    if beside.is_dir() or importlib.util.find_spec("nlp_perf.models") is None:
        return beside
    return Path(str(resources.files("nlp_perf.models") / "default"))


def load_model(path: str | Path | None = None) -> Model:
    """Load a model directory (default: :func:`default_model_path`); ModelError if unusable.

    Every file and field is checked (:mod:`.modelcheck`) before it is used, and each array's
    size before it is read: a broken or hostile folder is refused with one line naming the
    file and the field."""
    shipped = path is None and not os.environ.get(MODEL_ENV)  # laid out by the installer
    d = Path(path) if path is not None else default_model_path()
    try:
        found, folder = d.exists(), d.is_dir()
    except OSError as exc:  # a folder on the way that may not be looked into
        raise ModelError(f"cannot be read ({exc.strerror or exc})") from None
    if not found:
        raise ModelError("no such model directory")
    if not folder:
        raise ModelError("a model is a directory holding model.json and weights.npz")
    meta = check_meta(read_json(d, "model.json", MODEL_JSON_BYTES, shipped) or {})
    try:
        config = FeatureConfig.from_dict(meta.features)
    except ValueError as exc:
        raise ModelError(f"model.json: features.{exc}") from None
    card = read_json(d, "card.json", CARD_JSON_BYTES, shipped, optional=True) or {}
    arrays = read_weights(d, meta, shipped)
    model = Model(
        meta.name, meta.version, meta.labels, config, arrays["words"].tolist(), arrays["keys"],
        arrays["idf"], arrays["coef"], arrays["intercept"], card, str(d),
        arrays.get("context_coef"), arrays.get("context_intercept"),
    )  # fmt: skip
    check_words(model.words, len(model.table))
    return model
