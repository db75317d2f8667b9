"""Assessments under more than one framework: each read, shown and compared under its own,
never set point by point against another's; the example site's fictional revised framework."""

import csv
import io
import json
import re
import sqlite3
from datetime import date

import pytest

from generator import model
from generator.__main__ import main
from generator.importer import import_columns
from generator.importer import import_table as import_csv
from generator.loader import load_councils, read_council
from generator.problems import ContentError

from .conftest import EXAMPLE_FRAMEWORKS, ROOT, TODAY

FRAMEWORKS = EXAMPLE_FRAMEWORKS
REVISED = FRAMEWORKS.of("revised-example")


def council_file(*assessments: str) -> bytes:
    head = "name: Testby Council\ngss_code: E06000950\ntype: unitary\nregion: north-east\nassessments:\n"
    return (head + "".join(assessments)).encode()


OLD = "  - published: 2025-05-01\n    statements:\n      equity: {score: 3}\n"
REVISED_ONE = (
    "  - published: 2026-01-02\n    framework: revised-example\n    rating: good\n"
    "    statements:\n      carers: {score: 3}\n"
)


def problems_of(raw: bytes) -> list[str]:
    try:
        read_council(raw, "testby.yml", "testby", FRAMEWORKS, TODAY)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    council, notes = read_council(raw, "testby.yml", "testby", FRAMEWORKS, TODAY)
    return [str(p) for p in notes if p.is_error] if council is None else []


def test_each_assessment_is_read_under_its_own_framework_or_the_one_in_force_on_its_date():
    council, _ = read_council(council_file(REVISED_ONE, OLD), "testby.yml", "testby", FRAMEWORKS, TODAY)
    assert [a.framework for a in council.assessments] == ["revised-example", "cqc-local-authority"]
    # Left out, the framework is the one in force on the date: the revised one from 2025-12-01.
    undated = "  - published: 2025-12-20\n    rating: good\n    statements:\n      carers: {score: 3}\n"
    council, _ = read_council(council_file(undated), "testby.yml", "testby", FRAMEWORKS, TODAY)
    assert council.current.framework == "revised-example"
    named_old = (
        "  - published: 2025-12-20\n    framework: cqc-local-authority\n    statements:\n      equity: {score: 3}\n"
    )
    council, _ = read_council(council_file(named_old), "testby.yml", "testby", FRAMEWORKS, TODAY)
    assert council.current.framework == "cqc-local-authority"


@pytest.mark.parametrize(
    "assessment, expected",
    [
        (
            OLD.replace("    statements:", "    framework: revised-exampel\n    statements:"),
            "testby.yml:7:16: assessments[0].framework: unknown framework 'revised-exampel'; "
            "did you mean 'revised-example'?",
        ),
        (
            REVISED_ONE.replace("carers: {score: 3}", "equity: {score: 3}"),
            "testby.yml:10:7: assessments[0].statements.equity: unknown quality statement",
        ),
        (
            REVISED_ONE.replace("    rating: good\n", ""),
            "testby.yml:6:5: assessments[0].rating: required under revised-example, whose rating the regulator "
            "declares: one of inadequate, requires-improvement, good, outstanding",
        ),
        (
            REVISED_ONE.replace("rating: good", "rating: excellent"),
            "testby.yml:8:13: assessments[0].rating: unknown rating 'excellent'",
        ),
        (
            OLD.replace("    statements:", "    next_expected: 2024\n    statements:"),
            "testby.yml:7:20: assessments[0].next_expected: next_expected 2024 is before the year it was published, "
            "2025",
        ),
    ],
    ids=[
        "unknown framework",
        "statement of another framework",
        "declared rating missing",
        "rating not its own",
        "next expected before published",
    ],
)
def test_an_assessment_that_does_not_fit_its_framework_is_rejected_at_its_line(assessment, expected):
    found = problems_of(council_file(assessment))
    assert any(p.startswith(expected) for p in found), found


def test_a_declared_rating_is_the_regulators_judgement_with_no_percentage_or_sub_ratings():
    council, _ = read_council(council_file(REVISED_ONE), "testby.yml", "testby", FRAMEWORKS, TODAY)
    result = model.overall_result(council.current, REVISED)
    assert (result.rating.id, result.percent, result.position) == ("good", None, None)
    assert set(model.theme_results(council.current.scores, REVISED).values()) == {None}


def page_text(site, path: str) -> str:
    html = (site / path / "index.html").read_text()
    html = re.sub(r"<script.*?</script>|<svg.*?</svg>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


@pytest.mark.parametrize(
    "slug, words",
    [
        ("marshfield", "up from requires improvement to good"),
        ("ashcombe", "down from outstanding to good"),
        ("westbrook", "unchanged at good"),
    ],
)
def test_a_council_under_two_frameworks_shows_both_and_only_the_ratings_change(example_site, slug, words):
    text = page_text(example_site, f"councils/{slug}")
    assert "has been assessed under 2 frameworks" in text and "not directly comparable" in text
    assert f"set side by side, the single-word rating is {words}" in text
    # No change of scores across frameworks: no "then and now" table, no percentage change.
    assert "Statement scores, then and now" not in text
    assert "judged by the regulator" in text and "How this rating was reached" in text
    # The earlier assessment keeps its own rating, score and statement scores, labelled.
    assert "Under the 2023 assessment framework" in text
    assert "Statement scores published" in text and "under the 2023 assessment framework" in text


def test_within_one_framework_the_change_is_shown_as_before(example_site):
    text = page_text(example_site, "councils/southmoor")
    assert "Statement scores, then and now" in text and "assessed under 2 frameworks" not in text


def test_comparison_pages_never_mix_frameworks_and_link_to_each_other(example_site):
    site_page = (example_site / "compare" / "index.html").read_text()
    revised_page = (example_site / "compare" / "frameworks" / "revised-example" / "index.html").read_text()
    # /compare/ has every council's latest assessment under the 2023 framework: Marshfield's is 39.
    marshfield_row = re.search(r'<tr data-region="east-of-england"[^>]*>.*?</tr>', site_page, flags=re.S).group(0)
    assert "Marshfield County Council" in marshfield_row and "<td>39</td>" in marshfield_row
    # The revised framework's page: its three councils, its statements, no score out of 100.
    rows = re.findall(r"<tr data-region=", revised_page)
    assert len(rows) == 3
    assert "Needs met, choices respected" in revised_page and "Assessing needs" not in revised_page
    assert "Score out of 100" not in revised_page and "Next expected" in revised_page
    assert "Marshfield County Council: good, judged by the regulator" in revised_page  # its hex on the map
    assert "None out of 100" not in revised_page
    assert 'href="../../../compare/"' in revised_page and 'href="../compare/frameworks/revised-example/"' in site_page
    # Its own statement pages; no theme pages, as it has no theme sub-ratings.
    assert (example_site / "compare/frameworks/revised-example/statements/carers/index.html").is_file()
    assert not (example_site / "compare/frameworks/revised-example/themes").exists()
    # The 2023 statement page links a re-assessed council to the page of the assessment it counts.
    statement = (example_site / "compare" / "statements" / "equity" / "index.html").read_text()
    assert "councils/marshfield/2025-02-27/#equity" in statement
    assert "councils/marshfield/#equity" not in statement


def test_the_home_page_counts_each_frameworks_councils(example_site):
    text = page_text(example_site, "")
    assert "Councils have been assessed under 2 frameworks" in text
    # Each framework by the one name every page gives it.
    # Under the 2023 framework: every example council but Thornbury Heath, not yet assessed (11), the
    # three since re-assessed under the revised framework included; 7 of them current.
    assert "2023 assessment framework : 11 councils assessed under it; 7 of the current formal ratings above" in text
    assert "revised framework (example) : 3 councils assessed under it; 3 of the current formal ratings above" in text


def test_open_data_names_every_assessments_framework(example_site):
    rows = list(csv.DictReader(io.StringIO((example_site / "data/assessments-all.csv").read_text(), newline="")))
    marshfield = [r for r in rows if r["slug"] == "marshfield"]
    assert [(r["framework"], r["rating"], r["score_out_of_100"]) for r in marshfield] == [
        ("revised-example", "good", ""),
        ("cqc-local-authority", "requires-improvement", "39"),
    ]
    assert marshfield[0]["carers"] == "2" and marshfield[0]["equity"] == ""  # each row fills its own framework's
    data = json.loads((example_site / "councils/marshfield/data.json").read_text())
    assert [a["framework"] for a in data["assessments"]] == ["revised-example", "cqc-local-authority"]
    assert set(data["assessments"][0]["statements"]) == {s.id for s in REVISED.statements}
    assert data["assessments"][0]["next_expected"] == 2029
    feed = (example_site / "feed.xml").read_text()
    assert 'term="revised-example"' in feed and 'term="cqc-local-authority"' in feed
    db = sqlite3.connect(f"file:{example_site / 'data/assessments.sqlite'}?mode=ro", uri=True)
    try:
        assert db.execute("SELECT id, rule FROM frameworks ORDER BY id").fetchall() == [
            ("cqc-local-authority", "bands"),
            ("revised-example", "declared"),
        ]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()
    badge = (example_site / "councils/marshfield/badge.svg").read_text()
    assert 'data-framework="revised-example"' in badge and "Judged by the regulator" in badge


def test_import_checks_each_row_against_its_framework(tmp_path):
    councils = tmp_path / "councils"
    councils.mkdir()
    header = "gss_code,name,type,region,published,framework,rating,assessing-needs,carers\n"
    # A revised-framework row scoring a 2023 statement; a row with no framework dated after the
    # revised one came into force, scoring a 2023 statement.
    bad = header + "E06000950,Testby Council,unitary,north-east,2026-01-02,revised-example,good,3,3\n"
    bad += "E06000951,Otherby Council,unitary,north-east,2026-01-03,,,3,\n"
    (tmp_path / "bad.csv").write_text(bad)
    with pytest.raises(ContentError) as caught:
        import_csv(tmp_path / "bad.csv", councils, FRAMEWORKS, TODAY)
    found = [str(p) for p in caught.value.problems]
    assert any(
        p.endswith(
            "bad.csv:2:8: assessing-needs: revised-example has no quality statement "
            "'assessing-needs': leave the cell blank for this row"
        )
        for p in found
    ), found
    assert any("bad.csv:3:8: assessing-needs: revised-example has no quality statement" in p for p in found), found
    assert list(councils.iterdir()) == []  # nothing written
    good = header + "E06000950,Testby Council,unitary,north-east,2026-01-02,cqc-local-authority,,3,\n"
    good += "E06000951,Otherby Council,unitary,north-east,2026-01-03,,good,,3\n"
    (tmp_path / "good.csv").write_text(good)
    import_csv(tmp_path / "good.csv", councils, FRAMEWORKS, TODAY)
    # The framework is written only where it is not the one in force on the date.
    assert "framework: cqc-local-authority" in (councils / "testby-council.yml").read_text()
    assert "framework:" not in (councils / "otherby-council.yml").read_text()
    read = {c.slug: c.current for c in load_councils(councils, FRAMEWORKS, TODAY).councils}
    assert read["testby-council"].framework == "cqc-local-authority"
    assert (read["otherby-council"].framework, read["otherby-council"].declared_rating) == ("revised-example", "good")


def test_the_csv_has_every_frameworks_statements_once_and_a_framework_column():
    columns = import_columns(FRAMEWORKS)
    assert columns.count("safeguarding") == 1  # in both frameworks: one column, each row its own
    assert "framework" in columns and {s.id for f in FRAMEWORKS.all for s in f.statements} <= set(columns)


def test_check_reports_an_assessment_under_an_unknown_framework(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "councils").mkdir(parents=True)
    (content / "councils" / "testby.yml").write_bytes(council_file(REVISED_ONE))
    assert main(["check", str(content)]) == 1  # no content/frameworks here: the revised one is unknown
    assert "assessments[0].framework: unknown framework 'revised-example'" in capsys.readouterr().err
    (content / "frameworks").mkdir()
    (content / "frameworks" / "revised-example.yml").write_bytes(
        (ROOT / "content" / "frameworks" / "revised-example.yml").read_bytes()
    )
    assert main(["check", str(content)]) == 0


def test_the_framework_in_force_is_the_latest_begun_and_not_replaced():
    assert FRAMEWORKS.in_force_on(date(2025, 11, 30)).id == "cqc-local-authority"
    assert FRAMEWORKS.in_force_on(date(2025, 12, 1)).id == "revised-example"
    assert FRAMEWORKS.in_force_on(date(2020, 1, 1)) is FRAMEWORKS.site  # before any came into force


def test_a_site_whose_own_framework_declares_its_ratings_builds_and_explains_it(tmp_path):
    from .conftest import build_site, copy_site_sources
    from .test_build import broken_links

    site_yml = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    site_yml.write_text(
        site_yml.read_text().replace(
            "  - council-ratings:\n", "  - council-ratings:\n      framework: revised-example\n"
        )
    )
    result = build_site(site_yml, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    # The revised framework now leads at /compare/; the bundled one has its own pages.
    assert len(re.findall(r"<tr data-region=", (site / "compare" / "index.html").read_text())) == 3
    assert (site / "compare" / "frameworks" / "cqc-local-authority" / "themes" / "leadership" / "index.html").is_file()
    about = page_text(site, "about-the-ratings")
    assert "the rating is declared by the regulator" in about and "Rating bands" not in about
    assert "Other frameworks on this site" in about and "Local authority assessment of adult social care" in about
    assert broken_links(site) == []  # the bundled framework's pages, two folders deeper, link up too
