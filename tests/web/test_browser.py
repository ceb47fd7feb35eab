"""The desk in a real browser: Debian's headless Chromium, driven by selenium through
Debian's chromium-driver, uploads two reports, waits for the table, downloads the .xlsx,
opens one report and takes a screenshot of it.

With NLP_PERF_SCREENSHOT=FILE the screenshot is also saved there, of the shipped model's
page (how docs/img/serve.png is made)."""

from __future__ import annotations

import os
import shutil
import threading
import time

import openpyxl
import pytest
from conftest import DATA, SAMPLE

from nlp_perf import load_model
from nlp_perf.output.html import LABEL_COLOURS
from nlp_perf.pipeline import classify_file
from nlp_perf.web.server import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
REPORTS = [SAMPLE, DATA / "reports" / "a04_court_2022.txt"]


@pytest.fixture
def desk(tiny_model, tmp_path):
    """A server of its own (with the shipped model when a screenshot for the docs is wanted)."""
    model = load_model() if os.environ.get("NLP_PERF_SCREENSHOT") else tiny_model
    server, sock, url, _ = make_server(model, "127.0.0.1", 0, tmp_path / "data", workers=2)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield url, model
    server.should_exit = True
    thread.join(30)
    sock.close()


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM and DRIVER) and not os.environ.get("CI"):
        pytest.skip("Debian's chromium and chromium-driver are not installed (CI installs them)")
    assert CHROMIUM and DRIVER, "CI needs Debian's chromium and chromium-driver (.ci/run)"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(tmp_path / "downloads"),
        "download.prompt_for_download": False,
    })  # fmt: skip
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _wait(condition, seconds: float = 90.0, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds:g} s for {what}")


def test_a_browser_uploads_two_reports_reads_the_table_and_one_report(desk, browser, tmp_path):
    from PIL import Image
    from selenium.webdriver.common.by import By

    url, model = desk
    browser.get(url)
    browser.find_element(By.ID, "pick-files").send_keys("\n".join(str(p) for p in REPORTS))
    rows = _wait(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#table tbody tr")) == 2
                 and browser.find_elements(By.CSS_SELECTOR, "#table tbody tr"), what="two rows")  # fmt: skip
    names = sorted(r.find_element(By.TAG_NAME, "a").text for r in rows)
    assert names == sorted(p.name for p in REPORTS)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#progress li.done")) == 2

    browser.find_element(By.ID, "filter").send_keys("court")  # the table filters as one types
    shown = browser.find_elements(By.CSS_SELECTOR, "#table tbody tr a")
    assert [a.text for a in shown] == ["a04_court_2022.txt"]
    browser.find_element(By.ID, "filter").clear()
    browser.find_element(By.CSS_SELECTOR, 'th[data-key="sentences"]').click()  # sorts
    browser.find_element(By.CSS_SELECTOR, 'th[data-key="sentences"]').click()  # descending
    counts = [
        int(td.text)
        for td in browser.find_elements(By.CSS_SELECTOR, "#table tbody td:nth-child(5)")
    ]
    assert counts == sorted(counts, reverse=True) and len(counts) == 2

    browser.find_element(By.ID, "xlsx").click()
    xlsx = tmp_path / "downloads" / "nlp_perf_results.xlsx"
    _wait(xlsx.exists, what="the .xlsx download")
    summary = openpyxl.load_workbook(xlsx)["汇总 Summary"]
    assert sorted(row[0] for row in summary.iter_rows(min_row=2, values_only=True)) == names

    browser.find_element(By.LINK_TEXT, SAMPLE.name).click()
    spans = _wait(
        lambda: browser.find_elements(By.CSS_SELECTOR, "#report span.s"), what="the report"
    )
    expected = classify_file(SAMPLE, model)
    assert [(s.get_attribute("data-label"), s.text) for s in spans] == [
        (s.label, s.text.strip()) for s in expected.rows
    ]
    review = browser.find_element(By.ID, "review").text
    assert f"提示 flags ({len(expected.flags)})" in review and "关键数字 figures" in review
    shot = tmp_path / "report.png"
    browser.save_screenshot(str(shot))
    if os.environ.get("NLP_PERF_SCREENSHOT"):
        shutil.copy(shot, os.environ["NLP_PERF_SCREENSHOT"])
    image = Image.open(shot).convert("RGB")
    colours = {rgb for _, rgb in image.getcolors(image.width * image.height)}
    for label in ("problem", "metric", "other"):
        rgb = tuple(int(LABEL_COLOURS[label][i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"no {label} highlight in the screenshot"

    browser.find_element(By.ID, "only-pm").click()  # only problems and measures stay coloured
    other = next(s for s in spans if s.get_attribute("data-label") == "other")
    assert other.value_of_css_property("background-color") in ("rgba(0, 0, 0, 0)", "transparent")

    other.click()  # a reviewer corrects a label: saved, and shown in its new colour
    browser.find_element(By.CSS_SELECTOR, '#menu button[data-label="measure"]').click()
    _wait(lambda: "已保存 saved" in browser.find_element(By.ID, "saved").text, what="the save")
    assert other.get_attribute("data-label") == "measure"
    assert list((tmp_path / "data" / "corpus" / "labels").glob("web_*.json"))
