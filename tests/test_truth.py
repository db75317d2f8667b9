"""Every sentence true across frameworks: a council's current assessment is its newest, under
whichever framework; each framework's pages give every council one of three states (assessed
under it, assessed only under another, not yet assessed); no share or chart of fewer than 5
councils; the caveat before every sentence that sets ratings under two frameworks side by side;
one name per framework; every page title its own.

Checked on the example site (three councils re-assessed under its invented revised framework),
on the same content with a fourth re-assessed (page contexts, no build), on the fixture site
(one council re-assessed, one assessed only under the revised framework), and on a `new` site of
the 153 real councils with a few assessed and re-assessed: its scores are made up by this test,
in a temporary folder, and never published.
"""

import csv
import json
import re
import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import pytest

from generator import compare, model, rounds, site_plan
from generator.__main__ import main
from generator.framework import Frameworks
from generator.loader import load_councils
from generator.pages import home_page
from generator.pages.views import ratings_rule, regulators
from generator.small_numbers import share, too_few

from .conftest import EXAMPLE_FRAMEWORKS, ROOT, TODAY, build_site, fill_in_yours

FRAMEWORKS = EXAMPLE_FRAMEWORKS
SITE_FW = FRAMEWORKS.site
REVISED = FRAMEWORKS.of("revised-example")
EXAMPLE = load_councils(ROOT / "content" / "councils", FRAMEWORKS, TODAY).councils


def reassessed(council: model.Council, rating: str, published: date) -> model.Council:
    """The council with a newer assessment under the revised framework, as content would give it."""
    newer = model.Assessment(
        published=published,
        framework=REVISED.id,
        declared_rating=rating,
        statements={s.id: model.StatementEntry(s.id, 3) for s in REVISED.statements},
    )
    return replace(council, assessments=(newer, *council.assessments))


# The example with a fourth council, Harthill (outstanding under the 2023 framework), re-assessed as good.
FOURTH = [reassessed(c, "good", date(2026, 1, 14)) if c.slug == "harthill" else c for c in EXAMPLE]

EVERY_2023 = {"ashcombe", "eastmarsh", "greyhaven", "harthill", "hollowford", "kingsmere", "marshfield"}
EVERY_2023 |= {"northvale", "riverton", "southmoor", "westbrook"}  # every example council but Thornbury Heath


def text_of(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<svg.*?</svg>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(text.split())


def page_text(site: Path, path: str) -> str:
    return text_of((site / path / "index.html").read_text())


# --- One meaning of "current" ---------------------------------------------------------------


@pytest.mark.parametrize(
    "councils, sentences, per_framework",
    [
        (
            EXAMPLE,
            [
                "1 council is rated outstanding: 1 under the 2023 assessment framework.",
                "6 councils are rated good: 3 under the 2023 assessment framework and 3 under the revised "
                "framework (example).",
                "2 councils are rated requires improvement: 2 under the 2023 assessment framework.",
                "1 council is rated inadequate: 1 under the 2023 assessment framework.",
            ],
            [("2023 assessment framework", 11, 7), ("revised framework (example)", 3, 3)],
        ),
        (
            FOURTH,
            [
                "0 councils are rated outstanding.",
                "7 councils are rated good: 3 under the 2023 assessment framework and 4 under the revised "
                "framework (example).",
                "2 councils are rated requires improvement: 2 under the 2023 assessment framework.",
                "1 council is rated inadequate: 1 under the 2023 assessment framework.",
            ],
            [("2023 assessment framework", 11, 6), ("revised framework (example)", 4, 4)],
        ),
    ],
    ids=["example", "a fourth re-assessed"],
)
def test_the_home_page_counts_each_council_by_its_newest_rating(councils, sentences, per_framework):
    home = home_page(councils, FRAMEWORKS)
    # Ashcombe, Marshfield and Westbrook (and Harthill) count by their revised-framework rating, good.
    assert [c.sentence for c in home.counts] == sentences
    assert (home.assessed, home.indicative, home.not_assessed) == (10, 1, 1)  # Greyhaven a pilot; Thornbury Heath
    assert [(f.name, f.assessed, f.current) for f in home.frameworks] == per_framework
    assert home.chart is not None  # 10 councils: enough for a chart


def test_the_home_page_says_so_on_the_example_site(example_site):
    text = page_text(example_site, "")
    assert "6 councils are rated good: 3 under the 2023 assessment framework and 3 under the revised" in text
    assert "2 councils are rated outstanding" not in text
    assert "Each council is counted by its current rating, from its newest assessment" in text
    assert 'href="compare/what-changed/"' in (example_site / "index.html").read_text()


# --- Three states on each framework's pages -------------------------------------------------


@pytest.mark.parametrize(
    "councils, since",
    [(EXAMPLE, {"ashcombe", "marshfield", "westbrook"}), (FOURTH, {"ashcombe", "marshfield", "westbrook", "harthill"})],
    ids=["example", "a fourth re-assessed"],
)
def test_each_framework_gives_every_council_one_of_three_states(councils, since):
    each = {r.framework.id: r for r in rounds.framework_rounds(councils, FRAMEWORKS)}
    older = compare.compare_page(each[SITE_FW.id].councils, SITE_FW, None)
    newer = compare.compare_page(each[REVISED.id].councils, REVISED, None)
    # Under the 2023 framework: every council assessed at all, each by its latest 2023 assessment;
    # those since re-assessed say so on their row, and link to the assessment the row shows.
    assert {r.slug for r in older.rows} == EVERY_2023
    assert {r.slug for r in older.rows if r.since} == since
    assert all(r.since.startswith("under the revised framework (example): good, ") for r in older.rows if r.since)
    assert {r.slug: r.page for r in older.rows if r.since} == {
        c.slug: f"councils/{c.slug}/{c.assessments[1].published.isoformat()}/" for c in councils if c.slug in since
    }
    assert (older.other_framework, [w.slug for w in older.not_assessed]) == ((), ["thornbury-heath"])
    # Under the revised one: those re-assessed; the rest assessed under the 2023 one only, with its
    # result; only Thornbury Heath, never assessed, is "not yet assessed".
    assert {r.slug for r in newer.rows} == since and not any(r.since for r in newer.rows)
    assert {w.slug for w in newer.other_framework} == EVERY_2023 - since
    assert [w.slug for w in newer.not_assessed] == ["thornbury-heath"]
    kingsmere = next(w for w in newer.other_framework if w.slug == "kingsmere")
    assert kingsmere.elsewhere == "under the 2023 assessment framework: inadequate, July 2025"


def test_the_state_of_a_council_in_a_view_and_in_the_open_data_agree():
    each = {r.framework.id: r for r in rounds.framework_rounds(FOURTH, FRAMEWORKS)}
    for c in FOURTH:
        in_views = {fw_id: next(v for v in r.councils if v.slug == c.slug).state for fw_id, r in each.items()}
        assert rounds.states(c, FRAMEWORKS) == in_views, c.slug
    assert rounds.states(next(c for c in FOURTH if c.slug == "harthill"), FRAMEWORKS) == {
        SITE_FW.id: "assessed",
        REVISED.id: "assessed",
    }


def test_an_area_with_no_council_under_a_framework_says_so_without_a_chart():
    revised = next(r for r in rounds.framework_rounds(EXAMPLE, FRAMEWORKS) if r.framework is REVISED)
    london = compare.area_page("region", "london", revised.councils, REVISED)
    assert london.summary == (
        "No council here has been assessed under the revised framework (example); 1 was assessed under another "
        "framework only; 1 is not yet assessed."
    )
    assert (london.rows, london.chart) == ((), None)
    assert [w.slug for w in london.other_framework] == ["kingsmere"]
    assert [w.slug for w in london.not_assessed] == ["thornbury-heath"]


def test_the_revised_frameworks_pages_list_no_council_assessed_elsewhere_as_not_yet_assessed(example_site):
    html = (example_site / "compare" / "frameworks" / "revised-example" / "index.html").read_text()
    not_yet = html.split('id="not-assessed"')[1].split("</ul>")[0]
    assert re.findall(r'councils/([^/]+)/">', not_yet) == ["thornbury-heath"]
    other = html.split('id="other-framework"')[1].split("</ul>")[0]
    assert (
        "Harthill Metropolitan Borough Council</a> (Metropolitan borough, North East) — assessed under the 2023 "
        "assessment framework: outstanding, November 2025" in other
    )
    # The map: a council assessed only under the 2023 framework is "n/a", one never assessed a dash.
    assert (
        'aria-label="Harthill Metropolitan Borough Council: not assessed under this framework; assessed under '
        'the 2023 assessment framework: outstanding, November 2025"' in html
    )
    assert 'aria-label="Thornbury Heath London Borough Council: not yet assessed"' in html
    assert "n/a not assessed under this framework, – not yet assessed" in html
    assert "no rating" not in text_of(html)
    london = page_text(example_site, "compare/frameworks/revised-example/regions/london")
    assert "No council here has been assessed under the revised framework (example)" in london
    assert "0 councils with a current assessment" not in london and "Beside England" not in london


def test_the_fixture_sites_comparisons_give_both_fixtures_their_state(fixture_site):
    revised = (fixture_site / "compare" / "frameworks" / "revised-example" / "index.html").read_text()
    older = (fixture_site / "compare" / "index.html").read_text()

    def listed(html: str, heading: str) -> list[str]:
        part = html.split(f'id="{heading}"')[1].split("</ul>")[0] if f'id="{heading}"' in html else ""
        return re.findall(r'councils/([^/]+)/">', part)

    assert sorted(re.findall(r'<th scope="row"><a href="../../../councils/([^/]+)/">', revised)) == [
        "fixture-reassessed",
        "fixture-revised-only",
    ]
    assert listed(revised, "other-framework") == ["hostile-vale", "fixture-southmoor"]
    assert listed(revised, "not-assessed") == ["not-yet-fixture"]
    assert listed(older, "other-framework") == ["fixture-revised-only"]
    assert listed(older, "not-assessed") == ["not-yet-fixture"]
    assert "Since re-assessed under the revised framework (example): requires improvement, January 2026" in older


def test_no_comparison_page_calls_a_superseded_assessment_current(example_site):
    # Each framework's pages show each council's latest assessment under it, and say "latest";
    # "current" only where they say that a council's latest one here is no longer its current one.
    for page in (example_site / "compare").rglob("index.html"):
        text = re.sub(r"no longer (its|their) current one", "", text_of(page.read_text()))
        assert "current" not in text.lower(), page


# --- Small numbers ------------------------------------------------------------------------------


def test_the_small_number_rule():
    assert (share(1, 4), share(1, 5), share(3, 8)) == (None, "20%", "38%")
    assert too_few(5, "here") == ""
    assert too_few(0, "here") == "There is no council here."
    assert (
        too_few(1, "here") == "There is only 1 council here, fewer than 5: too few for shares or a chart, so it "
        "is listed below instead."
    )
    assert (
        too_few(3, "with a rating", "a chart") == "There are only 3 councils with a rating, fewer than 5: too "
        "few for a chart, so they are listed below instead."
    )


def drawn_from(view) -> list[tuple[str, int]]:
    """Each share or chart a comparison page's context would show, with how many councils it is of."""
    drawn = []
    if isinstance(view, compare.ComparePage):
        counted = sum(n for _, n, _ in view.counts_table)
        drawn += [("counts", counted)] if view.counts else []
        drawn += [("share", counted) for *_, s in view.counts_table if s is not None]
        drawn += [("strip", len(view.rows))] if view.strip else []
    elif isinstance(view, compare.AreaPage):
        here, england = sum(row[1] for row in view.table), sum(row[3] for row in view.table)
        drawn += [("chart", here)] if view.chart else []
        drawn += [("share here", here) for row in view.table if row[2] is not None]
        drawn += [("share in England", england) for row in view.table if row[4] is not None]
    elif isinstance(view, compare.DistributionPage):
        counted = sum(n for _, n, _ in view.table)
        drawn += [("chart", counted)] if view.chart else []
        drawn += [("share", counted) for *_, s in view.table if s is not None]
    elif isinstance(view, compare.ContextPage):
        drawn += [(m.id, m.councils) for m in (*view.measures, view.depth) if m.chart]
    return drawn


@pytest.mark.parametrize("councils", [EXAMPLE, FOURTH], ids=["example", "a fourth re-assessed"])
def test_no_share_or_chart_is_drawn_from_fewer_than_5_councils(councils):
    drawn = []
    for page in site_plan.all_comparison_pages(councils, FRAMEWORKS, None):
        drawn += [(page.url, what, n) for what, n in drawn_from(page.view())]
    home = home_page(councils, FRAMEWORKS)
    drawn += [("", "chart", home.assessed)] if home.chart else []
    assert [d for d in drawn if d[2] < 5] == []
    # Where there are enough, the figures are there: the 2023 framework's counts are of 10 councils.
    assert ("compare/", "counts", 10) in drawn
    assert not any(url.startswith("compare/frameworks/revised-example/") for url, *_ in drawn)  # 3 or 4 councils


def test_pages_of_too_few_councils_list_them_and_say_why(example_site):
    revised = page_text(example_site, "compare/frameworks/revised-example")
    assert (
        "There are only 3 councils with a formal rating under this framework, fewer than 5: too few for "
        "shares or a chart, so they are listed below instead." in revised
    )
    assert (
        not re.search(r"\d%", revised)
        and 'id="ratings-title"'
        not in (example_site / "compare" / "frameworks" / "revised-example" / "index.html").read_text()
    )
    carers = page_text(example_site, "compare/frameworks/revised-example/statements/carers")
    assert "There are only 3 councils scored on this statement under this framework" in carers
    assert not re.search(r"\d%", carers)


# --- Change across frameworks, said honestly ---------------------------------------------------

CHANGE = re.compile(
    r"\b(?:up|down) from (?:outstanding|good|requires improvement|inadequate)\b|\bunchanged at\b"
    r"|\bwhere it was (?:outstanding|good|requires improvement|inadequate)\b|\bas it was under\b",
    flags=re.I,
)
CAVEAT = "not directly comparable"


def uncaveated(text: str) -> list[str]:
    """Sentences that set two ratings side by side with the caveat neither in them nor just before."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return [
        s
        for i, s in enumerate(sentences)
        if CHANGE.search(s) and CAVEAT not in s and (i == 0 or CAVEAT not in sentences[i - 1])
    ]


def across(councils: list[model.Council]) -> list[model.Council]:
    """Councils whose assessments were made under more than one framework."""
    return [c for c in councils if len({FRAMEWORKS.of(a.framework).id for a in c.assessments}) > 1]


def check_caveats(site: Path, councils: list[model.Council]) -> int:
    """Every cross-framework change sentence on the councils' pages, the what-changed page and its
    feed has the caveat in it or just before; on a council page, the caveat comes before the summary."""
    checked = 0
    for c in across(councils):
        for path in [f"councils/{c.slug}", *(f"councils/{c.slug}/{a.published.isoformat()}" for a in c.assessments)]:
            html = (site / path / "index.html").read_text()
            text = text_of(html)
            assert uncaveated(text) == [], path
            assert html.index(CAVEAT) < html.index('id="summary"'), path  # near the top, before any such sentence
            checked += len(CHANGE.findall(text))
    changes = (site / "compare" / "what-changed" / "index.html").read_text()
    for c in across(councils):
        entry = text_of(changes.split(f'<section aria-labelledby="changed-{c.slug}">')[1].split("</section>")[0])
        assert CHANGE.search(entry) and uncaveated(entry) == [], c.slug
        checked += 1
    feed = feedparser.parse((site / "compare" / "what-changed" / "feed.xml").read_text())
    slugs = {c.slug for c in across(councils)}
    for entry in feed.entries:
        if entry.link.split("/councils/")[1].split("/")[0] in slugs:
            assert CHANGE.search(entry.summary) and uncaveated(entry.summary) == [], entry.title
            checked += 1
    return checked


def test_every_cross_framework_change_has_the_caveat_before_it(example_site, fixture_site):
    assert check_caveats(example_site, EXAMPLE) >= 6
    fixtures = load_councils(ROOT / "tests" / "fixtures" / "councils", FRAMEWORKS, TODAY).councils
    assert check_caveats(fixture_site, fixtures) >= 2


def test_the_older_assessments_banner_names_the_newer_framework(example_site):
    text = page_text(example_site, "councils/ashcombe/2025-04-24")
    assert (
        "Superseded by the assessment of 11 December 2025, made under another framework, the revised framework "
        "(example): the two are not directly comparable." in text
    )


def test_what_changed_lists_every_council_assessed_more_than_once_newest_first(example_site):
    html = (example_site / "compare" / "what-changed" / "index.html").read_text()
    assert "<title>What changed: councils assessed more than once" in html
    assert re.findall(r'<section aria-labelledby="changed-([^"]+)">', html) == [
        "westbrook",  # 13 January 2026
        "marshfield",  # 8 January 2026
        "ashcombe",  # 11 December 2025
        "southmoor",  # 18 September 2025, both under the 2023 framework
    ]
    southmoor = text_of(html.split('aria-labelledby="changed-southmoor"')[1])
    assert (
        "Both under the 2023 assessment framework: the rating is up from requires improvement (56 out of 100) "
        "to good (69 out of 100)." in southmoor
    )
    assert "Assessing needs: up from 1 to 3" in southmoor and CAVEAT not in southmoor
    ashcombe = text_of(html.split('aria-labelledby="changed-ashcombe"')[1].split("</section>")[0])
    assert "out of 100 · published 24 April 2025 · under the 2023 assessment framework" in ashcombe
    assert "Statement scores that changed" not in ashcombe  # no scores across frameworks
    feed = feedparser.parse((example_site / "compare" / "what-changed" / "feed.xml").read_text())
    assert [e.link for e in feed.entries][0] == "https://example.org/councils/westbrook/2026-01-13/"
    assert len(feed.entries) == 4
    assert 'href="what-changed/"' in (example_site / "compare" / "index.html").read_text()


# --- Names and claims ------------------------------------------------------------------------


def test_each_framework_has_one_name_on_the_home_page_and_in_the_search(example_site):
    for path in ("", "search"):
        html = (example_site / path / "index.html").read_text()
        assert SITE_FW.name not in html and REVISED.name not in html, path
    search = (example_site / "search" / "index.html").read_text()
    assert 'value="2023 assessment framework"' in search and 'value="revised framework (example)"' in search


def test_site_wide_sentences_hold_under_every_framework(example_site):
    banded, declared = Frameworks(SITE_FW), Frameworks(REVISED)
    assert ratings_rule(banded) == "Ratings follow from the published scores by fixed rules."
    assert ratings_rule(declared) == "The regulator declares each rating, as a judgement on all the evidence."
    assert ratings_rule(FRAMEWORKS) == (
        "Under the 2023 assessment framework, ratings follow from the published scores by fixed rules; under the "
        "revised framework (example), the regulator declares each rating, as a judgement on all the evidence."
    )
    assert regulators(FRAMEWORKS) == "the Care Quality Commission or the example regulator (invented)"
    for page in example_site.rglob("*.html"):
        text = text_of(page.read_text())
        assert "Ratings follow from the published scores" not in text, page
        assert "rating follows from those scores by a fixed rule" not in text or "Under the" in text, page
    data = page_text(example_site, "data")
    assert "Under the revised framework (example) the regulator declares each rating" in data
    assert (
        "theme_outcomes string Always blank: it is the theme 'Outcomes for people' under the revised "
        "framework (example), where the regulator declares only the overall rating" in data
    )


def test_the_smaller_points(example_site):
    # A pilot says so wherever its rating is given.
    assert "Greyhaven Council rated good overall (indicative)" in page_text(example_site, "compare/statements/equity")
    # No badge offered for a council never assessed.
    assert 'id="embed"' not in (example_site / "councils" / "thornbury-heath" / "index.html").read_text()
    assert 'id="embed"' in (example_site / "councils" / "northvale" / "index.html").read_text()
    # A declared framework's theme rows say what they show.
    assert "No theme rating under this framework; statement scores 4 and 3 (of 4)" in page_text(
        example_site, "councils/ashcombe"
    )


def titles(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        title = re.search(r"<title>(.*?)</title>", page.read_text(), flags=re.S).group(1)
        found.setdefault(" ".join(title.split()), []).append(str(page.relative_to(site)))
    return found


def test_every_page_title_is_its_own(example_site, fixture_site):
    for site in (example_site, fixture_site):
        assert {t: p for t, p in titles(site).items() if len(p) > 1} == {}


# --- Search facets and open data in the three states -------------------------------------------


def facets(site: Path, slug: str) -> dict[str, str]:
    html = (site / "councils" / slug / "index.html").read_text()
    return dict(re.findall(r'data-pagefind-filter="(rating|framework):([^"]+)"', html))


def test_search_facets_and_open_data_give_each_fixture_its_state(fixture_site):
    assert facets(fixture_site, "fixture-reassessed") == {
        "rating": "Requires improvement",
        "framework": "revised framework (example)",
    }
    assert facets(fixture_site, "fixture-revised-only") == {
        "rating": "Good",
        "framework": "revised framework (example)",
    }
    assert facets(fixture_site, "fixture-southmoor") == {"rating": "Good", "framework": "2023 assessment framework"}
    assert facets(fixture_site, "not-yet-fixture") == {"rating": "Not yet assessed", "framework": "Not yet assessed"}
    expected = {
        "fixture-reassessed": {"cqc-local-authority": "assessed", "revised-example": "assessed"},
        "fixture-revised-only": {"cqc-local-authority": "other-framework", "revised-example": "assessed"},
        "fixture-southmoor": {"cqc-local-authority": "assessed", "revised-example": "other-framework"},
        "not-yet-fixture": {"cqc-local-authority": "not-yet-assessed", "revised-example": "not-yet-assessed"},
    }
    for slug, states in expected.items():
        data = json.loads((fixture_site / "councils" / slug / "data.json").read_text())
        assert data["state_under_each_framework"] == states, slug
    db = sqlite3.connect(f"file:{fixture_site / 'data' / 'assessments.sqlite'}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT c.slug, s.framework_id, s.state FROM council_states s JOIN councils c USING (gss_code)"
        ).fetchall()
    finally:
        db.close()
    assert {(slug, fw, state) for slug, fw, state in rows if slug in expected} == {
        (slug, fw, state) for slug, states in expected.items() for fw, state in states.items()
    }


# --- A new site of the 153 real councils, a few assessed and re-assessed --------------------------

# Scores made up by this test for a site in a temporary folder: they are no council's findings.
MADE_UP_2023 = [
    ("Kent", "2024-03-14", [3] * 9),
    ("Leeds", "2024-05-02", [4, 4, 4, 4, 4, 3, 4, 4, 4]),
    ("Cornwall", "2024-06-20", [2] * 9),
    ("Camden", "2024-09-12", [3, 3, 2, 3, 3, 3, 3, 2, 3]),
    ("York", "2024-11-07", [1, 2, 1, 2, 2, 1, 2, 1, 2]),
    ("Manchester", "2025-01-16", [3] * 9),
    ("Norfolk", "2025-03-27", [2, 2, 1, 2, 1, 2, 2, 1, 2]),
    ("Bristol", "2025-06-05", [1] * 9),
]
MADE_UP_REVISED = [  # three of them re-assessed, and one assessed under the revised framework only
    ("Kent", "2025-12-04", "requires-improvement", [2, 3, 2, 2, 3, 2, 2, 3]),
    ("Leeds", "2025-12-18", "good", [3] * 8),
    ("Cornwall", "2026-01-06", "good", [3, 3, 3, 2, 3, 3, 3, 3]),
    ("Barnet", "2026-01-12", "requires-improvement", [2] * 8),
]


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> tuple[Path, list[model.Council]]:
    folder = tmp_path_factory.mktemp("new") / "mysite"
    assert main(["new", str(folder)]) == 0
    (folder / "content" / "frameworks").mkdir()
    shutil.copy(ROOT / "content" / "frameworks" / "revised-example.yml", folder / "content" / "frameworks")
    older, newer = [s.id for s in SITE_FW.statements], [s.id for s in REVISED.statements]
    columns = ["name", "published", "framework", "rating", *older, *(s for s in newer if s not in older)]
    with (folder / "results.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, columns, restval="")
        writer.writeheader()
        for name, day, scores in MADE_UP_2023:
            writer.writerow(
                {"name": name, "published": day, "framework": SITE_FW.id, **dict(zip(older, scores, strict=True))}
            )
        for name, day, rating, scores in MADE_UP_REVISED:
            scored = dict(zip(newer, scores, strict=True))
            writer.writerow({"name": name, "published": day, "framework": REVISED.id, "rating": rating, **scored})
    assert main(["import", str(folder / "results.csv"), str(folder / "content")]) == 0
    fill_in_yours(folder / "site.yml")
    result = build_site(folder / "site.yml", folder / "site")
    assert result.returncode == 0, result.stderr
    councils = load_councils(folder / "content" / "councils", FRAMEWORKS, TODAY).councils
    return folder / "site", councils


def test_a_new_site_of_153_councils_a_few_re_assessed_tells_the_truth(new_site):
    site, councils = new_site
    home = page_text(site, "")
    assert "9 councils have a formal rating; 144 not yet assessed." in home
    assert (
        "4 councils are rated good: 2 under the 2023 assessment framework and 2 under the revised framework "
        "(example)." in home
    )
    assert (
        "4 councils are rated requires improvement: 2 under the 2023 assessment framework and 2 under the "
        "revised framework (example)." in home
    )
    assert "1 council is rated outstanding" not in home and "0 councils are rated outstanding." in home
    revised = (site / "compare" / "frameworks" / "revised-example" / "index.html").read_text()
    other = revised.split('id="other-framework"')[1].split("</ul>")[0]
    assert sorted(re.findall(r'councils/([^/]+)/">', other)) == ["bristol", "camden", "manchester", "norfolk", "york"]
    not_yet = revised.split('id="not-assessed"')[1].split("</ul>")[0]
    assert len(re.findall(r"<li>", not_yet)) == 144 and "kent/" not in not_yet and "camden/" not in not_yet
    # 4 under the revised framework: no chart or share; 8 under the 2023 one: both.
    assert 'id="ratings-title"' not in revised and "too few for shares or a chart" in revised
    assert 'id="ratings-title"' in (site / "compare" / "index.html").read_text()
    drawn = [
        (page.url, what, n)
        for page in site_plan.all_comparison_pages(councils, FRAMEWORKS, None)
        for what, n in drawn_from(page.view())
    ]
    assert drawn and [d for d in drawn if d[2] < 5] == []
    assert check_caveats(site, councils) >= 6
    changed = (site / "compare" / "what-changed" / "index.html").read_text()
    assert re.findall(r'<section aria-labelledby="changed-([^"]+)">', changed) == ["cornwall", "leeds", "kent"]
    assert {t: p for t, p in titles(site).items() if len(p) > 1} == {}
