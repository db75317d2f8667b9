"""The council file schema: one list of fields that the loader, the reference
page (docs/content-schema.md) and the published JSON Schema all follow.

A test keeps the reference page and docs/council.schema.json in step with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .framework import Framework, Frameworks, frameworks_of

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
GSS_PATTERN = r"^E(06|08|09|10)[0-9]{6}$"


@dataclass(frozen=True)
class Field:
    name: str
    # text | markdown | date | url | integer | number | percent | rank | year | later_year | boolean | score | enum
    # | framework | list | mapping
    kind: str
    required: bool
    description: str
    children: tuple[Field, ...] = ()
    item: str | None = None  # for lists: the kind of each item
    keyed_by: str | None = None  # for mappings keyed by ids: "statement" or "theme"; `item` is then each value's kind
    enum: tuple[str, ...] = ()


STATEMENT_FIELDS = (
    Field("score", "score", False, "Whole number 1–4. Leave it out to show the statement as not scored."),
    Field("findings", "markdown", False, "What the assessors found for this statement."),
)

# How the assessment was carried out: all optional, shown in "How this assessment was carried out".
HEARD_FROM_FIELDS = (
    Field("people", "integer", False, "People who draw on care and support."),
    Field("carers", "integer", False, "Unpaid carers."),
    Field("staff", "integer", False, "The council's staff."),
    Field("leaders", "integer", False, "Leaders, councillors included."),
    Field("partners", "integer", False, "Partner organisations (the NHS, providers, voluntary groups)."),
)

SURVEY_FIELDS = (
    Field("name", "text", True, "The survey or national data, e.g. `Adult Social Care Survey`."),
    Field("from", "date", True, "The first day of the period it covers."),
    Field("to", "date", True, "The last day of the period; not before `from`."),
)

TEAM_FIELDS = (
    Field("assessors", "integer", False, "How many assessors."),
    Field("social_work_professional", "boolean", False, "`true` if the team included a social work professional."),
    Field("executive_reviewer", "boolean", False, "`true` if it included an executive reviewer."),
    Field("experts_by_experience", "boolean", False, "`true` if it included experts by experience."),
)

ACCURACY_FIELDS = (
    Field("sent", "date", False, "When the draft report went to the council for its factual accuracy check."),
    Field("returned", "date", False, "When the council's comments came back; not before `sent`."),
    Field("report_changed", "boolean", False, "`true` if the report changed after the check."),
)

EVIDENCE_FIELDS = (
    Field("fieldwork_from", "date", False, "The first day of the assessors' fieldwork."),
    Field("fieldwork_to", "date", False, "The last day of the fieldwork; not before `fieldwork_from`."),
    Field("cases_tracked", "integer", False, "How many people's cases the assessors tracked in detail."),
    Field("heard_from", "mapping", False, "How many the assessors heard from, by group.", children=HEARD_FROM_FIELDS),
    Field(
        "surveys",
        "list",
        False,
        "The surveys and national data used, each with the period it covers.",
        item="mapping",
        children=SURVEY_FIELDS,
    ),
    Field(
        "categories",
        "mapping",
        False,
        "Per statement id, a list of the framework's evidence categories that informed it: "
        "`people`, `staff-leaders`, `partners`, `processes`.",
        keyed_by="statement",
        item="category",
    ),
    Field("team", "mapping", False, "The assessment team.", children=TEAM_FIELDS),
    Field(
        "factual_accuracy",
        "mapping",
        False,
        "The factual accuracy check of the draft report.",
        children=ACCURACY_FIELDS,
    ),
)

# Text for the assessment's Easy Read page, /councils/<slug>/easy-read/, written by people.
EASY_READ_FIELDS = (
    Field(
        "summary",
        "markdown",
        False,
        "In place of the generated summary: short sentences of 15 words at most, one idea each.",
    ),
    Field(
        "themes", "mapping", False, "Per theme id, text in place of that theme's generated sentences.", keyed_by="theme"
    ),
    Field(
        "checked_by",
        "text",
        False,
        "Who checked the Easy Read page, such as a group of people with a learning disability; with `checked_on`.",
    ),
    Field("checked_on", "date", False, "When they checked it; with `checked_by`, and not before `published`."),
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
    Field(
        "framework",
        "framework",
        False,
        "The id of the framework it was made under; left out, the one in force on `published`.",
    ),
    Field("report_url", "url", False, "Link to the full official report."),
    Field(
        "rating",
        "enum",
        False,
        "The published rating, one of its framework's. Under a banded framework it must equal the rating "
        "the scores give; under a declared one it is required.",
        enum=("inadequate", "requires-improvement", "good", "outstanding"),
    ),
    Field(
        "next_expected",
        "later_year",
        False,
        "The year the next assessment is expected, where the regulator has said; not before `published`.",
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
    Field(
        "evidence",
        "mapping",
        False,
        "How the assessment was carried out: its fieldwork, who was heard, the data used, the team.",
        children=EVIDENCE_FIELDS,
    ),
    Field(
        "easy_read",
        "mapping",
        False,
        "Easy Read text written by people, in place of the Easy Read page's generated sentences, and who checked it.",
        children=EASY_READ_FIELDS,
    ),
)

DEPRIVATION_FIELDS = (
    Field(
        "average_score", "number", False, "The English Indices of Deprivation's average score (higher: more deprived)."
    ),
    Field("rank", "rank", False, "Its rank among upper-tier councils, 1 the most deprived."),
    Field("edition", "text", False, "The edition, e.g. `English Indices of Deprivation 2019`."),
)

FINANCE_FIELDS = (
    Field("year", "text", False, "The financial year, e.g. `2024-25`."),
    Field("budget", "integer", False, "The adult social care budget, in pounds."),
    Field("spend", "integer", False, "What was spent on adult social care, in pounds."),
    Field("spend_per_adult", "number", False, "Spend per adult resident, in pounds."),
    Field("precept_raised", "boolean", False, "`true` if the adult social care precept was raised that year."),
    Field("precept_percent", "percent", False, "By how much, as a percentage of council tax (0 to 100)."),
)

CONTEXT_FIELDS = (
    Field("population", "integer", False, "Resident population."),
    Field("population_year", "year", False, "The year of the population figure."),
    Field("adults_long_term_support", "integer", False, "Adults receiving long-term support."),
    Field("deprivation", "mapping", False, "Deprivation in the area.", children=DEPRIVATION_FIELDS),
    Field("integrated_care_board", "text", False, "The NHS integrated care board the council works with."),
    Field("political_control", "text", False, "Which party, or none, controls the council."),
    Field("finance", "mapping", False, "Adult social care money.", children=FINANCE_FIELDS),
    Field("note", "markdown", False, "Anything else a reader should know about the area."),
)

# Within one mapping: (start, end) fields where the end may not come before the start.
ORDERED_DATES = (("fieldwork_from", "fieldwork_to"), ("from", "to"), ("sent", "returned"), ("in_force", "replaced"))

# --- Framework files: generator/frameworks/<id>.yml, or a publisher's content/frameworks/<id>.yml

ID_FIELD = Field("id", "text", True, "An id: lower-case letters, digits and hyphens.")
NAMED_FIELDS = (ID_FIELD, Field("name", "text", True, "Its name, as pages show it."))

RATING_BAND_FIELDS = (
    *NAMED_FIELDS,
    Field(
        "min_percent",
        "integer",
        False,
        "The lowest score out of 100 in this band; a band runs to the next band's `min_percent` less one, "
        "the top band to 100. Required when `rule` is `bands`; left out when it is `declared`.",
    ),
)

STATEMENT_DEFINITION_FIELDS = (
    *NAMED_FIELDS,
    Field("asks", "text", True, "One plain-English line: what the statement asks of a council."),
    Field(
        "characteristics",
        "mapping",
        False,
        "What each score looks like for this statement, one line per score of the scale (all of them, or none).",
        keyed_by="score",
        item="text",
    ),
)

THEME_DEFINITION_FIELDS = (
    *NAMED_FIELDS,
    Field(
        "statements",
        "list",
        True,
        "The theme's quality statements, in order.",
        item="mapping",
        children=STATEMENT_DEFINITION_FIELDS,
    ),
)

COUNCIL_TYPE_FIELDS = (*NAMED_FIELDS, Field("gss_prefix", "text", True, "The GSS code prefix its councils carry."))

FRAMEWORK_FIELDS = (
    Field("id", "text", True, "The framework's id (lower-case letters, digits, hyphens); the file is named after it."),
    Field("name", "text", True, "The framework's name, as pages show it."),
    Field(
        "short_name",
        "text",
        False,
        "A short name for labels beside a rating (the badge, lists of assessments): `2023 framework`.",
    ),
    Field("regulator", "text", False, "Who assesses councils under it; named in the footer and the open data."),
    Field("in_force", "date", False, "The date it came into force."),
    Field("replaced", "date", False, "The date a later framework replaced it; not before `in_force`."),
    Field(
        "scale",
        "mapping",
        True,
        "What each whole-number score means, from 1 up: `1: Evidence shows significant shortfalls`.",
        keyed_by="score",
        item="text",
    ),
    Field(
        "rule",
        "enum",
        False,
        "How the overall rating follows from the scores: `bands` (the default) on the percentage, "
        "or `declared`: the regulator's judgement, given in each assessment, with no percentage or sub-ratings.",
        enum=("bands", "declared"),
    ),
    Field(
        "ratings",
        "list",
        True,
        "The ratings, lowest first: bands on the overall score out of 100, or under `declared` just their names.",
        item="mapping",
        children=RATING_BAND_FIELDS,
    ),
    Field("rounding", "enum", False, "How the percentage is rounded before banding: `half-up`.", enum=("half-up",)),
    Field("characteristics_note", "text", False, "Where the statements' descriptions of each score come from."),
    Field(
        "characteristics_by",
        "text",
        False,
        "Who wrote those descriptions, in a few words shown beside each one: `this site's summary`.",
    ),
    Field(
        "themes",
        "list",
        True,
        "The themes, in order, each with its quality statements.",
        item="mapping",
        children=THEME_DEFINITION_FIELDS,
    ),
    Field(
        "evidence_categories",
        "list",
        False,
        "The kinds of evidence an assessment may draw on.",
        item="mapping",
        children=NAMED_FIELDS,
    ),
    Field(
        "regions",
        "list",
        False,
        "The regions councils belong to; left out, England's nine, as in the bundled framework.",
        item="mapping",
        children=NAMED_FIELDS,
    ),
    Field(
        "council_types",
        "list",
        False,
        "The types of council; left out, England's four, as in the bundled framework.",
        item="mapping",
        children=COUNCIL_TYPE_FIELDS,
    ),
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


def _schema_of(fields: tuple[Field, ...], frameworks: Frameworks | None) -> dict:
    """JSON Schema (draft 2020-12) of a mapping of these fields. `frameworks` give the ids a
    council file may use (those of every framework, since each assessment names its own);
    a framework file's schema needs none."""

    def ids(of) -> list[str]:  # noqa: ANN001 - a function from a framework to its items
        assert frameworks is not None
        return list(dict.fromkeys(item.id for fw in frameworks.all for item in of(fw)))

    def scalar(f: Field) -> dict:
        kinds: dict[str, dict] = {
            "text": {"type": "string", "minLength": 1},
            "markdown": {"type": "string"},
            "date": {"type": "string", "format": "date"},
            "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
            "integer": {"type": "integer", "minimum": 0},
            "number": {"type": "number", "minimum": 0},
            "percent": {"type": "number", "minimum": 0, "maximum": 100},
            "rank": {"type": "integer", "minimum": 1},
            "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
            "later_year": {"type": "integer", "minimum": 1900, "maximum": 2100},
            "boolean": {"type": "boolean"},
        }
        if frameworks is not None:
            lowest = min(fw.min_score for fw in frameworks.all)
            kinds["score"] = {
                "type": "integer",
                "minimum": lowest,
                "maximum": max(fw.max_score for fw in frameworks.all),
            }
            kinds["framework"] = {"enum": frameworks.ids}
        if f.kind == "enum" and frameworks is not None and f.name in ("region", "type", "rating"):
            site = frameworks.site
            if f.name == "rating":
                return {"enum": ids(lambda fw: fw.ratings)}
            return {"enum": [c.id for c in (site.regions if f.name == "region" else site.council_types)]}
        if f.kind == "enum":
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
        elif f.kind == "mapping" and f.keyed_by == "score":  # keys are whole-number scores
            out = {
                "type": "object",
                "additionalProperties": False,
                "patternProperties": {"^[0-9]+$": {"type": "string", "minLength": 1}},
            }
        elif f.kind == "mapping" and f.keyed_by:
            keys = ids(lambda fw: fw.statements) if f.keyed_by == "statement" else ids(lambda fw: fw.themes)
            if f.children:
                value = obj(f.children)
            elif f.item == "category":
                value = {"type": "array", "items": {"enum": ids(lambda fw: fw.evidence_categories)}}
            else:
                value = {"type": "string"}
            out = {
                "type": "object",
                "additionalProperties": False,
                "propertyNames": {"enum": keys},
                "patternProperties": {".*": value},
            }
        elif f.kind == "mapping":
            out = obj(f.children)
        else:
            out = scalar(f)
        out["description"] = f.description
        return out

    return obj(fields)


def json_schema(framework: Framework | Frameworks) -> dict:
    """A JSON Schema (draft 2020-12) for editors to validate and autocomplete council files."""
    frameworks = frameworks_of(framework)
    names = " or ".join(f"the {fw.name} framework" for fw in frameworks.all)
    schema = _schema_of(COUNCIL_FIELDS, frameworks)
    schema["properties"]["gss_code"]["pattern"] = GSS_PATTERN
    schema["properties"]["previous_slugs"]["items"]["pattern"] = SLUG_PATTERN
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Council assessment file",
        "description": f"One council's results under {names}.",
        **schema,
    }


def framework_json_schema() -> dict:
    """A JSON Schema (draft 2020-12) for framework files."""
    schema = _schema_of(FRAMEWORK_FIELDS, None)
    schema["properties"]["id"]["pattern"] = SLUG_PATTERN
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Assessment framework file",
        "description": "An assessment framework: its themes, quality statements, score scale and rating bands.",
        **schema,
    }
