"""For councils and sharing: permanent addresses, redirects, badges, previews,
citation, structured data and print."""

import io
import json
import re
import shutil
import struct
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser

import pytest
import yaml
from PIL import Image

from generator import model
from generator.badges import BadgeFacts
from generator.loader import load_councils
from generator.pages import SiteInfo, council_page, current_assessment_page
from generator.previews import (
    FRAME,
    _background,
    _background_bands,
    _font,
    draw_preview,
    encode_png,
    fit_name,
    preview_png,
)

from . import test_counts as counted
from .conftest import EXAMPLE_FRAMEWORKS, ROOT, build_site, copy_site_sources, gate_missing, open_page
from .test_build import files_of

FRAMEWORKS = EXAMPLE_FRAMEWORKS
FW = FRAMEWORKS.site
COUNCILS = load_councils(ROOT / "content" / "councils", FRAMEWORKS).councils
SVG = "{http://www.w3.org/2000/svg}"


class _Head(HTMLParser):
    """The <meta>, <link> and JSON-LD of a page's head."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.json_ld: list = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a or "http-equiv" in a):
            self.meta[a.get("property") or a.get("name") or a["http-equiv"]] = a["content"]
        elif tag == "link":
            self.links[a["rel"]] = a["href"]
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False


def head_of(path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text())
    return parser


def text_of(path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text()).split())


def test_gss_code_addresses_redirect_to_the_council(example_site):
    for council in COUNCILS:
        page = example_site / "councils" / "by-code" / council.gss_code / "index.html"
        head = head_of(page)
        assert head.meta["refresh"] == f"0; url=../../{council.slug}/"
        assert head.meta["robots"] == "noindex"
        assert head.links["canonical"] == f"https://example.org/councils/{council.slug}/"
        assert f'<a href="../../{council.slug}/">{council.name}</a>' in page.read_text()  # a visible link too


def test_previous_slugs_redirect_with_their_assessments_and_keep_their_badges(example_site):
    westbrook = next(c for c in COUNCILS if c.slug == "westbrook")
    assert westbrook.previous_slugs == ("westbrook-and-orley",)
    old = example_site / "councils" / "westbrook-and-orley"
    assert head_of(old / "index.html").meta["refresh"] == "0; url=../westbrook/"
    for a in westbrook.assessments:
        day = a.published.isoformat()
        assert head_of(old / day / "index.html").meta["refresh"] == f"0; url=../../westbrook/{day}/"
    assert head_of(old / "easy-read" / "index.html").meta["refresh"] == "0; url=../../westbrook/easy-read/"
    for badge in ("badge.svg", "badge-dark.svg"):  # embeds made before the rename keep working
        assert (old / badge).read_bytes() == (example_site / "councils" / "westbrook" / badge).read_bytes()


def test_redirects_and_repeated_pages_stay_out_of_the_sitemap(example_site):
    sitemap = (example_site / "sitemap.xml").read_text()
    assert "https://example.org/councils/southmoor/2024-05-09/</loc>" in sitemap  # superseded: its own page
    assert (
        "https://example.org/councils/southmoor/2025-09-18/</loc>" not in sitemap
    )  # current: repeats the council page
    assert "by-code" not in sitemap and "westbrook-and-orley" not in sitemap
    for council in COUNCILS:
        assert f"https://example.org/councils/{council.slug}/</loc>" in sitemap


def test_every_assessment_has_a_permanent_page(example_site):
    southmoor = example_site / "councils" / "southmoor"
    old, current = southmoor / "2024-05-09" / "index.html", southmoor / "2025-09-18" / "index.html"
    old_text = text_of(old)
    assert "Superseded by the assessment of 18 September 2025." in old_text
    assert "Requires improvement" in old_text and "56 out of 100" in old_text
    assert "Over 600 people were waiting for an assessment" in old_text  # the 2024 summary, as it was
    assert "Read the current assessment of Southmoor Borough Council" in old_text
    assert head_of(old).links["canonical"] == "https://example.org/councils/southmoor/2024-05-09/"
    current_text = text_of(current)
    assert "Superseded" not in current_text and "the current one" in current_text
    assert head_of(current).links["canonical"] == "https://example.org/councils/southmoor/"
    page = (southmoor / "index.html").read_text()
    assert '<a href="2025-09-18/">Assessment published 18 September 2025</a> (current)' in page
    assert '<a href="2024-05-09/">Assessment published 9 May 2024</a>' in page
    # Not yet assessed: no assessment pages, and nothing claims one.
    assert [p.name for p in (example_site / "councils" / "thornbury-heath").iterdir() if p.is_dir()] == []


@pytest.mark.parametrize("council", COUNCILS, ids=lambda c: c.slug)
def test_badge_is_svg_stating_the_current_rating_and_score(example_site, council):
    a = council.current
    expected = counted.CURRENT[council.slug]  # by hand, not by the model
    for name in ("badge.svg", "badge-dark.svg"):
        root = ET.parse(example_site / "councils" / council.slug / name).getroot()
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title = root.find(f"{SVG}title").text
        shown = " ".join(t.text for t in root.iter(f"{SVG}text"))
        assert council.name in title
        assert "the Council Care Ratings example project" in title  # the publisher, never the regulator
        if expected is None:
            assert "not yet assessed" in title and "Not yet assessed" in shown
            continue
        rating, percent = expected
        name = rating.replace("-", " ")
        # A declared rating has no score: the badge says whose judgement it is instead.
        score = f"{percent} out of 100" if percent is not None else "judged by the regulator"
        assert f"{name}, {score}" in title
        assert name in shown.lower() and score.lower() in shown.lower()
        framework = FRAMEWORKS.of(a.framework)
        assert f"under the {framework.label}" in title and f"Under the {framework.label}" in shown
        assert root.get("data-framework") == framework.id
        assert f"{a.published.day} {a.published:%B %Y}" in shown
        assert ("Indicative" in shown) == (a.kind == "indicative")


def test_embed_code_is_an_image_link_with_no_script(example_site):
    page = (example_site / "councils" / "northvale" / "index.html").read_text()
    code = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, flags=re.S).group(1)
    html = code.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&amp;", "&")
    assert re.fullmatch(
        r'<a href="https://example\.org/councils/northvale/"><img src="https://example\.org/councils/northvale/badge\.svg"'
        r' alt="Northvale Council: adult social care good, 64 out of 100, published 1 June 2025,'
        r' under the 2023 assessment framework\. Source: [^"]+\."'
        r' width="340" height="\d+"></a>',
        html,
    ), html


@pytest.mark.parametrize("council", COUNCILS, ids=lambda c: c.slug)
def test_share_preview_and_structured_data(example_site, council):
    head = head_of(example_site / "councils" / council.slug / "index.html")
    image_url = f"https://example.org/councils/{council.slug}/preview.png"
    assert head.meta["og:image"] == image_url and head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:url"] == head.links["canonical"] == f"https://example.org/councils/{council.slug}/"
    with Image.open(example_site / "councils" / council.slug / "preview.png") as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        assert (int(head.meta["og:image:width"]), int(head.meta["og:image:height"])) == image.size
    (data,) = head.json_ld
    org = data["@graph"][0]
    assert org["@type"] == "GovernmentOrganization" and org["name"] == council.name
    assert org["identifier"]["value"] == council.gss_code
    if council.current:
        review = data["@graph"][1]
        rating, percent = counted.CURRENT[council.slug]  # by hand, not by the model
        # A declared rating has no percentage: its place, lowest 1 (inadequate) to 4 (outstanding).
        declared_place = ["inadequate", "requires-improvement", "good", "outstanding"].index(rating) + 1
        assert review["reviewRating"]["ratingValue"] == (percent if percent is not None else declared_place)
        assert review["datePublished"] == council.current.published.isoformat()
        assert review["itemReviewed"]["@id"] == org["@id"]
    else:
        assert len(data["@graph"]) == 1


def test_long_names_shrink_and_wrap_to_fit_the_preview():
    width = 1200 - 2 * 64
    size, lines = fit_name("Northvale Council", width)
    assert (size, lines) == (72, ["Northvale Council"])
    long_name = "The Royal Borough of Kingsmere, Eddington Green and Holloway Reach Metropolitan District Council"
    size, lines = fit_name(long_name, width)
    assert size < 72 and 2 <= len(lines) <= 3
    assert " ".join(lines) == long_name
    assert all(_font(size).getlength(line) <= width for line in lines)


def _idat(png: bytes) -> bytes:
    """The image data of a PNG, inflated: zlib checks its Adler-32 checksum as it does."""
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    return zlib.decompress(data)


@pytest.mark.parametrize(
    "name",
    ["Northvale Council", "The Royal Borough of Kingsmere, Eddington Green and Holloway Reach Metropolitan District"],
)
def test_previews_compressed_in_bands_decode_to_the_image_drawn(name):
    """Bands shared with the background are compressed once, and only the rows drawn on are
    read again; the file must still hold every pixel, under a correct checksum."""
    facts = BadgeFacts(name, "good", "Good", 64, "1 June 2025", False, "A publisher")
    drawn, _ = draw_preview(facts, "A site", example_data=True)
    png = preview_png(facts, "A site", example_data=True)
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.mode == "P" and image.size == (1200, 630)
        shown = image.convert("RGB")
    assert shown.tobytes() == drawn.crop((FRAME, 0, FRAME + 1200, 630)).convert("RGB").tobytes()
    background = _background("A site")  # drawn right of a blank first column
    assert background.size == (FRAME + 1200, 630)
    assert shown.tobytes() != background.crop((FRAME, 0, FRAME + 1200, 630)).convert("RGB").tobytes()  # text is there
    assert len(_idat(png)) == 630 * (1 + 1200)
    for changed_rows in [(), (0, 1), (9, 10), (29, 30), (200, 329), (629,), tuple(range(630))]:
        image = background.copy()
        for y in changed_rows:
            image.putpixel((FRAME + y % 1200, y), 5)
        png = encode_png(image, _background_bands("A site"), [(y, y + 1) for y in changed_rows])
        assert _idat(png) == image.tobytes(), changed_rows  # rows led by filter 0: the blank first column
        with Image.open(io.BytesIO(png)) as decoded:
            expected = image.crop((FRAME, 0, FRAME + 1200, 630)).convert("RGB")
            assert decoded.convert("RGB").tobytes() == expected.tobytes(), changed_rows


def test_cite_this_page(example_site):
    page = text_of(example_site / "councils" / "northvale" / "index.html")
    assert (
        "Northvale Council: adult social care assessment, published 1 June 2025. "
        "The Council Care Ratings example project. https://example.org/councils/northvale/2025-06-01/"
    ) in page


def test_two_sources_claiming_one_address_fail_the_build_naming_both(tmp_path):
    config = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    site = tmp_path / "site"
    assert build_site(config, site).returncode == 0
    before = files_of(site)
    westbrook = tmp_path / "content" / "councils" / "westbrook.yml"
    westbrook.write_text(
        westbrook.read_text().replace("previous_slugs: [westbrook-and-orley]", "previous_slugs: [northvale]")
    )
    stray = tmp_path / "content" / "councils" / "by-code" / "E08000901.md"
    stray.parent.mkdir()
    stray.write_text("# A page someone wrote by hand\n")
    result = build_site(config, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "content/councils/westbrook.yml:9:17: previous_slugs: address /councils/northvale/ "
        "is also claimed by content/councils/northvale.yml" in result.stderr
    )
    assert (
        "content/councils/southmoor.yml:3:11: gss_code: address /councils/by-code/E08000901/ "
        "is also claimed by content/councils/by-code/E08000901.md" in result.stderr
    )
    assert files_of(site) == before


@pytest.mark.browser
def test_redirect_pages_take_the_browser_to_the_council(browser, example_url):
    context, page, errors = open_page(browser, example_url + "/councils/by-code/E06000901/")
    page.wait_for_url("**/councils/northvale/")
    assert page.get_by_role("heading", level=1).inner_text() == "Northvale Council"
    page.goto(example_url + "/councils/westbrook-and-orley/2025-03-20/")
    page.wait_for_url("**/councils/westbrook/2025-03-20/")
    context.close()
    assert errors == []


@pytest.mark.browser
def test_copy_buttons_copy_the_embed_code_and_the_citation(browser, example_url):
    from playwright.sync_api import expect

    context, page, errors = open_page(browser, example_url + "/councils/northvale/")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the HTML").click()
    expect(page.locator("section.embed .copy-status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#embed-code").input_value() and copied.startswith('<a href="https://example.org/')
    page.get_by_role("button", name="Copy the citation").click()
    expect(page.locator("#citation ~ .copyable__actions .copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        "https://example.org/councils/northvale/2025-06-01/"
    )
    context.close()
    assert errors == []


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


@pytest.mark.browser
@pytest.mark.parametrize("slug", ["northvale", "southmoor"])
def test_council_page_prints_to_a4_with_every_finding(browser, example_url, tmp_path, slug):
    if not shutil.which("pdftotext"):
        gate_missing("pdftotext (Debian's poppler-utils)")
    context, page, errors = open_page(browser, f"{example_url}/councils/{slug}/")
    pdf = tmp_path / f"{slug}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)  # the page size comes from the print stylesheet
    context.close()
    text = _plain(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout)
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Page size: .*\(A4\)$", size, flags=re.M), size
    data = yaml.safe_load((ROOT / "content" / "councils" / f"{slug}.yml").read_text())
    a = max(data["assessments"], key=lambda a: a["published"])
    council = next(c for c in COUNCILS if c.slug == slug)
    result = model.overall_result(council.current, FRAMEWORKS.of(council.current.framework))
    assert data["name"] in text
    assert result.rating.name in text and f"{result.percent} out of 100" in text
    assert _plain(a["summary"]) in text
    for statement_id, entry in a["statements"].items():
        assert _plain(entry["findings"]) in text, statement_id
    # No navigation, banner, search box or embed section on paper; external link targets printed.
    for chrome in ("Skip to main content", "Councils A to Z", "Search councils and findings", "Embed this rating"):
        assert chrome not in text
    if a.get("report_url"):
        assert f"({a['report_url']})" in text.replace(" ", "")
    assert "Example data" in text  # the fictional content stays labelled on paper


@pytest.mark.browser
@pytest.mark.parametrize("slug", ["northvale", "ashcombe"])
def test_easy_read_page_prints_to_a4_as_a_readable_document(browser, example_url, tmp_path, slug):
    if not shutil.which("pdftotext"):
        gate_missing("pdftotext (Debian's poppler-utils)")
    context, page, errors = open_page(browser, f"{example_url}/councils/{slug}/easy-read/")
    page.emulate_media(media="print")
    body_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.easy-read p')).fontSize)")
    pdf = tmp_path / f"{slug}-easy-read.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    context.close()
    text = _plain(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout)
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Page size: .*\(A4\)$", size, flags=re.M), size
    assert body_size >= 14 * 96 / 72 - 0.01  # 14 pt on paper, as on screen
    council = next(c for c in COUNCILS if c.slug == slug)
    result = model.overall_result(council.current, FRAMEWORKS.of(council.current.framework))
    assert f"{council.name}: Easy Read" in text
    assert f"The rating for {council.name} is {result.rating.name}." in text
    for heading in ("Who checked the council", "What they said", "What happens next", "Hard words"):
        assert heading in text
    for chrome in ("Skip to main content", "Councils A to Z", "Search councils and findings"):
        assert chrome not in text
    assert f"({council.current.report_url})" in text.replace(" ", "")  # where the full report is, on paper
    assert "Example data" in text


def test_the_current_assessments_permanent_page_is_the_council_page_as_its_own():
    """Worked out from the council page (to save work per council), it must be the same as
    worked out on its own: every field, down to which assessment link is this page."""
    site = SiteInfo("https://example.org/", "A site", "A publisher", FW.regulator, example_data=True)
    for council in load_councils(ROOT / "content" / "councils", FRAMEWORKS).councils:
        if council.assessments:
            on_its_own = council_page(council, FRAMEWORKS, site, shown=0, dated=True)
            assert current_assessment_page(council_page(council, FRAMEWORKS, site, similar=object())) == on_its_own
            assert [link.is_this_page for link in on_its_own.assessments][0] is True
