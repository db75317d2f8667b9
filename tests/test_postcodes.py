"""The postcode table that ships with the generator, and its lookup: real postcodes of
well-known places against the councils that run adult social care there (worked out from
where the places are, not from the table), nations, malformed input, and the builder."""

from __future__ import annotations

import gzip

import pytest

from generator.postcode_build import table_lines, write_table
from generator.postcodes import (
    PostcodeTable,
    TableError,
    load_table,
    look_up,
    parse_table,
    read_postcode,
    units_of,
    written_units,
)
from generator.register import load_register


@pytest.fixture(scope="module")
def table() -> PostcodeTable:
    return load_table()


def council(table: PostcodeTable, typed: str) -> str:
    answer = look_up(table, typed)
    assert answer.kind == "found", (typed, answer)
    councils = {table.council_of(c) for c in answer.codes}
    assert len(councils) == 1
    return councils.pop()


# A public building or landmark in each of the nine regions, and its council's GSS code.
LANDMARKS = [
    ("NE1 8QH", "E08000021", "north-east: Newcastle Civic Centre, Newcastle upon Tyne"),
    ("M60 2LA", "E08000003", "north-west: Manchester Town Hall"),
    ("LS1 1UR", "E08000035", "yorkshire-and-the-humber: Leeds Civic Hall"),
    ("NG1 2DT", "E06000018", "east-midlands: Nottingham Council House"),
    ("B1 1BB", "E08000025", "west-midlands: Birmingham Council House"),
    ("CB2 3QJ", "E10000003", "east-of-england: Cambridge Guildhall, so Cambridgeshire"),
    ("SW1A 2AA", "E09000033", "london: 10 Downing Street, Westminster"),
    ("OX1 1BX", "E10000025", "south-east: Oxford Town Hall, so Oxfordshire"),
    ("BS1 5TR", "E06000023", "south-west: Bristol City Hall"),
    # The councils made since 2019, under their new codes:
    ("CA3 8QG", "E06000063", "Carlisle Civic Centre: Cumberland (2023)"),
    ("HG1 2SG", "E06000065", "Harrogate: North Yorkshire (2023)"),
    ("TA1 1HE", "E06000066", "Taunton: Somerset (2023)"),
    ("S1 2HH", "E08000039", "Sheffield Town Hall: Sheffield's code from April 2025"),
    ("S70 2TA", "E08000038", "Barnsley Town Hall: Barnsley's code from April 2025"),
    ("TD15 1BN", "E06000057", "Berwick-upon-Tweed: Northumberland, in a district shared with Scotland"),
]


@pytest.mark.parametrize("typed, code, where", LANDMARKS, ids=[w.split(":")[0] for _, _, w in LANDMARKS])
def test_real_postcodes_lead_to_their_council(table, typed, code, where):
    assert council(table, typed) == code
    assert load_register().by_code(code) is not None  # a council of the register


def test_every_district_leads_to_a_council_of_the_register_or_a_nation(table):
    register = load_register()
    codes = {c for d in table.districts.values() for c in d.codes()}
    english = {table.council_of(c) for c in codes if c.startswith("E")}
    assert all(register.by_code(c) for c in english)
    assert {c for c in codes if not c.startswith("E")} == {
        "wales",
        "scotland",
        "northern-ireland",
        "channel-islands",
        "isle-of-man",
    }
    # Every council of the register has postcodes.
    assert english == {c.gss_code for c in register.councils}


def test_a_district_split_between_councils_is_resolved_by_the_full_postcode(table):
    # RH6: Gatwick Airport is in Crawley (West Sussex); Horley in Reigate and Banstead (Surrey).
    district = look_up(table, "RH6")
    assert district.kind == "choose"
    assert {table.council_of(c) for c in district.codes} == {"E10000032", "E10000030"}
    assert council(table, "RH6 0NP") == "E10000032"  # Gatwick South Terminal
    assert council(table, "RH6 7DN") == "E10000030"  # Horley
    # TW6: Heathrow Airport is in Hillingdon, though the district reaches Hounslow and Surrey.
    assert look_up(table, "TW6").kind == "choose"
    assert council(table, "TW6 1EW") == "E09000017"


def test_a_sector_split_between_councils_asks_for_the_full_postcode(table):
    # AL5 3, Harpenden, is mostly St Albans (Hertfordshire), partly Central Bedfordshire.
    sector = look_up(table, "AL5 3")
    assert sector.kind == "choose"
    assert {table.council_of(c) for c in sector.codes} == {"E10000015", "E06000056"}
    assert council(table, "AL5 3AB") == "E10000015"  # in Harpenden itself
    # A unit the table does not list, in a split sector, is not guessed.
    missing = look_up(table, "AL5 3AC")  # C is never a unit's second letter
    assert missing.kind == "not-found"
    assert set(missing.codes) == set(sector.codes)


def test_two_tier_districts_name_the_district_and_lead_to_the_county(table):
    answer = look_up(table, "CM20 1WG")  # Harlow Civic Centre
    assert [table.district_name(c) for c in answer.codes] == ["Harlow"]
    assert council(table, "CM20 1WG") == "E10000012"  # Essex County Council
    assert table.district_name(look_up(table, "CM24 1QW").codes[0]) == "Uttlesford"  # Stansted Airport
    assert table.district_name("E09000033") == ""  # a London borough runs its own care


def test_a_district_whose_parts_share_one_council_needs_no_full_postcode(table):
    # CM17 reaches into Harlow, Epping Forest and Uttlesford: all three in Essex.
    answer = look_up(table, "CM17")
    assert answer.kind == "found"
    assert len(answer.codes) > 1
    assert {table.council_of(c) for c in answer.codes} == {"E10000012"}


@pytest.mark.parametrize(
    "typed, nation",
    [
        ("CF10 3RB", "wales"),  # Cardiff Castle
        ("LL11 1AY", "wales"),  # Wrexham
        ("EH99 1SP", "scotland"),  # the Scottish Parliament
        ("EH1 2NG", "scotland"),  # Edinburgh Castle
        ("BT1 5GS", "northern-ireland"),  # Belfast City Hall
        ("JE2 4WE", "channel-islands"),
        ("IM1 3PW", "isle-of-man"),
    ],
)
def test_postcodes_outside_england_name_their_nation(table, typed, nation):
    answer = look_up(table, typed)
    assert (answer.kind, answer.codes) == ("found", (nation,))


def test_border_districts_reach_into_two_nations(table):
    assert set(look_up(table, "CH4").codes) == {"E06000050", "wales"}  # Chester and Flintshire
    assert set(look_up(table, "TD15").codes) == {"E06000057", "scotland"}
    assert council(table, "CH1 2HJ") == "E06000050"  # Chester Town Hall


@pytest.mark.parametrize("typed", ["sw1a2aa", "SW1A2AA", "  sw1a   2aa ", "Sw1A 2aA", "\tSW1A 2AA\n"])
def test_case_and_spaces_do_not_matter(table, typed):
    assert council(table, typed) == "E09000033"
    assert look_up(table, typed).postcode == "SW1A 2AA"


def test_a_sector_is_read_as_one_whether_or_not_it_has_its_space(table):
    # CH48 is a district of the Wirral; "CH4 8" is a sector of CH4 (Chester and Wales).
    assert council(table, "CH48") == "E08000015"
    assert look_up(table, "CH4 8").postcode == "CH4 8"
    assert look_up(table, "RH68").postcode == "RH6 8"  # there is no RH68
    assert council(table, "RH68") == "E10000030"


@pytest.mark.parametrize(
    "typed", ["", "   ", "hello", "12345", "SW1A 2A", "SW1A 2AAA", "S 1AA", "1AA SW1A", "SW1A-2AA"]
)
def test_malformed_input_is_said_to_be(table, typed):
    assert look_up(table, typed).kind == "malformed"
    assert read_postcode(typed) is None


@pytest.mark.parametrize("typed", ["QZ1 1AA", "ZZ99 9ZZ", "AA1", "SW1A 7AA", "ZZ1"])
def test_a_postcode_district_or_sector_that_does_not_exist_is_unknown(table, typed):
    assert look_up(table, typed).kind == "unknown"


def test_the_table_names_its_edition_and_is_small(table):
    from generator.postcodes import DEFAULT_TABLE

    assert "ONS Postcode Directory" in table.edition
    assert DEFAULT_TABLE.stat().st_size < 1_000_000
    assert len(table.districts) > 2_900  # every UK postcode district in use


# --- The table's format and its builder, on made-up rows --------------------------------


def test_units_are_written_by_first_letter():
    units = {"AA", "AB", "AD", "BA", "ZZ"}
    assert written_units(units) == "AabdBaZz"
    assert units_of("AabdBaZz") == units


def test_the_builder_groups_by_district_then_sector_then_unit(tmp_path):
    rows = [
        ("QA1 1AA", "E06000023"),  # QA1: all Bristol
        ("QA1 2AB", "E06000023"),
        ("QA2 1AA", "E06000023"),  # QA2 1: Bristol; QA2 2: split with Harlow, a two-tier district
        ("QA2 2AA", "E06000023"),
        ("QA2 2BD", "E07000073"),
        ("QA3 1AA", "W06000015"),  # QA3: Wales
        ("QA4 1AA", None),  # no district: left out
    ]
    counties = {"E07000073": ("E10000012", "Harlow")}
    lines = table_lines(rows, load_register(), counties)
    assert lines == [
        "@district E07000073 E10000012 Harlow",
        "QA1 E06000023",
        "QA2 1 E06000023",
        "QA2 2 E06000023:Aa E07000073:Bd",
        "QA3 wales",
    ]
    target = tmp_path / "t.txt.gz"
    write_table(lines, "made up", target)
    text = gzip.decompress(target.read_bytes()).decode()
    assert "Open Government Licence" in text
    made = parse_table(text)
    assert made.edition == "made up"
    assert [made.council_of(c) for c in look_up(made, "qa2 2bd").codes] == ["E10000012"]
    assert look_up(made, "QA2 2").kind == "choose"
    write_table(lines, "made up", tmp_path / "again.txt.gz")
    assert (tmp_path / "again.txt.gz").read_bytes() == target.read_bytes()  # no timestamp


def test_the_builder_refuses_a_district_that_leads_to_no_council():
    with pytest.raises(SystemExit, match="E07000999"):
        table_lines([("QA1 1AA", "E07000999")], load_register(), {})


def test_a_table_without_an_edition_or_with_a_bad_line_names_the_line():
    with pytest.raises(TableError, match="edition"):
        parse_table("QA1 E06000023\n")
    with pytest.raises(TableError, match=r"t\.txt:3: 'Q1X1' is not a postcode district"):
        parse_table("@edition x\nQA1 E06000023\nQ1X1 E06000023\n", "t.txt")
