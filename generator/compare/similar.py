"""On each council page, "Compare with similar councils": the nearest profiles, and the
nearest in score of the same type and of the same region."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .. import model
from ..framework import Framework
from ..pages.views import RatingView
from .nearest import Nearest, nearest_profiles
from .rows import CompareRow, compare_rows
from .side_by_side import MAX_SIDE_BY_SIDE


@dataclass(frozen=True)
class SimilarEntry:
    slug: str
    name: str
    rating: RatingView | None
    indicative: bool


@dataclass(frozen=True)
class SimilarGroup:
    heading: str  # e.g. "Same type: unitary authority"
    entries: tuple[SimilarEntry, ...]  # nearest in score first
    more_href: str | None  # site-relative comparison page of the whole group
    more_text: str | None  # e.g. "Compare all councils in the North East"


@dataclass(frozen=True)
class SimilarCouncils:
    """On a council page: councils to compare it with."""

    groups: tuple[SimilarGroup, ...]  # nearest profile, same type, same region; empty groups left out
    side_by_side: str  # the query string for the side-by-side tool, e.g. "c=northvale,harthill"


_last_similar: tuple[tuple[object, ...], dict[str, SimilarCouncils]] | None = None
_last_nearest: tuple[list[CompareRow], Nearest, int] | None = None  # rows, answer, limit


def similar_councils(councils: list[model.Council], fw: Framework, limit: int = 5) -> dict[str, SimilarCouncils]:
    """Each council's similar councils. They depend on the rows and where each council is
    alone, so a `make serve` rebuild after a change to findings only reuses the last answer."""
    global _last_similar
    rows, _ = compare_rows(councils, fw)
    key = (tuple(rows), tuple((c.slug, c.name, c.type, c.region) for c in councils), fw, limit)
    if _last_similar is None or _last_similar[0] != key:
        _last_similar = (key, _similar_councils(councils, fw, rows, limit))
    return _last_similar[1]


def _similar_councils(
    councils: list[model.Council], fw: Framework, rows: list[CompareRow], limit: int
) -> dict[str, SimilarCouncils]:
    by_slug = {r.slug: r for r in rows}

    entries: dict[str, SimilarEntry] = {}  # one per council, however many lists it is in

    def entry(r: CompareRow) -> SimilarEntry:
        if r.slug not in entries:
            entries[r.slug] = SimilarEntry(r.slug, r.name, r.rating, r.indicative)
        return entries[r.slug]

    global _last_nearest
    before = _last_nearest[:2] if _last_nearest and _last_nearest[2] == limit else None
    near_of = nearest_profiles(rows, limit, before=before)
    _last_nearest = (rows, near_of, limit)

    # Nearest in score within a group: each group sorted once, then neighbours either side of
    # a council's place in it (so the work grows as n log n, not n squared).
    by_group: dict[tuple[str, str], list[CompareRow]] = {}
    for r in rows:
        by_group.setdefault(("type", r.type_id), []).append(r)
        by_group.setdefault(("region", r.region_id), []).append(r)
    for members in by_group.values():
        members.sort(key=lambda o: (o.rating.percent, o.name))
    keys = {group: [o.rating.percent for o in members] for group, members in by_group.items()}

    def nearest_in(group: tuple[str, str], score: int | None, slug: str) -> list[CompareRow]:
        members = by_group.get(group, [])
        if score is None:
            return sorted((o for o in members if o.slug != slug), key=lambda o: o.name)[:limit]
        at = bisect_left(keys[group], score)
        window = members[max(0, at - limit - 1) : at + limit + 1]
        return sorted((o for o in window if o.slug != slug), key=lambda o: (abs(o.rating.percent - score), o.name))[
            :limit
        ]

    out = {}
    for c in councils:
        row = by_slug.get(c.slug)
        score = row.rating.percent if row else None
        same_type = nearest_in(("type", c.type), score, c.slug)
        same_region = nearest_in(("region", c.region), score, c.slug)
        near = near_of[c.slug] if row else []
        picks = [c.slug] + [o.slug for o in (near or same_type)][: MAX_SIDE_BY_SIDE - 1]
        type_name, region_name = fw.council_type(c.type).name, fw.region(c.region).name
        listed = [
            SimilarGroup("Nearest scores, statement by statement", tuple(map(entry, near)), None, None),
            SimilarGroup(
                f"Same type: {type_name.lower()}",
                tuple(map(entry, same_type)),
                f"compare/types/{c.type}/",
                f"Compare every council of this type ({type_name.lower()})",
            ),
            SimilarGroup(
                f"Same region: {region_name}",
                tuple(map(entry, same_region)),
                f"compare/regions/{c.region}/",
                f"Compare every council in the {region_name}"
                if region_name.startswith(("North", "South", "East", "West"))
                else f"Compare every council in {region_name}",
            ),
        ]
        out[c.slug] = SimilarCouncils(tuple(g for g in listed if g.entries), "c=" + ",".join(picks))
    return out
