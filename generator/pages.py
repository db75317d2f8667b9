"""Page generation: turn checked content into one typed context per page.

Templates only lay these out; every number and sentence a page shows is
decided here (or in `model`). The fields are documented in
docs/page-contexts.md, which a test keeps in step with these classes.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from markupsafe import Markup, escape

from . import model, routes
from .badges import BadgeFacts, badge_size, badge_svg
from .charts import BarChart, bar_chart
from .evidence import EvidenceView, LocalContextView, evidence_view, local_context_view
from .framework import Framework, Frameworks, Rating, Statement, frameworks_of
from .markdown import render, render_inline
from .memo import PerCouncil
from .rounds import framework_rounds
from .words import long_date, month_year


@dataclass(frozen=True)
class RatingView:
    """A rating worked out from scores, ready to show."""

    id: str  # rating id, e.g. "requires-improvement" (used for styling, never alone)
    name: str  # display words, e.g. "Requires improvement"
    percent: int | None  # score out of 100, rounded half up; None when the rating is declared
    total: int
    maximum: int
    exact_percent: str  # e.g. "38.9"; "" when declared
    position: str  # e.g. "lower end of good, nearer requires improvement"; "" when declared
    edges: tuple[str, ...]  # distances to band edges, nearest first
    band_min: int | None
    band_max: int | None
    score_words: str  # beside the rating: "64 out of 100", or "declared by the regulator"
    rank: int  # 0 for the framework's lowest rating: what tables sort a declared rating by
    declared: bool  # the regulator's judgement, not worked out from the scores


@lru_cache(maxsize=1024)  # a few hundred distinct results, each shown for many councils
def rating_view(result: model.Result | None) -> RatingView | None:
    if result is None:
        return None
    return RatingView(
        id=result.rating.id,
        name=result.rating.name,
        percent=result.percent,
        total=result.total,
        maximum=result.maximum,
        exact_percent="" if result.declared else f"{result.exact_percent:.1f}",
        position=model.position_words(result),
        edges=() if result.declared else tuple(model.edge_sentences(result)),
        band_min=result.rating.min_percent,
        band_max=result.rating.max_percent,
        score_words=model.score_words(result),
        rank=result.rating.rank,
        declared=result.declared,
    )


@dataclass(frozen=True)
class StatementView:
    id: str  # also the anchor on the council page
    name: str
    asks: str  # what the statement asks of a council
    score: int | None  # None: not scored
    score_words: str  # e.g. "Evidence shows some shortfalls", or "Not scored"
    findings: Markup  # sanitised HTML
    characteristic: str | None  # what this council's score looks like here; None: not scored, or not described
    characteristics: tuple[tuple[int, str, str], ...]  # (score, its words, what it looks like) for every score


@dataclass(frozen=True)
class ThemeView:
    id: str  # also the anchor on the council page
    name: str
    rating: RatingView | None  # derived sub-rating; None if no statement in it is scored
    narrative: Markup
    statements: tuple[StatementView, ...]


@dataclass(frozen=True)
class StatementChangeView:
    id: str
    name: str
    before: int | None
    after: int | None
    words: str  # e.g. "up from 2 to 3", "no change (3)"


@dataclass(frozen=True)
class ChangeView:
    """What changed since the assessment before this one."""

    previous_published: str  # long date
    previous_rating: RatingView | None
    rating_words: str  # e.g. "up from requires improvement (58) to good (64)"
    statements: tuple[StatementChangeView, ...]  # empty across frameworks
    comparable: bool  # both under one framework; if not, only the single-word ratings are set side by side
    previous_framework: str  # the name of the framework the earlier one was under


@dataclass(frozen=True)
class FrameworkLabel:
    """The framework an assessment was made under, as its pages name it."""

    id: str
    name: str  # its short name where it has one, e.g. "2023 assessment framework"
    declared: bool  # its rating is the regulator's judgement: no percentage, no theme sub-ratings
    regulator: str
    characteristics_note: str
    characteristics_by: str  # who wrote them, beside each: "this site's summary"; "" when the framework does not say
    ratings: tuple[Rating, ...]  # lowest first
    max_total: int  # the highest total, every statement scored at the top of the scale
    top_score: int  # the highest score of its scale


@lru_cache(maxsize=16)
def framework_label(fw: Framework) -> FrameworkLabel:
    max_total = len(fw.statements) * fw.max_score
    return FrameworkLabel(
        fw.id,
        fw.label,
        fw.declared,
        fw.regulator,
        fw.characteristics_note,
        fw.characteristics_by,
        fw.ratings,
        max_total,
        fw.max_score,
    )


@dataclass(frozen=True)
class AssessmentView:
    published: str  # long date, "1 June 2025"
    published_iso: str
    assessed: str | None  # month and year of fieldwork, "March 2025"
    indicative: bool  # a pilot: never presented as a formal rating
    report_url: str | None
    overall: RatingView | None
    themes: tuple[ThemeView, ...]
    summary: Markup
    people_said: Markup
    strengths: tuple[Markup, ...]
    improvements: tuple[Markup, ...]
    change: ChangeView | None  # since the assessment before it, if any
    evidence: EvidenceView | None  # how it was carried out; None when the content does not say
    framework: FrameworkLabel
    next_expected: int | None  # the year the next assessment is expected, where the content says


def _change_words(before: RatingView | None, after: RatingView | None) -> str:
    if before is None or after is None:
        return "not comparable"
    if before.percent is None or after.percent is None:
        return _across_words(before, after, same_words=True)
    if before.id == after.id:
        direction = "unchanged at" if before.percent == after.percent else "still"
        return f"{direction} {after.name.lower()} ({before.percent} then {after.percent} out of 100)"
    word = "up" if after.percent > before.percent else "down"
    return (
        f"{word} from {before.name.lower()} ({before.percent} out of 100) "
        f"to {after.name.lower()} ({after.percent} out of 100)"
    )


def _across_words(before: RatingView, after: RatingView, same_words: bool) -> str:
    """Across frameworks (or with a declared rating) only the single words are set side by side,
    and a direction only where both frameworks rate with the same words in the same order."""
    if not same_words:
        return f"{after.name.lower()}, where it was {before.name.lower()}"
    if before.id == after.id:
        return f"unchanged at {after.name.lower()}"
    word = "up" if after.rank > before.rank else "down"
    return f"{word} from {before.name.lower()} to {after.name.lower()}"


def statement_view(s: Statement, entry: model.StatementEntry | None, fw: Framework) -> StatementView:
    score = entry.score if entry else None
    return StatementView(
        id=s.id,
        name=s.name,
        asks=s.asks,
        score=score,
        score_words=fw.scale[score] if score else "Not scored",
        findings=render(entry.findings if entry else "", top=4),
        characteristic=s.characteristic(score),
        characteristics=characteristics_of(s, fw),
    )


def characteristics_of(s: Statement, fw: Framework) -> tuple[tuple[int, str, str], ...]:
    return tuple((n, fw.scale[n], text) for n, text in s.characteristics)


def assessment_view(
    a: model.Assessment,
    previous: model.Assessment | None,
    fw: Framework,
    adults: int | None = None,
    previous_fw: Framework | None = None,
) -> AssessmentView:
    """`fw` is the framework `a` was made under, `previous_fw` the one `previous` was (the same
    if not given). `adults`: the council's adults on long-term support, the scale its evidence is set against."""
    themes_results = model.theme_results(a.scores, fw)
    themes = tuple(
        ThemeView(
            id=theme.id,
            name=theme.name,
            rating=rating_view(themes_results[theme.id]),
            narrative=render(a.theme_narratives.get(theme.id, ""), top=3),
            statements=tuple(statement_view(s, a.statements.get(s.id), fw) for s in theme.statements),
        )
        for theme in fw.themes
    )
    overall = rating_view(model.overall_result(a, fw))
    change = None
    if previous is not None and previous_fw is not None and previous_fw is not fw:
        before, after = rating_view(model.overall_result(previous, previous_fw)), overall
        same_words = [r.id for r in previous_fw.ratings] == [r.id for r in fw.ratings]
        change = ChangeView(
            previous_published=long_date(previous.published),
            previous_rating=before,
            rating_words=_across_words(before, after, same_words) if before and after else "not comparable",
            statements=(),
            comparable=False,
            previous_framework=previous_fw.label,
        )
    elif previous is not None:
        c = model.change_between(previous, a, fw)
        before, after = rating_view(c.before), rating_view(c.after)
        change = ChangeView(
            previous_published=long_date(previous.published),
            previous_rating=before,
            rating_words=_change_words(before, after),
            comparable=True,
            previous_framework=fw.label,
            statements=tuple(
                StatementChangeView(
                    id=sc.statement_id,
                    name=fw.statement(sc.statement_id).name,
                    before=sc.before,
                    after=sc.after,
                    words=_statement_change_words(sc),
                )
                for sc in c.statements
            ),
        )
    return AssessmentView(
        published=long_date(a.published),
        published_iso=a.published.isoformat(),
        assessed=month_year(a.assessed) if a.assessed else None,
        indicative=a.kind == "indicative",
        report_url=a.report_url,
        overall=overall,
        themes=themes,
        summary=render(a.summary, top=3),
        people_said=render(a.people_said, top=3),
        strengths=tuple(render_inline(s) for s in a.strengths),
        improvements=tuple(render_inline(s) for s in a.improvements),
        change=change,
        evidence=evidence_view(a.evidence, fw, adults),
        framework=framework_label(fw),
        next_expected=a.next_expected,
    )


def _statement_change_words(sc: model.StatementChange) -> str:
    if sc.before is None and sc.after is None:
        return "not scored either time"
    if sc.before is None:
        return f"newly scored: {sc.after}"
    if sc.after is None:
        return f"not scored this time (was {sc.before})"
    if sc.direction == "same":
        return f"no change ({sc.after})"
    return f"{sc.direction} from {sc.before} to {sc.after}"


@dataclass(frozen=True)
class SiteInfo:
    """What council pages need to know about the site they are published on."""

    url: str  # site_url, absolute, ending in "/"
    name: str  # site_name
    publisher: str  # who publishes the site, from site.yml
    regulator: str  # who made the assessments, from the framework
    example_data: bool


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
    context: LocalContextView | None
    search: SearchFacts
    dated: bool  # this is an assessment's permanent page, not the council page
    superseded_by: str | None  # long date of the newer assessment that replaced this one
    canonical_url: str  # absolute
    permalink: str | None  # absolute permanent address of the assessment shown
    assessments: tuple[AssessmentLink, ...]  # every assessment's permanent page, newest first
    badge: BadgeView
    citation: str | None  # a reference to copy, naming the permanent address
    preview: SharePreview
    json_ld: Markup  # schema.org description of the council and assessment, safe inside <script>
    similar: object | None  # compare.SimilarCouncils: councils to compare it with; None on assessment pages


# Search: the filters and sorts a council page carries into the Pagefind index.
KIND_WORDS = {"formal": "Formal assessment", "indicative": "Indicative (pilot)"}
NOT_ASSESSED = "Not yet assessed"
SEARCH_SORTS = (
    ("", "Best match"),
    ("score-desc", "Score, highest first"),
    ("score-asc", "Score, lowest first"),
    ("published-desc", "Published, newest first"),
    ("published-asc", "Published, oldest first"),
)


@dataclass(frozen=True)
class SearchFacts:
    """What the search index knows about a council page beyond its words."""

    filters: tuple[tuple[str, str], ...]  # (filter key, value in words)
    meta: tuple[tuple[str, str], ...]  # (key, value) shown with each result
    sort: tuple[tuple[str, str], ...]  # (sort key, value); every council page has every sort key


def search_facts(council: model.Council, fw: Framework | Frameworks) -> SearchFacts:
    frameworks = frameworks_of(fw)
    a = council.current
    under = frameworks.of(a.framework) if a else frameworks.site
    result = model.overall_result(a, under) if a else None
    rating = result.rating.name if result else NOT_ASSESSED
    filters = [
        ("rating", rating),
        ("region", frameworks.site.region(council.region).name),
        ("type", frameworks.site.council_type(council.type).name),
    ]
    if a:
        filters.append(("kind", KIND_WORDS[a.kind]))
        if len(frameworks.all) > 1:
            filters.append(("framework", under.name))
    meta = [("rating", rating + (" (indicative)" if a and a.kind == "indicative" else ""))]
    if result:
        meta.append(("score", model.score_words(result)))
    if a:
        meta.append(("published", long_date(a.published)))
    # Numbers, so Pagefind sorts them numerically; 0 puts councils not yet assessed last when descending.
    sort = (
        ("score", str(result.percent or 0 if result else 0)),
        ("published", a.published.strftime("%Y%m%d") if a else "0"),
    )
    return SearchFacts(filters=tuple(filters), meta=tuple(meta), sort=sort)


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


def assessment_views(council: model.Council, fw: Framework | Frameworks) -> list[AssessmentView]:
    """Every assessment of a council, newest first, each under its own framework with its
    change since the one before."""
    frameworks = frameworks_of(fw)
    adults = council.context.adults_long_term_support if council.context else None
    views = []
    for i, a in enumerate(council.assessments):
        previous = council.assessments[i + 1] if i + 1 < len(council.assessments) else None
        under = frameworks.of(a.framework)
        before = frameworks.of(previous.framework) if previous else None
        views.append(assessment_view(a, previous, under, adults, before))
    return views


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
        context=local_context_view(ctx),
        search=search_facts(council, frameworks),
        dated=dated,
        superseded_by=views[0].published if shown > 0 else None,
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
    )


def _frameworks_note(council: model.Council, frameworks: Frameworks) -> str | None:
    used = list(dict.fromkeys(frameworks.of(a.framework) for a in council.assessments))
    if len(used) < 2:
        return None
    names = " and ".join(f"the {fw.label}" for fw in used)
    return (
        f"{council.name} has been assessed under {len(used)} frameworks, {names}. They score different statements "
        "in different ways, so their results are not directly comparable: changes in the scores are shown only "
        "between assessments under the same framework, and across frameworks only the single-word ratings."
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


@dataclass(frozen=True)
class RatingCount:
    rating_id: str
    name: str
    count: int
    sentence: str  # e.g. "3 councils are rated good."


@dataclass(frozen=True)
class FrameworkCount:
    """How many councils have been assessed under one framework, for the home page."""

    name: str
    label: str  # its short name
    assessed: int  # councils with an assessment under it
    compare_url: str  # site-relative: its comparison pages


@dataclass(frozen=True)
class HomePage:
    """The context of the home page."""

    assessed: int  # councils whose latest assessment under the site's framework is formal
    not_assessed: int  # councils with no assessment under it
    indicative: int  # councils whose latest assessment under it is an indicative pilot
    counts: tuple[RatingCount, ...]  # those formal ratings, highest first
    latest: tuple[CouncilListEntry, ...]  # most recently published under any framework, newest first
    chart: BarChart  # the counts, as a chart
    framework: str  # the short name of the site's framework, which the counts are of
    frameworks: tuple[FrameworkCount, ...]  # every framework in use, oldest first; one when the site has one


def home_page(councils: list[model.Council], fw: Framework | Frameworks, latest: int = 5) -> HomePage:
    frameworks = frameworks_of(fw)
    each = framework_rounds(councils, frameworks)
    fw = frameworks.site
    site_round = next(r for r in each if r.framework is fw)
    current = [(c, c.current) for c in site_round.councils if c.current]
    formal = [(c, a) for c, a in current if a.kind == "formal"]
    counted = Counter(e.rating.id for c, _ in formal if (e := council_entry(c, fw)).rating)
    counts = tuple(
        RatingCount(
            r.id,
            r.name,
            counted[r.id],
            f"{counted[r.id]} council{'s are' if counted[r.id] != 1 else ' is'} rated {r.name.lower()}.",
        )
        for r in reversed(fw.ratings)
    )
    everyone = [(c, c.current) for c in councils if c.current]
    newest = sorted(everyone, key=lambda pair: (pair[1].published, pair[0].name), reverse=True)[:latest]
    return HomePage(
        assessed=len(formal),
        not_assessed=len(councils) - len(current),
        indicative=len(current) - len(formal),
        counts=counts,
        latest=tuple(council_entry(c, frameworks) for c, _ in newest),
        chart=bar_chart(
            "home-ratings",
            "Councils by current formal rating",
            [(c.name, [("", c.count, f"{c.count} council{'s' if c.count != 1 else ''}", c.rating_id)]) for c in counts],
        ),
        framework=fw.label,
        frameworks=tuple(FrameworkCount(r.framework.name, r.framework.label, r.assessed, r.base) for r in each),
    )


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


@dataclass(frozen=True)
class SearchFilter:
    key: str  # the Pagefind filter key, also the query-string parameter
    label: str  # e.g. "Rating"
    values: tuple[str, ...]  # every value some council page carries, in a sensible order


@dataclass(frozen=True)
class SearchPage:
    """The context of /search/. The page works the search in the browser; this lists its choices."""

    filters: tuple[SearchFilter, ...]
    sorts: tuple[tuple[str, str], ...]  # (query-string value, words); "" is best match


def search_page(councils: list[model.Council], fw: Framework | Frameworks) -> SearchPage:
    frameworks = frameworks_of(fw)
    fw = frameworks.site
    present: dict[str, set[str]] = {}
    for council in councils:
        for key, value in search_facts(council, frameworks).filters:
            present.setdefault(key, set()).add(value)
    orders = {
        "rating": list(dict.fromkeys(r.name for f in reversed(frameworks.all) for r in reversed(f.ratings)))
        + [NOT_ASSESSED],
        "region": [r.name for r in fw.regions],
        "type": [t.name for t in fw.council_types],
        "kind": list(KIND_WORDS.values()),
        "framework": [f.name for f in reversed(frameworks.all)],
    }
    labels = {
        "rating": "Rating",
        "region": "Region",
        "type": "Type of council",
        "kind": "Kind of assessment",
        "framework": "Framework",
    }
    return SearchPage(
        filters=tuple(
            SearchFilter(key, labels[key], tuple(v for v in orders[key] if v in present.get(key, ())))
            for key in labels
            if present.get(key)
        ),
        sorts=SEARCH_SORTS,
    )


@dataclass(frozen=True)
class RedirectPage:
    """The context of an old address: a council's GSS code, a previous slug, or an assessment under one."""

    title: str  # what the reader is being sent to, e.g. "Northvale Council"
    target: str  # site-relative address it redirects to
    target_url: str  # the same, absolute: the canonical link
    reason: str  # one sentence, e.g. "This council's address changed from /councils/old-name/."


def redirect_page(title: str, target: str, site: SiteInfo, reason: str) -> RedirectPage:
    return RedirectPage(title=title, target=target, target_url=site.url + target, reason=reason)
