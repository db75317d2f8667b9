"""The content model and the scoring rules: pure data and pure functions, no I/O.

The rules, in the order a reader meets them on a council page:

* overall percentage = sum of scores / (top score x statements scored) x 100,
  statements weighted equally, unscored statements left out entirely;
* the percentage is rounded half up to a whole number, then banded;
* the position in the band is its lower or upper half;
* the distance to the band edges is counted in score points;
* a theme's sub-rating is the same rule applied to that theme's statements
  (derived by this site: the regulator rates only the overall).

Under a framework whose rating is declared (`Framework.declared`) none of that
applies: the rating is the regulator's judgement, given in the content, and
there is no percentage and no sub-rating.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .framework import Framework, Rating

Kind = Literal["formal", "indicative"]


# --- Content -----------------------------------------------------------------


@dataclass(frozen=True)
class StatementEntry:
    statement_id: str
    score: int | None  # None: not scored
    findings: str = ""  # Markdown


@dataclass(frozen=True)
class Deprivation:
    average_score: float | None = None  # English Indices of Deprivation: higher is more deprived
    rank: int | None = None  # among upper-tier councils, 1 the most deprived
    edition: str = ""


@dataclass(frozen=True)
class Finance:
    year: str = ""  # e.g. "2024-25"
    budget: int | None = None  # pounds
    spend: int | None = None  # pounds
    spend_per_adult: float | None = None  # pounds
    precept_raised: bool | None = None
    precept_percent: float | None = None


@dataclass(frozen=True)
class LocalContext:
    """Background about the area: shown beside the results, never used for scoring."""

    population: int | None = None
    population_year: int | None = None
    adults_long_term_support: int | None = None
    deprivation: Deprivation | None = None
    integrated_care_board: str = ""
    political_control: str = ""
    finance: Finance | None = None
    note: str = ""  # Markdown


@dataclass(frozen=True)
class HeardFrom:
    """How many the assessors heard from, by group (None: not given)."""

    people: int | None = None  # who draw on care and support
    carers: int | None = None  # unpaid carers
    staff: int | None = None
    leaders: int | None = None
    partners: int | None = None  # partner organisations


@dataclass(frozen=True)
class Survey:
    name: str
    period_from: date
    period_to: date


@dataclass(frozen=True)
class Team:
    assessors: int | None = None
    social_work_professional: bool | None = None
    executive_reviewer: bool | None = None
    experts_by_experience: bool | None = None


@dataclass(frozen=True)
class AccuracyCheck:
    sent: date | None = None
    returned: date | None = None
    report_changed: bool | None = None


@dataclass(frozen=True)
class Evidence:
    """How an assessment was carried out: what its rating rests on."""

    fieldwork_from: date | None = None
    fieldwork_to: date | None = None
    cases_tracked: int | None = None
    heard_from: HeardFrom | None = None
    surveys: tuple[Survey, ...] = ()
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # statement id -> category ids
    team: Team | None = None
    factual_accuracy: AccuracyCheck | None = None


@dataclass(frozen=True)
class EasyRead:
    """Easy Read text written by people for an assessment's Easy Read page, in place of the
    generated sentences, and who checked the page (people with a learning disability, say)."""

    summary: str = ""  # Markdown
    themes: Mapping[str, str] = field(default_factory=dict)  # theme id -> Markdown
    checked_by: str = ""
    checked_on: date | None = None


@dataclass(frozen=True)
class Assessment:
    published: date
    assessed: date | None = None
    kind: Kind = "formal"
    report_url: str | None = None
    declared_rating: str | None = None  # as written in the file; checked against the scores
    summary: str = ""
    people_said: str = ""
    strengths: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    theme_narratives: Mapping[str, str] = field(default_factory=dict)
    statements: Mapping[str, StatementEntry] = field(default_factory=dict)
    evidence: Evidence | None = None
    framework: str = ""  # the id of the framework it was made under; "" the site's
    next_expected: int | None = None  # the year the next assessment is expected, where the content says
    easy_read: EasyRead | None = None  # people's own Easy Read text, where the content gives it

    @property
    def scores(self) -> dict[str, int | None]:
        return {sid: entry.score for sid, entry in self.statements.items()}


@dataclass(frozen=True)
class Council:
    slug: str
    name: str
    gss_code: str
    type: str
    region: str
    website: str | None = None
    places: tuple[str, ...] = ()
    previous_slugs: tuple[str, ...] = ()  # old addresses that redirect to this council
    context: LocalContext | None = None
    assessments: tuple[Assessment, ...] = ()  # newest first
    source: str = ""  # the file it was read from
    gss_code_at: tuple[int, int] = (1, 1)  # line and column of gss_code there, for problems found across files
    # In a view under one framework (rounds.py): the council's newest assessment, when that
    # was made under another framework (and so is what its council page shows); else None.
    elsewhere: Elsewhere | None = None

    @property
    def current(self) -> Assessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def previous(self) -> tuple[Assessment, ...]:
        return self.assessments[1:]

    @property
    def superseded_elsewhere(self) -> bool:
        """In a view under one framework: assessed under it, and since re-assessed under another."""
        return bool(self.assessments) and self.elsewhere is not None

    @property
    def state(self) -> State:
        """In a view under one framework, one of three: assessed under it (`assessed`); assessed
        only under another (`other-framework`); never assessed (`not-yet-assessed`)."""
        if self.assessments:
            return "assessed"
        return "other-framework" if self.elsewhere is not None else "not-yet-assessed"


State = Literal["assessed", "other-framework", "not-yet-assessed"]


@dataclass(frozen=True)
class Elsewhere:
    """A council's newest assessment, made under another framework than the view's."""

    assessment: Assessment
    framework: Framework


# Words before a council's own name in its styled name: "London Borough of Barnet" is
# listed under B, as readers look for it. "City of London" keeps its name.
_LEADING_KIND = re.compile(
    r"^(?:the\s+)?(?:(?:london\s+|royal\s+)?borough\s+of|council\s+of\s+the|city\s+of(?!\s+london\b))\s+",
    re.IGNORECASE,
)


def sort_name(name: str) -> str:
    """The name a council is listed under, A to Z: "Royal Borough of Greenwich" is "Greenwich"."""
    return _LEADING_KIND.sub("", name.strip()) or name


# --- Scoring -----------------------------------------------------------------


Position = Literal["lower", "upper"]


@dataclass(frozen=True)
class Result:
    """The outcome of applying the rules to a set of scores."""

    total: int
    maximum: int
    scored: int  # how many statements were scored
    percent: int | None  # rounded half up; None when the rating is declared
    rating: Rating
    position: Position | None  # None when the rating is declared
    points_to_lower: int | None  # fewest points fewer that change the band; None at the bottom
    points_to_higher: int | None  # fewest points more that change the band; None at the top
    lower_rating: Rating | None
    higher_rating: Rating | None

    @property
    def exact_percent(self) -> float:
        return 100 * self.total / self.maximum

    @property
    def declared(self) -> bool:
        return self.percent is None


def rounded_percent(total: int, maximum: int) -> int:
    """100 x total / maximum, rounded half up, in exact integer arithmetic."""
    return (200 * total + maximum) // (2 * maximum)


def band_for(percent: int, framework: Framework) -> Rating:
    for rating in reversed(framework.ratings):
        if percent >= rating.min_percent:
            return rating
    return framework.ratings[0]


def score(scores: Iterable[int | None], framework: Framework) -> Result | None:
    """Apply the rules to some scores; None when not one of them is scored."""
    given = [s for s in scores if s is not None]
    if not given:
        return None
    # The result depends on the total and how many were scored, a few hundred pairs: each is
    # worked out once, where a build asks for thousands of councils' results, several times each.
    key = (id(framework), sum(given), len(given))
    known = _results.get(key)
    if known is None or known[0] is not framework:  # the framework held, so its id is its own
        known = _results[key] = (framework, _score(key[1], key[2], framework))
    return known[1]


_results: dict[tuple[int, int, int], tuple[Framework, Result]] = {}


def _score(total: int, scored: int, framework: Framework) -> Result:
    maximum = framework.max_score * scored
    percent = rounded_percent(total, maximum)
    rating = band_for(percent, framework)

    def points_to_change(step: int) -> int | None:
        points = 1
        while framework.min_score * scored <= total + step * points <= maximum:
            moved = band_for(rounded_percent(total + step * points, maximum), framework)
            if moved.rank != rating.rank:
                return points
            points += 1
        return None

    ranks = framework.ratings
    return Result(
        total=total,
        maximum=maximum,
        scored=scored,
        percent=percent,
        rating=rating,
        position="lower" if 2 * percent < rating.min_percent + rating.max_percent else "upper",
        points_to_lower=points_to_change(-1),
        points_to_higher=points_to_change(+1),
        lower_rating=ranks[rating.rank - 1] if rating.rank > 0 else None,
        higher_rating=ranks[rating.rank + 1] if rating.rank + 1 < len(ranks) else None,
    )


def position_words(result: Result) -> str:
    """E.g. "lower end of good, nearer requires improvement"; "" for a declared rating."""
    name = result.rating.name.lower()
    if result.position is None:
        return ""
    if result.position == "lower":
        below = result.lower_rating
        return f"lower end of {name}" + (f", nearer {below.name.lower()}" if below else "")
    above = result.higher_rating
    return f"upper end of {name}" + (f", nearing {above.name.lower()}" if above else "")


def score_words(result: Result) -> str:
    """What stands beside the rating: "64 out of 100", or "judged by the regulator"."""
    return percent_words(result.percent)


def percent_words(percent: int | None) -> str:
    """`score_words` of a result's percentage (None: a declared rating)."""
    return "judged by the regulator" if percent is None else f"{percent} out of 100"


_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def points_words(points: int) -> str:
    word = _NUMBER_WORDS[points] if points < len(_NUMBER_WORDS) else str(points)
    return f"{word} point" + ("" if points == 1 else "s")


def edge_sentences(result: Result) -> list[str]:
    """How far the scores sit from each band edge, nearest edge first."""
    edges = [
        (result.points_to_lower, "lower", result.lower_rating),
        (result.points_to_higher, "higher", result.higher_rating),
    ]
    sentences = []
    for points, direction, rating in edges:
        if points is None or rating is None:
            continue
        where = " on any statement" if points == 1 else ", on one statement or across several,"
        text = f"{points_words(points).capitalize()} {direction}{where} would make this {rating.name.lower()}."
        sentences.append((points, text))
    return [text for _, text in sorted(sentences, key=lambda pair: pair[0])]


def theme_results(scores: Mapping[str, int | None], framework: Framework) -> dict[str, Result | None]:
    """Each theme's sub-rating: the same rules applied to that theme's statements (none when declared)."""
    if framework.declared:
        return {theme.id: None for theme in framework.themes}
    return {theme.id: score((scores.get(s.id) for s in theme.statements), framework) for theme in framework.themes}


def overall_result(assessment: Assessment, framework: Framework) -> Result | None:
    if framework.declared:
        return declared_result(assessment, framework)
    return score(assessment.scores.values(), framework)


def declared_result(assessment: Assessment, framework: Framework) -> Result | None:
    """The regulator's declared rating, with the scores' total beside it but no percentage."""
    given = [s for s in assessment.scores.values() if s is not None]
    if not given or assessment.declared_rating is None:
        return None
    return Result(
        total=sum(given),
        maximum=framework.max_score * len(given),
        scored=len(given),
        percent=None,
        rating=framework.rating(assessment.declared_rating),
        position=None,
        points_to_lower=None,
        points_to_higher=None,
        lower_rating=None,
        higher_rating=None,
    )


# --- Change between assessments ----------------------------------------------


Direction = Literal["up", "down", "same"]


@dataclass(frozen=True)
class StatementChange:
    statement_id: str
    before: int | None
    after: int | None

    @property
    def direction(self) -> Direction | None:
        if self.before is None or self.after is None:
            return None
        return "up" if self.after > self.before else "down" if self.after < self.before else "same"


@dataclass(frozen=True)
class Change:
    before: Result | None
    after: Result | None
    statements: tuple[StatementChange, ...]

    @property
    def rating_direction(self) -> Direction | None:
        if self.before is None or self.after is None:
            return None
        b, a = self.before.rating.rank, self.after.rating.rank
        return "up" if a > b else "down" if a < b else "same"

    @property
    def percent_delta(self) -> int | None:
        if self.before is None or self.after is None or self.before.percent is None or self.after.percent is None:
            return None
        return self.after.percent - self.before.percent


def change_between(previous: Assessment, current: Assessment, framework: Framework) -> Change:
    """Between two assessments under the same framework: across frameworks the scores are
    different measures, and only the single-word ratings may be set side by side."""
    return Change(
        before=overall_result(previous, framework),
        after=overall_result(current, framework),
        statements=tuple(
            StatementChange(s.id, previous.scores.get(s.id), current.scores.get(s.id)) for s in framework.statements
        ),
    )
