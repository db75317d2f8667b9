import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.framework import DEFAULT_FRAMEWORK
from generator.framework_file import site_frameworks

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = date(2026, 1, 15)  # fixed, so "in the future" checks do not drift
# The example site's frameworks: the bundled one (the site's) and its fictional revised one.
EXAMPLE_FRAMEWORKS = site_frameworks(DEFAULT_FRAMEWORK, ROOT / "content" / "frameworks")


# `make mutants` runs the tests from a copy of the project in mutants/ (docs/testing.md).
MUTATION_RUN = ROOT.name == "mutants"
# Tests that build a site or open a browser run the generator in another process, which never
# sees a mutant: a mutation run leaves them out rather than spend minutes learning nothing.
OTHER_PROCESS_FIXTURES = {"example_site", "fixture_site", "browser", "example_url"}


OTHER_PROCESS_CALLS = {"build_site", "subprocess"}


def _in_this_process(item) -> bool:
    if OTHER_PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
        return False
    function = getattr(item, "function", None)
    return not (function and OTHER_PROCESS_CALLS & set(function.__code__.co_names))


def pytest_collection_modifyitems(config, items):
    if not MUTATION_RUN:
        return
    kept = [item for item in items if _in_this_process(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


if MUTATION_RUN:  # each mutant runs the tests again: fewer random examples, as a mutant is found early
    from hypothesis import settings

    settings.register_profile("mutants", max_examples=20, deadline=None)
    settings.load_profile("mutants")


@pytest.fixture(autouse=True)
def _no_results_kept_from_before_the_mutant():
    """A mutation run forks each mutant from a process that has run the tests once: results that
    process cached would hide the mutant. Each test starts without them."""
    if MUTATION_RUN:
        from generator import model
        from generator.importer import table

        model._results.clear()
        table._import_columns.cache_clear()
        table._derived_columns.cache_clear()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("REQUIRE_GATES") == "1"


def gate_missing(what: str) -> None:
    """A quality gate's tool is missing: fail in CI, skip with a clear message elsewhere."""
    if in_ci():
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} not found on this machine; this quality gate is skipped (it runs in CI)")


def build_site(
    config: Path, site_dir: Path, strict: bool = True, env: dict | None = None
) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    if strict:
        args.insert(5, "--strict")
    return subprocess.run(args, capture_output=True, text=True, cwd=config.parent, env={**os.environ, **(env or {})})


def copy_site_sources(dest: Path, councils_from: Path) -> Path:
    """A self-contained site folder (site.yml, theme, pages) with the given council files."""
    shutil.copy(ROOT / "site.yml", dest / "site.yml")
    shutil.copytree(ROOT / "theme", dest / "theme")
    # The example's hex map places the example's councils: other councils would be left off it.
    own_map = [] if councils_from == ROOT / "content" / "councils" else ["hexmap.hexjson"]
    shutil.copytree(ROOT / "content", dest / "content", ignore=shutil.ignore_patterns("councils", *own_map))
    shutil.copytree(councils_from, dest / "content" / "councils")
    return dest / "site.yml"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site, built once for the whole test session."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = build_site(ROOT / "site.yml", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """A small fixture site: three councils from tests/fixtures/councils, hostile Markdown included."""
    src = tmp_path_factory.mktemp("fixture-src")
    config = copy_site_sources(src, FIXTURES / "councils")
    out = src / "site"
    result = build_site(config, out)
    assert result.returncode == 0, result.stderr
    return out


# Browser tests: Debian's Chromium driven by Playwright, never a downloaded browser.
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


def documented_csp() -> str:
    """The Content-Security-Policy docs/hosting.md recommends; every browser test runs under it."""
    text = (ROOT / "docs" / "hosting.md").read_text()
    return re.search(r"^Content-Security-Policy: (.+)$", text, flags=re.M).group(1)


class _StaticWithPolicy(SimpleHTTPRequestHandler):
    policy = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser hung up mid-file on navigating away: not a site problem


def serve(folder: Path) -> ThreadingHTTPServer:
    handler = type("Handler", (_StaticWithPolicy,), {"policy": documented_csp()})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        gate_missing("Chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def example_url(example_site):
    server = serve(example_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# Every page a browser test opens, with what went wrong on it: checked after each test.
_opened_pages: list[tuple[str, list[str]]] = []


def _request_failed(request, errors: list[str]) -> None:
    # Leaving a page cancels what it was still loading (a new search does): not a site problem.
    if request.failure != "net::ERR_ABORTED":
        errors.append(f"request failed: {request.url} ({request.failure})")


def open_page(browser, url, **context_options):
    """A fresh browser context on `url`; console errors (CSP violations included), uncaught
    exceptions, failed requests and error responses collect in the list. Whatever the test
    asserts itself, the list must be empty when it ends (see pytest_runtest_call)."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: _request_failed(r, errors))
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    _opened_pages.append((url, errors))
    response = page.goto(url)
    assert response.ok, url
    return context, page, errors


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails if any page it opened logged a console error or lost a request,
    unless it is marked `console_errors_expected` (the test of that very check)."""
    _opened_pages.clear()
    result = yield
    if item.get_closest_marker("console_errors_expected") is None:
        problems = [(url, errors) for url, errors in _opened_pages if errors]
        _opened_pages.clear()
        assert problems == [], "console errors or failed requests"
    return result


def axe_report(page):
    """axe-core's WCAG 2.2 A/AA results for the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})


def fill_in_yours(config: Path) -> None:
    """Fill in a `new` site's lines marked "yours", as its publisher would (a fictional one)."""
    text = config.read_text()
    for placeholder, mine in (
        ("site_url: https://example.org/", "site_url: https://news.example.com/care/"),
        ("publisher: the publisher of this site", "publisher: Example News"),
    ):
        assert placeholder in text
        text = text.replace(placeholder, mine)
    config.write_text(text)
