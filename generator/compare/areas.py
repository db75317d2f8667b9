"""/compare/regions/<id>/ and /compare/types/<id>/: a region's or a type's councils,
and their share of each rating beside England's, where both are enough councils to
give shares (small_numbers); an area with no council assessed under the framework
says so, and lists its councils in the other two states."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model
from ..charts import BarChart, bar_chart
from ..framework import Framework
from ..small_numbers import council_count, enough, share, too_few
from .bands import BAND_KINDS, band_named, band_of
from .rows import CompareRow, HeaderCell, NotAssessed, compare_rows, rating_counts, since_reassessed


@dataclass(frozen=True)
class AreaPage:
    """The context of /compare/regions/<id>/, /compare/types/<id>/, and of the bands of local
    context, /compare/population/<id>/ and /compare/deprivation/<id>/."""

    kind: str  # "region", "type", "population" or "deprivation"
    id: str
    name: str  # e.g. "North East", or "Unitary authorities"
    summary: str  # how many councils here are in each of the three states, in a sentence
    rows: tuple[CompareRow, ...]
    other_framework: tuple[NotAssessed, ...]  # assessed only under another framework
    not_assessed: tuple[NotAssessed, ...]  # not yet assessed under any
    chart: BarChart | None  # this area's share of each rating beside England's; None when either is too few
    table: tuple[tuple[str, int, str | None, int, str | None], ...]  # (rating, here, share, England, share)
    too_few: str  # why there are no shares here, or ""
    since_reassessed: str  # a sentence counting apart the rows since re-assessed under another framework
    themes: tuple[HeaderCell, ...]
    statements: tuple[HeaderCell, ...]
    declared: bool  # the framework's rating is declared: no score out of 100, no theme sub-ratings
    next_expected: bool  # some council's next assessment is expected in a year the content gives


def area_of(kind: str, c: model.Council) -> str | None:
    """The council's region, type, or band of local context."""
    if kind == "region":
        return c.region
    if kind == "type":
        return c.type
    return band_of(kind, c)


def area_summary(assessed: int, waiting: list[NotAssessed], fw: Framework) -> str:
    """How many councils here are in each of the three states, e.g. "2 councils here have been
    assessed under the 2023 assessment framework; 1 was assessed under another framework only."""
    elsewhere = sum(1 for w in waiting if w.elsewhere)
    never = len(waiting) - elsewhere
    parts = [
        f"{council_count(assessed)} here {'has' if assessed == 1 else 'have'} been assessed under the {fw.label}"
        if assessed
        else f"No council here has been assessed under the {fw.label}"
    ]
    if elsewhere:
        parts.append(f"{elsewhere} {'was' if elsewhere == 1 else 'were'} assessed under another framework only")
    if never:
        parts.append(f"{never} {'is' if never == 1 else 'are'} not yet assessed")
    return "; ".join(parts) + "."


def area_page(kind: str, area_id: str, councils: list[model.Council], fw: Framework) -> AreaPage:
    all_rows, all_waiting = compare_rows(councils, fw)
    in_area = {c.slug for c in councils if area_of(kind, c) == area_id}
    rows = [r for r in all_rows if r.slug in in_area]
    if kind == "region":
        name = fw.region(area_id).name
    elif kind == "type":
        name = fw.council_type(area_id).name
    else:
        name = f"{BAND_KINDS[kind]}: {band_named(kind, area_id).name.lower()}"
    waiting = [w for w in all_waiting if w.slug in in_area]
    here, england = rating_counts(rows, fw), rating_counts(all_rows, fw)
    total_here, total_england = sum(n for _, n in here), sum(n for _, n in england)
    chart = None
    if enough(total_here):  # and so England, which holds these councils
        series = [
            (
                band.name,
                [
                    (name, round(100 * n_here / total_here), f"{name}: {share(n_here, total_here)}", band.id),
                    (
                        "England",
                        round(100 * n_all / total_england),
                        f"England: {share(n_all, total_england)}",
                        "england",
                    ),
                ],
            )
            for (band, n_here), (_, n_all) in zip(here, england, strict=True)
        ]
        chart = bar_chart(
            f"{kind}-{area_id}", f"Share of councils by rating: {name} beside England", series, maximum=100
        )
    return AreaPage(
        kind=kind,
        id=area_id,
        name=name,
        summary=area_summary(len(rows), waiting, fw),
        rows=tuple(rows),
        other_framework=tuple(w for w in waiting if w.elsewhere),
        not_assessed=tuple(w for w in waiting if not w.elsewhere),
        chart=chart,
        table=tuple(
            (band.name, n_here, share(n_here, total_here), n_all, share(n_all, total_england))
            for (band, n_here), (_, n_all) in zip(here, england, strict=True)
        ),
        too_few=too_few(total_here, "here with a formal rating under this framework"),
        since_reassessed=since_reassessed(rows),
        themes=tuple(HeaderCell(t.id, t.name) for t in fw.themes),
        statements=tuple(HeaderCell(s.id, s.name) for s in fw.statements),
        declared=fw.declared,
        next_expected=any(r.next_expected for r in rows),
    )
