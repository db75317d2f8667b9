"""The register of councils and its hex map, tested as data."""

import collections
import json

from generator.framework import load_framework
from generator.hexmap import read_hexjson
from generator.register import REGISTERS_DIR, load_register, name_keys, short_name, slugify

FW = load_framework()
REGISTER = load_register()


def test_the_register_lists_the_153_councils_once_each():
    councils = REGISTER.councils
    assert len(councils) == 153
    assert len({c.gss_code for c in councils}) == 153
    assert len({c.slug for c in councils}) == 153
    assert len({c.name for c in councils}) == 153
    assert collections.Counter(c.type for c in councils) == {
        "county": 21,
        "unitary": 63,
        "metropolitan": 36,
        "london-borough": 33,
    }


def test_codes_agree_with_types_and_regions_are_the_nine():
    prefixes = {t.id: t.gss_prefix for t in FW.council_types}
    for c in REGISTER.councils:
        assert c.gss_code.startswith(prefixes[c.type]), c
    regions = collections.Counter(c.region for c in REGISTER.councils)
    assert set(regions) == {r.id for r in FW.regions} and len(regions) == 9
    assert regions["london"] == 33 and regions["north-west"] == 24


def test_short_names_and_slugs_read_as_people_write_them():
    by_code = {c.gss_code: c for c in REGISTER.councils}
    assert (by_code["E09000007"].short_name, by_code["E09000007"].slug) == ("Camden", "camden")
    assert by_code["E06000047"].slug == "county-durham"
    assert by_code["E06000023"].short_name == "Bristol"  # "Bristol, City of"
    assert by_code["E06000010"].short_name == "Kingston upon Hull"
    assert by_code["E08000013"].short_name == "St Helens"
    assert by_code["E06000020"].slug == "telford-and-wrekin"
    assert short_name("Herefordshire, County of") == "Herefordshire"
    assert slugify("Hammersmith & Fulham") == "hammersmith-and-fulham"


def test_earlier_codes_lead_to_todays_council():
    assert REGISTER.by_code("E08000016").short_name == "Barnsley"
    assert REGISTER.by_code("E10000002").short_name == "Buckinghamshire"
    assert REGISTER.by_code("E06000048").short_name == "Northumberland"
    # Northamptonshire split in two: its old code is neither half.
    assert REGISTER.by_code("E10000021") is None


def test_the_file_says_where_it_comes_from():
    assert "House of Commons Library" in REGISTER.source and "1 April 2025" in REGISTER.source


def test_each_council_has_a_name_no_other_council_has():
    """Every form of each council's name (own name, ONS name, short name) leads to it alone,
    so the import can match names as spreadsheets write them."""
    owners = collections.defaultdict(set)
    for c in REGISTER.councils:
        for form in (c.name, c.ons_name, c.short_name):
            for key in name_keys(form):
                owners[key].add(c.gss_code)
    for c in REGISTER.councils:
        assert any(owners[k] == {c.gss_code} for k in name_keys(c.short_name)), c


def test_the_hex_map_has_one_hex_per_council_and_no_overlaps():
    path = REGISTERS_DIR / f"{REGISTER.id}.hexjson"
    hexmap = read_hexjson(path)  # raises on two hexes in one place
    codes = [h.code for h in hexmap.hexes]
    assert sorted(codes) == sorted(c.gss_code for c in REGISTER.councils)
    assert len({(h.q, h.r) for h in hexmap.hexes}) == 153
    raw = json.loads(path.read_text())
    assert len(raw["hexes"]) == 153  # no key given twice (JSON would keep the last)
    assert "Open Innovations" in hexmap.credit and "MIT" in hexmap.credit


def neighbours(q: int, r: int) -> set[tuple[int, int]]:
    """The six hexes around one in an odd-r layout."""
    shift = r % 2  # odd rows sit half a hex to the right
    return {(q - 1, r), (q + 1, r)} | {(q - 1 + shift + d, r + dr) for dr in (-1, 1) for d in (0, 1)}


def test_the_split_counties_halves_sit_side_by_side():
    hexmap = read_hexjson(REGISTERS_DIR / f"{REGISTER.id}.hexjson")
    at = {h.code: (h.q, h.r) for h in hexmap.hexes}
    assert at["E06000062"] in neighbours(*at["E06000061"])  # West and North Northamptonshire
    assert at["E06000064"] in neighbours(*at["E06000063"])  # Westmorland and Furness, Cumberland
