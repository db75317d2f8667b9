"""/compare/context/: the overall score set against each measure of local context that
enough councils give, and against the depth of the evidence behind it.

A chart is drawn only where at least MIN_COUNCILS councils give the measure, the one
small-number rule of every page (small_numbers); each comes with a table of the same
numbers and a plain reading of the correlation that warns it says nothing about cause.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .. import model
from ..charts import ScatterChart, scatter_chart
from ..framework import Framework
from ..pages.views import RatingView
from ..small_numbers import MIN_COUNCILS
from .bands import BAND_KINDS, BANDS, band_of
from .rows import HeaderCell, compare_rows


@dataclass(frozen=True)
class ContextPoint:
    slug: str
    name: str
    page: str  # site-relative: the page with the findings of the assessment shown
    value: str  # the measure in words, e.g. "312,000"
    rating: RatingView  # the latest assessment's rating and score under the framework
    indicative: bool


@dataclass(frozen=True)
class ContextMeasure:
    id: str  # the section's anchor
    name: str  # e.g. "Population"
    councils: int  # how many assessed councils give it
    chart: ScatterChart | None  # None: fewer than MIN_COUNCILS give it
    points: tuple[ContextPoint, ...]  # lowest value first
    reading: str  # in plain English: whether the two go together, with the caveat; or why there is no chart
    coefficient: str  # the correlation coefficient for those who want it, e.g. "-0.42"; "" when there is none


@dataclass(frozen=True)
class BandLinks:
    kind: str  # "population" or "deprivation"
    name: str  # e.g. "Population"
    bands: tuple[HeaderCell, ...]  # the bands with a council, each a page /compare/<kind>/<id>/


@dataclass(frozen=True)
class ContextPage:
    """The context of /compare/context/."""

    assessed: int  # councils with an assessment under the framework
    minimum: int  # councils a measure needs for a chart
    measures: tuple[ContextMeasure, ...]  # the local context, in a fixed order
    depth: ContextMeasure  # cases tracked per 1,000 adults on long-term support
    bands: tuple[BandLinks, ...]


class Measure(NamedTuple):
    """A measure a chart can set the score against (configuration, not a page context)."""

    id: str
    name: str  # a heading, e.g. "Deprivation (average score)"
    noun: str  # in a sentence, e.g. "deprivation"
    value_of: Callable[[model.Council], float | None]
    words: Callable[[float], str]
    more: str  # e.g. "a larger", "more"
    less: str


def _context(c: model.Council) -> model.LocalContext:
    return c.context or model.LocalContext()


def _depth(c: model.Council) -> float | None:
    adults = _context(c).adults_long_term_support
    evidence = c.current.evidence if c.current else None
    if not adults or evidence is None or evidence.cases_tracked is None:
        return None
    return 1000 * evidence.cases_tracked / adults


def _whole(v: float) -> str:
    return f"{v:,.0f}"


MEASURES = (
    Measure(
        "population", "Population", "population", lambda c: _context(c).population, _whole, "a larger", "a smaller"
    ),
    Measure(
        "adults-long-term-support",
        "Adults receiving long-term support",
        "adults receiving long-term support",
        lambda c: _context(c).adults_long_term_support,
        _whole,
        "more",
        "fewer",
    ),
    Measure(
        "deprivation",
        "Deprivation (average score)",
        "deprivation",
        lambda c: d.average_score if (d := _context(c).deprivation) else None,
        lambda v: f"{v:g}",
        "more",
        "less",
    ),
    Measure(
        "spend-per-adult",
        "Adult social care spend per adult",
        "spend per adult",
        lambda c: f.spend_per_adult if (f := _context(c).finance) else None,
        lambda v: f"£{v:,.0f}",
        "higher",
        "lower",
    ),
)

DEPTH = Measure(
    "evidence-depth",
    "Cases tracked per 1,000 adults on long-term support",
    "cases tracked per 1,000 adults",
    _depth,
    lambda v: f"{v:.2f}",
    "more",
    "fewer",
)


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's correlation coefficient; None when either has no spread."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def reading(noun: str, more: str, less: str, r: float | None, n: int) -> str:
    """The correlation in plain words, with what it cannot tell."""
    caveat = (
        " A link like this says nothing about cause: councils differ in many other ways, "
        "and among so few councils a pattern can be chance."
    )
    across = f"Across the {n} councils that give it, "
    if r is None:
        return across + f"the scores or the {noun} do not vary, so there is no pattern to read."
    if abs(r) < 0.1:
        return across + f"there is no clear link between {noun} and the score.{caveat}"
    strength = "weak" if abs(r) < 0.3 else "moderate" if abs(r) < 0.5 else "strong"
    higher, lower = ("higher", "lower") if r > 0 else ("lower", "higher")
    return (
        across + f"councils with {more} {noun} tended to score {higher}, and those with {less} {noun} {lower} "
        f"(a {strength} link).{caveat}"
    )


def _measure(measure: Measure, councils: list[model.Council], fw: Framework, root: str) -> ContextMeasure:
    measure_id, name, value_of, words = measure.id, measure.name, measure.value_of, measure.words
    rows = {r.slug: r for r in compare_rows(councils, fw)[0]}
    found = [(c, v) for c in councils if c.slug in rows and (v := value_of(c)) is not None]
    found.sort(key=lambda pair: (pair[1], pair[0].name))
    points = tuple(
        ContextPoint(c.slug, c.name, rows[c.slug].page, words(v), rows[c.slug].rating, rows[c.slug].indicative)
        for c, v in found
    )
    if len(found) < MIN_COUNCILS:
        given = "No council gives it" if not found else f"Only {len(found)} of the councils assessed give it"
        return ContextMeasure(
            measure_id, name, len(found), None, points, f"{given}: a chart needs at least {MIN_COUNCILS}.", ""
        )
    entries = [
        (
            root + rows[c.slug].page,
            f"{c.name}: {name.lower()} {words(v)}, {rows[c.slug].rating.percent} out of 100, "
            f"{rows[c.slug].rating.name.lower()}",
            v,
            rows[c.slug].rating.percent,
            rows[c.slug].rating.id,
        )
        for c, v in found
    ]
    chart = scatter_chart(f"context-{measure_id}", f"Score out of 100 against {name.lower()}", name, entries, fw, words)
    r = correlation([v for _, v in found], [float(rows[c.slug].rating.percent) for c, _ in found])
    words_of_r = reading(measure.noun, measure.more, measure.less, r, len(found))
    return ContextMeasure(measure_id, name, len(found), chart, points, words_of_r, "" if r is None else f"{r:.2f}")


def context_page(councils: list[model.Council], fw: Framework, root: str = "../../") -> ContextPage:
    """`root`: the way from the page to the site's root, for the links in its charts."""
    rows, _ = compare_rows(councils, fw)
    return ContextPage(
        assessed=len(rows),
        minimum=MIN_COUNCILS,
        measures=tuple(_measure(m, councils, fw, root) for m in MEASURES),
        depth=_measure(DEPTH, councils, fw, root),
        bands=band_links(councils),
    )


def band_links(councils: list[model.Council]) -> tuple[BandLinks, ...]:
    links = []
    for kind, bands in BANDS.items():
        present = {band_of(kind, c) for c in councils}
        listed = tuple(HeaderCell(b.id, b.name) for b in bands if b.id in present)
        if listed:
            links.append(BandLinks(kind, BAND_KINDS[kind], listed))
    return tuple(links)
