"""The baseline: the plainest Python pipeline that publishes the same council
pages, with no MkDocs, no checks, no search and no extras. It reads each YAML
file, renders its narratives with Python-Markdown and writes one page through
one Jinja2 template. The benchmark reports our build as a ratio of this.

Run: python -m bench.baseline CONTENT_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import yaml
from jinja2 import Environment

TEMPLATE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ c.name }}</title>
<link rel="stylesheet" href="../../css/site.css"></head>
<body><header><a href="../../">Home</a> <a href="../">Councils</a></header>
<main><h1>{{ c.name }}</h1>
{% for a in c.assessments %}
<p>Published {{ a.published }}</p>
<section><h2>Summary</h2>{{ html[a.summary] | safe }}</section>
<section><h2>What people told us</h2>{{ html[a.people_said] | safe }}</section>
<ul>{% for s in a.strengths %}<li>{{ s }}</li>{% endfor %}</ul>
<ul>{% for s in a.improvements %}<li>{{ s }}</li>{% endfor %}</ul>
{% for id, text in a.themes.items() %}
<section><h2 id="{{ id }}">{{ id }}</h2>{{ html[text] | safe }}</section>{% endfor %}
{% for id, s in a.statements.items() %}<section><h3 id="{{ id }}">{{ id }}</h3><p>Score: {{ s.score }}</p>
{{ html[s.findings] | safe }}</section>{% endfor %}
{% endfor %}
</main></body></html>
"""


def main(content: Path, out: Path) -> int:
    try:
        loader = yaml.CSafeLoader
    except AttributeError:  # PyYAML without libyaml
        loader = yaml.SafeLoader
    template = Environment(autoescape=True).from_string(TEMPLATE)
    md = markdown.Markdown(extensions=["tables", "sane_lists"])
    count = 0
    for path in sorted(content.glob("*.yml")):
        council = yaml.load(path.read_text(), Loader=loader)
        texts = [
            t
            for a in council["assessments"]
            for t in [a["summary"], a["people_said"], *a["themes"].values()]
            + [s["findings"] for s in a["statements"].values()]
        ]
        html = {t: md.reset().convert(t) for t in texts}
        page = out / "councils" / path.stem / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(template.render(c=council, html=html))
        count += 1
    return count


if __name__ == "__main__":
    print(main(Path(sys.argv[1]), Path(sys.argv[2])))
