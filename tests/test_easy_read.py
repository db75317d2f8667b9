"""The Easy Read page of every assessed council: short sentences made from the results,
people's own text where the content gives it, who checked it, and every kind of assessment
said in Easy Read words."""

import csv
import dataclasses
import gzip
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import model
from generator.loader import load_councils
from generator.pages import (
    EasyReadLink,
    EasyReadPage,
    EasyReadPoint,
    EasyReadRating,
    EasyReadWord,
    SiteInfo,
    easy_read_page,
    has_easy_read,
)
from generator.register import REGISTERS_DIR

from .conftest import EXAMPLE_FRAMEWORKS, ROOT, TODAY
from .test_loader import GOOD, problems_for

COUNCILS = load_councils(ROOT / "content" / "councils", EXAMPLE_FRAMEWORKS, TODAY).councils
SITE = SiteInfo("https://example.org/", "A site", "A publisher", "Care Quality Commission", example_data=True)
BANDED = EXAMPLE_FRAMEWORKS.site
DECLARED = EXAMPLE_FRAMEWORKS.of("revised-example")
MOST_WORDS = 15  # the Easy Read guides' longest sentence


def words_of(sentence: str) -> int:
    return len(sentence.split())


def sentences_in(text: str) -> list[str]:
    """Sentences as a reader meets them: split after a full stop, question or colon."""
    return [s for s in re.split(r"(?<=[.?!:])\s+", " ".join(text.split())) if s]


def generated_text(page: EasyReadPage) -> list[str]:
    """Every piece of generated text on the page's context, found by walking it."""
    found: list[str] = list(page.themes_intro)

    def walk(value: object) -> None:
        if isinstance(value, EasyReadPoint):
            found.extend(value.sentences)
            found.extend(value.listed)
        elif isinstance(value, EasyReadWord):
            found.extend(value.meaning)
        elif isinstance(value, EasyReadLink):
            found.extend([value.text, value.note])
        elif isinstance(value, EasyReadRating):
            found.append(value.meaning)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))

    walk(page)
    return found


def longest_register_name() -> str:
    lines = (REGISTERS_DIR / "english-councils-2025.csv").read_text().splitlines()
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return max((row["council_name"] for row in rows), key=lambda name: len(name.split()))


def variants(council: model.Council) -> list[model.Council]:
    """The council as it is, and its current assessment as every kind and case the page words:
    a pilot, a next assessment expected, a statement not scored, an earlier check under the same
    framework and under another, every score alike, and the longest council name there is."""
    a = council.current
    fw = EXAMPLE_FRAMEWORKS.of(a.framework)
    other = DECLARED if fw is BANDED else BANDED
    earlier = dataclasses.replace(a, published=date(2020, 1, 1))
    elsewhere = next(c.current for c in COUNCILS if c.current and EXAMPLE_FRAMEWORKS.of(c.current.framework) is other)
    elsewhere = dataclasses.replace(elsewhere, published=date(2020, 1, 1))
    first = next(iter(a.statements))
    out = [
        council,
        dataclasses.replace(council, name=longest_register_name()),
        dataclasses.replace(council, assessments=(dataclasses.replace(a, kind="indicative", next_expected=2031),)),
        dataclasses.replace(council, assessments=(a, earlier)),
        dataclasses.replace(council, assessments=(a, elsewhere)),
    ]
    unscored = {**a.statements, first: model.StatementEntry(first, None)}
    out.append(dataclasses.replace(council, assessments=(dataclasses.replace(a, statements=unscored),)))
    for score in range(fw.min_score, fw.max_score + 1):
        alike = {sid: model.StatementEntry(sid, score) for sid in a.statements}
        out.append(dataclasses.replace(council, assessments=(dataclasses.replace(a, statements=alike),)))
    return out


ASSESSED = [c for c in COUNCILS if has_easy_read(c, EXAMPLE_FRAMEWORKS)]


def test_every_assessed_example_council_and_no_other_has_an_easy_read_page():
    assert {c.slug for c in ASSESSED} == {c.slug for c in COUNCILS if c.assessments}
    assert {c.slug for c in COUNCILS} - {c.slug for c in ASSESSED} == {"thornbury-heath"}
    frameworks = {EXAMPLE_FRAMEWORKS.of(c.current.framework).id for c in ASSESSED}
    kinds = {c.current.kind for c in ASSESSED}
    assert frameworks == {BANDED.id, DECLARED.id} and kinds == {"formal", "indicative"}


@pytest.mark.parametrize("council", ASSESSED, ids=lambda c: c.slug)
def test_every_generated_sentence_has_at_most_15_words(council):
    for variant in variants(council):
        page = easy_read_page(variant, EXAMPLE_FRAMEWORKS, SITE)
        text = generated_text(page)
        assert len(text) > 20
        for piece in text:
            for sentence in sentences_in(piece):
                assert words_of(sentence) <= MOST_WORDS, (variant.slug, sentence)


def test_generated_sentences_use_digits_and_no_percentages():
    for council in ASSESSED:
        for variant in variants(council):
            text = " ".join(generated_text(easy_read_page(variant, EXAMPLE_FRAMEWORKS, SITE)))
            assert "%" not in text and "per cent" not in text and "out of 100" not in text
            assert not re.search(r"\b(one|two|three|four|five|six|seven|eight|nine|ten)\b", text, re.I), council.slug


def _page(slug: str) -> EasyReadPage:
    return easy_read_page(next(c for c in COUNCILS if c.slug == slug), EXAMPLE_FRAMEWORKS, SITE)


def _all_words(page: EasyReadPage) -> str:
    return " ".join(generated_text(page))


def test_the_rating_and_its_place_among_the_ratings_follow_from_the_scores():
    # Southmoor's 2025 scores: 3,3,3 / 3,2 / 2,3 / 3,3 = 25 of 36 = 69, good; its 2024 one was requires improvement.
    page = _page("southmoor")
    assert page.rating.name == "Good" and [r.name for r in page.ratings if r.is_this] == ["Good"]
    assert [r.name for r in page.ratings] == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert "Good is the 2nd best rating." in page.overall.sentences
    assert "The rating comes from the scores they gave." in page.overall.sentences
    words = _all_words(page)
    assert "That time the rating was Requires improvement." in words and "The rating is better than before." in words
    providing = next(t for t in page.themes if t.id == "providing-support")
    assert providing.point.sentences == (
        "They checked 2 things here.",
        "1 thing was good.",
        "1 thing had some problems.",
    )
    assert page.summary[0].listed == ("Working with people", "Leadership")
    assert page.summary[1].listed == ("Providing support", "Ensuring safety")


def test_a_declared_rating_a_pilot_and_a_check_under_other_rules_are_each_said():
    ashcombe = _page("ashcombe")  # declared under the revised framework, after one under the 2023 framework
    assert "They looked at everything they found and decided the rating." in ashcombe.overall.sentences
    assert all(t.rating is None for t in ashcombe.themes)
    assert "They did not give each part a rating." in ashcombe.themes_intro
    assert "That check used different rules." in _all_words(ashcombe)
    assert "They plan to check the council again in 2029." in _all_words(ashcombe)
    greyhaven = _page("greyhaven")  # an indicative (pilot) assessment
    assert "This check was a pilot." in _all_words(greyhaven)
    assert "So this rating is only a guide." in _all_words(greyhaven)
    assert "Pilot" in [w.word for w in greyhaven.words]
    assert "This check was a pilot." not in _all_words(ashcombe)


def test_a_page_says_plainly_that_nobody_has_checked_it_unless_the_content_says_who_did():
    for council in ASSESSED:
        page = easy_read_page(council, EXAMPLE_FRAMEWORKS, SITE)
        if council.slug == "northvale":
            assert page.checked_by_people and page.checked.listed == (council.current.easy_read.checked_by,)
            assert page.checked.sentences == ("This page was checked on 15 July 2025 by:",)
        else:
            assert not page.checked_by_people
            assert "People with a learning disability have not checked it yet." in page.checked.sentences


def test_peoples_own_text_replaces_the_generated_text_for_that_council_only():
    northvale = _page("northvale")
    assert len(northvale.summary) == 1 and "Social workers listen to people." in northvale.summary[0].written
    assert northvale.summary[0].sentences == ()
    support = next(t for t in northvale.themes if t.id == "providing-support")
    assert "People get home from hospital quickly." in support.point.written and support.point.sentences == ()
    assert all(t.point.written is None and t.point.sentences for t in northvale.themes if t.id != "providing-support")
    for council in ASSESSED:
        if council.slug != "northvale":
            page = easy_read_page(council, EXAMPLE_FRAMEWORKS, SITE)
            assert all(p.written is None and p.sentences for p in page.summary)
            assert all(t.point.written is None for t in page.themes)


# --- The content fields ----------------------------------------------------------------


def _with_easy_read(block: str) -> str:
    return GOOD + "    easy_read:\n" + "".join(f"      {line}\n" for line in block.splitlines())


def test_easy_read_fields_are_read():
    text = _with_easy_read(
        "summary: Short words.\nthemes:\n  leadership: Leaders listen.\n"
        "checked_by: A self-advocacy group\nchecked_on: 2025-07-01"
    )
    path = Path("content/councils/northvale.yml")
    from generator.loader import read_council

    council, problems = read_council(text.encode(), str(path), "northvale", EXAMPLE_FRAMEWORKS, TODAY)
    assert problems == []
    assert council.current.easy_read == model.EasyRead(
        "Short words.", {"leadership": "Leaders listen."}, "A self-advocacy group", date(2025, 7, 1)
    )


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("checked_by: A group", "northvale.yml:21:19: assessments[0].easy_read.checked_on: checked_by needs"),
        ("checked_on: 2025-07-01", "northvale.yml:21:19: assessments[0].easy_read.checked_by: checked_on needs"),
        (
            "checked_by: A group\nchecked_on: 2025-05-01",
            "northvale.yml:22:19: assessments[0].easy_read.checked_on: checked_on 2025-05-01 is before",
        ),
        ("themes:\n  leadershp: x", "northvale.yml:22:9: assessments[0].easy_read.themes.leadershp: unknown theme"),
        ("sumary: x", "northvale.yml:21:7: assessments[0].easy_read.sumary: unknown field; did you mean 'summary'?"),
    ],
)
def test_easy_read_problems_name_the_file_line_and_field(tmp_path, block, expected):
    problems = problems_for(tmp_path, {"northvale.yml": _with_easy_read(block)})
    assert any(p.startswith(expected) for p in problems), problems


def test_a_long_sentence_in_peoples_own_text_is_a_warning_at_its_field(tmp_path):
    long = "The council has a plan to cut the waiting list for assessments by the end of next year."
    block = f"summary: Short words.\nthemes:\n  leadership: |\n    Leaders listen.\n\n    {long}"
    problems = problems_for(tmp_path, {"northvale.yml": _with_easy_read(block)})
    assert problems == [
        "northvale.yml:23:21: assessments[0].easy_read.themes.leadership: warning: a sentence of 18 words "
        "('The council has a plan to …'): Easy Read sentences have 15 words at most"
    ]


# --- The built example site ------------------------------------------------------------


class _Text(HTMLParser):
    """The text of a page's <main>, block by block, leaving out people's own text and the print-only line."""

    BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "div", "ul", "ol", "dl", "section", "article"}

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0  # inside people's own text, or the print-only line
        self.depth = 0
        self.in_main = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "title":
            self._in_title = True
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in self.BLOCKS:
            self._flush()
        if tag in ("div", "p") and ("er-written" in classes or "print-only" in classes) and not self.skip_depth:
            self.skip_depth = 1
        elif self.skip_depth and tag in ("div", "p"):
            self.skip_depth += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if not self.in_main:
            return
        if tag in self.BLOCKS:
            self._flush()
        if self.skip_depth and tag in ("div", "p"):
            self.skip_depth -= 1
        if tag == "main":
            self.in_main = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self.in_main and not self.skip_depth:
            self.current.append(data)

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []


def read_page(site: Path, path: str) -> _Text:
    parser = _Text()
    parser.feed((site / path / "index.html").read_text())
    return parser


def test_built_pages_every_sentence_at_most_15_words_and_a_title_of_their_own(example_site):
    titles = set()
    for council in ASSESSED:
        page = read_page(example_site, f"councils/{council.slug}/easy-read")
        assert page.blocks[0] == f"{council.name}: Easy Read"
        for block in page.blocks:
            for sentence in sentences_in(block):
                assert words_of(sentence) <= MOST_WORDS, (council.slug, sentence)
        council_title = read_page(example_site, f"councils/{council.slug}").title
        assert page.title != council_title and "Easy Read" in page.title
        titles.add(page.title)
    assert len(titles) == len(ASSESSED)


def test_built_pages_are_linked_from_the_council_page_and_listed_in_the_sitemap(example_site):
    sitemap = (example_site / "sitemap.xml").read_text()
    for council in COUNCILS:
        council_page = (example_site / "councils" / council.slug / "index.html").read_text()
        easy_read = example_site / "councils" / council.slug / "easy-read" / "index.html"
        address = f"https://example.org/councils/{council.slug}/easy-read/"
        if council in ASSESSED:
            assert '<a href="easy-read/">Easy Read version</a>' in council_page
            assert easy_read.is_file() and address in sitemap
        else:
            assert "Easy Read" not in council_page and not easy_read.exists() and address not in sitemap
    # A superseded assessment's own page does not offer the current one's Easy Read page.
    assert "Easy Read version" not in (example_site / "councils/southmoor/2024-05-09/index.html").read_text()
    assert "Easy Read version" in (example_site / "councils/southmoor/2025-09-18/index.html").read_text()


def test_peoples_own_text_is_on_that_councils_built_page_only(example_site):
    northvale = (example_site / "councils/northvale/easy-read/index.html").read_text()
    assert "Carers do not always get the help they need." in northvale
    assert "These parts were good:" not in northvale
    for council in ASSESSED:
        if council.slug != "northvale":
            text = (example_site / f"councils/{council.slug}/easy-read/index.html").read_text()
            assert "Carers do not always get the help they need." not in text
            assert "have not checked it yet" in text


def test_pictures_are_the_sites_own_and_decorative(example_site):
    html = (example_site / "councils/southmoor/easy-read/index.html").read_text()
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 15
    for img in images:
        assert ' alt=""' in img
        src = re.search(r'src="([^"]+)"', img).group(1)
        assert (example_site / "councils/southmoor/easy-read" / src).resolve().is_file(), src


def test_the_council_page_stays_within_35_kb_gzipped(example_site):
    for council in ASSESSED:
        page = (example_site / "councils" / council.slug / "index.html").read_bytes()
        assert len(gzip.compress(page)) <= 35 * 1024, council.slug


# --- In a browser ----------------------------------------------------------------------

_TEXT_STYLES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;  // shown text only
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest(".visually-hidden")) continue;
    const size = parseFloat(style.fontSize);
    const line = style.lineHeight === "normal" ? 0 : parseFloat(style.lineHeight);
    found.push({text: node.textContent.trim().slice(0, 40), size, ratio: line / size,
                italic: style.fontStyle !== "normal", caps: style.textTransform,
                align: el.closest("button") ? "left" : style.textAlign});  // a button centres its word
  }
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("slug", ["southmoor", "northvale"])
def test_text_is_at_least_19_pixels_with_line_height_1_5(browser, example_url, width, slug):
    from .conftest import open_page

    context, page, errors = open_page(
        browser, f"{example_url}/councils/{slug}/easy-read/", viewport={"width": width, "height": 800}
    )
    styles = page.evaluate(_TEXT_STYLES)
    wide = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert errors == [] and len(styles) > 60
    for s in styles:
        assert s["size"] >= 19 and s["ratio"] >= 1.5 - 1e-6, s  # computed pixels carry rounding
        assert not s["italic"] and s["align"] in ("left", "start") and s["caps"] != "uppercase", s
    assert wide <= width  # nothing scrolls sideways
