"""The reference documents stay in step with the code."""

import dataclasses
import importlib
import json
import pkgutil
import re

from generator import compare, evidence, opendata, pages
from generator.schema import field_paths, json_schema

from .conftest import EXAMPLE_FRAMEWORKS, ROOT


def test_schema_reference_lists_exactly_the_fields_the_loader_reads():
    text = (ROOT / "docs" / "content-schema.md").read_text()
    fields = text.split("\n## Fields\n", 1)[1].split("\n## ", 1)[0]  # the import's columns have a table too
    documented = re.findall(r"^\| `([^`]+)` \|", fields, flags=re.M)
    assert documented == field_paths()


def test_published_json_schema_is_current():
    published = json.loads((ROOT / "docs" / "council.schema.json").read_text())
    assert published == json_schema(EXAMPLE_FRAMEWORKS), "run: python -m generator schema > docs/council.schema.json"


def test_example_content_validates_against_the_json_schema():
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "docs" / "council.schema.json").read_text())
    for path in sorted((ROOT / "content" / "councils").glob("*.yml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, schema)


def _context_classes() -> dict[str, type]:
    # The pages' and the comparison pages' contexts live in a module per page family: every module counts.
    page_modules, compare_modules = (
        [importlib.import_module(m.name) for m in pkgutil.iter_modules(package.__path__, package.__name__ + ".")]
        for package in (pages, compare)
    )
    classes = {
        name: cls
        for module in (evidence, opendata, *page_modules, *compare_modules)
        for name, cls in vars(module).items()
        if dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
    }
    assert len(page_modules) >= 5 and {"CouncilPage", "HomePage", "SearchPage", "RedirectPage"} <= set(classes)
    assert len(compare_modules) >= 6 and {"ComparePage", "SimilarCouncils", "SideBySidePage"} <= set(classes)
    return classes


def test_page_contexts_are_documented_field_for_field():
    text = (ROOT / "docs" / "page-contexts.md").read_text()
    sections = dict(re.findall(r"^### (\w+)\n(.*?)(?=^### |\Z)", text, flags=re.M | re.S))
    classes = _context_classes()
    assert set(sections) == set(classes)
    for name, cls in classes.items():
        documented = re.findall(r"^- `(\w+)`", sections[name], flags=re.M)
        assert documented == [f.name for f in dataclasses.fields(cls)], name


def test_page_contexts_are_listed_under_the_module_that_builds_them():
    text = (ROOT / "docs" / "page-contexts.md").read_text()
    # "## Search (`generator/pages/search.py`)", "## Comparison pages (`generator/compare/`, ...)"
    headed = re.findall(r"^## [^\n]*?`(generator/[\w/]+?(?:\.py|/))`[^\n]*\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    listed_in = {
        name: path.removesuffix(".py").rstrip("/").replace("/", ".")
        for path, body in headed
        for name in re.findall(r"^### (\w+)$", body, flags=re.M)
    }
    classes = _context_classes()
    assert set(listed_in) == set(classes)
    for name, cls in classes.items():
        assert cls.__module__ == listed_in[name] or cls.__module__.startswith(listed_in[name] + "."), name
