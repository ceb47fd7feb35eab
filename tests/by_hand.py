"""Inputs built by hand for the rule tests: labelled sentences and documents without a model,
and the dicts the figure rules return."""

from __future__ import annotations

from typing import Any

from nlp_perf import split_sentences
from nlp_perf.document import ClassifiedSentence, LabelledReport
from nlp_perf.figures.projects import new_project


def labelled(text: str, label: str = "metric", labels: dict[str, str] | None = None) -> list:
    """The sentences of ``text``, each with ``label``, or with the value of the first key of
    ``labels`` its text holds."""
    out = []
    for s in split_sentences(text):
        own = next((v for k, v in (labels or {}).items() if k in s.text), label)
        out.append(ClassifiedSentence.of(s, own))
    return out


def doc_of(text: str, label: str = "metric", labels: dict[str, str] | None = None):
    """``text`` as the figure rules and the flags read it, labelled by hand."""
    return LabelledReport.of(text, labelled(text, label, labels))


def project(
    name: str,
    sentence: int,
    budget: float | None = None,
    adjusted: float | None = None,
    executed: float | None = None,
    rate: float | None = None,
    score: float | None = None,
) -> dict[str, Any]:
    """A project as the figure rules give it, from the sentence it was read from."""
    out = new_project(name, sentence)
    out.update(
        budget=budget,
        adjusted_budget=adjusted,
        executed=executed,
        completion_rate=rate,
        score=score,
    )
    return out
