"""Choose the model by measurement: feature groups, classifiers and baselines side by side.

Every candidate is scored the same two ways:
- grouped 5-fold cross-validation on the corpus in data/ (folds by document, the same folds for
  every candidate);
- the seeds dev set (../shared/eval/seeds_gold.jsonl), each seed report classified whole.

    python benchmarks/model_selection.py                 # everything (about 15 minutes on 2 cores)
    python benchmarks/model_selection.py --only baselines
    python benchmarks/model_selection.py --markdown docs/model_selection.md

Prints a table (macro-F1 and per-label F1 for CV and seeds) and optionally writes it as Markdown.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold

from nlp_perf import FeatureConfig, load_project_corpus, split_sentences
from nlp_perf.features import featurize_document
from nlp_perf.metrics import score
from nlp_perf.model import LABELS
from nlp_perf.tokenizer import get_segmenter
from nlp_perf.train import TrainSettings, featurize_examples, fit_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


# ------------------------------------------------------------------------------ data


def load_seeds():
    """The seed reports split by our splitter, with the gold labels (the splits agree exactly)."""
    rows = [
        json.loads(x)
        for x in (SHARED / "eval" / "seeds_gold.jsonl").read_text("utf-8").splitlines()
    ]
    docs = []
    for doc in sorted({r["doc"] for r in rows}):
        text = (SHARED / "seeds" / f"{doc}.txt").read_text(encoding="utf-8")
        sents = split_sentences(text)
        gold = [r for r in rows if r["doc"] == doc]
        assert [s.text for s in sents] == [r["text"] for r in gold], doc
        docs.append(
            ([s.text for s in sents], [s.section for s in sents], [r["label"] for r in gold])
        )
    return docs


# ------------------------------------------------------------------------ candidates


class LinearCandidate:
    """Our features + TF-IDF + a linear classifier."""

    def __init__(
        self,
        name,
        config: FeatureConfig,
        clf: str = "lr",
        C: float = 10.0,
        min_df: int = 1,
        class_weight="balanced",
    ):
        self.name, self.config, self.clf, self.C, self.min_df = name, config, clf, C, min_df
        self.class_weight = class_weight

    def features(self, examples):
        return featurize_examples(examples, self.config)

    def seed_features(self, seeds):
        feats, labels = [], []
        for texts, sections, gold in seeds:
            feats += featurize_document(texts, sections, self.config)
            labels += gold
        return feats, labels

    def fit(self, feats, labels):
        settings = TrainSettings(
            features=self.config, C=self.C, min_df=self.min_df, class_weight=self.class_weight
        )
        if self.clf == "lr":
            return fit_pipeline(feats, labels, settings)
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier
        from sklearn.pipeline import Pipeline
        from sklearn.svm import LinearSVC

        from nlp_perf.train import _identity

        if self.clf == "svm":
            est = CalibratedClassifierCV(LinearSVC(C=self.C, class_weight=self.class_weight), cv=3)
        else:
            est = SGDClassifier(
                loss="log_loss",
                alpha=self.C,
                class_weight=self.class_weight,
                max_iter=50,
                random_state=0,
            )
        pipe = Pipeline(
            [
                (
                    "tfidf",
                    TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=self.min_df),
                ),
                ("clf", est),
            ]
        )
        return pipe.fit(feats, labels)


class PlainPipeline(LinearCandidate):
    """The pipeline a user would write: jieba words, TfidfVectorizer defaults, LogisticRegression."""

    def __init__(self):
        super().__init__("baseline: jieba + TfidfVectorizer + LogisticRegression", FeatureConfig())

    def _words(self, texts):
        seg = get_segmenter()
        return [" ".join(seg.cut(t)) for t in texts]

    def features(self, examples):
        return (
            self._words([e.text for e in examples]),
            [e.label for e in examples],
            [e.doc_id for e in examples],
        )

    def seed_features(self, seeds):
        texts, labels = [], []
        for t, _, gold in seeds:
            texts += t
            labels += gold
        return self._words(texts), labels

    def fit(self, feats, labels):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=2000)).fit(
            feats, labels
        )


KEYWORDS = [
    ("problem", r"存在|不足|不够|滞后|偏低|未完成|尚未|有待|还需进一步|不到位|不规范|问题"),
    ("measure", r"下一步|将|要|应|建议|进一步加强|加强|强化|健全|完善|坚持"),
    ("metric", r"万元|亿元|%|执行率|完成率|预算数|决算数|得分|满意度"),
    ("achievement", r"完成|开展|组织|实现|建成|肯定|共\d|\d+(次|项|人次|件|亩)"),
]


class KeywordRules(PlainPipeline):
    """Keyword rules from the labelling guide's 'typical signals', first match wins."""

    def __init__(self):
        LinearCandidate.__init__(self, "baseline: keyword rules", FeatureConfig())

    def fit(self, feats, labels):
        return self

    def predict(self, feats):
        out = []
        for text in feats:
            t = text.replace(" ", "")
            if (
                re.match(r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[)）]", t)
                and len(t) < 30
            ):
                out.append("other")
                continue
            out.append(next((lab for lab, rx in KEYWORDS if re.search(rx, t)), "other"))
        return out


class FastText(PlainPipeline):
    """fastText supervised on jieba words (only where the fasttext package installs)."""

    def __init__(self):
        LinearCandidate.__init__(self, "baseline: fastText supervised", FeatureConfig())

    def fit(self, feats, labels):
        import tempfile

        import fasttext

        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
            for t, y in zip(feats, labels):
                fh.write(f"__label__{y} {t}\n")
        self.ft = fasttext.train_supervised(fh.name, epoch=25, lr=0.5, wordNgrams=2, verbose=0)
        return self

    def predict(self, feats):
        return [self.ft.predict(t.replace("\n", " "))[0][0].replace("__label__", "") for t in feats]


# ------------------------------------------------------------------------- scoring


def _fold(candidate, feats, labels, train_idx, test_idx):
    model = candidate.fit([feats[i] for i in train_idx], [labels[i] for i in train_idx])
    return test_idx, list(model.predict([feats[i] for i in test_idx]))


def evaluate_candidate(candidate, examples, seeds, folds=5, jobs=2):
    start = time.perf_counter()
    feats, labels, groups = candidate.features(examples)
    splits = list(GroupKFold(n_splits=folds).split(feats, labels, groups))
    pred = [""] * len(labels)
    for test_idx, p in Parallel(n_jobs=jobs)(
        delayed(_fold)(candidate, feats, labels, tr, te) for tr, te in splits
    ):
        for i, lab in zip(test_idx, p):
            pred[i] = lab
    cv = score(labels, pred, LABELS)
    model = candidate.fit(feats, labels)
    seed_feats, seed_labels = candidate.seed_features(seeds)
    dev = score(seed_labels, list(model.predict(seed_feats)), LABELS)
    return {"name": candidate.name, "cv": cv, "seeds": dev, "seconds": time.perf_counter() - start}


def candidates(only: str | None):
    full = FeatureConfig()
    words = FeatureConfig(char_max=0, section=False, shapes=False, position=False, neighbours=False)
    sets = {
        "baselines": [KeywordRules(), PlainPipeline(), FastText()],
        "features": [
            LinearCandidate("words only", words),
            LinearCandidate("words + chars", replace(words, char_max=3)),
            LinearCandidate("+ shapes", replace(words, char_max=3, shapes=True)),
            LinearCandidate(
                "+ shapes + section", replace(words, char_max=3, shapes=True, section=True)
            ),
            LinearCandidate("+ shapes + section + position", replace(full, neighbours=False)),
            LinearCandidate("all features (+ neighbours)", full),
            LinearCandidate("all, no section", replace(full, section=False)),
        ],
        "classifiers": [
            LinearCandidate("LR C=1", full, C=1.0),
            LinearCandidate("LR C=10", full, C=10.0),
            LinearCandidate("LR C=10 min_df=2", full, C=10.0, min_df=2),
            LinearCandidate("LR C=30", full, C=30.0),
            LinearCandidate("LinearSVC (calibrated) C=0.5", full, clf="svm", C=0.5),
            LinearCandidate("SGD log-loss alpha=1e-5", full, clf="sgd", C=1e-5),
        ],
    }
    if only:
        return sets[only]
    return [c for group in sets.values() for c in group]


def table(results) -> str:
    head = (
        "| candidate | CV macro-F1 | seeds macro-F1 | "
        + " | ".join(f"seeds {lab}" for lab in LABELS)
        + " | seconds |"
    )
    lines = [head, "|" + "---|" * (4 + len(LABELS))]
    for r in results:
        per = " | ".join(f"{r['seeds']['per_label'][lab]['f1']:.3f}" for lab in LABELS)
        lines.append(
            f"| {r['name']} | {r['cv']['macro_f1']:.3f} | {r['seeds']['macro_f1']:.3f} | "
            f"{per} | {r['seconds']:.0f} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["baselines", "features", "classifiers"])
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--json", help="also write the full scores to this file")
    args = ap.parse_args(argv)
    examples = load_project_corpus(ROOT / "data")
    seeds = load_seeds()
    results = []
    for cand in candidates(args.only):
        try:
            r = evaluate_candidate(cand, examples, seeds)
        except ImportError as exc:
            print(f"skipped {cand.name}: {exc}", file=sys.stderr)
            continue
        results.append(r)
        print(
            f"{r['name']}: CV {r['cv']['macro_f1']:.3f}  seeds {r['seeds']['macro_f1']:.3f}  "
            f"({r['seconds']:.0f} s)",
            flush=True,
        )
    print()
    print(table(results))
    if args.markdown:
        Path(args.markdown).write_text(table(results) + "\n", encoding="utf-8")
    if args.json:
        Path(args.json).write_text(
            json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
