"""What a reader counts on the example site: the home page's ratings, each framework's lists of
councils not yet assessed and assessed under another framework, the bands of local context and
the open data's position in band. Each expectation is written out by hand and, where it can be,
worked out again by this file's own short code from the content files, never by the generator."""

import csv
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .test_model import band_by_hand

COUNCILS = ROOT / "content" / "councils"
SITE_FRAMEWORK = "cqc-local-authority"  # an assessment that names no framework is under the site's


def content() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted(COUNCILS.glob("*.yml"))}


def newest(council: dict) -> dict | None:
    return max(council.get("assessments") or [], key=lambda a: str(a["published"]), default=None)


def rating_of(assessment: dict) -> str:
    """The rating the file states or, where it states only scores, the band its scores reach."""
    if "rating" in assessment:
        return assessment["rating"]
    scores = [s["score"] for s in assessment["statements"].values() if s.get("score") is not None]
    return band_by_hand(sum(scores), 4 * len(scores))


def frameworks_of(council: dict) -> set[str]:
    return {a.get("framework", SITE_FRAMEWORK) for a in council.get("assessments") or []}


def text_of(path: Path) -> str:
    html = re.sub(r"<script.*?</script>|<svg.*?</svg>", " ", path.read_text(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def listed(html: str, heading_id: str) -> list[str]:
    """The councils a comparison page lists under one heading, in its order ([] without the heading)."""
    if f'id="{heading_id}"' not in html:
        return []
    return re.findall(r'councils/([^/]+)/">', html.split(f'id="{heading_id}"')[1].split("</ul>")[0])


# By hand from the content files: each council's newest assessment, its kind and its rating.
# Ashcombe, Marshfield and Westbrook were re-assessed under the revised framework (good, declared);
# Riverton states only scores, 18 of 32 (56%); Greyhaven's only assessment is an indicative pilot;
# Thornbury Heath has none.
CURRENT_FORMAL = {
    "ashcombe": "good",
    "eastmarsh": "requires-improvement",
    "harthill": "outstanding",
    "hollowford": "good",
    "kingsmere": "inadequate",
    "marshfield": "good",
    "northvale": "good",
    "riverton": "requires-improvement",
    "southmoor": "good",
    "westbrook": "good",
}
REVISED = {"ashcombe", "marshfield", "westbrook"}


# By hand: each council's current rating and score out of 100, from its newest assessment's total
# (rounded half up): a rating declared under the revised framework has no score.
CURRENT = {
    "ashcombe": ("good", None),
    "eastmarsh": ("requires-improvement", 61),  # 22 of 36
    "greyhaven": ("good", 72),  # 26 of 36, an indicative pilot
    "harthill": ("outstanding", 94),  # 34 of 36
    "hollowford": ("good", 75),  # 27 of 36
    "kingsmere": ("inadequate", 36),  # 13 of 36
    "marshfield": ("good", None),
    "northvale": ("good", 64),  # 23 of 36
    "riverton": ("requires-improvement", 56),  # 18 of 32: one statement not scored
    "southmoor": ("good", 69),  # 25 of 36
    "thornbury-heath": None,
    "westbrook": ("good", None),
}


def percent_of(assessment: dict) -> int | None:
    if assessment.get("framework") == "revised-example":  # its ratings are declared, not reached by score
        return None
    scores = [s["score"] for s in assessment["statements"].values() if s.get("score") is not None]
    return int(Fraction(100 * sum(scores), 4 * len(scores)) + Fraction(1, 2))


def test_the_hand_worked_ratings_agree_with_the_content_files():
    worked_out = {}
    for slug, council in content().items():
        latest = newest(council)
        worked_out[slug] = (rating_of(latest), percent_of(latest)) if latest else None
    assert worked_out == CURRENT

    councils = content()
    formal = {}
    for slug, council in councils.items():
        latest = newest(council)
        if latest and latest.get("kind", "formal") == "formal":
            formal[slug] = rating_of(latest)
    assert formal == CURRENT_FORMAL
    assert {s for s, c in councils.items() if frameworks_of(c) >= {"revised-example"}} == REVISED


def test_the_home_page_counts_every_current_rating_once(example_site):
    text = text_of(example_site / "index.html")
    # 12 councils: 10 with a current formal rating, Greyhaven's pilot not counted, Thornbury Heath not yet.
    assert "10 councils have a formal rating; 1 not yet assessed; 1 with an indicative (pilot) assessment only" in text
    words = Counter(CURRENT_FORMAL.values())
    assert words == {"good": 6, "requires-improvement": 2, "outstanding": 1, "inadequate": 1}
    # Good: three under each framework (Hollowford, Northvale, Southmoor; Ashcombe, Marshfield, Westbrook).
    for sentence in (
        "1 council is rated outstanding: 1 under the 2023 assessment framework.",
        "6 councils are rated good: 3 under the 2023 assessment framework and 3 under the revised framework (example).",
        "2 councils are rated requires improvement: 2 under the 2023 assessment framework.",
        "1 council is rated inadequate: 1 under the 2023 assessment framework.",
    ):
        assert sentence in text
    # Assessed under the 2023 framework: every council but Thornbury Heath (11), seven of them current.
    assert "2023 assessment framework : 11 councils assessed under it; 7 of the current formal ratings above" in text
    assert "revised framework (example) : 3 councils assessed under it; 3 of the current formal ratings above" in text


@pytest.mark.parametrize(
    "page, other_framework",
    [
        ("compare/index.html", []),  # every council assessed at all was assessed under the 2023 framework
        (
            "compare/frameworks/revised-example/index.html",
            ["eastmarsh", "greyhaven", "harthill", "hollowford", "kingsmere", "northvale", "riverton", "southmoor"],
        ),
    ],
)
def test_each_frameworks_page_lists_who_is_not_yet_assessed_and_who_was_assessed_elsewhere(
    example_site, page, other_framework
):
    html = (example_site / page).read_text()
    assert listed(html, "not-assessed") == ["thornbury-heath"]
    assert listed(html, "other-framework") == other_framework
    # The same, from the content files: not yet assessed under any framework; assessed, not under this one.
    framework = "revised-example" if "revised-example" in page else SITE_FRAMEWORK
    under = {slug: frameworks_of(c) for slug, c in content().items()}
    assert [s for s, f in under.items() if not f] == ["thornbury-heath"]
    assert [s for s, f in under.items() if f and framework not in f] == other_framework


# By hand from each file's context: population bands of 250,000, 500,000 and a million; the
# deprivation rank (1 the most deprived of 153) in fifths: 1-31, 32-61, 62-92, 93-122, 123-153.
BANDS = {
    "ashcombe": ("500000-to-999999", "second-least-deprived"),  # 780,000; rank 120
    "eastmarsh": ("250000-to-499999", "most-deprived"),  # 330,000; 18
    "harthill": ("under-250000", "most-deprived"),  # 205,000; 9
    "hollowford": ("1-million-or-more", "least-deprived"),  # 1,150,000; 141
    "kingsmere": ("250000-to-499999", "middle"),  # 268,000; 70
    "marshfield": ("500000-to-999999", "second-least-deprived"),  # 860,000; 104
    "northvale": ("250000-to-499999", "second-most-deprived"),  # 312,000; 38
    "riverton": ("250000-to-499999", "second-most-deprived"),  # 258,000; 52
    "southmoor": ("250000-to-499999", "most-deprived"),  # 295,000; 25
    "westbrook": ("under-250000", "middle"),  # 184,000; 88
}


def test_the_comparison_table_puts_each_council_in_its_bands(example_site):
    html = (example_site / "compare" / "index.html").read_text()
    rows = re.findall(
        r'<tr data-region="[^"]+" data-type="[^"]+" data-rating="([^"]+)" '
        r'data-population="([^"]*)" data-deprivation="([^"]*)">\s*'
        r'<th scope="row"><a href="../councils/([^/]+)/',
        html,
    )
    shown = {slug: (population, deprivation) for _, population, deprivation, slug in rows}
    # Greyhaven gives no population or deprivation rank: in no band.
    assert shown == {**BANDS, "greyhaven": ("", "")}


def test_a_band_page_lists_its_councils(example_site):
    for kind, at in (("population", 0), ("deprivation", 1)):
        for band in {b[at] for b in BANDS.values()}:
            table = (example_site / "compare" / kind / band / "index.html").read_text().split('<table class="compare"')
            found = re.findall(r'<th scope="row"><a href="../../../councils/([^/]+)/', table[-1])
            assert sorted(found) == sorted(s for s, b in BANDS.items() if b[at] == band), (kind, band)


# By hand: the score out of 100 against the bands (inadequate 25-38, requires improvement 39-62,
# good 63-87, outstanding 88-100); the lower end runs to the middle of the band. A declared
# rating has no score and no position.
POSITION_IN_BAND = {
    "ashcombe": "",
    "eastmarsh": "upper end of requires improvement, nearing good",  # 61
    "greyhaven": "lower end of good, nearer requires improvement",  # 72 (an indicative pilot)
    "harthill": "upper end of outstanding",  # 94
    "hollowford": "upper end of good, nearing outstanding",  # 75
    "kingsmere": "upper end of inadequate, nearing requires improvement",  # 36
    "marshfield": "",
    "northvale": "lower end of good, nearer requires improvement",  # 64
    "riverton": "upper end of requires improvement, nearing good",  # 56
    "southmoor": "lower end of good, nearer requires improvement",  # 69
    "westbrook": "",
}


def test_the_open_data_gives_each_councils_position_in_its_band(example_site):
    with (example_site / "data" / "assessments.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert {r["slug"]: r["position_in_band"] for r in rows} == POSITION_IN_BAND
