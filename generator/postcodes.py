"""Postcodes to the councils that run adult social care there: the table and its lookup.

The table (generator/registers/postcodes.txt.gz, built by `generator.postcode_build`)
maps each UK postcode district to the local authority district of its postcodes. Most
districts lie in one; a district split between several is given by sector, and a sector
split between several lists every postcode unit in each. Lines, after `#` comments:

  @edition <words>                         the data's edition, named on the site ("Fictional ..."
                                           marks a made-up table, which needs no credit)
  @district <code> <council code> <name>   a district in a two-tier area, and its county
  AL1 E07000240                            the whole postcode district
  AL5 1 E07000240                          one sector of a split district
  AL5 3 E07000240:AabdBa E06000032:Ac      a split sector: its units, by district

Units are written by their first letter, followed by each second letter in lower case
("AabdBa" is AA, AB, AD and BA). A district outside England is named by its nation
(`wales`, `scotland`, `northern-ireland`, `channel-islands`, `isle-of-man`), not by code.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .register import REGISTERS_DIR

DEFAULT_TABLE = REGISTERS_DIR / "postcodes.txt.gz"

NATIONS = {
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
    "channel-islands": "the Channel Islands",
    "isle-of-man": "the Isle of Man",
}

# Outward code (area letters, district number, an optional letter or digit), then the
# inward code (sector digit, two unit letters). Spaces are taken out first.
_FULL = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})")
OUTWARD = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
_GSS = re.compile(r"E[0-9]{8}")
_SECTOR = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ([0-9])")

Split = dict[str, str]  # a split sector: district code -> its units, as the table writes them ("AabdBa")


@dataclass(frozen=True)
class PostcodeDistrict:
    """One postcode district: its district code if it lies in one, else by sector."""

    outward: str  # "AL5"
    whole: str | None = None  # the district code when all of it is in one
    sectors: dict[str, str | Split] = field(default_factory=dict)  # sector digit -> code, or its split

    def codes(self) -> list[str]:
        """Every district code it reaches into, in the order of the table."""
        found: dict[str, None] = {}
        if self.whole:
            found[self.whole] = None
        for part in self.sectors.values():
            for code in [part] if isinstance(part, str) else part:
                found[code] = None
        return list(found)


@dataclass(frozen=True)
class PostcodeTable:
    edition: str
    counties: dict[str, tuple[str, str]]  # a two-tier district's code -> (its county's code, its name)
    districts: dict[str, PostcodeDistrict]  # by outward code

    @property
    def fictional(self) -> bool:
        return self.edition.lower().startswith("fictional")

    def council_of(self, code: str) -> str:
        """The code of the council that runs adult social care in a district (itself, or its
        county); a nation's name stays as it is."""
        return self.counties[code][0] if code in self.counties else code

    def district_name(self, code: str) -> str:
        """A two-tier district's name ("Harlow"); "" for a unitary council or a nation."""
        return self.counties[code][1] if code in self.counties else ""


class TableError(ValueError):
    """A line of a postcode table that cannot be read."""


def units_of(written: str) -> frozenset[str]:
    """Units as the table writes them, "AabdBa", to {"AA", "AB", "AD", "BA"}."""
    units: set[str] = set()
    first = ""
    for ch in written:
        if ch.isupper():
            first = ch
        elif first:
            units.add(first + ch.upper())
        else:
            raise TableError(f"units must start with a capital letter: {written!r}")
    return frozenset(units)


def written_units(units: set[str] | frozenset[str]) -> str:
    """{"AA", "AB", "BA"} -> "AabBa": the table's way of writing units."""
    out: list[str] = []
    first = ""
    for unit in sorted(units):
        if unit[0] != first:
            first = unit[0]
            out.append(first)
        out.append(unit[1].lower())
    return "".join(out)


def parse_table(text: str, source: str = "postcode table") -> PostcodeTable:
    edition = ""
    counties: dict[str, tuple[str, str]] = {}
    districts: dict[str, PostcodeDistrict] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            if line.startswith("@edition "):
                edition = line.removeprefix("@edition ").strip()
            elif line.startswith("@district "):
                _, code, county, name = line.split(" ", 3)
                if not _GSS.fullmatch(code) or not _GSS.fullmatch(county):
                    raise TableError("@district takes a district's code, its county's code, then its name")
                counties[code] = (county, name.strip())
            else:
                _read_line(line.split(), districts)
        except (TableError, ValueError) as exc:
            raise TableError(f"{source}:{number}: {exc}") from None
    if not edition:
        raise TableError(f"{source}: no '@edition' line names the data's edition")
    return PostcodeTable(edition=edition, counties=counties, districts=districts)


def _read_line(words: list[str], districts: dict[str, PostcodeDistrict]) -> None:
    outward = words[0]
    if not OUTWARD.fullmatch(outward):
        raise TableError(f"{outward!r} is not a postcode district")
    if len(words) == 2:
        districts[outward] = PostcodeDistrict(outward, whole=words[1])
        return
    sector, parts = words[1], words[2:]
    if not (len(sector) == 1 and sector.isdigit()):
        raise TableError(f"{sector!r} is not a sector digit")
    district = districts.setdefault(outward, PostcodeDistrict(outward))
    if len(parts) == 1 and ":" not in parts[0]:
        district.sectors[sector] = parts[0]
    else:
        split: Split = {}
        for part in parts:
            code, _, written = part.partition(":")
            if not written[:1].isupper():
                raise TableError(f"units must start with a capital letter: {part!r}")
            split[code] = written  # read only when looked up: most never are
        district.sectors[sector] = split


def load_table(path: Path = DEFAULT_TABLE) -> PostcodeTable:
    """A table from its file (gzipped when it ends in .gz), read again only when it changes."""
    return _read_table(path, path.stat().st_mtime_ns)


@cache
def _read_table(path: Path, mtime: int) -> PostcodeTable:
    data = path.read_bytes()
    text = gzip.decompress(data).decode("utf-8") if path.suffix == ".gz" else data.decode("utf-8")
    return parse_table(text, str(path))


# --- Reading what people type -----------------------------------------------------


@dataclass(frozen=True)
class Postcode:
    """What was typed, read as a postcode or the start of one."""

    outward: str  # "AL5"
    sector: str = ""  # "3", when given
    unit: str = ""  # "AA", when the whole postcode was given

    def __str__(self) -> str:
        return f"{self.outward} {self.sector}{self.unit}".strip()


def read_postcode(typed: str) -> Postcode | None:
    """A postcode, a district ("AL5") or a sector ("AL5 3") from what was typed, in any case
    and with or without spaces; None when it is none of these."""
    words = typed.upper().split()
    joined = "".join(words)
    if m := _FULL.fullmatch(joined):
        return Postcode(m[1], m[2], m[3])
    if m := _SECTOR.fullmatch(" ".join(words)):  # "CH4 8" is a sector of CH4, not CH48
        return Postcode(m[1], m[2])
    if OUTWARD.fullmatch(joined):
        return Postcode(joined)
    return None


# --- Looking one up ---------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What a lookup found. kind:
    - "found": `codes` are its district, or districts that share one council;
    - "choose": it could be in any of `codes`, under different councils (ask for the full postcode);
    - "not-found": a full postcode the table does not list, in a sector split between `codes`;
    - "unknown": no such postcode district or sector; "malformed": not a postcode at all."""

    kind: str
    postcode: str  # as read, e.g. "AL5 3AA"; "" when malformed
    codes: tuple[str, ...] = ()  # district codes or nations


def look_up(table: PostcodeTable, typed: str) -> Answer:
    postcode = read_postcode(typed)
    if postcode is None:
        return Answer("malformed", "")
    shown = str(postcode)
    district = table.districts.get(postcode.outward)
    shorter = postcode.outward[:-1]
    if district is None and not postcode.sector and postcode.outward[-1].isdigit() and OUTWARD.fullmatch(shorter):
        # "AL53", typed without its space, is a sector of AL5 when there is no AL53
        postcode = Postcode(shorter, postcode.outward[-1])
        shown, district = str(postcode), table.districts.get(postcode.outward)
    if district is None:
        return Answer("unknown", shown)
    if district.whole:
        return Answer("found", shown, (district.whole,))
    part = district.sectors.get(postcode.sector) if postcode.sector else None
    if part is None:
        if postcode.sector:  # a sector the district does not have
            return Answer("unknown", shown)
        return _one_or_choose(table, shown, district.codes())
    if isinstance(part, str):
        return Answer("found", shown, (part,))
    if not postcode.unit:
        return _one_or_choose(table, shown, list(part))
    for code, written in part.items():
        if postcode.unit in units_of(written):
            return Answer("found", shown, (code,))
    return Answer("not-found", shown, tuple(part))


def _one_or_choose(table: PostcodeTable, shown: str, codes: list[str]) -> Answer:
    one_council = len({table.council_of(c) for c in codes}) == 1
    return Answer("found" if one_council else "choose", shown, tuple(codes))
