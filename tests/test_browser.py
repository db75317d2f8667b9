"""Every page type in a real browser (Debian's Chromium), served under the documented
Content-Security-Policy: no console errors (so no CSP violations), no axe violations."""

import pytest

from .conftest import axe_report, open_page, serve

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/councils/",
    "/councils/northvale/",
    "/councils/southmoor/",
    "/councils/greyhaven/",
    "/councils/riverton/",
    "/councils/thornbury-heath/",
    "/councils/southmoor/2024-05-09/",
    "/councils/northvale/2025-06-01/",
    "/about-the-ratings/",
    "/accessibility/",
    "/404.html",
    "/search/",
    "/compare/",
    "/compare/?sort=score-desc&region=north-east",
    "/compare/statements/safeguarding/",
    "/compare/themes/leadership/",
    "/compare/regions/north-east/",
    "/compare/types/unitary/",
    "/compare/councils/?c=northvale,southmoor",
    "/data/",
    # Under two frameworks: a re-assessed council, its first assessment, the revised framework's pages.
    "/councils/marshfield/",
    "/councils/marshfield/2025-02-27/",
    "/compare/frameworks/revised-example/",
    "/compare/frameworks/revised-example/statements/carers/",
    "/compare/frameworks/revised-example/regions/south-west/",
    # Three states, small numbers, the caveat first: a region with no council under the revised
    # framework, a band of too few for shares, what changed, a superseded assessment's banner.
    "/compare/frameworks/revised-example/regions/london/",
    "/compare/population/500000-to-999999/",
    "/compare/what-changed/",
    "/councils/ashcombe/",
    "/councils/ashcombe/2025-04-24/",
    # Easy Read: people's own text and who checked it; a pilot; a declared rating after other rules.
    "/councils/northvale/easy-read/",
    "/councils/greyhaven/easy-read/",
    "/councils/ashcombe/easy-read/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_console_errors_or_axe_violations(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path)
    results = axe_report(page)
    context.close()
    assert errors == []
    assert results.violations_count == 0, results.generate_report()


def test_council_page_on_a_phone_without_javascript(browser, example_url):
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
    assert axe_report(page).violations_count == 0
    context.close()


def test_deep_link_to_a_statement_scrolls_to_it(browser, example_url):
    context, page, _ = open_page(browser, example_url + "/councils/northvale/#safeguarding")
    heading = page.locator("#safeguarding")
    assert heading.is_visible()
    assert page.evaluate("document.getElementById('safeguarding').getBoundingClientRect().top") < 200
    context.close()


@pytest.mark.console_errors_expected
def test_the_policy_gate_catches_inline_script_and_style_and_a_missing_file(browser, tmp_path):
    # The gate above is only worth something if a violation or a missing file shows up in the errors.
    (tmp_path / "index.html").write_text('<!doctype html><html lang="en"><title>fine</title><p>x</p>')
    (tmp_path / "favicon.ico").write_bytes(b"")  # the browser asks for one
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><p style="color:red">x</p><script>document.title="ran"</script>'
        '<img src="missing.png" alt="">'
    )
    server = serve(tmp_path)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context, page, errors = open_page(browser, base + "/")
    assert errors == []
    with (
        page.expect_console_message(lambda m: "Content Security Policy" in m.text),
        page.expect_response("**/missing.png"),
    ):
        page.goto(base + "/bad.html")
    assert page.title() == "t"  # the inline script was refused
    assert any("Content Security Policy" in e for e in errors), errors
    assert f"HTTP 404: {base}/missing.png" in errors
    context.close()
    server.shutdown()


@pytest.mark.parametrize(
    "path",
    [
        "/compare/",
        "/compare/councils/?c=northvale,southmoor",
        "/search/?q=care",
        "/data/",
        "/compare/regions/london/",
        "/councils/northvale/easy-read/",
    ],
)
def test_pages_reflow_at_320_pixels(browser, example_url, path):
    # WCAG 1.4.10: nothing but a table's own scroll region may scroll sideways at 320 CSS pixels.
    context, page, errors = open_page(browser, example_url + path, viewport={"width": 320, "height": 640})
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
    assert errors == []
