"""The site in a real browser (Debian's chromium through Playwright): a phone-sized
window, no horizontal scrolling, nothing blocked by the Content-Security-Policy, and the
search box working from the same-origin Pagefind index.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import AS_OF

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (./portal.sh test installs it)")
    from pipeline.build import build
    from pipeline.config import load_settings
    from tests.conftest import FIXTURES

    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(FIXTURES / "good", root / "data")
    build(root / "data", root / "site", load_settings(k=2), AS_OF)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(root / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def open_page(browser, url: str, **context):
    page = browser.new_context(**context).new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    return page, problems


@pytest.mark.parametrize("path", ["/", "/en/", "/data/", "/methodology/", "/en/data/"])
def test_pages_fit_a_phone_and_break_no_policy(browser, server, path):
    page, problems = open_page(browser, server + path,
                               viewport={"width": 375, "height": 740}, is_mobile=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"{path} scrolls sideways ({width}px)"
    assert not problems, problems
    assert page.locator("nav.site-nav a").count() >= 5


def test_search_finds_a_notice(browser, server):
    page, problems = open_page(browser, server + "/search/")
    page.fill(".pagefind-ui__search-input", "作风热线")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    links = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert any("作风热线" in text for text in links), links
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_pages_work_without_javascript(browser, server):
    page, _ = open_page(browser, server + "/", java_script_enabled=False)
    assert page.locator(".card").count() >= 3
    page.click("text=开放数据")
    assert page.locator("table.data").count() >= 5


def test_charts_are_drawn_by_the_vendored_vega_under_the_policy(browser, server):
    page, problems = open_page(browser, server + "/hotline/")
    assert page.locator("figure.chart").count() >= 1
    page.wait_for_selector(".chart-live canvas", timeout=15_000)
    assert page.locator("figure.chart img[hidden]").count() >= 1  # SVG replaced
    assert not problems, problems
