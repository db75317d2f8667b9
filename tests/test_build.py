"""The built site: determinism, safe failure, sanitised content, links, golden pages."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import ROOT, build_site, copy_site_sources, in_ci

GOLDENS = ROOT / "tests" / "goldens"
GOLDEN_PAGES = [
    "index.html",  # the home page's counts
    "councils/fixture-southmoor/index.html",
    "councils/hostile-vale/index.html",
    "councils/not-yet-fixture/index.html",
    "councils/fixture-reassessed/index.html",  # under two frameworks, the newer with a declared rating
    "councils/index.html",
    "compare/index.html",
    "compare/frameworks/revised-example/index.html",
    "compare/what-changed/index.html",  # a change within one framework and one across two
]


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_example_site_has_every_page_type(example_site):
    for page in [
        "index.html",
        "404.html",
        "councils/index.html",
        "councils/northvale/index.html",
        "councils/thornbury-heath/index.html",
        "about-the-ratings/index.html",
        "accessibility/index.html",
        "search/index.html",
        "pagefind/pagefind.js",
    ]:
        assert (example_site / page).is_file(), page
    assert not list(example_site.rglob("*.yml")), "content files must not be published"


def test_two_builds_are_byte_identical(tmp_path, example_site):
    again = tmp_path / "again"
    result = build_site(ROOT / "site.yml", again)
    assert result.returncode == 0, result.stderr
    first, second = files_of(example_site), files_of(again)
    # The search bundle included: Pagefind's own filter and metadata indexes vary from run
    # to run (Pagefind issue #638) until generator/search.py puts them in order.
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    # One fragment per page searched: the 12 council pages (content/councils), the about and accessibility pages.
    councils = len(list((ROOT / "content" / "councils").glob("*.yml")))
    assert councils == 12
    assert len([k for k in first if k.startswith("pagefind/fragment/")]) == councils + 2
    assert (
        len([k for k in first if k.startswith("pagefind/filter/")]) == 5
    )  # one per filter: rating, region, type, kind and framework
    # Both builds ran from the project folder: the search bundle went into the sites, nowhere else.
    assert not (ROOT / "pagefind").exists()


def test_broken_content_fails_the_build_and_keeps_the_previous_site(tmp_path):
    config = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    site = tmp_path / "site"
    assert build_site(config, site).returncode == 0
    before = files_of(site)
    northvale = tmp_path / "content" / "councils" / "northvale.yml"
    northvale.write_text(northvale.read_text().replace("region: north-east", "region: north-eats"))
    result = build_site(config, site)
    assert result.returncode == 1
    assert (
        "content/councils/northvale.yml:5:9: region: unknown region 'north-eats'; "
        "did you mean 'north-east'?" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert files_of(site) == before
    assert not (tmp_path / "site.building").exists()


def test_content_warnings_fail_a_strict_build_and_keep_the_previous_site(tmp_path):
    config = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    site = tmp_path / "site"
    assert build_site(config, site).returncode == 0
    before = files_of(site)
    westbrook = tmp_path / "content" / "councils" / "westbrook.yml"
    westbrook.write_text(
        westbrook.read_text().replace(
            "          Transitions and hospital discharge are well planned.\n", "          \n"
        )
    )
    result = build_site(config, site)
    assert result.returncode == 1
    assert "scored statement has no findings" in result.stderr
    assert result.stderr.count("westbrook.yml") == 1  # reported once, not once more at the end
    assert files_of(site) == before


class _Elements(HTMLParser):
    """Every element of a page with its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def test_hostile_markdown_never_reaches_a_page_as_markup(fixture_site):
    html = (fixture_site / "councils" / "hostile-vale" / "index.html").read_text()
    parser = _Elements()
    parser.feed(html)
    tags = [tag for tag, _ in parser.elements]
    for dangerous in ("iframe", "style", "object", "embed", "base"):
        assert dangerous not in tags, dangerous
    assert all(set(a) <= {"charset", "name", "content", "property"} for t, a in parser.elements if t == "meta")
    assert tags.count("svg") == 1  # the band scale's, from the theme
    # Images: the theme's Easy Read picture and two badges, nothing from the content.
    images = [a["src"] for t, a in parser.elements if t == "img"]
    assert images == ["../../pictograms/page.svg", "badge.svg", "badge-dark.svg"]
    # Scripts: the theme's copy buttons and the JSON-LD data block, in which no "<" can close the element.
    scripts = [a for t, a in parser.elements if t == "script"]
    assert scripts == [{"type": "application/ld+json"}, {"type": "module", "src": "../../js/copy.js"}]
    json_ld = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in json_ld and "\\u003cscript" in json_ld
    assert [a.get("action") for t, a in parser.elements if t == "form"] == ["../../search/"]  # the header search
    assert tags.count("input") == 1 and tags.count("textarea") == 1  # the search box; the embed code
    for tag, attrs in parser.elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            assert not attrs.get(name, "").strip().lower().startswith(("javascript:", "data:")), (tag, attrs)
    # The ordinary Markdown around it survives.
    assert "<h3>A heading from the author</h3>" in html
    assert "<blockquote>" in html and "<strong>bold</strong>" in html
    assert "<table>" in html and "<td>cell</td>" in html
    assert "Leadership narrative." in html and "People said things." in html
    # Text that looks like markup is shown as text.
    assert "Hostile Vale Council &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_easy_read_text_never_reaches_its_page_as_markup(fixture_site):
    html = (fixture_site / "councils" / "hostile-vale" / "easy-read" / "index.html").read_text()
    parser = _Elements()
    parser.feed(html)
    tags = [tag for tag, _ in parser.elements]
    for dangerous in ("script", "iframe", "style", "object", "embed", "base"):
        assert dangerous not in tags, dangerous
    assert {a["src"].rsplit("/", 1)[0] for t, a in parser.elements if t == "img"} == {"../../../pictograms"}
    for tag, attrs in parser.elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not attrs.get("href", "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert "Short words" in html and "A picture." in html and "A link" in html  # the words survive
    assert "&lt;b onclick=&#34;alert(12)&#34;&gt;A group&lt;/b&gt;" in html  # a name, shown as text


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "link", "img", "script"):
                self.links.append(a[attr])


def test_no_broken_internal_links_or_anchors(example_site, fixture_site):
    for site in (example_site, fixture_site):
        assert broken_links(site) == []


def broken_links(site: Path) -> list[str]:
    """Every relative link in a built site whose page or anchor is missing."""
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue  # its links are absolute from the site root, checked on other pages
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return broken


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text())
    return parser


def refresh_if_asked(golden: Path, built: str) -> None:
    """`make goldens` sets UPDATE_GOLDENS to write the built page as the golden."""
    if os.environ.get("UPDATE_GOLDENS"):
        if in_ci():  # in CI a golden is read, never written: refreshing it there would pass whatever was built
            pytest.fail("UPDATE_GOLDENS is refused in CI: run `make goldens` locally and review the diff")
        golden.write_text(built)


def test_goldens_are_not_refreshed_in_ci(tmp_path, monkeypatch):
    golden = tmp_path / "page.html"
    golden.write_text("reviewed")
    monkeypatch.setenv("UPDATE_GOLDENS", "1")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="refused in CI"):
        refresh_if_asked(golden, "built")
    assert golden.read_text() == "reviewed"
    monkeypatch.delenv("CI")
    monkeypatch.delenv("REQUIRE_GATES", raising=False)
    refresh_if_asked(golden, "built")
    assert golden.read_text() == "built"


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_pages(fixture_site, page):
    """Refresh with `make goldens` after an intended change, and review the diff."""
    built = (fixture_site / page).read_text()
    golden = GOLDENS / page.replace("/", "__")
    refresh_if_asked(golden, built)
    assert golden.exists(), "run `make goldens` to create the golden files"
    assert built == golden.read_text()


def test_council_page_order_and_wording(example_site):
    html = (example_site / "councils" / "northvale" / "index.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    order = [
        "Northvale Council",
        "Published 1 June 2025 · assessed March 2025",
        "Summary",
        "Ratings at a glance",
        "What people told us",
        "Strengths",
        "Areas for improvement",
        "Working with people",
        "How this rating was worked out",
        "Local context",
        "Full report and links",
    ]
    at = 0
    for item in order:  # each found after the one before it
        at = text.index(item, at)
    assert "Good 64 out of 100 · lower end of good, nearer requires improvement" in text
    assert "2 — Evidence shows some shortfalls" in text
    assert "One point lower on any statement would make this requires improvement." in text
    assert "worked out by this site from the statement scores" in text
    assert 'id="assessing-needs"' in html and 'href="#assessing-needs"' in html


def test_special_cases_are_shown_plainly(example_site):
    def text(slug):
        html = (example_site / "councils" / slug / "index.html").read_text()
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    assert "Indicative (pilot) — not a formal rating" in text("greyhaven")
    assert "has not been assessed yet" in text("thornbury-heath")
    assert "Equity in experience and outcomes" in text("riverton") and "Not scored" in text("riverton")
    first = "marshfield/2025-02-27"  # its first assessment: the one it had before its re-assessment
    assert "14 out of a possible 36" in text(first) and "38.9%, which rounds to 39" in text(first)
    southmoor = text("southmoor")
    assert "Previous assessments and what changed" in southmoor
    assert "up from requires improvement (56 out of 100) to good (69 out of 100)" in southmoor


def test_example_banner_and_constant_navigation(example_site):
    pages = list(example_site.rglob("index.html"))
    for page in pages:
        html = page.read_text()
        assert "Example data." in html
        assert html.count('<nav aria-label="Site">') == 1
        nav = html.split('<nav aria-label="Site">')[1].split("</nav>")[0]
        assert nav.count("<li>") == 5  # the same few links whatever the number of councils


def test_summaries_meet_the_brief():
    import yaml

    for path in (ROOT / "content" / "councils").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        if data["assessments"]:
            current = max(data["assessments"], key=lambda a: a["published"])
            words = len(current["summary"].split())
            assert 150 <= words <= 300, (path.name, words)


def test_shared_findings_match_rendering_each_page_in_full(tmp_path, example_site):
    # The council page and its current assessment's permanent page share one rendering of
    # the findings. Rendering every page in full instead (in a separate build) must give
    # the same bytes.
    in_full = (
        "from generator import site_writer\n"
        "site_writer.render_council_pages = lambda council, plan, renderer: {\n"
        "    site_writer.page_file(p.url): renderer.render(p).encode() for p in plan}\n"
        "from mkdocs.__main__ import cli\n"
        "cli()\n"
    )
    args = [sys.executable, "-c", in_full, "build", "-q", "-f", str(ROOT / "site.yml"), "-d", str(tmp_path / "site")]
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assessment_pages = list(example_site.glob("councils/*/????-??-??/index.html"))
    assert len(assessment_pages) > 10
    for page in assessment_pages + list(example_site.glob("councils/*/index.html")):
        in_full_page = tmp_path / "site" / page.relative_to(example_site)
        assert page.read_bytes() == in_full_page.read_bytes(), page


def test_links_made_to_work_one_folder_deeper():
    from generator.site_writer import one_level_deeper

    html = '<a href="./">me</a><a href="2025-01-02/">x</a><a href="../../compare/">y</a><a href="#s">z</a>'
    html += '<a href="https://example.org/">w</a><a href="mailto:a@b.c">m</a><img src="../x.svg" alt="">'
    assert str(one_level_deeper(html)) == (
        '<a href="../">me</a><a href="../2025-01-02/">x</a><a href="../../../compare/">y</a><a href="#s">z</a>'
        '<a href="https://example.org/">w</a><a href="mailto:a@b.c">m</a><img src="../../x.svg" alt="">'
    )
