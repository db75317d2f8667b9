"""The open data as one SQLite database, /data/assessments.sqlite, ready to open in
Datasette or any SQLite tool.

`assessments` holds exactly the rows and columns of assessments-all.csv (blanks as
NULL, numbers as integers), so the two never disagree; the other tables break the
same content down with primary and foreign keys: the framework's names, councils,
each statement score, the evidence behind each assessment, and the local context.

Deterministic: the database is built in memory in a fixed order and written out with
VACUUM INTO, so two builds of the same content give the same bytes (with the same
SQLite library).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from . import model, routes
from .framework import Framework, Frameworks, frameworks_of
from .pages import SiteInfo
from .rounds import states

# One CSV row of an assessment, as opendata.assessment_row makes it: the `assessments` table's rows.
RowOf = Callable[[model.Council, model.Assessment, Frameworks, SiteInfo], dict[str, str]]

INTEGER_COLUMNS = ("total", "maximum", "score_out_of_100")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _schema(statement_ids: set[str], csv_columns: list[str]) -> list[str]:
    columns = []
    for name in csv_columns:
        kind = "INTEGER" if name in INTEGER_COLUMNS or name in statement_ids else "TEXT"
        required = ("gss_code", "name", "slug", "type", "region", "published", "kind", "framework")
        extra = " NOT NULL" if name in required else ""
        if name == "framework":
            extra += " REFERENCES frameworks(id)"
        columns.append(f"{_quoted(name)} {kind}{extra}")
    return [
        "CREATE TABLE frameworks (id TEXT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT, regulator TEXT, "
        "rule TEXT NOT NULL, in_force TEXT, replaced TEXT)",
        "CREATE TABLE themes (framework_id TEXT NOT NULL REFERENCES frameworks(id), id TEXT NOT NULL, "
        "name TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (framework_id, id))",
        "CREATE TABLE statements (framework_id TEXT NOT NULL, id TEXT NOT NULL, theme_id TEXT NOT NULL, "
        "name TEXT NOT NULL, asks TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (framework_id, id), "
        "FOREIGN KEY (framework_id, theme_id) REFERENCES themes(framework_id, id))",
        "CREATE TABLE ratings (framework_id TEXT NOT NULL REFERENCES frameworks(id), id TEXT NOT NULL, "
        "name TEXT NOT NULL, rank INTEGER NOT NULL, min_percent INTEGER, max_percent INTEGER, "
        "PRIMARY KEY (framework_id, id))",
        "CREATE TABLE regions (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE council_types (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE evidence_categories (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE councils (gss_code TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
        "type TEXT NOT NULL REFERENCES council_types(id), region TEXT NOT NULL REFERENCES regions(id), "
        "website TEXT, page_url TEXT NOT NULL)",
        "CREATE TABLE council_states (gss_code TEXT NOT NULL REFERENCES councils(gss_code), "
        "framework_id TEXT NOT NULL REFERENCES frameworks(id), state TEXT NOT NULL CHECK (state IN "
        "('assessed', 'other-framework', 'not-yet-assessed')), PRIMARY KEY (gss_code, framework_id))",
        "CREATE TABLE assessments ("
        + ", ".join(columns)
        + ", PRIMARY KEY (gss_code, published), FOREIGN KEY (gss_code) REFERENCES councils(gss_code), "
        "FOREIGN KEY (framework, rating) REFERENCES ratings(framework_id, id))",
        "CREATE TABLE statement_scores (gss_code TEXT NOT NULL, published TEXT NOT NULL, "
        "framework_id TEXT NOT NULL, statement_id TEXT NOT NULL, score INTEGER, "
        "PRIMARY KEY (gss_code, published, statement_id), "
        "FOREIGN KEY (framework_id, statement_id) REFERENCES statements(framework_id, id), "
        "FOREIGN KEY (gss_code, published) REFERENCES assessments(gss_code, published))",
        "CREATE TABLE evidence (gss_code TEXT NOT NULL, published TEXT NOT NULL, fieldwork_from TEXT, "
        "fieldwork_to TEXT, cases_tracked INTEGER, heard_from_people INTEGER, heard_from_carers INTEGER, "
        "heard_from_staff INTEGER, heard_from_leaders INTEGER, heard_from_partners INTEGER, assessors INTEGER, "
        "social_work_professional INTEGER, executive_reviewer INTEGER, experts_by_experience INTEGER, "
        "accuracy_check_sent TEXT, accuracy_check_returned TEXT, report_changed INTEGER, "
        "PRIMARY KEY (gss_code, published), "
        "FOREIGN KEY (gss_code, published) REFERENCES assessments(gss_code, published))",
        "CREATE TABLE surveys (gss_code TEXT NOT NULL, published TEXT NOT NULL, position INTEGER NOT NULL, "
        "name TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL, "
        "PRIMARY KEY (gss_code, published, position), "
        "FOREIGN KEY (gss_code, published) REFERENCES evidence(gss_code, published))",
        "CREATE TABLE statement_evidence (gss_code TEXT NOT NULL, published TEXT NOT NULL, "
        "statement_id TEXT NOT NULL, "
        "category_id TEXT NOT NULL REFERENCES evidence_categories(id), "
        "PRIMARY KEY (gss_code, published, statement_id, category_id), "
        "FOREIGN KEY (gss_code, published) REFERENCES evidence(gss_code, published))",
        "CREATE TABLE context (gss_code TEXT PRIMARY KEY REFERENCES councils(gss_code), population INTEGER, "
        "population_year INTEGER, adults_long_term_support INTEGER, deprivation_average_score REAL, "
        "deprivation_rank INTEGER, deprivation_edition TEXT, integrated_care_board TEXT, political_control TEXT, "
        "finance_year TEXT, budget INTEGER, spend INTEGER, spend_per_adult REAL, precept_raised INTEGER, "
        "precept_percent REAL, note TEXT)",
    ]


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> None:
    rows = list(rows)
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _assessment_values(row: dict[str, str], integers: set[str]) -> tuple:
    return tuple((int(value) if name in integers else value) if value != "" else None for name, value in row.items())


def _evidence_rows(c: model.Council, a: model.Assessment) -> tuple[tuple, list[tuple], list[tuple]] | None:
    e = a.evidence
    if e is None:
        return None
    key = (c.gss_code, a.published.isoformat())
    heard, team, check = e.heard_from or model.HeardFrom(), e.team or model.Team(), e.factual_accuracy
    check = check or model.AccuracyCheck()
    evidence = (
        *key,
        _iso(e.fieldwork_from),
        _iso(e.fieldwork_to),
        e.cases_tracked,
        heard.people,
        heard.carers,
        heard.staff,
        heard.leaders,
        heard.partners,
        team.assessors,
        _flag(team.social_work_professional),
        _flag(team.executive_reviewer),
        _flag(team.experts_by_experience),
        _iso(check.sent),
        _iso(check.returned),
        _flag(check.report_changed),
    )
    surveys = [
        (*key, i, s.name, s.period_from.isoformat(), s.period_to.isoformat()) for i, s in enumerate(e.surveys, start=1)
    ]
    categories = [(*key, sid, cat) for sid, cats in e.categories.items() for cat in cats]
    return evidence, surveys, categories


def _context_row(c: model.Council) -> tuple | None:
    x = c.context
    if x is None:
        return None
    d, f = x.deprivation or model.Deprivation(), x.finance or model.Finance()
    return (
        c.gss_code,
        x.population,
        x.population_year,
        x.adults_long_term_support,
        d.average_score,
        d.rank,
        d.edition or None,
        x.integrated_care_board or None,
        x.political_control or None,
        f.year or None,
        f.budget,
        f.spend,
        f.spend_per_adult,
        _flag(f.precept_raised),
        f.precept_percent,
        x.note or None,
    )


def write_sqlite(
    target: Path,
    councils: list[model.Council],
    fw: Framework | Frameworks,
    site: SiteInfo,
    csv_columns: list[str],
    row_of: RowOf,
) -> None:
    """Write the database; `csv_columns` and `row_of` are the CSV download's columns and rows.
    The names of every framework are in it, each statement and theme keyed by its framework."""
    frameworks = frameworks_of(fw)
    statement_ids = {s.id for f in frameworks.all for s in f.statements}
    integers = set(INTEGER_COLUMNS) | statement_ids
    site_fw = frameworks.site
    db = sqlite3.connect(":memory:")
    try:
        for statement in _schema(statement_ids, csv_columns):
            db.execute(statement)
        for f in frameworks.all:
            fields = (
                f.id,
                f.name,
                f.short_name or None,
                f.regulator or None,
                f.rule,
                _iso(f.in_force),
                _iso(f.replaced),
            )
            _insert(db, "frameworks", [fields])
            _insert(db, "themes", ((f.id, t.id, t.name, i) for i, t in enumerate(f.themes, start=1)))
            _insert(
                db,
                "statements",
                ((f.id, s.id, s.theme_id, s.name, s.asks, i) for i, s in enumerate(f.statements, start=1)),
            )
            _insert(db, "ratings", ((f.id, r.id, r.name, r.rank, r.min_percent, r.max_percent) for r in f.ratings))
        _insert(db, "regions", ((r.id, r.name) for r in site_fw.regions))
        _insert(db, "council_types", ((t.id, t.name) for t in site_fw.council_types))
        categories = {e.id: e for f in frameworks.all for e in f.evidence_categories}
        _insert(db, "evidence_categories", ((e.id, e.name) for e in categories.values()))
        _insert(
            db,
            "councils",
            (
                (c.gss_code, c.slug, c.name, c.type, c.region, c.website, site.url + routes.council_url(c.slug))
                for c in councils
            ),
        )
        _insert(
            db,
            "council_states",
            ((c.gss_code, fw_id, state) for c in councils for fw_id, state in states(c, frameworks).items()),
        )
        for c in councils:
            for a in c.assessments:
                key = (c.gss_code, a.published.isoformat())
                under = frameworks.of(a.framework)
                _insert(db, "assessments", [_assessment_values(row_of(c, a, frameworks, site), integers)])
                _insert(db, "statement_scores", ((*key, under.id, s.id, a.scores.get(s.id)) for s in under.statements))
                rows = _evidence_rows(c, a)
                if rows is not None:
                    evidence, surveys, categories = rows
                    _insert(db, "evidence", [evidence])
                    _insert(db, "surveys", surveys)
                    _insert(db, "statement_evidence", categories)
            context = _context_row(c)
            if context is not None:
                _insert(db, "context", [context])
        db.commit()
        target.unlink(missing_ok=True)  # VACUUM INTO writes only a new file
        db.execute("VACUUM INTO ?", (str(target),))
    finally:
        db.close()
