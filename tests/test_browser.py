"""Every page type in a real browser (Debian's Chromium): no console errors, no axe violations."""

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import gate_missing

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGES = [
    "/",
    "/councils/",
    "/councils/northvale/",
    "/councils/southmoor/",
    "/councils/greyhaven/",
    "/councils/riverton/",
    "/councils/thornbury-heath/",
    "/about-the-ratings/",
    "/accessibility/",
    "/404.html",
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        gate_missing("Chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def example_url(example_site):
    server = serve(example_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def open_page(browser, url, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    assert response.ok, url
    return context, page, errors


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_console_errors_or_axe_violations(browser, example_url, path):
    from axe_playwright_python.sync_playwright import Axe

    context, page, errors = open_page(browser, example_url + path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    context.close()
    assert errors == []
    assert results.violations_count == 0, results.generate_report()


def test_council_page_on_a_phone_without_javascript(browser, example_url):
    from axe_playwright_python.sync_playwright import Axe

    context, page, errors = open_page(
        browser, example_url + "/councils/northvale/", java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    # Nothing scrolls sideways at 320 CSS pixels (400% zoom of a 1280-pixel window).
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("heading", name="Ratings at a glance").is_visible()
    context.close()
    context, page, errors = open_page(
        browser, example_url + "/councils/northvale/", viewport={"width": 320, "height": 640}
    )
    assert Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).violations_count == 0
    context.close()


def test_deep_link_to_a_statement_scrolls_to_it(browser, example_url):
    context, page, _ = open_page(browser, example_url + "/councils/northvale/#safeguarding")
    heading = page.locator("#safeguarding")
    assert heading.is_visible()
    assert page.evaluate("document.getElementById('safeguarding').getBoundingClientRect().top") < 200
    context.close()
