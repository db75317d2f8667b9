"""/compare/: every council's current assessment in one table, with the counts by
rating, the strip of scores and the hex map."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model, routes
from ..charts import BarChart, StripChart
from ..framework import Framework
from ..hexmap import HexMap, HexMapView, hexmap_view
from .context import BandLinks, band_links
from .rows import (
    CompareRow,
    HeaderCell,
    NotAssessed,
    compare_rows,
    rating_count_chart,
    rating_counts,
    share,
    strip_chart,
)


@dataclass(frozen=True)
class ComparePage:
    """The context of /compare/: every council's current assessment in one table."""

    rows: tuple[CompareRow, ...]  # by name
    not_assessed: tuple[NotAssessed, ...]
    themes: tuple[HeaderCell, ...]
    statements: tuple[HeaderCell, ...]
    regions: tuple[HeaderCell, ...]  # the filter's choices: those with a council
    types: tuple[HeaderCell, ...]
    ratings: tuple[HeaderCell, ...]  # highest first
    counts: BarChart  # formal current ratings
    counts_table: tuple[tuple[str, int, str], ...]  # (rating, councils, share)
    indicative: int  # councils whose current assessment is indicative, not counted in `counts`
    strip: StripChart | None  # None when the framework's rating is declared: there is no score out of 100
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
        not_assessed=tuple(waiting),
        themes=tuple(HeaderCell(t.id, t.name) for t in fw.themes),
        statements=tuple(HeaderCell(s.id, s.name) for s in fw.statements),
        regions=tuple(HeaderCell(r.id, r.name) for r in fw.regions if r.id in present_regions),
        types=tuple(HeaderCell(t.id, t.name) for t in fw.council_types if t.id in present_types),
        ratings=tuple(HeaderCell(r.id, r.name) for r in reversed(fw.ratings)),
        counts=rating_count_chart("ratings", rows, fw),
        counts_table=tuple((band.name, n, share(n, total)) for band, n in counts),
        indicative=sum(1 for r in rows if r.indicative),
        strip=None if fw.declared else strip_chart("strip", rows, fw, prefix=root),
        hexmap=hexmap_view(hexmap, hex_facts(rows, councils, root)) if hexmap else None,
        declared=fw.declared,
        top_score=fw.max_score,
        next_expected=any(r.next_expected for r in rows),
        bands=band_links(councils),
    )


def hex_facts(rows: list[CompareRow], councils: list[model.Council], prefix: str) -> dict:
    facts = {c.gss_code: (prefix + routes.council_url(c.slug), c.name, None, None, None) for c in councils}
    by_slug = {c.slug: c for c in councils}
    for r in rows:
        code = by_slug[r.slug].gss_code
        facts[code] = (prefix + routes.council_url(r.slug), r.name, r.rating.id, r.rating.name, r.rating.score_words)
    return facts
