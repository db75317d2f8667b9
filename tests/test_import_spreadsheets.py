"""Spreadsheets and hand-written files at the first try: each case here once lost or
misplaced content, or stopped a new user."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.loader import load_councils
from generator.register import load_register

from .conftest import EXAMPLE_FRAMEWORKS, ROOT, build_site, copy_site_sources, fill_in_yours

FRAMEWORKS = EXAMPLE_FRAMEWORKS
FW = FRAMEWORKS.site
REGISTER = load_register()
STATEMENTS = [s.id for s in FW.statements]
SCORES = ",".join(["3"] * 9)  # 27 of 36 = 75: good


def content_folder(tmp_path: Path, *slugs: str) -> Path:
    content = tmp_path / "content"
    (content / "councils").mkdir(parents=True)
    for slug in slugs:
        shutil.copy(ROOT / "content" / "councils" / f"{slug}.yml", content / "councils" / f"{slug}.yml")
    shutil.copytree(ROOT / "content" / "frameworks", content / "frameworks")  # the example's revised framework
    return content


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


HEADER = "gss_code,name,type,region,published," + ",".join(STATEMENTS)
NEW = f"E06000950,Brightwater Council,unitary,south-east,2025-10-01,{SCORES}\n"


# --- The folder people point at ------------------------------------------------------


def test_import_writes_where_the_council_files_are_from_either_folder(tmp_path, capsys):
    csv = write(tmp_path / "results.csv", HEADER + "\n" + NEW)
    for target in ("content", "content/councils"):
        content = content_folder(tmp_path / target.replace("/", "-"), "northvale")
        folder = content if target == "content" else content / "councils"
        code, out, _ = run(capsys, "import", csv, folder)
        assert code == 0, out
        assert (content / "councils" / "brightwater-council.yml").is_file()
        assert not (content / "councils" / "councils").exists()
        assert "1 file written" in out


def test_a_mistyped_folder_is_an_error_and_never_made(tmp_path, capsys):
    csv = write(tmp_path / "results.csv", HEADER + "\n" + NEW)
    code, _, err = run(capsys, "import", csv, tmp_path / "contnet")
    assert code == 1 and "contnet: folder not found" in err and "--create" in err
    assert not (tmp_path / "contnet").exists()
    code, out, _ = run(capsys, "import", csv, tmp_path / "fresh", "--create")
    assert code == 0 and (tmp_path / "fresh" / "councils" / "brightwater-council.yml").is_file()


def test_check_takes_the_content_folder_the_councils_folder_or_single_files(tmp_path, capsys):
    content = content_folder(tmp_path, "northvale", "westbrook")
    for target in (content, content / "councils"):
        code, out, err = run(capsys, "check", target)
        assert (code, out.strip()) == (0, "2 councils checked: no errors, 0 warnings"), err
    code, out, _ = run(capsys, "check", content / "councils" / "northvale.yml")
    assert (code, out.strip()) == (0, "1 council checked: no errors, 0 warnings")
    code, _, err = run(capsys, "check", tmp_path / "nowhere")
    assert code == 1 and "nowhere: folder not found" in err


def test_help_lists_the_commands_there_are(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    commands = [
        line.split()[0]
        for line in out.split("command\n", 1)[1].split("\n\n")[0].splitlines()
        if line.startswith("    ") and not line.startswith("     ")
    ]
    assert {"new", "check", "import", "schema"} <= set(commands) and "build" not in out


# --- Score-only content --------------------------------------------------------------


def test_scores_without_narrative_build_strictly_with_no_warnings(tmp_path, capsys):
    site = tmp_path / "site-src"
    site.mkdir()
    config = copy_site_sources(site, ROOT / "content" / "councils")
    csv = write(tmp_path / "results.csv", HEADER + "\n" + NEW)
    code, out, err = run(capsys, "import", csv, site / "content")
    assert code == 0 and "warning" not in err, err
    hexjson = site / "content" / "hexmap.hexjson"
    hexjson.write_text(hexjson.read_text().replace('"hexes": {', '"hexes": {\n    "E06000950": {"q": 9, "r": 9},'))
    result = build_site(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower()


def test_a_repeated_warning_is_one_line_unless_verbose(tmp_path, capsys):
    content = content_folder(tmp_path, "westbrook")
    path = content / "councils" / "westbrook.yml"
    text = path.read_text()
    for words in (
        "Preventive services are good",
        "Transitions and hospital",
        "Partnerships with the NHS",
        "The council acts",
    ):
        start = text.index(words)
        text = text[:start] + text[text.index("\n", start) :].lstrip(" ")  # the first line of findings, gone
    path.write_text(text.replace("findings: |\n\n", "findings: ''\n"))
    code, out, err = run(capsys, "check", content)
    lines = [ln for ln in err.splitlines() if "no findings" in ln]
    # Four statements lost their findings: more than three, so one line with the count and the first three.
    assert code == 0 and len(lines) == 1, err
    assert lines[0].startswith("warning: scored statement has no findings, as others have: 4 times, at ")
    assert lines[0].count("westbrook.yml:") == 3 and lines[0].endswith("… (--verbose lists every one)")
    code, out, verbose = run(capsys, "check", content, "--verbose")
    listed = [ln for ln in verbose.splitlines() if "no findings" in ln]
    assert code == 0 and [ln.split(": ")[1] for ln in listed] == [
        f"assessments[1].statements.{s}" for s in ("healthier-lives", "partnerships", "safe-systems", "learning")
    ]


# --- Dates and YAML ------------------------------------------------------------------


def council_text(assessment: str) -> str:
    return (
        "name: Northvale Council\ngss_code: E06000901\ntype: unitary\nregion: north-east\nassessments:\n" + assessment
    )


def test_a_quoted_date_is_a_date_and_an_impossible_one_is_not(tmp_path, capsys):
    content = content_folder(tmp_path)
    path = content / "councils" / "northvale.yml"
    path.write_text(council_text("  - published: '2025-09-13'\n    statements:\n      equity: {score: 3}\n"))
    assert run(capsys, "check", content)[0] == 0
    path.write_text(council_text("  - published: '2025-02-30'\n    statements:\n      equity: {score: 3}\n"))
    code, _, err = run(capsys, "check", content)
    assert code == 1 and "northvale.yml:6:16: assessments[0].published: 30 February 2025 does not exist" in err


def test_text_after_a_hash_is_a_warning_and_a_colon_says_how_to_quote(tmp_path, capsys):
    content = content_folder(tmp_path)
    path = content / "councils" / "northvale.yml"
    body = (
        "  - published: 2025-09-13\n    summary: Waiting list #1 priority\n    statements:\n      equity: {score: 3}\n"
    )
    path.write_text(council_text(body))
    code, _, err = run(capsys, "check", content)
    assert code == 0
    assert (
        "northvale.yml:7:14: assessments[0].summary: warning: '#1 priority' was read as a comment and left out "
        "of the text: write this text as a block with |" in err
    )
    path.write_text(council_text(body.replace("Waiting list #1 priority", "Note: waiting lists fell")))
    code, _, err = run(capsys, "check", content)
    assert code == 1 and "northvale.yml:7:18" in err and "put the whole text in quotes" in err


# --- Import that meets real spreadsheets ---------------------------------------------


def test_a_wrong_rating_for_a_new_council_is_placed_at_its_row_and_column(tmp_path, capsys):
    content = content_folder(tmp_path, "northvale")
    csv = write(
        tmp_path / "results.csv",
        "gss_code,name,type,region,published,rating," + ",".join(STATEMENTS) + "\n"
        f"E06000950,Gorsebrook Council,unitary,south-east,2025-10-01,outstanding,{SCORES}\n",
    )
    before = snapshot(content)
    code, _, err = run(capsys, "import", csv, content)
    assert code == 1
    assert "results.csv:2:6: rating: declared rating 'outstanding' disagrees with the scores" in err
    assert "gorsebrook" not in err  # no file of that name exists
    assert snapshot(content) == before


def test_an_error_in_an_existing_councils_row_names_the_row_and_the_file(tmp_path, capsys):
    content = content_folder(tmp_path, "northvale")
    csv = write(tmp_path / "results.csv", "gss_code,published,rating\nE06000901,2025-06-01,outstanding\n")
    code, _, err = run(capsys, "import", csv, content)
    assert code == 1 and "results.csv:2:3: rating: declared rating 'outstanding'" in err
    assert "(in " in err and "northvale.yml)" in err


def test_a_corrected_date_is_asked_about_not_added_as_a_second_assessment(tmp_path, capsys):
    content = content_folder(tmp_path, "westbrook")  # one assessment, published 2025-03-20
    csv = write(tmp_path / "results.csv", "gss_code,published,assessing-needs\nE06000902,2025-03-21,3\n")
    before = snapshot(content)
    code, _, err = run(capsys, "import", csv, content)
    assert code == 1 and "results.csv:2:2: published: Westbrook Council has an assessment published 2025-03-20" in err
    assert "--replace-date 2025-03-20" in err and snapshot(content) == before

    code, out, _ = run(capsys, "import", csv, content, "--replace-date", "2025-03-20")
    assert code == 0 and "published 2025-03-20 → 2025-03-21" in out
    council = load_councils(content / "councils", FRAMEWORKS).councils[0]
    # Its re-assessment under the revised framework stays as it was.
    assert [a.published.isoformat() for a in council.assessments] == ["2026-01-13", "2025-03-21"]
    assert council.assessments[1].scores["assessing-needs"] == 3
    assert council.assessments[1].summary.startswith("Westbrook Council is good")  # the narrative moved with it

    later = write(tmp_path / "later.csv", "gss_code,published,assessing-needs\nE06000902,2025-05-01,2\n")
    assert run(capsys, "import", later, content)[0] == 1
    assert run(capsys, "import", later, content, "--new-assessment")[0] == 0
    assert len(load_councils(content / "councils", FRAMEWORKS).councils[0].assessments) == 3  # with its re-assessment


def test_headers_delimiters_and_decimal_scores_as_spreadsheets_write_them(tmp_path, capsys):
    expected = None
    header = "GSS_Code;Name;Type;Region;Published;" + ";".join(s.replace("-", " ").title() for s in STATEMENTS)
    scores = ";".join(["3.0"] * 9)
    for name, text in {
        "semicolons.csv": f"{header}\nE06000950;Brightwater Council;unitary;south-east;2025-10-01;{scores}\n",
        "tabs.csv": (header + "\n").replace(";", "\t") + "E06000950\tBrightwater Council\tunitary\tsouth-east"
        "\t2025-10-01\t" + "\t".join(["3"] * 9) + "\n",
    }.items():
        content = content_folder(tmp_path / f"site-{name}")
        code, out, err = run(capsys, "import", write(tmp_path / name, text), content)
        assert code == 0, err
        written = (content / "councils" / "brightwater-council.yml").read_bytes()
        assert expected in (None, written)
        expected = written
    assert b"score: 3\n" in expected


def test_headers_as_people_write_them_council_and_statement_names(tmp_path, capsys):
    names = ",".join(f'"{s.name}"' for s in FW.statements)  # "Supporting people to live healthier lives"
    csv = write(tmp_path / "results.csv", f"Council,Date published,{names}\nWestbrook Council,2025-03-20,{SCORES}\n")
    content = content_folder(tmp_path, "westbrook")
    code, out, err = run(capsys, "import", csv, content)
    assert code == 0, err
    first_round = load_councils(content / "councils", FRAMEWORKS).councils[0].assessments[-1]
    assert first_round.scores["assessing-needs"] == 3
    assert "assessment 2025-03-20: assessing-needs 4 → 3" in out


def test_an_unknown_column_gets_a_suggestion(tmp_path, capsys):
    csv = write(tmp_path / "results.csv", "GSS code,pubished,equity\nE06000901,2025-06-01,3\n")
    code, _, err = run(capsys, "import", csv, content_folder(tmp_path, "northvale"))
    assert code == 1 and "results.csv:1:2: pubished: unknown column; did you mean 'published'?" in err
    code, _, err = run(capsys, "import", csv, tmp_path / "content", "--ignore-columns")
    # The misspelt column ignored, the date it meant to give is missing: still refused, nothing written.
    assert code == 1 and "unknown column" not in err
    assert err.endswith("results.csv:1:1: published: required column is missing\nNothing was written.\n"), err


def test_a_file_that_is_not_utf8_gets_advice(tmp_path, capsys):
    csv = write(tmp_path / "results.csv", "gss_code,name,published\nE06000950,Brìghtwater,2025-10-01\n", "latin-1")
    code, _, err = run(capsys, "import", csv, content_folder(tmp_path))
    assert code == 1 and "not UTF-8" in err and "CSV UTF-8" in err


@pytest.mark.parametrize(
    "name, code",
    [
        ("Durham", "E06000047"),
        ("County Durham", "E06000047"),
        ("Durham County Council", "E06000047"),
        ("Hartlepool Council", "E06000001"),
        ("Hartlepool Borough Council", "E06000001"),
        ("Telford and Wrekin", "E06000020"),
        ("Telford & Wrekin Council", "E06000020"),
        ("St. Helens", "E08000013"),
        ("St Helens Council", "E08000013"),
        ("Camden", "E09000007"),
        ("LB Camden", None),
        ("City of London", "E09000001"),
        ("Bristol, City of", "E06000023"),
        ("Kingston upon Hull", "E06000010"),
    ],
)
def test_rows_without_codes_are_matched_by_name(tmp_path, capsys, name, code):
    content = tmp_path / "mysite" / "content"
    main(["new", str(tmp_path / "mysite")])
    csv = write(tmp_path / "results.csv", f'name,published,{",".join(STATEMENTS)}\n"{name}",2025-10-01,{SCORES}\n')
    before = snapshot(content)
    result, out, err = run(capsys, "import", csv, content)
    if code is None:
        assert result == 1 and "no council is called 'LB Camden'" in err and "Nothing was written" in err
        assert snapshot(content) == before
        return
    assert result == 0, err
    [council] = [c for c in load_councils(content / "councils", FRAMEWORKS).councils if c.current]
    assert council.gss_code == code


def test_an_unknown_name_names_the_row_and_the_nearest_councils_and_writes_nothing(tmp_path, capsys):
    main(["new", str(tmp_path / "mysite")])
    content = tmp_path / "mysite" / "content"
    csv = write(tmp_path / "results.csv", "name,published,equity\nCamden,2025-10-01,3\nHarrowgate,2025-10-01,3\n")
    before = snapshot(content)
    code, _, err = run(capsys, "import", csv, content)
    assert code == 1 and "results.csv:3:1: name: no council is called 'Harrowgate'" in err and "Harrow" in err
    assert snapshot(content) == before


def test_blank_keeps_a_value_and_a_dash_clears_it(tmp_path, capsys):
    content = content_folder(tmp_path, "westbrook")
    path = content / "councils" / "westbrook.yml"
    header = "gss_code,published,assessed,report_url,rating,assessing-needs\n"
    code, out, _ = run(capsys, "import", write(tmp_path / "a.csv", header + "E06000902,2025-03-20,,,,\n"), content)
    assert code == 0 and "No changes" in out
    code, out, _ = run(capsys, "import", write(tmp_path / "b.csv", header + "E06000902,2025-03-20,-,-,,-\n"), content)
    assert code == 0 and "No changes" not in out and "1 file written" in out
    assert "assessed 2024-12-02 → (none)" in out and "assessing-needs 4 → not scored" in out
    current = load_councils(content / "councils", FRAMEWORKS).councils[0].assessments[-1]  # the 2025 one
    assert current.assessed is None and current.report_url is None and current.scores["assessing-needs"] is None
    assert "report_url" not in path.read_text()


def test_importing_the_sites_own_downloads_changes_nothing(tmp_path, capsys, example_site):
    site = tmp_path / "src"
    site.mkdir()
    copy_site_sources(site, ROOT / "content" / "councils")
    before = snapshot(site / "content")
    for download in ("assessments.csv", "assessments-all.csv"):
        code, out, err = run(capsys, "import", example_site / "data" / download, site / "content")
        assert code == 0, err
        assert "No changes" in out and "written" not in out
    assert snapshot(site / "content") == before


def test_line_endings_and_byte_order_mark_are_kept(tmp_path, capsys):
    content = content_folder(tmp_path, "northvale")
    path = content / "councils" / "northvale.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    csv = write(tmp_path / "results.csv", "gss_code,published,assessing-needs\nE06000901,2025-06-01,3\n")
    assert run(capsys, "import", csv, content)[0] == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")
    first_round = load_councils(content / "councils", FRAMEWORKS).councils[0].assessments[-1]
    assert first_round.scores["assessing-needs"] == 3


def test_plural_words(tmp_path, capsys):
    content = content_folder(tmp_path, "northvale")
    assert run(capsys, "check", content)[1].strip() == "1 council checked: no errors, 0 warnings"
    path = content / "councils" / "northvale.yml"
    path.write_text(path.read_text().replace("website: https://www.example.org/northvale", "website: x"))
    assert run(capsys, "check", content)[2].splitlines()[-1] == "1 error, 0 warnings"


# --- A real-sized spreadsheet --------------------------------------------------------


def results_rows(count: int) -> list[list[str]]:
    """Made-up scores for real council codes and names, as a spreadsheet might hold them:
    synthetic test data, never published and not anyone's findings. Some rows have no code,
    and names come in assorted styles."""
    rows = []
    for i, c in enumerate(REGISTER.councils[1::2][:count]):
        name = [c.name, c.short_name, c.ons_name, c.name.replace(" and ", " & ")][i % 4]
        code = "" if i % 3 == 0 else c.gss_code
        rows.append([code, name, "2025-06-02", *[str(1 + (i + j) % 4) for j in range(9)]])
    return rows


def test_a_73_row_spreadsheet_imports_the_same_from_csv_xlsx_and_either_folder(tmp_path, capsys):
    from openpyxl import Workbook

    header = ["GSS Code", "Council", "Published", *STATEMENTS]
    rows = results_rows(73)
    csv_text = "\n".join(",".join(f'"{v}"' if "," in v else v for v in row) for row in [header, *rows]) + "\n"
    write(tmp_path / "results.csv", csv_text.replace("Council,", "Name,", 1))
    book = Workbook()
    sheet = book.active
    sheet.append(["GSS Code", "Name", "Published", *STATEMENTS])
    for row in rows:
        sheet.append([row[0] or None, row[1], row[2], *[int(v) for v in row[3:]]])
    book.save(tmp_path / "results.xlsx")

    results = {}
    for source, target in (("results.csv", "content"), ("results.xlsx", "content"), ("results.csv", "councils")):
        site = tmp_path / f"{source}-{target}"
        main(["new", str(site)])
        capsys.readouterr()
        folder = site / "content" if target == "content" else site / "content" / "councils"
        code, out, err = run(capsys, "import", tmp_path / source, folder)
        assert code == 0, err
        assert len((out + err).splitlines()) < 20, out + err
        results[(source, target)] = snapshot(site / "content")
    assert len(set(map(lambda s: tuple(sorted(s.items())), results.values()))) == 1
    site = tmp_path / "results.csv-content"
    assessed = [c for c in load_councils(site / "content" / "councils", FRAMEWORKS).councils if c.current]
    assert len(assessed) == 73
    fill_in_yours(site / "site.yml")
    result = build_site(site / "site.yml", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_the_import_command_runs_as_a_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "import", "--help"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0 and "--replace-date" in result.stdout and "'-' clears it" in result.stdout
