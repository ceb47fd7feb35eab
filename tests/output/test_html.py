"""The HTML page of a report: highlighted sentences, legend, tallies, and how a browser shows it."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from conftest import SAMPLE

from nlp_perf.cli import main
from nlp_perf.output.html import LABEL_COLOURS, report_page
from nlp_perf.pipeline import classify_file


class _Spans(HTMLParser):
    def __init__(self):
        super().__init__()
        self.spans, self.external, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and "data-label" in a:
            self._in = [a["data-label"], a.get("title", ""), ""]
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])

    def handle_data(self, data):
        if self._in is not None:
            self._in[2] += data

    def handle_endtag(self, tag):
        if tag == "span" and self._in is not None:
            self.spans.append(tuple(self._in))
            self._in = None


def test_every_sentence_is_a_highlighted_span_with_its_label_on_hover(tiny_model):
    result = classify_file(SAMPLE, tiny_model)
    page = report_page(result)
    parser = _Spans()
    parser.feed(page)
    assert [(lab, text) for lab, _, text in parser.spans] == [
        (s.label, s.text) for s in result.rows
    ]
    first = result.rows[0]
    titles = {
        "achievement": "成效",
        "problem": "问题",
        "measure": "措施",
        "metric": "指标",
        "other": "其他",
    }
    assert parser.spans[0][1].startswith(
        f"{titles[first.label]} {first.label} · {first.confidence:.2f}"
    )
    assert parser.external == []
    assert "<svg" in page and 'class="legend"' in page and "<script" not in page
    assert "<h2>提示 flags (" in page and "<h2>关键数字 figures</h2>" in page
    assert f'id="s{result.figures["self_score"]["sentence"]}"' in page  # figures link to sentences


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed (CI installs it)")  # fmt: skip
def test_headless_chromium_renders_the_highlighting(tiny_model, tiny_model_dir, tmp_path):
    from PIL import Image

    assert CHROMIUM, "chromium is required in CI: .ci/run installs Debian's chromium package"
    page = tmp_path / "report.html"
    assert main(["classify", str(SAMPLE), "--model", str(tiny_model_dir), "--out", str(page)]) == 0
    shot = tmp_path / "shot.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars"]  # fmt: skip
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    rendered = dom.stdout.count('class="s l-')
    assert rendered == len(classify_file(SAMPLE, tiny_model).rows) > 30, dom.stderr[-500:]
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1000,1600", page.as_uri()],
                   capture_output=True, timeout=120)  # fmt: skip
    image = Image.open(shot).convert("RGB")
    colours = {rgb for _, rgb in image.getcolors(image.width * image.height)}
    for label in ("problem", "measure", "metric", "other"):
        rgb = tuple(int(LABEL_COLOURS[label][i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"no {label} highlight in the screenshot"
