"""Classify a whole report: read, split, featurize in context, label, then read its figures
and review it.

The stages, each a subpackage: :mod:`~nlp_perf.read` (a file to text) → :mod:`~nlp_perf.text`
(sentences, outline, flow, tables, title) → :mod:`~nlp_perf.classify` (features and the linear
model) → :mod:`~nlp_perf.figures` (key figures, projects, indicators) → :mod:`~nlp_perf.review`
(flags).  This module runs them in that order for one report and returns a
:class:`~nlp_perf.document.ReportResult`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .classify.features import char_ngrams, char_orders, featurize_parts
from .classify.model import Model, load_model
from .document import ClassifiedSentence, LabelledReport, ReportResult
from .figures import extract_figures
from .read import read_document
from .review import review_flags
from .text.sentences import split_sentences

__all__ = ["classify_file", "classify_text", "reads_figures"]


def reads_figures(labels: Sequence[str]) -> bool:
    """Whether a model with ``labels`` gets figures and review flags.

    The flags speak of problems and measures: they, and the figures they check, are read for
    models whose labels include both (nlp_perf's five), not for a model trained on a user's own
    label set without them, which gets its sentences and tallies only.
    """
    return {"problem", "measure"} <= set(labels)


def _classified(text: str, model: Model, explain: int) -> list[ClassifiedSentence]:
    sentences = split_sentences(text)
    feats, chars = featurize_parts(
        [s.text for s in sentences],
        [s.section for s in sentences],
        model.config,
        markers=[s.marker for s in sentences],
    )
    sections = [s.section for s in sentences]
    probs, context = model.predict(feats, chars, sections) if sentences else ([], [])
    out = []
    for s, f, c, x, p in zip(sentences, feats, chars, context, probs):
        k = int(p.argmax())
        label = model.labels[k]
        if explain:
            f = f + char_ngrams(c, char_orders(model.config)) + x
        why = tuple(model.explain(f, label, explain)) if explain else ()
        out.append(ClassifiedSentence.of(s, label, float(p[k]), why))
    return out


def classify_text(
    text: str,
    model: Model | None = None,
    file: str = "<text>",
    explain: int = 0,
    details: bool = True,
) -> ReportResult:
    """Classify every sentence of a report's decoded text.

    With ``details=False`` the figures, projects, indicators and review flags are not read
    (they stay empty): about a third of the time, for when only the sentences are wanted.
    """
    model = model or load_model()
    rows = _classified(text, model, explain)
    result = ReportResult(file, len(text), model.name, model.version, model.labels, rows, text=text)
    if details and reads_figures(model.labels):
        doc = LabelledReport.of(text, rows)
        found = extract_figures(doc)
        result.figures, result.projects = found["figures"], found["projects"]
        result.indicators = found["indicators"]
        result.flags = review_flags(doc, found)
    return result


def classify_file(
    path: str | Path,
    model: Model | None = None,
    encoding: str | None = None,
    explain: int = 0,
    details: bool = True,
) -> ReportResult:
    """Read a report file (encoding detected unless given) and classify it (see
    :func:`classify_text` for ``details``)."""
    doc = read_document(path, encoding)
    result = classify_text(doc.text, model, file=str(path), explain=explain, details=details)
    result.encoding = doc.encoding
    result.format = doc.format
    return result
