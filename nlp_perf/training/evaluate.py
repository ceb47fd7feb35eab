"""Score a model against a gold file of labelled sentences.

Gold sentences that come with their report (``doc`` naming a ``<doc>.txt`` found in
``reports_dir``, beside the gold file, in ``raw/`` or ``reports/`` beside it, or in ``../seeds``)
are scored the way users meet the model: the whole report is classified, so section and
neighbours are used, and each gold sentence takes the label of the predicted sentence that
covers most of its characters (a gold sentence found nowhere in its report counts as wrong).
Gold sentences without a report are classified one by one.

The result keeps, for every gold sentence, where it came from and what the model said of it,
so the scores can be broken down by document and each wrong sentence read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..classify.model import Model
from ..document import ClassifiedSentence
from ..errors import CorpusError, InputError
from ..pipeline import classify_text
from ..read import read_document
from .corpus import read_corpus
from .metrics import score

__all__ = ["Evaluation", "evaluate", "format_documents", "format_errors"]


@dataclass
class Evaluation:
    """Scores on a gold file, with each gold sentence's prediction.

    The lists run in parallel, one entry per gold sentence: its document (``""`` when the
    gold file names none), gold and predicted label (``""`` when it was not found in its
    report), text, and the confidence and section of the predicted sentence that covers it.
    """

    scores: dict
    gold: list[str]
    predicted: list[str]
    texts: list[str]
    unmatched: int
    docs: list[str] = field(default_factory=list)
    confidence: list[float] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    def errors(self) -> list[dict[str, Any]]:
        """Every wrongly labelled gold sentence, in gold order."""
        return [
            {
                "doc": self.docs[k] if self.docs else "",
                "text": self.texts[k],
                "gold": self.gold[k],
                "predicted": self.predicted[k],
                "confidence": round(self.confidence[k], 4) if self.confidence else None,
                "section": self.sections[k] if self.sections else "",
            }
            for k in range(len(self.gold))
            if self.gold[k] != self.predicted[k]
        ]

    def by_document(self) -> list[dict[str, Any]]:
        """Per document: sentences, errors, accuracy and macro-F1 over the labels its gold
        holds (a page with no problem sentence is not marked down for it)."""
        out = []
        labels = self.scores["labels"]
        for doc in dict.fromkeys(self.docs):
            ks = [k for k, d in enumerate(self.docs) if d == doc]
            gold = [self.gold[k] for k in ks]
            pred = [self.predicted[k] for k in ks]
            present = [lab for lab in labels if lab in gold]
            s = score(gold, pred, present)
            out.append(
                {
                    "doc": doc,
                    "sentences": len(ks),
                    "errors": sum(g != p for g, p in zip(gold, pred)),
                    "accuracy": s["accuracy"],
                    "macro_f1": s["macro_f1"],
                }
            )
        return out

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        """The scores as one JSON-ready object; per-document scores when the gold names
        documents, and the wrong sentences when ``errors``."""
        out: dict[str, Any] = {"unmatched": self.unmatched, **self.scores}
        if any(self.docs):
            out["documents"] = self.by_document()
        if errors:
            out["errors"] = self.errors()
        return out


def _read_gold_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}: line {n}: not valid JSON ({exc.msg})") from None
        if not isinstance(rec, dict) or not rec.get("text") or not rec.get("label"):
            raise CorpusError(f"{path}: line {n}: needs 'text' and 'label'")
        rec["_line"] = n
        rows.append(rec)
    return rows


def _find_report(doc: str, gold: Path, reports_dir: Path | None) -> Path | None:
    places = [reports_dir] if reports_dir else []
    places += [gold.parent, gold.parent / "raw", gold.parent / "reports"]
    places += [gold.parent.parent / "seeds"]
    for d in places:
        if d is not None and (d / f"{doc}.txt").is_file():
            return d / f"{doc}.txt"
    return None


def _covering(
    rows: Sequence[ClassifiedSentence], start: int, end: int
) -> ClassifiedSentence | None:
    """The predicted sentence that covers most of the characters start..end."""
    best, overlap = None, 0
    for s in rows:
        o = min(end, s.end) - max(start, s.start)
        if o > overlap:
            best, overlap = s, o
    return best


def _predict_in_report(
    report_text: str, golds: list[dict], model: Model
) -> list[ClassifiedSentence | None]:
    """For each gold sentence, located from where the previous one ended, the predicted
    sentence that covers it (None when the text is not in the report)."""
    rows = classify_text(report_text, model, details=False).rows
    out: list[ClassifiedSentence | None] = []
    pos = 0
    for g in golds:
        at = report_text.find(g["text"], pos)
        if at < 0:
            at = report_text.find(g["text"])
        if at < 0:
            out.append(None)
            continue
        pos = at + len(g["text"])
        out.append(_covering(rows, at, pos))
    return out


def _evaluate_reports(
    rows: list[dict], gold: Path, reports_dir: Path | None, model: Model, labels: list[str]
) -> Evaluation:
    docs: dict[str, list[dict]] = {}
    for r in rows:
        docs.setdefault(str(r["doc"]), []).append(r)
    ev = Evaluation({}, [], [], [], 0)
    for doc, golds in docs.items():
        report = _find_report(doc, gold, reports_dir)
        if report is None:
            raise CorpusError(
                f"{gold}: report {doc}.txt not found beside the gold file or in raw/ "
                "(name its folder with --reports)"
            )
        try:
            text = read_document(report).text
        except InputError as exc:
            raise CorpusError(f"{report}: {exc}") from None
        golds.sort(key=lambda r: r.get("i", r["_line"]))
        for g, hit in zip(golds, _predict_in_report(text, golds, model)):
            ev.unmatched += hit is None
            ev.docs.append(doc)
            ev.gold.append(g["label"])
            ev.texts.append(g["text"])
            ev.predicted.append(hit.label if hit else "")
            ev.confidence.append(hit.confidence if hit else 0.0)
            ev.sections.append(hit.section if hit else "")
    ev.scores = score(ev.gold, ev.predicted, labels)
    return ev


def evaluate(
    gold_path: str | Path,
    model: Model,
    reports_dir: str | Path | None = None,
    labels: Sequence[str] | None = None,
) -> Evaluation:
    """Score ``model`` on a gold file (JSONL with doc/text/label, or any training format)."""
    gold = Path(gold_path)
    labels = list(labels or model.labels)
    if not gold.exists():
        raise CorpusError(f"{gold}: no such file")
    rows = _read_gold_jsonl(gold) if gold.suffix == ".jsonl" else []
    if rows and all(r.get("doc") for r in rows):
        return _evaluate_reports(
            rows, gold, Path(reports_dir) if reports_dir else None, model, labels
        )
    # No report to read: each gold sentence is classified as it stands, as one sentence.
    examples = read_corpus([gold], labels)
    # each sentence is a report of its own: a second pass must not read unrelated rows as its
    # neighbours
    probs = [
        model.predict_proba(model.featurize([ex.text], [ex.section]), [ex.section])[0]
        for ex in examples
    ]
    y_true = [ex.label for ex in examples]
    y_pred = [model.labels[int(p.argmax())] for p in probs]
    texts = [ex.text for ex in examples]
    return Evaluation(
        score(y_true, y_pred, labels),
        y_true,
        y_pred,
        texts,
        0,
        docs=[""] * len(texts),
        confidence=[float(p.max()) for p in probs],
        sections=[ex.section for ex in examples],
    )


def format_documents(documents: list[dict[str, Any]]) -> str:
    """A plain-text table of :meth:`Evaluation.by_document`."""
    lines = [f"{'document':<24}{'sentences':>10}{'errors':>8}{'accuracy':>10}{'macro-F1':>10}"]
    for d in documents:
        lines.append(
            f"{d['doc']:<24}{d['sentences']:>10}{d['errors']:>8}"
            f"{d['accuracy']:>10.3f}{d['macro_f1']:>10.3f}"
        )
    return "\n".join(lines)


def format_errors(errors: list[dict[str, Any]]) -> str:
    """Each wrong sentence of :meth:`Evaluation.errors` with its gold and predicted label,
    confidence and section, as plain text."""
    lines = [f"wrong sentences ({len(errors)}): gold -> predicted (confidence)  § section"]
    for e in errors:
        where = f"{e['doc']}: " if e["doc"] else ""
        predicted = e["predicted"] or "(not found)"
        conf = f" ({e['confidence']:.2f})" if e["predicted"] else ""
        lines.append(f"{where}{e['gold']} -> {predicted}{conf}  {e['text']}")
        if e["section"]:
            lines.append(f"    § {e['section']}")
    return "\n".join(lines)
