"""`import`, `check` and `new` take a folder however it is written (absolute, relative,
`./`, a trailing slash, through a symbolic link) from whatever folder they are run in, and
name files as the person named them, or relative to the working folder."""

import shutil
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.framework import load_framework
from generator.register import load_register

from .conftest import fill_in_yours

STATEMENTS = [s.id for s in load_framework().statements]
REGISTER = load_register()


def results_of_73() -> str:
    """73 councils of the register with made-up scores (test data only, nobody's findings),
    with a slug column as published lists have it: Bristol's is `bristol-city-of` there,
    `bristol` in the register and so in a `new` site."""
    bristol = next(c for c in REGISTER.councils if c.slug == "bristol")
    chosen = [bristol, *[c for c in REGISTER.councils if c is not bristol][::2][:72]]
    lines = [",".join(["gss_code", "name", "slug", "published", *STATEMENTS])]
    for i, c in enumerate(chosen):
        slug = "bristol-city-of" if c is bristol else c.slug
        scores = [str(1 + (i + j) % 4) for j in range(len(STATEMENTS))]
        lines.append(",".join([c.gss_code, f'"{c.name}"', slug, "2025-06-02", *scores]))
    return "\n".join(lines) + "\n"


RESULTS = results_of_73()


@pytest.fixture(scope="module")
def made_site(tmp_path_factory) -> Path:
    """A `new` site, made once and copied for each test."""
    site = tmp_path_factory.mktemp("made") / "mysite"
    assert main(["new", str(site)]) == 0
    fill_in_yours(site / "site.yml")
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
    "absolute with a trailing slash, from the site's parent": (".", "{place}/mysite/content/"),
    "absolute, from an unrelated folder": ("elsewhere", "{place}/mysite/content"),
    "absolute, from the root folder": ("/", "{place}/mysite/content"),
    "relative": (".", "mysite/content"),
    "relative with ./": (".", "./mysite/content"),
    "relative, through ..": ("elsewhere", "../mysite/content"),
    "through a symbolic link": (".", "link"),
    "through a symbolic link, absolute": ("elsewhere", "{place}/link/"),
}


@pytest.mark.parametrize("form", FORMS)
def test_import_writes_the_files_and_a_second_run_changes_nothing(place, capsys, monkeypatch, form):
    cwd, typed = FORMS[form]
    monkeypatch.chdir(place / cwd if cwd != "/" else "/")
    target = typed.format(place=place)
    code, out, err = run(capsys, "import", place / "results.csv", target)
    assert code == 0, err
    assert "73 files written" in out and "73 assessments added" in out
    assert len(err.splitlines()) == 1  # Bristol's slug: the address stays
    assert "slug: warning: Bristol City Council is 'bristol' in the content, not 'bristol-city-of'" in err
    bristol = (place / "mysite" / "content" / "councils" / "bristol.yml").read_text()
    assert "published: 2025-06-02" in bristol
    code, again, err_again = run(capsys, "import", place / "results.csv", target)
    assert code == 0 and "No changes: the content already matches" in again and err_again == err


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
        ("/", "{place}/mysite/content", "{place}/mysite/content/councils/hartlepool.yml"),
    ],
)
def test_a_problem_names_the_file_as_the_person_named_it(place, capsys, monkeypatch, cwd, typed, shown):
    monkeypatch.chdir(place / cwd if cwd != "/" else "/")
    hartlepool = place / "mysite" / "content" / "councils" / "hartlepool.yml"
    hartlepool.write_text(hartlepool.read_text().replace("region: north-east", "region: north-easy"))
    code, _, err = run(capsys, "check", typed.format(place=place))
    assert code == 1
    assert f"{shown.format(place=place)}:7:9: region: unknown region 'north-easy'" in err


@pytest.mark.parametrize("typed", ["{place}/fresh", "./fresh/", "{place}/elsewhere/../fresh"])
def test_new_makes_a_site_that_checks_and_imports_whatever_the_folder_is_called(place, capsys, monkeypatch, typed):
    monkeypatch.chdir(place)
    folder = typed.format(place=place)
    code, out, err = run(capsys, "new", folder)
    assert (code, err) == (0, "") and "153 of them council files" in out
    assert (place / "fresh" / "content" / "councils" / "hartlepool.yml").is_file()
    content = folder.rstrip("/") + "/content"
    code, out, err = run(capsys, "import", "results.csv", content)
    assert code == 0 and "73 files written" in out and "bristol-city-of" in err
