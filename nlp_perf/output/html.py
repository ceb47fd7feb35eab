"""A classified report as a self-contained HTML page, and an index page for a batch.

The report appears as written, line breaks and headings kept, each sentence highlighted in
its label's colour with the label, confidence and section on hover; a legend and the tallies
as an inline SVG bar chart head the page.  No scripts, fonts or images are fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..classify.model import LABEL_NAMES_ZH
from ..document import ReportResult
from .text import FIGURE_NAMES_ZH, figure_value, ocr_mark, ocr_note

__all__ = [
    "report_page",
    "index_page",
    "highlighted_text",
    "label_colours",
    "label_css",
    "review_panel",
    "LABEL_COLOURS",
]

LABEL_COLOURS = {
    "achievement": "#b7e4c7",
    "problem": "#f4a6a6",
    "measure": "#a9cdf5",
    "metric": "#ffd98e",
    "other": "#e4e4e4",
}
_SPARE = ["#d7b8f3", "#9ee0dc", "#f3c4e0", "#c9d99a", "#f0c8a0"]

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em auto; max-width: 60em; line-height: 1.9; color: #222; }
h1 { font-size: 1.3em; } .meta { color: #666; font-size: .9em; }
.legend span, .s { border-radius: 3px; padding: 1px 2px; }
.legend span { margin-right: 1em; padding: 2px 8px; }
.report { white-space: pre-wrap; border-top: 1px solid #ccc; padding-top: 1em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 8px; }
td.n { text-align: right; }
.review { margin: 1em 0; } .review h2 { font-size: 1.05em; } .flag b { color: #a33; }
.ocr { background: #fff3cd; border: 1px solid #e0c36c; padding: 4px 8px; }
"""


def _colours(labels: Sequence[str]) -> dict[str, str]:
    spare = iter(_SPARE * 4)
    return {lab: LABEL_COLOURS.get(lab) or next(spare) for lab in labels}


def _title(label: str) -> str:
    zh = LABEL_NAMES_ZH.get(label)
    return f"{zh} {label}" if zh else label


def _css(colours: dict[str, str]) -> str:
    return _STYLE + "".join(f".l-{lab} {{ background: {c}; }}\n" for lab, c in colours.items())


def tallies_svg(result: ReportResult, colours: dict[str, str]) -> str:
    """The count per label as a horizontal bar chart."""
    tallies = result.tallies
    top = max(tallies.values(), default=0) or 1
    rows = []
    for k, (label, n) in enumerate(tallies.items()):
        width = 300 * n / top
        y = 8 + k * 26
        rows.append(
            f'<text x="0" y="{y + 14}" font-size="13">{escape(_title(label))}</text>'
            f'<rect class="bar l-{label}" x="130" y="{y}" width="{width:.1f}" height="18" '
            f'fill="{colours[label]}"><title>{n}</title></rect>'
            f'<text x="{136 + width:.1f}" y="{y + 14}" font-size="13">{n}</text>'
        )
    height = 16 + 26 * len(tallies)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="{height}" role="img" '
            f'aria-label="tallies">{"".join(rows)}</svg>')  # fmt: skip


def _legend(colours: dict[str, str]) -> str:
    items = "".join(f'<span class="l-{lab}">{escape(_title(lab))}</span>' for lab in colours)
    return f'<p class="legend">{items}</p>'


def label_colours(labels: Sequence[str]) -> dict[str, str]:
    """Each label's highlight colour (the five labels' own, spare ones for a model's other)."""
    return _colours(labels)


def label_css(labels: Sequence[str]) -> str:
    """The page's style, with each label's highlight colour (``.l-<label>``)."""
    return _css(_colours(labels))


def highlighted_text(result: ReportResult) -> str:
    """The report's text as written, each sentence a ``<span>`` in its label's colour."""
    text = result.text
    parts: list[str] = []
    pos = 0
    for s in result.rows:
        parts.append(escape(text[pos : s.start]))
        tip = f"{_title(s.label)} · {s.confidence:.2f}" + (f" · § {s.section}" if s.section else "")
        parts.append(
            f'<span class="s l-{s.label}" id="s{s.index}" data-label="{s.label}" '
            f'title="{escape(tip)}">{escape(text[s.start : s.end])}</span>'
        )
        pos = s.end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def report_page(result: ReportResult, back: str | None = None) -> str:
    """The whole report with every sentence highlighted by label."""
    colours = _colours(result.labels)
    shares = result.shares
    summary = " · ".join(f"{_title(k)} {v} ({shares[k]:.0%})" for k, v in result.tallies.items())
    link = f'<p><a href="{escape(back)}">← 全部报告 all reports</a></p>' if back else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(result.file)}</title><style>{_css(colours)}</style></head><body>"
        f"{link}<h1>{escape(result.file)}</h1>"
        f'<p class="meta">{len(result.rows)} 句 sentences · {result.chars} 字 characters · '
        f"{escape(result.model_name)} {escape(result.model_version)}</p>"
        + (f'<p class="ocr">{escape(ocr_note(result))}</p>' if result.ocr else "")
        + f'{_legend(colours)}{tallies_svg(result, colours)}<p class="meta">{escape(summary)}</p>'
        f"{review_panel(result)}"
        f'<div class="report">{highlighted_text(result)}</div></body></html>\n'
    )


def review_panel(result: ReportResult) -> str:
    """Key figures, indicators and review flags, linked to the sentences they come from."""

    def link(k: object) -> str:
        return f'<a href="#s{k}">[{k}]</a>'

    flags = "".join(
        f'<li class="flag"><b>{escape(f["code"])}</b> {escape(f["message"])} '
        + " ".join(link(k) for k in f.get("sentences", [])[:10])
        + "</li>"
        for f in result.flags
    )
    parts = ['<div class="review">', f"<h2>提示 flags ({len(result.flags)})</h2>",
             f"<ul>{flags or '<li>无 none</li>'}</ul>"]  # fmt: skip
    if result.figures:
        rows = "".join(
            f"<tr><td>{escape(FIGURE_NAMES_ZH.get(k, k))} {escape(k)}</td>"
            f'<td class="n">{escape(figure_value(f))} {escape(ocr_mark(f))}</td>'
            f"<td>{link(f.get('sentence'))} "
            f"{escape(str(f.get('text') or ''))}</td></tr>"
            for k, f in result.figures.items()
        )
        parts.append(f"<h2>关键数字 figures</h2><table>{rows}</table>")
    if result.indicators:
        cells = ("name", "target", "actual", "score")
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(i.get(c) or ''))}</td>" for c in cells) + "</tr>"
            for i in result.indicators
        )
        parts.append("<h2>绩效指标 indicators</h2><table><tr><th>指标 name</th><th>年度指标值 target</th>"
                     f"<th>实际完成值 actual</th><th>得分 score</th></tr>{rows}</table>")  # fmt: skip
    parts.append("</div>")
    return "".join(parts)


def index_page(entries: Sequence[tuple[str, str | None, ReportResult | None, str | None]],
               labels: Sequence[str]) -> str:  # fmt: skip
    """A summary table of a batch: (file, page link, result, error) per report."""
    colours = _colours(labels)
    head = "".join(f'<th class="l-{lab}">{escape(_title(lab))}</th>' for lab in labels)
    rows = []
    for file, link, result, error in entries:
        name = f'<a href="{escape(link)}">{escape(file)}</a>' if link else escape(file)
        if result is None:
            rows.append(f"<tr><td>{name}</td><td colspan=\"{len(labels) + 1}\">错误 error: "
                        f"{escape(error or '')}</td></tr>")  # fmt: skip
            continue
        cells = "".join(f'<td class="n">{result.tallies[lab]} ({result.shares[lab]:.0%})</td>'
                        for lab in labels)  # fmt: skip
        if result.ocr:
            name += ' <span class="ocr" title="read by OCR: may hold recognition errors">OCR</span>'
        rows.append(f'<tr><td>{name}</td><td class="n">{len(result.rows)}</td>{cells}</tr>')
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>nlp_perf 报告汇总</title><style>{_css(colours)}</style></head><body>"
        f"<h1>报告汇总 Reports ({len(entries)})</h1>{_legend(colours)}"
        f"<table><tr><th>文件 file</th><th>句子 sentences</th>{head}</tr>{''.join(rows)}</table>"
        "</body></html>\n"
    )
