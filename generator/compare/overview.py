"""/compare/ (and each other framework's /compare/frameworks/<id>/): every council's
latest assessment under the framework in one table, with the counts by rating, the
strip of scores and the hex map; then the councils in the two other states: assessed
only under another framework, and not yet assessed."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model, routes
from ..charts import BarChart, StripChart
from ..framework import Framework
from ..hexmap import NOT_YET_ASSESSED, OTHER_FRAMEWORK, HexMap, HexMapView, hexmap_view
from ..small_numbers import share, too_few
from .context import BandLinks, band_links
from .rows import (
    CompareRow,
    HeaderCell,
    NotAssessed,
    compare_rows,
    rating_count_chart,
    rating_counts,
    since_reassessed,
    strip_chart,
)


@dataclass(frozen=True)
class ComparePage:
    """The context of /compare/: every council's latest assessment under the framework in one table."""

    rows: tuple[CompareRow, ...]  # by name
    other_framework: tuple[NotAssessed, ...]  # assessed only under another framework
    not_assessed: tuple[NotAssessed, ...]  # not yet assessed under any
    themes: tuple[HeaderCell, ...]
    statements: tuple[HeaderCell, ...]
    regions: tuple[HeaderCell, ...]  # the filter's choices: those with a council
    types: tuple[HeaderCell, ...]
    ratings: tuple[HeaderCell, ...]  # highest first
    counts: BarChart | None  # formal ratings; None when too few to draw (small_numbers)
    counts_table: tuple[tuple[str, int, str | None], ...]  # (rating, councils, share; None when too few)
    too_few: str  # why there is no chart or share, or ""
    indicative: int  # councils whose latest assessment under it is indicative, not counted in `counts`
    since_reassessed: str  # a sentence counting apart the rows since re-assessed under another framework
    strip: StripChart | None  # None when the rating is declared (no score out of 100) or the scores are too few
    hexmap: HexMapView | None  # drawn when content/hexmap.hexjson exists
    bands: tuple[BandLinks, ...]  # population and deprivation bands with a council: filters and their pages
    declared: bool  # the framework's rating is declared: no score out of 100, no theme sub-ratings
    top_score: int  # the framework's highest statement score
    next_expected: bool  # some council's next assessment is expected in a year the content gives


def compare_page(councils: list[model.Council], fw: Framework, hexmap: HexMap | None, root: str = "../") -> ComparePage:
    """`root`: the way from the page to the site's root (the links inside its charts are relative)."""
    rows, waiting = compare_rows(councils, fw)
    counts = rating_counts(rows, fw)
    total = sum(n for _, n in counts)
    present_regions = {r.region_id for r in rows} | {c.region for c in councils}
    present_types = {r.type_id for r in rows} | {c.type for c in councils}
    return ComparePage(
        rows=tuple(rows),
        other_framework=tuple(w for w in waiting if w.elsewhere),
        not_assessed=tuple(w for w in waiting if not w.elsewhere),
        themes=tuple(HeaderCell(t.id, t.name) for t in fw.themes),
        statements=tuple(HeaderCell(s.id, s.name) for s in fw.statements),
        regions=tuple(HeaderCell(r.id, r.name) for r in fw.regions if r.id in present_regions),
        types=tuple(HeaderCell(t.id, t.name) for t in fw.council_types if t.id in present_types),
        ratings=tuple(HeaderCell(r.id, r.name) for r in reversed(fw.ratings)),
        counts=rating_count_chart("ratings", rows, fw),
        counts_table=tuple((band.name, n, share(n, total)) for band, n in counts),
        too_few=too_few(total, "with a formal rating under this framework"),
        indicative=sum(1 for r in rows if r.indicative),
        since_reassessed=since_reassessed(rows),
        strip=None if fw.declared else strip_chart("strip", rows, fw, prefix=root),
        hexmap=hexmap_view(hexmap, hex_facts(rows, waiting, councils, root)) if hexmap else None,
        declared=fw.declared,
        top_score=fw.max_score,
        next_expected=any(r.next_expected for r in rows),
        bands=band_links(councils),
    )


def hex_facts(
    rows: list[CompareRow], waiting: list[NotAssessed], councils: list[model.Council], prefix: str
) -> dict[str, tuple[str, str, str, str]]:
    """Each council's hex, in one of the three states: its rating under this framework (and
    what it has been since, if re-assessed under another), assessed only under another
    framework, or not yet assessed."""
    code_of = {c.slug: c.gss_code for c in councils}
    facts = {}
    for w in waiting:
        href = prefix + routes.council_url(w.slug)
        if w.elsewhere:
            words = f"not assessed under this framework; assessed {w.elsewhere}"
            facts[code_of[w.slug]] = (href, w.name, OTHER_FRAMEWORK, words)
        else:
            facts[code_of[w.slug]] = (href, w.name, NOT_YET_ASSESSED, "not yet assessed")
    for r in rows:
        words = f"{r.rating.name.lower()}, {r.rating.score_words}"
        if r.since:
            words += f"; since re-assessed {r.since}"
        facts[code_of[r.slug]] = (prefix + r.page, r.name, r.rating.id, words)
    return facts
