"""Framework files: checked with positions like council files, documented with a JSON
Schema, and a publisher's own usable as the site's framework."""

import dataclasses
import json
import re

import pytest
import yaml

from generator.__main__ import main
from generator.framework import FRAMEWORKS_DIR, load_framework
from generator.framework_file import read_framework_file
from generator.schema import FRAMEWORK_FIELDS, field_paths, framework_json_schema

from .conftest import ROOT, build_site, copy_site_sources

BUNDLED = (FRAMEWORKS_DIR / "cqc-local-authority.yml").read_text()


def test_the_bundled_framework_file_passes_its_own_checks_and_schema():
    import jsonschema

    framework, problems = read_framework_file(BUNDLED.encode(), "cqc-local-authority.yml")
    assert problems == [] and dataclasses.asdict(framework) == dataclasses.asdict(load_framework())
    data = json.loads(json.dumps(yaml.safe_load(BUNDLED), default=str))
    jsonschema.validate(data, framework_json_schema())


def test_the_framework_reference_and_schema_are_current():
    text = (ROOT / "docs" / "framework-schema.md").read_text()
    fields = text.split("\n## Fields\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\| `([^`]+)` \|", fields, flags=re.M) == field_paths(FRAMEWORK_FIELDS)
    published = json.loads((ROOT / "docs" / "framework.schema.json").read_text())
    assert published == framework_json_schema(), "run: python -m generator schema --frameworks"


def changed(old: str, new: str) -> str:
    assert old in BUNDLED, old
    return BUNDLED.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), start=1) if fragment in row)


@pytest.mark.parametrize(
    "old, new, field, message",
    [
        ("  - id: good\n", "  - id: Good Rating\n", "ratings[2].id", "'Good Rating' is not an id"),
        (
            "      - id: equity\n",
            "      - id: assessing-needs\n",
            "themes[0].statements[2].id",
            "used twice among the statements (first on line 51)",
        ),
        ("    min_percent: 63\n", "    min_percent: 30\n", "ratings[2].min_percent", "bands run lowest first"),
        ("    min_percent: 88\n", "    min_percent: 140\n", "ratings[3].min_percent", "from 0 to 100"),
        (
            "  4: Evidence shows an exceptional standard\n",
            "  5: Evidence shows an exceptional standard\n",
            "scale.5",
            "without gaps",
        ),
        ("id: cqc-local-authority\n", "id: cqc-revised\n", "id", "must be its file's name"),
        (
            "regulator: Care Quality Commission\n",
            "regulater: Care Quality Commission\n",
            "regulater",
            "did you mean 'regulator'",
        ),
        ("in_force: 2023-04-01\n", "in_force: 2023-04-01\nreplaced: 2022-01-01\n", "replaced", "before in_force"),
        ("in_force: 2023-04-01\n", "in_force: 2023-02-29\n", "in_force", "29 February 2023 does not exist"),
        ("regulator: Care Quality Commission\n", "regulatr: x\n", "regulatr", "(the fields here: id, name,"),
    ],
)
def test_a_bad_framework_file_is_reported_at_its_line_and_field(old, new, field, message):
    text = changed(old, new)
    framework, problems = read_framework_file(text.encode(), "frameworks/cqc-local-authority.yml")
    assert framework is None
    errors = [str(p) for p in problems if p.is_error]
    assert len(errors) == 1 and message in errors[0], errors
    line = text[: BUNDLED.index(old)].count("\n") + new.rstrip("\n").count("\n") + 1  # the changed line
    assert errors[0].startswith(f"frameworks/cqc-local-authority.yml:{line}:") and f": {field}: " in errors[0]


def test_characteristics_that_leave_out_a_score_are_an_error_at_the_statement():
    text = re.sub(r"\n          4: >-\n            Assessments are timely[^\n]*", "", BUNDLED, count=1)
    _, problems = read_framework_file(text.encode(), "cqc-local-authority.yml")
    assert [p.field for p in problems] == ["themes[0].statements[0].characteristics"]
    assert "every score of the scale (1, 2, 3, 4)" in problems[0].message


def publisher_framework() -> str:
    """Another publisher's framework: the same statements, its own name and bands."""
    return (
        BUNDLED.replace("id: cqc-local-authority", "id: other-regulator")
        .replace(
            "name: Local authority assessment of adult social care (Care Act 2014, Part 1)", "name: Other Framework"
        )
        .replace("regulator: Care Quality Commission", "regulator: Other Regulator")
        .replace("name: Assessing needs\n", "name: Finding out what people need\n")
    )


def test_a_publishers_own_framework_is_the_sites_and_is_not_published(tmp_path):
    site_yml = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    frameworks = tmp_path / "content" / "frameworks"
    frameworks.mkdir(exist_ok=True)
    (frameworks / "other-regulator.yml").write_text(publisher_framework())
    site_yml.write_text(
        site_yml.read_text().replace(
            "  - council-ratings:\n", "  - council-ratings:\n      framework: other-regulator\n"
        )
    )
    assert main(["check", str(tmp_path / "content"), "--framework", "other-regulator"]) == 0
    result = build_site(site_yml, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    about = (tmp_path / "site" / "about-the-ratings" / "index.html").read_text()
    assert "Finding out what people need" in about
    assert "under the Other Framework framework" in (tmp_path / "site" / "data" / "datapackage.json").read_text()
    council = (tmp_path / "site" / "councils" / "northvale" / "index.html").read_text()
    assert '<h3 id="assessing-needs">Finding out what people need</h3>' in council
    assert "not run or endorsed by the Other Regulator" in (tmp_path / "site" / "index.html").read_text()
    assert not (tmp_path / "site" / "frameworks").exists(), "framework files are content, not pages"


def test_a_broken_publisher_framework_fails_check_and_the_build_with_its_position(tmp_path, capsys):
    site_yml = copy_site_sources(tmp_path, ROOT / "content" / "councils")
    frameworks = tmp_path / "content" / "frameworks"
    frameworks.mkdir(exist_ok=True)
    text = publisher_framework().replace("    min_percent: 88\n", "    min_percent: 50\n")
    (frameworks / "other-regulator.yml").write_text(text)
    site_yml.write_text(
        site_yml.read_text().replace(
            "  - council-ratings:\n", "  - council-ratings:\n      framework: other-regulator\n"
        )
    )
    capsys.readouterr()
    assert main(["check", str(tmp_path / "content"), "--framework", "other-regulator"]) == 1
    err = capsys.readouterr().err
    line = line_of(text, "min_percent: 50")
    column = text.splitlines()[line - 1].index("50") + 1
    assert f"other-regulator.yml:{line}:{column}: ratings[3].min_percent: bands run lowest first" in err
    result = build_site(site_yml, tmp_path / "site")
    assert result.returncode != 0 and f"other-regulator.yml:{line}:{column}: ratings[3].min_percent" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_framework_names_the_ones_there_are(tmp_path, capsys):
    copy_site_sources(tmp_path, ROOT / "content" / "councils")
    capsys.readouterr()
    assert main(["check", str(tmp_path / "content"), "--framework", "nonesuch"]) == 1
    err = capsys.readouterr().err
    assert "no framework 'nonesuch'" in err and "(cqc-local-authority)" in err
