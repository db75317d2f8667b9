"""/compare/statements/<id>/ and /compare/themes/<id>/: one statement or theme across
every council assessed under the framework (each by its latest assessment under it),
grouped by score or sub-rating, each entry with a line of its findings; a chart and
shares only where enough councils were scored (small_numbers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import model, routes
from ..charts import BarChart, bar_chart
from ..framework import Framework
from ..markdown import MARKUP, plain_text
from ..memo import PerCouncil
from ..small_numbers import council_count, enough, share, too_few
from .rows import CompareRow, compare_rows


@dataclass(frozen=True)
class GroupEntry:
    # Below councils/: "<slug>/", or "<slug>/<date>/" if a newer assessment under another framework has its page.
    page: str
    name: str
    detail: str  # e.g. "64 out of 100" for a theme, or the rating for a statement
    excerpt: str  # one line of the findings, plain text
    anchor: str  # the statement or theme on the council page


@dataclass(frozen=True)
class Group:
    id: str  # anchor on the page, e.g. "score-3"
    heading: str  # e.g. "Scored 3: Evidence shows a good standard"
    entries: tuple[GroupEntry, ...]
    looks_like: str  # on a statement's page, what this score looks like (this site's summary); else ""


@dataclass(frozen=True)
class DistributionPage:
    """The context of /compare/statements/<id>/ and /compare/themes/<id>/."""

    kind: str  # "statement" or "theme"
    id: str
    name: str
    description: str  # what the statement asks, or the theme's statements
    chart: BarChart | None  # None when too few councils were scored to draw (small_numbers)
    table: tuple[tuple[str, int, str | None], ...]  # (group heading, councils, share; None when too few)
    too_few: str  # why there is no chart or share, or ""
    groups: tuple[Group, ...]  # best first
    not_scored: tuple[GroupEntry, ...]
    characteristics_note: str  # where the descriptions of each score come from; "" when there are none
    characteristics_by: str  # who wrote them, beside each: "this site's summary"; "" when the framework does not say


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
        page = routes.findings_url(c).removeprefix("councils/")
        pilot = " (indicative)" if row and row.indicative else ""
        since = f"; since re-assessed {row.since}" if row and row.since else ""
        detail = f"rated {row.rating.name.lower()} overall{pilot}{since}" if row and row.rating else ""
        placed: dict[str, tuple[object, GroupEntry]] = {}
        for s in fw.statements:
            entry = a.statements.get(s.id)
            score = entry.score if entry else None
            placed[s.id] = (score, GroupEntry(page, c.name, detail, texts.get(s.id, ""), s.id))
        sub_ratings = {cell.theme_id: cell.rating for cell in row.themes} if row else {}
        for theme in fw.themes:
            result = sub_ratings.get(theme.id)
            if result is None:
                placed[theme.id] = (None, GroupEntry(page, c.name, "not scored" + since, texts[theme.id], theme.id))
            else:
                entry_detail = f"{result.percent} out of 100{pilot}{since}"
                placed[theme.id] = (result.id, GroupEntry(page, c.name, entry_detail, texts[theme.id], theme.id))
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
            [(f"Scored {n}", [("", len(by_score[n]), council_count(len(by_score[n])), f"score-{n}")]) for n in order],
        )
        if enough(total)
        else None,
        table=tuple((headings[n], len(by_score[n]), share(len(by_score[n]), total)) for n in order),
        too_few=too_few(total, "scored on this statement under this framework"),
        groups=tuple(Group(f"score-{n}", headings[n], tuple(by_score[n]), s.characteristic(n) or "") for n in order),
        not_scored=tuple(not_scored),
        characteristics_note=fw.characteristics_note if s.characteristics else "",
        characteristics_by=fw.characteristics_by,
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
            [(b.name, [("", len(by_band[b.id]), council_count(len(by_band[b.id])), b.id)]) for b in bands],
        )
        if enough(total)
        else None,
        table=tuple((b.name, len(by_band[b.id]), share(len(by_band[b.id]), total)) for b in bands),
        too_few=too_few(total, "with a sub-rating for this theme"),
        groups=tuple(Group(b.id, b.name, tuple(by_band[b.id]), "") for b in bands),
        not_scored=tuple(not_scored),
        characteristics_note="",
        characteristics_by="",
    )
