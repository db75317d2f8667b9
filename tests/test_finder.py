"""The postcode finder on the site: the example site's fictional QZ postcodes through the
home page's box, the finder and the search page, in a real browser and without JavaScript;
the finder's script against the real table's files for real postcodes, checked against the
Python lookup and the councils the places belong to; what each lookup fetches; axe."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from generator.pages import finder
from generator.postcodes import load_table, look_up

from .conftest import ROOT, axe_report, open_page, serve
from .test_search import wait_for_results

# --- The example site's files (no browser) -------------------------------------------


def test_the_example_site_has_the_finder_on_its_fictional_postcodes(example_site):
    files = sorted(p.name for p in (example_site / "postcodes").glob("*.json"))
    assert files == sorted(f"QZ{n}.json" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14))
    finder_page = (example_site / "postcodes" / "index.html").read_text()
    assert "no real postcode does" in finder_page and "Fictional example postcodes" in finder_page
    assert 'autocomplete="postal-code"' in (example_site / "index.html").read_text()
    area = (example_site / "postcodes" / "QZ" / "index.html").read_text()
    # No JavaScript: the area page names each district's council, by sector where split.
    assert (
        'QZ11 1: <a href="../../councils/ashcombe/">Ashcombe County Council</a>, the county council for Lowbridge'
        in area
    )
    assert "QZ11 3 is shared" in area
    data = (example_site / "data" / "index.html").read_text()
    assert "The postcode finder uses fictional example postcodes" in data


def test_the_finder_is_left_out_of_the_search_index_and_the_sitemap(example_site):
    sitemap = (example_site / "sitemap.xml").read_text()
    assert "postcodes/QZ/" in sitemap and ".json" not in sitemap
    # Pagefind reads only pages marked as its body: none of the finder's.
    for page in (example_site / "postcodes").rglob("*.html"):
        assert "data-pagefind-body" not in page.read_text()


def test_a_publisher_can_turn_the_finder_off(tmp_path):
    from .conftest import build_site, copy_site_sources

    config = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    text = config.read_text().replace("      postcodes: postcodes.txt\n", "      postcode_finder: false\n")
    config.write_text(text)
    result = build_site(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "postcodes").exists()
    home = (tmp_path / "out" / "index.html").read_text()
    assert "postal-code" not in home and "postcode.js" not in home
    assert "postcode finder" not in (tmp_path / "out" / "data" / "index.html").read_text()


def test_a_table_with_a_bad_line_stops_the_build_naming_it(tmp_path):
    from mkdocs.exceptions import PluginError

    from generator.settings import CouncilRatingsConfig, postcode_table

    (tmp_path / "postcodes.txt").write_text((ROOT / "content" / "postcodes.txt").read_text() + "QZ15 1 E07000991:aa\n")
    settings = CouncilRatingsConfig()
    settings.load_dict({"postcodes": "postcodes.txt"})
    assert not settings.validate()[0]
    with pytest.raises(PluginError, match=r"postcodes\.txt:\d+: units must start with a capital letter"):
        postcode_table(settings, tmp_path)


# --- In the browser, on the example site ------------------------------------------------


def ask(page, box: str, typed: str) -> str:
    page.fill(f"#{box}", typed)
    page.locator(f"#{box}").press("Enter")
    region = page.locator(f"#{box} ~ [role=status], form:has(#{box}) [role=status]").first
    page.wait_for_function(
        "el => el.textContent && !el.textContent.startsWith('Looking up')", arg=region.element_handle()
    )
    return region.inner_text()


@pytest.mark.browser
def test_the_home_page_box_answers_every_kind_of_postcode(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/")
    # A two-tier district: the county, and why.
    answer = ask(page, "home-postcode", "qz10 1ab")
    assert "In Fenwick, adult social care is run by Ashcombe County Council." in answer
    assert "Rated good" in answer
    # A district split between councils asks for the full postcode; the full one answers.
    answer = ask(page, "home-postcode", "QZ11")
    assert "different council areas" in answer
    assert "Ashcombe County Council" in answer and "Marshfield County Council" in answer
    assert "Marshfield County Council" in ask(page, "home-postcode", "  qz11   2xy ")
    # A split sector: by unit (written "AabdefBab" and "Dabde" in the table).
    assert "Ashcombe" in ask(page, "home-postcode", "QZ113BA") and "Lowbridge" in ask(page, "home-postcode", "qz11 3ab")
    assert "run by Marshfield County Council" in ask(page, "home-postcode", "QZ11 3DE")
    assert "not in our postcode list" in ask(page, "home-postcode", "QZ11 3ZZ")
    # Two districts of one county: one answer, no question.
    assert "Adult social care here is run by Ashcombe County Council." in ask(page, "home-postcode", "QZ12")
    # Malformed, empty.
    assert "is not a postcode" in ask(page, "home-postcode", "hello")
    assert "Type a postcode" in ask(page, "home-postcode", "")
    # The answer links to the council's page.
    ask(page, "home-postcode", "QZ1 1AA")
    page.get_by_role("link", name="Northvale Council").last.click()
    page.wait_for_url("**/councils/northvale/")
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.console_errors_expected  # the district's file is not found: that 404 is the answer
def test_a_district_that_does_not_exist_is_said_not_to(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/")
    assert "There is no postcode QZ99 9ZZ" in ask(page, "home-postcode", "qz99 9zz")
    assert "There is no postcode ZZ1" in ask(page, "home-postcode", "zz1")
    assert errors and all("404" in e for e in errors)
    context.close()


@pytest.mark.browser
def test_a_lookup_fetches_one_small_file(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/postcodes/")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.resource_type == "fetch" else None)
    assert "Marshfield" in ask(page, "finder-postcode", "QZ11 2AB")
    assert [u.rsplit("/", 2)[-2:] for u in fetched] == [["postcodes", "QZ11.json"]]
    assert errors == []
    context.close()


@pytest.mark.browser
def test_the_header_search_recognises_a_postcode(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/councils/")
    page.fill("#site-search-q", "qz14 2ab")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/search/?q=*")
    region = page.locator("#search-postcode")
    page.wait_for_function("el => el.textContent.includes('Hollow Cross')", arg=region.element_handle())
    assert "In Hollow Cross, adult social care is run by Hollowford County Council." in region.inner_text()
    # Words that are not a postcode are only searched for.
    page.goto(example_url + "/search/?q=safeguarding")
    wait_for_results(page)  # the search has run, and with it any postcode lookup
    assert region.inner_text() == ""
    assert errors == []
    context.close()


@pytest.mark.browser
def test_without_javascript_the_form_leads_to_the_council(browser, example_url):
    context, page, _ = open_page(browser, example_url + "/", java_script_enabled=False)
    page.fill("#home-postcode", "QZ14 1AA")
    page.get_by_role("button", name="Find your council").click()
    page.wait_for_url("**/postcodes/?postcode=*")
    page.get_by_role("link", name="QZ", exact=True).click()
    page.wait_for_url("**/postcodes/QZ/")
    district = page.locator("#QZ14")
    assert "Hollowford County Council, the county council for Hollow Cross" in district.inner_text()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/postcodes/", "/postcodes/QZ/", "/"])
def test_the_finder_is_accessible_with_its_answer_shown(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path, viewport={"width": 390, "height": 844})
    box = "finder-postcode" if path == "/postcodes/" else "home-postcode"
    if path != "/postcodes/QZ/":
        assert page.get_attribute(f"#{box}", "autocomplete") == "postal-code"
        assert page.locator(f"label[for={box}]").inner_text() == "Your postcode"
        assert page.locator("form.postcode-box [role=status]").get_attribute("aria-live") == "polite"
        ask(page, box, "QZ11")  # an answer with a list of links
    violations = axe_report(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert errors == []
    context.close()


# --- The script against the real table's files ------------------------------------------

# Postcodes of well-known places: (typed, what the answer must say), worked out from where they are.
REAL = [
    ("NE1 8QH", "Newcastle City Council"),  # north-east: Newcastle Civic Centre
    ("m60 2la", "Manchester City Council"),  # north-west: Manchester Town Hall
    ("LS11UR", "Leeds City Council"),  # yorkshire-and-the-humber: Leeds Civic Hall
    ("NG1 2DT", "Nottingham City Council"),  # east-midlands
    ("B1 1BB", "Birmingham City Council"),  # west-midlands
    ("CB2 3QJ", "In Cambridge, adult social care is run by Cambridgeshire County Council."),  # east-of-england
    ("SW1A 2AA", "City of Westminster"),  # london: 10 Downing Street
    ("OX1 1BX", "In Oxford, adult social care is run by Oxfordshire County Council."),  # south-east
    ("BS1 5TR", "Bristol City Council"),  # south-west
    ("CM20 1WG", "In Harlow, adult social care is run by Essex County Council."),
    ("RH6 0NP", "In Crawley, adult social care is run by West Sussex County Council."),  # Gatwick: RH6 is split
    ("rh6 7dn", "Surrey County Council"),  # Horley, the other side of RH6
    ("TD15 1BN", "Northumberland County Council"),  # Berwick, in a district shared with Scotland
]
NATIONS = [
    ("CF10 3RB", "is in Wales. Adult social care there is not assessed by the Care Quality Commission"),
    ("EH99 1SP", "is in Scotland."),
    ("BT1 5GS", "is in Northern Ireland."),
]


@pytest.fixture(scope="module")
def real_files(tmp_path_factory):
    """The finder's script and the real table's district files for the postcodes above, as a
    site with no councils would have them (names from the register), served."""
    folder = tmp_path_factory.mktemp("real-finder")
    (folder / "js").mkdir()
    shutil.copy(ROOT / "theme" / "js" / "postcode.js", folder / "js")
    (folder / "postcodes").mkdir()
    table = load_table()
    places = finder.Places(table, [], [])
    outwards = {look_up(table, typed).postcode.split()[0] for typed, _ in REAL + NATIONS} | {"W1A", "AL5"}
    for outward in outwards:
        data = finder.district_file(table.districts[outward], places)
        (folder / "postcodes" / f"{outward}.json").write_bytes(data)
    (folder / "favicon.ico").write_bytes(b"")  # what the browser asks for unbidden
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><script type="module" src="js/postcode.js"></script></html>'
    )
    server = serve(folder)
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_largest_district_file_is_well_under_2_kb_gzipped():
    """W1A (BBC and other large users, split between three boroughs by unit) is the largest."""
    table = load_table()
    places = finder.Places(table, [], [])
    sizes = {o: len(gzip.compress(finder.district_file(d, places), 9)) for o, d in table.districts.items()}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] <= 2048, (largest, sizes[largest])
    json.loads(finder.district_file(table.districts[largest], places))


@pytest.mark.browser
def test_the_script_answers_real_postcodes_as_the_table_does(browser, real_files):
    folder, url = real_files
    context, page, errors = open_page(browser, url)
    script = """async ([typed]) => {
        const m = await import('./js/postcode.js');
        const r = await m.lookUp('postcodes/', typed);
        return [r.kind, r.places.map(p => p.n), m.answerNodes(r, typed, '.').map(n => n.textContent).join(' ')];
    }"""
    for typed, expected in REAL + NATIONS:
        kind, names, words = page.evaluate(script, [typed])
        assert kind == "found", typed
        assert expected in words, (typed, words)
        python = look_up(load_table(), typed)
        assert python.kind == "found"
    # A split district asks; a split sector's units decide; a unit not listed is not guessed.
    kind, names, _ = page.evaluate(script, ["RH6"])
    assert kind == "choose" and {"Surrey County Council", "West Sussex County Council"} <= set(names)
    kind, names, _ = page.evaluate(script, ["AL5 3"])
    assert kind == "choose" and set(names) == {"Hertfordshire County Council", "Central Bedfordshire Council"}
    assert page.evaluate(script, ["AL5 3AB"])[1] == ["Hertfordshire County Council"]
    assert page.evaluate(script, ["AL5 3AC"])[0] == "not-found"
    # W1A's units are split between boroughs; the BBC's Broadcasting House is in Westminster.
    assert page.evaluate(script, ["W1A 1AA"])[1] == ["City of Westminster"]
    assert errors == []
    context.close()
