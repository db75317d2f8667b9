"""The nearest-profile search: for each council, the councils whose nine statement
scores are nearest its own. An algorithm, not a page: `similar` uses it."""

from __future__ import annotations

import heapq
from functools import cache

from .rows import CompareRow


def _distance(a: tuple[int | None, ...], b: tuple[int | None, ...]) -> int:
    """How far apart two nine-score profiles are: the sum of the score differences, a statement
    not scored counting as 0. The difference in totals never exceeds it."""
    return sum(abs((x or 0) - (y or 0)) for x, y in zip(a, b, strict=True))


def _thermometer(scores: tuple[int | None, ...]) -> int:
    """A profile as bits, each score n as n ones in its own four bits (3 -> 0111), so the
    distance between two profiles is the number of bits that differ: one fast int operation."""
    return sum(((1 << (s or 0)) - 1) << (4 * i) for i, s in enumerate(scores))


def _profile_key(scores: tuple[int | None, ...]) -> int:
    """A profile as one int, a score s (0 if not scored) as the hex digit s + 4. Adding a
    ring offset (below) changes each digit by at most 4 with no carry, so a profile out of
    range gets a digit outside 4-8 and can never match a real one."""
    return sum(((s or 0) + 4) << (4 * i) for i, s in enumerate(scores))


@cache
def _ring_offsets(dimensions: int, distance: int) -> tuple[int, ...]:
    """The key offsets of every profile exactly `distance` away, each score moving by at
    most 4 (the range of a score)."""
    if dimensions == 0:
        return (0,) if distance == 0 else ()
    return tuple(
        (step << (4 * (dimensions - 1))) + rest
        for step in range(-min(4, distance), min(4, distance) + 1)
        for rest in _ring_offsets(dimensions - 1, distance - abs(step))
    )


Nearest = dict[str, list[CompareRow]]  # slug -> its nearest rows, nearest first


def nearest_profiles(
    rows: list[CompareRow],
    limit: int,
    ring_budget: int | None = None,
    before: tuple[list[CompareRow], Nearest] | None = None,
) -> Nearest:
    """Each row's `limit` nearest rows by the summed difference of statement scores, ties
    by name then slug. Two exact searches, whichever costs less for a council:
    - look up every profile at distance 0, 1, 2... until `limit` councils are found (a
      few hundred lookups when there are many councils, so profiles are dense);
    - compare with every council of each total, scanning outwards from the council's own
      (when councils are few, the rings would hold more profiles than there are councils).
    `ring_budget` is how many profiles to look up before scanning instead: by default, a
    quarter of the number of councils (a scan reaches only the councils of a few totals).
    `before` is the last rows and answer (under `make serve`): only the councils whose
    answer a changed row could alter are worked out again.
    """
    ring_budget = len(rows) // 4 if ring_budget is None else ring_budget
    codes = {r.slug: _thermometer(r.scores) for r in rows}
    by_key: dict[int, list[tuple[str, str, CompareRow]]] = {}
    by_total: dict[int, list[tuple[int, str, str, CompareRow]]] = {}
    for r in rows:
        by_key.setdefault(_profile_key(r.scores), []).append((r.name, r.slug, r))
        by_total.setdefault(r.rating.total, []).append((codes[r.slug], r.name, r.slug, r))
    totals = sorted(by_total)

    def by_rings(row: CompareRow) -> list[CompareRow] | None:
        mine, dimensions, looked_up = _profile_key(row.scores), len(row.scores), 0
        found: list[tuple[int, str, str, CompareRow]] = []
        for distance in range(4 * dimensions + 1):
            ring = _ring_offsets(dimensions, distance)
            looked_up += len(ring)
            if looked_up > ring_budget:
                return None  # scanning is cheaper
            for offset in ring:
                for name, slug, o in by_key.get(mine + offset, ()):
                    if o is not row:
                        found.append((distance, name, slug, o))
            if len(found) >= limit:  # every nearer ring is complete
                break
        return [o for *_, o in heapq.nsmallest(limit, found)]

    def by_scan(row: CompareRow) -> list[CompareRow]:
        # Scan outwards from the same total: the distance is at least the difference in totals.
        mine, total = codes[row.slug], row.rating.total
        found: list[tuple[int, str, str, CompareRow]] = []  # (distance, name, slug): slugs are unique
        for t in sorted(totals, key=lambda t: abs(t - total)):
            if len(found) >= limit and abs(t - total) > found[-1][0]:
                break
            found += [((mine ^ code).bit_count(), name, slug, o) for code, name, slug, o in by_total[t] if o is not row]
            found = heapq.nsmallest(limit, found)
        return [o for *_, o in found]

    def nearest(row: CompareRow) -> list[CompareRow]:
        near = by_rings(row)
        return near if near is not None else by_scan(row)

    now = {r.slug: r for r in rows}
    was = {r.slug: r for r in before[0]} if before else {}
    changed = [r for r in rows if was.get(r.slug) != r]  # new, or any field differs
    gone = {slug for slug in was if slug not in now} | {r.slug for r in changed}
    if before is None or len(gone) * 20 > len(rows):  # many changes: start again
        return {r.slug: nearest(r) for r in rows}
    out = {}
    for r in rows:
        old = before[1].get(r.slug)
        if old is None or r.slug in gone or any(o.slug in gone for o in old):
            out[r.slug] = nearest(r)
            continue
        mine = codes[r.slug]
        last = old[-1] if old else None
        worst = ((mine ^ codes[last.slug]).bit_count(), last.name, last.slug) if last and len(old) == limit else None
        closer = any(
            c is not r and (worst is None or ((mine ^ codes[c.slug]).bit_count(), c.name, c.slug) < worst)
            for c in changed
        )
        out[r.slug] = nearest(r) if closer else [now[o.slug] for o in old]
    return out
