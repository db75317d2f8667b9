"""Spreadsheet import: create, update, never touch narrative, all-or-nothing, idempotent."""

import shutil
from pathlib import Path

from generator.__main__ import main
from generator.framework import load_framework
from generator.importer import import_columns
from generator.importer import import_table as import_csv
from generator.loader import load_councils
from generator.problems import ContentError

from .conftest import ROOT, TODAY

FW = load_framework()
# A spreadsheet without a framework column, as most are: each row's is the one in force on its date.
HEADER = ",".join(c for c in import_columns(FW) if c != "framework")


def csv_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "results.csv"
    path.write_text(HEADER + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def content_copy(tmp_path: Path, *slugs: str) -> Path:
    councils = tmp_path / "councils"
    councils.mkdir()
    for slug in slugs:
        shutil.copy(ROOT / "content" / "councils" / f"{slug}.yml", councils / f"{slug}.yml")
    return councils


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


NEW_ROW = "E06000950,Brightwater Council,,unitary,south-east,2025-10-01,2025-07-01,,good,,3,3,3,2,3,3,2,3,2"


def test_creates_a_new_council(tmp_path):
    councils = content_copy(tmp_path, "northvale")
    result = import_csv(csv_file(tmp_path, NEW_ROW), councils, FW, TODAY)
    assert [p.name for p in result.written] == ["brightwater-council.yml"]
    council = next(c for c in load_councils(councils, FW, TODAY).councils if c.slug == "brightwater-council")
    assert council.gss_code == "E06000950" and council.region == "south-east"
    assert council.current.scores["care-provision"] == 2
    assert any("created Brightwater Council (E06000950)" in line for line in result.changes)


def test_adds_an_assessment_and_keeps_narrative_and_comments(tmp_path):
    councils = content_copy(tmp_path, "northvale")
    before = (councils / "northvale.yml").read_text()
    row = "E06000901,Northvale Council,northvale,unitary,north-east,2026-01-10,,,,,3,3,3,3,3,3,3,3,3"
    result = import_csv(csv_file(tmp_path, row), councils, FW, TODAY)
    after = (councils / "northvale.yml").read_text()
    assert after.startswith("# Fictional example council")  # the comment survives
    # Every line of the old file is still there, in order: nothing was deleted or rewritten.
    remaining = iter(after.splitlines())
    assert all(line in remaining for line in before.splitlines())  # an in-order subsequence
    council = load_councils(councils, FW, TODAY).councils[0]
    assert [a.published.isoformat() for a in council.assessments] == ["2026-01-10", "2025-06-01"]
    assert council.previous[0].summary.startswith("Northvale Council gives most people")
    assert result.changes == [f"{councils}/northvale.yml: added the assessment published 2026-01-10"]


def test_updates_scores_of_the_same_date_without_touching_findings(tmp_path):
    councils = content_copy(tmp_path, "northvale")
    row = "E06000901,Northvale Council,northvale,unitary,north-east,2025-06-01,2025-03-14,,good,,3,3,3,3,3,2,2,3,2"
    result = import_csv(csv_file(tmp_path, row), councils, FW, TODAY)
    council = load_councils(councils, FW, TODAY).councils[0]
    assert council.current.scores["assessing-needs"] == 3
    assert council.current.assessed.isoformat() == "2025-03-14"
    assert council.current.statements["assessing-needs"].findings.startswith("Around 400 people")
    assert len(council.assessments) == 1
    assert sorted(result.changes) == sorted(
        [
            f"{councils}/northvale.yml: assessment 2025-06-01: assessed 2025-03-12 → 2025-03-14",
            f"{councils}/northvale.yml: assessment 2025-06-01: assessing-needs 2 → 3",
        ]
    )


def test_a_bad_row_writes_nothing(tmp_path):
    councils = content_copy(tmp_path, "northvale")
    before = snapshot(councils)
    path = csv_file(
        tmp_path,
        NEW_ROW,
        "E06000901,Northvale Council,northvale,unitary,north-east,2025-06-01,,,,,3,3,3,3,3,3,3,3,9",
        "E0600090,Bad Code,,unitary,north-east,2025-13-01,,,,,3,3,3,3,3,3,3,3,3",
    )
    try:
        import_csv(path, councils, FW, TODAY)
    except ContentError as exc:
        messages = [str(p).replace(str(tmp_path) + "/", "") for p in exc.problems]
    else:
        raise AssertionError("expected the import to fail")
    assert (
        "results.csv:3:19: learning: score must be a whole number from 1 to 4; leave it blank to keep the score "
        "there is, or write '-' for not scored; found '9'" in messages
    )
    assert (
        "results.csv:4:1: gss_code: 'E0600090' is not an English council GSS code "
        "(E06, E08, E09 or E10 then six digits)" in messages
    )
    assert (
        "results.csv:4:6: published: '2025-13-01' is not a date: there is no month 13 (months are 1 to 12)" in messages
    )
    assert snapshot(councils) == before


def test_a_rating_that_disagrees_writes_nothing(tmp_path):
    councils = content_copy(tmp_path, "northvale")
    before = snapshot(councils)
    row = "E06000901,Northvale Council,northvale,unitary,north-east,2025-06-01,,,,,1,1,1,1,1,1,1,1,1"
    try:
        import_csv(csv_file(tmp_path, row), councils, FW, TODAY)
    except ContentError as exc:
        assert "declared rating 'good' disagrees with the scores" in str(exc)
    else:
        raise AssertionError("expected the import to fail")
    assert snapshot(councils) == before


def test_unknown_column_is_reported(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text(HEADER.replace("assessing-needs", "assesing-needs") + "\n")
    try:
        import_csv(path, content_copy(tmp_path), FW, TODAY)
    except ContentError as exc:
        assert "assesing-needs: unknown column; did you mean 'assessing-needs'?" in str(exc)
    else:
        raise AssertionError("expected the import to fail")


def test_importing_twice_changes_nothing_the_second_time(tmp_path, capsys):
    councils = content_copy(tmp_path, "northvale", "southmoor")
    path = csv_file(
        tmp_path, NEW_ROW, "E06000901,Northvale Council,northvale,unitary,north-east,2026-01-10,,,,,3,3,3,3,3,3,3,3,3"
    )
    first = import_csv(path, councils, FW, TODAY)
    assert len(first.written) == 2
    after_first = snapshot(councils)
    second = import_csv(path, councils, FW, TODAY)
    assert second.written == [] and second.changes == []
    assert snapshot(councils) == after_first


def test_import_command_reports_and_exits(tmp_path, capsys, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    councils = content_copy(content, "northvale")
    monkeypatch.chdir(tmp_path)
    path = csv_file(
        tmp_path, "E06000901,Northvale Council,northvale,unitary,north-east,2025-06-01,,,,,3,x,3,3,3,3,3,3,3"
    )
    before = snapshot(councils)
    assert main(["import", str(path), str(content)]) == 1
    err = capsys.readouterr().err
    assert "results.csv:2:12: healthier-lives: score must be a whole number from 1 to 4" in err
    assert "Nothing was written." in err and "Traceback" not in err
    assert snapshot(councils) == before
