"""Render classified reports: a table for people, JSON lines and CSV for programs."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable

from .model import LABEL_NAMES_ZH
from .report import ReportResult

__all__ = ["render_table", "render_json", "render_csv", "CSV_COLUMNS"]

CSV_COLUMNS = ["file", "index", "start", "end", "section", "label", "confidence", "text"]
# The order a reviewer reads a report in: what went wrong, what will be done, the figures.
_READING_ORDER = ("problem", "measure", "metric", "achievement", "other")


def _label_title(label: str) -> str:
    zh = LABEL_NAMES_ZH.get(label)
    return f"{zh} {label}" if zh else label


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_table(result: ReportResult, show_sections: bool = True) -> str:
    """A report's tallies and its sentences grouped by label, for a terminal."""
    n = len(result.rows)
    lines = [
        f"{result.file}  ·  {n} sentences  ·  {result.chars} characters  ·  "
        f"model {result.model_name} {result.model_version}",
        "",
        f"  {_pad('label', 18)}{'count':>7}{'share':>9}",
    ]
    shares = result.shares
    for label, count in result.tallies.items():
        lines.append(f"  {_pad(_label_title(label), 18)}{count:>7}{shares[label]:>9.1%}")
    lines.append(f"  {_pad('合计 total', 18)}{n:>7}")
    order = [lab for lab in _READING_ORDER if lab in result.labels]
    order += [lab for lab in result.labels if lab not in order]
    for label in order:
        rows = result.by_label(label)
        lines.append("")
        lines.append(f"── {_label_title(label)} ({len(rows)}) " + "─" * 20)
        for s in rows:
            lines.append(f"  [{s.index}] {s.confidence:.2f}  {_one_line(s.text)}")
            if show_sections and s.section:
                lines.append(f"        § {s.section}")
            for feature, weight in s.explanation:
                lines.append(f"        + {feature}  {weight:.3f}")
    return "\n".join(lines) + "\n"


def render_json(result: ReportResult) -> str:
    """The report as one line of JSON (see docs/schema.md)."""
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


def render_csv(results: Iterable[ReportResult], header: bool = True) -> str:
    """One CSV row per sentence of every report."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    for result in results:
        for s in result.rows:
            writer.writerow(
                [
                    result.file,
                    s.index,
                    s.start,
                    s.end,
                    s.section,
                    s.label,
                    f"{s.confidence:.4f}",
                    s.text,
                ]
            )
    return buf.getvalue()
