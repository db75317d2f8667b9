"""What a rating rests on and the area it was given in: the evidence base and local
context on council pages, /compare/context/, and comparison by context without JavaScript."""

import re

import pytest

from generator import compare
from generator.loader import load_councils

from . import test_counts as counted
from .conftest import EXAMPLE_FRAMEWORKS, ROOT, axe_report, open_page

FRAMEWORKS = EXAMPLE_FRAMEWORKS
FW = FRAMEWORKS.site
COUNCILS = load_councils(ROOT / "content" / "councils", FRAMEWORKS).councils


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, heading_id: str) -> str:
    start = html.index(f'<section aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_a_council_page_shows_how_it_was_assessed_and_its_context_each_labelled(example_site):
    html = (example_site / "councils" / "northvale" / "index.html").read_text()
    carried_out = text_of(section(html, "carried-out"))
    assert "How this assessment was carried out" in carried_out
    assert "Cases tracked 6, out of about 5,600 adults on long-term support (about 1 in 930)" in carried_out
    assert "24 people who draw on care and support, 11 unpaid carers" in carried_out
    assert "Adult Social Care Survey, April 2023 to March 2024" in carried_out
    assert "4 assessors, including a social work professional, an executive reviewer and experts by experience" in (
        carried_out
    )
    context = text_of(section(html, "context"))
    assert "It was not used in the rating." in context
    assert "Population 312,000 (2023)" in context and "38th most deprived of the upper-tier councils" in context
    # After the findings, before how the rating was worked out.
    positions = [html.index(f'id="{anchor}"') for anchor in ("leadership", "carried-out", "worked-out")]
    assert positions == sorted(positions)


def test_a_council_without_evidence_or_context_shows_neither_heading(example_site, fixture_site):
    plain = (fixture_site / "councils" / "fixture-southmoor" / "index.html").read_text()
    assert 'id="carried-out"' not in plain and 'id="context"' not in plain
    assert "#carried-out" not in plain  # nor a link to it
    westbrook = (example_site / "councils" / "westbrook" / "index.html").read_text()  # context, no evidence
    assert 'id="carried-out"' not in westbrook and 'id="context"' in westbrook


def context_sections(html: str) -> dict[str, str]:
    return {m.group(1): section(html, m.group(1)) for m in re.finditer(r'<section aria-labelledby="([a-z-]+)"', html)}


def test_the_context_page_plots_each_measure_enough_councils_give_with_a_table_of_the_same(example_site):
    html = (example_site / "compare" / "context" / "index.html").read_text()
    sections = context_sections(html)
    assessed = [c for c in COUNCILS if c.current]
    with_population = [c for c in assessed if c.context and c.context.population is not None]
    assert len(with_population) >= 5
    population = sections["population"]
    assert f"{len(with_population)} of the {len(assessed)} councils assessed give this." in text_of(population)
    assert "<svg" in population
    dot = r'<a href="../../councils/([^/]+)/(?:[-0-9]+/)?" aria-label="[^"]+" tabindex="-1"><circle'
    dots = re.findall(dot, population)
    rows = re.findall(r'<th scope="row"><a href="../../councils/([^/]+)/(?:[-0-9]+/)?">', population)
    assert sorted(dots) == sorted(rows) == sorted(c.slug for c in with_population)
    assert "correlation" in population and "says nothing about cause" in population
    # Spend per adult: fewer give it, but at least 5 (the one small-number rule), so a chart too.
    spend = sections["spend-per-adult"]
    given = [c for c in assessed if c.context and c.context.finance and c.context.finance.spend_per_adult]
    assert 5 <= len(given) < len(assessed) and "<svg" in spend
    assert f"{len(given)} of the {len(assessed)} councils assessed give this." in text_of(spend)
    depth = sections["evidence-depth"]
    assert "Cases tracked per 1,000 adults on long-term support" in depth and "<svg" in depth
    assert re.search(r"Ashcombe County Council [A-Za-z ]+ \d+ 0\.89", text_of(depth))  # 10 cases for 11,200 adults


def test_the_correlation_is_worked_out_and_read_in_plain_words():
    assert compare.context.correlation([1, 2, 3, 4], [2, 4, 6, 8]) == pytest.approx(1.0)
    assert compare.context.correlation([1, 2, 3], [5, 5, 5]) is None
    words = compare.context.reading("population", "a larger", "a smaller", -0.42, 12)
    assert words.startswith(
        "Across the 12 councils that give it, councils with a larger population tended to score lower"
    )
    assert "(a moderate link)" in words and "says nothing about cause" in words
    assert "correlation" not in words  # the coefficient is shown apart, folded away


def test_band_pages_filter_by_population_and_deprivation_without_javascript(example_site):
    overview = (example_site / "compare" / "index.html").read_text()
    for at, (kind, bands) in enumerate(compare.BANDS.items()):
        for band in bands:
            # By hand (tests/test_counts.py): the bands each council's context puts it in.
            members = sorted(slug for slug, its in counted.BANDS.items() if its[at] == band.id)
            page = example_site / "compare" / kind / band.id / "index.html"
            anyone = bool(members)
            assert page.exists() == anyone, (kind, band.id)
            if not anyone:
                continue
            assert f'href="{kind}/{band.id}/"' in overview, "linked from /compare/ as a plain link"
            table = page.read_text().split('<table class="compare"', 1)[-1]
            listed = sorted(re.findall(r'<th scope="row"><a href="../../../councils/([^/]+)/(?:[-0-9]+/)?">', table))
            assert listed == members, (kind, band.id)


@pytest.mark.browser
def test_the_comparison_table_filters_by_population_and_deprivation(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/compare/?population=250000-to-499999")
    # By hand (tests/test_counts.py): 5 of the 11 councils assessed under the 2023 framework have
    # 250,000 to 499,999 people (Eastmarsh, Kingsmere, Northvale, Riverton, Southmoor); 2 of those are in
    # the most deprived fifth (Eastmarsh, Southmoor).
    status = page.locator("#compare-status")
    assert status.inner_text() == "Showing 5 of 11 councils."
    page.get_by_label("Deprivation").select_option("most-deprived")
    assert status.inner_text() == "Showing 2 of 11 councils."
    assert "deprivation=most-deprived" in page.url
    context.close()
    assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/compare/context/", "/compare/deprivation/most-deprived/", "/councils/northvale/"])
def test_context_and_evidence_pages_have_no_axe_violations(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path)
    report = axe_report(page)
    context.close()
    assert errors == []
    assert report.violations_count == 0, report.generate_report()


def test_rating_characteristics_sit_beside_each_score_and_in_full_on_the_statement_page(example_site):
    statement = FW.statement("equity")
    assert len(statement.characteristics) == 4 and FW.characteristics_note
    html = (example_site / "councils" / "northvale" / "index.html").read_text()
    northvale = next(c for c in COUNCILS if c.slug == "northvale")
    own = northvale.current.scores["equity"]
    block = html[html.index('<h3 id="equity">') : html.index("</section>", html.index('<h3 id="equity">'))]
    assert (
        f"What a score of {own} looks like</span> (this site&#39;s summary): {statement.characteristic(own)}" in block
    )
    details = block[block.index("<details") : block.index("</details>")]
    for _, text in statement.characteristics:
        assert text.replace("'", "&#39;") in details
    assert "(this score)" in details and "not the regulator&#39;s own wording" in details
    page = (example_site / "compare" / "statements" / "equity" / "index.html").read_text()
    for _, text in statement.characteristics:
        assert text.replace("'", "&#39;") in page
    assert "What each score looks like" in page and "not the regulator&#39;s own wording" in page


def test_a_framework_must_describe_every_score_or_none():
    import yaml

    from generator.framework import FRAMEWORKS_DIR, parse_framework

    data = yaml.safe_load((FRAMEWORKS_DIR / "cqc-local-authority.yml").read_text())
    data["themes"][0]["statements"][0]["characteristics"].pop(4)
    with pytest.raises(ValueError, match="every score of the scale"):
        parse_framework(data)
    del data["themes"][0]["statements"][0]["characteristics"]
    assert parse_framework(data).statements[0].characteristic(3) is None


@pytest.mark.browser
def test_the_other_scores_open_on_request_without_javascript(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/councils/northvale/", java_script_enabled=False)
    details = page.locator("#equity").locator("xpath=..").locator("details")
    texts = [text for _, text in FW.statement("equity").characteristics]
    assert not page.get_by_text(texts[0], exact=True).is_visible()
    details.locator("summary").click()
    for text in texts:
        assert page.get_by_text(text, exact=True).is_visible()
    context.close()
    assert errors == []
