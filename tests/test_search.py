"""Search, in Debian's Chromium against the built example site served over HTTP on
loopback under the Content-Security-Policy of docs/hosting.md."""

import gzip
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from .conftest import ROOT, axe_report, open_page

pytestmark = pytest.mark.browser

COUNCILS = ROOT / "content" / "councils"


def council_names() -> dict[str, str]:
    return {p.stem: yaml.safe_load(p.read_text())["name"] for p in sorted(COUNCILS.glob("*.yml"))}


# A finished search: the results are not busy and the status line gives the count, or says none.
_FINISHED_SEARCH = """previous => {
  const list = document.getElementById("search-results"), status = document.getElementById("search-status");
  if (list.getAttribute("aria-busy") !== "false" || !/result|No results/.test(status.innerText)) return false;
  const titles = [...list.querySelectorAll(".result__title")].map((title) => title.innerText);
  return JSON.stringify([status.innerText, titles]) !== previous;
}"""


def wait_for_results(page, previous=None):
    """Wait until the page shows a finished search (other than `previous`); return its status and titles."""
    page.wait_for_function(_FINISHED_SEARCH, arg=json.dumps(list(previous)) if previous else "")
    status_line, results = page.locator("#search-status"), page.locator("#search-results")
    return status_line.inner_text(), results.locator(".result__title").all_inner_texts()


def search(page, base, query: str = "", **params):
    q = "&".join([f"q={query}"] + [f"{k}={v}" for k, values in params.items() for v in values])
    page.goto(f"{base}/search/?{q}")
    return wait_for_results(page)


def test_every_place_finds_its_council_first(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/")
    names = council_names()
    checked = 0
    for slug in names:
        for place in yaml.safe_load((COUNCILS / f"{slug}.yml").read_text()).get("places", []):
            status, titles = search(page, example_url, place)
            assert titles and titles[0] == names[slug], (place, titles)
            checked += 1
    assert checked >= 30
    context.close()
    assert errors == []


def test_a_place_beats_a_passing_mention_elsewhere(browser, example_url):
    # Eastport is one of Northvale's places; Harthill's findings mention it as often as Northvale's do.
    assert "Eastport" in (COUNCILS / "harthill.yml").read_text()
    context, page, errors = open_page(browser, example_url + "/search/?q=Eastport")
    status, titles = wait_for_results(page)
    assert titles[:2] == ["Northvale Council", "Harthill Metropolitan Borough Council"]
    assert status.startswith("2 results for “Eastport”")
    context.close()
    assert errors == []


def test_a_phrase_in_one_statement_links_to_that_statement(browser, example_url):
    phrase = "eighteenth birthday"
    # The premise: the phrase occurs in one council file only, in one statement's findings.
    holders = [p.stem for p in COUNCILS.glob("*.yml") if phrase in p.read_text()]
    assert holders == ["kingsmere"]
    findings = yaml.safe_load((COUNCILS / "kingsmere.yml").read_text())["assessments"][0]["statements"]
    assert [sid for sid, entry in findings.items() if phrase in entry.get("findings", "")] == ["safe-systems"]

    context, page, errors = open_page(browser, example_url + "/search/")
    status, titles = search(page, example_url, f'"{phrase}"')
    assert titles == ["Kingsmere London Borough Council"]
    result = page.locator("#search-results .result").first
    where = result.locator(".result__where a")
    assert where.get_attribute("href") == "/councils/kingsmere/#safe-systems"
    assert where.inner_text() == "Safe systems, pathways and transitions"
    marked = result.locator(".result__excerpt mark").all_inner_texts()
    assert [m.lower().strip(".") for m in marked] == ["eighteenth", "birthday"]
    where.click()
    page.wait_for_url("**/councils/kingsmere/#safe-systems")
    assert page.locator("#safe-systems").is_visible()
    context.close()
    assert errors == []


def test_filters_and_sort_change_results_and_the_url_restores_them(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/")
    page.wait_for_selector("#search-form:not([hidden])")
    page.get_by_label("Outstanding").check()
    status, titles = wait_for_results(page)
    assert sorted(titles) == ["Harthill Metropolitan Borough Council"]  # Ashcombe, re-assessed, is now good
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Order results by").select_option("score-asc")
    status, titles = wait_for_results(page, previous=(status, titles))
    # Good and outstanding, lowest score first. The three re-assessed under the revised framework
    # have a declared rating and no score out of 100: they sort as 0, first. Then 64, 69, 72, 75, 94.
    assert sorted(titles[:3]) == ["Ashcombe County Council", "Marshfield County Council", "Westbrook Council"]
    assert titles[3:] == [
        "Northvale Council",
        "Southmoor Borough Council",
        "Greyhaven Council",
        "Hollowford County Council",
        "Harthill Metropolitan Borough Council",
    ]
    assert status == "8 results with the filters chosen."
    page.locator("fieldset", has_text="Region").get_by_label("North East").check()
    status, titles = wait_for_results(page, previous=(status, titles))
    assert titles == ["Northvale Council", "Harthill Metropolitan Borough Council"]
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {
        "sort": ["score-asc"],
        "rating": ["Outstanding", "Good"],
        "region": ["North East"],
    }

    # Someone opens the shared link: the same view, controls included.
    context2, page2, errors2 = open_page(browser, shared)
    status2, titles2 = wait_for_results(page2)
    assert (status2, titles2) == (status, titles)
    assert page2.get_by_label("Order results by").input_value() == "score-asc"
    assert page2.get_by_label("Outstanding").is_checked() and not page2.get_by_label("Inadequate").is_checked()

    # Back goes to the search before the last filter.
    page.go_back()
    status, titles = wait_for_results(page, previous=(status, titles))
    assert len(titles) == 8
    for c in (context, context2):
        c.close()
    assert errors == [] and errors2 == []


def test_sorting_by_date_keeps_every_council(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/")
    published = {}
    for p in COUNCILS.glob("*.yml"):
        data = yaml.safe_load(p.read_text())
        published[data["name"]] = max((a["published"] for a in data.get("assessments", [])), default=None)
    # A word every council page has: its findings heading or, when not assessed, its notice.
    status, titles = search(page, example_url, "council", sort=["published-desc"])
    assert len(titles) == 10 and status.startswith(f"{len(published)} results")  # ten at a time
    while page.locator("#search-more").is_visible():
        page.locator("#search-more").click()
        more = page.locator("#search-results .result__title").nth(len(titles))
        more.wait_for()
        assert more.locator("a").evaluate("a => a === document.activeElement")  # focus moves to the new results
        titles = page.locator("#search-results .result__title").all_inner_texts()
    councils_found = [t for t in titles if t in published]
    assert set(councils_found) == set(published)  # none drops out of a sorted search
    dates = [published[t] for t in councils_found]
    assert dates == sorted(dates, key=lambda d: (d is not None, d), reverse=True)
    context.close()
    assert errors == []


def test_the_header_box_leads_to_search_results(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/councils/")
    page.get_by_role("search").get_by_label("Search councils and findings").fill("Kettleby")
    page.get_by_role("search").get_by_role("button", name="Search").press("Enter")
    page.wait_for_url("**/search/?q=Kettleby")
    status, titles = wait_for_results(page)
    assert titles[0] == "Southmoor Borough Council"
    assert page.get_by_label("Search for a place, a council or words in the findings").input_value() == "Kettleby"
    context.close()
    assert errors == []


def index_records(site: Path) -> dict[str, dict]:
    """Pagefind's record of each indexed page, by URL: its words, meta, filters and sections."""
    records = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])  # after Pagefind's short binary header
        records[record["url"]] = record
    return records


def test_only_page_content_is_indexed(example_site):
    records = index_records(example_site)
    names = council_names()
    assert sorted(records) == sorted(
        [f"/councils/{slug}/" for slug in names] + ["/about-the-ratings/", "/accessibility/"]
    )  # no home, A to Z, search, 404, redirect or per-assessment page
    chrome = [
        "Skip to main content",  # skip link
        "Every council on this site is fictional",  # example-data banner
        "not run or endorsed by",  # footer
        "Councils A to Z",  # navigation
        "Search councils and findings",  # header search box
        "Embed this rating",  # the embed section, the same on every council page
        "Cite this page",
        "Printed from",  # print-only line
        "What this asks of a council",  # the framework's words, repeated on every page
    ]
    for url, record in records.items():
        assert not [words for words in chrome if words in record["content"]], url
    for slug, name in names.items():
        data = yaml.safe_load((COUNCILS / f"{slug}.yml").read_text())
        record = records[f"/councils/{slug}/"]
        assert record["meta"]["title"] == name
        for place in data.get("places", []):
            assert place in record["content"]
        if data["assessments"]:
            first_sentence = " ".join(data["assessments"][0]["summary"].split()).split(". ")[0]
            assert first_sentence in " ".join(record["content"].split())


def test_words_only_in_the_page_chrome_find_nothing(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/")
    for words in ("skip", "fictional"):  # the skip link, the example-data banner
        status, titles = search(page, example_url, words)
        assert titles == [], words
        assert status.startswith("No results")
    context.close()
    assert errors == []


def test_search_page_with_results_has_no_axe_violations(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/?q=waiting&rating=Good")
    status, titles = wait_for_results(page)
    assert titles and page.locator("#search-results mark").count() > 0
    report = axe_report(page)
    context.close()
    assert errors == []
    assert report.violations_count == 0, report.generate_report()


def test_without_javascript_the_search_page_says_so(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/search/?q=Eastport", java_script_enabled=False)
    assert page.locator("#search-form").is_hidden()
    notice = page.locator("#search-unavailable")
    assert "needs JavaScript and WebAssembly" in notice.inner_text()
    assert notice.get_by_role("link", name=re.compile("A to Z")).get_attribute("href") == "../councils/"
    # One search box on the search page: the header's is left out, and here the page's own
    # cannot run, so there is none. Elsewhere the header box is a plain form, so it still works.
    assert page.locator("input[type=search]:visible").count() == 0
    page.goto(example_url + "/councils/")
    page.get_by_role("search").get_by_label("Search councils and findings").fill("Helmside")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=Helmside")
    context.close()


def test_no_inline_script_style_or_handler_in_any_page(example_site):
    # JSON data blocks (JSON-LD, the side-by-side tool's data) are never run, so a CSP does not apply to them.
    data_block = r'type="application/(?:ld\+)?json"'
    inline = re.compile(rf"<script(?![^>]*\b(?:src=|{data_block}))[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    pages = sorted(Path(example_site).rglob("*.html"))
    assert len(pages) > 15
    offenders = [str(p.relative_to(example_site)) for p in pages if inline.search(p.read_text())]
    assert offenders == []


def test_pagefind_reads_only_the_pages_it_indexes():
    from generator.search import indexed_glob

    glob = indexed_glob(["index.html", "guides/step{1}/index.html", "about/index.html"])
    assert glob == "{about/index.html,guides/step\\{1\\}/index.html,index.html,councils/*/index.html}"


def test_the_index_is_left_only_once_every_file_is_whole(tmp_path):
    # Pagefind may answer "written" before its files are (its issue #1271): a file cut short
    # must hold the build back, and in the end fail it, rather than ship a broken search.
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from generator.search import _until_whole

    def wait(timeout):  # in a thread of its own: the browser tests keep an event loop running in this one
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, _until_whole(tmp_path, timeout=timeout)).result()

    (tmp_path / "fragment").mkdir()
    whole = gzip.compress(b"pagefind_dcd" + b"x" * 10_000, mtime=0)
    (tmp_path / "pagefind-entry.json").write_text('{"version": "1.5.2", "languages": {}}')
    (tmp_path / "fragment" / "en_1.pf_fragment").write_bytes(whole)
    wait(1)  # returns: everything is whole
    (tmp_path / "fragment" / "en_1.pf_fragment").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(RuntimeError, match="still incomplete"):
        wait(0.2)
    (tmp_path / "fragment" / "en_1.pf_fragment").write_bytes(whole)
    (tmp_path / "pagefind-entry.json").write_text("")  # created, not yet written
    with pytest.raises(RuntimeError, match="still incomplete"):
        wait(0.2)
