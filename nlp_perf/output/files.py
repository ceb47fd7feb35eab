"""Write classified reports to a file: JSON lines, JSON, CSV (for Excel), .xlsx or HTML.

The format comes from the file's extension (or ``fmt``).  A file that exists is replaced only
with ``force``; for HTML of several reports the pages go in a folder beside the index page,
and none of them is replaced without ``force`` either.  Every file is written beside its target
and renamed into place, so a failed or interrupted run leaves no half-written output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..atomic import replacing_file, replacing_folder
from ..batch import Outcome
from ..classify.model import LABEL_NAMES_ZH
from ..errors import NlpPerfError
from .html import index_page, report_page
from .text import FIGURE_NAMES_ZH, render_csv

__all__ = [
    "OUTPUT_FORMATS",
    "OutputError",
    "UnknownOutputFormat",
    "output_format",
    "check_writable",
    "write_outputs",
]

OUTPUT_FORMATS = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".xlsx": "xlsx",
                  ".html": "html", ".htm": "html"}  # fmt: skip


class OutputError(NlpPerfError):
    """An output file that cannot or may not be written."""


class UnknownOutputFormat(OutputError):
    """An output file whose extension names no format nlp_perf writes."""


def output_format(path: str | Path, fmt: str | None = None) -> str:
    if fmt and fmt in OUTPUT_FORMATS.values():
        return fmt
    found = OUTPUT_FORMATS.get(Path(path).suffix.lower())
    if found is None:
        raise UnknownOutputFormat(
            f"cannot tell the format from the extension; use one of {', '.join(OUTPUT_FORMATS)}"
        )
    return found


def _pages_dir(out: Path) -> Path:
    return out.with_name(out.stem + "_reports")


def check_writable(out: str | Path, fmt: str, force: bool) -> None:
    """Refuse, before any work, to replace an existing output without ``force``."""
    out = Path(out)
    if out.is_dir():
        raise OutputError("is a directory; name a file to write")
    if not force and (out.exists() or (fmt == "html" and _pages_dir(out).exists())):
        raise OutputError("exists; use --force to replace it")


def _title(label: str) -> str:
    zh = LABEL_NAMES_ZH.get(label)
    return f"{zh} {label}" if zh else label


def _write_xlsx(out: Path, outcomes: Sequence[Outcome], labels: Sequence[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    summary = wb.active
    summary.title = "汇总 Summary"
    head = ["文件 file", "格式 format", "句子数 sentences"]
    head += [_title(lab) for lab in labels] + [f"{_title(lab)} 占比 share" for lab in labels]
    head += ["OCR 识别页 pages read by OCR", "错误 error"]
    summary.append(head)
    for o in outcomes:
        r = o.result
        if r is None:
            summary.append([o.path, None, None] + [None] * (2 * len(labels) + 1) + [o.error])
            continue
        ocr = ", ".join(str(k) for k in r.ocr["pages"]) if r.ocr else None
        summary.append(
            [o.path, r.format, len(r.rows), *r.tallies.values(), *r.shares.values(), ocr, None]
        )
    for row in summary.iter_rows(min_row=2, min_col=4 + len(labels), max_col=3 + 2 * len(labels)):
        for cell in row:
            cell.number_format = "0.0%"
    sentences = wb.create_sheet("句子 Sentences")
    sentences.append(["文件 file", "序号 index", "章节 section", "标签 label", "置信度 confidence",
                      "文本 text"])  # fmt: skip
    for o in outcomes:
        if o.result is None:
            continue
        for s in o.result.rows:
            sentences.append(
                [o.path, s.index, s.section, _title(s.label), round(s.confidence, 4), s.text]
            )
    widths = {summary.title: [40, 8, 10] + [14] * (2 * len(labels)) + [16, 40],
              sentences.title: [40, 8, 40, 16, 10, 90]}  # fmt: skip
    for ws in (summary, sentences):
        for k, width in enumerate(widths[ws.title], start=1):
            ws.column_dimensions[ws.cell(1, k).column_letter].width = width
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    _review_sheets(wb, outcomes)
    for row in sentences.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(out)


def _review_sheets(wb, outcomes: Sequence[Outcome]) -> None:
    """Sheets of key figures, indicators, projects and review flags, one row per item."""
    from openpyxl.styles import Font

    keys = list(FIGURE_NAMES_ZH)
    done = [o for o in outcomes if o.result is not None]
    sheets = {
        "关键数字 Figures": (["文件 file"] + [f"{FIGURE_NAMES_ZH[k]} {k}" for k in keys],
                         [[o.path] + [(o.result.figures.get(k) or {}).get("value") for k in keys]
                          for o in done]),
        "绩效指标 Indicators": (["文件 file", "指标 name", "年度指标值 target", "实际完成值 actual", "得分 score"],
                            [[o.path, i.get("name"), i.get("target"), i.get("actual"), i.get("score")]
                             for o in done for i in o.result.indicators]),
        "项目 Projects": (["文件 file", "项目 name", "预算 budget", "调整后预算 adjusted", "执行数 executed",
                         "完成率 completion %", "得分 score"],
                        [[o.path, p.get("name"), p.get("budget"), p.get("adjusted_budget"), p.get("executed"),
                          p.get("completion_rate"), p.get("score")] for o in done for p in o.result.projects]),
        "提示 Flags": (["文件 file", "代码 code", "说明 message", "句子 sentences"],
                     [[o.path, f["code"], f["message"], ", ".join(map(str, f.get("sentences", [])))]
                      for o in done for f in o.result.flags]),
    }  # fmt: skip
    for title, (head, rows) in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(head)
        for row in rows:
            ws.append(row)
        for k, cell in enumerate(ws[1], start=1):
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = 40 if k == 1 else 18
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = ws.dimensions


def write_outputs(
    out: str | Path,
    outcomes: Sequence[Outcome],
    labels: Sequence[str],
    fmt: str,
    force: bool = False,
) -> list[Path]:
    """Write the results of ``outcomes`` to ``out``; return the files written.

    Each file is written beside its target and renamed into place (:mod:`nlp_perf.atomic`): a
    write that fails or is interrupted leaves the old file, or none, never half of one."""
    out = Path(out)
    check_writable(out, fmt, force)
    results = [o.result for o in outcomes if o.result is not None]
    if fmt == "html" and not (len(outcomes) == 1 and results):
        return _write_html_batch(out, outcomes, labels)
    with replacing_file(out) as tmp:
        if fmt == "jsonl":
            tmp.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n"
                                   for r in results), encoding="utf-8")  # fmt: skip
        elif fmt == "json":
            tmp.write_text(json.dumps([r.to_dict() for r in results], ensure_ascii=False,
                                      indent=1) + "\n", encoding="utf-8")  # fmt: skip
        elif fmt == "csv":  # with a BOM, so Excel opens the Chinese text correctly
            tmp.write_text(render_csv(results), encoding="utf-8-sig", newline="")
        elif fmt == "xlsx":
            _write_xlsx(tmp, outcomes, labels)
        else:  # html of one report
            tmp.write_text(report_page(results[0]), encoding="utf-8")
    return [out]


def _write_html_batch(out: Path, outcomes: Sequence[Outcome], labels: Sequence[str]) -> list[Path]:
    """An index page and a folder of one page per report, both put in place when all is written
    (the folder first: a reader of the index never finds a link to a page not there)."""
    pages = _pages_dir(out)
    with replacing_file(out) as index, replacing_folder(pages) as tmp_pages:
        written, entries = [out], []
        for k, o in enumerate(outcomes, start=1):
            link = None
            if o.result is not None:
                name = f"{k:04d}_{Path(o.path).stem}.html"
                page = report_page(o.result, back=f"../{out.name}")
                (tmp_pages / name).write_text(page, encoding="utf-8")
                written.append(pages / name)
                link = f"{pages.name}/{name}"
            entries.append((o.path, link, o.result, o.error))
        index.write_text(index_page(entries, labels), encoding="utf-8")
    return written
