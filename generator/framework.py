"""The assessment framework, read from a data file in `generator/frameworks/`.

Themes, quality statements, the score scale, the rating bands, regions and
council types all live in that file; this module only gives them types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import yaml

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"
DEFAULT_FRAMEWORK = "cqc-local-authority"


@dataclass(frozen=True)
class Statement:
    id: str
    name: str
    asks: str  # one plain-English line: what the statement asks of a council
    theme_id: str
    characteristics: tuple[tuple[int, str], ...] = ()  # (score, what that score looks like), lowest first

    def characteristic(self, score: int | None) -> str | None:
        return next((text for n, text in self.characteristics if n == score), None)


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Rating:
    id: str
    name: str  # display words, e.g. "Requires improvement"
    min_percent: int | None  # None: the framework's rating is declared, not banded
    max_percent: int | None  # inclusive
    rank: int  # 0 for the lowest


@dataclass(frozen=True)
class Region:
    id: str
    name: str


@dataclass(frozen=True)
class CouncilType:
    id: str
    name: str
    gss_prefix: str


@dataclass(frozen=True)
class EvidenceCategory:
    id: str
    name: str


# How a framework's overall rating follows from the scores: by bands on a percentage (the
# model's rules), or declared by the regulator as a judgement on all the evidence.
Rule = Literal["bands", "declared"]


@dataclass(frozen=True, eq=False)  # one object per framework file: compared and hashed by identity
class Framework:
    id: str
    name: str
    regulator: str
    scale: dict[int, str]  # score -> meaning
    ratings: tuple[Rating, ...]  # lowest first
    themes: tuple[Theme, ...]
    regions: tuple[Region, ...]
    council_types: tuple[CouncilType, ...]
    evidence_categories: tuple[EvidenceCategory, ...] = ()  # what an assessment's evidence may be drawn from
    characteristics_note: str = ""  # where the statements' descriptions of each score come from
    characteristics_by: str = ""  # who wrote them, in a few words beside each: "this site's summary"
    in_force: date | None = None  # when it came into force
    replaced: date | None = None  # when a later framework replaced it
    rule: Rule = "bands"
    short_name: str = ""  # e.g. "2023 framework", for labels beside a rating; the name if not given

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def declared(self) -> bool:
        """The rating is the regulator's judgement, given in the content: no percentage, no sub-ratings."""
        return self.rule == "declared"

    # Worked out once: pages and scoring read these in loops over every council.
    @cached_property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for t in self.themes for s in t.statements)

    @cached_property
    def min_score(self) -> int:
        return min(self.scale)

    @cached_property
    def max_score(self) -> int:
        return max(self.scale)

    def statement(self, statement_id: str) -> Statement:
        return next(s for s in self.statements if s.id == statement_id)

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def rating(self, rating_id: str) -> Rating:
        return next(r for r in self.ratings if r.id == rating_id)

    def region(self, region_id: str) -> Region:
        return next(r for r in self.regions if r.id == region_id)

    def council_type(self, type_id: str) -> CouncilType:
        return next(t for t in self.council_types if t.id == type_id)


def parse_framework(data: dict) -> Framework:
    """Build a Framework from the parsed YAML of a framework file."""
    bands = data["ratings"]
    ratings = tuple(
        Rating(
            id=band["id"],
            name=band["name"],
            min_percent=band.get("min_percent"),
            max_percent=(bands[i + 1]["min_percent"] - 1 if i + 1 < len(bands) else 100)
            if "min_percent" in band
            else None,
            rank=i,
        )
        for i, band in enumerate(bands)
    )
    themes = tuple(
        Theme(
            id=t["id"],
            name=t["name"],
            statements=tuple(
                Statement(
                    id=s["id"],
                    name=s["name"],
                    asks=" ".join(s["asks"].split()),
                    theme_id=t["id"],
                    characteristics=_characteristics(s.get("characteristics", {}), data["scale"]),
                )
                for s in t["statements"]
            ),
        )
        for t in data["themes"]
    )
    if data.get("rounding", "half-up") != "half-up":
        raise ValueError("only the half-up rounding rule is implemented")
    return Framework(
        id=data["id"],
        name=data["name"],
        regulator=data.get("regulator", ""),
        scale={int(k): v for k, v in data["scale"].items()},
        ratings=ratings,
        themes=themes,
        regions=tuple(Region(**r) for r in data["regions"]),
        council_types=tuple(CouncilType(**t) for t in data["council_types"]),
        evidence_categories=tuple(EvidenceCategory(**e) for e in data.get("evidence_categories", ())),
        characteristics_note=" ".join(data.get("characteristics_note", "").split()),
        characteristics_by=data.get("characteristics_by", ""),
        in_force=data.get("in_force"),
        replaced=data.get("replaced"),
        rule=data.get("rule", "bands"),
        short_name=data.get("short_name", ""),
    )


def _characteristics(given: dict, scale: dict) -> tuple[tuple[int, str], ...]:
    scores = {int(k) for k in scale}
    if given and {int(k) for k in given} != scores:
        raise ValueError(f"characteristics must describe every score of the scale, {sorted(scores)}")
    return tuple(sorted((int(k), " ".join(v.split())) for k, v in given.items()))


@cache
def load_framework(name: str = DEFAULT_FRAMEWORK) -> Framework:
    with open(FRAMEWORKS_DIR / f"{name}.yml", encoding="utf-8") as f:
        return parse_framework(yaml.safe_load(f))


@dataclass(frozen=True, eq=False)
class Frameworks:
    """Every framework a site's assessments are under. `site` is the one its pages lead
    with (from site.yml); it also gives the regions and council types."""

    site: Framework
    others: tuple[Framework, ...] = ()

    @cached_property
    def all(self) -> tuple[Framework, ...]:
        """Oldest in force first, the site's framework first among equals."""
        return tuple(sorted((self.site, *self.others), key=lambda f: (f.in_force or date.min, f is not self.site)))

    @cached_property
    def _by_id(self) -> dict[str, Framework]:
        return {f.id: f for f in self.all}

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.all]

    def in_force_on(self, day: date) -> Framework:
        """The framework in force that day: the latest to come into force by then and not yet
        replaced; the site's framework for a day before any came into force."""
        live = [f for f in self.all if f.in_force and f.in_force <= day and not (f.replaced and f.replaced <= day)]
        return max(live, key=lambda f: f.in_force or date.min) if live else self.site

    def under(self, named: str | None, published: date | None) -> Framework:
        """An assessment's framework: the one it names, else the one in force on its date.
        (An unknown name is the site's here; the loader and the import report it.)"""
        if named is not None:
            return self.of(named)
        return self.in_force_on(published) if published else self.site

    def of(self, framework_id: str) -> Framework:
        """An assessment's framework by its id; "" (an assessment made in code) is the site's."""
        return self._by_id.get(framework_id) or self.site


def frameworks_of(given: Framework | Frameworks) -> Frameworks:
    """Callers with a single framework (tests, one-framework sites) may pass it alone."""
    return given if isinstance(given, Frameworks) else Frameworks(given)
