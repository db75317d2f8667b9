"""/compare/regions/<id>/ and /compare/types/<id>/: a region's or a type's councils,
and their share of each rating beside England's."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model
from ..charts import BarChart, bar_chart
from ..framework import Framework
from .bands import BAND_KINDS, band_named, band_of
from .rows import CompareRow, HeaderCell, NotAssessed, compare_rows, rating_counts, share


@dataclass(frozen=True)
class AreaPage:
    """The context of /compare/regions/<id>/, /compare/types/<id>/, and of the bands of local
    context, /compare/population/<id>/ and /compare/deprivation/<id>/."""

    kind: str  # "region", "type", "population" or "deprivation"
    id: str
    name: str  # e.g. "North East", or "Unitary authorities"
    rows: tuple[CompareRow, ...]
    not_assessed: tuple[NotAssessed, ...]
    chart: BarChart  # this area's share of each rating beside England's
    table: tuple[tuple[str, int, str, int, str], ...]  # (rating, here, share here, England, share England)
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
    series = []
    for (band, n_here), (_, n_all) in zip(here, england, strict=True):
        series.append(
            (
                band.name,
                [
                    (
                        name,
                        round(100 * n_here / total_here) if total_here else 0,
                        f"{name}: {share(n_here, total_here)}",
                        band.id,
                    ),
                    (
                        "England",
                        round(100 * n_all / total_england) if total_england else 0,
                        f"England: {share(n_all, total_england)}",
                        "england",
                    ),
                ],
            )
        )
    return AreaPage(
        kind=kind,
        id=area_id,
        name=name,
        rows=tuple(rows),
        not_assessed=tuple(waiting),
        chart=bar_chart(
            f"{kind}-{area_id}", f"Share of councils by rating: {name} beside England", series, maximum=100
        ),
        table=tuple(
            (band.name, n_here, share(n_here, total_here), n_all, share(n_all, total_england))
            for (band, n_here), (_, n_all) in zip(here, england, strict=True)
        ),
        themes=tuple(HeaderCell(t.id, t.name) for t in fw.themes),
        statements=tuple(HeaderCell(s.id, s.name) for s in fw.statements),
        declared=fw.declared,
        next_expected=any(r.next_expected for r in rows),
    )
