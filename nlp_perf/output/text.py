"""Render classified reports: a table for people, JSON lines and CSV for programs."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Iterator

from ..classify.model import LABEL_NAMES_ZH
from ..document import ReportResult

__all__ = [
    "CSV_COLUMNS",
    "STREAM_FORMATS",
    "iter_render",
    "ocr_mark",
    "ocr_note",
    "reads_details",
    "render",
    "render_csv",
    "render_header",
    "render_json",
    "render_table",
]

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


def ocr_note(result: ReportResult) -> str:
    """A line saying which pages were read by OCR and so may hold recognition errors, or ""."""
    if not result.ocr:
        return ""
    pages = ", ".join(str(k) for k in result.ocr["pages"])
    return (f"OCR: 第 {pages} 页为扫描件，由 OCR 识别，文字和数字可能有识别错误 "
            f"(pages {pages} read by OCR: the text and figures may hold recognition errors)")  # fmt: skip


_OCR_CHECKS = {
    "agrees": "OCR 已核对 checked",
    "disagrees": "OCR 核对不符 does not add up",
    "unchecked": "OCR 未核对 unchecked",
}


def ocr_mark(figure: dict) -> str:
    """'' for a figure not read by OCR; else what the report's arithmetic says of it, and a
    reading with its decimal point put back when that alone makes it add up."""
    if not figure.get("ocr"):
        return ""
    mark = _OCR_CHECKS.get(figure.get("ocr_check", ""), "OCR")
    if suggested := figure.get("ocr_suggested"):
        mark += f"; 或为 perhaps {suggested['text']}"
    return f"({mark})"


def render_table(result: ReportResult, show_sections: bool = True) -> str:
    """A report's tallies and its sentences grouped by label, for a terminal."""
    n = len(result.rows)
    lines = [
        f"{result.file}  ·  {n} sentences  ·  {result.chars} characters  ·  "
        f"model {result.model_name} {result.model_version}",
        "",
        f"  {_pad('label', 18)}{'count':>7}{'share':>9}",
    ]
    if result.ocr:
        lines[1:1] = [ocr_note(result)]
    shares = result.shares
    for label, count in result.tallies.items():
        lines.append(f"  {_pad(_label_title(label), 18)}{count:>7}{shares[label]:>9.1%}")
    lines.append(f"  {_pad('合计 total', 18)}{n:>7}")
    lines += _review_lines(result)
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


FIGURE_NAMES_ZH = {
    "year": "年度", "unit_name": "单位", "budget_initial": "年初预算数", "budget_total": "全年预算数",
    "income_total": "本年收入合计", "carryover": "年初结转结余", "final_expenditure": "决算/支出数",
    "basic_expenditure": "基本支出", "project_expenditure": "项目支出",
    "personnel_expenditure": "工资福利/人员经费", "goods_services_expenditure": "商品和服务支出",
    "household_subsidies": "对个人和家庭的补助", "capital_expenditure": "资本性支出",
    "three_public_expenditure": "三公经费", "execution_rate": "预算执行率", "self_score": "自评得分",
}  # fmt: skip


def figure_value(figure: dict) -> str:
    """A figure as a reader wants it: '4,006.18 万元', '97.06%', or '(空) missing'."""
    value, unit = figure.get("value"), figure.get("unit") or ""
    if value is None:
        return "(未填) missing"
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return f"{number}{unit}" if unit in ("%", "年", "分") else f"{number} {unit}".strip()
    return str(value)


def _review_lines(result: ReportResult) -> list[str]:
    """The key figures and the review flags, for the table view."""
    lines: list[str] = []
    if result.figures:
        lines += ["", "── 关键数字 figures " + "─" * 20]
        for key, fig in result.figures.items():
            name = f"{FIGURE_NAMES_ZH.get(key, key)} {key}"
            ocr = "  " + ocr_mark(fig) if fig.get("ocr") else ""
            lines.append(f"  {_pad(name, 44)}{figure_value(fig)}   [{fig.get('sentence')}]{ocr}")
    if result.indicators:
        lines.append(
            f"  绩效指标 indicators: {len(result.indicators)}; 项目 projects: {len(result.projects)}"
        )
    lines += ["", f"── 提示 flags ({len(result.flags)}) " + "─" * 20]
    if not result.flags:
        lines.append("  (无) none")
    for flag in result.flags:
        where = ", ".join(str(k) for k in flag.get("sentences", [])[:8])
        lines.append(f"  ! {flag['code']}: {flag['message']}" + (f"  [{where}]" if where else ""))
    return lines


def render_json(result: ReportResult) -> str:
    """The report as one line of JSON (see docs/schema.md)."""
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


def iter_render(result: ReportResult, fmt: str, first: bool = True) -> Iterator[str]:
    """:func:`render` in pieces that join to it: a long report's (more than a block of
    sentences) JSON line or CSV rows are written a block of sentences at a time, never held
    whole; a shorter one is one piece."""
    if len(result.rows) <= _BLOCK or fmt not in ("json", "csv"):
        yield render(result, fmt, first)
    elif fmt == "json":
        yield from _iter_json(result)
    else:
        if first:
            yield render_header(fmt)
        for k in range(0, len(result.rows), _BLOCK):
            part = ReportResult(result.file, 0, "", "", result.labels, result.rows[k : k + _BLOCK])
            yield render_csv([part], header=False)


_BLOCK = 2000  # sentences a piece
_SENTENCES = '"sentences": []'


def _iter_json(result: ReportResult) -> Iterator[str]:
    rest = json.dumps(result.to_dict(sentences=False), ensure_ascii=False)
    # the first '"sentences": []' is the key: in a string value the quotes would be escaped
    head, tail = rest.split(_SENTENCES, 1)
    yield head + '"sentences": ['
    for k in range(0, len(result.rows), _BLOCK):
        block = result.rows[k : k + _BLOCK]
        yield (", " if k else "") + ", ".join(
            json.dumps(s.to_dict(), ensure_ascii=False) for s in block
        )
    yield "]" + tail + "\n"


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


STREAM_FORMATS = ("table", "json", "csv")


def render(result: ReportResult, fmt: str, first: bool = True) -> str:
    """One report as it is printed on standard output, in one of :data:`STREAM_FORMATS`:
    a table for people, a JSON line, or CSV rows (the header before the ``first`` report only).
    """
    if fmt == "json":
        return render_json(result)
    if fmt == "csv":
        return render_csv([result], header=first)
    return render_table(result)


def render_header(fmt: str) -> str:
    """What is printed before the first report in ``fmt``: the CSV header line, else nothing
    (``render(result, fmt, first=True)`` is ``render_header(fmt) + render(result, fmt,
    first=False)``)."""
    return render_csv([], header=True) if fmt == "csv" else ""


def reads_details(fmt: str) -> bool:
    """Whether a format shows figures and flags: sentences as CSV do not, so they are not read."""
    return fmt != "csv"
