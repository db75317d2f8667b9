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
