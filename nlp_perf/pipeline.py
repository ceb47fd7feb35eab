"""Classify a whole report: read, split, featurize in context, label, then read its figures
and review it.

The stages, each a subpackage: :mod:`~nlp_perf.read` (a file to text) → :mod:`~nlp_perf.text`
(sentences, outline, flow, tables, title) → :mod:`~nlp_perf.classify` (features and the linear
model) → :mod:`~nlp_perf.figures` (key figures, projects, indicators) → :mod:`~nlp_perf.review`
(flags).  This module runs them in that order for one report and returns a
:class:`~nlp_perf.document.ReportResult`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .classify.context import BLOCK, WINDOW
from .classify.model import Model, load_model
from .document import ClassifiedSentence, LabelledReport, ReportResult
from .errors import InputError
from .figures import extract_figures
from .read import Document, document_from_bytes, read_document
from .review import check_ocr_figures, review_flags
from .text.sentences import Sentence, split_sentences

__all__ = [
    "OCR_NOTE",
    "STAGES",
    "classify_bytes",
    "classify_file",
    "classify_text",
    "mark_ocr",
    "read_details",
    "reads_figures",
]

# What classify_text does, in order, as its ``on_stage`` callback is told.
STAGES = ("sentences", "labels", "figures", "flags")
# Memory a report takes while it is classified, and the process itself: about 60 bytes a
# character measured on a 7.6-million-character file once features and scores were made by
# blocks (docs/reliability.md); the estimate leaves room for reports of other shapes.
BYTES_PER_CHAR, BASE_BYTES = 200, 100_000_000
# Sentences featurized and scored at once (about 70,000 characters of a report).
BLOCK_SENTENCES = 2000


def reads_figures(labels: Sequence[str]) -> bool:
    """Whether a model with ``labels`` gets figures and review flags.

    The flags speak of problems and measures: they, and the figures they check, are read for
    models whose labels include both (nlp_perf's five), not for a model trained on a user's own
    label set without them, which gets its sentences and tallies only.
    """
    return {"problem", "measure"} <= set(labels)


def _reach(model: Model) -> int:
    """How many sentences on each side a sentence's label depends on: its neighbours' words,
    and with a second pass their first-pass labels (:mod:`nlp_perf.classify.context`), which
    depend on their own neighbours' words."""
    return 1 + (max(WINDOW, BLOCK) if model.reads_context else 0)


def _classified(
    text: str, model: Model, explain: int, on_stage: Callable[[str], None]
) -> list[ClassifiedSentence]:
    """The sentences of ``text``, labelled :data:`BLOCK_SENTENCES` at a time.

    A long report's features and scores take memory in proportion to what is scored at once
    (about 160 bytes a character), so they are made for a block of sentences at a time, with
    the sentences a label depends on (:func:`_reach`) on each side of it: the labels are those
    of the whole report scored at once.
    """
    on_stage("sentences")
    sentences = split_sentences(text)
    on_stage("labels")
    out: list[ClassifiedSentence] = []
    reach, n = _reach(model), len(sentences)
    for start in range(0, n, BLOCK_SENTENCES):
        stop = min(n, start + BLOCK_SENTENCES)
        lo, hi = max(0, start - reach), min(n, stop + reach)
        out += _classified_block(sentences[lo:hi], lo, n, model, explain)[start - lo : stop - lo]
    return out


def _classified_block(
    sentences: Sequence[Sentence], first: int, total: int, model: Model, explain: int
) -> list[ClassifiedSentence]:
    """Label ``sentences``, the report's from number ``first`` on, of ``total``."""
    if not sentences:
        return []
    sections = [s.section for s in sentences]
    texts, markers = [s.text for s in sentences], [s.marker for s in sentences]
    rows = model.featurize(texts, sections, markers, (first, total))
    probs, context = model.predict(rows, sections)
    best = probs.argmax(axis=1)
    out = []
    for i, (s, k) in enumerate(zip(sentences, best.tolist())):
        label = model.labels[k]
        why = ()
        if explain:
            keys = np.concatenate([rows.of(i), context.of(i)])
            why = tuple(model.explain(keys, label, explain))
        out.append(ClassifiedSentence.of(s, label, float(probs[i, k]), why))
    return out


def classify_text(
    text: str,
    model: Model | None = None,
    file: str = "<text>",
    explain: int = 0,
    details: bool = True,
    on_stage: Callable[[str], None] | None = None,
) -> ReportResult:
    """Classify every sentence of a report's decoded text.

    With ``details=False`` the figures, projects, indicators and review flags are not read
    (they stay empty): about a third of the time, for when only the sentences are wanted.
    ``on_stage`` is called with the name of each stage (:data:`STAGES`) as it starts, for a
    progress bar on a long report.
    """
    model = model or load_model()
    on_stage = on_stage or (lambda stage: None)
    rows = _classified(text, model, explain, on_stage)
    result = ReportResult(file, len(text), model.name, model.version, model.labels, rows, text=text)
    if details:
        read_details(result, on_stage)
    return result


def read_details(result: ReportResult, on_stage: Callable[[str], None] | None = None) -> None:
    """Read the figures, projects, indicators and review flags of a classified report (its
    text and labelled rows) into ``result``; again after a label is corrected, since they
    depend on the labels.  Nothing for a model without problem and measure labels; a report
    read by OCR has them marked (:func:`mark_ocr`)."""
    if not (reads_figures(result.labels) and result.text):
        return
    on_stage = on_stage or (lambda stage: None)
    on_stage("figures")
    doc = LabelledReport.of(result.text, result.rows)
    found = extract_figures(doc)
    result.figures, result.projects = found["figures"], found["projects"]
    result.indicators = found["indicators"]
    on_stage("flags")
    result.flags = review_flags(doc, found)
    if result.ocr:
        mark_ocr(result, result.ocr)


def available_memory() -> int | None:
    """Bytes of memory the system can give a process now (Linux's MemAvailable), or None
    where that cannot be told."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def check_room(chars: int) -> None:
    """InputError when a report of ``chars`` characters would not fit in the memory free,
    rather than the system killing the process half way."""
    need, free = BASE_BYTES + BYTES_PER_CHAR * chars, available_memory()
    if free is not None and need > free:
        raise InputError(
            f"too long to classify in the memory free: {chars:,} characters need about "
            f"{need / 1e9:.1f} GB and {free / 1e9:.1f} GB is available; split it into smaller files"
        )


def classify_file(
    path: str | Path,
    model: Model | None = None,
    encoding: str | None = None,
    explain: int = 0,
    details: bool = True,
    on_stage: Callable[[str], None] | None = None,
) -> ReportResult:
    """Read a report file (encoding detected unless given) and classify it (see
    :func:`classify_text` for ``details`` and ``on_stage``).  A report too long for the
    memory free is an InputError before any work (:func:`check_room`).  A scanned PDF's pages
    are read by OCR first, each told to ``on_stage`` as ``"OCR page 2/5"``; its result is
    marked (:func:`mark_ocr`)."""

    def on_page(done: int, total: int) -> None:
        if on_stage is not None:
            on_stage(f"OCR page {done}/{total}")

    doc = read_document(path, encoding, on_page=on_page)
    return _classify_document(doc, model, explain, details, on_stage)


def classify_bytes(
    name: str,
    data: bytes,
    model: Model | None = None,
    encoding: str | None = None,
    explain: int = 0,
    details: bool = True,
) -> ReportResult:
    """:func:`classify_file` of a file's bytes, ``name`` standing for its path (its extension
    helps tell the kind of file): for a machine that does not see the file itself."""
    return _classify_document(document_from_bytes(name, data, encoding), model, explain, details)


def _classify_document(
    doc: Document,
    model: Model | None,
    explain: int,
    details: bool,
    on_stage: Callable[[str], None] | None = None,
) -> ReportResult:
    check_room(len(doc.text))
    result = classify_text(
        doc.text, model, file=doc.path, explain=explain, details=details, on_stage=on_stage
    )
    result.encoding = doc.encoding
    result.format = doc.format
    if doc.ocr:
        mark_ocr(result, doc.ocr)
    return result


OCR_NOTE = "数字由 OCR 识别，可能有识别错误 (figures read by OCR may hold recognition errors)"
# Flags that check figures against each other: a misread figure (353.59 read as 35359) raises them.
_FIGURE_FLAGS = ("totals_mismatch", "rate_mismatch")


def mark_ocr(result: ReportResult, ocr: dict) -> None:
    """Mark a report whose text was read by OCR: ``result.ocr`` says which pages and how; each
    key figure gets ``"ocr": true`` and what the report's identities say of it
    (:func:`~nlp_perf.review.check_ocr_figures`), and a flag that checks figures says they came
    from OCR."""
    result.ocr = ocr
    checks = check_ocr_figures({"figures": result.figures, "projects": result.projects})
    for key, figure in result.figures.items():
        figure["ocr"] = True
        figure.update(checks[key])
    for flag in result.flags:
        if flag["code"] in _FIGURE_FLAGS:
            flag["ocr"] = True
            flag["message"] += f"（{OCR_NOTE}）" + "".join(
                f"（OCR 读作“{f['text']}”；补回小数点为“{f['ocr_suggested']['text']}”则相符）"
                for f in result.figures.values()
                if "ocr_suggested" in f and f.get("sentence") in flag.get("sentences", [])
            )
