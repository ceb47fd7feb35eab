"""Classify a whole report: split, featurize in context, label, tally.

:class:`ReportResult` is the one shape of a classified report; ``to_dict()`` gives the JSON
object documented in docs/schema.md, the same for the CLI, the library and files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .features import char_ngrams, char_orders, featurize_parts
from .model import Model, load_model
from .readers import read_document
from .sentences import split_sentences

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ClassifiedSentence", "ReportResult", "classify_text", "classify_file"]


@dataclass(frozen=True)
class ClassifiedSentence:
    """A sentence with its label and the model's probability for that label."""

    index: int
    start: int
    end: int
    text: str
    section: str
    label: str
    confidence: float
    explanation: tuple[tuple[str, float], ...] = ()

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "chars": self.chars,
            "encoding": self.encoding,
            "format": self.format,
            "model": {"name": self.model_name, "version": self.model_version},
            "sentences": [s.to_dict() for s in self.rows],
            "tallies": self.tallies,
            "figures": self.figures,
            "projects": self.projects,
            "indicators": self.indicators,
            "flags": self.flags,
        }


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
    sentences = split_sentences(text)
    feats, chars = featurize_parts(
        [s.text for s in sentences], [s.section for s in sentences], model.config
    )
    probs = model.predict_proba(feats, chars) if sentences else []
    out = []
    for s, f, c, p in zip(sentences, feats, chars, probs):
        k = int(p.argmax())
        label = model.labels[k]
        if explain:
            f = f + char_ngrams(c, char_orders(model.config))
        why = tuple(model.explain(f, label, explain)) if explain else ()
        out.append(
            ClassifiedSentence(s.index, s.start, s.end, s.text, s.section, label, float(p[k]), why)
        )
    result = ReportResult(file, len(text), model.name, model.version, model.labels, out, text=text)
    if details and set(model.labels) >= {"problem", "measure"}:  # the five labels' meaning
        from .figures import extract_figures  # these modules use this one's types
        from .flags import review_flags
        from .tables import Layout

        layout = Layout.of(text, out)
        found = extract_figures(text, out, layout)
        result.figures, result.projects = found["figures"], found["projects"]
        result.indicators = found["indicators"]
        result.flags = review_flags(text, out, found, layout)
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
