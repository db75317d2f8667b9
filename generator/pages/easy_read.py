"""The Easy Read page, /councils/<slug>/easy-read/: a council's current assessment for
people with a learning disability, made from its results.

The sentences follow the Easy Read guides (Mencap's "Am I making myself clear?", CHANGE's
"How to make information accessible", Inclusion Europe's "Information for all"): one idea
per sentence, 15 words at most, short common words, numbers as digits, no percentages, a
picture beside each main point. Every sentence is worked out here from the scores, the
rating and the dates; where the content gives people's own Easy Read text (`easy_read:`),
that text takes the place of the generated summary or of a theme's sentences. The page
says who checked it, or plainly that nobody with a learning disability has yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import model, routes
from ..framework import Framework, Frameworks, Rating, Theme, frameworks_of
from ..markdown import render
from ..words import counted, long_date, month_year, the
from .views import SiteInfo


@dataclass(frozen=True)
class EasyReadPoint:
    """One main point: a picture beside a few short sentences, or people's own text."""

    picture: str  # a pictogram: theme/pictograms/<picture>.svg, decorative (the words say it all)
    sentences: tuple[str, ...]  # generated, each of 15 words at most
    listed: tuple[str, ...] = ()  # a short list after the sentences: theme names, say
    written: Markup | None = None  # people's own text (sanitised HTML), in place of the sentences


@dataclass(frozen=True)
class EasyReadRating:
    """One of the framework's ratings, as the list of every rating shows it."""

    name: str  # e.g. "Good"
    picture: str
    meaning: str  # a few words: "the council does well"
    is_this: bool  # the council's rating


@dataclass(frozen=True)
class EasyReadTheme:
    id: str
    name: str
    picture: str
    rating: str | None  # the sub-rating this site works out from its scores; None under a declared rating
    point: EasyReadPoint  # its scores in words, or people's own text


@dataclass(frozen=True)
class EasyReadWord:
    word: str
    meaning: tuple[str, ...]  # sentences


@dataclass(frozen=True)
class EasyReadLink:
    text: str
    url: str  # absolute, or site-relative for this site's own pages
    note: str  # one sentence after the link
    external: bool


@dataclass(frozen=True)
class EasyReadPage:
    """The context of /councils/<slug>/easy-read/."""

    slug: str
    name: str
    title: str  # the page's own title
    description: str  # for search engines and link previews
    canonical_url: str  # absolute
    council_url: str  # site-relative: the council's full page
    intro: EasyReadPoint  # what this page is
    checked: EasyReadPoint  # who checked this page, or that nobody has yet
    checked_by_people: bool
    who: tuple[EasyReadPoint, ...]  # who checked the council, and what they check
    rating: EasyReadRating  # the council's overall rating
    overall: EasyReadPoint  # what the rating means, and how it was reached
    ratings: tuple[EasyReadRating, ...]  # every rating of the framework, best first
    summary: tuple[EasyReadPoint, ...]  # generated, or people's own
    themes_intro: tuple[str, ...]
    themes: tuple[EasyReadTheme, ...]
    next: tuple[EasyReadPoint, ...]  # an earlier check, and when the next is expected
    words: tuple[EasyReadWord, ...]  # hard words explained
    links: tuple[EasyReadLink, ...]  # the full report, the council's website, its full page here
    help: EasyReadPoint


def has_easy_read(council: model.Council, fw: Framework | Frameworks) -> bool:
    """An Easy Read page is made for a council whose current assessment has a rating."""
    a = council.current
    return a is not None and model.overall_result(a, frameworks_of(fw).of(a.framework)) is not None


# --- Words ---------------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _score_level(score: int, fw: Framework) -> int:
    """Where a score sits on its scale, in four steps: 3 the top score, 0 the lowest."""
    if fw.max_score == fw.min_score:
        return 3
    place = (score - fw.min_score) / (fw.max_score - fw.min_score)
    return 3 if place == 1 else 2 if place >= 0.5 else 1 if place > 0 else 0


# What a score at each level says, after "1 thing" or "2 things": best first.
_LEVEL_WORDS = {3: ("was very good", "were very good"), 2: ("was good", "were good")}
_LEVEL_WORDS |= {1: ("had some problems", "had some problems"), 0: ("had big problems", "had big problems")}


def _rating_level(rating: Rating, fw: Framework) -> int:
    """Where a rating sits among its framework's, in four steps: 3 the best, 0 the worst."""
    top = len(fw.ratings) - 1
    if top == 0:
        return 2
    place = rating.rank / top
    return 3 if place == 1 else 2 if place >= 0.5 else 1 if place > 0 else 0


_RATING_PICTURES = {3: "rating-best", 2: "rating-good", 1: "rating-better", 0: "rating-worst"}
_RATING_MEANINGS = {
    3: "the council does very well",
    2: "the council does well",
    1: "the council must do better",
    0: "the council must do a lot better",
}


def _rating_sentences(rating: Rating, fw: Framework) -> tuple[str, ...]:
    """What the rating means, and where it sits among the framework's ratings."""
    level = _rating_level(rating, fw)
    meaning = f"{rating.name} means {_RATING_MEANINGS[level]}."
    from_top, from_bottom = len(fw.ratings) - rating.rank, rating.rank + 1
    if from_top == 1:
        place = f"{rating.name} is the best rating."
    elif from_bottom == 1:
        place = f"{rating.name} is the worst rating."
    elif from_top <= from_bottom:
        place = f"{rating.name} is the {_ordinal(from_top)} best rating."
    else:
        place = f"{rating.name} is the {_ordinal(from_bottom)} worst rating."
    return (f"There are {len(fw.ratings)} ratings.", place, meaning)


# Pictures for themes, by a word in the theme's id: frameworks name their themes their own way.
_THEME_PICTURES = (
    ("people", "people"),
    ("outcome", "people"),
    ("support", "support"),
    ("safe", "safety"),
    ("lead", "leadership"),
)


def _theme_picture(theme: Theme) -> str:
    return next((picture for word, picture in _THEME_PICTURES if word in theme.id), "list")


def _regulator(fw: Framework) -> tuple[str, str]:
    """The regulator as a sentence names it first and then for short: ("The Care Quality
    Commission", "the CQC"); a name whose words are not all capitalised has no short form."""
    if not fw.regulator:
        return "The regulator", "the regulator"
    full = the(fw.regulator)
    words = full.split()[1:]
    if len(words) > 1 and all(w[:1].isupper() and w.isalpha() for w in words):
        return "T" + full[1:], "the " + "".join(w[0] for w in words)
    return "T" + full[1:], full


# --- The page ------------------------------------------------------------------------------


def easy_read_page(council: model.Council, fw: Framework | Frameworks, site: SiteInfo) -> EasyReadPage:
    """The Easy Read page of a council's current assessment (see `has_easy_read`)."""
    frameworks = frameworks_of(fw)
    a = council.current
    assert a is not None, "no Easy Read page for a council not yet assessed"
    under = frameworks.of(a.framework)
    result = model.overall_result(a, under)
    assert result is not None, "no Easy Read page without a rating"
    name = council.name
    written = a.easy_read or model.EasyRead()

    intro = EasyReadPoint(
        "page",
        ("This is an Easy Read page.", "It tells you how well the council helps adults who need care."),
    )
    level = _rating_level(result.rating, under)
    rating = EasyReadRating(result.rating.name, _RATING_PICTURES[level], _RATING_MEANINGS[level], True)
    how = (
        "They looked at everything they found and decided the rating."
        if result.declared
        else "The rating comes from the scores they gave."
    )
    overall = EasyReadPoint(
        "summary",
        (f"The rating for {name} is {result.rating.name}.", *_rating_sentences(result.rating, under), how),
    )
    ratings = tuple(
        EasyReadRating(
            r.name,
            _RATING_PICTURES[_rating_level(r, under)],
            _RATING_MEANINGS[_rating_level(r, under)],
            r.id == result.rating.id,
        )
        for r in reversed(under.ratings)
    )

    theme_results = model.theme_results(a.scores, under)
    good, problems = [], []
    themes = []
    for theme in under.themes:
        scores = [a.scores.get(s.id) for s in theme.statements]
        levels = [_score_level(s, under) for s in scores if s is not None]
        if levels:
            (good if min(levels) >= 2 else problems).append(theme.name)
        text = written.themes.get(theme.id, "")
        if text.strip():
            point = EasyReadPoint(_theme_picture(theme), (), written=render(text, top=4))
        else:
            point = EasyReadPoint(_theme_picture(theme), _theme_sentences(scores, under))
        sub = theme_results[theme.id]
        themes.append(EasyReadTheme(theme.id, theme.name, point.picture, sub.rating.name if sub else None, point))

    if written.summary.strip():
        summary: tuple[EasyReadPoint, ...] = (EasyReadPoint("summary", (), written=render(written.summary, top=3)),)
    else:
        summary = tuple(
            EasyReadPoint(picture, (words,), tuple(names))
            for picture, words, names in (
                ("rating-good", "These parts were good:", good),
                ("rating-better", "These parts had some problems:", problems),
            )
            if names
        )

    themes_intro = [f"They looked at {counted(len(under.themes), 'part', 'parts')} of the council's work."]
    if result.declared:
        themes_intro.append("They did not give each part a rating.")
    else:
        themes_intro += ["They gave 1 rating for the whole council.", "This website worked out a rating for each part."]
    themes_intro.append("Here is what they found in each part.")

    return EasyReadPage(
        slug=council.slug,
        name=name,
        title=f"{name}: Easy Read",
        description=f"Easy Read: what {the(under.regulator or 'regulator')} found about {name}. "
        f"The rating is {result.rating.name}.",
        canonical_url=site.url + routes.easy_read_url(council.slug),
        council_url=routes.council_url(council.slug),
        intro=intro,
        checked=_checked(written),
        checked_by_people=bool(written.checked_by and written.checked_on),
        who=_who(council, a, under),
        rating=rating,
        overall=overall,
        ratings=ratings,
        summary=summary,
        themes_intro=tuple(themes_intro),
        themes=tuple(themes),
        next=_next_points(council, frameworks, under),
        words=_hard_words(a, under),
        links=_links(council, a),
        help=EasyReadPoint(
            "help",
            ("You can ask someone you trust to help you read this.", "You can ask the council for help too."),
        ),
    )


def _checked(written: model.EasyRead) -> EasyReadPoint:
    """Who checked the page and when, or plainly that nobody with a learning disability has."""
    if written.checked_by and written.checked_on:
        when = long_date(written.checked_on)
        return EasyReadPoint("checked", (f"This page was checked on {when} by:",), (written.checked_by,))
    return EasyReadPoint(
        "not-checked",
        (
            "This page was made from the scores in the report.",
            "People with a learning disability have not checked it yet.",
        ),
    )


def _who(council: model.Council, a: model.Assessment, under: Framework) -> tuple[EasyReadPoint, ...]:
    """Who checked the council and what they check, when, and whether it was a pilot."""
    full_name, short = _regulator(under)
    who_says = [f"{full_name} checks how councils help adults who need care."]
    if short != full_name.lower():
        who_says.append(f"We call them {short} for short.")
    who_says.append(f"{short[:1].upper() + short[1:]} checked {council.name}.")
    when = []
    if a.assessed:
        when.append(f"They did their checks in {month_year(a.assessed)}.")
    when.append(f"They told everyone what they found on {long_date(a.published)}.")
    points = [EasyReadPoint("checker", tuple(who_says)), EasyReadPoint("calendar", tuple(when))]
    if a.kind == "indicative":
        pilot = (
            "This check was a pilot.",
            "A pilot is a test of a new way of checking.",
            "So this rating is only a guide.",
        )
        points.append(EasyReadPoint("pilot", pilot))
    return tuple(points)


def _theme_sentences(scores: list[int | None], fw: Framework) -> tuple[str, ...]:
    """A theme's scores in words: how many things were checked, and how many at each level."""
    sentences = [f"They checked {counted(len(scores), 'thing', 'things')} here."]
    for level in (3, 2, 1, 0):
        n = sum(1 for s in scores if s is not None and _score_level(s, fw) == level)
        if n:
            one, many = _LEVEL_WORDS[level]
            sentences.append(f"{counted(n, 'thing', 'things')} {one if n == 1 else many}.")
    unscored = sum(1 for s in scores if s is None)
    if unscored:
        sentences.append(f"{counted(unscored, 'thing', 'things')} did not get a score.")
    return tuple(sentences)


def _next_points(council: model.Council, frameworks: Frameworks, under: Framework) -> tuple[EasyReadPoint, ...]:
    """The check before this one, if any, and when the next is expected."""
    a = council.current
    assert a is not None
    points = []
    if council.previous:
        before = council.previous[0]
        before_fw = frameworks.of(before.framework)
        was = model.overall_result(before, before_fw)
        by = "They" if before_fw.regulator == under.regulator else _regulator(before_fw)[0]
        said = [f"{by} checked the council before, on {long_date(before.published)}."]
        if was is not None:
            said.append(f"That time the rating was {was.rating.name}.")
        now = model.overall_result(a, under)
        if before_fw is not under:
            said += ["That check used different rules.", "So you cannot compare the scores."]
        elif was is not None and now is not None:
            change = now.rating.rank - was.rating.rank
            said.append(
                "The rating is the same as before."
                if change == 0
                else "The rating is better than before."
                if change > 0
                else "The rating is worse than before."
            )
        said.append("This page is about the newest check.")
        points.append(EasyReadPoint("before", tuple(said)))
    if a.next_expected:
        points.append(EasyReadPoint("calendar", (f"They plan to check the council again in {a.next_expected}.",)))
    else:
        points.append(EasyReadPoint("calendar", ("They will check the council again.", "We do not know when yet.")))
    return tuple(points)


def _hard_words(a: model.Assessment, fw: Framework) -> tuple[EasyReadWord, ...]:
    words = [
        EasyReadWord(
            "Adult social care",
            ("Help for adults who need care and support.", "For example, help to wash or get dressed."),
        ),
        EasyReadWord("Council", ("The local government for your area.", "It helps people get care and support.")),
        EasyReadWord("Report", ("A document that says what someone found.",)),
        EasyReadWord("Rating", ("A word that says how well something is done.",)),
        EasyReadWord(
            "Score",
            (
                "A number that says how well something is done.",
                f"{fw.max_score} is the best score.",
                f"{fw.min_score} is the lowest score.",
            ),
        ),
    ]
    if a.kind == "indicative":
        words.append(EasyReadWord("Pilot", ("A test of a new way of doing something.",)))
    return tuple(words)


def _links(council: model.Council, a: model.Assessment) -> tuple[EasyReadLink, ...]:
    links = []
    if a.report_url:
        links.append(EasyReadLink("Read the full report", a.report_url, "The full report is not in Easy Read.", True))
    if council.website:
        links.append(
            EasyReadLink(
                f"{council.name}'s website", council.website, "The council can help you get care and support.", True
            )
        )
    links.append(
        EasyReadLink(
            f"The full page about {council.name} on this website",
            routes.council_url(council.slug),
            "It has more detail, but it is not in Easy Read.",
            False,
        )
    )
    return tuple(links)
