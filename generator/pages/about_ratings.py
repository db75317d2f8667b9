"""/about-the-ratings/: the site's framework, its scale and bands and how a rating
follows from the scores, and in brief each other framework a council was assessed under."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model
from ..framework import Framework, Frameworks, Rating, frameworks_of
from ..rounds import framework_rounds
from ..words import long_date
from .views import FrameworkLabel, RatingView, framework_label, rating_view


@dataclass(frozen=True)
class AboutRatingsPage:
    """The context of the page that explains the framework and scoring rules."""

    themes: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...]  # (id, name, ((id, name, asks)...))
    scale: tuple[tuple[int, str], ...]
    bands: tuple[Rating, ...]  # lowest first
    statement_count: int
    max_total: int
    worked_example: RatingView | None  # 14 of 36, the total the rounding rule settles; None when declared
    framework: FrameworkLabel  # the site's framework, which the page explains
    others: tuple[OtherFramework, ...]  # the other frameworks a council on the site was assessed under


@dataclass(frozen=True)
class OtherFramework:
    """Another framework on the site, in brief, on the page that explains the ratings."""

    framework: FrameworkLabel
    full_name: str
    in_force: str | None  # long date
    themes: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...]  # as AboutRatingsPage.themes
    scale: tuple[tuple[int, str], ...]
    compare_url: str  # site-relative: its comparison pages


def about_ratings_page(fw: Framework | Frameworks, councils: list[model.Council] | None = None) -> AboutRatingsPage:
    """`councils`: those of the site, to know which other frameworks are in use."""
    frameworks = frameworks_of(fw)
    fw = frameworks.site
    n = len(fw.statements)
    # 14 of 36: the one total of nine statements where rounding decides the band.
    example = None if fw.declared else model.score([2] * 5 + [1] * 4, fw)
    others = [r for r in framework_rounds(councils or [], frameworks) if r.framework is not fw]
    return AboutRatingsPage(
        themes=_themes_of(fw),
        scale=tuple(sorted(fw.scale.items())),
        bands=fw.ratings,
        statement_count=n,
        max_total=n * fw.max_score,
        worked_example=rating_view(example),
        framework=framework_label(fw),
        others=tuple(
            OtherFramework(
                framework=framework_label(r.framework),
                full_name=r.framework.name,
                in_force=long_date(r.framework.in_force) if r.framework.in_force else None,
                themes=_themes_of(r.framework),
                scale=tuple(sorted(r.framework.scale.items())),
                compare_url=r.base,
            )
            for r in others
        ),
    )


def _themes_of(fw: Framework) -> tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...]:
    return tuple((t.id, t.name, tuple((s.id, s.name, s.asks) for s in t.statements)) for t in fw.themes)
