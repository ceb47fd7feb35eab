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


def cjk_font() -> Path:
    """A font file with Chinese glyphs (the first fontconfig lists for zh-cn), to draw scans with."""
    import shutil
    import subprocess

    found = ""
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", "-f", "%{file}\\n", ":lang=zh-cn"], capture_output=True,
                                text=True, check=False).stdout.splitlines()  # fmt: skip
        found = sorted(listed)[0] if listed else ""
    if not found or not Path(found).exists():
        raise RuntimeError(
            "no Chinese font to draw a scanned page with: apt-get install fonts-arphic-uming"
        )
    return Path(found)


def _red_seal(page, centre: tuple[int, int], radius: int, font_path: Path) -> None:
    """A red round seal (ring, star, unit name) drawn over what is on ``page`` at ``centre``."""
    import math

    from PIL import Image, ImageChops, ImageDraw, ImageFont

    size = 2 * radius + 4
    seal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    red = (214, 30, 36, 255)
    c = size / 2
    draw.ellipse([2, 2, size - 2, size - 2], outline=red, width=max(2, radius // 18))
    star = [(c + radius * 0.22 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
             c - radius * 0.22 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]  # fmt: skip
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(str(font_path), max(8, radius // 4))
    name = "青溪县财政局绩效专用章"
    for k, ch in enumerate(name):  # the unit's name along the upper arc, as seals have it
        a = math.pi * (1.15 - 1.3 * k / (len(name) - 1))
        x, y = c + radius * 0.72 * math.cos(a), c - radius * 0.72 * math.sin(a)
        glyph = Image.new("RGBA", (radius // 3, radius // 3), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(math.degrees(a) - 90, expand=True)
        seal.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    # ink on paper: the seal darkens what is under it (black text stays black)
    inked = Image.new("RGB", (size, size), (255, 255, 255))
    inked.paste(seal, (0, 0), seal)
    where = (centre[0] - size // 2, centre[1] - size // 2)
    under = page.crop((*where, where[0] + size, where[1] + size))
    page.paste(ImageChops.multiply(under, inked), where)


def write_scan(text: str, path: Path, dpi: int = 200, angle: float = 0.0, seal: bool = False,
               font_size: int = 12, page: tuple[float, float] | None = None) -> Path:  # fmt: skip
    """The report as a scanner gives it: drawn to a PDF (reportlab, a Chinese font embedded) on
    ``page`` (width, height in points; A4 by default), each page rendered at ``dpi``
    (pypdfium2), turned by ``angle`` degrees, a red seal over the text of the last page if
    ``seal``, saved as a PDF of images only (no text layer)."""
    import io

    import pypdfium2
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = cjk_font()
    pdfmetrics.registerFont(TTFont("ScanCJK", str(font)))
    style = ParagraphStyle("body", fontName="ScanCJK", fontSize=font_size,
                           leading=font_size * 1.7, wordWrap="CJK")  # fmt: skip
    story = []
    for line in lines_of(text):
        if "\t" in line:
            table = Table([line.split("\t")])
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "ScanCJK", font_size - 2),
                                       ("GRID", (0, 0), (-1, -1), 0.5, "black")]))  # fmt: skip
            story.append(table)
        else:
            story.append(Paragraph(escape(line), style))

    def folio(canvas, doc):
        canvas.setFont("ScanCJK", 10)
        canvas.drawCentredString(doc.pagesize[0] / 2, 12 if page else 25, f"- {doc.page} -")

    drawn = io.BytesIO()
    margins = (dict(topMargin=60, bottomMargin=50) if page is None else
               dict(topMargin=24, bottomMargin=24, leftMargin=24, rightMargin=24))  # fmt: skip
    SimpleDocTemplate(drawn, pagesize=page or A4, **margins).build(
        story, onFirstPage=folio, onLaterPages=folio
    )
    pdf = pypdfium2.PdfDocument(drawn.getvalue())
    images = []
    for k in range(len(pdf)):
        image = pdf[k].render(scale=dpi / 72).to_pil().convert("RGB")
        if seal and k == len(pdf) - 1:
            _red_seal(image, (int(image.width * 0.62), int(image.height * 0.2)),
                      int(dpi * 0.8), font)  # fmt: skip
        if angle:
            image = image.rotate(angle, resample=3, fillcolor=(255, 255, 255))
        images.append(image)
    pdf.close()
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return path
