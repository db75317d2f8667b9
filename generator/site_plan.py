"""The pages the generator adds to the site, each with its template and the
function that builds its typed context (see docs/page-contexts.md).

Per council: its page, a permanent page per assessment, its Easy Read page, a redirect from its
GSS code, and redirects from each previous slug (and that slug's assessment
pages). For the site: the A to Z list, the search page, the comparison pages,
the open data page and the postcode finder. Before anything is written, `address_conflicts` checks
that no two sources claim one address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from . import compare, model, pages, rounds, routes
from .framework import Framework, Frameworks, frameworks_of
from .hexmap import HexMap
from .opendata import DataLicence, data_page, open_data_files
from .pages import finder
from .postcodes import PostcodeTable
from .problems import Problem, display_path
from .reader import position_of_key
from .words import long_date


class _LatestCouncilViews:
    """The assessment views and council page of the council rendered last. A council's pages
    render one after another, so they share the work without holding every council's in memory."""

    def __init__(self) -> None:
        self.council: model.Council | None = None
        self.cached: list[pages.AssessmentView] = []
        self.page: pages.CouncilPage | None = None

    def views(self, council: model.Council, fw: Frameworks) -> list[pages.AssessmentView]:
        self._forget_unless(council)
        if not self.cached:
            self.cached = pages.assessment_views(council, fw)
        return self.cached

    def council_page(
        self, council: model.Council, similar: object, make: Callable[[], pages.CouncilPage]
    ) -> pages.CouncilPage:
        self._forget_unless(council)
        # The same council, whose similar councils changed (another council's edit): a new page.
        if self.page is None or self.page.similar is not similar:
            self.page = make()
        return self.page

    def _forget_unless(self, council: model.Council) -> None:
        if council is not self.council:  # identity: a rebuild under `make serve` loads new objects
            self.council, self.cached, self.page = council, [], None


_latest = _LatestCouncilViews()


@dataclass(frozen=True)
class GeneratedPage:
    url: str  # site-relative, e.g. "councils/northvale/"
    template: str  # "" for a file written as its view gives it (bytes), not a page
    view: Callable[[], object]  # builds the page context when the page is rendered (site_writer)
    slug: str | None = None  # the council it belongs to; None for site-wide pages
    in_sitemap: bool = True  # redirects, and assessment pages that repeat the council page, are left out
    round: compare.RoundNav | None = None  # a comparison page's framework, on a site with more than one


def generated_pages(
    councils: list[model.Council],
    fw: Framework | Frameworks,
    site: pages.SiteInfo,
    search: bool,
    hexmap: HexMap | None = None,
    licence: DataLicence | None = None,
    similar: dict[str, compare.SimilarCouncils] | None = None,
) -> list[GeneratedPage]:
    frameworks = frameworks_of(fw)
    plan = [GeneratedPage("councils/", "councils.html", partial(pages.council_list_page, councils, frameworks))]
    if search:
        plan.append(GeneratedPage("search/", "search.html", partial(pages.search_page, councils, frameworks)))
    plan += all_comparison_pages(councils, frameworks, hexmap)
    # Across every framework, so one page however many there are.
    view = partial(compare.what_changed_page, councils, frameworks)
    plan.append(GeneratedPage(compare.WHAT_CHANGED, "compare-changes.html", view))
    if licence is not None:
        plan.append(GeneratedPage("data/", "data.html", partial(data_page, councils, frameworks, site, licence)))
    if site.postcodes is not None:
        plan += finder_pages(site.postcodes, councils, frameworks)
    if similar is None:
        similar = site_similar_councils(councils, frameworks)
    for council in councils:
        plan += council_pages(council, frameworks, site, similar.get(council.slug))
    return plan


def address_conflicts(
    plan: list[GeneratedPage], councils: list[model.Council], fw: Framework | Frameworks, others: list[routes.Claim]
) -> list[Problem]:
    """Every address the build would write, checked before anything is written: `others`
    (MkDocs' own files), each council's pages and files, the open data and the site pages."""
    claims = others + routes.councils_claims(councils)
    claims += [routes.Claim(path, "the generator's open data", "(file)") for path in open_data_files(fw, councils)]
    claims += [routes.Claim(p.url, f"the generator's {p.template}", "(file)") for p in plan if not p.slug]
    return routes.conflicts(claims, position=_position_in_file)


def _position_in_file(claim: routes.Claim) -> tuple[int, int]:
    """Where a claim's field sits in its file; read only when there is a problem to report."""
    path = Path(claim.source)
    if claim.field == "(file)" or not path.is_file():
        return 1, 1
    return position_of_key(path.read_bytes(), claim.field)


def site_similar_councils(councils: list[model.Council], frameworks: Frameworks) -> dict[str, compare.SimilarCouncils]:
    """Similar councils by their scores under the site's framework: the scores under two differ.
    A council since re-assessed under another framework is left out, as one and as a match:
    its page shows that assessment, which is not comparable with these."""
    under = rounds.councils_under(councils, frameworks.site, frameworks)
    return compare.similar_councils([c for c in under if not c.superseded_elsewhere], frameworks.site)


def all_comparison_pages(
    councils: list[model.Council], frameworks: Frameworks, hexmap: HexMap | None
) -> list[GeneratedPage]:
    """Every framework's comparison pages, each made from its own assessments only, and
    linked to the same page under the others."""
    each = rounds.framework_rounds(councils, frameworks)
    site_first = sorted(each, key=lambda r: r.framework is not frameworks.site)  # as the sitemap lists them
    planned = [(r, comparison_pages(r.councils, r.framework, hexmap, r.base)) for r in site_first]
    if len(each) < 2:
        return planned[0][1]
    exists = {p.url for _, plan in planned for p in plan}
    return [
        replace(p, round=compare.round_nav(each, r, p.url.removeprefix(r.base), exists))
        for r, plan in planned
        for p in plan
    ]


def comparison_pages(
    councils: list[model.Council], fw: Framework, hexmap: HexMap | None, base: str = "compare/"
) -> list[GeneratedPage]:
    """One framework's comparison pages, from `base`. Under a declared rating there is no
    score out of 100 and no theme sub-rating: no theme pages, scatter charts or side by side."""
    root = "../" * base.count("/")  # from `base` to the site's root
    plan = [GeneratedPage(base, "compare.html", partial(compare.compare_page, councils, fw, hexmap, root))]
    if not fw.declared:
        view = partial(compare.side_by_side_page, councils, fw, root + "../")
        plan.append(GeneratedPage(f"{base}councils/", "compare-councils.html", view))
    for s in fw.statements:
        view = partial(compare.statement_page, s.id, councils, fw)
        plan.append(GeneratedPage(f"{base}statements/{s.id}/", "compare-distribution.html", view))
    for t in fw.themes if not fw.declared else ():
        view = partial(compare.theme_page, t.id, councils, fw)
        plan.append(GeneratedPage(f"{base}themes/{t.id}/", "compare-distribution.html", view))
    for kind, areas, attr in (("region", fw.regions, "region"), ("type", fw.council_types, "type")):
        for area in areas:
            if any(getattr(c, attr) == area.id for c in councils):
                view = partial(compare.area_page, kind, area.id, councils, fw)
                plan.append(GeneratedPage(f"{base}{kind}s/{area.id}/", "compare-area.html", view))
    # Like regions and types, but by local context: pages that filter without JavaScript.
    for links in compare.band_links(councils):
        for band in links.bands:
            view = partial(compare.area_page, links.kind, band.id, councils, fw)
            plan.append(GeneratedPage(f"{base}{links.kind}/{band.id}/", "compare-area.html", view))
    if not fw.declared:
        view = partial(compare.context_page, councils, fw, root + "../")
        plan.append(GeneratedPage(f"{base}context/", "compare-context.html", view))
    return plan


def finder_pages(table: PostcodeTable, councils: list[model.Council], frameworks: Frameworks) -> list[GeneratedPage]:
    """The postcode finder, a page per postcode area for browsers without JavaScript, and
    the file per postcode district its script fetches (written as they are: no template)."""
    places = finder.Places(table, councils, frameworks)
    plan = [GeneratedPage(finder.FINDER_URL, "postcodes.html", partial(finder.finder_page, table))]
    for area in finder.areas(table):
        view = partial(finder.area_page, area, table, places)
        plan.append(GeneratedPage(f"{finder.FINDER_URL}{area}/", "postcodes-area.html", view))
    for outward, district in table.districts.items():
        view = partial(finder.district_file, district, places)
        plan.append(GeneratedPage(finder.district_file_url(outward), "", view, in_sitemap=False))
    return plan


def council_pages(
    council: model.Council,
    fw: Framework | Frameworks,
    site: pages.SiteInfo,
    similar: compare.SimilarCouncils | None = None,
) -> list[GeneratedPage]:
    fw = frameworks_of(fw)
    slug, name = council.slug, council.name
    home = routes.council_url(slug)

    def council_view(shown: int = 0, dated: bool = False) -> pages.CouncilPage:
        if shown == 0:
            page = _latest.council_page(
                council,
                similar,
                lambda: pages.council_page(council, fw, site, views=_latest.views(council, fw), similar=similar),
            )
            return pages.current_assessment_page(page) if dated else page
        views = _latest.views(council, fw)
        return pages.council_page(council, fw, site, shown=shown, dated=dated, views=views)

    plan = [GeneratedPage(home, "council.html", council_view, slug)]
    if pages.has_easy_read(council, fw):
        plan.append(
            GeneratedPage(
                routes.easy_read_url(slug), "easy-read.html", partial(pages.easy_read_page, council, fw, site), slug
            )
        )
    for i, a in enumerate(council.assessments):
        plan.append(
            GeneratedPage(
                routes.assessment_url(slug, a.published),
                "council.html",
                partial(council_view, shown=i, dated=True),
                slug,
                in_sitemap=i > 0,
            )
        )

    def redirect(url: str, target: str, title: str, reason: str) -> GeneratedPage:
        view = partial(pages.redirect_page, title, target, site, reason, url)
        return GeneratedPage(url, "redirect.html", view, slug, in_sitemap=False)

    plan.append(
        redirect(
            routes.by_code_url(council.gss_code),
            home,
            name,
            f"{council.gss_code} is the ONS code of {name}.",
        )
    )
    for old in council.previous_slugs:
        reason = f"{name} used to be at /{routes.council_url(old)}."
        plan.append(redirect(routes.council_url(old), home, name, reason))
        if pages.has_easy_read(council, fw):
            easy = routes.easy_read_url(slug)
            plan.append(redirect(routes.easy_read_url(old), easy, f"{name}: Easy Read", reason))
        for a in council.assessments:
            when = long_date(a.published)
            plan.append(
                redirect(
                    routes.assessment_url(old, a.published),
                    routes.assessment_url(slug, a.published),
                    f"{name}: the assessment published {when}",
                    reason,
                )
            )
    return plan


def file_claims(files) -> list[routes.Claim]:
    """The addresses MkDocs' own files claim (its `Files`), each named by its source file."""
    return [
        routes.Claim(f.url, display_path(Path(f.abs_src_path)) if f.abs_src_path else f.src_uri, "(file)")
        for f in files
    ]
