"""Links between the frameworks' comparison pages (see generator/rounds.py): on a site
with more than one framework, each comparison page says which it compares within and
leads to the same page under the others."""

from __future__ import annotations

from dataclasses import dataclass

from ..pages.views import FrameworkLabel, framework_label
from ..rounds import Round


@dataclass(frozen=True)
class RoundLink:
    name: str  # the framework's short name
    url: str  # site-relative: the same page under that framework, or its comparison home
    assessed: int  # councils assessed under it
    is_this: bool  # the framework this page is of


@dataclass(frozen=True)
class RoundNav:
    """On every comparison page of a site with more than one framework: which framework the
    page compares within, and the way to the same page under each other one."""

    framework: FrameworkLabel
    base: str  # this framework's comparison home, site-relative
    assessed: int
    links: tuple[RoundLink, ...]  # every framework in use, oldest first


def round_nav(rounds: list[Round], this: Round, sub_path: str, exists: set[str]) -> RoundNav | None:
    """`sub_path`: the page's address below its framework's base, e.g. "statements/safe-systems/";
    `exists`: every generated address, to link to the same page where the other framework has it."""
    if len(rounds) < 2:
        return None
    links = []
    for r in rounds:
        same = r.base + sub_path
        links.append(RoundLink(r.framework.label, same if same in exists else r.base, r.assessed, r is this))
    return RoundNav(framework_label(this.framework), this.base, this.assessed, tuple(links))
