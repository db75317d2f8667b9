"""Importing results as people write them into a `new` site: the headers and words they
type, another list's slugs, and every problem of a workbook reported in one run.
The councils are the register's; every score here is made up for the test."""

import shutil
from pathlib import Path

import pytest

from generator.__main__ import main

STATEMENTS = [
    "assessing-needs",
    "healthier-lives",
    "equity",
    "care-provision",
    "partnerships",
    "safe-systems",
    "safeguarding",
    "governance",
    "learning",
]


@pytest.fixture(scope="module")
def made_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("made") / "mysite"
    assert main(["new", str(site)]) == 0
    return site


@pytest.fixture
def content(tmp_path, made_site, capsys, monkeypatch) -> Path:
    """A copy of the new site's content folder, from the folder it is in."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(made_site, tmp_path / "mysite")
    capsys.readouterr()
    return tmp_path / "mysite" / "content"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def council(content: Path, slug: str) -> str:
    return (content / "councils" / f"{slug}.yml").read_text()


def test_another_lists_slug_for_a_council_is_one_warning_and_the_address_stays(tmp_path, content, capsys):
    csv = tmp_path / "results.csv"
    csv.write_text(
        "gss_code,name,slug,published," + ",".join(STATEMENTS) + "\n"
        'E06000023,"Bristol, City of",bristol-city-of,2025-01-10,2,2,2,3,2,2,2,2,2\n'
        "E06000001,Hartlepool Borough Council,hartlepool,2025-01-10,3,3,3,3,3,3,3,3,3\n"
    )
    code, out, err = run(capsys, "import", csv, content)
    assert code == 0, err
    assert "2 files written" in out
    warnings = err.strip().splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("results.csv:2:3: slug: warning: Bristol City Council is 'bristol' in the content")
    assert "its address stays /bristol/" in warnings[0]
    assert "published: 2025-01-10" in council(content, "bristol")
    assert not (content / "councils" / "bristol-city-of.yml").exists()
    code, out, err = run(capsys, "import", csv, content)
    assert code == 0 and "No changes" in out and len(err.strip().splitlines()) == 1


# A workbook as a person makes one: the headers they type, ratings in the framework's own
# words, statements headed by their names in any case.
NATURAL_HEADER = [
    "Council",
    "Date of publication",
    "Overall rating",
    "Report link",
    "ASSESSING NEEDS",
    "Supporting people to live healthier lives",
    "equity in experience and outcomes",
    "Care provision, integration and continuity",
    "Partnerships and communities",
    "Safe systems, pathways and transitions",
    "Safeguarding",
    "Governance, management and sustainability",
    "Learning, improvement and innovation",
]
GOOD, REQUIRES_IMPROVEMENT = [3] * 9, [2] * 9  # 27 of 36 is 75%, good; 18 of 36 is 50%
REPORT = "https://www.cqc.org.uk/care-services/local-authority-assessments"


def workbook(path: Path, header: list[str], rows: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def natural_rows(**wrong) -> list[list]:
    """Four rows; `wrong` puts a mistake in some: name=, score=, date=."""
    return [
        ["Hartlepool Borough Council", "2025-01-10", "Good", REPORT, *GOOD],
        [
            wrong.get("name", "Darlington Borough Council"),
            "2025-01-17",
            "Requires Improvement",
            "",
            *REQUIRES_IMPROVEMENT,
        ],
        [
            "Stockton-on-Tees Borough Council",
            "2025-01-24",
            "requires improvement",
            "",
            *REQUIRES_IMPROVEMENT[:8],
            wrong.get("score", 2),
        ],
        ["Middlesbrough Council", wrong.get("date", "2025-01-31"), "GOOD", "", *GOOD],
    ]


def test_a_workbook_with_four_kinds_of_mistake_reports_all_four_in_one_run(tmp_path, content, capsys):
    header = [*NATURAL_HEADER[:5], "healthier-live", *NATURAL_HEADER[6:]]
    rows = natural_rows(name="Darlingtn Borough Council", score=5, date="31/02/2025")
    before = {p.name: p.read_bytes() for p in (content / "councils").iterdir()}
    code, out, err = run(capsys, "import", workbook(tmp_path / "results.xlsx", header, rows), content)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[-1] == "Nothing was written."
    problems = lines[:-1]
    assert len(problems) == 4, err
    assert problems[0].startswith(
        "results.xlsx:1:6: healthier-live: unknown column (column F); did you mean 'healthier-lives'?"
    )
    assert "Its cells are not checked (the columns: gss_code, name, slug," in problems[0]
    assert problems[1].startswith("results.xlsx:3:1: name: no council is called 'Darlingtn Borough Council'")
    assert problems[2].startswith("results.xlsx:4:13: learning: score must be a whole number from 1 to 4")
    assert problems[3] == (
        "results.xlsx:5:2: published: '31/02/2025' is not a date: 31 February 2025 does not exist "
        "(February 2025 has 28 days)"
    )
    assert {p.name: p.read_bytes() for p in (content / "councils").iterdir()} == before

    code, out, err = run(capsys, "import", workbook(tmp_path / "fixed.xlsx", NATURAL_HEADER, natural_rows()), content)
    assert (code, err) == (0, ""), err
    assert "4 files written" in out and "4 assessments added" in out
    hartlepool = council(content, "hartlepool")
    assert f"report_url: {REPORT}\n" in hartlepool and hartlepool.count("score: 3") == 9
    # A rating the scores give is not written out: the file says what it must.
    assert "rating:" not in hartlepool and "rating:" not in council(content, "darlington")
    assert "score: 2" in council(content, "stockton-on-tees") and "published: 2025-01-31" in council(
        content, "middlesbrough"
    )


@pytest.mark.parametrize(
    "header, field",
    [
        ("Date of publication", "published"),
        ("Publication date", "published"),
        ("Overall rating", "rating"),
        ("Rating", "rating"),
        ("Report", "report_url"),
        ("Report link", "report_url"),
        ("Link to report", "report_url"),
        ("Local authority", "name"),
        ("supporting people to live healthier lives", "healthier-lives"),
        ("SAFEGUARDING", "safeguarding"),
    ],
)
def test_headers_people_type_are_read_as_their_column(tmp_path, content, capsys, header, field):
    columns = {"name": "Hartlepool Borough Council", "published": "2025-01-10", **dict.fromkeys(STATEMENTS, "3")}
    columns[field] = {"rating": "good", "report_url": REPORT, "healthier-lives": "3", "safeguarding": "3"}.get(
        field, columns.get(field)
    )
    names = {field: header}
    (tmp_path / "results.csv").write_text(
        ",".join(f'"{names.get(k, k)}"' for k in columns) + "\n" + ",".join(f'"{v}"' for v in columns.values()) + "\n"
    )
    code, out, err = run(capsys, "import", tmp_path / "results.csv", content)
    assert (code, err) == (0, ""), err
    text = council(content, "hartlepool")
    assert "published: 2025-01-10" in text and text.count("score: 3") == 9
    if field == "report_url":
        assert f"report_url: {REPORT}\n" in text


@pytest.mark.parametrize("words", ["Requires improvement", "Requires Improvement", "REQUIRES IMPROVEMENT"])
def test_a_rating_in_the_frameworks_own_words_is_that_rating(tmp_path, content, capsys, words):
    # All 3s give good: a rating of requires improvement disagrees, and says so in the ids' words.
    (tmp_path / "results.csv").write_text(
        "name,published,rating,"
        + ",".join(STATEMENTS)
        + f"\nHartlepool Borough Council,2025-01-10,{words},"
        + ",".join(["3"] * 9)
        + "\n"
    )
    code, _, err = run(capsys, "import", tmp_path / "results.csv", content)
    assert code == 1 and "unknown rating" not in err
    assert "results.csv:2:3: rating: declared rating 'requires-improvement' disagrees with the scores" in err
    (tmp_path / "results.csv").write_text(
        "name,published,rating,"
        + ",".join(STATEMENTS)
        + f"\nHartlepool Borough Council,2025-01-10,{words},"
        + ",".join(["2"] * 9)
        + "\n"
    )
    code, _, err = run(capsys, "import", tmp_path / "results.csv", content)
    assert (code, err) == (0, ""), err


@pytest.mark.parametrize(
    "slip, council_name",
    [
        ("Wolverhamton City Council", "City of Wolverhampton Council"),
        ("Darlingtn", "Darlington Borough Council"),
        ("Sheffeild City Council", "Sheffield City Council"),
        ("London Borough of Camdem", "London Borough of Camden"),
        ("Kingston upon Hul", "Hull City Council"),  # the register's ONS name is "Kingston upon Hull, City of"
    ],
)
def test_a_misspelt_council_name_suggests_the_right_council_first(tmp_path, content, capsys, slip, council_name):
    (tmp_path / "results.csv").write_text(f"name,published,equity\n{slip},2025-01-10,3\n")
    code, _, err = run(capsys, "import", tmp_path / "results.csv", content)
    assert code == 1
    assert f"results.csv:2:1: name: no council is called '{slip}'" in err
    nearest = err.split("; the nearest: ")[1].splitlines()[0].split(", ")
    assert nearest[0] == council_name


def test_written_files_have_no_trailing_spaces_and_web_addresses_on_one_line(tmp_path, content, capsys):
    long_address = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/" + "a" * 120 + ".pdf"
    (tmp_path / "results.csv").write_text(
        "name,published,report_url," + ",".join(STATEMENTS) + "\n"
        f"Hartlepool Borough Council,2025-01-10,{long_address}," + ",".join(["3"] * 9) + "\n"
        f"Darlington Borough Council,2025-01-10,{REPORT}," + ",".join(["2"] * 9) + "\n"
    )
    code, _, err = run(capsys, "import", tmp_path / "results.csv", content)
    assert (code, err) == (0, ""), err
    for slug, address in (("hartlepool", long_address), ("darlington", REPORT)):
        lines = council(content, slug).splitlines()
        assert f"    report_url: {address}" in lines
        assert [line for line in lines if line != line.rstrip()] == []


def test_a_council_new_to_the_content_keeps_the_registers_address_whatever_the_slug_cell(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "results.csv").write_text(
        "gss_code,slug,published,"
        + ",".join(STATEMENTS)
        + "\nE06000023,bristol-city-of,2025-01-10,"
        + ",".join(["2"] * 9)
        + "\n"
    )
    code, out, err = run(capsys, "import", "results.csv", "fresh", "--create")
    assert code == 0 and "1 council created" in out
    assert err.strip() == (
        "results.csv:2:2: slug: warning: Bristol City Council is 'bristol' in the register of councils, not "
        "'bristol-city-of': its address stays /bristol/ (to change it, rename its file and add the old slug to "
        "previous_slugs)"
    )
    assert sorted(p.name for p in (tmp_path / "fresh" / "councils").iterdir()) == ["bristol.yml"]
