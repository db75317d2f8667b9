"""`check`: every problem, with its file, line, column, field and a clear message."""

import csv
import io
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.__main__ import main
from generator.framework import load_framework
from generator.loader import load_councils, read_council
from generator.opendata import assessments_csv
from generator.pages import SiteInfo
from generator.problems import ContentError

from .conftest import EXAMPLE_FRAMEWORKS, ROOT, TODAY

FW = load_framework()

GOOD = """\
name: Northvale Council
gss_code: E06000901
type: unitary
region: north-east
assessments:
  - published: 2025-06-01
    assessed: 2025-03-12
    rating: good
    summary: Text.
    statements:
      assessing-needs: {score: 2, findings: x}
      healthier-lives: {score: 3, findings: x}
      equity: {score: 3, findings: x}
      care-provision: {score: 3, findings: x}
      partnerships: {score: 3, findings: x}
      safe-systems: {score: 2, findings: x}
      safeguarding: {score: 2, findings: x}
      governance: {score: 3, findings: x}
      learning: {score: 2, findings: x}
"""


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    councils = tmp_path / "councils"
    councils.mkdir(exist_ok=True)
    for name, text in files.items():
        data = text if isinstance(text, bytes) else text.encode()
        (councils / name).write_bytes(data)
    try:
        content = load_councils(councils, FW, TODAY)
    except ContentError as exc:
        return [str(p).replace(str(councils) + "/", "") for p in exc.problems]
    return [str(p).replace(str(councils) + "/", "") for p in content.warnings]


def with_change(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_good_file_has_no_problems(tmp_path):
    assert problems_for(tmp_path, {"northvale.yml": GOOD}) == []


CASES = [
    (
        "yaml syntax",
        GOOD.replace("type: unitary", "type: [unitary"),
        "northvale.yml:4:7: (file): YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
    ),
    (
        "wrong type",
        with_change("name: Northvale Council", "name: [Northvale]"),
        "northvale.yml:1:7: name: expected text, found a list",
    ),
    ("missing field", with_change("region: north-east\n", ""), "northvale.yml:1:1: region: required field is missing"),
    (
        "unknown field",
        with_change("region: north-east", "region: north-east\nwebsit: https://x.org"),
        "northvale.yml:5:1: websit: unknown field; did you mean 'website'? (the fields here: name, gss_code, type, "
        "region, website, places, previous_slugs, context, assessments)",
    ),
    (
        "score out of range",
        with_change("equity: {score: 3", "equity: {score: 5"),
        "northvale.yml:13:23: assessments[0].statements.equity.score: score must be from 1 to 4, found 5",
    ),
    (
        "score not whole",
        with_change("equity: {score: 3", "equity: {score: 2.5"),
        "northvale.yml:13:23: assessments[0].statements.equity.score: "
        "score must be a whole number from 1 to 4, found 2.5",
    ),
    (
        "unknown statement",
        with_change("assessing-needs:", "assesing-needs:"),
        "northvale.yml:11:7: assessments[0].statements.assesing-needs: unknown quality statement; "
        "did you mean 'assessing-needs'? (one of: assessing-needs, healthier-lives, equity, care-provision, "
        "partnerships, safe-systems, safeguarding, governance, learning)",
    ),
    (
        "unknown theme",
        with_change("    statements:", "    themes: {leadrship: Text}\n    statements:"),
        "northvale.yml:10:14: assessments[0].themes.leadrship: unknown theme; did you mean 'leadership'? "
        "(one of: working-with-people, providing-support, ensuring-safety, leadership)",
    ),
    (
        "unknown region",
        with_change("region: north-east", "region: north-eats"),
        "northvale.yml:4:9: region: unknown region 'north-eats'; did you mean 'north-east'?",
    ),
    (
        "unknown type",
        with_change("type: unitary", "type: unitry"),
        "northvale.yml:3:7: type: unknown council type 'unitry'; did you mean 'unitary'?",
    ),
    (
        "malformed gss",
        with_change("E06000901", "E0600901"),
        "northvale.yml:2:11: gss_code: 'E0600901' is not an English council GSS code "
        "(E06, E08, E09 or E10 then six digits)",
    ),
    (
        "gss prefix against type",
        with_change("E06000901", "E10000901"),
        "northvale.yml:2:11: gss_code: code E10000901 does not match type 'unitary', whose codes begin E06",
    ),
    (
        "unparseable date",
        with_change("published: 2025-06-01", "published: 1 June 2025"),
        "northvale.yml:6:16: assessments[0].published: not a date: write it as YYYY-MM-DD, for example 2026-01-15",
    ),
    (
        "a day the month does not have",
        with_change("published: 2025-06-01", "published: 2025-02-31"),
        "northvale.yml:6:16: assessments[0].published: 31 February 2025 does not exist (February 2025 has 28 days)",
    ),
    (
        "impossible date",
        with_change("published: 2025-06-01", "published: 2025-13-45"),
        "northvale.yml:6:16: assessments[0].published: there is no month 13 (months are 1 to 12)",
    ),
    (
        "future date",
        with_change("published: 2025-06-01", "published: 2027-06-01"),
        "northvale.yml:6:16: assessments[0].published: date 2027-06-01 is in the future",
    ),
    (
        "assessed after published",
        with_change("assessed: 2025-03-12", "assessed: 2025-07-12"),
        "northvale.yml:7:15: assessments[0].assessed: assessed 2025-07-12 is after published 2025-06-01",
    ),
    (
        "rating disagrees",
        with_change("rating: good", "rating: outstanding"),
        "northvale.yml:8:13: assessments[0].rating: declared rating 'outstanding' disagrees with the scores: "
        "they total 23 of 36 = 63.9%, which rounds to 64, so the rating is 'good' (63–87)",
    ),
    (
        "duplicate published",
        GOOD + "  - published: 2025-06-01\n    statements: {equity: {score: 2, findings: x}}\n",
        "northvale.yml:20:16: assessments[1].published: two assessments published on 2025-06-01 "
        "(the other is assessments[0])",
    ),
    (
        "nothing scored",
        GOOD.replace("    rating: good\n", "").split("    statements:")[0]
        + "    statements:\n      equity: {findings: x}\n",
        "northvale.yml:10:7: assessments[0].statements: no quality statement is scored; score at least one from 1 to 4",
    ),
    (
        "non-mapping file",
        "- just\n- a list\n",
        "northvale.yml:1:1: (file): the file must be a mapping of fields (name: …), found a list",
    ),
    ("empty file", "# nothing here\n", "northvale.yml:1:1: (file): the file is empty"),
    (
        "not utf-8",
        GOOD.encode().replace(b"Northvale Council", b"Northv\xe4le Council"),
        "northvale.yml:1:13: (file): the file is not UTF-8 text; save it as UTF-8",
    ),
    (
        "previous slug not a slug",
        with_change("region: north-east\n", "region: north-east\nprevious_slugs: [Old Northvale]\n"),
        "northvale.yml:5:18: previous_slugs[0]: 'Old Northvale' is not a slug (lower-case letters, digits and hyphens)",
    ),
    (
        "previous slug is its own",
        with_change("region: north-east\n", "region: north-east\nprevious_slugs: [old-northvale, northvale]\n"),
        "northvale.yml:5:33: previous_slugs[1]: 'northvale' is this council's own slug",
    ),
    (
        "previous slug twice",
        with_change("region: north-east\n", "region: north-east\nprevious_slugs:\n  - old\n  - old\n"),
        "northvale.yml:7:5: previous_slugs[1]: 'old' is listed twice",
    ),
    (
        "field given twice",
        with_change("type: unitary", "type: unitary\ntype: county"),
        "northvale.yml:4:1: type: field given twice (first on line 3)",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_its_position(tmp_path, case, text, expected):
    assert expected in problems_for(tmp_path, {"northvale.yml": text})


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = with_change("region: north-east", "region: north-eats")
    text = text.replace("equity: {score: 3", "equity: {score: 7").replace("assessing-needs:", "assesing-needs:")
    found = problems_for(tmp_path, {"northvale.yml": text, "southmoor.yml": with_change("unitary", "unitry")})
    assert len([p for p in found if "warning" not in p]) == 4
    assert any(p.startswith("southmoor.yml:3:7: type:") for p in found)


def test_duplicate_gss_codes_name_both_files(tmp_path):
    found = problems_for(tmp_path, {"northvale.yml": GOOD, "southmoor.yml": GOOD})
    assert found == ["southmoor.yml:2:11: gss_code: GSS code E06000901 is also used by northvale.yml"]


def test_duplicate_slugs(tmp_path):
    found = problems_for(tmp_path, {"northvale.yml": GOOD, "northvale.yaml": with_change("E06000901", "E06000902")})
    assert found == ["northvale.yml:1:1: (file): duplicate slug 'northvale': northvale.yaml has the same name"]


def test_bad_slug(tmp_path):
    assert problems_for(tmp_path, {"North Vale.yml": GOOD})[0].startswith(
        "North Vale.yml:1:1: (file): file name 'North Vale' is not a valid slug"
    )


def test_warnings_are_not_errors(tmp_path):
    text = with_change("    summary: Text.\n", "").replace("equity: {score: 3, findings: x}", "equity: {score: 3}")
    assert problems_for(tmp_path, {"northvale.yml": text}) == [
        "northvale.yml:12:15: assessments[0].statements.equity: warning: scored statement has no findings, "
        "as others have",
    ]


def test_scores_without_any_narrative_are_a_score_only_assessment(tmp_path):
    """Scores alone, as an import of a spreadsheet writes them: no warnings at all."""
    text = re.sub(r", findings: x", "", with_change("    summary: Text.\n", ""))
    assert "findings" not in text and "summary" not in text
    assert problems_for(tmp_path, {"northvale.yml": text}) == []


def test_not_yet_assessed_is_valid(tmp_path):
    text = GOOD.split("assessments:")[0] + "assessments: []\n"
    assert problems_for(tmp_path, {"northvale.yml": text}) == []


def test_check_command_exit_codes_and_output(tmp_path, capsys):
    (tmp_path / "councils").mkdir()
    (tmp_path / "councils" / "northvale.yml").write_text(with_change("type: unitary", "type: unitry"))
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "northvale.yml:3:7: type: unknown council type 'unitry'; did you mean 'unitary'?" in err
    assert "Traceback" not in err
    assert main(["check", str(ROOT / "content")]) == 0


def test_example_content_passes_check():
    content = load_councils(ROOT / "content" / "councils", EXAMPLE_FRAMEWORKS)
    assert len(content.councils) == 12
    assert content.warnings == []


# --- property-based: random YAML-shaped input never escapes as anything but ContentError

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=False), st.text(max_size=20), st.dates()
)
keys = st.sampled_from(
    [
        "name",
        "gss_code",
        "type",
        "region",
        "assessments",
        "published",
        "statements",
        "score",
        "findings",
        "equity",
        "rating",
        "kind",
        "context",
        "population",
        "places",
        "themes",
        "assessed",
        "summary",
        "leadership",
        "x",
    ]
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=8))
def test_random_yaml_shaped_input_only_raises_content_error(data):
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    try:
        read_council(raw, "random.yml", "random", FW, TODAY)
    except ContentError as exc:
        assert exc.errors


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes_only_raise_content_error(raw):
    try:
        read_council(raw, "random.yml", "random", FW, TODAY)
    except ContentError as exc:
        assert exc.errors


def test_good_text_reads_back():
    council, warnings = read_council(textwrap.dedent(GOOD).encode(), "n.yml", "northvale", FW, TODAY)
    assert council.current.statements["equity"].score == 3 and warnings == []


def test_many_files_read_across_cores_give_the_same_councils_and_problems(tmp_path, monkeypatch):
    # Large folders are read in worker processes; what comes back must be what one process
    # finds: the same councils in the same order, and every problem with its position.
    from generator import loader

    files = {f"council-{i:02d}.yml": GOOD.replace("E06000901", f"E06000{900 + i}") for i in range(12)}
    files["council-03.yml"] = with_change("region: north-east", "region: north-eats")
    files["council-07.yml"] = with_change("equity: {score: 3", "equity: {score: 7")
    serial = problems_for(tmp_path, files)
    good = {name: text for name, text in files.items() if name not in ("council-03.yml", "council-07.yml")}
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    monkeypatch.setattr(loader.os, "cpu_count", lambda: 2)
    assert problems_for(tmp_path, files) == serial
    assert len(serial) == 2 and "council-03.yml:4:9: region" in serial[0] and "council-07.yml" in serial[1]
    for name in ("council-03.yml", "council-07.yml"):
        (tmp_path / "councils" / name).unlink()
    in_parallel = load_councils(tmp_path / "councils", FW, TODAY)
    monkeypatch.setattr(loader, "PARALLEL_FROM", 1000)
    assert in_parallel == load_councils(tmp_path / "councils", FW, TODAY)
    assert [c.slug for c in in_parallel.councils] == sorted(name.removesuffix(".yml") for name in good)


EVIDENCE_AND_CONTEXT = (
    GOOD.replace(
        "assessments:\n",
        """context:
  population: 312000
  population_year: 2023
  adults_long_term_support: 5600
  deprivation: {average_score: 27.6, rank: 38, edition: English Indices of Deprivation 2019}
  finance: {year: 2024-25, spend_per_adult: 447, precept_raised: true, precept_percent: 2}
assessments:
""",
    )
    + """    evidence:
      fieldwork_from: 2025-03-03
      fieldwork_to: 2025-03-14
      cases_tracked: 6
      heard_from: {people: 24, carers: 11}
      surveys:
        - {name: Adult Social Care Survey, from: 2023-04-01, to: 2024-03-31}
      categories:
        assessing-needs: [people, processes]
      team: {assessors: 4, social_work_professional: true, experts_by_experience: false}
      factual_accuracy: {sent: 2025-04-28, returned: 2025-05-09, report_changed: true}
"""
)


def test_evidence_and_context_are_read_as_written(tmp_path):
    council, warnings = read_council(EVIDENCE_AND_CONTEXT.encode(), "n.yml", "northvale", FW, TODAY)
    assert warnings == []
    evidence = council.current.evidence
    assert evidence.cases_tracked == 6 and evidence.heard_from.people == 24 and evidence.heard_from.staff is None
    assert evidence.surveys[0].name == "Adult Social Care Survey" and evidence.surveys[0].period_to.year == 2024
    assert evidence.categories == {"assessing-needs": ("people", "processes")}
    assert evidence.team.experts_by_experience is False and evidence.factual_accuracy.report_changed is True
    assert council.context.deprivation.rank == 38 and council.context.finance.precept_percent == 2
    assert council.context.finance.year == "2024-25"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "cases_tracked: 6",
            "cases_tracked: -6",
            "assessments[0].evidence.cases_tracked: expected a whole number of 0 or more",
        ),
        ("carers: 11", "carers: -1", "assessments[0].evidence.heard_from.carers: expected a whole number of 0 or more"),
        (
            "carers: 11",
            "carers: 11, residents: 5",
            "assessments[0].evidence.heard_from.residents: unknown field (the fields here: people, carers, staff, "
            "leaders, partners)",
        ),
        (
            "rank: 38",
            "rank: 0",
            "context.deprivation.rank: expected a rank, a whole number from 1 (the most deprived), found 0",
        ),
        (
            "to: 2024-03-31",
            "to: 2022-03-31",
            "assessments[0].evidence.surveys[0].to: to 2022-03-31 is before from 2023-04-01",
        ),
        (
            "fieldwork_to: 2025-03-14",
            "fieldwork_to: 2025-02-14",
            "fieldwork_to: fieldwork_to 2025-02-14 is before fieldwork_from",
        ),
        (
            "precept_percent: 2",
            "precept_percent: 140",
            "context.finance.precept_percent: expected a percentage from 0 to 100, found 140",
        ),
        ("[people, processes]", "[people, observation]", "unknown evidence category 'observation'"),
        (
            "assessing-needs: [people",
            "assesing-needs: [people",
            "unknown quality statement; did you mean 'assessing-needs'?",
        ),
        ("social_work_professional: true", "social_work_professional: maybe", "expected true or false, found text"),
        (
            "population_year: 2023",
            "population_year: 2031",
            "context.population_year: expected a year from 1900 to 2026",
        ),
    ],
)
def test_bad_evidence_and_context_values_are_errors_at_their_place(tmp_path, old, new, expected):
    assert old in EVIDENCE_AND_CONTEXT
    text = EVIDENCE_AND_CONTEXT.replace(old, new, 1)
    problems = problems_for(tmp_path, {"northvale.yml": text})
    assert len(problems) == 1 and expected in problems[0], problems
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if new in row)
    assert problems[0].startswith(f"northvale.yml:{line}:"), problems


def test_a_misspelt_statement_gives_no_rating_advice_that_fixing_it_would_change(tmp_path):
    # Read in full, the scores total 23 of 36 (64%): good, as declared. Without the misspelt
    # statement's 4 they would total 19 of 32 (59%), requires improvement: advice that is wrong.
    scores = GOOD.replace("equity: {score: 3", "equity: {score: 2")
    misspelt = scores.replace("healthier-lives: {score: 3", "healthier-live: {score: 4")
    problems = problems_for(tmp_path, {"northvale.yml": misspelt})
    assert len(problems) == 1, problems
    assert problems[0].startswith("northvale.yml:12:7: assessments[0].statements.healthier-live: unknown quality")
    fixed = misspelt.replace("healthier-live:", "healthier-lives:")
    assert problems_for(tmp_path, {"northvale.yml": fixed}) == []
    # With every statement read, a rating the scores do not give is still said, with its working.
    disagrees = fixed.replace("rating: good", "rating: requires-improvement")
    assert problems_for(tmp_path, {"northvale.yml": disagrees}) == [
        "northvale.yml:8:13: assessments[0].rating: declared rating 'requires-improvement' disagrees with the "
        "scores: they total 23 of 36 = 63.9%, which rounds to 64, so the rating is 'good' (63–87)"
    ]


@pytest.mark.parametrize("first", ["=", "+", "-", "@"])
def test_a_name_a_spreadsheet_would_read_as_a_formula_is_a_warning_and_kept_exactly(tmp_path, first):
    text = GOOD.replace("name: Northvale Council", f"name: '{first}Northvale Council'")
    assert problems_for(tmp_path, {"northvale.yml": text}) == [
        f"northvale.yml:1:7: name: warning: begins with '{first}': the CSV downloads keep it exactly, and a "
        "spreadsheet opening them may read it as a formula; if it is not meant, take the character out"
    ]
    councils = load_councils(tmp_path / "councils", FW, TODAY).councils
    site = SiteInfo("https://example.org/", "A site", "A publisher", FW.regulator, example_data=True)
    rows = list(csv.DictReader(io.StringIO(assessments_csv(councils, FW, site))))
    assert [row["name"] for row in rows] == [f"{first}Northvale Council"]  # exactly, nothing added


def test_the_data_page_tells_spreadsheet_users_the_csv_values_are_exact(example_site):
    page = " ".join((example_site / "data" / "index.html").read_text().split())
    assert "Every value in the CSV files is exactly as published, with nothing added for spreadsheets." in page
    assert "<code>=</code>, <code>+</code>, <code>-</code> or <code>@</code> as a formula" in page
