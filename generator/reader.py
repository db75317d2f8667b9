"""Read any YAML file against a field list, collecting every problem with its position.

YAML is composed into nodes (not plain Python objects) so that each problem can name
the line and column it came from. `FileReader` reads a file's fields by their kinds (the
field lists are in `schema.py`) and notes what is wrong as it goes; `read_record` reads a
mapping with its nested mappings and lists. Council files (`loader.py`) and framework
files (`framework_file.py`) are both read this way.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any

import yaml

from .framework import Framework, Frameworks, frameworks_of
from .problems import Problem, Severity
from .schema import ORDERED_DATES, Field
from .words import impossible_date

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MISSING = object()  # a field read as null, or as invalid (its problem noted): no value to keep


def did_you_mean(word: str, choices: list[str]) -> str:
    """A hint naming the choice closest to a mistyped word, or nothing."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def describe(value: Any) -> str:
    """What a value read from YAML is, as a problem names it: "found a list"."""
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
    """Reads one file's nodes by the schema, noting problems as it goes: council files
    (loader.py) and framework files (framework_file.py)."""

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
                allowed = f" (the fields here: {', '.join(known)})"
                self.note(key_node, where, "unknown field" + did_you_mean(str(key), known) + allowed)
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
                self.note(key_node, where, f"unknown {what}" + did_you_mean(key, ids) + f" (one of: {', '.join(ids)})")
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
                wrong_date = impossible_date(node.value) if isinstance(node, yaml.ScalarNode) else None
                self.note(node, fieldpath, wrong_date or f"value cannot be read: {reason}")
            return MISSING

    # --- values ---

    def value(self, f: Field, node: yaml.Node, fieldpath: str) -> Any:
        """Read one scalar or list field by its kind; MISSING (with a problem noted) if invalid."""
        if self.is_null(node):
            return MISSING
        if f.kind == "list":
            if not isinstance(node, yaml.SequenceNode):
                self.note(node, fieldpath, f"expected a list, found {self.kind_of(node)}")
                return MISSING
            item = Field(f.name, f.item or "text", False, "")
            items = [self.value(item, n, f"{fieldpath}[{i}]") for i, n in enumerate(node.value)]
            return [v for v in items if v is not MISSING]
        if not isinstance(node, yaml.ScalarNode):
            self.note(node, fieldpath, f"expected {self.expected(f)}, found {self.kind_of(node)}")
            return MISSING
        raw = self.construct(node, fieldpath)
        if raw is MISSING:
            return MISSING
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
            return MISSING
        if f.kind == "text" and not raw.strip():
            self.note(node, fieldpath, "must not be empty")
            return MISSING
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
                self.note(node, fieldpath, impossible_date(raw) or f"{raw.strip()} is not a real date")
                return MISSING
        if not isinstance(raw, date):
            self.note(node, fieldpath, f"not a date: write it as YYYY-MM-DD, for example {self.today.isoformat()}")
            return MISSING
        if raw > self.today:
            self.note(node, fieldpath, f"date {raw.isoformat()} is in the future")
        return raw

    def _url(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if not isinstance(raw, str) or not re.match(r"^https?://[^\s/]+\.[^\s]*$", raw.strip()):
            self.note(node, fieldpath, "expected a web address starting with https:// or http://")
            return MISSING
        return raw.strip()

    def _integer(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            self.note(node, fieldpath, f"expected a whole number of 0 or more, found {describe(raw)}")
            return MISSING
        return raw

    def _number(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        top = 100 if f.kind == "percent" else None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0 or (top is not None and raw > top):
            found = describe(raw) if isinstance(raw, bool) or not isinstance(raw, int | float) else raw
            self.note(node, fieldpath, f"expected {self.expected(f)}{'' if top else ' of 0 or more'}, found {found}")
            return MISSING
        return raw

    _percent = _number

    def _rank(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            found = raw if isinstance(raw, int) and not isinstance(raw, bool) else describe(raw)
            self.note(node, fieldpath, f"expected a rank, a whole number from 1 (the most deprived), found {found}")
            return MISSING
        return raw

    def _year(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1900 <= raw <= self.today.year:
            found = raw if isinstance(raw, int) and not isinstance(raw, bool) else describe(raw)
            self.note(node, fieldpath, f"expected a year from 1900 to {self.today.year}, found {found}")
            return MISSING
        return raw

    def _later_year(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1900 <= raw <= 2100:
            found = raw if isinstance(raw, int) and not isinstance(raw, bool) else describe(raw)
            self.note(node, fieldpath, f"expected a year, such as 2029, found {found}")
            return MISSING
        return raw

    def _framework(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        ids = self.frameworks.ids
        if not isinstance(raw, str) or raw not in ids:
            hint = did_you_mean(str(raw), ids) or f" (this site has: {', '.join(ids)})"
            self.note(node, fieldpath, f"unknown framework '{raw}'{hint}")
            return MISSING
        return raw

    def _boolean(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        if not isinstance(raw, bool):
            self.note(node, fieldpath, f"expected true or false, found {describe(raw)}")
            return MISSING
        return raw

    def _category(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        ids = [e.id for e in self.framework.evidence_categories]
        if not isinstance(raw, str) or raw not in ids:
            hint = did_you_mean(str(raw), ids) or f" (one of: {', '.join(ids)})"
            self.note(node, fieldpath, f"unknown evidence category '{raw}'{hint}")
            return MISSING
        return raw

    def _score(self, f: Field, node: yaml.Node, fieldpath: str, raw: Any) -> Any:
        lo, hi = self.framework.min_score, self.framework.max_score
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self.note(node, fieldpath, f"score must be a whole number from {lo} to {hi}, found {describe(raw)}")
            return MISSING
        if isinstance(raw, float) and not raw.is_integer():
            self.note(node, fieldpath, f"score must be a whole number from {lo} to {hi}, found {raw}")
            return MISSING
        if not lo <= raw <= hi:
            self.note(node, fieldpath, f"score must be from {lo} to {hi}, found {int(raw)}")
            return MISSING
        if isinstance(raw, float):
            self.note(node, fieldpath, f"score must be a whole number from {lo} to {hi}, found {raw}")
            return MISSING
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
            return MISSING
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
            if v is not MISSING:
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
                elif (text := reader.value(Field(str(key), f.item or "text", False, ""), v, at)) is not MISSING:
                    by_score[key] = text
            values[name] = by_score
        elif f.kind == "mapping" and f.keyed_by == "statement":  # each statement's list of categories
            ids = [s.id for s in reader.framework.statements]
            listed = {}
            for sid, (_k, v) in reader.id_mapping(value_node, where, ids, "quality statement").items():
                found = reader.value(Field(sid, "list", False, "", item=f.item), v, f"{where}.{sid}")
                if found is not MISSING:
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


def position_of_key(raw: bytes, key: str) -> tuple[int, int]:
    """Line and column of a top-level key's value, for problems found across files."""
    for number, line in enumerate(raw.decode("utf-8-sig").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            rest = line[len(key) + 1 :]
            return number, len(key) + 2 + (len(rest) - len(rest.lstrip()))
    return 1, 1
