"""The council page, /councils/<slug>/, and each assessment's permanent page,
/councils/<slug>/<published date>/: the findings first, then the badge, the citation,
the share preview and the schema.org description."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from .. import model, routes
from ..badges import BadgeFacts, badge_size, badge_svg
from ..evidence import LocalContextView, local_context_view
from ..framework import Framework, Frameworks, frameworks_of
from ..words import and_list, long_date
from .easy_read import has_easy_read
from .search import NOT_ASSESSED, SearchFacts, search_facts
from .views import AssessmentView, SiteInfo, assessment_views


@dataclass(frozen=True)
class AssessmentLink:
    published: str  # long date
    url: str  # site-relative permanent address, "councils/<slug>/<YYYY-MM-DD>/"
    is_current: bool
    is_this_page: bool


@dataclass(frozen=True)
class BadgeView:
    url: str  # site-relative, for showing it on the page
    dark_url: str
    alt: str  # the badge in one sentence
    width: int
    height: int
    embed_html: str  # the copyable HTML, with absolute addresses: an image link, no script


@dataclass(frozen=True)
class SharePreview:
    title: str
    description: str
    image_url: str | None  # absolute
    image_alt: str


@dataclass(frozen=True)
class CouncilPage:
    """The context of /councils/<slug>/ and of each /councils/<slug>/<published date>/."""

    slug: str
    name: str
    gss_code: str
    type_name: str  # e.g. "Unitary authority"
    region_name: str  # e.g. "North East"
    website: str | None
    places: tuple[str, ...]
    current: AssessmentView | None  # the assessment this page shows; None: not yet assessed
    history: tuple[AssessmentView, ...]  # earlier assessments, newest first
    frameworks_note: str | None  # when its assessments were made under more than one framework: they differ
    frameworks_caveat: str | None  # the same in one short sentence, for the top of the page
    context: LocalContextView | None
    search: SearchFacts
    dated: bool  # this is an assessment's permanent page, not the council page
    superseded_by: str | None  # long date of the newer assessment that replaced this one
    superseded_under: str | None  # the newer one's framework, when it is another than this one's
    canonical_url: str  # absolute
    permalink: str | None  # absolute permanent address of the assessment shown
    assessments: tuple[AssessmentLink, ...]  # every assessment's permanent page, newest first
    badge: BadgeView
    citation: str | None  # a reference to copy, naming the permanent address
    preview: SharePreview
    json_ld: Markup  # schema.org description of the council and assessment, safe inside <script>
    similar: object | None  # compare.SimilarCouncils: councils to compare it with; None on assessment pages
    easy_read_url: str | None  # site-relative: the Easy Read page of the assessment shown, while it is current


def badge_facts(council: model.Council, fw: Framework | Frameworks, publisher: str) -> BadgeFacts:
    """The badge always states the council's current assessment, and names its framework."""
    frameworks = frameworks_of(fw)
    a = council.current
    under = frameworks.of(a.framework) if a else frameworks.site
    result = model.overall_result(a, under) if a else None
    return BadgeFacts(
        council=council.name,
        rating_id=result.rating.id if result else None,
        rating_words=result.rating.name if result else NOT_ASSESSED,
        score=result.percent if result else None,
        published=long_date(a.published) if a else None,
        indicative=bool(a and a.kind == "indicative"),
        publisher=publisher,
        framework_id=under.id if result else "",
        framework=under.label if result else "",
    )


def council_page(
    council: model.Council,
    fw: Framework | Frameworks,
    site: SiteInfo,
    shown: int = 0,
    dated: bool = False,
    views: list[AssessmentView] | None = None,
    similar: object | None = None,
) -> CouncilPage:
    """The council page (`shown` 0, not `dated`), or the permanent page of assessment `shown`.

    `views` can pass in `assessment_views(council, fw)` when several pages of one council share them.
    """
    frameworks = frameworks_of(fw)
    views = assessment_views(council, frameworks) if views is None else views
    ctx = council.context
    a = council.assessments[shown] if council.assessments else None
    view = views[shown] if views else None
    council_address = site.url + routes.council_url(council.slug)
    permalink = site.url + routes.assessment_url(council.slug, a.published) if a else None
    # A dated page of a superseded assessment stands on its own; while current it repeats the council page.
    canonical = permalink if dated and shown > 0 else council_address
    title = f"{council.name}: adult social care assessment"
    newer = views[0] if shown > 0 else None  # the assessment that superseded the one shown
    facts = badge_facts(council, frameworks, site.publisher)
    svg = badge_svg(facts)
    width, height = badge_size(svg)
    badge_src = site.url + routes.badge_url(council.slug)
    embed = (
        f'<a href="{escape(council_address)}"><img src="{escape(badge_src)}" alt="{escape(facts.sentence)}" '
        f'width="{width}" height="{height}"></a>'
    )
    if view and view.overall:
        kind = "Indicative (pilot) assessment: " if view.indicative else "Rated "
        description = (
            f"{kind}{view.overall.name.lower()}, {view.overall.score_words}. "
            f"Published {view.published}. Read the findings, theme by theme."
        )
    else:
        description = f"{council.name} has not been assessed yet."
    return CouncilPage(
        slug=council.slug,
        name=council.name,
        gss_code=council.gss_code,
        type_name=frameworks.site.council_type(council.type).name,
        region_name=frameworks.site.region(council.region).name,
        website=council.website,
        places=council.places,
        current=view,
        history=tuple(views[shown + 1 :]),
        frameworks_note=_frameworks_note(council, frameworks),
        frameworks_caveat=_frameworks_caveat(council, frameworks),
        context=local_context_view(ctx),
        search=search_facts(council, frameworks),
        dated=dated,
        superseded_by=views[0].published if shown > 0 else None,
        superseded_under=newer.framework.name if newer and newer.framework.id != views[shown].framework.id else None,
        canonical_url=canonical,
        permalink=permalink,
        assessments=tuple(
            AssessmentLink(
                published=v.published,
                url=routes.assessment_url(council.slug, old.published),
                is_current=i == 0,
                is_this_page=dated and i == shown,
            )
            for i, (v, old) in enumerate(zip(views, council.assessments, strict=True))
        ),
        badge=BadgeView(
            url=routes.badge_url(council.slug),
            dark_url=routes.badge_url(council.slug, dark=True),
            alt=facts.sentence,
            width=width,
            height=height,
            embed_html=embed,
        ),
        citation=f"{title}, published {view.published}. {_sentence_case(site.publisher or site.name)}. {permalink}"
        if view
        else None,
        preview=SharePreview(
            title=title,
            description=description,
            image_url=site.url + routes.preview_url(council.slug),
            image_alt=facts.sentence,
        ),
        json_ld=_json_ld(council, a, frameworks.of(a.framework) if a else frameworks.site, site, canonical, permalink),
        similar=None if dated else similar,
        easy_read_url=routes.easy_read_url(council.slug) if shown == 0 and has_easy_read(council, frameworks) else None,
    )


def _frameworks_used(council: model.Council, frameworks: Frameworks) -> list:
    return list(dict.fromkeys(frameworks.of(a.framework) for a in reversed(council.assessments)))  # oldest first


def _frameworks_caveat(council: model.Council, frameworks: Frameworks) -> str | None:
    """One short sentence, so that on a phone the rating card stays near the top below it."""
    used = _frameworks_used(council, frameworks)
    return f"Under {len(used)} frameworks, not directly comparable." if len(used) > 1 else None


def _frameworks_note(council: model.Council, frameworks: Frameworks) -> str | None:
    """The caveat a page gives before anything that sets ratings under two frameworks side by side."""
    used = _frameworks_used(council, frameworks)
    if len(used) < 2:
        return None
    names = and_list([f"the {fw.label}" for fw in used])
    return (
        f"{council.name} has been assessed under {len(used)} frameworks, {names}, which are not directly "
        "comparable: they score different statements in different ways. Changes in the scores are shown only "
        "between assessments under the same framework; across frameworks, only the single-word ratings are set "
        "side by side."
    )


def current_assessment_page(council_view: CouncilPage) -> CouncilPage:
    """The permanent page of the current assessment, from the council page: while current it
    repeats the council page (and names it as canonical), less the similar councils.
    The same as `council_page(..., shown=0, dated=True)`, without working it all out again."""
    return replace(
        council_view,
        dated=True,
        similar=None,
        assessments=tuple(replace(link, is_this_page=link.is_current) for link in council_view.assessments),
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _json_ld(
    council: model.Council, a: model.Assessment | None, fw: Framework, site: SiteInfo, page: str, permalink: str | None
) -> Markup:
    org = {
        "@type": "GovernmentOrganization",
        "@id": site.url + routes.council_url(council.slug) + "#council",
        "name": council.name,
        "identifier": {"@type": "PropertyValue", "propertyID": "ONS GSS code", "value": council.gss_code},
        "areaServed": [{"@type": "Place", "name": place} for place in council.places] or None,
        "sameAs": council.website,
    }
    graph: list[dict] = [{k: v for k, v in org.items() if v is not None}]
    result = model.overall_result(a, fw) if a else None
    if a and result:
        review = {
            "@type": "Review",
            "@id": f"{permalink}#assessment",
            "name": f"Adult social care assessment of {council.name}",
            "url": permalink,
            "itemReviewed": {"@id": org["@id"]},
            "datePublished": a.published.isoformat(),
            "author": {"@type": "GovernmentOrganization", "name": fw.regulator},
            "publisher": {"@type": "Organization", "name": site.publisher or site.name},
            "reviewRating": _json_ld_rating(result, fw, a.kind == "indicative"),
            "isBasedOn": a.report_url,
        }
        graph.append({k: v for k, v in review.items() if v is not None})
    data = {"@context": "https://schema.org", "@graph": graph, "url": page}
    # "<" escaped, so no text in the data can close the <script> element it sits in. Compact,
    # so that Python's C encoder does the work (indented JSON takes its slower Python one).
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(compact.replace("<", "\\u003c"))


def _json_ld_rating(result: model.Result, fw: Framework, indicative: bool) -> dict:
    pilot = " (indicative pilot assessment, not a formal rating)" if indicative else ""
    if result.percent is None:  # declared: the rating's place among the framework's, lowest 1
        return {
            "@type": "Rating",
            "ratingValue": result.rating.rank + 1,
            "bestRating": len(fw.ratings),
            "worstRating": 1,
            "ratingExplanation": f"{result.rating.name}, declared by the regulator under the {fw.label}{pilot}",
        }
    return {
        "@type": "Rating",
        "ratingValue": result.percent,
        "bestRating": 100,
        "worstRating": 25,
        "ratingExplanation": f"{result.rating.name}: {model.position_words(result)}{pilot}",
    }
