"""/councils/: every council A to Z, one entry each, which the home page's latest
publications use too."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model
from ..framework import Framework, Frameworks, frameworks_of
from ..memo import PerCouncil
from ..words import long_date
from .views import RatingView, rating_view


@dataclass(frozen=True)
class CouncilListEntry:
    slug: str
    name: str
    type_name: str
    region_name: str
    rating: RatingView | None  # None: not yet assessed
    framework: str | None  # the short name of its framework, on a site with more than one
    indicative: bool
    published: str | None  # long date of the current assessment
    published_iso: str | None


@dataclass(frozen=True)
class CouncilListPage:
    """The context of /councils/: every council A to Z."""

    letters: tuple[tuple[str, tuple[CouncilListEntry, ...]], ...]  # (letter, councils), A to Z


_entry_of: PerCouncil[CouncilListEntry] = PerCouncil()


def council_entry(council: model.Council, fw: Framework | Frameworks) -> CouncilListEntry:
    frameworks = frameworks_of(fw)
    _entry_of.depend_on(*frameworks.all)
    return _entry_of.get(council, lambda: _council_entry(council, frameworks))


def _council_entry(council: model.Council, frameworks: Frameworks) -> CouncilListEntry:
    a = council.current
    fw = frameworks.site
    under = frameworks.of(a.framework) if a else fw
    return CouncilListEntry(
        slug=council.slug,
        name=council.name,
        type_name=fw.council_type(council.type).name,
        region_name=fw.region(council.region).name,
        rating=rating_view(model.overall_result(a, under)) if a else None,
        framework=under.label if a and len(frameworks.all) > 1 else None,
        indicative=bool(a and a.kind == "indicative"),
        published=long_date(a.published) if a else None,
        published_iso=a.published.isoformat() if a else None,
    )


def council_list_page(councils: list[model.Council], fw: Framework | Frameworks) -> CouncilListPage:
    groups: dict[str, list[CouncilListEntry]] = {}
    _entry_of.keep_only(councils)
    for council in sorted(councils, key=lambda c: model.sort_name(c.name).lower()):
        groups.setdefault(model.sort_name(council.name)[0].upper(), []).append(council_entry(council, fw))
    return CouncilListPage(letters=tuple((k, tuple(v)) for k, v in sorted(groups.items())))
