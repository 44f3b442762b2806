"""The published demo report in a real headless Chromium: every page loads without console
errors, asks for nothing outside its run folder and draws its charts, the charts fit the A4 text
width when printed, and `evaluasi pdf` prints the summary and programme pages to A4 PDFs.

Needs Debian's `chromium` and `chromium-driver` (installed by .ci/run); without them the tests
skip, or fail under EVALUASI_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from services import unavailable

from evaluasi import pipeline
from evaluasi.cli import main
from evaluasi.config import Settings
from evaluasi.demo import write_demo_inbox
from evaluasi.periods import parse_period
from evaluasi.publish import point_latest
from evaluasi.report.pdf import CHROMIUM_FLAGS, ChromiumNotFound, find_chromium

# The text width of an A4 page between the print CSS's 12 mm margins, in CSS pixels.
A4_TEXT_WIDTH_PX = 703
A4_POINTS = (595, 842)  # 210 x 297 mm, in whole points
CHART_ID = re.compile(r"Plotly\.newPlot\((\"[^\"]+\")")
PDF_PAGE = re.compile(rb"/Type\s*/Page\b")
PDF_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")
DRAW_TIMEOUT_S = 10


@pytest.fixture(scope="module")
def chromium() -> Path:
    try:
        return find_chromium()
    except ChromiumNotFound as error:
        unavailable(str(error))


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[object]:
    """Chromium driven by chromedriver, keeping the console and the DevTools network log."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed: pip install -e '.[dev]'")
    # Looked up here: without a path Selenium would try to download a driver of its own.
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        unavailable(
            "chromedriver is not on PATH: install it (Debian: apt-get install chromium-driver)"
        )
    options = Options()
    options.binary_location = str(chromium)
    for flag in (*CHROMIUM_FLAGS, "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except Exception as error:  # a driver that does not match the browser, a browser that crashes
        unavailable(f"{driver_path} could not start {chromium}: {str(error).splitlines()[0]}")
    yield driver
    driver.quit()


def publish_demo(root: Path) -> Path:
    """Write the demo province's inbox under `root`, evaluate it without Prefect, and return the
    published run folder."""
    inbox = root / "inbox"
    write_demo_inbox(inbox)
    settings = Settings(
        data_dir=root, inbox=inbox, warehouse=root / "w.duckdb", reports_dir=root / "reports"
    )
    now = datetime.now(UTC)
    request = pipeline.RunRequest(
        settings=settings,
        period=parse_period("all", date(2026, 11, 23)),
        flow="test",
        run_id=pipeline.new_run_id(now),
        started_at=now,
    )
    pipeline.begin(request)
    return pipeline.publish(request, pipeline.ingest(request), pipeline.evaluate(request))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, chromium: Path) -> Path:
    """The demo report's run folder (built only where there is a browser to look at it)."""
    return publish_demo(tmp_path_factory.mktemp("browser")).resolve()


@dataclass(frozen=True)
class Visit:
    """What one page did in the browser."""

    page: str
    errors: list[str]  # console entries of level SEVERE: script errors, failed loads
    requests: list[str]  # every URL the page asked for
    charts: dict[str, bool]  # chart container id -> a plotly SVG was drawn in it


def chart_ids(page: Path) -> list[str]:
    return [json.loads(quoted) for quoted in CHART_ID.findall(page.read_text("utf-8"))]


def visit(driver, page: Path) -> Visit:
    """Load `page`, wait for its charts, and read the console and the network log."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # what the previous page left
    driver.get_log("performance")
    driver.get(page.as_uri())
    ids = chart_ids(page)
    drawn_script = (
        "return arguments[0].map(function (id) { var e = document.getElementById(id);"
        " return !!(e && e.querySelector('.main-svg')); });"
    )
    with contextlib.suppress(TimeoutException):  # reported below, chart by chart
        WebDriverWait(driver, DRAW_TIMEOUT_S).until(
            lambda d: all(d.execute_script(drawn_script, ids))
        )
    drawn = driver.execute_script(drawn_script, ids)
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            requests.append(message["params"]["url"])
    return Visit(page.name, errors, requests, dict(zip(ids, drawn, strict=True)))


def outside(folder: Path, url: str) -> bool:
    """True unless `url` is a file:// URL of a file inside `folder`, or a data: URL (content
    inline in the page, as plotly draws heatmaps: nothing is fetched)."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return False
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return True
    return not Path(unquote(parsed.path)).resolve().is_relative_to(folder)


@pytest.fixture(scope="module")
def visits(browser, report: Path) -> list[Visit]:
    """Every page of the report, loaded once."""
    return [visit(browser, page) for page in sorted(report.glob("*.html"))]


def test_every_page_of_the_report_is_loaded(report, visits):
    names = {v.page for v in visits}
    assert {"index.html", "quality.html", "methods.html"} <= names
    programme_pages = {name for name in names if name.startswith("program-")}
    assert len(programme_pages) == 25  # the demo province's programmes
    index = (report / "index.html").read_text("utf-8")
    assert {name for name in programme_pages if f'href="{name}' not in index} == set()


def test_no_page_logs_a_console_error(visits):
    assert {v.page: v.errors for v in visits if v.errors} == {}


def test_no_page_requests_anything_outside_its_run_folder(report, visits):
    assert all(v.requests for v in visits)  # the log is read: each page at least requests itself
    leaving = {v.page: [u for u in v.requests if outside(report, u)] for v in visits}
    assert {page: urls for page, urls in leaving.items() if urls} == {}


def test_every_chart_is_drawn(visits):
    by_page = {v.page: v.charts for v in visits}
    assert len(by_page["index.html"]) >= 1  # the forest plot
    assert sum(len(charts) for charts in by_page.values()) >= 100
    not_drawn = {page: [i for i, ok in ids.items() if not ok] for page, ids in by_page.items()}
    assert {page: ids for page, ids in not_drawn.items() if ids} == {}


def test_the_checks_see_a_request_leaving_the_folder_and_a_console_error(browser, report):
    """The log reading above would pass on a browser that reported nothing: a page that asks a
    closed port on this machine for a script must show up in both."""
    with socket.socket() as probe:  # a port that nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        tracker = f"http://127.0.0.1:{probe.getsockname()[1]}/tracker.js"
    page = report / "assets" / "leaks.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>leak</title>'
        f'<script src="{tracker}"></script></head><body></body></html>'
    )
    try:
        seen = visit(browser, page)
    finally:
        page.unlink()
    assert [url for url in seen.requests if outside(report, url)] == [tracker]
    assert any("tracker.js" in message for message in seen.errors)


def test_results_table_sorts_and_filters(browser, report):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((report / "index.html").as_uri())
    table = browser.find_element(By.ID, "results-table")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr[data-verdict]")
    q_header = table.find_elements(By.CSS_SELECTOR, "thead th")[-1]
    q_header.find_element(By.TAG_NAME, "button").click()
    assert q_header.get_attribute("aria-sort") == "ascending"
    keys = [
        row.find_elements(By.CSS_SELECTOR, "td")[-1].get_attribute("data-sort")
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr[data-verdict]")
    ]
    known = [float(key) for key in keys if key]
    assert known == sorted(known) and known
    assert keys[len(known) :] == [""] * (len(keys) - len(known))  # rows without q come last

    Select(browser.find_element(By.ID, "results-verdict")).select_by_value("positive")
    shown = [row for row in rows if row.is_displayed()]
    assert 0 < len(shown) < len(rows)
    assert {row.get_attribute("data-verdict") for row in shown} == {"positive"}
    assert str(len(shown)) in browser.find_element(By.ID, "results-count").text
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_charts_fit_the_a4_text_width_when_printed(browser, report):
    """With print CSS on a viewport as wide as A4's text, the page's `beforeprint` handler must
    leave no chart wider than its column."""
    programme = max(report.glob("program-*.html"), key=lambda page: len(chart_ids(page)))
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_TEXT_WIDTH_PX, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for page in (report / "index.html", programme):
            browser.get(page.as_uri())
            overflowing = browser.execute_script(
                "window.dispatchEvent(new Event('beforeprint'));"
                "return Array.from(document.querySelectorAll('.js-plotly-plot')).filter("
                "function (plot) { var svg = plot.querySelector('.main-svg');"
                " var box = plot.parentElement.getBoundingClientRect();"
                " var r = svg.getBoundingClientRect();"
                " return r.left < box.left - 1 || r.right > box.right + 1"
                " || r.right > document.documentElement.clientWidth + 1; }"
                ").map(function (plot) { return plot.id; });"
            )
            assert (page.name, overflowing) == (page.name, [])
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def pdf_pages(path: Path) -> tuple[int, set[tuple[float, float]]]:
    """Number of pages of a PDF written by Chromium, and its page sizes in points."""
    data = path.read_bytes()
    sizes = {(float(w), float(h)) for w, h in PDF_MEDIA_BOX.findall(data)}
    return len(PDF_PAGE.findall(data)), sizes


def test_pdf_command_prints_the_summary_and_each_programme_page_of_latest(
    report, tmp_path, monkeypatch, capsys
):
    """`evaluasi pdf` on `reports/latest`: a copy of the demo run with two programme pages (the
    one with most charts and one without any), to keep the test short."""
    programmes = sorted(report.glob("program-*.html"), key=lambda page: len(chart_ids(page)))
    chosen = [programmes[-1], programmes[0]]
    assert chart_ids(programmes[0]) == []  # the demo's programme too small to show
    run = tmp_path / "reports" / report.name
    shutil.copytree(report / "assets", run / "assets")
    for page in (report / "index.html", report / "quality.html", report / "methods.html", *chosen):
        shutil.copy(page, run / page.name)
    point_latest(run.parent, run.name)
    monkeypatch.setenv("EVALUASI_REPORTS", str(run.parent))

    assert main(["pdf"]) == 0

    printed = ["index", *sorted(page.stem for page in chosen)]
    expected = [run / "pdf" / f"{stem}.pdf" for stem in printed]
    assert capsys.readouterr().out.split() == [str(path) for path in expected]
    assert sorted((run / "pdf").iterdir()) == sorted(expected)  # no quality or methods PDF
    for path in expected:
        assert path.read_bytes().startswith(b"%PDF-"), path
        pages, sizes = pdf_pages(path)
        assert pages >= 1, path
        assert {(round(w), round(h)) for w, h in sizes} == {A4_POINTS}, path


def test_pdf_command_names_what_to_install_without_chromium(tmp_path, monkeypatch, capsys):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["pdf", "--folder", str(tmp_path), "--out", str(tmp_path / "pdf")]) == 2
    assert "apt-get install chromium" in capsys.readouterr().err
    assert not (tmp_path / "pdf").exists()


def test_pdf_command_refuses_a_folder_without_a_report(tmp_path, capsys):
    assert main(["pdf", "--folder", str(tmp_path)]) == 2
    assert "no index.html" in capsys.readouterr().err


def test_pdf_command_reports_what_chromium_said_when_it_prints_nothing(
    tmp_path, monkeypatch, capsys
):
    """Chromium exits 0 when a page fails; the command must notice the missing PDF (exit 1)."""
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>")
    fake = tmp_path / "bin" / "chromium"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        "echo '[1:1:1123/1:ERROR:dbus/bus.cc:405] Failed to connect to the bus' >&2\n"
        "echo '[1:2:1123/2:ERROR:headless_command_handler.cc:403] Page load failed' >&2\n"
        "echo '[1:1:1123/3:ERROR:dbus/bus.cc:405] Failed to connect to the bus' >&2\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    assert main(["pdf", "--folder", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.rstrip().endswith("(exit code 0): Page load failed")
    assert list((tmp_path / "pdf").iterdir()) == []
