"""The parts of pages that several page families share: a rating ready to show, the
framework an assessment was made under, an assessment with its themes, statements and
change since the one before, and what pages know of the site they are published on."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup

from .. import model
from ..evidence import EvidenceView, evidence_view
from ..framework import Framework, Frameworks, Rating, Statement, frameworks_of
from ..markdown import render, render_inline
from ..postcodes import PostcodeTable
from ..words import and_list, long_date, month_year, the


@dataclass(frozen=True)
class SiteInfo:
    """What pages need to know about the site they are published on."""

    url: str  # site_url, absolute, ending in "/"
    name: str  # site_name
    publisher: str  # who publishes the site, from site.yml
    regulator: str  # who made the assessments, from the framework
    example_data: bool
    # The postcode finder's table when the finder is on (`postcode_finder` in site.yml), else None.
    postcodes: PostcodeTable | None = field(default=None, compare=False, repr=False)


def ratings_rule(frameworks: Frameworks) -> str:
    """How the ratings on the site are reached, in a sentence true under every framework on it."""
    banded = [f for f in frameworks.all if not f.declared]
    declared = [f for f in frameworks.all if f.declared]
    by_rules = "ratings follow from the published scores by fixed rules"
    judged = "the regulator declares each rating, as a judgement on all the evidence"
    if not declared:
        return by_rules.capitalize() + "."
    if not banded:
        return judged.capitalize() + "."
    names = [and_list([f"the {f.label}" for f in group]) for group in (banded, declared)]
    return f"Under {names[0]}, {by_rules}; under {names[1]}, {judged}."


def regulators(frameworks: Frameworks) -> str:
    """Who assesses under the site's frameworks, as a sentence names them: "the Care Quality Commission"."""
    names = list(dict.fromkeys(the(f.regulator) for f in frameworks.all if f.regulator))
    return and_list(names, "or") if names else "the regulator"


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
    score_words: str  # beside the rating: "64 out of 100", or "judged by the regulator"
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


def elsewhere_words(e: model.Elsewhere) -> str:
    """A council's newest assessment, under another framework than the page's, in brief:
    "under the revised framework (example): good, January 2026"."""
    result = model.overall_result(e.assessment, e.framework)
    rating = result.rating.name.lower() if result else "not rated"
    if e.assessment.kind == "indicative":
        rating += " (indicative)"
    return f"under the {e.framework.label}: {rating}, {month_year(e.assessment.published)}"


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
    scores_words: str  # its statements' scores in words: "statement scores 4 and 3 (of 4)"


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
    summary_lead: Markup  # the summary's first paragraph: the rating card follows it
    summary_rest: Markup  # the rest of the summary
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
            scores_words=_scores_words([a.scores.get(s.id) for s in theme.statements], fw.max_score),
        )
        for theme in fw.themes
    )
    overall = rating_view(model.overall_result(a, fw))
    summary = render(a.summary, top=3)
    lead, rest = split_lead(summary)
    change = change_view(previous, a, previous_fw or fw, fw) if previous is not None else None
    return AssessmentView(
        published=long_date(a.published),
        published_iso=a.published.isoformat(),
        assessed=month_year(a.assessed) if a.assessed else None,
        indicative=a.kind == "indicative",
        report_url=a.report_url,
        overall=overall,
        themes=themes,
        summary=summary,
        summary_lead=lead,
        summary_rest=rest,
        people_said=render(a.people_said, top=3),
        strengths=tuple(render_inline(s) for s in a.strengths),
        improvements=tuple(render_inline(s) for s in a.improvements),
        change=change,
        evidence=evidence_view(a.evidence, fw, adults),
        framework=framework_label(fw),
        next_expected=a.next_expected,
    )


def split_lead(html: Markup) -> tuple[Markup, Markup]:
    """Rendered HTML cut after its first paragraph, when it starts with one (a paragraph holds
    no paragraph, so its first end tag closes it); otherwise all of it is the lead."""
    end = html.find("</p>")
    if not html.lstrip().startswith("<p>") or end < 0:
        return html, Markup("")
    end += len("</p>")
    return Markup(html[:end]), Markup(html[end:].strip())


def _scores_words(scores: list[int | None], top: int) -> str:
    """E.g. "statement scores 4 and 3 (of 4)", "statement scores 2 and not scored (of 4)"."""
    words = and_list([str(s) if s else "not scored" for s in scores])
    return f"statement score{'s' if len(scores) != 1 else ''} {words} (of {top})"


def change_view(previous: model.Assessment, a: model.Assessment, previous_fw: Framework, fw: Framework) -> ChangeView:
    """What changed from `previous` (made under `previous_fw`) to `a` (under `fw`): within one
    framework the ratings, scores and statements; across two, only the single-word ratings."""
    if previous_fw is not fw:
        before, after = (
            rating_view(model.overall_result(previous, previous_fw)),
            rating_view(model.overall_result(a, fw)),
        )
        same_words = [r.id for r in previous_fw.ratings] == [r.id for r in fw.ratings]
        return ChangeView(
            previous_published=long_date(previous.published),
            previous_rating=before,
            rating_words=_across_words(before, after, same_words) if before and after else "not comparable",
            statements=(),
            comparable=False,
            previous_framework=previous_fw.label,
        )
    c = model.change_between(previous, a, fw)
    before, after = rating_view(c.before), rating_view(c.after)
    return ChangeView(
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
