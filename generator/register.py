"""The register of councils: every English council with adult social care duties, as data.

A register is a CSV file in `generator/registers/` (lines starting with `#` say where it
comes from). Each row gives a council's GSS code, its ONS name, its own name, its type,
region and earlier codes; short names and slugs are worked out here, the same way for
every council. A reorganisation is a new register file, not a code change.

The register is what `python -m generator new` makes a site's council files from, and
what the import matches names in a spreadsheet against.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

REGISTERS_DIR = Path(__file__).parent / "registers"
DEFAULT_REGISTER = "english-councils-2025"


@dataclass(frozen=True)
class RegisteredCouncil:
    gss_code: str
    ons_name: str  # "Bristol, City of"
    name: str  # as the council styles itself: "Bristol City Council"
    short_name: str  # "Bristol"
    slug: str  # "bristol"
    type: str
    region: str
    previous_gss_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Register:
    id: str
    source: str  # the file's opening comment: where the list comes from
    councils: tuple[RegisteredCouncil, ...]  # in the file's order (by GSS code)

    def by_code(self, code: str) -> RegisteredCouncil | None:
        """The council with this code, or whose earlier code it is."""
        return self._codes.get(code)

    @cached_property
    def _codes(self) -> dict[str, RegisteredCouncil]:
        # An earlier code shared by councils a split made (Northamptonshire) names neither.
        shared = Counter(old for c in self.councils for old in c.previous_gss_codes)
        codes = {old: c for c in self.councils for old in c.previous_gss_codes if shared[old] == 1}
        return codes | {c.gss_code: c for c in self.councils}


def short_name(ons_name: str) -> str:
    """A council's short name from its ONS name: "Kingston upon Hull, City of" is
    "Kingston upon Hull", "St. Helens" is "St Helens", as the councils write it."""
    name = re.sub(r",\s*(City|County) of$", "", ons_name.strip())
    return re.sub(r"\bSt\.\s", "St ", name)


def slugify(name: str) -> str:
    """An address-safe slug: "County Durham" is `county-durham`, "Telford and Wrekin" `telford-and-wrekin`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")


def parse_register(register_id: str, text: str) -> Register:
    lines = text.splitlines()
    comment = [ln[1:].strip() for ln in lines if ln.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(ln for ln in lines if not ln.startswith("#"))))
    councils = tuple(
        RegisteredCouncil(
            gss_code=row["gss_code"],
            ons_name=row["ons_name"],
            name=row["council_name"],
            short_name=short_name(row["ons_name"]),
            slug=slugify(short_name(row["ons_name"])),
            type=row["type"],
            region=row["region"],
            previous_gss_codes=tuple(c for c in row["previous_gss_codes"].split(";") if c),
        )
        for row in rows
    )
    return Register(id=register_id, source=" ".join(comment), councils=councils)


@cache
def load_register(register_id: str = DEFAULT_REGISTER) -> Register:
    return parse_register(register_id, (REGISTERS_DIR / f"{register_id}.csv").read_text(encoding="utf-8"))


# --- Matching names as people write them -------------------------------------------

# Words that say what kind of council it is, not which: "Durham County Council", "County
# Durham" and "Durham" are one council, as are "Hartlepool Council" and "Hartlepool Borough Council".
_KIND_WORDS = {"council", "borough", "metropolitan", "district", "county", "city", "corporation", "royal", "of", "the"}
_KIND_WORDS_LONDON = _KIND_WORDS | {"london"}


def name_key(name: str) -> str:
    """A name reduced for comparison: case, punctuation, "&" and "St." do not count."""
    name = name.lower().replace("&", " and ")
    name = re.sub(r"\bst\.", "st", name)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name).split())


def name_keys(name: str) -> set[str]:
    """The forms of a name that identify its council: the whole name, and the name without
    the words for a kind of council (unless nothing would be left, as of "City of London")."""
    full = name_key(name)
    keys = {full}
    for kind_words in (_KIND_WORDS, _KIND_WORDS_LONDON):
        core = " ".join(w for w in full.split() if w not in kind_words)
        if core:
            keys.add(core)
    return keys
