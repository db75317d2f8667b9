"""One row per council's latest assessment under a framework: what every comparison page
is made from, worked out once per build (and under `make serve` again only for changed
councils). A council with no assessment under it is a NotAssessed entry, in one of the two
states that are not "assessed": assessed only under another framework, or not yet assessed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import model, routes
from ..charts import BarChart, StripChart, bar_chart, score_strip
from ..framework import Framework, Rating
from ..memo import PerCouncil
from ..pages.views import RatingView, elsewhere_words, rating_view
from ..small_numbers import council_count, enough, share
from ..words import long_date
from .bands import band_of


@dataclass(frozen=True)
class ThemeCell:
    theme_id: str
    rating: RatingView | None  # the derived sub-rating; None if nothing in the theme is scored


@dataclass(frozen=True)
class CompareRow:
    """One council's latest assessment under the page's framework, as a row of the comparison table."""

    slug: str
    name: str
    page: str  # site-relative: the page with these findings (an assessment's own page, if since re-assessed)
    since: str | None  # since re-assessed under another framework: "under the revised framework: good, …"
    type_id: str
    type_name: str
    region_id: str
    region_name: str
    published: str  # long date
    published_iso: str
    indicative: bool
    rating: RatingView
    themes: tuple[ThemeCell, ...]  # framework order
    scores: tuple[int | None, ...]  # one per statement, framework order; None: not scored
    population_band: str | None  # a band id from compare/bands.py; None: the content does not say
    deprivation_band: str | None
    next_expected: int | None  # the year the next assessment is expected, where the content says


@dataclass(frozen=True)
class NotAssessed:
    """A council with no assessment under the page's framework: assessed only under another
    (`elsewhere` says what it found), or not yet assessed at all."""

    slug: str
    name: str
    type_name: str
    region_name: str
    elsewhere: str | None  # e.g. "under the 2023 assessment framework: good, July 2025"; None: not yet assessed


_last_rows: tuple[list[model.Council], Framework, list[CompareRow], list[NotAssessed]] | None = None
_row_of: PerCouncil[CompareRow | NotAssessed] = PerCouncil()


def compare_rows(councils: list[model.Council], fw: Framework) -> tuple[list[CompareRow], list[NotAssessed]]:
    """One row per assessed council. Every comparison page needs them: worked out once per list,
    and under `make serve` again only for the councils whose files changed (new objects)."""
    global _last_rows
    if _last_rows is not None and _last_rows[0] is councils and _last_rows[1] is fw:
        return _last_rows[2], _last_rows[3]
    _row_of.depend_on(fw)
    _row_of.keep_only(councils)
    rows, waiting = [], []
    for c in councils:
        row = _row_of.get(c, lambda c=c: _compare_row(c, fw))
        (rows if isinstance(row, CompareRow) else waiting).append(row)
    _last_rows = (councils, fw, rows, waiting)
    return rows, waiting


def _compare_row(c: model.Council, fw: Framework) -> CompareRow | NotAssessed:
    a = c.current
    result = model.overall_result(a, fw) if a else None
    type_name, region_name = fw.council_type(c.type).name, fw.region(c.region).name
    elsewhere = elsewhere_words(c.elsewhere) if c.elsewhere else None
    if a is None or result is None:
        return NotAssessed(c.slug, c.name, type_name, region_name, elsewhere)
    themes = model.theme_results(a.scores, fw)
    return CompareRow(
        slug=c.slug,
        name=c.name,
        page=routes.findings_url(c),
        since=elsewhere,
        type_id=c.type,
        type_name=type_name,
        region_id=c.region,
        region_name=region_name,
        published=long_date(a.published),
        published_iso=a.published.isoformat(),
        indicative=a.kind == "indicative",
        rating=rating_view(result),  # type: ignore[arg-type]
        themes=tuple(ThemeCell(t.id, rating_view(themes[t.id])) for t in fw.themes),
        scores=tuple(a.scores.get(s.id) for s in fw.statements),
        population_band=band_of("population", c),
        deprivation_band=band_of("deprivation", c),
        next_expected=a.next_expected,
    )


def rating_counts(rows: list[CompareRow], fw: Framework) -> list[tuple[Rating, int]]:
    """Formal ratings per band, highest first (indicative assessments are not counted)."""
    counted = Counter(r.rating.id for r in rows if not r.indicative)
    return [(band, counted[band.id]) for band in reversed(fw.ratings)]


def since_reassessed(rows: list[CompareRow]) -> str:
    """The rows whose council has since been re-assessed under another framework, counted
    apart in a sentence: those councils' current assessment is not the one counted here."""
    n = sum(1 for r in rows if r.since)
    if n == 0:
        return ""
    one = n == 1
    return (
        f"{n} of these councils {'has' if one else 'have'} since been re-assessed under another framework, "
        f"as {'its row says' if one else 'their rows say'}. {'It is' if one else 'They are'} counted here by "
        f"{'its' if one else 'their'} latest assessment under this framework, which is no longer "
        f"{'its' if one else 'their'} current one."
    )


def rating_count_chart(chart_id: str, rows: list[CompareRow], fw: Framework) -> BarChart | None:
    """The formal ratings as a bar chart; None when they are too few to draw (small_numbers)."""
    counts = rating_counts(rows, fw)
    total = sum(n for _, n in counts)
    if not enough(total):
        return None
    return bar_chart(
        chart_id,
        "Councils by formal rating, each by its latest assessment under this framework",
        [(band.name, [("", n, f"{council_count(n)} ({share(n, total)})", band.id)]) for band, n in counts],
    )


def strip_chart(chart_id: str, rows: list[CompareRow], fw: Framework, prefix: str = "") -> StripChart | None:
    """Every score out of 100 as dots; None when they are too few to draw (small_numbers)."""
    if not enough(len(rows)):
        return None
    return score_strip(
        chart_id,
        "Every council's score out of 100, with the rating bands",
        [
            (
                prefix + r.page,
                r.name + (" (since re-assessed)" if r.since else ""),
                r.rating.percent,
                r.rating.id,
                r.rating.name,
            )
            for r in rows
        ],
        fw,
    )


@dataclass(frozen=True)
class HeaderCell:
    id: str
    name: str
