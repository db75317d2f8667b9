"""Bands of local context that councils can be grouped by, like regions and types:
population and deprivation. A council whose content does not give the figure is in
no band (and on no band's page)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model

UPPER_TIER_COUNCILS = 153  # the deprivation rank runs from 1 (most deprived) to this


@dataclass(frozen=True)
class Band:
    id: str
    name: str  # e.g. "250,000 to 499,999 people"
    low: int  # inclusive
    high: int | None  # inclusive; None: no upper end


POPULATION_BANDS = (
    Band("under-250000", "Under 250,000 people", 0, 249_999),
    Band("250000-to-499999", "250,000 to 499,999 people", 250_000, 499_999),
    Band("500000-to-999999", "500,000 to 999,999 people", 500_000, 999_999),
    Band("1-million-or-more", "1 million people or more", 1_000_000, None),
)

# Fifths of the upper-tier councils by deprivation rank.
DEPRIVATION_BANDS = (
    Band("most-deprived", "Most deprived fifth", 1, 31),
    Band("second-most-deprived", "Second most deprived fifth", 32, 61),
    Band("middle", "Middle fifth", 62, 92),
    Band("second-least-deprived", "Second least deprived fifth", 93, 122),
    Band("least-deprived", "Least deprived fifth", 123, UPPER_TIER_COUNCILS),
)

BANDS = {"population": POPULATION_BANDS, "deprivation": DEPRIVATION_BANDS}
BAND_KINDS = {"population": "Population", "deprivation": "Deprivation"}


def _band(value: int | None, bands: tuple[Band, ...]) -> str | None:
    if value is None:
        return None
    return next((b.id for b in bands if value >= b.low and (b.high is None or value <= b.high)), None)


def band_of(kind: str, council: model.Council) -> str | None:
    """The council's band of this kind, or None when its content does not give the figure."""
    ctx = council.context
    if ctx is None:
        return None
    if kind == "population":
        return _band(ctx.population, POPULATION_BANDS)
    return _band(ctx.deprivation.rank if ctx.deprivation else None, DEPRIVATION_BANDS)


def band_named(kind: str, band_id: str) -> Band:
    return next(b for b in BANDS[kind] if b.id == band_id)
