"""The home page: how many councils are rated what, each by its current assessment (its
newest, under whichever framework it was made), how many of those ratings are under each
framework, the latest publications, and each framework in use."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import model
from ..charts import BarChart, bar_chart
from ..framework import Framework, Frameworks, frameworks_of
from ..rounds import framework_rounds
from ..small_numbers import council_count, enough, too_few
from ..words import and_list
from .council_list import CouncilListEntry, council_entry


@dataclass(frozen=True)
class RatingCount:
    rating_id: str
    name: str
    count: int
    sentence: str  # e.g. "3 councils are rated good: 1 under the 2023 assessment framework, 2 under …"


@dataclass(frozen=True)
class FrameworkCount:
    """How many councils have been assessed under one framework, for the home page."""

    name: str  # its short name, as every page names it
    assessed: int  # councils with an assessment under it
    current: int  # councils whose current formal rating is under it
    compare_url: str  # site-relative: its comparison pages


@dataclass(frozen=True)
class HomePage:
    """The context of the home page."""

    assessed: int  # councils whose current assessment (the newest, under any framework) is formal
    not_assessed: int  # councils not yet assessed
    indicative: int  # councils whose current assessment is an indicative pilot
    counts: tuple[RatingCount, ...]  # those formal ratings, highest first
    chart: BarChart | None  # the counts, as a chart; None when too few to draw (small_numbers)
    too_few: str  # why there is no chart, or ""
    rated: tuple[CouncilListEntry, ...]  # when there is no chart, the councils counted, A to Z; else empty
    latest: tuple[CouncilListEntry, ...]  # most recently published under any framework, newest first
    frameworks: tuple[FrameworkCount, ...]  # every framework in use, oldest first; one when the site has one


def home_page(councils: list[model.Council], fw: Framework | Frameworks, latest: int = 5) -> HomePage:
    frameworks = frameworks_of(fw)
    each = framework_rounds(councils, frameworks)
    current = [(c, c.current) for c in councils if c.current]
    formal = [(c, a) for c, a in current if a.kind == "formal"]
    rated = [(c, e, frameworks.of(a.framework)) for c, a in formal if (e := council_entry(c, frameworks)).rating]
    counted = Counter(e.rating.id for _, e, _ in rated)
    several = frameworks if len(each) > 1 else None  # on a site with one framework in use, sentences need not say
    counts = tuple(
        RatingCount(
            rating.id,
            rating.name,
            counted[rating.id],
            _count_sentence(rating.name, [under for _, e, under in rated if e.rating.id == rating.id], several),
        )
        for rating in _ratings_highest_first(frameworks)
    )
    current_under = Counter(under.id for *_, under in rated)
    newest = sorted(current, key=lambda pair: (pair[1].published, pair[0].name), reverse=True)[:latest]
    drawn = enough(len(rated))
    return HomePage(
        assessed=len(formal),
        not_assessed=len(councils) - len(current),
        indicative=len(current) - len(formal),
        counts=counts,
        chart=bar_chart(
            "home-ratings",
            "Councils by current formal rating",
            [(c.name, [("", c.count, council_count(c.count), c.rating_id)]) for c in counts],
        )
        if drawn
        else None,
        too_few=too_few(len(rated), "with a formal rating", "a chart"),
        rated=() if drawn else tuple(e for _, e, _ in sorted(rated, key=lambda r: model.sort_name(r[0].name))),
        latest=tuple(council_entry(c, frameworks) for c, _ in newest),
        frameworks=tuple(
            FrameworkCount(r.framework.label, r.assessed, current_under[r.framework.id], r.base) for r in each
        ),
    )


def _ratings_highest_first(frameworks: Frameworks) -> list:
    """Every rating word in use, highest first: the four words are the regulator's judgement
    under each framework, so a council is counted by its current one whichever it is under."""
    order = {}
    for fw in (frameworks.site, *frameworks.all):
        for rating in reversed(fw.ratings):
            order.setdefault(rating.id, rating)
    return list(order.values())


def _count_sentence(name: str, under: list[Framework], frameworks: Frameworks | None) -> str:
    """E.g. "4 councils are rated good: 1 under the 2023 assessment framework and 3 under the
    revised framework." `under`: the framework of each council counted; `frameworks` None on a
    site with one framework in use, where the sentence need not say."""
    n = len(under)
    sentence = f"{council_count(n)} {'is' if n == 1 else 'are'} rated {name.lower()}"
    if frameworks is not None and n:
        per = Counter(fw.id for fw in under)
        sentence += ": " + and_list([f"{per[f.id]} under the {f.label}" for f in frameworks.all if per[f.id]])
    return sentence + "."
