"""Train a sentence classifier, cross-validate it by document, and write it safely.

``train()`` featurizes each document in context (integer features, as classification makes
them), runs grouped k-fold cross-validation (a report is never split across folds), fits the
final model on everything (TF-IDF of :mod:`.tfidf`, then logistic regression), exports it to
the pickle-free format of :mod:`nlp_perf.classify.model` and writes it to a temporary
directory beside ``out`` that replaces ``out`` only when everything has succeeded.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ..atomic import replacing_folder
from ..classify.features import FeatureConfig
from ..classify.keys import WordTable
from ..classify.model import LABELS, Model, label_order
from ..errors import CorpusError
from .corpus import corpus_hash, read_corpus
from .evaluate import evaluate
from .examples import Example
from .folds import map_folds
from .metrics import score
from .tfidf import Counts, Tfidf
from .twopass import add_context, check_fold, first_pass_labels, join_passes
from .views import Views, featurize_views

__all__ = [
    "Fitted", "TrainSettings", "TrainResult", "featurize_examples", "fit_pipeline", "export",
    "train",
]  # fmt: skip


@dataclass(frozen=True)
class TrainSettings:
    """How to train: features, classifier strength, folds."""

    features: FeatureConfig = field(default_factory=FeatureConfig)
    C: float = 3.0
    min_df: int = 4
    folds: int = 5
    class_weight: str | None = "balanced"
    seed: int = 0
    # Share of the training documents learnt a second time with their headings taken away, as
    # pages arrive whose outline the splitter cannot read (excerpts, flattened or PDF text).
    section_dropout: float = 0.5


@dataclass
class TrainResult:
    """The trained model and its grouped cross-validation scores."""

    model: Model
    cv: dict | None
    n_sentences: int
    n_documents: int
    label_counts: dict[str, int]
    out_of_fold: list[str] = field(default_factory=list)
    dev: list[dict] = field(default_factory=list)  # scores on the gold files given as ``dev``


@dataclass
class Fitted:
    """TF-IDF and logistic regression fitted on the feature counts of some rows."""

    tfidf: Tfidf
    clf: Any

    def predict(self, data: Counts) -> np.ndarray:
        """The label of each row of ``data``."""
        return self.clf.predict(self.tfidf.transform(data))


def featurize_examples(
    examples: Sequence[Example],
    config: FeatureConfig,
    section_dropout: float = 0.0,
    seed: int = 0,
) -> tuple[Counts, list[str], list[str]]:
    """Feature counts, labels and document ids, each document featurized in its own order
    (:func:`~.views.featurize_views`; the rows of views without headings come last)."""
    views = featurize_views(examples, config, section_dropout, seed)
    return views.counts(), views.labels, views.groups


def fit_pipeline(data: Counts, labels: Sequence[str], settings: TrainSettings) -> Fitted:
    """TF-IDF over the feature counts ``data`` (:mod:`.tfidf`), then logistic regression."""
    from sklearn.linear_model import LogisticRegression

    tfidf = Tfidf(min_df=settings.min_df)
    clf = LogisticRegression(
        C=settings.C,
        max_iter=3000,
        class_weight=settings.class_weight,
        random_state=settings.seed,
    )
    clf.fit(tfidf.fit_transform(data), list(labels))
    return Fitted(tfidf, clf)


def export(
    pipe: Fitted, settings: TrainSettings, name: str, version: str, card: dict, words: WordTable
) -> Model:
    """The fitted pipeline as a :class:`Model` (words, feature keys, idf, weights)."""
    tfidf, clf = pipe.tfidf, pipe.clf
    classes = [str(c) for c in clf.classes_]
    coef = np.asarray(clf.coef_, dtype=np.float64)
    intercept = np.asarray(clf.intercept_, dtype=np.float64)
    if len(classes) == 2:  # binary: sigmoid(s) == softmax([0, s])
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        intercept = np.array([0.0, intercept[0]])
    order = [classes.index(lab) for lab in label_order(classes)]
    return Model(
        name=name,
        version=version,
        labels=tuple(classes[k] for k in order),
        config=settings.features,
        words=words.words,
        keys=tfidf.keys_,
        idf=tfidf.idf_,
        coef=coef[order],
        intercept=intercept[order],
        card=card,
    )


def cross_validate(
    data: Counts,
    labels: list[str],
    groups: list[str],
    settings: TrainSettings,
    label_set: Sequence[str],
    progress: bool | None = None,
    originals: int | None = None,
) -> tuple[dict, list[str]]:
    """Grouped k-fold cross-validation; returns the scores and the out-of-fold predictions.

    Rows from ``originals`` on are extra views of documents (section dropout): they are
    trained on with their document's fold, never scored.
    """
    originals = len(labels) if originals is None else originals
    from sklearn.model_selection import GroupKFold
    from tqdm import tqdm

    folds = GroupKFold(n_splits=settings.folds)
    pred = [""] * len(labels)
    y = np.array(labels)
    splits = list(folds.split(y, y, groups))
    for k, (train_idx, _) in enumerate(splits, start=1):
        check_fold(k, settings.folds, y[train_idx].tolist(), label_set)

    def fold(k: int) -> list[str]:  # the predictions of fold k's model on its test rows
        train_idx, test_idx = splits[k]
        pipe = fit_pipeline(data.take(train_idx), y[train_idx], settings)
        return [str(p) for p in pipe.predict(data.take([i for i in test_idx if i < originals]))]

    bar = tqdm(
        map_folds(fold, len(splits)),
        total=len(splits),
        desc="cross-validation",
        disable=None if progress is None else not progress,
        leave=False,
    )
    for (_, test_idx), predicted in zip(splits, bar):
        for i, p in zip([i for i in test_idx if i < originals], predicted):
            pred[i] = p
    return score(labels[:originals], pred[:originals], label_set), pred[:originals]


def _check(
    examples: Sequence[Example],
    settings: TrainSettings,
    label_set: Sequence[str],
    where: str,
) -> None:
    """CorpusError, naming the corpus (``where``), when it is too small for the folds."""
    counts = Counter(ex.label for ex in examples)
    docs = len({ex.doc_id for ex in examples})
    if settings.folds > 1 and docs < settings.folds:
        raise CorpusError(
            f"{where}: {docs} documents but {settings.folds}-fold cross-validation needs at least "
            f"{settings.folds} (use --folds {max(docs, 2)} or --folds 0 to skip it)"
        )
    for lab in label_set:
        if counts[lab] < max(settings.folds, 2):
            raise CorpusError(
                f"{where}: label {lab!r} has {counts[lab]} examples; training with "
                f"{settings.folds} folds needs at least {max(settings.folds, 2)}"
            )


def _versions() -> dict[str, str]:
    out = {}
    for pkg in ("nlp_perf", "numpy", "scikit-learn", "jieba"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


def _data_hash(paths: Sequence[str | Path]) -> str:
    h = hashlib.sha256()
    for p in map(Path, paths):
        h.update(corpus_hash(p).encode() if p.is_dir() else p.read_bytes())
    return h.hexdigest()


def _one_blas_thread() -> threadpool_limits:
    """One BLAS thread a process while training: the fits are many and small, the folds already
    run one per core, and OpenBLAS's own threads only spin against them (training on data/ took
    163 s of wall time and 290 s of CPU on two cores, 82 s and 110 s with one thread).  SciPy's
    BLAS is loaded first (with scikit-learn), so that the limit reaches it too."""
    import sklearn.linear_model  # noqa: F401

    return threadpool_limits(limits=1)


def train(
    paths: Sequence[str | Path],
    out: str | Path | None = None,
    settings: TrainSettings | None = None,
    labels: Sequence[str] = LABELS,
    name: str = "nlp_perf-custom",
    command: str = "",
    progress: bool | None = None,
    dev: Sequence[str | Path] = (),
) -> TrainResult:
    """Train on labelled corpora; cross-validate; write the model to ``out`` if given.

    ``out`` is replaced only after training has succeeded, so a failed or interrupted run
    leaves an existing model as it was.  ``progress``: True shows a progress bar for the
    cross-validation, False hides it, None (the default) shows it on a terminal only.
    ``dev``: gold files (see :func:`nlp_perf.evaluate.evaluate`) the trained model is scored
    on; the scores go into the model card and ``TrainResult.dev``.
    """
    settings = settings or TrainSettings()
    with _one_blas_thread(), _Stages(progress, bool(dev), out is not None) as stage:
        stage("reading the corpus")
        examples = read_corpus(paths, labels)
        where = ", ".join(map(str, paths))  # errors name the corpus: "FILE: cause"
        _check(examples, settings, labels, where)
        stage("features")
        views = featurize_views(
            examples, settings.features, settings.section_dropout, settings.seed
        )
        first = views.counts()
        rows, cv, oof = _passes_and_cv(
            views, first, settings, labels, progress, len(examples), where
        )
        stage("the final model")
        y, groups = views.labels, views.groups
        pipe = fit_pipeline(rows, y, settings)
        digest = _data_hash(paths)
        now = _dt.datetime.now(_dt.timezone.utc)
        counts = Counter(y[: len(examples)])
        card = _card(name, labels, command, paths, digest, now, counts, len(set(groups)), settings)
        card["cross_validation"] = cv
        version = f"{now:%Y.%m.%d}-{digest[:8]}"
        model = export(pipe, settings, name, version, card, views.table)
        if settings.features.context:
            one_pass = fit_pipeline(first, views.labels, settings)
            model = join_passes(export(one_pass, settings, name, version, card, views.table), model)
        if dev:
            stage("scoring the dev files")
        dev_scores = _score_dev(model, dev, labels)
        card["dev"] = [{k: v for k, v in d.items() if k != "scores"} for d in dev_scores]
        if out is not None:
            stage("writing the model")
            write_model_atomically(model, out)
    documents = len(set(groups))
    return TrainResult(model, cv, len(examples), documents, dict(counts), oof, dev_scores)


def _passes_and_cv(
    views: Views,
    data: Counts,
    settings: TrainSettings,
    labels: Sequence[str],
    progress: bool | None,
    originals: int,
    where: str,
) -> tuple[Counts, dict | None, list]:
    """The rows to train on (``data``, the counts of the views' features, with the first
    pass's context for a model of two passes) and the cross-validation's scores and
    out-of-fold predictions; CorpusError naming ``where``."""
    rows = data
    try:
        if settings.features.context:

            def fit_first(part: Counts, truth: Sequence[str]) -> Fitted:
                return fit_pipeline(part, truth, settings)

            first = first_pass_labels(views, data, settings.folds, fit_first, progress, labels)
            rows = add_context(views, first, labels)
        if settings.folds > 1:
            y, groups = views.labels, views.groups
            cv, oof = cross_validate(rows, y, groups, settings, labels, progress, originals)
            return rows, cv, oof
    except CorpusError as exc:
        raise CorpusError(f"{where}: {exc}") from None
    return rows, None, []


class _Stages:
    """A bar of training's stages on a terminal (``progress`` as for :func:`train`): the
    first pass and the cross-validation have bars of their own, under it."""

    def __init__(self, progress: bool | None, dev: bool, out: bool) -> None:
        from tqdm import tqdm

        total = 3 + dev + out  # corpus, features, final model; dev files; writing
        self._bar = tqdm(
            total=total,
            desc="training",
            disable=None if progress is None else not progress,
            leave=False,
            bar_format="{desc}: {n_fmt}/{total_fmt} {postfix} [{elapsed}]",
        )
        self._started = False

    def __call__(self, stage: str) -> None:
        if self._started:
            self._bar.update()
        self._started = True
        self._bar.set_postfix_str(stage)

    def __enter__(self) -> _Stages:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()


def _card(
    name: str,
    labels: Sequence[str],
    command: str,
    paths: Sequence[str | Path],
    digest: str,
    now: _dt.datetime,
    counts: Counter,
    documents: int,
    settings: TrainSettings,
) -> dict:
    """The model card: what was trained on what, how, when and with which libraries."""
    return {
        "name": name,
        "labels": list(labels),
        "trained": now.isoformat(timespec="seconds"),
        "command": command,
        "corpus": {
            "paths": [str(p) for p in paths],
            "sha256": digest,
            "sentences": sum(counts.values()),
            "documents": documents,
            "label_counts": {lab: counts[lab] for lab in labels},
        },
        "settings": {
            "features": settings.features.to_dict(),
            "classifier": "LogisticRegression",
            "passes": 2 if settings.features.context else 1,
            "C": settings.C,
            "min_df": settings.min_df,
            "class_weight": settings.class_weight,
            "folds": settings.folds,
            "section_dropout": settings.section_dropout,
        },
        "cross_validation": None,
        "versions": _versions(),
    }


def _score_dev(model: Model, golds: Sequence[str | Path], labels: Sequence[str]) -> list[dict]:
    """The trained model's scores on each gold file: macro-F1 and F1 per label (and, under
    ``scores``, everything :func:`nlp_perf.metrics.score` gives)."""

    out = []
    for gold in golds:
        ev = evaluate(gold, model, labels=labels)
        per = ev.scores["per_label"]
        out.append(
            {
                "gold": str(gold),
                "sentences": ev.scores["n"],
                "macro_f1": round(ev.scores["macro_f1"], 4),
                "f1": {lab: round(per[lab]["f1"], 4) for lab in labels},
                "scores": ev.scores,
            }
        )
    return out


def write_model_atomically(model: Model, out: str | Path) -> None:
    """Write ``model`` into a temporary folder beside ``out``, then put it in place: a failed
    or interrupted run leaves the model that was there (:mod:`nlp_perf.atomic`)."""
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing_folder(target) as tmp:
        model.save(tmp)
