"""National comparison pages, charts, the hex map and the open data downloads."""

import csv
import io
import json
import random
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from types import SimpleNamespace

import pytest
import yaml

from bench.synthetic import write_councils
from generator import compare, model
from generator.importer import import_columns
from generator.importer import import_table as import_csv
from generator.loader import load_councils
from generator.opendata import assessments_csv
from generator.pages import SiteInfo
from generator.rounds import councils_under

from . import test_counts as counted
from .conftest import EXAMPLE_FRAMEWORKS, ROOT, build_site, copy_site_sources, open_page
from .test_build import files_of

FRAMEWORKS = EXAMPLE_FRAMEWORKS
FW = FRAMEWORKS.site
ALL = load_councils(ROOT / "content" / "councils", FRAMEWORKS).councils  # every assessment, both frameworks
COUNCILS = councils_under(ALL, FW, FRAMEWORKS)  # as /compare/ sees them: assessments under the site's framework
SITE = SiteInfo(
    "https://example.org/",
    "Adult social care council assessments",
    "the Council Care Ratings example project",
    FW.regulator,
    True,
)


def text_of(path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text()).split())


def test_compare_table_has_every_assessed_council_and_lists_the_rest(example_site):
    html = (example_site / "compare" / "index.html").read_text()
    rows = re.findall(
        r'<tr data-region="([^"]+)" data-type="([^"]+)" data-rating="([^"]+)" '
        r'data-population="([^"]*)" data-deprivation="([^"]*)">\s*'
        r'<th scope="row"><a href="../councils/([^/]+)/([-0-9]*/)?">',
        html,
    )
    # Worked out from the content files: each council's newest assessment under the 2023 framework;
    # a council since re-assessed under the revised one links to that assessment's own page.
    expected = {}
    for slug, council in counted.content().items():
        under = [a for a in council["assessments"] if a.get("framework", counted.SITE_FRAMEWORK) == FW.id]
        if under:
            latest = max(under, key=lambda a: str(a["published"]))
            dated = f"{latest['published']}/" if slug in counted.REVISED else ""
            population, deprivation = counted.BANDS.get(slug, ("", ""))
            rating = counted.rating_of(latest)
            expected[slug] = (council["region"], council["type"], rating, population, deprivation, dated)
    assert {slug: (*row, dated) for *row, slug, dated in rows} == expected
    assert len(expected) == 11  # every example council but Thornbury Heath
    waiting = html.split('id="not-assessed"')[1]
    assert "Thornbury Heath London Borough Council" in waiting
    assert 'id="other-framework"' not in html  # every council assessed at all was assessed under this one


def test_statement_page_counts_and_links_each_council_to_the_statement(example_site):
    page = example_site / "compare" / "statements" / "safeguarding" / "index.html"
    html = page.read_text()
    for score in (1, 2, 3, 4):
        expected = sorted(c.name for c in COUNCILS if c.current and c.current.scores.get("safeguarding") == score)
        section = html.split(f'<h2 id="score-{score}">')[1].split("</section>")[0]
        assert sorted(re.findall(r'#safeguarding">([^<]+)</a>', section)) == expected, score
        row = re.search(rf'<a href="#score-{score}">[^<]+</a></th><td>(\d+)</td>', html).group(1)
        assert int(row) == len(expected)
    northvale = yaml.safe_load((ROOT / "content" / "councils" / "northvale.yml").read_text())
    first_sentence = " ".join(northvale["assessments"][0]["statements"]["safeguarding"]["findings"].split()).split(
        ". "
    )[0]
    assert first_sentence in text_of(page)


def test_region_page_sets_its_councils_beside_england(example_site):
    html = (example_site / "compare" / "regions" / "north-east" / "index.html").read_text()
    rows = dict(
        (name, (int(here), int(england)))
        for name, here, england in re.findall(
            r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td>(?:<td>\d+%</td>)?<td>(\d+)</td>', html
        )
    )
    formal = [c for c in COUNCILS if c.current and c.current.kind == "formal"]
    for band in FW.ratings:
        here = sum(
            1 for c in formal if c.region == "north-east" and model.overall_result(c.current, FW).rating.id == band.id
        )
        everywhere = sum(1 for c in formal if model.overall_result(c.current, FW).rating.id == band.id)
        assert rows[band.name] == (here, everywhere), band.id


def test_similar_councils_nearest_profile_is_exact():
    def council(slug, scores, region="north-west", ctype="metropolitan"):
        a = model.Assessment(
            published=date(2025, 1, 1),
            statements={s.id: model.StatementEntry(s.id, n, "x") for s, n in zip(FW.statements, scores, strict=True)},
        )
        return model.Council(slug, slug.title(), "E08000001", ctype, region, assessments=(a,))

    me = council("me", [2, 2, 2, 2, 2, 2, 2, 2, 2])
    twin = council("twin", [2, 2, 2, 2, 2, 2, 2, 2, 3], region="london", ctype="london-borough")
    near = council("near", [2, 2, 2, 2, 2, 2, 2, 3, 3])
    far = council("far", [4, 4, 4, 4, 4, 4, 4, 4, 4])
    same_total_far = council("swing", [1, 3, 1, 3, 1, 3, 1, 3, 2])  # same total as me, different profile
    found = compare.similar_councils([me, twin, near, far, same_total_far], FW, limit=3)["me"]
    nearest = next(g for g in found.groups if g.heading.startswith("Nearest"))
    assert [e.slug for e in nearest.entries] == ["twin", "near", "swing"]
    assert found.side_by_side == "c=me,twin,near,swing"


@pytest.mark.parametrize(
    ("hexjson", "expected"),
    [
        (
            '{"layout": "odd-r", "hexes": {"X12": {"q": 0, "r": 0}}}',
            "content/hexmap.hexjson:1:31: hexes.X12: unknown code 'X12'",
        ),
        (
            '{"layout": "odd-r", "hexes": {\n  "E06000901": {"q": 0, "r": 0},\n  "E08000901": {"q": 0, "r": 0}\n}}',
            "content/hexmap.hexjson:3:16: hexes.E08000901: position q=0, r=0 is also used by E06000901",
        ),
        ('{"layout": "sideways", "hexes": {}}', "content/hexmap.hexjson:1:12: layout: layout must be one of"),
    ],
    ids=["unknown code", "overlap", "layout"],
)
def test_a_bad_hexjson_fails_the_build_with_its_position(tmp_path, hexjson, expected):
    config = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    site = tmp_path / "site"
    assert build_site(config, site).returncode == 0
    before = files_of(site)
    (tmp_path / "content" / "hexmap.hexjson").write_text(hexjson)
    result = build_site(config, site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr
    assert files_of(site) == before


def test_hex_map_draws_every_hex_and_marks_no_data(example_site):
    html = (example_site / "compare" / "index.html").read_text()
    svg = html.split('<figure class="chart chart--hexmap">')[1].split("</svg>")[0] + "</svg>"
    root = ET.fromstring(svg.strip())
    hexjson = json.loads((ROOT / "content" / "hexmap.hexjson").read_text())["hexes"]
    links = {a.get("href"): a.get("aria-label") for a in root.iter("a")}
    by_code = {c.gss_code: c for c in COUNCILS}
    for code in hexjson:
        council = by_code.get(code)
        if council is None:
            assert any("no data on this site" in (g.get("aria-label") or "") for g in root.iter("g"))
        else:
            if council.current:
                result = model.overall_result(council.current, FW)
                words = f"{council.name}: {result.rating.name.lower()}, {result.percent} out of 100"
                if council.elsewhere:  # since re-assessed under the revised framework: said, and linked to this one
                    label = links[f"../councils/{council.slug}/{council.current.published.isoformat()}/"]
                    assert label.startswith(words + "; since re-assessed under the revised framework (example): ")
                else:
                    assert links[f"../councils/{council.slug}/"] == words
            else:
                assert links[f"../councils/{council.slug}/"] == f"{council.name}: not yet assessed"
    assert "hexmap.hexjson" not in [p.name for p in example_site.iterdir()]  # content, not published


def test_synthetic_153_councils_build_and_compare_stays_small(tmp_path):
    config = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    councils = tmp_path / "content" / "councils"
    shutil.rmtree(councils)
    (tmp_path / "content" / "hexmap.hexjson").unlink()  # it places the example's councils, not these
    write_councils(councils, 153)
    site = tmp_path / "site"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr
    size = (site / "compare" / "index.html").stat().st_size
    assert size < 300_000, size
    assert len(re.findall(r"<tr data-region=", (site / "compare" / "index.html").read_text())) == 153


def test_csv_columns_begin_with_the_import_columns(example_site):
    raw = (example_site / "data" / "assessments.csv").read_bytes()
    assert raw.decode("utf-8").split("\r\n")[0].split(",")[: len(import_columns(FRAMEWORKS))] == import_columns(
        FRAMEWORKS
    )
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == len([c for c in ALL if c.current])  # one row per current assessment
    northvale = next(r for r in rows if r["slug"] == "northvale")
    assert (northvale["rating"], northvale["score_out_of_100"], northvale["total"]) == ("good", "64", "23")
    assert northvale["page_url"] == "https://example.org/councils/northvale/"
    history = list(csv.DictReader(io.StringIO((example_site / "data" / "assessments-all.csv").read_text(), newline="")))
    assert len(history) == sum(len(c.assessments) for c in ALL)


def test_export_import_export_is_byte_identical(tmp_path):
    first = assessments_csv(ALL, FRAMEWORKS, SITE)
    (tmp_path / "export.csv").write_text(first, encoding="utf-8", newline="")
    fresh = tmp_path / "councils"
    fresh.mkdir()
    import_csv(tmp_path / "export.csv", fresh, FRAMEWORKS)
    again = assessments_csv(load_councils(fresh, FRAMEWORKS).councils, FRAMEWORKS, SITE)
    assert again.encode() == first.encode()
    history = assessments_csv(ALL, FRAMEWORKS, SITE, history=True)
    (tmp_path / "all.csv").write_text(history, encoding="utf-8", newline="")
    fresh_all = tmp_path / "councils-all"
    fresh_all.mkdir()
    import_csv(tmp_path / "all.csv", fresh_all, FRAMEWORKS)
    assert assessments_csv(load_councils(fresh_all, FRAMEWORKS).councils, FRAMEWORKS, SITE, history=True) == history


def test_data_package_validates_with_frictionless(example_site):
    from frictionless import Package, validate

    report = validate(str(example_site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(example_site / "data" / "datapackage.json"))
    assert [r.name for r in package.resources] == ["assessments", "assessments-all", "assessments-sqlite"]
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    assert package.resources[1].schema.primary_key == ["gss_code", "published"]


def test_sqlite_download_holds_the_csv_rows_and_its_keys_check(example_site):
    import csv
    import sqlite3

    path = example_site / "data" / "assessments.sqlite"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        with (example_site / "data" / "assessments-all.csv").open(newline="", encoding="utf-8") as f:
            header, *rows = list(csv.reader(f))
        cursor = db.execute("SELECT * FROM assessments")
        assert [d[0] for d in cursor.description] == header
        as_text = [["" if v is None else str(v) for v in row] for row in cursor.fetchall()]
        assert sorted(as_text) == sorted(rows)
        # The tables beside it join up: every score of every assessment, the framework's names.
        joined = db.execute(
            "SELECT c.name, st.name, s.score FROM statement_scores s JOIN councils c USING (gss_code) "
            "JOIN statements st ON st.framework_id = s.framework_id AND st.id = s.statement_id "
            "WHERE c.slug = 'northvale' AND st.id = 'equity'"
        ).fetchall()
        assert joined == [("Northvale Council", "Equity in experience and outcomes", 3)]
        cases = db.execute(
            "SELECT e.cases_tracked, x.adults_long_term_support FROM evidence e JOIN context x USING (gss_code) "
            "JOIN councils c USING (gss_code) WHERE c.slug = 'northvale'"
        ).fetchone()
        assert cases == (6, 5600)
        assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == sum(
            1 for c in ALL for a in c.assessments if a.evidence
        )
    finally:
        db.close()
    listed = (example_site / "data" / "index.html").read_text()
    assert 'href="assessments.sqlite"' in listed


def test_council_data_json_has_structured_content_and_narratives(example_site):
    data = json.loads((example_site / "councils" / "northvale" / "data.json").read_text())
    a = data["assessments"][0]
    assert data["gss_code"] == "E06000901" and a["rating"] == "good" and a["score_out_of_100"] == 64
    assert "waiting" in a["summary"]["markdown"] and a["summary"]["html"].startswith("<p>")
    assert set(a["statements"]) == {s.id for s in FW.statements}
    # The evidence and the local context travel with the data.
    assert data["context"]["deprivation"]["rank"] == 38 and data["context"]["finance"]["precept_raised"] is True
    assert a["evidence"]["cases_tracked"] == 6 and a["evidence"]["surveys"][0]["period_to"] == "2024-03-31"
    westbrook = json.loads((example_site / "councils" / "westbrook" / "data.json").read_text())
    assert westbrook["assessments"][0]["evidence"] is None
    everything = json.loads((example_site / "data" / "assessments.json").read_text())
    assert [c["slug"] for c in everything["councils"]] == [c.slug for c in ALL]


def test_atom_feeds_are_well_formed_complete_and_newest_first(example_site):
    import feedparser

    national = feedparser.parse((example_site / "feed.xml").read_bytes())
    assert national.bozo == 0, national.bozo_exception
    assessments = [(a.published, c) for c in ALL for a in c.assessments]
    assert len(national.entries) == len(assessments)
    dates = [e.published for e in national.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in national.entries:
        path = entry.link.removeprefix("https://example.org/")
        assert (example_site / path / "index.html").is_file(), entry.link
    for region in {c.region for c in ALL}:
        feed = feedparser.parse((example_site / "feeds" / f"{region}.xml").read_bytes())
        assert feed.bozo == 0
        assert len(feed.entries) == sum(len(c.assessments) for c in ALL if c.region == region)
    assert '<link rel="alternate" type="application/atom+xml"' in (example_site / "index.html").read_text()


def test_sitemap_lists_every_page(example_site):
    sitemap = (example_site / "sitemap.xml").read_text()
    for path in (
        "compare/",
        "compare/councils/",
        "compare/statements/equity/",
        "compare/themes/leadership/",
        "compare/regions/london/",
        "compare/types/county/",
        "data/",
        "search/",
    ):
        assert f"<loc>https://example.org/{path}</loc>" in sitemap, path


@pytest.mark.browser
def test_sort_and_filter_the_table_then_restore_it_from_the_address(browser, example_url):
    from playwright.sync_api import expect

    context, page, errors = open_page(browser, example_url + "/compare/")
    page.get_by_label("Region", exact=True).select_option("yorkshire-and-the-humber")
    page.get_by_role("button", name="Score out of 100").click()
    expect(page.locator("#compare-status")).to_have_text("Showing 2 of 11 councils.")
    names = page.locator("#table tbody tr:not([hidden]) th").all_inner_texts()
    assert names == ["Eastmarsh Metropolitan Borough Council", "Riverton City Council"]  # 61, 56
    assert page.locator('th[data-key="score"]').get_attribute("aria-sort") == "descending"
    shared = page.url
    assert "sort=score-desc" in shared and "region=yorkshire-and-the-humber" in shared
    page.get_by_role("button", name="Score out of 100").click()  # again: lowest first
    assert page.locator("#table tbody tr:not([hidden]) th").all_inner_texts() == names[::-1]

    context2, page2, errors2 = open_page(browser, shared)
    expect(page2.locator("#compare-status")).to_have_text("Showing 2 of 11 councils.")
    assert page2.locator("#table tbody tr:not([hidden]) th").all_inner_texts() == names
    assert page2.get_by_label("Region", exact=True).input_value() == "yorkshire-and-the-humber"
    assert page2.locator('th[data-key="score"]').get_attribute("aria-sort") == "descending"
    for c in (context, context2):
        c.close()
    assert errors == [] and errors2 == []


@pytest.mark.browser
def test_the_table_is_complete_without_javascript(browser, example_url):
    context, page, _ = open_page(browser, example_url + "/compare/?region=london", java_script_enabled=False)
    assert page.locator("#table tbody tr").count() == sum(1 for c in COUNCILS if c.current)
    assert page.locator("#compare-filters").is_hidden()
    context.close()


@pytest.mark.browser
def test_side_by_side_opens_from_the_address(browser, example_url):
    from playwright.sync_api import expect

    context, page, errors = open_page(browser, example_url + "/compare/councils/?c=northvale,southmoor")
    expect(page.locator("#side-by-side-status")).to_have_text("Showing 2 councils side by side.")
    heads = page.locator("#side-by-side thead th").all_inner_texts()
    assert heads == ["Council", "Northvale Council", "Southmoor Borough Council"]
    assert page.locator('tr[data-row="percent"] td').all_inner_texts() == ["64", "69"]
    page.get_by_label("Council 3").select_option("harthill")
    expect(page.locator("#side-by-side-status")).to_have_text("Showing 3 councils side by side.")
    assert page.url.endswith("?c=northvale,southmoor,harthill")
    page.get_by_role("link", name="Read the findings for Harthill Metropolitan Borough Council").click()
    page.wait_for_url("**/councils/harthill/")
    context.close()
    assert errors == []
    context, page, _ = open_page(browser, example_url + "/compare/councils/?c=northvale", java_script_enabled=False)
    assert "needs JavaScript" in page.locator("#side-by-side-unavailable").inner_text()
    context.close()


@pytest.mark.browser
def test_council_page_links_into_side_by_side_with_similar_councils(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/councils/northvale/")
    page.get_by_role("link", name="See Northvale Council side by side with the nearest councils").click()
    page.wait_for_url("**/compare/councils/?c=northvale,*")
    assert page.locator("#side-by-side thead th").nth(1).inner_text() == "Northvale Council"
    assert page.locator("#side-by-side thead th").count() == 5  # the header cell and four councils
    context.close()
    assert errors == []


@pytest.mark.browser
def test_follow_a_hex_to_its_council(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/compare/")
    page.get_by_role("link", name="Kingsmere London Borough Council: inadequate, 36 out of 100").first.click()
    page.wait_for_url("**/councils/kingsmere/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kingsmere London Borough Council"
    context.close()
    assert errors == []


def test_nearest_profiles_agree_with_comparing_every_pair():
    # Enough councils that most are found by looking up nearby profiles, and a few
    # outliers (unscored statements, extreme scores) that fall back to scanning.
    rng = random.Random(7)
    rows = []
    for i in range(1500):
        scores = tuple(rng.choice([1, 2, 3, 4]) for _ in FW.statements)
        if i % 97 == 0:
            scores = (None,) * 4 + scores[4:]
        if i % 131 == 0:
            scores = (4,) * len(scores)
        total = sum(s or 0 for s in scores)
        rows.append(
            SimpleNamespace(
                slug=f"c{i}", name=f"Council {rng.randint(0, 200)}", scores=scores, rating=SimpleNamespace(total=total)
            )
        )

    def distance(a, b):
        return sum(abs((x or 0) - (y or 0)) for x, y in zip(a.scores, b.scores, strict=True))

    found = compare.nearest_profiles(rows, limit=5)
    for r in rows[::7]:
        expected = sorted((o for o in rows if o is not r), key=lambda o: (distance(r, o), o.name, o.slug))[:5]
        assert [o.slug for o in found[r.slug]] == [o.slug for o in expected], r.slug


def test_nearest_profiles_looks_up_every_profile_at_a_distance():
    # Three councils, each pair 4 apart: one statement unscored against scored 4, or four
    # statements a point apart. Looking up rings (not scanning) must find both kinds.
    def row(slug, name, scores):
        return SimpleNamespace(slug=slug, name=name, scores=scores, rating=SimpleNamespace(total=sum(scores)))

    me = row("me", "Me", (0, 2, 2, 2, 2, 2, 2, 2, 2))
    one_step = row("one-step", "Aardvark", (4, 2, 2, 2, 2, 2, 2, 2, 2))
    four_steps = row("four-steps", "Badger", (0, 3, 3, 3, 3, 2, 2, 2, 2))
    found = compare.nearest_profiles([me, one_step, four_steps], limit=1, ring_budget=10_000)
    assert [o.slug for o in found["me"]] == ["one-step"]
    assert [o.slug for o in found["four-steps"]] == ["me"]


def test_nearest_profiles_after_a_few_changes_equal_working_everything_out_again():
    # Under `make serve` only the councils a changed row could affect are worked out again.
    rng = random.Random(11)

    def row(slug, name, scores):
        return SimpleNamespace(slug=slug, name=name, scores=scores, rating=SimpleNamespace(total=sum(scores)))

    def random_scores():
        return tuple(rng.choice([1, 2, 3, 4]) for _ in FW.statements)

    rows = [row(f"c{i:03d}", f"Council {rng.randint(0, 60)}", random_scores()) for i in range(300)]
    answer = compare.nearest_profiles(rows, limit=5)
    for _ in range(30):
        edited = list(rows)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(edited))
            what = rng.choice(["score", "name", "remove", "add"])
            if what == "score":
                scores = list(edited[i].scores)
                scores[rng.randrange(len(scores))] = rng.choice([1, 2, 3, 4])
                edited[i] = row(edited[i].slug, edited[i].name, tuple(scores))
            elif what == "name":
                edited[i] = row(edited[i].slug, f"Council {rng.randint(0, 60)}", edited[i].scores)
            elif what == "remove":
                del edited[i]
            else:
                edited.append(row(f"n{rng.randint(0, 10**6)}", "Council 0", random_scores()))
        again = compare.nearest_profiles(edited, limit=5, before=(rows, answer))
        expected = compare.nearest_profiles(edited, limit=5)
        assert {s: [o.slug for o in v] for s, v in again.items()} == {
            s: [o.slug for o in v] for s, v in expected.items()
        }
        rows, answer = edited, again


@pytest.mark.parametrize(
    ("findings", "shown"),
    [
        ("People wait  less\nthan before. Staff are kind.", "People wait less than before."),
        ("People *wait* [less](https://example.org/) than before. Staff are kind.", "People wait less than before."),
        ("Waiting lists are\n\nshorter. Staff are kind.", "Waiting lists are"),
        ("Carers &amp; families: 4 in 5 felt heard! More.", "Carers & families: 4 in 5 felt heard!"),
        ("Word " * 50 + "end.", ("Word " * 32).rstrip() + "…"),  # cut at a word, at most 160 characters
    ],
)
def test_excerpts_show_the_first_sentence_as_plain_text(findings, shown):
    """The statement and theme pages show each council's findings by their first sentence."""
    assert compare.excerpt(findings) == shown
