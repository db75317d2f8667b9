"""National comparison: the typed contexts of the /compare/ pages and of the
"Compare with similar councils" part of each council page.

Like is compared with like: every grouping is by council type or region, and
every row links to the council's narrative. Fields are documented in
docs/page-contexts.md, which a test keeps in step with these classes.
"""

from __future__ import annotations

import heapq
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial

from . import model, routes
from .charts import BarChart, StripChart, bar_chart, score_strip
from .framework import Framework, Rating
from .hexmap import HexMap, HexMapView, hexmap_view
from .markdown import MARKUP, plain_text
from .memo import PerCouncil
from .pages import RatingView, long_date, rating_view

MAX_SIDE_BY_SIDE = 4


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
    )


def rating_counts(rows: list[CompareRow], fw: Framework) -> list[tuple[Rating, int]]:
    """Formal current ratings per band, highest first (indicative assessments are not counted)."""
    counted = Counter(r.rating.id for r in rows if not r.indicative)
    return [(band, counted[band.id]) for band in reversed(fw.ratings)]


def _councils(n: int) -> str:
    return f"{n} council{'s' if n != 1 else ''}"


def _share(n: int, total: int) -> str:
    return f"{round(100 * n / total) if total else 0}%"


def rating_count_chart(chart_id: str, rows: list[CompareRow], fw: Framework) -> BarChart:
    counts = rating_counts(rows, fw)
    total = sum(n for _, n in counts)
    return bar_chart(
        chart_id,
        "Councils by current formal rating",
        [(band.name, [("", n, f"{_councils(n)} ({_share(n, total)})", band.id)]) for band, n in counts],
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
    strip: StripChart
    hexmap: HexMapView | None  # drawn when content/hexmap.hexjson exists


def compare_page(councils: list[model.Council], fw: Framework, hexmap: HexMap | None) -> ComparePage:
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
        counts_table=tuple((band.name, n, _share(n, total)) for band, n in counts),
        indicative=sum(1 for r in rows if r.indicative),
        strip=strip_chart("strip", rows, fw, prefix="../"),
        hexmap=hexmap_view(hexmap, hex_facts(rows, councils, "../")) if hexmap else None,
    )


def hex_facts(rows: list[CompareRow], councils: list[model.Council], prefix: str) -> dict:
    facts = {c.gss_code: (prefix + routes.council_url(c.slug), c.name, None, None, None) for c in councils}
    by_slug = {c.slug: c for c in councils}
    for r in rows:
        code = by_slug[r.slug].gss_code
        facts[code] = (prefix + routes.council_url(r.slug), r.name, r.rating.id, r.rating.name, r.rating.percent)
    return facts


# --- One statement or theme across all councils ---------------------------------


@dataclass(frozen=True)
class GroupEntry:
    slug: str
    name: str
    detail: str  # e.g. "64 out of 100" for a theme, or the rating for a statement
    excerpt: str  # one line of the findings, plain text
    anchor: str  # the statement or theme on the council page


@dataclass(frozen=True)
class Group:
    id: str  # anchor on the page, e.g. "score-3"
    heading: str  # e.g. "Scored 3: Evidence shows a good standard"
    entries: tuple[GroupEntry, ...]


@dataclass(frozen=True)
class DistributionPage:
    """The context of /compare/statements/<id>/ and /compare/themes/<id>/."""

    kind: str  # "statement" or "theme"
    id: str
    name: str
    description: str  # what the statement asks, or the theme's statements
    chart: BarChart
    table: tuple[tuple[str, int, str], ...]  # (group heading, councils, share)
    groups: tuple[Group, ...]  # best first
    not_scored: tuple[GroupEntry, ...]


_SENTENCE_END = re.compile(r"[.!?]\s")


def excerpt(markdown_text: str, limit: int = 160) -> str:
    """The first sentence of some findings as plain text, cut at a word near `limit` characters."""
    stripped = markdown_text.strip()
    # Most often the first sentence is short and has no markup: then it is the excerpt,
    # its spaces evened out, and nothing after it need be read.
    short = _SENTENCE_END.search(stripped, 0, 2 * limit)
    if short and not MARKUP.search(stripped, 0, short.end()) and "\n\n" not in stripped[: short.end()]:
        first = " ".join(stripped[: short.start() + 1].split())
        if len(first) <= limit:
            return first
    end = stripped.find("\n\n")  # a sentence never runs on past the first paragraph
    first_paragraph = stripped if end < 0 else stripped[:end]
    # Only the opening is needed: strip its markup, and the whole paragraph's only when markup
    # took up so much of the opening that too little text is left (a long link, say).
    head = first_paragraph[: 4 * limit].rsplit(" ", 1)[0] if len(first_paragraph) > 4 * limit else first_paragraph
    text = plain_text(head)
    if head != first_paragraph and len(text) <= 2 * limit:
        text = plain_text(first_paragraph)
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def council_excerpts(c: model.Council, fw: Framework) -> dict[str, str]:
    """The excerpt of each statement's findings and each theme's narrative in a council's
    current assessment (kept with the council's placements, below)."""
    a = c.current
    if a is None:
        return {}
    found = {sid: excerpt(entry.findings) for sid, entry in a.statements.items()}
    for theme in fw.themes:
        first = next((e.findings for s in theme.statements if (e := a.statements.get(s.id))), "")
        found[theme.id] = excerpt(a.theme_narratives.get(theme.id) or first)
    return found


_placed_of: PerCouncil[dict[str, tuple[object, GroupEntry]]] = PerCouncil()


def _placed(c: model.Council, row: CompareRow | None, fw: Framework) -> dict[str, tuple[object, GroupEntry]]:
    """Where a council goes on each statement and theme page, by statement or theme id: its
    group there (the score, or the sub-rating's id; None: not scored) and its entry."""
    _placed_of.depend_on(fw)

    def work_out() -> dict[str, tuple[object, GroupEntry]]:
        a = c.current
        assert a is not None
        texts = council_excerpts(c, fw)
        detail = f"rated {row.rating.name.lower()} overall" if row and row.rating else ""
        placed: dict[str, tuple[object, GroupEntry]] = {}
        for s in fw.statements:
            entry = a.statements.get(s.id)
            score = entry.score if entry else None
            placed[s.id] = (score, GroupEntry(c.slug, c.name, detail, texts.get(s.id, ""), s.id))
        sub_ratings = {cell.theme_id: cell.rating for cell in row.themes} if row else {}
        for theme in fw.themes:
            result = sub_ratings.get(theme.id)
            if result is None:
                placed[theme.id] = (None, GroupEntry(c.slug, c.name, "not scored", texts[theme.id], theme.id))
            else:
                entry_detail = f"{result.percent} out of 100"
                placed[theme.id] = (result.id, GroupEntry(c.slug, c.name, entry_detail, texts[theme.id], theme.id))
        return placed

    return _placed_of.get(c, work_out)


def keep_placements(councils: list[model.Council], fw: Framework) -> None:
    """Work out where every council goes on the statement and theme pages now, before the
    workers that render those pages fork: they share the result instead of each working
    it out (and holding a copy), and `make serve` does so again only for changed councils."""
    for _ in _placed_all(councils, fw, fw.statements[0].id):
        pass


def _placed_all(councils: list[model.Council], fw: Framework, page_id: str) -> Iterator[tuple[object, GroupEntry]]:
    """Each assessed council's group and entry on one statement or theme page."""
    row_of = {r.slug: r for r in compare_rows(councils, fw)[0]}
    _placed_of.keep_only(councils)
    for c in councils:
        if c.current is not None:
            yield _placed(c, row_of.get(c.slug), fw)[page_id]


def statement_page(statement_id: str, councils: list[model.Council], fw: Framework) -> DistributionPage:
    s = fw.statement(statement_id)
    by_score: dict[int, list[GroupEntry]] = {n: [] for n in fw.scale}
    not_scored = []
    for score, item in _placed_all(councils, fw, statement_id):
        (not_scored if score is None else by_score[score]).append(item)  # type: ignore[index]
    total = sum(len(v) for v in by_score.values())
    order = sorted(fw.scale, reverse=True)
    headings = {n: f"Scored {n}: {fw.scale[n]}" for n in order}
    return DistributionPage(
        kind="statement",
        id=s.id,
        name=s.name,
        description=s.asks,
        chart=bar_chart(
            f"statement-{s.id}",
            f"Councils by score for {s.name}",
            [(f"Scored {n}", [("", len(by_score[n]), f"{_councils(len(by_score[n]))}", f"score-{n}")]) for n in order],
        ),
        table=tuple((headings[n], len(by_score[n]), _share(len(by_score[n]), total)) for n in order),
        groups=tuple(Group(f"score-{n}", headings[n], tuple(by_score[n])) for n in order),
        not_scored=tuple(not_scored),
    )


def theme_page(theme_id: str, councils: list[model.Council], fw: Framework) -> DistributionPage:
    theme = fw.theme(theme_id)
    by_band: dict[str, list[GroupEntry]] = {r.id: [] for r in fw.ratings}
    not_scored = []
    for band, item in _placed_all(councils, fw, theme_id):
        (not_scored if band is None else by_band[band]).append(item)  # type: ignore[index]
    total = sum(len(v) for v in by_band.values())
    bands = list(reversed(fw.ratings))
    return DistributionPage(
        kind="theme",
        id=theme.id,
        name=theme.name,
        description="Derived by this site from the scores of: " + "; ".join(s.name for s in theme.statements) + ".",
        chart=bar_chart(
            f"theme-{theme.id}",
            f"Councils by sub-rating for {theme.name}",
            [(b.name, [("", len(by_band[b.id]), _councils(len(by_band[b.id])), b.id)]) for b in bands],
        ),
        table=tuple((b.name, len(by_band[b.id]), _share(len(by_band[b.id]), total)) for b in bands),
        groups=tuple(Group(b.id, b.name, tuple(by_band[b.id])) for b in bands),
        not_scored=tuple(not_scored),
    )


# --- A region or a type beside England -------------------------------------------


@dataclass(frozen=True)
class AreaPage:
    """The context of /compare/regions/<id>/ and /compare/types/<id>/."""

    kind: str  # "region" or "type"
    id: str
    name: str  # e.g. "North East", or "Unitary authorities"
    rows: tuple[CompareRow, ...]
    not_assessed: tuple[NotAssessed, ...]
    chart: BarChart  # this area's share of each rating beside England's
    table: tuple[tuple[str, int, str, int, str], ...]  # (rating, here, share here, England, share England)
    themes: tuple[HeaderCell, ...]
    statements: tuple[HeaderCell, ...]


def area_page(kind: str, area_id: str, councils: list[model.Council], fw: Framework) -> AreaPage:
    all_rows, all_waiting = compare_rows(councils, fw)
    key = "region_id" if kind == "region" else "type_id"
    rows = [r for r in all_rows if getattr(r, key) == area_id]
    name = fw.region(area_id).name if kind == "region" else fw.council_type(area_id).name
    in_area = {c.slug for c in councils if (c.region if kind == "region" else c.type) == area_id}
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
                        f"{name}: {_share(n_here, total_here)}",
                        band.id,
                    ),
                    (
                        "England",
                        round(100 * n_all / total_england) if total_england else 0,
                        f"England: {_share(n_all, total_england)}",
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
            (band.name, n_here, _share(n_here, total_here), n_all, _share(n_all, total_england))
            for (band, n_here), (_, n_all) in zip(here, england, strict=True)
        ),
        themes=tuple(HeaderCell(t.id, t.name) for t in fw.themes),
        statements=tuple(HeaderCell(s.id, s.name) for s in fw.statements),
    )


# --- Similar councils and the side-by-side tool -----------------------------------


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


@dataclass(frozen=True)
class SideBySidePage:
    """The context of /compare/councils/. The page's script shows the councils named in
    `?c=`; the data it needs is embedded in the page as a JSON data block."""

    choices: tuple[tuple[str, str], ...]  # (slug, name) of every assessed council, by name
    data_json: str  # JSON: {slug: {name, url, rating, percent, published, indicative, themes, scores}}
    themes: tuple[HeaderCell, ...]
    statements: tuple[HeaderCell, ...]
    maximum: int  # how many councils can be compared at once


_side_by_side_of: PerCouncil[str] = PerCouncil()


def side_by_side_page(councils: list[model.Council], fw: Framework) -> SideBySidePage:
    rows, _ = compare_rows(councils, fw)
    # The JSON of every council, each council's part kept while its object is in use.
    _side_by_side_of.depend_on(fw)
    _side_by_side_of.keep_only(councils)
    council_of = {c.slug: c for c in councils}
    data = ",".join(
        json.dumps(r.slug, ensure_ascii=False)
        + ":"
        + _side_by_side_of.get(council_of[r.slug], partial(_side_by_side, r))
        for r in rows
    )
    return SideBySidePage(
        choices=tuple((r.slug, r.name) for r in rows),
        data_json="{" + data.replace("<", "\\u003c") + "}",
        themes=tuple(HeaderCell(t.id, t.name) for t in fw.themes),
        statements=tuple(HeaderCell(s.id, s.name) for s in fw.statements),
        maximum=MAX_SIDE_BY_SIDE,
    )


def _side_by_side(r: CompareRow) -> str:
    return json.dumps(
        {
            "name": r.name,
            "url": "../../" + routes.council_url(r.slug),
            "type": r.type_name,
            "region": r.region_name,
            "rating": r.rating.name,
            "percent": r.rating.percent,
            "position": r.rating.position,
            "published": r.published,
            "indicative": r.indicative,
            "themes": [[t.rating.name, t.rating.percent] if t.rating else None for t in r.themes],
            "scores": list(r.scores),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
