"""/compare/what-changed/: every council assessed more than once, newest change first:
its two latest assessments side by side, with their ratings, dates and frameworks. Within
one framework the scores' change is shown too; across two, only the single-word ratings,
and the caveat that the frameworks are not directly comparable comes first. The same
changes are an Atom feed (`feeds.changes_feed`)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model, routes
from ..framework import Frameworks
from ..pages.views import RatingView, StatementChangeView, change_view, rating_view
from ..small_numbers import council_count
from ..words import long_date

WHAT_CHANGED = "compare/what-changed/"
WHAT_CHANGED_FEED = WHAT_CHANGED + "feed.xml"


@dataclass(frozen=True)
class ChangedAssessment:
    """One of the two assessments a change is between."""

    published: str  # long date
    published_iso: str
    url: str  # site-relative: its permanent page
    framework: str  # its framework's short name
    rating: RatingView | None  # None: not rated
    indicative: bool


@dataclass(frozen=True)
class ChangeEntry:
    """A council's change between its two latest assessments."""

    slug: str
    name: str
    type_name: str
    region_name: str
    newer: ChangedAssessment
    older: ChangedAssessment
    comparable: bool  # both under one framework
    caveat: str  # across frameworks: that they are not directly comparable, said first; "" within one
    rating_words: str  # e.g. "Up from requires improvement (56 out of 100) to good (64 out of 100)."
    statements: tuple[StatementChangeView, ...]  # within one framework, each statement whose score changed
    unchanged: int  # within one framework, how many statements kept their score


@dataclass(frozen=True)
class WhatChangedPage:
    """The context of /compare/what-changed/."""

    entries: tuple[ChangeEntry, ...]  # newest change first
    summary: str  # how many councils, and how many of them across frameworks, in a sentence
    feed_url: str  # site-relative: the Atom feed of the same changes


def _assessment(c: model.Council, a: model.Assessment, frameworks: Frameworks) -> ChangedAssessment:
    return ChangedAssessment(
        published=long_date(a.published),
        published_iso=a.published.isoformat(),
        url=routes.assessment_url(c.slug, a.published),
        framework=frameworks.of(a.framework).label,
        rating=rating_view(model.overall_result(a, frameworks.of(a.framework))),
        indicative=a.kind == "indicative",
    )


def change_entry(c: model.Council, frameworks: Frameworks) -> ChangeEntry:
    """The change between a council's two latest assessments (it must have two)."""
    newer, older = c.assessments[0], c.assessments[1]
    fw, older_fw = frameworks.of(newer.framework), frameworks.of(older.framework)
    change = change_view(older, newer, older_fw, fw)
    if change.comparable:
        caveat = ""
        rating = f"Both under the {fw.label}: the rating is {change.rating_words}."
    else:
        caveat = (
            f"These were made under different frameworks, the {older_fw.label} and then the {fw.label}, "
            "which are not directly comparable."
        )
        rating = f"Set side by side, the rating is {change.rating_words}."
    moved = tuple(s for s in change.statements if s.before != s.after)
    return ChangeEntry(
        slug=c.slug,
        name=c.name,
        type_name=frameworks.site.council_type(c.type).name,
        region_name=frameworks.site.region(c.region).name,
        newer=_assessment(c, newer, frameworks),
        older=_assessment(c, older, frameworks),
        comparable=change.comparable,
        caveat=caveat,
        rating_words=rating,
        statements=moved,
        unchanged=len(change.statements) - len(moved),
    )


def change_entries(councils: list[model.Council], frameworks: Frameworks) -> list[ChangeEntry]:
    """Every council assessed more than once, newest change first (then by name)."""
    twice = [c for c in councils if len(c.assessments) > 1]
    twice.sort(key=lambda c: (-c.assessments[0].published.toordinal(), model.sort_name(c.name).lower()))
    return [change_entry(c, frameworks) for c in twice]


def what_changed_page(councils: list[model.Council], frameworks: Frameworks) -> WhatChangedPage:
    entries = change_entries(councils, frameworks)
    across = sum(1 for e in entries if not e.comparable)
    if not entries:
        summary = "No council has been assessed more than once yet."
    else:
        summary = f"{council_count(len(entries))} {'has' if len(entries) == 1 else 'have'} been assessed more than once"
        if across:
            summary += f"; for {across} of them the two latest assessments were made under different frameworks"
        summary += "."
    return WhatChangedPage(entries=tuple(entries), summary=summary, feed_url=WHAT_CHANGED_FEED)
