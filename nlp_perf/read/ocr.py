"""Text of scanned PDF pages, read offline by optical character recognition (the ``[ocr]`` extra).

A page with no text layer is rendered with pypdfium2 and read with rapidocr-onnxruntime, whose
wheel ships the Chinese PP-OCR models (detection, recognition): nothing is downloaded at run
time.  Its boxes become lines in reading order (boxes that overlap vertically make one line,
read left to right; a wide gap between two boxes is a table cell's edge, a tab), in the shape
:func:`~nlp_perf.read.pdf._page_lines` gives for a text page, so the PDF reader rejoins them the
same way.  A box drawn mostly in red ink is a seal or stamp and is dropped, and so is one the
recogniser is unsure of.  OCR'd text may hold recognition errors (a dropped decimal point:
353.59 read as 35359): a report that has any says so (``Document.ocr``).
"""

from __future__ import annotations

import functools
import logging
import math
import re
import statistics
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import InputError, one_line
from ..forks import cores

__all__ = ["DPI", "EXTRA_HINT", "engine_name", "ocr_available", "ocr_lines"]

log = logging.getLogger(__name__)

EXTRA_HINT = 'pip install "nlp_perf[ocr]"'
DPI = 200  # pages are rendered at this resolution: a scan's own is 150-300 dpi
# Detection looks at the page with its long side at most this many pixels (benchmarks/ocr.py:
# within 0.1 point of the characters read on a 2000 px page, 13% less CPU); recognition reads
# each line cut from the page as rendered.
DETECT_SIDE = 1280
MIN_SCORE = 0.5  # boxes the recogniser gives less confidence are dropped
PAPER = 200  # in the red channel a seal's ink is about 214 of 255: this and up is paper
RED_SHARE = 0.6  # a box whose ink is this much red is a seal or a stamp (what red is left)
TAB_GAP = 2.0  # a gap this many line heights wide between two boxes of a line separates cells


def ocr_available() -> bool:
    """Whether rapidocr-onnxruntime (the ``[ocr]`` extra) can be imported."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def engine_name() -> str:
    """The OCR engine and its version, as a report's JSON names it."""
    try:
        return f"rapidocr-onnxruntime {metadata.version('rapidocr-onnxruntime')}"
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "rapidocr-onnxruntime"


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    """The OCR engine, made once per process (loading the models takes about a second)."""
    from rapidocr_onnxruntime import RapidOCR

    threads = min(cores(), 4)
    return RapidOCR(
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
        det_limit_type="max",
        det_limit_side_len=DETECT_SIDE,
        det_unclip_ratio=2.0,  # boxes a little wider: a line's last 。 is read (as ° at times)
        max_side_len=4000,  # recognition reads the page as rendered, not shrunk to 2000 px
    )


def _red(image: Any) -> Any:
    """Where ``image`` (RGB) is red ink, a seal's or a stamp's, bright, faded or at the edge of
    a stroke; black text under it stays dark (ink darkens what it covers)."""
    import numpy as np

    rgb = image.astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r > 100) & (r - np.maximum(g, b) > 30)


def _without_red(image: Any) -> Any:
    """The page as its red channel, in grey: red ink (a seal, a stamp) lets red light through,
    so it turns white there, while black text, under the seal too, stays dark.  Values from
    :data:`PAPER` up are paper: white."""
    import numpy as np

    red = np.minimum(image[..., 0].astype(np.uint16) * 255 // PAPER, 255).astype(np.uint8)
    return np.repeat(red[..., None], 3, axis=2)


def _red_share(image: Any, box: Sequence[Sequence[float]]) -> float:
    """The share of the ink inside ``box`` that is red (a seal's colour)."""
    xs = [int(p[0]) for p in box]
    ys = [int(p[1]) for p in box]
    crop = image[max(0, min(ys)) : max(ys) + 1, max(0, min(xs)) : max(xs) + 1]
    if crop.size == 0:
        return 0.0
    ink = crop.astype(int).sum(axis=-1) < 3 * 200
    return float((ink & _red(crop)).sum()) / max(int(ink.sum()), 1)


# What PP-OCR reads for a Chinese page's punctuation: the radical 丶 (never in a report) for
# the enumeration comma 、, a degree sign for a full stop 。 after a character.
_MISREAD = str.maketrans({"丶": "、"})
_DEGREE_STOP = re.compile(r"(?<![0-9])°")


def _cleaned(text: str) -> str:
    return _DEGREE_STOP.sub("。", text.strip().translate(_MISREAD))


def _skew(found: Sequence[Sequence[Any]]) -> float:
    """The page's tilt in radians: the median slope of the top edges of its wide boxes."""
    slopes = []
    for points, *_ in found:
        (x0, y0), (x1, y1) = points[0], points[1]
        height = abs(points[3][1] - y0)
        if x1 - x0 > 5 * max(height, 1):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


def _upright(points: Sequence[Sequence[float]], angle: float) -> tuple[float, ...]:
    """The box (x0, top, x1, bottom) around ``points`` turned back by the page's tilt."""
    cos, sin = math.cos(angle), math.sin(angle)
    xs = [x * cos + y * sin for x, y in points]
    ys = [y * cos - x * sin for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _line_dicts(boxes: list[tuple[float, float, float, float, str]], scale: float) -> list[dict]:
    """Boxes (x0, top, x1, bottom, text) in pixels as lines {text, top, x0, x1, row} in points,
    top to bottom: a box joins the line it overlaps vertically by half its height."""
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        if lines:
            last = lines[-1]
            top, bottom = min(b[1] for b in last), max(b[3] for b in last)
            overlap = min(bottom, box[3]) - max(top, box[1])
            if overlap > 0.5 * min(bottom - top, box[3] - box[1]):
                last.append(box)
                continue
        lines.append([box])
    out = []
    for line in lines:
        line.sort(key=lambda b: b[0])
        height = max(b[3] - b[1] for b in line)
        text = line[0][4]
        tabbed = False
        for before, box in zip(line, line[1:]):
            wide = box[0] - before[2] > TAB_GAP * height
            tabbed = tabbed or wide
            text += ("\t" if wide else "") + box[4]
        out.append({"text": text, "top": min(b[1] for b in line) / scale,
                    "x0": line[0][0] / scale, "x1": line[-1][2] / scale, "row": tabbed})  # fmt: skip
    return out


def _read_page(page: Any, dpi: int) -> list[dict]:
    """The lines of one rendered PDF page, read by the OCR engine."""
    import numpy as np

    scale = dpi / 72
    image = np.asarray(page.render(scale=scale).to_pil().convert("RGB"))
    found, _ = _engine()(_without_red(image), use_cls=False)
    found = found or []
    angle = _skew(found)
    boxes = []
    for points, text, score in found:
        if score < MIN_SCORE or not text.strip():
            continue
        if _red_share(image, points) >= RED_SHARE:
            log.debug("dropped a red box (a seal or stamp): %s", text)
            continue
        boxes.append((*_upright(points, angle), _cleaned(text)))
    return _line_dicts(boxes, scale)


def ocr_lines(
    path: str | Path,
    pages: Sequence[int],
    dpi: int = DPI,
    on_page: Callable[[int, int], None] | None = None,
) -> dict[int, list[dict]]:
    """The lines of each page in ``pages`` (0-based) of the PDF at ``path``, read by OCR;
    ``on_page(done, total)`` is called after each page.  InputError naming the ``[ocr]`` extra
    when it is not installed."""
    if not ocr_available():
        raise InputError(f"no text layer (a scanned PDF): reading it needs OCR: {EXTRA_HINT}")
    import pypdfium2

    out: dict[int, list[dict]] = {}
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:  # pdfplumber read it, pdfium cannot
        raise InputError(f"not a readable PDF to render for OCR ({one_line(exc)})") from None
    try:
        if on_page is not None:
            on_page(0, len(pages))
        for done, k in enumerate(pages, start=1):
            try:
                out[k] = _read_page(pdf[k], dpi)
            except pypdfium2.PdfiumError as exc:
                detail = one_line(exc)
                raise InputError(f"page {k + 1} cannot be rendered for OCR ({detail})") from None
            if on_page is not None:
                on_page(done, len(pages))
    finally:
        pdf.close()
    return out
