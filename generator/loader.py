"""Read and check council files, collecting every problem with its position.

YAML is composed into nodes (not plain Python objects) so that each problem
can name the line and column it came from. Fields are read by the schema in
`schema.py`; checks that span fields (dates, ratings, duplicates) follow.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from . import model
from .framework import Framework, Frameworks, frameworks_of
from .hexmap import HexMap, councils_without_hex, read_hexjson
from .parallel import read_in_workers
from .problems import ContentError, Problem, Severity, display_path
from .schema import (
    ASSESSMENT_FIELDS,
    CONTEXT_FIELDS,
    COUNCIL_FIELDS,
    EVIDENCE_FIELDS,
    GSS_PATTERN,
    ORDERED_DATES,
    SLUG_PATTERN,
    STATEMENT_FIELDS,
    Field,
)

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

COUNCIL_SUFFIXES = (".yml", ".yaml")
_MISSING = object()


@dataclass
class Content:
    """Everything under a content folder that passed the checks."""

    councils: list[model.Council]  # sorted by name
    warnings: list[Problem] = field(default_factory=list)


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value; put it in quotes if you meant text)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime | date):
        return "a date"
    return "text"


class FileReader:
    """Reads one file's nodes by the schema, noting problems as it goes: council files here,
    framework files in framework_file.py."""

    def __init__(self, path: str, framework: Framework | Frameworks, today: date):
        self.path = path
        self.frameworks = frameworks_of(framework)
        self.framework = self.frameworks.site  # while an assessment is read, the one it is under
        self.today = today
        self.problems: list[Problem] = []
        self.lines: list[str] = []  # the file's text, to see what YAML left out as a comment
        self._constructor = yaml.constructor.SafeConstructor()

    def note(self, node: yaml.Node | None, fieldpath: str, message: str, severity: Severity = "error") -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.path, line, column, fieldpath, message, severity))

    # --- structure ---

    def mapping(
        self, node: yaml.Node, fieldpath: str, fields: tuple[Field, ...]
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """The fields of a mapping node, with unknown, duplicate and missing fields noted."""
        if not isinstance(node, yaml.MappingNode):
            self.note(node, fieldpath or "(file)", f"expected a mapping of fields, found {self.kind_of(node)}")
            return None
        known = [f.name for f in fields]
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = f"{fieldpath}.{key}" if fieldpath else str(key)
            if key not in known:
                self.note(key_node, where, "unknown field" + did_you_mean(str(key), known))
            elif key in found:
                self.note(key_node, where, f"field given twice (first on line {found[key][0].start_mark.line + 1})")
            else:
                found[key] = (key_node, value_node)
        for f in fields:
            if f.required and (f.name not in found or self.is_null(found[f.name][1])):
                at = found[f.name][1] if f.name in found else node
                where = f"{fieldpath}.{f.name}" if fieldpath else f.name
                self.note(at, where, "required field is missing")
        return found

    def id_mapping(
        self, node: yaml.Node, fieldpath: str, ids: list[str], what: str
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping keyed by framework ids (statements or themes)."""
        if not isinstance(node, yaml.MappingNode):
            self.note(node, fieldpath, f"expected a mapping keyed by {what} id, found {self.kind_of(node)}")
            return {}
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            where = f"{fieldpath}.{key}"
            if key not in ids:
                self.note(key_node, where, f"unknown {what}" + did_you_mean(key, ids))
            elif key in found:
                self.note(key_node, where, f"given twice (first on line {found[key][0].start_mark.line + 1})")
            else:
                found[key] = (key_node, value_node)
        return found

    def is_null(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"

    def kind_of(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        if self.is_null(node):
            return "nothing"
        return describe(self.construct(node, "", quiet=True))

    def construct(self, node: yaml.Node, fieldpath: str, quiet: bool = False) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            if not quiet:
                reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else exc
                self.note(node, fieldpath, f"value cannot be read: {reason}")
            return _MISSING

    # --- values ---

    def value(self, f: Field, node: yaml.Node, fieldpath: str) -> Any:
        """Read one scalar or list field by its kind; _MISSING (with a problem noted) if invalid."""
        if self.is_null(node):
            return _MISSING
        if f.kind == "list":
            if not isinstance(node, yaml.SequenceNode):
                self.note(node, fieldpath, f"expected a list, found {self.kind_of(node)}")
                return _MISSING
            item = Field(f.name, f.item or "text", False, "")
            items = [self.value(item, n, f"{fieldpath}[{i}]") for i, n in enumerate(node.value)]
            return [v for v in items if v is not _MISSING]
        if not isinstance(node, yaml.ScalarNode):
            self.note(node, fieldpath, f"expected {self.expected(f)}, found {self.kind_of(node)}")
            return _MISSING
        raw = self.construct(node, fieldpath)
        if raw is _MISSING:
            return _MISSING
        check = getattr(self, f"_{f.kind}")
        return check(f, node, fieldpath, raw)

    def expected(self, f: Field) -> str:
        return {
            "text": "text",
            "markdown": "Markdown text",
            "date": "a date (YYYY-MM-DD)",
            "url": "a web address",
            "integer": "a whole number",
            "number": "a number",
            "percent": "a percentage from 0 to 100",
            "rank": "a rank: a whole number from 1",
            "year": "a year, such as 2024",
            "later_year": "a year, such as 2029",
            "framework": "a framework id",
            "boolean": "true or false",
            "category": "an evidence category id",
            "score": f"a whole-number score from {self.framework.min_score} to {self.framework.max_score}",
            "enum": "one of the listed ids",
        }.get(f.kind, f.kind)

    def _text(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if not isinstance(raw, str):
            self.note(node, fieldpath, f"expected {self.expected(f)}, found {describe(raw)}")
            return _MISSING
        if f.kind == "text" and not raw.strip():
            self.note(node, fieldpath, "must not be empty")
            return _MISSING
        if f.kind == "markdown":
            self.comment_after(node, fieldpath)
        return raw.strip() if f.kind == "text" else raw

    def comment_after(self, node: yaml.Node, fieldpath: str) -> None:
        """Unquoted text stops at ` #`: YAML reads the rest of the line as a comment, and the
        narrative would lose it without a word."""
        if node.style not in (None, "") or node.end_mark.line >= len(self.lines):  # plain style only
            return
        rest = self.lines[node.end_mark.line][node.end_mark.column :].strip()
        if rest.startswith("#"):
            cut = rest if len(rest) <= 30 else rest[:29] + "…"
            self.note(
                node,
                fieldpath,
                f"'{cut}' was read as a comment and left out of the text: write this text as a block with |",
                "warning",
            )

    _markdown = _text

    def _date(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, datetime):
            raw = raw.date()
        if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            try:  # quoted, as yaml.dump, many editors and the JSON Schema write dates
                raw = date.fromisoformat(raw.strip())
            except ValueError:
                self.note(node, fieldpath, f"{raw.strip()} is not a real date")
                return _MISSING
        if not isinstance(raw, date):
            self.note(node, fieldpath, f"not a date: write it as YYYY-MM-DD, for example {self.today.isoformat()}")
            return _MISSING
        if raw > self.today:
            self.note(node, fieldpath, f"date {raw.isoformat()} is in the future")
        return raw

    def _url(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if not isinstance(raw, str) or not re.match(r"^https?://[^\s/]+\.[^\s]*$", raw.strip()):
            self.note(node, fieldpath, "expected a web address starting with https:// or http://")
            return _MISSING
        return raw.strip()

    def _integer(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            self.note(node, fieldpath, f"expected a whole number of 0 or more, found {describe(raw)}")
            return _MISSING
        return raw

    def _number(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        top = 100 if f.kind == "percent" else None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0 or (top is not None and raw > top):
            found = describe(raw) if isinstance(raw, bool) or not isinstance(raw, int | float) else raw
            self.note(node, fieldpath, f"expected {self.expected(f)}{'' if top else ' of 0 or more'}, found {found}")
            return _MISSING
        return raw

    _percent = _number

    def _rank(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            found = raw if isinstance(raw, int) and not isinstance(raw, bool) else describe(raw)
            self.note(node, fieldpath, f"expected a rank, a whole number from 1 (the most deprived), found {found}")
            return _MISSING
        return raw

    def _year(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1900 <= raw <= self.today.year:
            found = raw if isinstance(raw, int) and not isinstance(raw, bool) else describe(raw)
            self.note(node, fieldpath, f"expected a year from 1900 to {self.today.year}, found {found}")
            return _MISSING
        return raw

    def _later_year(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1900 <= raw <= 2100:
            found = raw if isinstance(raw, int) and not isinstance(raw, bool) else describe(raw)
            self.note(node, fieldpath, f"expected a year, such as 2029, found {found}")
            return _MISSING
        return raw

    def _framework(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        ids = self.frameworks.ids
        if not isinstance(raw, str) or raw not in ids:
            hint = did_you_mean(str(raw), ids) or f" (this site has: {', '.join(ids)})"
            self.note(node, fieldpath, f"unknown framework '{raw}'{hint}")
            return _MISSING
        return raw

    def _boolean(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if not isinstance(raw, bool):
            self.note(node, fieldpath, f"expected true or false, found {describe(raw)}")
            return _MISSING
        return raw

    def _category(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        ids = [e.id for e in self.framework.evidence_categories]
        if not isinstance(raw, str) or raw not in ids:
            hint = did_you_mean(str(raw), ids) or f" (one of: {', '.join(ids)})"
            self.note(node, fieldpath, f"unknown evidence category '{raw}'{hint}")
            return _MISSING
        return raw

    def _score(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        lo, hi = self.framework.min_score, self.framework.max_score
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self.note(node, fieldpath, f"score must be a whole number from {lo} to {hi}, found {describe(raw)}")
            return _MISSING
        if isinstance(raw, float) and not raw.is_integer():
            self.note(node, fieldpath, f"score must be a whole number from {lo} to {hi}, found {raw}")
            return _MISSING
        if not lo <= raw <= hi:
            self.note(node, fieldpath, f"score must be from {lo} to {hi}, found {int(raw)}")
            return _MISSING
        if isinstance(raw, float):
            self.note(node, fieldpath, f"score must be a whole number from {lo} to {hi}, found {raw}")
            return _MISSING
        return raw

    def _enum(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        choices = {
            "region": ([r.id for r in self.framework.regions], "region"),
            "type": ([t.id for t in self.framework.council_types], "council type"),
            "rating": ([r.id for r in self.framework.ratings], "rating"),
        }.get(f.name, (list(f.enum), f.name))
        ids, what = choices
        if not isinstance(raw, str) or raw not in ids:
            hint = did_you_mean(str(raw), ids) or f" (one of: {', '.join(ids)})"
            self.note(node, fieldpath, f"unknown {what} '{raw}'{hint}")
            return _MISSING
        return raw

    def fields(
        self, node: yaml.Node, fieldpath: str, fields: tuple[Field, ...]
    ) -> tuple[dict[str, Any], dict[str, yaml.Node]] | None:
        """Read the plain (non-nested) fields of a mapping. Returns values and their nodes."""
        found = self.mapping(node, fieldpath, fields)
        if found is None:
            return None
        values: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        by_name = {f.name: f for f in fields}
        for name, (_key, value_node) in found.items():
            nodes[name] = value_node
            f = by_name[name]
            if f.kind == "mapping" or (f.kind == "list" and f.children):
                continue  # nested: read by the caller
            v = self.value(f, value_node, f"{fieldpath}.{name}" if fieldpath else name)
            if v is not _MISSING:
                values[name] = v
        return values, nodes


def read_record(reader: FileReader, node: yaml.Node, fieldpath: str, fields: tuple[Field, ...]) -> dict | None:
    """A mapping's fields, nested mappings and lists of them included, as plain values (the
    evidence, the local context, a whole framework file); dates that must not run backwards checked."""
    got = reader.fields(node, fieldpath, fields)
    if got is None:
        return None
    values, nodes = got
    by_name = {f.name: f for f in fields}
    for name, value_node in nodes.items():
        f, where = by_name[name], f"{fieldpath}.{name}" if fieldpath else name
        if reader.is_null(value_node):
            continue
        if f.kind == "mapping" and f.children:
            record = read_record(reader, value_node, where, f.children)
            if record is not None:
                values[name] = record
        elif f.kind == "list" and f.children:
            if not isinstance(value_node, yaml.SequenceNode):
                reader.note(value_node, where, f"expected a list, found {reader.kind_of(value_node)}")
                continue
            items = [read_record(reader, item, f"{where}[{i}]", f.children) for i, item in enumerate(value_node.value)]
            values[name] = [item for item in items if item is not None]
        elif f.kind == "mapping" and f.keyed_by == "score":  # a line of text per whole-number score
            if not isinstance(value_node, yaml.MappingNode):
                reader.note(value_node, where, f"expected a mapping of scores, found {reader.kind_of(value_node)}")
                continue
            by_score: dict[int, Any] = {}
            for key_node, v in value_node.value:
                key = reader.construct(key_node, where, quiet=True)
                at = f"{where}.{key_node.value}"
                if isinstance(key, bool) or not isinstance(key, int) or key < 1:
                    reader.note(key_node, at, "expected a whole-number score from 1 as the key")
                elif key in by_score:
                    reader.note(key_node, at, "score given twice")
                elif (text := reader.value(Field(str(key), f.item or "text", False, ""), v, at)) is not _MISSING:
                    by_score[key] = text
            values[name] = by_score
        elif f.kind == "mapping" and f.keyed_by == "statement":  # each statement's list of categories
            ids = [s.id for s in reader.framework.statements]
            listed = {}
            for sid, (_k, v) in reader.id_mapping(value_node, where, ids, "quality statement").items():
                found = reader.value(Field(sid, "list", False, "", item=f.item), v, f"{where}.{sid}")
                if found is not _MISSING:
                    listed[sid] = tuple(dict.fromkeys(found))
            values[name] = listed
    for start, end in ORDERED_DATES:
        if start in values and end in values and values[end] < values[start]:
            reader.note(
                nodes[end],
                f"{fieldpath}.{end}" if fieldpath else end,
                f"{end} {values[end].isoformat()} is before {start} {values[start].isoformat()}",
            )
    return values


def _local_context(values: dict) -> model.LocalContext:
    deprivation, finance = values.pop("deprivation", None), values.pop("finance", None)
    return model.LocalContext(
        **values,
        deprivation=model.Deprivation(**deprivation) if deprivation else None,
        finance=model.Finance(**finance) if finance else None,
    )


def _evidence(values: dict) -> model.Evidence:
    heard, team, check = values.pop("heard_from", None), values.pop("team", None), values.pop("factual_accuracy", None)
    surveys = tuple(model.Survey(s["name"], s["from"], s["to"]) for s in values.pop("surveys", ()))
    return model.Evidence(
        **values,
        heard_from=model.HeardFrom(**heard) if heard else None,
        surveys=surveys,
        team=model.Team(**team) if team else None,
        factual_accuracy=model.AccuracyCheck(**check) if check else None,
    )


def _read_council(reader: FileReader, root: yaml.Node, slug: str) -> model.Council | None:
    fw = reader.framework
    got = reader.fields(root, "", COUNCIL_FIELDS)
    if got is None:
        return None
    values, nodes = got

    gss = values.get("gss_code")
    if gss is not None and not re.match(GSS_PATTERN, gss):
        reader.note(
            nodes["gss_code"],
            "gss_code",
            f"'{gss}' is not an English council GSS code (E06, E08, E09 or E10 then six digits)",
        )
        gss = None
    ctype = values.get("type")
    if gss and ctype:
        prefix = fw.council_type(ctype).gss_prefix
        if not gss.startswith(prefix):
            reader.note(
                nodes["gss_code"], "gss_code", f"code {gss} does not match type '{ctype}', whose codes begin {prefix}"
            )

    previous_slugs: list[str] = []
    slugs_node = nodes.get("previous_slugs")
    read_ok = set(values.get("previous_slugs", ()))  # items that are text at all (others are already noted)
    for i, item_node in enumerate(slugs_node.value if isinstance(slugs_node, yaml.SequenceNode) else ()):
        old = str(item_node.value).strip() if isinstance(item_node, yaml.ScalarNode) else ""
        field = f"previous_slugs[{i}]"
        if old not in read_ok:
            continue
        if not re.match(SLUG_PATTERN, old):
            reader.note(item_node, field, f"'{old}' is not a slug (lower-case letters, digits and hyphens)")
        elif old == slug:
            reader.note(item_node, field, f"'{old}' is this council's own slug")
        elif old in previous_slugs:
            reader.note(item_node, field, f"'{old}' is listed twice")
        else:
            previous_slugs.append(old)

    context = None
    if "context" in nodes and not reader.is_null(nodes["context"]):
        record = read_record(reader, nodes["context"], "context", CONTEXT_FIELDS)
        if record is not None:
            context = _local_context(record)

    assessments: list[model.Assessment] = []
    seen_dates: dict[date, int] = {}
    list_node = nodes.get("assessments")
    if list_node is not None and not reader.is_null(list_node):
        if not isinstance(list_node, yaml.SequenceNode):
            reader.note(list_node, "assessments", f"expected a list, found {reader.kind_of(list_node)}")
        else:
            for i, item in enumerate(list_node.value):
                a, published = _read_assessment(reader, item, f"assessments[{i}]")
                if published is not None and published in seen_dates:
                    reader.note(
                        item.value[[k.value for k, _ in item.value].index("published")][1],
                        f"assessments[{i}].published",
                        f"two assessments published on {published.isoformat()} "
                        f"(the other is assessments[{seen_dates[published]}])",
                    )
                    continue
                if published is not None:
                    seen_dates[published] = i
                if a is not None:
                    assessments.append(a)

    if any(p.is_error for p in reader.problems):
        return None
    assessments.sort(key=lambda a: a.published, reverse=True)

    return model.Council(
        slug=slug,
        name=values["name"],
        gss_code=values["gss_code"],
        type=values["type"],
        region=values["region"],
        website=values.get("website"),
        places=tuple(values.get("places", ())),
        previous_slugs=tuple(previous_slugs),
        context=context,
        assessments=tuple(assessments),
        source=reader.path,
        gss_code_at=(nodes["gss_code"].start_mark.line + 1, nodes["gss_code"].start_mark.column + 1),
    )


def _read_assessment(
    reader: FileReader, node: yaml.Node, fieldpath: str
) -> tuple[model.Assessment | None, date | None]:
    """The assessment (None if it has errors) and its publication date (None if unreadable).
    It is read under its own framework: its scores, statements and rating are that one's."""
    reader.framework = _framework_of(reader, node)
    try:
        return _read_assessment_under(reader, node, fieldpath)
    finally:
        reader.framework = reader.frameworks.site


def _framework_of(reader: FileReader, node: yaml.Node) -> Framework:
    """The framework an assessment names, else the one in force on its published date
    (whether either is readable is checked with its other fields)."""
    given = (
        {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if isinstance(node, yaml.MappingNode)
        else {}
    )
    named = given.get("framework")
    published, day = given.get("published"), None
    if isinstance(published, yaml.ScalarNode):
        with contextlib.suppress(ValueError):  # the date's own problems are noted with the other fields
            day = date.fromisoformat(str(published.value).strip())
    name = None if named is None else str(named.value) if isinstance(named, yaml.ScalarNode) else ""
    return reader.frameworks.under(name, day)


def _read_assessment_under(
    reader: FileReader, node: yaml.Node, fieldpath: str
) -> tuple[model.Assessment | None, date | None]:
    fw = reader.framework
    errors_before = sum(p.is_error for p in reader.problems)
    got = reader.fields(node, fieldpath, ASSESSMENT_FIELDS)
    if got is None:
        return None, None
    values, nodes = got

    published, assessed = values.get("published"), values.get("assessed")
    if published and assessed and assessed > published:
        reader.note(
            nodes["assessed"],
            f"{fieldpath}.assessed",
            f"assessed {assessed.isoformat()} is after published {published.isoformat()}",
        )

    themes: dict[str, str] = {}
    if "themes" in nodes and not reader.is_null(nodes["themes"]):
        theme_ids = [t.id for t in fw.themes]
        for tid, (_k, v) in reader.id_mapping(nodes["themes"], f"{fieldpath}.themes", theme_ids, "theme").items():
            text = reader.value(Field(tid, "markdown", False, ""), v, f"{fieldpath}.themes.{tid}")
            if text is not _MISSING:
                themes[tid] = text

    statements: dict[str, model.StatementEntry] = {}
    if "statements" in nodes and not reader.is_null(nodes["statements"]):
        statement_ids = [s.id for s in fw.statements]
        where = f"{fieldpath}.statements"
        found = reader.id_mapping(nodes["statements"], where, statement_ids, "quality statement")
        nodes_of: dict[str, yaml.Node] = {}
        for sid, (_k, v) in found.items():
            got_s = reader.fields(v, f"{where}.{sid}", STATEMENT_FIELDS)
            if got_s is None:
                continue
            s_values, s_nodes = got_s
            statements[sid] = model.StatementEntry(sid, s_values.get("score"), s_values.get("findings", ""))
            nodes_of[sid] = v
        # Scores alone are a score-only assessment; findings for some statements and not
        # others are more likely findings left out.
        if any(e.findings.strip() for e in statements.values()):
            for sid, entry in statements.items():
                if entry.score is not None and not entry.findings.strip():
                    reader.note(
                        nodes_of[sid], f"{where}.{sid}", "scored statement has no findings, as others have", "warning"
                    )
        no_errors_in_statements = all(not (p.is_error and p.field.startswith(where)) for p in reader.problems)
        if no_errors_in_statements and not any(e.score is not None for e in statements.values()):
            reader.note(
                nodes["statements"],
                where,
                f"no quality statement is scored; score at least one from {fw.min_score} to {fw.max_score}",
            )

    declared = values.get("rating")
    result = model.score((e.score for e in statements.values()), fw) if not fw.declared else None
    if fw.declared and not declared and "rating" not in nodes:
        reader.note(
            node,
            f"{fieldpath}.rating",
            f"required under {fw.id}, whose rating the regulator declares: one of "
            + ", ".join(r.id for r in fw.ratings),
        )
    if declared and result and declared != result.rating.id:
        band = result.rating
        reader.note(
            nodes["rating"],
            f"{fieldpath}.rating",
            f"declared rating '{declared}' disagrees with the scores: they total {result.total} of "
            f"{result.maximum} = {result.exact_percent:.1f}%, which rounds to {result.percent}, "
            f"so the rating is '{band.id}' ({band.min_percent}–{band.max_percent})",
        )

    evidence = None
    if "evidence" in nodes and not reader.is_null(nodes["evidence"]):
        record = read_record(reader, nodes["evidence"], f"{fieldpath}.evidence", EVIDENCE_FIELDS)
        if record:  # an empty mapping says nothing
            evidence = _evidence(record)

    expected = values.get("next_expected")
    if expected is not None and published and expected < published.year:
        reader.note(
            nodes["next_expected"],
            f"{fieldpath}.next_expected",
            f"next_expected {expected} is before the year it was published, {published.year}",
        )

    if sum(p.is_error for p in reader.problems) > errors_before or published is None:
        return None, published
    return model.Assessment(
        framework=fw.id,
        next_expected=expected,
        published=values["published"],
        assessed=assessed,
        kind=values.get("kind", "formal"),
        report_url=values.get("report_url"),
        declared_rating=declared,
        summary=values.get("summary", ""),
        people_said=values.get("people_said", ""),
        strengths=tuple(values.get("strengths", ())),
        improvements=tuple(values.get("improvements", ())),
        theme_narratives=themes,
        statements=statements,
        evidence=evidence,
    ), published


def compose_file(reader: FileReader, raw: bytes) -> yaml.Node | None:
    """A file's YAML as nodes (with their positions), or None with the problem noted."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        reader.problems.append(
            Problem(reader.path, line, column, "(file)", "the file is not UTF-8 text; save it as UTF-8")
        )
        return None
    reader.lines = text.splitlines()
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in reader.lines):
        reader.note(None, "(file)", "the file is empty")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "unreadable YAML"
        if what.startswith("mapping values are not allowed"):
            what += (
                ": a ': ' inside unquoted text starts a new field; put the whole text in quotes, "
                "or write it as a block with | on the line of its field name"
            )
        context = f" ({exc.context})" if exc.context else ""
        reader.problems.append(Problem(reader.path, line, column, "(file)", f"YAML syntax error: {what}{context}"))
        return None
    except yaml.YAMLError as exc:
        reader.note(None, "(file)", f"YAML syntax error: {exc}")
        return None
    if node is None:
        reader.note(None, "(file)", "the file is empty")
        return None
    if not isinstance(node, yaml.MappingNode):
        reader.note(node, "(file)", f"the file must be a mapping of fields (name: …), found {reader.kind_of(node)}")
        return None
    return node


def read_council(
    raw: bytes, path: str, slug: str, framework: Framework | Frameworks, today: date | None = None
) -> tuple[model.Council, list[Problem]]:
    """Read one council file. Raises ContentError (with every problem) if it has errors;
    otherwise returns the council and any warnings."""
    reader = FileReader(path, framework, today or date.today())
    if not re.match(SLUG_PATTERN, slug):
        reader.note(
            None,
            "(file)",
            f"file name '{slug}' is not a valid slug: use lower-case letters, "
            "digits and single hyphens, like 'north-vale.yml'",
        )
    node = compose_file(reader, raw)
    council = _read_council(reader, node, slug) if node is not None else None
    if council is None or any(p.is_error for p in reader.problems):
        if not any(p.is_error for p in reader.problems):  # pragma: no cover - defensive
            reader.note(None, "(file)", "the file could not be read")
        raise ContentError(reader.problems)
    return council, reader.problems


def load_files(paths: list[Path], framework: Framework | Frameworks, today: date | None = None) -> Content:
    """Check single council files (without the checks across a folder's files)."""
    day = today or date.today()
    read = _read_all([(display_path(p), p.stem, p) for p in paths], framework, day)
    problems = sorted(p for _, notes in read for p in notes)
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return Content(_by_name([c for c, _ in read if c is not None]), problems)


def load_content(
    councils_dir: Path,
    hexjson: Path,
    framework: Framework | Frameworks,
    today: date | None = None,
    memo: ReadMemo | None = None,
) -> tuple[Content, HexMap | None]:
    """The council files and the hex map (where `hexjson` exists), as `check` and the build
    read them: every problem in both, and a warning for each council the map leaves out."""
    problems: list[Problem] = []
    content, hexmap = None, None
    try:
        content = load_councils(councils_dir, framework, today, memo=memo)
    except ContentError as exc:
        problems += exc.problems
    try:
        hexmap = read_hexjson(hexjson) if hexjson.is_file() else None
    except ContentError as exc:
        problems += exc.problems
    if problems:
        raise ContentError(problems)
    assert content is not None
    if hexmap is not None:
        content.warnings = sorted(content.warnings + councils_without_hex(hexmap, content.councils))
    return content, hexmap


def _by_name(councils: list[model.Council]) -> list[model.Council]:
    return sorted(councils, key=lambda c: (model.sort_name(c.name).lower(), c.slug))


def council_files(councils_dir: Path) -> list[Path]:
    if not councils_dir.is_dir():
        return []
    return sorted(p for p in councils_dir.iterdir() if p.suffix in COUNCIL_SUFFIXES and p.is_file())


ReadMemo = dict[tuple[str, bytes, date], tuple[model.Council, list[Problem]]]
ReadResult = tuple[model.Council | None, list[Problem]]  # no council: the problems include an error

PARALLEL_FROM = 1000  # files: below this, starting worker processes costs more than it saves
Source = bytes | Path  # a file's contents, or where to read them (in the worker that reads it)
FileToRead = tuple[str, str, Source]  # (shown path, slug, contents or path)


def _read_one(unread: tuple[list[FileToRead], Framework, date], i: int) -> ReadResult:
    files, framework, today = unread
    shown, slug, source = files[i]
    try:
        return read_council(_contents(source), shown, slug, framework, today)
    except ContentError as exc:  # the problems, not the exception: they may go back through a pipe
        return None, exc.problems


def _contents(source: Source) -> bytes:
    return source.read_bytes() if isinstance(source, Path) else source


def _read_all(files: list[FileToRead], framework: Framework | Frameworks, today: date) -> list[ReadResult]:
    """Read council files, across every core when there are many: parsing YAML is most of a
    cold build's loading time. Each worker reads its files itself, unless their contents
    are given."""
    unread = (files, framework, today)
    workers = os.cpu_count() or 1
    if workers < 2 or len(files) < PARALLEL_FROM:
        return [_read_one(unread, i) for i in range(len(files))]
    return read_in_workers(_read_one, unread, len(files), workers, chunksize=64)


def load_councils(
    councils_dir: Path,
    framework: Framework | Frameworks,
    today: date | None = None,
    overrides: dict[Path, bytes] | None = None,
    memo: ReadMemo | None = None,
) -> Content:
    """Load and check every council file in a folder, and the checks across files.

    `overrides` supplies file contents to use instead of what is on disk (the
    import checks its result this way before writing anything). `memo` keeps
    each file's result by its exact bytes, so `make serve` reads again only the
    files that changed, and gives back the same objects for the others.
    Raises ContentError with every problem in every file if any is an error.
    """
    overrides = overrides or {}
    problems: list[Problem] = []
    councils: list[model.Council] = []
    paths = sorted(set(council_files(councils_dir)) | {p for p in overrides})
    if not councils_dir.is_dir() and not overrides:
        raise ContentError([Problem(display_path(councils_dir), 1, 1, "(folder)", "content folder not found")])
    first_of_slug: dict[str, str] = {}
    files: list[FileToRead] = []  # in order
    shown_dir = display_path(councils_dir)
    for path in paths:
        # Every file's shown path, worked out once for the folder rather than per file.
        shown = str(Path(shown_dir) / path.name) if path.parent == councils_dir else display_path(path)
        slug = path.stem
        if slug in first_of_slug:
            problems.append(
                Problem(shown, 1, 1, "(file)", f"duplicate slug '{slug}': {first_of_slug[slug]} has the same name")
            )
            continue
        first_of_slug[slug] = shown
        # Without a memo, which needs the contents here, each file is read where it is parsed:
        # the reading is spread across the workers and overlaps the parsing.
        source: Source = overrides[path] if path in overrides else path.read_bytes() if memo is not None else path
        files.append((shown, slug, source))

    day = today or date.today()
    used = {(shown, raw, day) for shown, _, raw in files}
    unread = [f for f in files if memo is None or (f[0], f[2], day) not in memo]
    read = dict(zip([(shown, raw, day) for shown, _, raw in unread], _read_all(unread, framework, day), strict=True))
    for shown, _, raw in files:
        key = (shown, raw, day)
        council, notes = read[key] if key in read else memo[key]  # type: ignore[index]
        problems.extend(notes)
        if council is None:
            continue
        if memo is not None:
            memo[key] = council, notes
        councils.append(council)

    if memo is not None:
        for stale in set(memo) - used:  # files since changed or removed
            del memo[stale]

    by_code: dict[str, model.Council] = {}
    for council in councils:
        if council.gss_code in by_code:
            other = by_code[council.gss_code]
            line, column = council.gss_code_at
            problems.append(
                Problem(
                    council.source,
                    line,
                    column,
                    "gss_code",
                    f"GSS code {council.gss_code} is also used by {other.source}",
                )
            )
        else:
            by_code[council.gss_code] = council

    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return Content(_by_name(councils), sorted(problems))


def position_of_key(raw: bytes, key: str) -> tuple[int, int]:
    """Line and column of a top-level key's value, for problems found across files."""
    for number, line in enumerate(raw.decode("utf-8-sig").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            rest = line[len(key) + 1 :]
            return number, len(key) + 2 + (len(rest) - len(rest.lstrip()))
    return 1, 1
