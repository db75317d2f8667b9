"""The home page: how many councils are rated what under the site's framework, the
latest publications, and each framework in use."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import model
from ..charts import BarChart, bar_chart
from ..framework import Framework, Frameworks, frameworks_of
from ..rounds import framework_rounds
from .council_list import CouncilListEntry, council_entry


@dataclass(frozen=True)
class RatingCount:
    rating_id: str
    name: str
    count: int
    sentence: str  # e.g. "3 councils are rated good."


@dataclass(frozen=True)
class FrameworkCount:
    """How many councils have been assessed under one framework, for the home page."""

    name: str
    label: str  # its short name
    assessed: int  # councils with an assessment under it
    compare_url: str  # site-relative: its comparison pages


@dataclass(frozen=True)
class HomePage:
    """The context of the home page."""

    assessed: int  # councils whose latest assessment under the site's framework is formal
    not_assessed: int  # councils with no assessment under it
    indicative: int  # councils whose latest assessment under it is an indicative pilot
    counts: tuple[RatingCount, ...]  # those formal ratings, highest first
    latest: tuple[CouncilListEntry, ...]  # most recently published under any framework, newest first
    chart: BarChart  # the counts, as a chart
    framework: str  # the short name of the site's framework, which the counts are of
    frameworks: tuple[FrameworkCount, ...]  # every framework in use, oldest first; one when the site has one


def home_page(councils: list[model.Council], fw: Framework | Frameworks, latest: int = 5) -> HomePage:
    frameworks = frameworks_of(fw)
    each = framework_rounds(councils, frameworks)
    fw = frameworks.site
    site_round = next(r for r in each if r.framework is fw)
    current = [(c, c.current) for c in site_round.councils if c.current]
    formal = [(c, a) for c, a in current if a.kind == "formal"]
    counted = Counter(e.rating.id for c, _ in formal if (e := council_entry(c, fw)).rating)
    counts = tuple(
        RatingCount(
            r.id,
            r.name,
            counted[r.id],
            f"{counted[r.id]} council{'s are' if counted[r.id] != 1 else ' is'} rated {r.name.lower()}.",
        )
        for r in reversed(fw.ratings)
    )
    everyone = [(c, c.current) for c in councils if c.current]
    newest = sorted(everyone, key=lambda pair: (pair[1].published, pair[0].name), reverse=True)[:latest]
    return HomePage(
        assessed=len(formal),
        not_assessed=len(councils) - len(current),
        indicative=len(current) - len(formal),
        counts=counts,
        latest=tuple(council_entry(c, frameworks) for c, _ in newest),
        chart=bar_chart(
            "home-ratings",
            "Councils by current formal rating",
            [(c.name, [("", c.count, f"{c.count} council{'s' if c.count != 1 else ''}", c.rating_id)]) for c in counts],
        ),
        framework=fw.label,
        frameworks=tuple(FrameworkCount(r.framework.name, r.framework.label, r.assessed, r.base) for r in each),
    )
