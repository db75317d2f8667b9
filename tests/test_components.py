"""Each theme component renders its examples (tests/fixtures/component-examples.yml) as valid HTML."""

import re

import yaml
from jinja2 import Environment, FileSystemLoader

from .conftest import ROOT
from .test_html_valid import vnu_check

EXAMPLES = yaml.safe_load((ROOT / "tests" / "fixtures" / "component-examples.yml").read_text())


def render(component: str, params: dict) -> str:
    env = Environment(loader=FileSystemLoader(ROOT / "theme"), autoescape=True)
    macro = getattr(env.get_template(f"components/{component}.html").module, component)
    return str(macro(params))


def test_every_component_has_examples():
    components = sorted(p.stem for p in (ROOT / "theme" / "components").glob("*.html"))
    assert sorted(EXAMPLES) == components


def test_examples_show_their_words():
    for component, examples in EXAMPLES.items():
        for example in examples:
            html = render(component, example["params"])
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
            assert example["shows"] in text, (component, example["name"])


def test_components_escape_what_they_are_given():
    html = render("score", {"score": 3, "words": "<script>x</script>"})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_examples_are_valid_html(tmp_path):
    for component, examples in EXAMPLES.items():
        for i, example in enumerate(examples):
            body = render(component, example["params"])
            page = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{component}</title></head>'
            (tmp_path / f"{component}-{i}.html").write_text(f"{page}<body><main>{body}</main></body></html>")
    assert vnu_check(tmp_path) == (0, [])
