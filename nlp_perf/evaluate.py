"""Score a model against a gold file of labelled sentences.

Gold sentences that come with their report (``doc`` naming a ``<doc>.txt`` found beside the
gold file, in ``../seeds`` or ``../reports`` next to it, or in ``reports_dir``) are scored
the way users meet the model: the whole report is classified, so section and neighbours are
used, and each gold sentence takes the label of the predicted sentence that overlaps it most
in the text.  Gold sentences without a report are classified one by one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .corpus import read_corpus
from .errors import CorpusError, InputError
from .features import featurize_document
from .metrics import score
from .model import Model
from .readers import read_document
from .report import classify_text

__all__ = ["Evaluation", "evaluate"]


@dataclass
class Evaluation:
    """Scores on a gold file, with each gold sentence's prediction."""

    scores: dict
    gold: list[str]
    predicted: list[str]
    texts: list[str]
    unmatched: int


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
    places += [gold.parent, gold.parent.parent / "seeds", gold.parent / "reports"]
    for d in places:
        if d is not None and (d / f"{doc}.txt").is_file():
            return d / f"{doc}.txt"
    return None


def _predict_in_report(report_text: str, golds: list[dict], model: Model) -> tuple[list[str], int]:
    result = classify_text(report_text, model)
    preds = []
    unmatched = 0
    pos = 0
    for g in golds:
        at = report_text.find(g["text"], pos)
        if at < 0:
            at = report_text.find(g["text"])
        if at < 0:
            preds.append("")
            unmatched += 1
            continue
        end = at + len(g["text"])
        pos = end
        best, overlap = "", 0
        for s in result.rows:
            o = min(end, s.end) - max(at, s.start)
            if o > overlap:
                best, overlap = s.label, o
        preds.append(best)
    return preds, unmatched


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
    with_doc = [r for r in rows if r.get("doc")]
    y_true: list[str] = []
    y_pred: list[str] = []
    texts: list[str] = []
    unmatched = 0
    if rows and len(with_doc) == len(rows):
        docs: dict[str, list[dict]] = {}
        for r in rows:
            docs.setdefault(r["doc"], []).append(r)
        for doc, golds in docs.items():
            report = _find_report(doc, gold, Path(reports_dir) if reports_dir else None)
            if report is None:
                raise CorpusError(
                    f"{gold}: report {doc}.txt not found beside the gold file "
                    "(name its folder with --reports)"
                )
            try:
                text = read_document(report).text
            except InputError as exc:
                raise CorpusError(f"{report}: {exc}") from None
            golds.sort(key=lambda r: r.get("i", r["_line"]))
            preds, missed = _predict_in_report(text, golds, model)
            unmatched += missed
            y_true += [g["label"] for g in golds]
            y_pred += preds
            texts += [g["text"] for g in golds]
    else:
        # No report to read: each gold sentence is classified as it stands, as one sentence.
        examples = read_corpus([gold], labels)
        feats = [featurize_document([ex.text], [ex.section], model.config)[0] for ex in examples]
        probs = model.predict_proba(feats)
        y_true = [ex.label for ex in examples]
        y_pred = [model.labels[int(p.argmax())] for p in probs]
        texts = [ex.text for ex in examples]
    return Evaluation(score(y_true, y_pred, labels), y_true, y_pred, texts, unmatched)
