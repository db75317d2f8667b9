"""The assessment framework, read from a data file in `generator/frameworks/`.

Themes, quality statements, the score scale, the rating bands, regions and
council types all live in that file; this module only gives them types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path

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
    min_percent: int
    max_percent: int  # inclusive
    rank: int  # 0 for the lowest band


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


@dataclass(frozen=True)
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
    in_force: date | None = None  # when it came into force
    replaced: date | None = None  # when a later framework replaced it

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
            min_percent=band["min_percent"],
            max_percent=bands[i + 1]["min_percent"] - 1 if i + 1 < len(bands) else 100,
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
        in_force=data.get("in_force"),
        replaced=data.get("replaced"),
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
