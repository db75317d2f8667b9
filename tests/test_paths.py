"""`import`, `check` and `new` take a folder however it is written (absolute, relative,
`./`, a trailing slash, through a symbolic link) from whatever folder they are run in, and
name files as the person named them, or relative to the working folder."""

import shutil
from pathlib import Path

import pytest

from generator.__main__ import main

# Two councils of the register with made-up scores (fictional, for the test only).
RESULTS = (
    "gss_code,name,published,assessing-needs,healthier-lives,equity,care-provision,partnerships,"
    "safe-systems,safeguarding,governance,learning\n"
    "E06000001,Hartlepool Borough Council,2025-01-10,3,3,3,3,3,3,3,3,3\n"
    "E06000023,Bristol City Council,2025-01-10,2,2,2,3,2,2,2,2,2\n"
)


@pytest.fixture(scope="module")
def made_site(tmp_path_factory) -> Path:
    """A `new` site, made once and copied for each test."""
    site = tmp_path_factory.mktemp("made") / "mysite"
    assert main(["new", str(site)]) == 0
    return site


@pytest.fixture
def place(tmp_path, made_site, capsys) -> Path:
    """A folder holding mysite (a copy of the new site), results.csv, a link to the site's
    content folder and an unrelated folder beside them."""
    shutil.copytree(made_site, tmp_path / "mysite")
    (tmp_path / "results.csv").write_text(RESULTS)
    (tmp_path / "link").symlink_to(tmp_path / "mysite" / "content")
    (tmp_path / "elsewhere").mkdir()
    capsys.readouterr()
    return tmp_path


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


# (working folder, content folder as typed), the working folder relative to the place.
FORMS = {
    "absolute, from the site's parent": (".", "{place}/mysite/content"),
    "absolute with a trailing slash": (".", "{place}/mysite/content/"),
    "absolute, from an unrelated folder": ("elsewhere", "{place}/mysite/content"),
    "absolute, from the root folder": ("/", "{place}/mysite/content"),
    "relative": (".", "mysite/content"),
    "relative with ./": (".", "./mysite/content"),
    "relative with a trailing slash": (".", "mysite/content/"),
    "relative, through ..": ("elsewhere", "../mysite/content"),
    "the councils folder, absolute": (".", "{place}/mysite/content/councils"),
    "through a symbolic link": (".", "link"),
    "through a symbolic link, absolute": ("elsewhere", "{place}/link/"),
}


@pytest.mark.parametrize("form", FORMS)
def test_import_writes_the_files_and_a_second_run_changes_nothing(place, capsys, monkeypatch, form):
    cwd, typed = FORMS[form]
    monkeypatch.chdir(place / cwd if cwd != "/" else "/")
    target = typed.format(place=place)
    code, out, err = run(capsys, "import", place / "results.csv", target)
    assert (code, err) == (0, ""), err
    assert "2 files written" in out
    hartlepool = (place / "mysite" / "content" / "councils" / "hartlepool.yml").read_text()
    assert "published: 2025-01-10" in hartlepool and hartlepool.count("score: 3") == 9
    code, out, err = run(capsys, "import", place / "results.csv", target)
    assert (code, err) == (0, "") and "No changes: the content already matches" in out
    code, out, err = run(capsys, "check", target)
    assert (code, out.strip()) == (0, "153 councils checked: no errors, 0 warnings"), err


@pytest.mark.parametrize(
    "cwd, typed, shown",
    [
        (".", "mysite/content", "mysite/content/councils/hartlepool.yml"),
        (".", "./mysite/content/", "mysite/content/councils/hartlepool.yml"),
        (".", "{place}/mysite/content", "mysite/content/councils/hartlepool.yml"),  # inside the working folder
        ("mysite", "{place}/mysite/content", "content/councils/hartlepool.yml"),
        ("elsewhere", "../mysite/content", "../mysite/content/councils/hartlepool.yml"),
        ("elsewhere", "{place}/mysite/content", "{place}/mysite/content/councils/hartlepool.yml"),
        (".", "link/", "link/councils/hartlepool.yml"),  # the link's name, not where it leads
    ],
)
def test_a_problem_names_the_file_as_the_person_named_it(place, capsys, monkeypatch, cwd, typed, shown):
    monkeypatch.chdir(place / cwd)
    hartlepool = place / "mysite" / "content" / "councils" / "hartlepool.yml"
    hartlepool.write_text(hartlepool.read_text().replace("region: north-east", "region: north-easy"))
    code, _, err = run(capsys, "check", typed.format(place=place))
    assert code == 1
    assert f"{shown.format(place=place)}:7:9: region: unknown region 'north-easy'" in err


@pytest.mark.parametrize("typed", ["{place}/fresh", "fresh", "./fresh/", "{place}/elsewhere/../fresh"])
def test_new_makes_a_site_that_checks_and_imports_whatever_the_folder_is_called(place, capsys, monkeypatch, typed):
    monkeypatch.chdir(place)
    folder = typed.format(place=place)
    code, out, err = run(capsys, "new", folder)
    assert (code, err) == (0, "") and "153 of them council files" in out
    assert (place / "fresh" / "content" / "councils" / "hartlepool.yml").is_file()
    content = folder.rstrip("/") + "/content"
    code, out, err = run(capsys, "import", "results.csv", content)
    assert (code, err) == (0, "") and "2 files written" in out
