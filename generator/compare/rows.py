"""One row per council's current assessment: what every comparison page is made from,
worked out once per build (and under `make serve` again only for changed councils)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import model, routes
from ..charts import BarChart, StripChart, bar_chart, score_strip
from ..framework import Framework, Rating
from ..memo import PerCouncil
from ..pages.views import RatingView, rating_view
from ..words import long_date
from .bands import band_of


@dataclass(frozen=True)
class ThemeCell:
    theme_id: str
    rating: RatingView | None  # the derived sub-rating; None if nothing in the theme is scored


@dataclass(frozen=True)
class CompareRow:
    """One council's current assessment, as a row of the comparison table."""

    slug: str
    name: str
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
    slug: str
    name: str
    type_name: str
    region_name: str


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
    if a is None or result is None:
        return NotAssessed(c.slug, c.name, type_name, region_name)
    themes = model.theme_results(a.scores, fw)
    return CompareRow(
        slug=c.slug,
        name=c.name,
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
    """Formal current ratings per band, highest first (indicative assessments are not counted)."""
    counted = Counter(r.rating.id for r in rows if not r.indicative)
    return [(band, counted[band.id]) for band in reversed(fw.ratings)]


def council_count(n: int) -> str:
    return f"{n} council{'s' if n != 1 else ''}"


def share(n: int, total: int) -> str:
    return f"{round(100 * n / total) if total else 0}%"


def rating_count_chart(chart_id: str, rows: list[CompareRow], fw: Framework) -> BarChart:
    counts = rating_counts(rows, fw)
    total = sum(n for _, n in counts)
    return bar_chart(
        chart_id,
        "Councils by current formal rating",
        [(band.name, [("", n, f"{council_count(n)} ({share(n, total)})", band.id)]) for band, n in counts],
    )


def strip_chart(chart_id: str, rows: list[CompareRow], fw: Framework, prefix: str = "") -> StripChart:
    return score_strip(
        chart_id,
        "Every council's score out of 100, with the rating bands",
        [(prefix + routes.council_url(r.slug), r.name, r.rating.percent, r.rating.id, r.rating.name) for r in rows],
        fw,
    )


@dataclass(frozen=True)
class HeaderCell:
    id: str
    name: str
