"""The postcode finder: /postcodes/, a page per postcode area for browsers without
JavaScript (/postcodes/AL/), and one small file per postcode district that the finder's
script fetches (/postcodes/AL5.json), so a lookup never loads the whole table.

A place is what a postcode leads to: a council (with its rating and page, when the site
has it, and the district it runs care for in a two-tier area), or a nation outside England.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .. import model
from ..framework import Framework, Frameworks, frameworks_of
from ..postcodes import NATIONS, PostcodeDistrict, PostcodeTable
from ..register import load_register
from ..routes import council_url
from .council_list import council_entry

FINDER_URL = "postcodes/"

ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right; Contains Royal Mail data © Royal Mail copyright "
    "and database right; Source: Office for National Statistics licensed under the Open Government Licence v.3.0."
)

NOT_ASSESSED_HERE = "Adult social care there is not assessed by the Care Quality Commission, which covers England only."


@dataclass(frozen=True)
class PostcodePlace:
    """Where a postcode leads: a council of England, or a nation outside it."""

    name: str  # "Essex County Council", or "Wales"
    url: str  # site-relative council page; "" when the site has none, or outside England
    rating: str  # "Rated good", "Not yet assessed"; "" when the site has no page for it
    district: str  # the two-tier district it runs adult social care for ("Harlow"), else ""
    nation: str  # "Wales", "Scotland", ... outside England, else ""
    sentence: str  # e.g. "In Harlow, adult social care is run by Essex County Council."


@dataclass(frozen=True)
class SectorAnswer:
    sector: str  # "AL5 3"
    places: tuple[PostcodePlace, ...]  # more than one: ask for the full postcode


@dataclass(frozen=True)
class DistrictAnswer:
    outward: str  # "AL5"
    places: tuple[PostcodePlace, ...]  # every place it reaches, one per council or nation
    sectors: tuple[SectorAnswer, ...]  # by sector, when it is split between councils; else empty


@dataclass(frozen=True)
class PostcodeAreaLink:
    area: str  # "AL"
    url: str  # "postcodes/AL/"


@dataclass(frozen=True)
class FinderPage:
    """The context of /postcodes/."""

    edition: str  # the postcode data's edition, named on the page
    attribution: str  # the credit the data's licence asks for; "" for a fictional table
    example: bool  # the table is fictional (the example site's)
    areas: tuple[PostcodeAreaLink, ...]  # postcode areas with English postcodes, A to Z: the no-JavaScript path
    not_assessed: str  # what the finder says of Wales, Scotland and Northern Ireland


@dataclass(frozen=True)
class PostcodeAreaPage:
    """The context of /postcodes/<area>/: every district of one postcode area."""

    area: str
    districts: tuple[DistrictAnswer, ...]
    edition: str
    attribution: str
    example: bool


# --- Places ----------------------------------------------------------------------------


class Places:
    """Each district code or nation of a table, as a place on this site; worked out once."""

    def __init__(self, table: PostcodeTable, councils: list[model.Council], fw: Framework | Frameworks):
        self.table = table
        self.fw = fw
        self.by_code = {c.gss_code: c for c in councils}
        self.known: dict[str, PostcodePlace] = {}

    def __call__(self, code: str) -> PostcodePlace:
        if code not in self.known:
            self.known[code] = self._place(code)
        return self.known[code]

    def _place(self, code: str) -> PostcodePlace:
        if code in NATIONS:
            nation = NATIONS[code]
            return PostcodePlace(_capital(nation), "", "", "", _capital(nation), f"This postcode is in {nation}.")
        council_code = self.table.council_of(code)
        district = self.table.district_name(code)
        registered = load_register().by_code(council_code)
        council = self.by_code.get(council_code) or (registered and self.by_code.get(registered.gss_code))
        name = council.name if council else registered.name if registered else council_code
        url, rating = "", ""
        if council is not None:
            entry = council_entry(council, frameworks_of(self.fw))
            url = council_url(council.slug)
            rating = _rating_words(entry.rating.name if entry.rating else None, entry.indicative)
        if district:
            sentence = f"In {district}, adult social care is run by {name}."
        else:
            sentence = f"Adult social care here is run by {name}."
        return PostcodePlace(name, url, rating, district, "", sentence)


def _capital(words: str) -> str:
    return words[0].upper() + words[1:]


def _rating_words(rating: str | None, indicative: bool) -> str:
    if rating is None:
        return "Not yet assessed"
    return f"Rated {rating.lower()}" + (" (an indicative pilot assessment)" if indicative else "")


def _one_per_council(places: list[PostcodePlace]) -> tuple[PostcodePlace, ...]:
    """Districts of one council count once: CM17 reaches three Essex districts, one council."""
    seen: dict[str, PostcodePlace] = {}
    for p in places:
        key = p.name
        if key in seen and seen[key].district != p.district:
            seen[key] = PostcodePlace(
                p.name, p.url, p.rating, "", p.nation, f"Adult social care here is run by {p.name}."
            )
        else:
            seen.setdefault(key, p)
    return tuple(seen.values())


# --- Pages -----------------------------------------------------------------------------


def area_of(outward: str) -> str:
    return re.match(r"[A-Z]+", outward)[0]


def _english(district: PostcodeDistrict) -> bool:
    return any(code not in NATIONS for code in district.codes())


def areas(table: PostcodeTable) -> list[str]:
    """Postcode areas with postcodes in England, A to Z."""
    return sorted({area_of(o) for o, d in table.districts.items() if _english(d)})


def data_credit(table: PostcodeTable) -> str:
    """What /data/ says of the postcode finder's data."""
    if table.fictional:
        return f"The postcode finder uses {table.edition[0].lower()}{table.edition[1:]}, made up for the example site."
    return f"The postcode finder uses the {table.edition}. {ATTRIBUTION}"


def finder_page(table: PostcodeTable) -> FinderPage:
    example = table.fictional
    return FinderPage(
        edition=table.edition,
        attribution="" if example else ATTRIBUTION,
        example=example,
        areas=tuple(PostcodeAreaLink(a, f"{FINDER_URL}{a}/") for a in areas(table)),
        not_assessed=NOT_ASSESSED_HERE,
    )


def district_answer(district: PostcodeDistrict, places: Places) -> DistrictAnswer:
    reached = _one_per_council([places(c) for c in district.codes()])
    sectors: list[SectorAnswer] = []
    if len(reached) > 1:
        for digit, part in sorted(district.sectors.items()):
            codes = [part] if isinstance(part, str) else list(part)
            sectors.append(SectorAnswer(f"{district.outward} {digit}", _one_per_council([places(c) for c in codes])))
    return DistrictAnswer(district.outward, reached, tuple(sectors))


def area_page(area: str, table: PostcodeTable, places: Places) -> PostcodeAreaPage:
    example = table.fictional
    districts = [d for o, d in table.districts.items() if area_of(o) == area and _english(d)]
    return PostcodeAreaPage(
        area=area,
        districts=tuple(district_answer(d, places) for d in districts),
        edition=table.edition,
        attribution="" if example else ATTRIBUTION,
        example=example,
    )


# --- The files the finder's script fetches ---------------------------------------------


def district_file(district: PostcodeDistrict, places: Places) -> bytes:
    """One district's answers for the finder's script (theme/js/postcode.js):

    {"p": [place, ...], "w": 0}                         the whole district: one place
    {"p": [...], "s": {"1": 0, "3": {"0": "Aab", "1": "Ba"}}}  by sector; a split sector's
                                                        units by place, as the table writes them
    A place is {"n": name, "u": council page (site-relative), "r": rating, "d": district,
    "x": nation, "t": sentence}, with empty fields left out."""
    codes = district.codes()
    index = {code: i for i, code in enumerate(codes)}
    data: dict[str, object] = {"p": [_place_json(places(c)) for c in codes]}
    if district.whole:
        data["w"] = 0
    else:
        data["s"] = {
            digit: index[part] if isinstance(part, str) else {str(index[c]): units for c, units in part.items()}
            for digit, part in sorted(district.sectors.items())
        }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _place_json(p: PostcodePlace) -> dict[str, str]:
    fields = {"n": p.name, "u": p.url, "r": p.rating, "d": p.district, "x": p.nation, "t": p.sentence}
    return {k: v for k, v in fields.items() if v}


def district_file_url(outward: str) -> str:
    return f"{FINDER_URL}{outward}.json"
