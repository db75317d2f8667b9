"""Rounds: the councils as assessed under one framework at a time.

Scores under two frameworks are different measures, so no table or chart sets them
side by side. Each framework in use gets its own comparison pages (compare/rounds.py),
made from every council's assessments under that framework only, its latest one there
first: the site's framework at /compare/, any other at /compare/frameworks/<id>/.

In such a view a council is in one of three states (`Council.state`): assessed under the
framework; assessed only under another; not yet assessed. Where its newest assessment is
under another framework, the view keeps it (`Council.elsewhere`), so that a page can say
"since re-assessed under …" or "not assessed under this framework", and never "not yet
assessed" of a council that was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import model
from .framework import Framework, Frameworks
from .memo import PerCouncil

FRAMEWORKS_BASE = "compare/frameworks/"


@dataclass(frozen=True)
class Round:
    """One framework's comparison: not a page context, but what its pages are made from."""

    framework: Framework
    councils: list[model.Council]  # every council, each with only its assessments under this framework
    assessed: int  # councils with an assessment under it
    base: str  # where its comparison pages start: "compare/", or "compare/frameworks/<id>/"


_views: dict[str, PerCouncil[model.Council]] = {}  # by framework id
_lists: dict[str, list[model.Council]] = {}


def councils_under(councils: list[model.Council], fw: Framework, frameworks: Frameworks) -> list[model.Council]:
    """Each council with only its assessments under `fw`. The very same objects (and list)
    where nothing is left out, and from one build to the next, so what is worked out per
    council stays kept (memo.py)."""
    kept = _views.setdefault(fw.id, PerCouncil())
    kept.keep_only(councils)

    def view(c: model.Council) -> model.Council:
        if all(frameworks.of(a.framework) is fw for a in c.assessments):
            return c
        return kept.get(c, lambda: _only_under(c, fw, frameworks))

    views = [view(c) for c in councils]
    if all(v is c for v, c in zip(views, councils, strict=True)):
        return councils
    last = _lists.get(fw.id)
    if last is not None and len(last) == len(views) and all(a is b for a, b in zip(last, views, strict=True)):
        return last
    _lists[fw.id] = views
    return views


def _only_under(c: model.Council, fw: Framework, frameworks: Frameworks) -> model.Council:
    under = tuple(a for a in c.assessments if frameworks.of(a.framework) is fw)
    newest = c.current
    newest_fw = frameworks.of(newest.framework) if newest else fw
    elsewhere = model.Elsewhere(newest, newest_fw) if newest and newest_fw is not fw else None
    return replace(c, assessments=under, elsewhere=elsewhere)


def states(c: model.Council, frameworks: Frameworks) -> dict[str, model.State]:
    """The council's state under each framework, by id: the three of `Council.state`, from the
    council itself rather than from a view (for the open data)."""
    under = {frameworks.of(a.framework).id for a in c.assessments}
    elsewhere: model.State = "other-framework" if under else "not-yet-assessed"
    return {f.id: "assessed" if f.id in under else elsewhere for f in frameworks.all}


def framework_rounds(councils: list[model.Council], frameworks: Frameworks) -> list[Round]:
    """The site's framework (always: its pages are /compare/) and every other framework some
    council was assessed under, oldest in force first."""
    rounds = []
    for fw in frameworks.all:
        under = councils_under(councils, fw, frameworks)
        assessed = sum(1 for c in under if c.assessments)
        if fw is frameworks.site or assessed:
            base = "compare/" if fw is frameworks.site else f"{FRAMEWORKS_BASE}{fw.id}/"
            rounds.append(Round(fw, under, assessed, base))
    return rounds
