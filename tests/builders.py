"""Build one report as .txt, .docx, .pdf and .html, the way users receive each."""

from __future__ import annotations

from html import escape
from pathlib import Path

HEADER = "青溪县农业农村局绩效自评报告"


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def write_txt(text: str, path: Path) -> Path:
    path.write_text("\n".join(lines_of(text)) + "\n", encoding="utf-8")
    return path


def write_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER  # page header: not report text
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    for line in lines_of(text):
        if "\t" in line:
            cells = line.split("\t")
            row = document.add_table(rows=1, cols=len(cells)).rows[0]
            for cell, value in zip(row.cells, cells):
                cell.text = value
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path, font_size: int = 16) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=font_size,
                           leading=font_size * 1.6, wordWrap="CJK")  # fmt: skip

    def furniture(canvas, doc):
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 30, HEADER)
        canvas.drawCentredString(A4[0] / 2, 25, f"— {doc.page} —")

    story = []
    for line in lines_of(text):
        if "\t" in line:
            table = Table([line.split("\t")])
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 10),
                                       ("GRID", (0, 0), (-1, -1), 0.5, "black")]))  # fmt: skip
            story.append(table)
        else:
            story.append(Paragraph(escape(line), style))
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=60, bottomMargin=50).build(
        story, onFirstPage=furniture, onLaterPages=furniture
    )
    return path


def write_html(text: str, path: Path, encoding: str = "utf-8") -> Path:
    body = []
    table: list[str] = []
    for line in lines_of(text):
        if "\t" in line:
            table.append(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in line.split("\t")) + "</tr>"
            )
            continue
        if table:
            body.append("<table>" + "".join(table) + "</table>")
            table = []
        body.append(f"<p>{escape(line)}</p>")
    if table:
        body.append("<table>" + "".join(table) + "</table>")
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{HEADER}</title>'
        "<script>var visits = 1;</script><style>p { margin: 0 }</style></head><body>"
        '<div class="nav"><a href="/">网站首页</a> &gt; <a href="/xxgk">信息公开</a> &gt; 绩效评价</div>'
        '<div class="position">当前位置：首页 &gt; 财政资金</div>'
        f'<div class="article">{"".join(body)}</div>'
        '<div class="footer">主办单位：青溪县人民政府办公室 网站标识码：4312000001</div>'
        "</body></html>"
    )
    path.write_bytes(page.encode(encoding))
    return path
