"""Every address the site publishes, and who claims it.

Addresses are site-relative, as MkDocs writes them with directory URLs:
"councils/northvale/", "councils/northvale/badge.svg". A council claims its
page, one permanent page per assessment, its Easy Read page, its badge and preview image, a
redirect from its GSS code and redirects from its previous slugs; pages and
files under content/ and theme/ claim theirs. Two claims on one address fail
the build with a problem that names both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from . import model
from .memo import PerCouncil
from .problems import Problem

# The open data's downloads; feed entries name its framework section by this address too.
DATA_DIR = "data/"


def council_url(slug: str) -> str:
    return f"councils/{slug}/"


def assessment_url(slug: str, published: date) -> str:
    return f"councils/{slug}/{published.isoformat()}/"


def easy_read_url(slug: str) -> str:
    return f"councils/{slug}/easy-read/"


def findings_url(council: model.Council) -> str:
    """The page with the findings of a council's current assessment: its council page, or, in a
    view under one framework of a council since assessed under another, that assessment's own page."""
    if council.superseded_elsewhere and council.current is not None:
        return assessment_url(council.slug, council.current.published)
    return council_url(council.slug)


def by_code_url(gss_code: str) -> str:
    return f"councils/by-code/{gss_code}/"


def badge_url(slug: str, dark: bool = False) -> str:
    return f"councils/{slug}/badge{'-dark' if dark else ''}.svg"


def preview_url(slug: str) -> str:
    return f"councils/{slug}/preview.png"


@dataclass(frozen=True)
class Claim:
    url: str
    source: str  # the file that makes the claim
    field: str  # what in it: "(file)", "previous_slugs", "gss_code", ...

    def describe(self) -> str:
        return self.source if self.field == "(file)" else f"{self.source} ({self.field})"


_claims_of: PerCouncil[list[Claim]] = PerCouncil()


def councils_claims(councils: list[model.Council]) -> list[Claim]:
    """Every address the councils' files claim (kept per council under `make serve`)."""
    _claims_of.keep_only(councils)
    return [claim for council in councils for claim in _claims_of.get(council, partial(council_claims, council))]


def council_claims(council: model.Council) -> list[Claim]:
    """Every address a council's file claims."""

    def claim(url: str, field: str) -> Claim:
        return Claim(url, council.source, field)

    claims = [claim(council_url(council.slug), "(file)")]
    claims += [claim(assessment_url(council.slug, a.published), "assessments") for a in council.assessments]
    if council.assessments:
        claims.append(claim(easy_read_url(council.slug), "assessments"))
    claims += [claim(url, "(file)") for url in (badge_url(council.slug), badge_url(council.slug, True))]
    claims.append(claim(preview_url(council.slug), "(file)"))
    claims.append(claim(council_url(council.slug) + "data.json", "(file)"))
    claims.append(claim(by_code_url(council.gss_code), "gss_code"))
    for old in council.previous_slugs:
        claims.append(claim(council_url(old), "previous_slugs"))
        claims += [claim(assessment_url(old, a.published), "previous_slugs") for a in council.assessments]
        if council.assessments:
            claims.append(claim(easy_read_url(old), "previous_slugs"))
        claims += [claim(url, "previous_slugs") for url in (badge_url(old), badge_url(old, True))]
    return claims


def conflicts(claims: list[Claim], position: Callable[[Claim], tuple[int, int]] = lambda c: (1, 1)) -> list[Problem]:
    """One problem per pair of sources that claim the same address, naming both.

    `position` finds a claim's line and column; it is called only for claims in conflict.
    """
    first: dict[str, Claim] = {}
    reported: set[tuple[str, str, str, str]] = set()
    problems = []
    for c in claims:
        other = first.setdefault(c.url, c)
        if other is c:
            continue
        pair = (other.source, other.field, c.source, c.field)
        if pair in reported:
            continue
        reported.add(pair)
        line, column = position(c)
        problems.append(
            Problem(c.source, line, column, c.field, f"address /{c.url} is also claimed by {other.describe()}")
        )
    return problems
