"""The sentence classifier as data: vocabulary, idf, weights, labels; loaded without pickle.

A model is a directory holding

- ``model.json``: format name and version, model name and version, labels, feature settings;
- ``weights.npz``: ``vocabulary`` (strings), ``idf``, ``coef`` (labels x features) and
  ``intercept``, and for a model that reads context (:mod:`.context`, format version 2) the
  second pass's ``context_coef`` and ``context_intercept`` over the same vocabulary; read with
  ``allow_pickle=False`` so loading cannot run code;
- ``card.json``: the model card (training data hash, command, scores, library versions).

:func:`load_model` checks every file and field before using it (:mod:`.modelcheck`).

Classification needs numpy only: TF-IDF with sublinear tf and l2 norm, a linear score per
label and a softmax, exactly what scikit-learn's ``TfidfVectorizer`` followed by a
multinomial ``LogisticRegression`` compute.
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
from .context import context_features
from .features import FeatureConfig, char_ngrams, char_orders
from .modelcheck import (
    CARD_JSON_BYTES,
    CONTEXT_FORMAT_VERSION,
    FORMAT,
    FORMAT_VERSION,
    MODEL_JSON_BYTES,
    check_meta,
    check_vocabulary,
    read_weights,
)
from .modelfiles import read_json

__all__ = ["LABELS", "LABEL_NAMES_ZH", "Model", "load_model", "default_model_path"]

LABELS = ("achievement", "problem", "measure", "metric", "other")
LABEL_NAMES_ZH = {
    "achievement": "成效",
    "problem": "问题",
    "measure": "措施",
    "metric": "指标",
    "other": "其他",
}
MODEL_ENV = "NLP_PERF_MODEL"


@dataclass
class Model:
    """A linear sentence classifier over TF-IDF weighted feature strings."""

    name: str
    version: str
    labels: tuple[str, ...]
    config: FeatureConfig
    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    card: dict = field(default_factory=dict)
    path: str | None = None
    # the second pass (:mod:`.context`), when the model has one
    context_coef: np.ndarray | None = None
    context_intercept: np.ndarray | None = None

    def __post_init__(self) -> None:
        self._index = {f: i for i, f in enumerate(self.vocabulary)}
        self._chars: dict[int, tuple[np.ndarray, np.ndarray]] | None = None

    def _char_table(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``c:`` features of ``n`` characters (1-3): see :func:`_char_tables`."""
        if self._chars is None:
            self._chars = _char_tables(np.asarray(self.vocabulary, dtype=str))
        return self._chars[n]

    def _char_ids(
        self, compacts: Sequence[str], orders: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, feature index) of every known ``c:`` feature of n characters, n in
        ``orders`` (each 1-3), of each compact text: the n-grams counted in one numpy pass."""
        codes = np.frombuffer("".join(compacts).encode("utf-32-le"), dtype=np.uint32)
        codes = codes.astype(np.uint64)
        sentence = np.repeat(np.arange(len(compacts)), [len(c) for c in compacts])
        rows, ids = [], []
        for n in orders:
            keys, index = self._char_table(n)
            m = len(codes) - n + 1
            if m <= 0 or not len(keys):
                continue
            # windows of n characters inside one sentence
            within = np.nonzero(sentence[:m] == sentence[n - 1 :])[0]
            grams = _pack(np.stack([codes[within + j] for j in range(n)], axis=1))
            at = np.minimum(np.searchsorted(keys, grams), len(keys) - 1)
            hit = keys[at] == grams
            rows.append(sentence[within[hit]])
            ids.append(index[at[hit]])
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows), np.concatenate(ids)

    def vectorize_rows(
        self, rows: Sequence[Sequence[str]], chars: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sparse TF-IDF matrix of ``rows`` as (row, feature index, l2-normalised weight).

        ``chars``, if given, holds each row's compact text (see
        :func:`nlp_perf.classify.features.featurize_parts`), whose character n-gram features are
        counted here, in numpy, rather than given as strings in ``rows``.

        Entries are sorted by row, then feature index; a row without a known feature has none.
        """
        return self._tfidf(*self._feature_ids(rows, chars), len(rows))

    def _feature_ids(
        self, rows: Sequence[Sequence[str]], chars: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, feature index) of every feature of ``rows`` (and of the character n-grams of
        ``chars``), -1 for a feature the model does not know."""
        get = self._index.get
        ids = np.fromiter((get(f, -1) for feats in rows for f in feats), dtype=np.int64)
        row = np.repeat(np.arange(len(rows), dtype=np.int64), [len(feats) for feats in rows])
        if chars is not None:
            orders = char_orders(self.config)
            more, known_ids = self._char_ids(chars, [n for n in orders if 1 <= n <= 3])
            # lengths that do not fit 63 bits (or 0): as strings
            strings = [char_ngrams(c, [n for n in orders if not 1 <= n <= 3]) for c in chars]
            row = np.concatenate(
                [row, more, np.repeat(np.arange(len(rows)), [len(x) for x in strings])]
            )
            ids = np.concatenate(
                [ids, known_ids, np.fromiter((get(f, -1) for x in strings for f in x), np.int64)]
            )
        return row, ids

    def _tfidf(
        self, row: np.ndarray, ids: np.ndarray, n_rows: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Count, weight (sublinear tf × idf) and l2-normalise the features found per row."""
        known = ids >= 0
        n = len(self.vocabulary)
        keys, counts = np.unique(row[known] * n + ids[known], return_counts=True)
        row, idx = np.divmod(keys, n)
        w = (1.0 + np.log(counts)) * self.idf[idx]
        w /= np.sqrt(np.bincount(row, w * w, minlength=n_rows))[row]
        return row, idx, w

    def vectorize(self, feats: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of one sentence: (feature indexes, l2-normalised weights)."""
        _, idx, w = self.vectorize_rows([feats])
        return idx, w

    @property
    def reads_context(self) -> bool:
        """Whether the model labels in two passes (:mod:`.context`)."""
        return self.context_coef is not None

    def _decision(self) -> tuple[np.ndarray, np.ndarray]:
        """The weights that decide a sentence's label: the last pass's."""
        if self.context_coef is not None and self.context_intercept is not None:
            return self.context_coef, self.context_intercept
        return self.coef, self.intercept

    def _proba(
        self, vectors: tuple[np.ndarray, np.ndarray, np.ndarray], n_rows: int, second: bool
    ) -> np.ndarray:
        row, idx, w = vectors
        coef, intercept = (
            (self.context_coef, self.context_intercept) if second else (self.coef, self.intercept)
        )
        assert coef is not None and intercept is not None
        scores = np.empty((n_rows, len(self.labels)))
        for k in range(len(self.labels)):
            scores[:, k] = np.bincount(row, coef[k, idx] * w, minlength=n_rows)
        scores += intercept
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def predict(
        self,
        rows: Sequence[Sequence[str]],
        chars: Sequence[str] | None = None,
        sections: Sequence[str] | None = None,
    ) -> tuple[np.ndarray, list[list[str]]]:
        """Probability of each label (columns in ``self.labels`` order) for each row of one
        report, in its order, and the second-pass features each row was read with (empty
        lists for a model of one pass).

        All rows are scored in one array operation: every row's features are looked up at
        once, and their weights summed per row and label.  ``chars``: see
        :meth:`vectorize_rows`; ``sections``: each row's heading path, for the second pass,
        which adds its features to those the first pass looked up.
        """
        n = len(rows)
        row, ids = self._feature_ids(rows, chars)
        first = self._proba(self._tfidf(row, ids, n), n, second=False)
        if not self.reads_context:
            return first, [[] for _ in rows]
        labels = [self.labels[k] for k in first.argmax(axis=1)] if n else []
        context = context_features(labels, sections)
        more_row, more_ids = self._feature_ids(context)
        both = self._tfidf(np.concatenate([row, more_row]), np.concatenate([ids, more_ids]), n)
        return self._proba(both, n, second=True), context

    def predict_proba(
        self,
        rows: Sequence[Sequence[str]],
        chars: Sequence[str] | None = None,
        sections: Sequence[str] | None = None,
    ) -> np.ndarray:
        """The label probabilities of :meth:`predict`."""
        return self.predict(rows, chars, sections)[0]

    def explain(self, feats: Sequence[str], label: str, top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed this sentence most toward ``label``, with their weight
        (for a model of two passes, give the second pass's features too)."""
        k = self.labels.index(label)
        coef, _ = self._decision()
        idx, w = self.vectorize(feats)
        contrib = coef[k, idx] * w
        order = np.argsort(-contrib)[:top]
        return [(self.vocabulary[idx[j]], float(contrib[j])) for j in order if contrib[j] > 0]

    def top_features(self, label: str, top: int = 20) -> list[tuple[str, float]]:
        """The features with the largest weight for ``label``."""
        k = self.labels.index(label)
        coef, _ = self._decision()
        order = np.argsort(-coef[k])[:top]
        return [(self.vocabulary[j], float(coef[k, j])) for j in order]

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
            "n_features": len(self.vocabulary),
        }
        (d / "model.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        with open(d / "weights.npz", "wb") as fh:
            arrays = {
                "vocabulary": np.array(self.vocabulary, dtype=str),
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


def _char_tables(voc: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For n = 1, 2, 3: the vocabulary's ``c:`` features of n characters as sorted integer
    keys (:func:`_pack`) and their feature indexes; ``voc`` is the vocabulary as a numpy str
    array."""
    raw = voc.view(np.uint32).reshape(len(voc), voc.dtype.itemsize // 4)
    if raw.shape[1] < 6:
        raw = np.pad(raw, ((0, 0), (0, 6 - raw.shape[1])))
    # "c:" and one to three characters (none of them NUL)
    c = raw[:, :6]
    (idx,) = np.nonzero(
        (c[:, 0] == ord("c")) & (c[:, 1] == ord(":")) & (c[:, 2] > 0) & (c[:, 5] == 0)
    )
    codes = raw[idx, 2:5].astype(np.uint64)
    length = np.where(codes[:, 2] > 0, 3, np.where(codes[:, 1] > 0, 2, 1))
    tables = {}
    for k in (1, 2, 3):
        keys = _pack(codes[length == k, :k])
        order = np.argsort(keys)
        tables[k] = keys[order], idx[length == k][order]
    return tables


def _pack(codes: np.ndarray) -> np.ndarray:
    """One uint64 key per row of up to three code points (21 bits each)."""
    key = np.zeros(len(codes), dtype=np.uint64)
    for j in range(codes.shape[1]):
        key = (key << np.uint64(21)) | codes[:, j]
    return key


def default_model_path() -> Path:
    """The model named by $NLP_PERF_MODEL, else the shipped one.

    The shipped model is kept in ``models/default`` at the top of the repository; installing
    the package maps ``models/`` to the package ``nlp_perf.models`` (see pyproject.toml), read
    with importlib.resources.  When nlp_perf runs from a checkout instead (the working
    directory shadows the installed package), that package does not exist and the model is
    read from ``models/default`` beside the source.
    """
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV])
    if importlib.util.find_spec("nlp_perf.models") is not None:
        return Path(str(resources.files("nlp_perf.models") / "default"))
    return Path(__file__).resolve().parents[2] / "models" / "default"


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
    array = arrays["vocabulary"]
    model = Model(
        meta.name, meta.version, meta.labels, config, array.tolist(),
        arrays["idf"], arrays["coef"], arrays["intercept"], card, str(d),
        arrays.get("context_coef"), arrays.get("context_intercept"),
    )  # fmt: skip
    check_vocabulary(model.vocabulary, model._index)
    model._chars = _char_tables(array)  # index the character n-grams while the array is at hand
    return model
