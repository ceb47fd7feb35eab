"""The data of a classified report, built once per report by the pipeline.

- :class:`ClassifiedSentence`: a sentence with its label, its confidence and what the splitter
  found it to be (a heading, a table row, a numbered item);
- :class:`LabelledReport`: the document the figure rules and the review flags read: the text,
  its classified sentences, the flow of its text, its tables (each row's cells parsed once) and
  its title;
- :class:`ReportResult`: what a user gets back, whose ``to_dict()`` is the JSON object of
  docs/schema.md, the same for the CLI, the library and files;
- :class:`Outcome`: one input's fate in a batch: its result (or its output, rendered where it
  was classified), or the one-line reason it failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .chars import simplify
from .errors import NlpPerfError
from .text.flow import Flow
from .text.sentences import Sentence
from .text.tables import Table, cells, find_tables
from .text.title import Title, read_title

if TYPE_CHECKING:  # pandas is imported only when a DataFrame is asked for
    import pandas as pd

__all__ = ["ClassifiedSentence", "LabelledReport", "Outcome", "Renderer", "ReportResult"]


@dataclass(frozen=True, slots=True)  # slots: a long report has 100,000s
class ClassifiedSentence:
    """A sentence with its label and the model's probability for that label.

    ``is_heading``, ``is_table_row`` and ``marker`` (the outline level of the numbering it
    starts with, or None) are what the splitter found; they are not part of the JSON.
    """

    index: int
    start: int
    end: int
    text: str
    section: str
    label: str
    confidence: float
    explanation: tuple[tuple[str, float], ...] = ()
    is_heading: bool = False
    is_table_row: bool = False
    marker: int | None = None

    @classmethod
    def of(
        cls,
        s: Sentence,
        label: str,
        confidence: float = 1.0,
        explanation: tuple[tuple[str, float], ...] = (),
    ) -> ClassifiedSentence:
        """A sentence of the splitter with a label given to it (by the model, or by hand)."""
        return cls(
            s.index, s.start, s.end, s.text, s.section, label, confidence, explanation,
            s.is_heading, s.is_table_row, s.marker,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "section": self.section,
            "label": self.label,
            "confidence": round(self.confidence, 4),
        }
        if self.explanation:
            out["explanation"] = [
                {"feature": f, "weight": round(w, 4)} for f, w in self.explanation
            ]
        return out


@dataclass(frozen=True)
class LabelledReport:
    """One report as the figure rules and the review flags read it.

    ``rows`` holds, for each sentence (by index), the cells of the table row it is, or None;
    ``tables`` are made of those rows; ``flow`` is the report's text with wrapped lines joined
    (:class:`~nlp_perf.text.flow.Flow`); ``title`` its year, unit, kind and title lines;
    ``plain`` and ``plain_sections`` each sentence's text and section as the rules read them
    (:func:`~nlp_perf.chars.simplify`: full-width digits and traditional characters mapped),
    made once for every rule that reads them.
    """

    text: str
    sentences: list[ClassifiedSentence]
    flow: Flow
    rows: list[list[str] | None]
    tables: list[Table]
    title: Title
    plain: list[str]
    plain_sections: list[str]

    @classmethod
    def of(cls, text: str, sentences: list[ClassifiedSentence]) -> LabelledReport:
        """Read the structure of ``text``, whose classified sentences are ``sentences``."""
        rows = [cells(s.text) for s in sentences]
        plain = [simplify(s.text) for s in sentences]
        by_section: dict[str, str] = {}  # a section's sentences share its path
        sections = [
            by_section.get(s.section) or _simplified(by_section, s.section) for s in sentences
        ]
        flow, tables, title = Flow(text, sentences), find_tables(rows), read_title(sentences)
        return cls(text, sentences, flow, rows, tables, title, plain, sections)

    def is_row(self, index: int) -> bool:
        """Whether sentence ``index`` is a table row."""
        return self.rows[index] is not None


def _simplified(known: dict[str, str], text: str) -> str:
    known[text] = simplify(text)
    return known[text]


@dataclass
class ReportResult:
    """Every sentence of one report with its label, and the tallies per label."""

    file: str
    chars: int
    model_name: str
    model_version: str
    labels: tuple[str, ...]
    rows: list[ClassifiedSentence] = field(default_factory=list)
    encoding: str | None = None
    format: str | None = None
    text: str = field(default="", repr=False)  # what the offsets point into; not in the JSON
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    ocr: dict[str, Any] | None = None  # pages read by OCR, the engine and the dpi; None if none

    @property
    def sentences(self) -> pd.DataFrame:
        """The classified sentences as a pandas DataFrame, one row per sentence."""
        import pandas as pd

        columns = ["index", "start", "end", "text", "section", "label", "confidence"]
        return pd.DataFrame([s.to_dict() for s in self.rows], columns=columns)

    @property
    def tallies(self) -> dict[str, int]:
        """Number of sentences per label, every label present."""
        counts = dict.fromkeys(self.labels, 0)
        for s in self.rows:
            counts[s.label] += 1
        return counts

    @property
    def shares(self) -> dict[str, float]:
        """Share of the report's sentences per label (0 for an empty report)."""
        total = len(self.rows)
        return {k: (v / total if total else 0.0) for k, v in self.tallies.items()}

    def by_label(self, label: str) -> list[ClassifiedSentence]:
        return [s for s in self.rows if s.label == label]

    def to_dict(self, sentences: bool = True) -> dict[str, Any]:
        """The JSON object of docs/schema.md (``sentences=False``: with an empty list of
        sentences, for a writer that streams them)."""
        return {
            "file": self.file,
            "chars": self.chars,
            "encoding": self.encoding,
            "format": self.format,
            "model": {"name": self.model_name, "version": self.model_version},
            "sentences": [s.to_dict() for s in self.rows] if sentences else [],
            "tallies": self.tallies,
            "figures": self.figures,
            "projects": self.projects,
            "indicators": self.indicators,
            "flags": self.flags,
            "ocr": self.ocr,
        }


# Render a result as output text, e.g. functools.partial(nlp_perf.output.text.render, ...)
Renderer = Callable[["ReportResult"], str]


@dataclass(frozen=True)
class Outcome:
    """One input's fate: its result, or the one-line reason it failed."""

    path: str
    result: ReportResult | None = None
    error: str | None = None
    # the report's output, when it was rendered where it was classified (a worker) and sent
    # back instead of the result
    rendered: str | None = None
    format: str = ""  # how the file was read: txt, docx, pdf, html; and its encoding
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the report was classified."""
        return self.error is None

    @classmethod
    def of(
        cls,
        path: str,
        classify: Callable[[], ReportResult],
        render: Renderer | None = None,
    ) -> Outcome:
        """The outcome of ``classify()``: its result (or ``render(result)``), or the error."""
        try:
            result = classify()
        except NlpPerfError as exc:
            return cls(path, error=str(exc))
        except MemoryError:
            return cls(path, error="ran out of memory classifying it; split it into smaller files")
        how = {"format": result.format, "encoding": result.encoding}
        if render is not None:
            return cls(path, rendered=render(result), **how)
        return cls(path, result=result, **how)
