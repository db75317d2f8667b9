"""Search, council and comparison pages on a phone, one-handed: in Debian's Chromium at
390 × 844 (and 320 px, the narrowest phones), against the built example site."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_report, open_page
from .test_search import wait_for_results

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def page_top(page, locator) -> float:
    """A box's top from the top of the page, not of the window."""
    return box(locator)["y"] + page.evaluate("window.scrollY")


def wait_until_drawn(page, path: str) -> None:
    """Wait until the page's script has drawn it: the results, the side-by-side table or the filters' count."""
    if path.startswith("/search/"):
        wait_for_results(page)
    elif path.startswith("/compare/councils/"):
        expect(page.locator("#side-by-side-status")).to_contain_text("Showing")
    elif page.locator("#compare-filters").count():
        expect(page.locator("#compare-status")).to_contain_text("Showing")


def test_on_a_phone_the_first_result_comes_within_a_screen_and_a_half(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/?q=village", viewport=PHONE)
    wait_for_results(page)
    filters = page.locator("#search-filters")
    assert filters.get_attribute("open") is None, "on a phone the filters start folded"
    assert page.locator("#search-filters summary").inner_text() == "Filters (none chosen)"
    assert page.locator(".search__filter").first.is_hidden()
    assert page_top(page, page.locator("#search-results .result").first) <= 1.5 * PHONE["height"]
    assert page.locator("input[type=search]:visible").count() == 1, "one search box on the search page"
    report = axe_report(page)
    context.close()
    assert errors == []
    assert report.violations_count == 0, report.generate_report()


def test_folded_filters_say_how_many_are_chosen_and_open_on_request(browser, example_url):
    context, page, errors = open_page(
        browser, example_url + "/search/?q=care&rating=Good&kind=Formal+assessment", viewport=PHONE
    )
    wait_for_results(page)
    summary = page.locator("#search-filters summary")
    assert summary.inner_text() == "Filters (2 chosen)"
    summary.click()
    assert page.locator("#search-filters").get_attribute("open") is not None
    good = page.get_by_role("checkbox", name="Good", exact=True)
    assert good.is_visible() and good.is_checked()
    good.uncheck()
    status, _ = wait_for_results(page)
    assert summary.inner_text() == "Filters (1 chosen)"
    assert "rating=" not in page.url
    # Still a live region for the count, and every checkbox labelled, once the filters fold.
    assert page.locator("#search-status").get_attribute("role") == "status"
    report = axe_report(page)
    context.close()
    assert errors == []
    assert report.violations_count == 0, report.generate_report()


def test_on_a_wide_screen_the_filters_sit_beside_the_results(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/?q=village", viewport=WIDE)
    wait_for_results(page)
    assert page.locator("#search-filters").get_attribute("open") is not None
    filters, results = box(page.locator("#search-filters")), box(page.locator("#search-results .result").first)
    assert filters["x"] + filters["width"] <= results["x"], "filters left of the results"
    assert results["y"] < filters["y"] + filters["height"], "side by side, not one under the other"
    context.close()
    assert errors == []


def test_a_council_page_starts_with_links_to_its_parts_and_then_its_narrative(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/councils/northvale/", java_script_enabled=False)
    parts = page.locator("article > header nav[aria-label='On this page']")
    assert parts.count() == 1
    targets = parts.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert targets[:2] == ["#summary", "#at-a-glance"]
    assert "#worked-out" in targets and "#working-with-people" in targets and "#context" in targets
    for target in targets:
        assert page.locator(f"article {target}").count() == 1, target
    # The narrative is the first content after the header: nothing between them.
    first = page.evaluate("document.querySelector('article > header').nextElementSibling.querySelector('h2').id")
    assert first == "summary"
    # A council not yet assessed has no parts to link to.
    page.goto(example_url + "/councils/thornbury-heath/")
    assert page.locator("nav[aria-label='On this page']").count() == 0
    context.close()
    assert errors == []


def test_on_a_phone_the_ratings_are_one_tap_from_the_first_screen(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/councils/northvale/", viewport=PHONE)
    link = page.get_by_role("navigation", name="On this page").get_by_role("link", name="Ratings at a glance")
    assert box(link)["y"] + box(link)["height"] <= PHONE["height"], "the link is in the first screen"
    link.click()
    assert box(page.locator("#at-a-glance"))["y"] < 50, "the panel is at the top of the screen"
    context.close()
    assert errors == []


def test_the_comparison_table_keeps_the_council_in_view_while_it_scrolls(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/compare/", viewport=PHONE)
    region = page.locator(".table-scroll:has(#table)")
    region.scroll_into_view_if_needed()
    assert "scroll it sideways" in page.locator("#table-hint").inner_text()
    assert region.get_attribute("aria-describedby") == "table-hint"
    name, rating = (
        page.locator("#table tbody tr").first.locator("th"),
        page.locator("#table tbody tr").first.locator("td").nth(0),
    )
    left_before, rating_before = box(name)["x"], box(rating)["x"]
    region.evaluate("element => element.scrollTo({left: 500, behavior: 'instant'})")  # done when it returns
    assert box(rating)["x"] < rating_before - 400, "the rest of the row scrolled"
    assert abs(box(name)["x"] - left_before) < 1, "the council's name stayed where it was"
    header = page.locator("#table thead th").first
    assert abs(box(header)["x"] - left_before) < 1
    context.close()
    assert errors == []


def test_each_comparison_filter_label_sits_with_its_own_control(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/compare/", viewport=PHONE)
    selects = page.locator("#compare-filters select")
    assert selects.count() == 5  # region, type, population, deprivation, rating
    for i in range(selects.count()):
        select = selects.nth(i)
        label = page.locator(f"label[for='{select.get_attribute('id')}']")
        own, mine = box(select), box(label)
        assert mine["y"] + mine["height"] <= own["y"] + 1, "the label is above its control"
        assert own["y"] - (mine["y"] + mine["height"]) < 12, "directly above"
        assert abs(mine["x"] - own["x"]) < 4, "and starts where it starts"
        # No other control is nearer the label than its own.
        for j in range(selects.count()):
            if j != i:
                other = box(selects.nth(j))
                assert abs(other["y"] - mine["y"]) > abs(own["y"] - mine["y"])
    selects.nth(1).select_option("county")
    assert re.match(r"Showing \d+ of \d+ councils\.", page.locator("#compare-status").inner_text())
    context.close()
    assert errors == []


@pytest.mark.parametrize(
    "path",
    [
        "/compare/",
        "/compare/statements/safeguarding/",
        "/compare/themes/leadership/",
        "/compare/regions/north-east/",
        "/compare/types/unitary/",
        "/compare/councils/?c=northvale,southmoor,ashcombe,harthill",
        "/search/?q=care",
        "/councils/northvale/",
    ],
)
def test_at_320_px_nothing_but_a_table_scrolls_sideways(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path, viewport=NARROWEST)
    wait_until_drawn(page, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    for select in page.locator("select:visible").all():
        found = box(select)
        assert found["x"] >= 0 and found["x"] + found["width"] <= NARROWEST["width"], path
    if "/compare/councils/" in path:
        region = page.locator("#side-by-side-region")
        assert region.is_visible()
        first = page.locator("#side-by-side tbody th").first
        before = box(first)["x"]
        region.evaluate("element => element.scrollTo({left: 300, behavior: 'instant'})")
        assert abs(box(first)["x"] - before) < 1, "the row names stay in view"
    context.close()
    assert errors == []
