"""Choose the model by measurement: corpus, features, training and classifiers side by side.

Every candidate is scored the same three ways, in one run:
- grouped 5-fold cross-validation on the corpus in data/ (folds by document, the same folds for
  every candidate trained on the whole corpus);
- the seeds (../shared/eval/seeds_gold.jsonl: two real reports);
- real_dev (../shared/eval/real_dev: 45 real report pages, 1,013 sentences).
For the seeds and real_dev each raw page is split and classified whole, and each gold sentence
takes the label of the predicted sentence covering most of its characters, as
``nlp-perf evaluate`` and ../shared/eval/score.py score them.  Neither set is ever trained on.

    python benchmarks/model_selection.py                 # everything (about 20 minutes on 2 cores)
    python benchmarks/model_selection.py --only training
    python benchmarks/model_selection.py --markdown table.md

Prints a table (macro-F1 of CV, seeds and real_dev; F1 per label on real_dev).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold

from nlp_perf import FeatureConfig, load_project_corpus, split_sentences
from nlp_perf.classify.context import context_features
from nlp_perf.classify.features import featurize_document
from nlp_perf.classify.model import LABELS
from nlp_perf.classify.tokenizer import get_segmenter
from nlp_perf.training.fit import TrainSettings
from nlp_perf.training.metrics import score
from nlp_perf.training.twopass import first_pass_labels
from nlp_perf.training.views import featurize_views


def _identity(feats):
    return feats


class _Rows(list):
    """Feature names of rows, taken by index as first_pass_labels takes its data."""

    def take(self, idx):
        return _Rows(self[i] for i in idx)


ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD_SETS = {
    "seeds": (SHARED / "eval" / "seeds_gold.jsonl", SHARED / "seeds"),
    "real_dev": (SHARED / "eval" / "real_dev" / "gold.jsonl", SHARED / "eval" / "real_dev" / "raw"),
}
# The corpus as it was before the real-pages round: reports a01–n08.
FIRST_CORPUS = re.compile(r"^[a-n]\d")


# ------------------------------------------------------------------------------ data


def load_pages(gold: Path, raw: Path) -> list[tuple[str, list[dict]]]:
    """Each page's raw text and its gold sentences, located in it in order."""
    if not gold.exists():
        raise SystemExit(f"{gold} is missing: this benchmark needs ../shared beside the project")
    rows = defaultdict(list)
    for line in gold.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        rows[r["doc"]].append(r)
    pages = []
    for doc, golds in sorted(rows.items()):
        text = (raw / f"{doc}.txt").read_text(encoding="utf-8")
        pos = 0
        for g in golds:
            at = text.find(g["text"], pos)
            at = text.find(g["text"]) if at < 0 else at
            g["span"] = (at, at + len(g["text"])) if at >= 0 else None
            pos = at + len(g["text"]) if at >= 0 else pos
        pages.append((text, golds))
    return pages


def score_pages(predict_page, pages) -> dict:
    """Score a page classifier (texts, sections -> labels) the way evaluate does."""
    y_true, y_pred = [], []
    for text, golds in pages:
        sentences = split_sentences(text)
        labels = predict_page([s.text for s in sentences], [s.section for s in sentences])
        for g in golds:
            best, cover = "", 0
            for s, lab in zip(sentences, labels):
                c = min(g["span"][1], s.end) - max(g["span"][0], s.start) if g["span"] else 0
                if c > cover:
                    best, cover = lab, c
            y_true.append(g["label"])
            y_pred.append(best)
    return score(y_true, y_pred, LABELS)


# ------------------------------------------------------------------------ candidates


class LinearCandidate:
    """Our features + TF-IDF + a linear classifier."""

    def __init__(
        self,
        name,
        config: FeatureConfig,
        clf: str = "lr",
        C: float = 10.0,
        min_df: int = 2,
        class_weight="balanced",
        section_dropout: float = 0.0,
        corpus=None,
    ):
        self.name, self.config, self.clf, self.C, self.min_df = name, config, clf, C, min_df
        self.class_weight, self.section_dropout = class_weight, section_dropout
        self.corpus = corpus  # a doc_id pattern: train on those reports only

    def settings(self) -> TrainSettings:
        return TrainSettings(
            features=self.config,
            C=self.C,
            min_df=self.min_df,
            class_weight=self.class_weight,
            section_dropout=self.section_dropout,
        )

    def features(self, examples):
        if self.corpus is not None:
            examples = [e for e in examples if self.corpus.match(e.doc_id)]
        views = featurize_views(examples, self.config, self.section_dropout)
        feats = rows = _Rows(views.names())
        if self.config.context:
            first = first_pass_labels(views, feats, 5, self.fit, progress=False)
            rows = [list(f) for f in feats]
            for start, end in views.spans:
                context = context_features(first[start:end], views.sections[start:end])
                for i, extra in zip(range(start, end), context):
                    rows[i] += extra
            self.first_pass = (list(feats), views.labels)
        return rows, views.labels, views.groups, views.originals

    def predictor(self, model):
        if not self.config.context:

            def predict_page(texts, sections):
                return list(model.predict(featurize_document(texts, sections, self.config)))

            return predict_page
        first = self.fit(*self.first_pass)

        def predict_two_passes(texts, sections):
            feats = featurize_document(texts, sections, self.config)
            labels = [str(x) for x in first.predict(feats)]
            context = context_features(labels, sections)
            return list(model.predict([f + c for f, c in zip(feats, context)]))

        return predict_two_passes

    def fit(self, feats, labels):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.svm import LinearSVC

        feats = list(feats)
        if self.clf == "lr":  # as training fits it (nlp_perf.training.tfidf), over the names
            est = LogisticRegression(C=self.C, max_iter=3000, class_weight=self.class_weight)
        else:
            est = CalibratedClassifierCV(LinearSVC(C=self.C, class_weight=self.class_weight), cv=3)
        tfidf = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=self.min_df)
        return Pipeline([("tfidf", tfidf), ("clf", est)]).fit(feats, labels)


class PlainPipeline(LinearCandidate):
    """The pipeline a user would write: jieba words, TfidfVectorizer defaults, LogisticRegression."""

    def __init__(self):
        super().__init__("baseline: jieba + TfidfVectorizer + LogisticRegression", FeatureConfig())

    def _words(self, texts):
        seg = get_segmenter()
        return [" ".join(seg.cut(t)) for t in texts]

    def features(self, examples):
        texts = self._words([e.text for e in examples])
        return texts, [e.label for e in examples], [e.doc_id for e in examples], len(texts)

    def predictor(self, model):
        return lambda texts, sections: list(model.predict(self._words(texts)))

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

    def _words(self, texts):
        return texts

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


# ------------------------------------------------------------------------- scoring


def _fold(candidate, feats, labels, train_idx, test_idx, originals):
    model = candidate.fit([feats[i] for i in train_idx], [labels[i] for i in train_idx])
    test_idx = [i for i in test_idx if i < originals]
    return test_idx, list(model.predict([feats[i] for i in test_idx]))


def evaluate_candidate(candidate, examples, pages, folds=5, jobs=2):
    start = time.perf_counter()
    feats, labels, groups, originals = candidate.features(examples)
    splits = list(GroupKFold(n_splits=folds).split(feats, labels, groups))
    pred = [""] * originals
    for test_idx, p in Parallel(n_jobs=jobs)(
        delayed(_fold)(candidate, feats, labels, tr, te, originals) for tr, te in splits
    ):
        for i, lab in zip(test_idx, p):
            pred[i] = lab
    out = {"name": candidate.name, "cv": score(labels[:originals], pred, LABELS)}
    model = candidate.fit(feats, labels)
    for name, set_pages in pages.items():
        out[name] = score_pages(candidate.predictor(model), set_pages)
    out["seconds"] = time.perf_counter() - start
    return out


def candidates(only: str | None):
    full = FeatureConfig(context=False)  # one pass: what the feature groups add
    legacy = replace(full, position=True, heading_numbers=True, section_none=True)
    words = replace(full, char_max=0, section=False, shapes=False, neighbours=False)
    two = replace(full, context=True)
    sets = {
        "baselines": [KeywordRules(), PlainPipeline()],
        "corpus": [
            LinearCandidate("settings shipped before, first corpus", legacy, corpus=FIRST_CORPUS),
            LinearCandidate(
                "chosen settings, first corpus",
                two,
                C=3.0,
                min_df=4,
                section_dropout=0.5,
                corpus=FIRST_CORPUS,
            ),
            LinearCandidate("settings shipped before, whole corpus", legacy),
        ],
        "features": [
            LinearCandidate("words only", words, C=3.0),
            LinearCandidate("words + chars", replace(words, char_max=3), C=3.0),
            LinearCandidate("+ shapes", replace(words, char_max=3, shapes=True), C=3.0),
            LinearCandidate("+ section", replace(full, neighbours=False), C=3.0),
            LinearCandidate("+ neighbours", full, C=3.0),
            LinearCandidate("+ position", replace(full, position=True), C=3.0),
            LinearCandidate("+ heading numbers", replace(full, heading_numbers=True), C=3.0),
            LinearCandidate("+ s:<none>", replace(full, section_none=True), C=3.0),
            LinearCandidate("without section", replace(full, section=False), C=3.0),
        ],
        "training": [
            LinearCandidate("one pass, C=1", full, C=1.0),
            LinearCandidate("one pass, C=3", full, C=3.0),
            LinearCandidate("one pass, C=10", full, C=10.0),
            LinearCandidate("one pass, C=3, section dropout 0.3", full, C=3.0, section_dropout=0.3),
            LinearCandidate("one pass, C=3, section dropout 0.6", full, C=3.0, section_dropout=0.6),
            LinearCandidate("one pass, C=3, no class weights", full, C=3.0, class_weight=None),
            LinearCandidate("two passes, C=3", two, C=3.0),
            LinearCandidate(
                "two passes, C=3, section dropout 0.3", two, C=3.0, section_dropout=0.3
            ),
            LinearCandidate(
                "two passes, C=10, section dropout 0.3", two, C=10.0, section_dropout=0.3
            ),
            LinearCandidate(
                "two passes, C=3, section dropout 0.5", two, C=3.0, section_dropout=0.5
            ),
            LinearCandidate(
                "two passes, C=3, section dropout 0.5, min_df 4 (shipped)",
                two,
                C=3.0,
                min_df=4,
                section_dropout=0.5,
            ),
            LinearCandidate(
                "two passes, C=3, section dropout 0.5, min_df 6",
                two,
                C=3.0,
                min_df=6,
                section_dropout=0.5,
            ),
        ],
    }
    if only:
        return sets[only]
    return [c for group in sets.values() for c in group]


def table(results) -> str:
    head = (
        "| candidate | CV | seeds | real_dev | "
        + " | ".join(f"real_dev {lab}" for lab in LABELS)
        + " | seconds |"
    )
    lines = [head, "|" + "---|" * (5 + len(LABELS))]
    for r in results:
        per = " | ".join(f"{r['real_dev']['per_label'][lab]['f1']:.3f}" for lab in LABELS)
        lines.append(
            f"| {r['name']} | {r['cv']['macro_f1']:.3f} | {r['seeds']['macro_f1']:.3f} | "
            f"{r['real_dev']['macro_f1']:.3f} | {per} | {r['seconds']:.0f} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["baselines", "corpus", "features", "training"])
    ap.add_argument("--match", help="only the candidates whose name holds this text")
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--json", help="also write the full scores to this file")
    args = ap.parse_args(argv)
    examples = load_project_corpus(ROOT / "data")
    pages = {name: load_pages(*paths) for name, paths in GOLD_SETS.items()}
    results = []
    for cand in candidates(args.only):
        if args.match and args.match not in cand.name:
            continue
        r = evaluate_candidate(cand, examples, pages)
        results.append(r)
        print(
            f"{r['name']}: CV {r['cv']['macro_f1']:.3f}  seeds {r['seeds']['macro_f1']:.3f}  "
            f"real_dev {r['real_dev']['macro_f1']:.3f}  ({r['seconds']:.0f} s)",
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
