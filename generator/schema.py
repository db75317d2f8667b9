"""The council file schema: one list of fields that the loader, the reference
page (docs/content-schema.md) and the published JSON Schema all follow.

A test keeps the reference page and docs/council.schema.json in step with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .framework import Framework

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
GSS_PATTERN = r"^E(06|08|09|10)[0-9]{6}$"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | markdown | date | url | integer | score | enum | list | mapping
    required: bool
    description: str
    children: tuple[Field, ...] = ()
    item: str | None = None  # for lists: the kind of each item
    keyed_by: str | None = None  # for mappings keyed by ids: "statement" or "theme"
    enum: tuple[str, ...] = ()


STATEMENT_FIELDS = (
    Field("score", "score", False, "Whole number 1–4. Leave it out to show the statement as not scored."),
    Field("findings", "markdown", False, "What the assessors found for this statement."),
)

ASSESSMENT_FIELDS = (
    Field("published", "date", True, "Date the assessment was published (YYYY-MM-DD). The newest is current."),
    Field("assessed", "date", False, "Date of the fieldwork; not after `published`."),
    Field(
        "kind",
        "enum",
        False,
        "`formal` (the default) or `indicative`: a pilot, never shown as a formal rating.",
        enum=("formal", "indicative"),
    ),
    Field("report_url", "url", False, "Link to the full official report."),
    Field(
        "rating",
        "enum",
        False,
        "The published rating. When given, it must equal the rating the scores give.",
        enum=("inadequate", "requires-improvement", "good", "outstanding"),
    ),
    Field("summary", "markdown", False, "The narrative shown first on the council page."),
    Field("people_said", "markdown", False, "What people who draw on care and support told the assessors."),
    Field("strengths", "list", False, "Strengths, one Markdown item each.", item="markdown"),
    Field("improvements", "list", False, "Areas for improvement, one Markdown item each.", item="markdown"),
    Field("themes", "mapping", False, "A Markdown narrative per theme id.", keyed_by="theme"),
    Field(
        "statements",
        "mapping",
        True,
        "One entry per quality statement assessed, keyed by statement id.",
        children=STATEMENT_FIELDS,
        keyed_by="statement",
    ),
)

CONTEXT_FIELDS = (
    Field("population", "integer", False, "Resident population."),
    Field("adults_long_term_support", "integer", False, "Adults receiving long-term support."),
    Field("note", "markdown", False, "Anything else a reader should know about the area."),
)

COUNCIL_FIELDS = (
    Field("name", "text", True, "The council's name."),
    Field(
        "gss_code",
        "text",
        True,
        "ONS GSS code: E06, E08, E09 or E10 then six digits; unique; its prefix matches the type.",
    ),
    Field(
        "type",
        "enum",
        True,
        "`county`, `unitary`, `metropolitan` or `london-borough`.",
        enum=("county", "unitary", "metropolitan", "london-borough"),
    ),
    Field("region", "enum", True, "A region id, such as `north-east`."),
    Field("website", "url", False, "The council's own website."),
    Field("places", "list", False, "Towns and areas people may search for.", item="text"),
    Field(
        "previous_slugs",
        "list",
        False,
        "Earlier slugs (after a rename or merger). Each old address redirects here; no two pages may claim one.",
        item="text",
    ),
    Field(
        "context",
        "mapping",
        False,
        "Local context shown beside the results; never used for scoring.",
        children=CONTEXT_FIELDS,
    ),
    Field(
        "assessments",
        "list",
        True,
        "Assessments, any order; may be empty (not yet assessed).",
        item="mapping",
        children=ASSESSMENT_FIELDS,
    ),
)


def field_paths(fields: tuple[Field, ...] = COUNCIL_FIELDS, prefix: str = "") -> list[str]:
    """Every documented field as a dotted path, e.g. `assessments[].statements.<id>.score`."""
    paths: list[str] = []
    for f in fields:
        path = prefix + f.name
        paths.append(path)
        if f.children:
            child_prefix = path + ("[]." if f.kind == "list" else ".<id>." if f.keyed_by else ".")
            paths.extend(field_paths(f.children, child_prefix))
    return paths


def json_schema(framework: Framework) -> dict:
    """A JSON Schema (draft 2020-12) for editors to validate and autocomplete council files."""

    def scalar(f: Field) -> dict:
        kinds: dict[str, dict] = {
            "text": {"type": "string", "minLength": 1},
            "markdown": {"type": "string"},
            "date": {"type": "string", "format": "date"},
            "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
            "integer": {"type": "integer", "minimum": 0},
            "score": {"type": "integer", "minimum": framework.min_score, "maximum": framework.max_score},
        }
        if f.kind == "enum":
            if f.name == "region":
                return {"enum": [r.id for r in framework.regions]}
            if f.name == "type":
                return {"enum": [t.id for t in framework.council_types]}
            if f.name == "rating":
                return {"enum": [r.id for r in framework.ratings]}
            return {"enum": list(f.enum)}
        return dict(kinds[f.kind])

    def obj(fields: tuple[Field, ...]) -> dict:
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [f.name for f in fields if f.required],
            "properties": {f.name: node(f) for f in fields},
        }

    def node(f: Field) -> dict:
        if f.kind == "list":
            items = obj(f.children) if f.children else scalar(Field("", f.item or "text", False, ""))
            out = {"type": "array", "items": items}
        elif f.kind == "mapping" and f.keyed_by:
            ids = (
                [s.id for s in framework.statements] if f.keyed_by == "statement" else [t.id for t in framework.themes]
            )
            value = obj(f.children) if f.children else {"type": "string"}
            out = {
                "type": "object",
                "additionalProperties": False,
                "propertyNames": {"enum": ids},
                "patternProperties": {".*": value},
            }
        elif f.kind == "mapping":
            out = obj(f.children)
        else:
            out = scalar(f)
        out["description"] = f.description
        return out

    schema = obj(COUNCIL_FIELDS)
    schema["properties"]["gss_code"]["pattern"] = GSS_PATTERN
    schema["properties"]["previous_slugs"]["items"]["pattern"] = SLUG_PATTERN
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Council assessment file",
        "description": f"One council's results under the {framework.name} framework.",
        **schema,
    }
