"""The site in a real browser (Debian's chromium through Playwright), as a resident sees it.

One small site is built once per session from tests/fixtures/good/ and served on
127.0.0.1. Every page template is opened in both languages: at 360 px and 1280 px it
never scrolls sideways (JavaScript on and off), axe-core finds no serious or critical
violation, nothing is blocked by the Content-Security-Policy, and keyboard focus shows.
Charts load their interactive version only on request or in view, once. Screenshots of
the main pages in both languages at both widths are written to tests/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import AS_OF, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "screenshots"
WIDTHS = (360, 1280)
# one page of every page template (path in the first language; the translation is the same
# path under en/); None: found in the built site (the first department, status page)
TEMPLATES = {
    "home": "", "hotline": "hotline/", "cases": "cases/", "cases_source": "cases/complaint/",
    "departments": "departments/", "department": None, "commitments": "commitments/",
    "commitments_year": "commitments/2024/", "commitment": "commitments/2024/P1.html",
    "commitment_list": None, "prices": "prices/", "price_item": "prices/items/G001.html",
    "price_shops": "prices/shops.html", "price_index": "prices/price-index.html",
    "data": "data/", "methodology": "methodology/", "search": "search/",
    "index": "affairs/", "category": "affairs/policies/",
    "article": "affairs/policies/price-monitoring-rules.html", "page": "pages/about.html",
    "disclosure": "affairs/disclosure/", "404": "404.html",
    "affairs_section": "affairs/notices/",  # English section lists (Chinese: category)
    "tag": "affairs/tags/zuo-feng-re-xian/", "disclosure_report": "affairs/disclosure/2025/",
    "changes": "changes/", "quality": "quality/",
}
# written by the nightly beside the releases (TARGET/archive/), not by a build: its page
# is tested in tests/test_release.py (the archive list)
OUTSIDE_THE_SITE = {"archive_index"}
LINK = re.compile(r'(?:href|src)="([^"#]*)')
SCREENSHOT_PAGES = ("home", "hotline", "department", "commitment", "prices", "price_item")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    from pipeline.build import build
    from pipeline.config import load_settings
    from tests.conftest import FIXTURES

    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(FIXTURES / "good", root / "data")
    build(root / "data", root / "site", load_settings(k=2), AS_OF)
    return root / "site"


@pytest.fixture(scope="session")
def pages(built) -> dict[str, str]:
    """Template name → the URL path of one of its pages, per language ('zh:home' …)."""
    found = dict(TEMPLATES)
    found["department"] = next(p.name for p in sorted((built / "departments").iterdir())
                               if p.is_dir() and p.name != "by") + "/"
    found["department"] = "departments/" + found["department"]
    found["commitment_list"] = "commitments/2024/status/" + sorted(
        (built / "commitments" / "2024" / "status").glob("*.html"))[0].name
    urls = {}
    for name, path in found.items():
        for lang, prefix in (("zh", ""), ("en", "en/")):
            file = built / (prefix + path)
            if file.is_dir() or path == "" or path.endswith("/"):
                file = file / "index.html"
            if file.exists():
                urls[f"{lang}:{name}"] = "/" + prefix + path
    urls["en:affairs_translated"] = "/en/affairs/"
    return urls


@pytest.fixture(scope="session")
def server(built):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (./portal.sh test installs it)")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
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


def wait_until(page, expression: str, timeout: float = 20.0) -> None:
    """Poll `expression` (wait_for_function would need eval, which the CSP forbids)."""
    for _ in range(int(timeout * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"not true after {timeout}s: {expression}")


def test_no_internal_link_is_broken(built):
    """Every href and src inside the site (both languages) names a file that exists."""
    broken = set()
    for file in built.rglob("*.html"):
        if "pagefind" in file.parts:
            continue
        for url in LINK.findall(file.read_text(encoding="utf-8")):
            path = unquote(urlsplit(url).path)
            if not path or url.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            target = built / path.lstrip("/") if path.startswith("/") else file.parent / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.add(f"{file.relative_to(built)} → {url}")
    assert not broken, sorted(broken)[:20]


def test_crawlers_and_link_previews_find_their_way(built):
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/prices/price-index.html</loc>" in sitemap
    assert 'hreflang="en" href="/en/prices/price-index.html"' in sitemap
    assert "404.html" not in sitemap and "/pagefind/" not in sitemap
    assert "Disallow: /pagefind/" in (built / "robots.txt").read_text(encoding="utf-8")
    page = (built / "en" / "hotline" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Hotline">' in page
    assert '<link rel="alternate" hreflang="zh-CN" href="/hotline/">' in page
    missing = (built / "en" / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in missing and 'href="/en/search/"' in missing


def test_every_template_is_opened(pages):
    for name in TEMPLATES:
        assert f"zh:{name}" in pages, name
    assert {"en:home", "en:hotline", "en:prices", "en:article", "en:404"} <= set(pages)
    templates = {p.stem for p in (ROOT / "theme" / "templates").glob("*.html")
                 if "macros" not in p.stem and p.stem != "base"}
    assert templates <= set(TEMPLATES) | {"affairs_translated"} | OUTSIDE_THE_SITE, \
        templates - set(TEMPLATES)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_page_scrolls_sideways(browser, server, pages, javascript):
    wide, problems = [], []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      java_script_enabled=javascript, is_mobile=width < 600)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        for key, path in pages.items():
            page.goto(server + path)
            if javascript:  # every chart drawn, as if the reader scrolled through
                page.evaluate("document.querySelectorAll('.chart-live-button')"
                              ".forEach(b => b.click())")
                wait_until(page, "[...document.querySelectorAll('figure.chart')]"
                           ".every(f => ['drawn', 'failed'].includes(f.dataset.live))")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide.append(f"{key} at {width}px: {scroll}px")
        context.close()
    assert not wide, wide
    assert not [p for p in problems if "Content Security Policy" in p or "404" in p], problems


def test_axe_finds_no_serious_violation(browser, server, pages):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = []
    for key, path in pages.items():
        page.goto(server + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')))")
        found += [f"{key} {v}" for v in violations]
    context.close()
    assert not found, found


def test_keyboard_focus_is_visible(browser, server, pages):
    page, _ = open_page(browser, server + pages["zh:prices"])
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert outline[0] != "none" and outline[1] >= 2, outline


def test_pages_work_without_javascript(browser, server):
    page, _ = open_page(browser, server + "/", java_script_enabled=False)
    assert page.locator(".card").count() >= 3
    assert page.locator("figure.chart img").count() == 0 or \
        page.locator("figure.chart img:visible").count() >= 1
    page.click("text=开放数据")
    assert page.locator("table.data").count() >= 5


def test_print_shows_the_content_without_menus(browser, server, pages):
    page, _ = open_page(browser, server + pages["zh:hotline"])
    page.emulate_media(media="print")
    assert not page.locator("nav.site-nav").is_visible()
    assert not page.locator("button.chart-live-button").first.is_visible()
    assert page.locator("figure.chart img").first.is_visible()
    assert page.locator("main h1").is_visible()


def test_home_cards_sit_under_their_headings(browser, server):
    page, _ = open_page(browser, server + "/en/")
    broken = page.evaluate(
        "[...document.querySelectorAll('[aria-labelledby]')]"
        ".filter(e => !document.getElementById(e.getAttribute('aria-labelledby')))"
        ".map(e => e.getAttribute('aria-labelledby'))")
    assert not broken
    assert page.locator("section[aria-labelledby=h-more] h2#h-more").count() == 1


def test_search_finds_a_notice_and_no_file_details(browser, server):
    page, problems = open_page(browser, server + "/search/")
    box = page.locator(".pagefind-ui__search-input")
    assert box.get_attribute("aria-label")
    box.fill("作风热线")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    links = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert any("作风热线" in text for text in links), links
    # the "how computed" blocks (file names, checksums) are not indexed: an input file's
    # checksum, shown on every data page, finds nothing ("SHA-256" would match "share")
    import hashlib

    from tests.conftest import FIXTURES

    checksum = hashlib.sha256((FIXTURES / "good" / "hotline" / "calls.csv").read_bytes())
    box.fill(checksum.hexdigest()[:16])
    page.wait_for_selector(".pagefind-ui__message", timeout=10_000)
    page.wait_for_timeout(500)
    assert page.locator(".pagefind-ui__result").count() == 0  # "how computed" not indexed
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_charts_load_on_request_or_in_view_once(browser, server):
    requests: list[str] = []
    context = browser.new_context(viewport={"width": 360, "height": 500})
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/hotline/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "/vendor/vega" in u
                or ("/charts/" in u and u.endswith(".json"))], "charts loaded before asked for"
    figure = page.locator("figure.chart").first
    figure.locator("button.chart-live-button").click()
    page.wait_for_selector("figure.chart .chart-live canvas", timeout=20_000)
    page.locator("figure.chart").last.scroll_into_view_if_needed()
    wait_until(page, "[...document.querySelectorAll('figure.chart')].pop().dataset.live"
               " === 'drawn'")
    spec = figure.get_attribute("data-spec")
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert sum(u.endswith("/" + name) for u in requests) == 1, name
    assert sum(u.endswith(spec) for u in requests) == 1
    assert page.locator("figure.chart img[hidden]").count() >= 2
    context.close()


def test_a_page_is_light_before_its_charts(browser, server):
    sizes: list[int] = []
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.on("response", lambda r: sizes.append(len(r.body()) if r.ok else 0))
    page.goto(server + "/hotline/")
    page.wait_for_load_state("networkidle")
    assert sum(sizes) < 200_000, sum(sizes)
    context.close()


def test_language_switch_goes_to_the_same_page(browser, server, pages):
    page, _ = open_page(browser, server + pages["zh:price_index"], java_script_enabled=False)
    page.click("nav.lang a")
    assert page.url.endswith("/en/prices/price-index.html")
    page.goto(server + pages["en:article"])
    page.click("nav.lang a")
    assert page.url.endswith(pages["zh:article"])


def _screenshot(page, file: Path, attempts: int = 3) -> None:
    """A full-page screenshot; Chromium's compositor now and then answers "Unable to
    capture screenshot" when the machine is busy (two test workers, a build beside):
    asked again after a pause, the same page is captured."""
    from playwright.sync_api import Error

    for attempt in range(attempts):
        try:
            page.screenshot(path=str(file), full_page=True)
            return
        except Error as error:
            if "Unable to capture screenshot" not in str(error) or attempt == attempts - 1:
                raise
            page.wait_for_timeout(1000)


def test_screenshots_of_the_main_pages(browser, server, pages):
    """Written for a person to look at (README: tests/screenshots/); not compared."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      is_mobile=width < 600)
        page = context.new_page()
        for name in SCREENSHOT_PAGES:
            for lang in ("zh", "en"):
                page.goto(server + pages[f"{lang}:{name}"])
                file = SCREENSHOTS / f"{name}-{lang}-{width}.png"
                _screenshot(page, file)
                assert file.stat().st_size > 5_000
        context.close()
    chinese = re.compile(r"[\u4e00-\u9fff]")
    page, _ = open_page(browser, server + "/")
    assert chinese.search(page.inner_text("h1"))
    # a Chinese font is installed: the heading is not drawn as empty boxes (tofu)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '政务')")
