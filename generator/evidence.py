"""What a rating rests on, and the area it was given in: the typed contexts of a
council page's "How this assessment was carried out" and "Local context" sections.

Every sentence is worked out here from the content, and a fact the content leaves
out is left out of the page (never shown as "unknown"). Fields are documented in
docs/page-contexts.md, which a test keeps in step with these classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import model
from .framework import Framework
from .markdown import render
from .words import and_list, counted, long_date, month_year


@dataclass(frozen=True)
class Fact:
    label: str  # e.g. "Cases tracked"
    words: str  # e.g. "6, out of about 5,600 adults on long-term support (about 1 in 930)"


@dataclass(frozen=True)
class CategoryRow:
    statement_id: str
    statement_name: str
    categories: str  # the evidence categories that informed it, in words


@dataclass(frozen=True)
class EvidenceView:
    """How one assessment was carried out."""

    facts: tuple[Fact, ...]  # fieldwork, cases tracked, who was heard, the team, the accuracy check
    surveys: tuple[str, ...]  # each survey or national data set with its period
    categories: tuple[CategoryRow, ...]  # framework order; empty when the content gives none
    category_names: tuple[str, ...]  # every category the framework has, for the explanation


def cases_in_words(cases: int, adults: int | None) -> str:
    """Cases tracked, set against the adults on long-term support where the content gives them."""
    if not adults:
        return f"{cases:,}"
    rounded = adults if adults < 1000 else round(adults, -2)
    ratio = adults / cases if cases else 0
    one_in = f" (about 1 in {round(ratio, -1 if ratio >= 100 else 0):,.0f})" if cases else ""
    return f"{cases:,}, out of about {rounded:,} adults on long-term support{one_in}"


def _team_words(team: model.Team) -> str:
    roles = [
        ("a social work professional", "social work professional", team.social_work_professional),
        ("an executive reviewer", "executive reviewer", team.executive_reviewer),
        ("experts by experience", "experts by experience", team.experts_by_experience),
    ]
    included = [with_article for with_article, _, present in roles if present]
    left_out = [plain for _, plain, present in roles if present is False]
    if team.assessors is None and not included and not left_out:
        return ""
    text = counted(team.assessors, "assessor") if team.assessors is not None else "The team"
    if included:
        text += ", including " + and_list(included)
    if left_out:
        text += ("; " if team.assessors is not None or included else " had ") + "no " + and_list(left_out)
    return text


def _accuracy_words(check: model.AccuracyCheck) -> str:
    parts = []
    if check.sent:
        parts.append(f"draft report sent to the council on {long_date(check.sent)}")
    if check.returned:
        parts.append(f"its comments returned on {long_date(check.returned)}")
    if check.report_changed is not None:
        parts.append("the report changed after the check" if check.report_changed else "the report did not change")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def evidence_view(evidence: model.Evidence | None, fw: Framework, adults: int | None) -> EvidenceView | None:
    """`adults`: the council's adults on long-term support, to set the cases tracked against."""
    if evidence is None:
        return None
    facts = []
    start, end = evidence.fieldwork_from, evidence.fieldwork_to
    if start and end:
        facts.append(Fact("Fieldwork", f"{long_date(start)} to {long_date(end)}"))
    elif start or end:
        facts.append(Fact("Fieldwork", ("from " if start else "until ") + long_date(start or end)))  # type: ignore[arg-type]
    if evidence.cases_tracked is not None:
        facts.append(Fact("Cases tracked", cases_in_words(evidence.cases_tracked, adults)))
    heard = evidence.heard_from
    if heard is not None:
        groups = [
            (heard.people, "person who draws on care and support", "people who draw on care and support"),
            (heard.carers, "unpaid carer", None),
            (heard.staff, "member of staff", "members of staff"),
            (heard.leaders, "leader", None),
            (heard.partners, "partner organisation", None),
        ]
        said = [counted(n, one, many) for n, one, many in groups if n is not None]
        if said:
            facts.append(Fact("Heard from", and_list(said)))
    if evidence.team is not None and (words := _team_words(evidence.team)):
        facts.append(Fact("Assessment team", words))
    if evidence.factual_accuracy is not None and (words := _accuracy_words(evidence.factual_accuracy)):
        facts.append(Fact("Factual accuracy check", words))
    names = {e.id: e.name for e in fw.evidence_categories}
    view = EvidenceView(
        facts=tuple(facts),
        surveys=tuple(
            f"{s.name}, {month_year(s.period_from)} to {month_year(s.period_to)}"
            if (s.period_from.year, s.period_from.month) != (s.period_to.year, s.period_to.month)
            else f"{s.name}, {month_year(s.period_from)}"
            for s in evidence.surveys
        ),
        categories=tuple(
            CategoryRow(s.id, s.name, "; ".join(names[c] for c in evidence.categories[s.id]) or "None given")
            for s in fw.statements
            if s.id in evidence.categories
        ),
        category_names=tuple(e.name for e in fw.evidence_categories),
    )
    return view if view.facts or view.surveys or view.categories else None  # nothing to show, no heading


@dataclass(frozen=True)
class LocalContextView:
    """Background about the area, never used for the rating."""

    facts: tuple[Fact, ...]  # population, adults on long-term support, deprivation, NHS, politics, money
    note: Markup


def _pounds(amount: float) -> str:
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:,.1f} million"
    return f"£{amount:,.0f}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def local_context_view(ctx: model.LocalContext | None) -> LocalContextView | None:
    if ctx is None:
        return None
    facts = []
    if ctx.population is not None:
        year = f" ({ctx.population_year})" if ctx.population_year else ""
        facts.append(Fact("Population", f"{ctx.population:,}{year}"))
    if ctx.adults_long_term_support is not None:
        facts.append(Fact("Adults receiving long-term support", f"{ctx.adults_long_term_support:,}"))
    d = ctx.deprivation
    if d is not None and (d.average_score is not None or d.rank is not None):
        parts = []
        if d.average_score is not None:
            parts.append(f"average score {d.average_score:g}")
        if d.rank is not None:
            parts.append(f"{_ordinal(d.rank)} most deprived of the upper-tier councils")
        text = "; ".join(parts)
        facts.append(Fact("Deprivation", text[:1].upper() + text[1:] + (f" ({d.edition})" if d.edition else "")))
    if ctx.integrated_care_board:
        facts.append(Fact("Integrated care board", ctx.integrated_care_board))
    if ctx.political_control:
        facts.append(Fact("Political control", ctx.political_control))
    f = ctx.finance
    if f is not None:
        year = f" ({f.year})" if f.year else ""
        if f.budget is not None:
            facts.append(Fact("Adult social care budget" + year, _pounds(f.budget)))
        if f.spend is not None:
            facts.append(Fact("Adult social care spend" + year, _pounds(f.spend)))
        if f.spend_per_adult is not None:
            facts.append(Fact("Spend per adult" + year, _pounds(f.spend_per_adult)))
        if f.precept_raised is not None:
            if f.precept_raised:
                words = "Raised" + (f", by {f.precept_percent:g}% of council tax" if f.precept_percent else "")
            else:
                words = "Not raised"
            facts.append(Fact("Adult social care precept" + year, words))
    if not facts and not ctx.note.strip():
        return None  # nothing to show, no heading
    return LocalContextView(facts=tuple(facts), note=render(ctx.note, top=3))
