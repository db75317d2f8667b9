"""The first screen on a desk (1280 × 800) and on a phone (390 × 844), in Debian's Chromium against
the built example site: the rating card beside the narrative, comparison tables whose ratings are
in view, chart text that can be read, charts that are no tab stops, and axe at both widths.
One browser and one built site for the whole module (the session fixtures)."""

import re

import pytest

from generator import model
from generator.loader import load_councils

from .conftest import EXAMPLE_FRAMEWORKS, ROOT, axe_report, open_page
from .test_phone import wait_until_drawn
from .test_search import index_records

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
COUNCILS = {c.slug: c for c in load_councils(ROOT / "content" / "councils", EXAMPLE_FRAMEWORKS).councils}
ASSESSED = sorted(slug for slug, c in COUNCILS.items() if c.current)  # every council page with a rating card

# Every page with a table of councils and their ratings: the rating must be in view beside the name.
TABLE_PAGES = [
    "/compare/",
    "/compare/frameworks/revised-example/",
    "/compare/regions/north-east/",
    "/compare/types/unitary/",
    "/compare/population/500000-to-999999/",
    "/compare/deprivation/most-deprived/",
    "/compare/context/",
]
# Every kind of chart: bars, the strip, the hex map, the scatters, the band scale.
CHART_PAGES = ["/compare/", "/compare/context/", "/compare/statements/safeguarding/", "/councils/northvale/"]


def page_box(page, selector: str) -> dict:
    """An element's box from the top of the page (not of the window)."""
    return page.evaluate(
        """selector => { const b = document.querySelector(selector).getBoundingClientRect();
        return {top: b.top + scrollY, bottom: b.bottom + scrollY, left: b.left, right: b.right}; }""",
        selector,
    )


def expected_card(slug: str) -> tuple[str, list[str]]:
    """The overall rating and score, and each theme's sub-rating, as the model works them out.
    Under a framework whose rating the regulator declares: the word alone, and no theme ratings."""
    council = COUNCILS[slug]
    fw = EXAMPLE_FRAMEWORKS.of(council.current.framework)
    result = model.overall_result(council.current, fw)
    word = result.rating.name + (" (indicative)" if council.current.kind == "indicative" else "")
    if fw.declared:
        return word, []
    themes = model.theme_results(council.current.scores, fw)
    return (
        f"{word} {result.percent} out of 100",
        [f"{t.name} {themes[t.id].rating.name} {themes[t.id].percent} out of 100" for t in fw.themes],
    )


@pytest.mark.parametrize("slug", ["northvale", "riverton"])
def test_on_a_desk_the_summary_and_the_rating_with_its_themes_are_in_the_first_screen(browser, example_url, slug):
    context, page, errors = open_page(browser, f"{example_url}/councils/{slug}/", viewport=DESK)
    overall, themes = expected_card(slug)
    card = page.locator(".rating-card")
    assert " ".join(card.locator("h3").text_content().split()) == f"Rating: {overall}"
    rows = card.locator("dl > div")
    assert [" ".join(rows.nth(i).text_content().split()) for i in range(rows.count())] == themes
    lead = page_box(page, "#summary ~ .summary__lead p")
    heading, last_theme = page_box(page, ".rating-card h3"), page_box(page, ".rating-card dl > div:last-child")
    assert lead["top"] < DESK["height"] - 48, "the summary starts in the first screen"
    assert heading["top"] >= 0 and last_theme["bottom"] <= DESK["height"], "the word and all four themes, unscrolled"
    assert heading["left"] > lead["right"], "beside the summary, not under it"
    # Not the same numbers twice in one screen: "Ratings at a glance" is out of it.
    assert page_box(page, "#at-a-glance")["top"] > DESK["height"]
    context.close()
    assert errors == []


@pytest.mark.parametrize("slug", ASSESSED)
def test_on_a_phone_the_rating_card_follows_the_summarys_first_paragraph(browser, example_url, slug):
    context, page, errors = open_page(browser, f"{example_url}/councils/{slug}/", viewport=PHONE)
    lead, card = page_box(page, "#summary ~ .summary__lead p"), page_box(page, ".rating-card")
    assert lead["bottom"] <= card["top"], "the narrative comes first"
    assert card["top"] <= 1.5 * PHONE["height"], "within a screen and a half"  # 1,266 px
    # In reading order too: the first paragraph, then the card, then the rest of the summary.
    order = page.evaluate(
        """() => [...document.querySelectorAll('#summary ~ .summary__lead p, .rating-card, .summary__rest')]
        .map(e => e.className || 'p')"""
    )
    assert order[:2] == ["p", "rating-card"]
    overall, _ = expected_card(slug)
    assert " ".join(page.locator(".rating-card h3").text_content().split()) == f"Rating: {overall}"
    context.close()
    assert errors == []


def test_a_council_page_has_at_most_35_tab_stops_before_its_similar_councils(browser, example_url):
    context, page, errors = open_page(browser, f"{example_url}/councils/northvale/", viewport=DESK)
    stops = 0
    while True:
        page.keyboard.press("Tab")
        stops += 1
        reached = page.evaluate(
            """() => { const s = document.getElementById('similar'), f = document.activeElement;
            return f === document.body || !!(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING); }"""
        )
        if reached or stops > 60:
            break
        assert not page.evaluate("document.activeElement.closest('svg') !== null"), "no chart is a tab stop"
    assert stops - 1 <= 35, f"{stops - 1} tab stops before the similar councils"
    # The parts line still reaches every theme from the keyboard.
    parts = page.get_by_role("navigation", name="On this page")
    for theme in EXAMPLE_FRAMEWORKS.site.themes:
        assert parts.get_by_role("link", name=theme.name, exact=True).get_attribute("href") == f"#{theme.id}"
    context.close()
    assert errors == []


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_on_a_phone_each_tables_first_row_shows_its_name_and_rating_unscrolled(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path, viewport=PHONE)
    tables = page.locator(".table-scroll table:has(tbody .tag)")
    assert tables.count() >= 1, path
    for i in range(tables.count()):
        row = tables.nth(i).locator("tbody tr").first
        row.scroll_into_view_if_needed()
        name, rating = row.locator("th").bounding_box(), row.locator(".tag").first.bounding_box()
        assert name["x"] >= 0 and rating["x"] >= 0
        assert rating["x"] + rating["width"] <= PHONE["width"], (path, i, "the rating is in view")
        assert name["width"] <= 0.42 * PHONE["width"], (path, i, "the name takes at most about 40%")
        region = tables.nth(i).locator("xpath=ancestor::div[contains(@class, 'table-scroll')]")
        assert region.evaluate("e => e.scrollLeft") == 0
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        assert region.get_attribute("aria-labelledby") or region.get_attribute("aria-label")
    # Nothing but a table scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
    assert errors == []


def test_on_a_phone_side_by_side_shows_the_first_council_and_its_rating(browser, example_url):
    url = example_url + "/compare/councils/?c=northvale,southmoor,harthill"
    context, page, errors = open_page(browser, url, viewport=PHONE)
    page.locator("#side-by-side-region").wait_for()
    name = page.locator("#side-by-side thead th").nth(1).bounding_box()
    rating = page.locator("#side-by-side tr[data-row='rating'] td").first.bounding_box()
    assert name["x"] + name["width"] <= PHONE["width"] and rating["x"] + rating["width"] <= PHONE["width"]
    context.close()
    assert errors == []


@pytest.mark.parametrize("path", CHART_PAGES)
def test_on_a_phone_chart_text_is_at_least_12_pixels_and_no_point_is_focusable(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path, viewport=PHONE)
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('figure svg text')].filter(t => t.getClientRects().length)
        .map(t => [t.textContent, t.getBoundingClientRect().height, parseFloat(getComputedStyle(t).fontSize)
            * t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width])"""
    )
    assert sizes, path
    smallest = min(sizes, key=lambda s: s[2])
    assert smallest[2] >= 12, (path, smallest)
    focusable = page.evaluate(
        """() => [...document.querySelectorAll('figure svg a, figure svg [tabindex]')]
        .filter(e => e.tabIndex >= 0).length"""
    )
    assert focusable == 0, path
    context.close()
    assert errors == []


def test_score_bands_are_told_apart_in_words_not_colour_alone(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/compare/context/", viewport=PHONE)
    scatter = page.locator("figure.chart--scatter").first
    letters = scatter.locator("svg text.band__letter").all_text_contents()
    names = [r.name for r in EXAMPLE_FRAMEWORKS.site.ratings]  # lowest first, as the bands are drawn
    assert letters == ["I", "RI", "G", "O"]
    caption = scatter.locator("figcaption").inner_text()
    for letter, name in zip(letters, names, strict=True):
        assert f"{letter} {name.lower()}" in caption
    # No dot covers a band's letter: the letters stand outside the plot.
    boxes = page.evaluate(
        """() => { const f = document.querySelector('figure.chart--scatter');
        const dots = [...f.querySelectorAll('circle')].map(c => c.getBoundingClientRect());
        const labels = [...f.querySelectorAll('text')].map(t => t.getBoundingClientRect());
        const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        return labels.some(l => dots.some(d => overlap(l, d))); }"""
    )
    assert boxes is False, "a dot covers a label"
    titles = scatter.locator("circle title").all_text_contents()
    assert titles and all(re.match(r".+: .+, \d+ out of 100, ", t) for t in titles)
    context.close()
    assert errors == []


# Each page whose phone layout changed: the table, the scatters, the band page axe once faulted, the card.
PHONE_AXE = ["/compare/", "/compare/context/", "/compare/population/500000-to-999999/", "/councils/northvale/"]


@pytest.mark.parametrize("path", PHONE_AXE)
def test_axe_finds_nothing_on_a_phone(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path, viewport=PHONE)
    wait_until_drawn(page, path)
    report = axe_report(page)
    context.close()
    assert errors == []
    assert report.violations_count == 0, report.generate_report()


def test_axe_finds_nothing_on_the_context_page_on_a_desk(browser, example_url):
    """The other pages are in tests/test_browser.py, at desk width."""
    context, page, errors = open_page(browser, example_url + "/compare/context/", viewport=DESK)
    report = axe_report(page)
    context.close()
    assert errors == []
    assert report.violations_count == 0, report.generate_report()


def test_search_excerpts_keep_the_space_between_a_label_and_its_words(example_site):
    """Pagefind joins the text of neighbouring elements: a term and its description need a space between."""
    contents = [r["content"] for url, r in index_records(example_site).items() if url.startswith("/councils/")]
    labels = ["Cases tracked", "Heard from", "Assessment team", "Population"]
    found = [c[c.index(label) + len(label)] for c in contents for label in labels if label in c]
    assert len(found) >= 10 and set(found) == {" "}
