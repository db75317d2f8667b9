"""Open data: the downloads under /data/ and each council's data.json (the Atom
feeds are written beside them, by `feeds`). Everything is worked out from the checked content; nothing here
reads the clock, so two builds of the same content write the same bytes.

The CSV columns begin with exactly the import's columns, so a download can be
edited and imported again.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import model, routes
from .compare.changes import WHAT_CHANGED_FEED
from .feeds import feed_paths, write_feeds
from .framework import Framework, Frameworks, frameworks_of
from .importer import derived_columns, import_columns
from .markdown import render
from .memo import PerCouncil
from .pages import SiteInfo, finder
from .rounds import states
from .sqlite_export import write_sqlite
from .words import and_list, long_date, the

DATA_DIR = routes.DATA_DIR


@dataclass(frozen=True)
class DataLicence:
    name: str  # e.g. "Creative Commons Attribution 4.0"
    id: str  # an SPDX id, e.g. "CC-BY-4.0"
    url: str
    attribution: str  # how to credit the data


def csv_columns(fw: Framework | Frameworks) -> list[str]:
    """The import's columns, then those worked out here; statements and themes of every
    framework, each row filling those of its own (its `framework` column says which)."""
    return import_columns(fw) + derived_columns(fw)


def assessment_row(c: model.Council, a: model.Assessment, fw: Framework | Frameworks, site: SiteInfo) -> dict[str, str]:
    frameworks = frameworks_of(fw)
    under = frameworks.of(a.framework)
    result = model.overall_result(a, under)
    themes = model.theme_results(a.scores, under)
    row = dict.fromkeys(csv_columns(frameworks), "")
    row.update(
        {
            "gss_code": c.gss_code,
            "name": c.name,
            "slug": c.slug,
            "type": c.type,
            "region": c.region,
            "published": a.published.isoformat(),
            "assessed": a.assessed.isoformat() if a.assessed else "",
            "kind": a.kind,
            "framework": under.id,
            "rating": result.rating.id if result else "",
            "report_url": a.report_url or "",
        }
    )
    row.update({s.id: str(a.scores.get(s.id) or "") for s in under.statements})
    row.update(
        {
            "total": str(result.total) if result else "",
            "maximum": str(result.maximum) if result else "",
            "score_out_of_100": str(result.percent) if result and result.percent is not None else "",
            "position_in_band": model.position_words(result) if result else "",
        }
    )
    row.update({f"theme_{t.id}": themes[t.id].rating.id if themes[t.id] else "" for t in under.themes})
    is_current = a is c.current
    row["page_url"] = site.url + (
        routes.council_url(c.slug) if is_current else routes.assessment_url(c.slug, a.published)
    )
    return row


_lines_of: PerCouncil[list[str]] = PerCouncil()


def council_lines(c: model.Council, fw: Framework | Frameworks, site: SiteInfo) -> list[str]:
    """A council's CSV rows as text, newest first; under `make serve`, worked out again
    only for councils whose files changed."""

    def work_out() -> list[str]:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=csv_columns(fw), lineterminator="\r\n")  # RFC 4180
        lines = []
        for a in c.assessments:
            writer.writerow(assessment_row(c, a, fw, site))
            lines.append(out.getvalue())
            out.seek(0)
            out.truncate()
        return lines

    _lines_of.depend_on(*frameworks_of(fw).all, site)
    return _lines_of.get(c, work_out)


def assessments_csv(
    councils: list[model.Council], fw: Framework | Frameworks, site: SiteInfo, history: bool = False
) -> str:
    """One row per council's current assessment (or, with `history`, per assessment, newest first)."""
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=csv_columns(fw), lineterminator="\r\n").writeheader()
    _lines_of.keep_only(councils)
    for c in councils:
        lines = council_lines(c, fw, site)
        out.writelines(lines if history else lines[:1])
    return out.getvalue()


def council_data(c: model.Council, fw: Framework | Frameworks, site: SiteInfo) -> dict:
    """Everything the site knows about a council, narratives as Markdown and as sanitised HTML;
    each assessment's statements and themes those of its own framework."""
    frameworks = frameworks_of(fw)

    def text(markdown: str, top: int = 3) -> dict[str, str]:
        return {"markdown": markdown, "html": str(render(markdown, top=top))}

    assessments = []
    for a in c.assessments:
        row = assessment_row(c, a, frameworks, site)
        under = frameworks.of(a.framework)
        assessments.append(
            {
                "published": row["published"],
                "framework": under.id,
                "assessed": row["assessed"] or None,
                "kind": a.kind,
                "rating": row["rating"] or None,
                "score_out_of_100": int(row["score_out_of_100"]) if row["score_out_of_100"] else None,
                "total": int(row["total"]) if row["total"] else None,
                "maximum": int(row["maximum"]) if row["maximum"] else None,
                "position_in_band": row["position_in_band"] or None,
                "next_expected": a.next_expected,
                "report_url": a.report_url,
                "page_url": row["page_url"],
                "themes": {t.id: row[f"theme_{t.id}"] or None for t in under.themes},
                "summary": text(a.summary),
                "people_said": text(a.people_said),
                "strengths": [text(s) for s in a.strengths],
                "improvements": [text(s) for s in a.improvements],
                "theme_narratives": {k: text(v) for k, v in a.theme_narratives.items()},
                "statements": {
                    s.id: {
                        "score": a.scores.get(s.id),
                        "findings": text(a.statements[s.id].findings, top=4) if s.id in a.statements else None,
                    }
                    for s in under.statements
                },
                "evidence": _plain(a.evidence),
            }
        )
    return {
        "slug": c.slug,
        "name": c.name,
        "gss_code": c.gss_code,
        "type": c.type,
        "region": c.region,
        "website": c.website,
        "places": list(c.places),
        "previous_slugs": list(c.previous_slugs),
        "page_url": site.url + routes.council_url(c.slug),
        "context": _plain(c.context),
        # One of three under each framework: assessed under it, assessed only under another, not yet assessed.
        "state_under_each_framework": states(c, frameworks),
        "assessments": assessments,
    }


def _plain(value: object) -> dict | None:
    """Evidence or context as JSON values: dates as YYYY-MM-DD, absent parts as null."""
    return dataclasses.asdict(value, dict_factory=_iso_dates) if value is not None else None  # type: ignore[call-overload]


def _iso_dates(pairs: list[tuple[str, object]]) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in pairs}


def last_changed(councils: list[model.Council]) -> date | None:
    """The newest publication date in the content: when the data last changed."""
    return max((a.published for c in councils for a in c.assessments), default=None)


def datapackage(
    fw: Framework | Frameworks,
    site: SiteInfo,
    licence: DataLicence,
    councils: list[model.Council],
    sqlite: bytes | None = None,
) -> dict:
    """A Frictionless Data Package describing the two CSV files and (given its bytes) the SQLite database."""
    frameworks = frameworks_of(fw)
    fw = frameworks.site
    every = frameworks.all
    rating_ids = list(dict.fromkeys(r.id for f in every for r in f.ratings))
    lowest, highest = min(f.min_score for f in every), max(f.max_score for f in every)
    descriptions = {
        "gss_code": "ONS GSS code of the council",
        "name": "The council's name",
        "slug": "The council's address on this site: /councils/<slug>/",
        "type": "Council type: " + ", ".join(t.id for t in fw.council_types),
        "region": "Region id",
        "published": "Date the assessment was published",
        "assessed": "Date of the fieldwork, if known",
        "kind": "formal, or indicative (a pilot, not a formal rating)",
        "framework": "The framework it was made under: "
        + "; ".join(f"{f.id}: the {f.label}, in full “{f.name}”" for f in every),
        "rating": "The rating: under a banded framework the one the scores give, else the one the regulator declared",
        "report_url": "The full official report",
        "total": "Sum of the statement scores",
        "maximum": "Highest possible total for the statements scored",
        "score_out_of_100": "total / maximum × 100, rounded half up (blank where the rating is declared)",
        "position_in_band": "Where the score sits in its rating band, in words",
        "page_url": "The page on this site",
    }
    statement_ids = {s.id for f in every for s in f.statements}
    fields = []
    for name in csv_columns(frameworks):
        field: dict = {"name": name, "type": "string"}
        if name in ("published", "assessed"):
            field["type"] = "date"
        elif name in ("total", "maximum", "score_out_of_100"):
            field["type"] = "integer"
        elif name in statement_ids:
            field.update(type="integer", constraints={"minimum": lowest, "maximum": highest})
            field["description"] = _statement_column(name, every)
        elif name.startswith("theme_"):
            field["description"] = _theme_column(name.removeprefix("theme_"), every)
        if name in ("rating",) or name.startswith("theme_"):
            field["constraints"] = {"enum": rating_ids}
        if name == "framework":
            field["constraints"] = {"enum": frameworks.ids}
        if name == "type":
            field["constraints"] = {"enum": [t.id for t in fw.council_types]}
        if name == "region":
            field["constraints"] = {"enum": [r.id for r in fw.regions]}
        if name == "kind":
            field["constraints"] = {"enum": ["formal", "indicative"]}
        if name in ("gss_code", "name", "slug", "type", "region", "published", "kind", "framework"):
            field.setdefault("constraints", {})["required"] = True
        field.setdefault("description", descriptions.get(name, ""))
        fields.append(field)
    changed = last_changed(councils)

    def resource(name: str, path: str, title: str, key: list[str]) -> dict:
        return {
            "name": name,
            "path": path,
            "title": title,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
            "schema": {"fields": fields, "primaryKey": key, "missingValues": [""]},
        }

    return {
        "name": "council-adult-social-care-assessments",
        "title": f"{site.name}: assessments",
        "description": "Assessments under "
        + " and ".join(f"the {f.name} framework" for f in every)
        + f", as published on {site.url}",
        "homepage": site.url + DATA_DIR,
        "version": changed.isoformat() if changed else "none",
        "licenses": [{"name": licence.id, "title": licence.name, "path": licence.url}],
        "sources": [{"title": r} for r in dict.fromkeys(f.regulator for f in every if f.regulator)],
        "contributors": [{"title": site.publisher or site.name, "role": "publisher"}],
        "x_attribution": licence.attribution,
        "resources": [
            resource("assessments", "assessments.csv", "Each council's current assessment", ["gss_code"]),
            resource("assessments-all", "assessments-all.csv", "Every assessment", ["gss_code", "published"]),
        ]
        + ([sqlite_resource(sqlite)] if sqlite is not None else []),
    }


def _statement_column(statement_id: str, every: tuple[Framework, ...]) -> str:
    """What a statement's column holds, under each framework that has the statement."""
    having = [f for f in every if any(s.id == statement_id for s in f.statements)]
    named = [f"'{f.statement(statement_id).name}' under the {f.label}" for f in having]
    return (
        f"Score for the quality statement {and_list(named, 'or')} "
        "(blank: not scored, or not in the assessment's framework)"
    )


def _theme_column(theme_id: str, every: tuple[Framework, ...]) -> str:
    """What a theme's column holds: a sub-rating this site derives under a framework of bands;
    always blank under a framework whose ratings are declared, which has no sub-ratings."""
    having = [f for f in every if any(t.id == theme_id for t in f.themes)]
    derived = [f"'{f.theme(theme_id).name}' under the {f.label}" for f in having if not f.declared]
    declared = [f"'{f.theme(theme_id).name}' under the {f.label}" for f in having if f.declared]
    why = "where the regulator declares only the overall rating and this site derives no sub-ratings"
    if not derived:
        return f"Always blank: it is the theme {and_list(declared)}, {why}"
    words = f"Sub-rating derived by this site from the statement scores, for the theme {and_list(derived)}"
    if declared:
        words += f"; blank for the theme {and_list(declared)}, {why}"
    if len(having) < len(every):
        words += "; blank in the rows of a framework without this theme"
    return words


def sqlite_resource(data: bytes) -> dict:
    """The database as a file resource: its size and hash, which frictionless checks."""
    return {
        "name": "assessments-sqlite",
        "path": "assessments.sqlite",
        "title": "Every assessment, with councils, statement scores, evidence and local context, as SQLite",
        "type": "file",
        "format": "sqlite",
        "mediatype": "application/vnd.sqlite3",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }


def open_data_files(fw: Framework | Frameworks, councils: list[model.Council]) -> list[str]:
    """Every file `write_open_data` writes, site-relative, besides each council's data.json."""
    downloads = ("assessments.csv", "assessments-all.csv", "assessments.json", "assessments.sqlite", "datapackage.json")
    return (
        [DATA_DIR + name for name in downloads] + [path for path, _ in feed_paths(fw, councils)] + [WHAT_CHANGED_FEED]
    )


def write_open_data(
    site_dir: Path,
    councils: list[model.Council],
    fw: Framework | Frameworks,
    site: SiteInfo,
    licence: DataLicence,
    data_json: Callable[[model.Council], bytes | None] = lambda c: None,
) -> int:
    """Write every download and feed into the built site; returns how many files.
    Each council's data.json (`council_data`) must be written first; `data_json` gives
    those already in memory (under `make serve`), the rest are read back."""
    fw = frameworks_of(fw)
    data = site_dir / DATA_DIR
    data.mkdir(parents=True, exist_ok=True)
    (data / "assessments.csv").write_text(assessments_csv(councils, fw, site), encoding="utf-8", newline="")
    (data / "assessments-all.csv").write_text(
        assessments_csv(councils, fw, site, history=True), encoding="utf-8", newline=""
    )
    # Made from each council's data.json, already written with its pages, one at a time so
    # memory stays flat however many councils there are.
    # Bytes to bytes: each is UTF-8 already.
    with (data / "assessments.json").open("wb") as everything:
        everything.write(b'{"councils": [\n')
        for i, c in enumerate(councils):
            kept = data_json(c)
            record = kept if kept is not None else (site_dir / routes.council_url(c.slug) / "data.json").read_bytes()
            everything.write((b",\n" if i else b"") + record.removesuffix(b"\n"))
        everything.write(b"\n]}\n")
    write_sqlite(data / "assessments.sqlite", councils, fw, site, csv_columns(fw), assessment_row)
    package = datapackage(fw, site, licence, councils, (data / "assessments.sqlite").read_bytes())
    (data / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 5 + write_feeds(site_dir, councils, fw, site)


def _sources(frameworks: Frameworks) -> str:
    """Who published the assessments: one regulator, or each with the framework it assesses under."""
    every = [f for f in frameworks.all if f.regulator]
    if len({f.regulator for f in every}) < 2:
        who = "by " + (the(every[0].regulator) if every else "the regulator")
    else:
        who = and_list([f"by {the(f.regulator)} under the {f.label}" for f in every])
    return f"The assessments and their scores are published {who}."


def _derived(frameworks: Frameworks) -> str:
    """What this site works out from the scores, true under every framework on the site."""
    banded = [f for f in frameworks.all if not f.declared]
    declared = [f for f in frameworks.all if f.declared]
    words = []
    if banded:
        under = f", under the {and_list([f.label for f in banded])}," if declared else ""
        words.append(
            f"The scores out of 100, positions in band, theme sub-ratings and everything else marked as derived are "
            f"worked out by this site from the published scores{under} by fixed rules."
        )
    if declared:
        words.append(
            f"Under the {and_list([f.label for f in declared])} the regulator declares each rating, so there is no "
            "score out of 100, position in band or theme sub-rating: those columns are blank in its rows."
        )
    return " ".join(words)


@dataclass(frozen=True)
class DataFile:
    path: str  # site-relative
    description: str


@dataclass(frozen=True)
class DataPage:
    """The context of /data/: the downloads, their columns, the licence."""

    files: tuple[DataFile, ...]
    columns: tuple[tuple[str, str, str], ...]  # (name, type, meaning) of the CSV columns
    licence_name: str
    licence_url: str
    attribution: str
    sources: str  # who published the assessments and their scores, under which framework
    derived: str  # what this site works out from them, and what it cannot under a declared framework
    last_changed: str | None  # long date of the newest assessment
    postcodes: str  # the postcode finder's data, its edition and credit; "" when the finder is off


def data_page(
    councils: list[model.Council], fw: Framework | Frameworks, site: SiteInfo, licence: DataLicence
) -> DataPage:
    package = datapackage(fw, site, licence, councils)
    frameworks = frameworks_of(fw)
    fw = frameworks.site
    changed = last_changed(councils)
    files = [
        DataFile(
            DATA_DIR + "assessments.csv",
            "Each council's current assessment (its newest, under any framework), one row per council; a council "
            "not yet assessed has no row (CSV, UTF-8).",
        ),
        DataFile(
            DATA_DIR + "assessments-all.csv", "Every assessment, earlier ones included, newest first per council."
        ),
        DataFile(
            DATA_DIR + "assessments.json",
            "The full structured content, narratives included as Markdown and as sanitised HTML, and each "
            "council's state under each framework (assessed, other-framework: assessed only under another, or "
            "not-yet-assessed). Each council's is also at /councils/<slug>/data.json.",
        ),
        DataFile(
            DATA_DIR + "assessments.sqlite",
            "Every assessment as one SQLite database, ready for Datasette or any SQLite tool: tables of councils, "
            "each council's state under each framework (council_states: assessed, other-framework or "
            "not-yet-assessed), assessments (the rows of assessments-all.csv), statement scores, evidence, "
            "surveys and local context, with the frameworks' names, joined by primary and foreign keys.",
        ),
        DataFile(
            DATA_DIR + "datapackage.json", "A Frictionless Data Package describing the CSV files and the database."
        ),
        DataFile("feed.xml", "An Atom feed of published assessments, newest first."),
    ]
    files += [DataFile(path, f"The same feed for {fw.region(r).name}.") for path, r in feed_paths(fw, councils) if r]
    files.append(DataFile(WHAT_CHANGED_FEED, "An Atom feed of what changed: each council assessed more than once."))
    return DataPage(
        files=tuple(files),
        columns=tuple(
            (f["name"], f["type"], f.get("description", "")) for f in package["resources"][0]["schema"]["fields"]
        ),
        licence_name=licence.name,
        licence_url=licence.url,
        attribution=licence.attribution,
        sources=_sources(frameworks),
        derived=_derived(frameworks),
        last_changed=long_date(changed) if changed else None,
        postcodes=finder.data_credit(site.postcodes) if site.postcodes else "",
    )
