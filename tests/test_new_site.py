"""A publisher's own site: `new`, the installed theme, the hex map, and ProperDocs."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.framework import load_framework
from generator.new_site import STARTER, unfilled_lines
from generator.register import load_register

from .conftest import ROOT, build_site, copy_site_sources, fill_in_yours
from .test_easy_read import read_page, sentences_in, words_of

REGISTER = load_register()
FW = load_framework()


def test_new_makes_a_site_of_every_council_not_yet_assessed(tmp_path, capsys):
    site = tmp_path / "mysite"
    assert main(["new", str(site)]) == 0
    files = sorted(p.name for p in (site / "content" / "councils").iterdir())
    assert files == sorted(f"{c.slug}.yml" for c in REGISTER.councils)
    camden = (site / "content" / "councils" / "camden.yml").read_text()
    assert "name: London Borough of Camden\ngss_code: E09000007\n" in camden and "assessments: []" in camden
    assert (site / "content" / "hexmap.hexjson").is_file()
    config = (site / "site.yml").read_text()
    assert (
        "name: council-ratings" in config
        and str(ROOT) not in config
        and "custom_dir: " not in config.replace("# custom_dir: ", "")
    )
    capsys.readouterr()
    assert main(["check", str(site / "content")]) == 0
    out = capsys.readouterr()
    assert "153 councils checked: no errors, 2 warnings" in out.out
    assert out.err.splitlines() == [
        f"{site}/site.yml:6:1: site_url: warning: still the new site's 'https://example.org/': fill in where the "
        "site will live: embed codes, citations and previews point there",
        f"{site}/site.yml:34:7: publisher: warning: still the new site's 'the publisher of this site': fill in "
        "your name, as every page's footer and the open data give it",
    ]
    fill_in_yours(site / "site.yml")
    assert main(["check", str(site / "content")]) == 0
    assert "153 councils checked: no errors, 0 warnings" in capsys.readouterr().out


def test_a_new_sites_unfilled_lines_fail_a_strict_build_until_filled_in(tmp_path, capsys):
    site = tmp_path / "mysite"
    main(["new", str(site)])
    result = build_site(site / "site.yml", tmp_path / "out")
    assert result.returncode != 0 and not (tmp_path / "out").exists()
    assert "site.yml:6:1: site_url: warning: still the new site's 'https://example.org/'" in result.stderr
    assert "site.yml:34:7: publisher: warning: still the new site's 'the publisher of this site'" in result.stderr
    # Filled in, the same site builds strictly: test_a_publisher_overrides_a_template_… builds it.


def test_the_example_site_is_exempt_through_example_data(tmp_path):
    config = tmp_path / "site.yml"
    config.write_text(
        (STARTER / "site.yml")
        .read_text()
        .replace("  - council-ratings:\n", "  - council-ratings:\n      example_data: true\n")
    )
    assert "example_data: true" in config.read_text()
    assert unfilled_lines(config) == []
    assert [p.field for p in unfilled_lines(config, example_data=False)] == ["site_url", "publisher"]


def test_new_refuses_a_folder_in_use_and_never_overwrites_a_council_file(tmp_path, capsys):
    site = tmp_path / "mysite"
    site.mkdir()
    (site / "notes.txt").write_text("mine")
    assert main(["new", str(site)]) == 1
    assert "not empty" in capsys.readouterr().err and not (site / "site.yml").exists()

    assert main(["new", str(site), "--force"]) == 0
    camden = site / "content" / "councils" / "camden.yml"
    camden.write_text(camden.read_text() + "# my own note\n")
    (site / "site.yml").write_text((site / "site.yml").read_text().replace("Adult social", "My adult social"))
    # A council the publisher keeps under another file name is not made again.
    (site / "content" / "councils" / "county-durham.yml").rename(site / "content" / "councils" / "durham.yml")
    assert main(["new", str(site), "--force"]) == 0
    assert camden.read_text().endswith("# my own note\n")
    assert "My adult social" in (site / "site.yml").read_text()
    assert not (site / "content" / "councils" / "county-durham.yml").exists()
    assert (site / "notes.txt").read_text() == "mine"


def test_a_council_left_off_the_hex_map_is_a_warning_naming_it(tmp_path, capsys):
    site = tmp_path / "mysite"
    main(["new", str(site)])
    hexjson = site / "content" / "hexmap.hexjson"
    hexjson.write_text(re.sub(r'\n    "E09000007": [^\n]*', "", hexjson.read_text()))
    capsys.readouterr()
    assert main(["check", str(site / "content")]) == 0
    err = capsys.readouterr().err
    assert "camden.yml:5:11: gss_code: warning: no hex on the map (" in err and "leaves this council out" in err
    result = build_site(site / "site.yml", tmp_path / "out")  # --strict: the warning fails the build
    assert result.returncode != 0 and "camden.yml:5:11: gss_code: warning: no hex on the map" in result.stderr


def test_the_plugin_with_another_theme_stops_with_one_clear_line(tmp_path):
    config = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    config.write_text(config.read_text().replace("name: council-ratings", "name: readthedocs"))
    result = build_site(config, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "own theme, not 'readthedocs': set `theme: name: council-ratings` in site.yml" in result.stderr


def test_the_example_site_builds_with_properdocs_too(tmp_path, example_site):
    out = tmp_path / "site"
    args = [sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-f", str(ROOT / "site.yml"), "-d", str(out)]
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "councils/northvale/index.html", "compare/index.html", "data/assessments.csv"):
        assert (out / page).read_bytes() == (example_site / page).read_bytes(), page


def synthetic_results(path: Path, councils: int) -> list[str]:
    """A CSV of made-up scores for real council codes: synthetic test data, never published
    and not anyone's findings. Returns the codes, in order."""
    statements = [s.id for s in FW.statements]
    chosen = REGISTER.councils[::2][:councils]
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["gss_code", "name", "type", "region", "published", *statements])
        for i, c in enumerate(chosen):
            scores = [1 + (i + j) % 4 for j in range(len(statements))]
            out.writerow([c.gss_code, c.name, c.type, c.region, "2025-06-02", *scores])
    return [c.gss_code for c in chosen]


@pytest.fixture(scope="module")
def plain_install(tmp_path_factory) -> Path:
    """The project installed by `pip install .` (not editable) into a folder of its own."""
    src = tmp_path_factory.mktemp("src")
    for name in ("generator", "theme"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    target = tmp_path_factory.mktemp("installed")
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target)]
    result = subprocess.run([*pip, str(src)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return target


def test_a_publishers_site_from_a_plain_install_in_three_commands(tmp_path, plain_install):
    env = {**os.environ, "PYTHONPATH": str(plain_install)}

    def run(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    where = run("-c", "import generator.theme as t; print(t.__file__)").stdout
    assert where.startswith(str(plain_install)), where  # the installed copy, not this repository's
    run("-m", "generator", "new", "mysite")
    assessed = synthetic_results(tmp_path / "results.csv", 73)
    run("-m", "generator", "import", "results.csv", "mysite/content")
    fill_in_yours(tmp_path / "mysite" / "site.yml")
    for tool in ("mkdocs", "properdocs"):
        out = tmp_path / tool
        run("-m", tool, "build", "--strict", "-q", "-f", "mysite/site.yml", "-d", str(out))
        pages = [p for p in (out / "councils").iterdir() if (p / "index.html").is_file() and p.name != "index.html"]
        assert len(pages) == 153
        with (out / "data" / "assessments.csv").open() as f:
            rows = list(csv.DictReader(f))
        assert sorted(r["gss_code"] for r in rows) == sorted(assessed)
        compare = (out / "compare" / "index.html").read_text()
        assert compare.count('class="hex hex--') == 153
        assert compare.count("hex hex--none") == 80  # not yet assessed
        assert "Open Innovations" in compare
        home = " ".join(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", (out / "index.html").read_text(), flags=re.S).split())
        assert "73 councils have a formal rating; 80 not yet assessed." in home
        # Council i scores 1 + (i + j) % 4 on statement j: 21 + i % 4 of 36, so 58% and 61% (requires
        # improvement) for i % 4 of 0 and 1 (19 and 18 councils), 64% and 67% (good) for 2 and 3 (18 each).
        for sentence in (
            "0 councils are rated outstanding.",
            "36 councils are rated good.",
            "37 councils are rated requires improvement.",
            "0 councils are rated inadequate.",
        ):
            assert sentence in home
        # The postcode finder works from the table installed with the generator: no download.
        assert 'autocomplete="postal-code"' in (out / "index.html").read_text()
        cm20 = json.loads((out / "postcodes" / "CM20.json").read_text())
        harlow = cm20["p"][cm20["s"]["1"]]  # CM20 1, Harlow's centre (CM20 2 reaches into Hertfordshire)
        assert harlow["t"] == "In Harlow, adult social care is run by Essex County Council."
        assert harlow["u"] == "councils/essex/"
        assert "ONS Postcode Directory" in (out / "postcodes" / "index.html").read_text()
        assert "Royal Mail copyright" in (out / "data" / "index.html").read_text()
        # An Easy Read page for each of the 73 assessed councils, linked from its page, and for no other;
        # short sentences, and the pictures installed with the theme.
        easy = {p.parent.parent.name for p in (out / "councils").glob("*/easy-read/index.html")}
        assert len(easy) == 73
        for council in pages:
            assert ("Easy Read version" in (council / "index.html").read_text()) == (council.name in easy)
        for slug in easy:
            for block in read_page(out, f"councils/{slug}/easy-read").blocks:
                assert all(words_of(sentence) <= 15 for sentence in sentences_in(block)), (slug, block)
        one = (out / "councils" / min(easy) / "easy-read" / "index.html").read_text()
        pictures = re.findall(r'src="\.\./\.\./\.\./(pictograms/[\w-]+\.svg)"', one)
        assert len(pictures) > 10 and all((out / picture).is_file() for picture in pictures)


def test_a_publisher_overrides_a_template_and_the_css_through_custom_dir(tmp_path):
    site = tmp_path / "mysite"
    main(["new", str(site)])
    overrides = site / "overrides"
    (overrides / "css").mkdir(parents=True)
    (overrides / "css" / "site.css").write_text("/* the publisher's own look */\nbody { margin: 0 }\n")
    base = (ROOT / "theme" / "base.html").read_text()
    assert "</footer>" in base
    (overrides / "base.html").write_text(base.replace("</footer>", "<p>Published by Example News.</p></footer>", 1))
    config = site / "site.yml"
    config.write_text(config.read_text().replace("  # custom_dir: overrides", "  custom_dir: overrides"))
    fill_in_yours(config)
    result = build_site(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "css" / "site.css").read_text().startswith("/* the publisher's own look */")
    for page in ("index.html", "councils/camden/index.html", "compare/index.html"):
        assert "Published by Example News." in (tmp_path / "out" / page).read_text(), page
    assert "the publisher of this site" not in (tmp_path / "out" / "index.html").read_text()
