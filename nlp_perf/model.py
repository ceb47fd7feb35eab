"""The sentence classifier as data: vocabulary, idf, weights, labels; loaded without pickle.

A model is a directory holding

- ``model.json``: format name and version, model name and version, labels, feature settings;
- ``weights.npz``: ``vocabulary`` (strings), ``idf``, ``coef`` (labels x features) and
  ``intercept``, read with ``allow_pickle=False`` so loading cannot run code;
- ``card.json``: the model card (training data hash, command, scores, library versions).

Classification needs numpy only: TF-IDF with sublinear tf and l2 norm, a linear score per
label and a softmax, exactly what scikit-learn's ``TfidfVectorizer`` followed by a
multinomial ``LogisticRegression`` compute.
"""

from __future__ import annotations

import importlib.util
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from .errors import ModelError
from .features import FeatureConfig

__all__ = ["LABELS", "LABEL_NAMES_ZH", "Model", "load_model", "default_model_path"]

LABELS = ("achievement", "problem", "measure", "metric", "other")
LABEL_NAMES_ZH = {
    "achievement": "成效",
    "problem": "问题",
    "measure": "措施",
    "metric": "指标",
    "other": "其他",
}
FORMAT = "nlp_perf-linear"
FORMAT_VERSION = 1
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

    def __post_init__(self) -> None:
        self._index = {f: i for i, f in enumerate(self.vocabulary)}

    def vectorize_rows(
        self, rows: Sequence[Sequence[str]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sparse TF-IDF matrix of ``rows`` as (row, feature index, l2-normalised weight).

        Entries are sorted by row, then feature index; a row without a known feature has none.
        """
        get = self._index.get
        ids = np.fromiter((get(f, -1) for feats in rows for f in feats), dtype=np.int64)
        row = np.repeat(np.arange(len(rows), dtype=np.int64), [len(feats) for feats in rows])
        known = ids >= 0
        n = len(self.vocabulary)
        keys, counts = np.unique(row[known] * n + ids[known], return_counts=True)
        row, idx = np.divmod(keys, n)
        w = (1.0 + np.log(counts)) * self.idf[idx]
        w /= np.sqrt(np.bincount(row, w * w, minlength=len(rows)))[row]
        return row, idx, w

    def vectorize(self, feats: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of one sentence: (feature indexes, l2-normalised weights)."""
        _, idx, w = self.vectorize_rows([feats])
        return idx, w

    def scores(self, feats: Sequence[str]) -> np.ndarray:
        idx, w = self.vectorize(feats)
        return self.coef[:, idx] @ w + self.intercept

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Probability of each label (columns in ``self.labels`` order) for each row.

        All rows are scored in one array operation: every row's features are looked up at
        once, and their weights summed per row and label.
        """
        row, idx, w = self.vectorize_rows(rows)
        scores = np.empty((len(rows), len(self.labels)))
        for k in range(len(self.labels)):
            scores[:, k] = np.bincount(row, self.coef[k, idx] * w, minlength=len(rows))
        scores += self.intercept
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def explain(self, feats: Sequence[str], label: str, top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed this sentence most toward ``label``, with their weight."""
        k = self.labels.index(label)
        idx, w = self.vectorize(feats)
        contrib = self.coef[k, idx] * w
        order = np.argsort(-contrib)[:top]
        return [(self.vocabulary[idx[j]], float(contrib[j])) for j in order if contrib[j] > 0]

    def top_features(self, label: str, top: int = 20) -> list[tuple[str, float]]:
        """The features with the largest weight for ``label``."""
        k = self.labels.index(label)
        order = np.argsort(-self.coef[k])[:top]
        return [(self.vocabulary[j], float(self.coef[k, j])) for j in order]

    def save(self, directory: str | Path) -> None:
        """Write model.json, weights.npz and card.json into ``directory`` (created)."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
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
            np.savez_compressed(
                fh,
                vocabulary=np.array(self.vocabulary, dtype=str),
                idf=self.idf.astype(np.float64),
                coef=self.coef.astype(np.float64),
                intercept=self.intercept.astype(np.float64),
            )
        (d / "card.json").write_text(
            json.dumps(self.card, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )


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
    return Path(__file__).resolve().parent.parent / "models" / "default"


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path.name} missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path.name} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path.name} is not a JSON object")
    return data


def load_model(path: str | Path | None = None) -> Model:
    """Load a model directory (default: :func:`default_model_path`); ModelError if unusable."""
    d = Path(path) if path is not None else default_model_path()
    if not d.exists():
        raise ModelError("no such model directory")
    if not d.is_dir():
        raise ModelError("a model is a directory holding model.json and weights.npz")
    meta = _read_json(d / "model.json")
    if meta.get("format") != FORMAT:
        raise ModelError(f"unknown model format {meta.get('format')!r}; expected {FORMAT!r}")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"model format version {meta.get('format_version')!r} is not supported "
            f"(this nlp_perf reads version {FORMAT_VERSION})"
        )
    try:
        config = FeatureConfig.from_dict(meta["features"])
        labels = tuple(meta["labels"])
        name, version = str(meta["name"]), str(meta["version"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"model.json is malformed ({exc})") from None
    try:
        with np.load(d / "weights.npz", allow_pickle=False) as npz:
            vocabulary = npz["vocabulary"].tolist()
            idf, coef, intercept = npz["idf"], npz["coef"], npz["intercept"]
    except FileNotFoundError:
        raise ModelError("weights.npz missing") from None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise ModelError(f"weights.npz is malformed ({exc})") from None
    n = len(vocabulary)
    if coef.ndim != 2 or coef.shape != (len(labels), n) or idf.shape != (n,):
        raise ModelError(
            f"weights do not match: {len(labels)} labels and {n} features in the model, "
            f"but coef is {coef.shape} and idf {idf.shape}"
        )
    if intercept.shape != (len(labels),) or len(set(labels)) != len(labels) or not labels:
        raise ModelError(f"labels {list(labels)} do not match intercept of shape {intercept.shape}")
    card = _read_json(d / "card.json") if (d / "card.json").exists() else {}
    return Model(name, version, labels, config, vocabulary, idf, coef, intercept, card, str(d))
