"""Import scores from a spreadsheet (.csv or .xlsx) into council files.

A row is matched to its council by GSS code, else by an earlier code, else by name (as
spreadsheets write names: "Durham", "Durham County Council", "St. Helens"), against the
councils in the content folder and the register of councils. A row adds an assessment,
or updates the one published on the same date; narrative text is never deleted or
rewritten. A blank cell leaves what is there; a cell holding only `-` clears the value.

Every row is checked, and the would-be files are checked by the same loader as `check`,
before anything is written: if anything is wrong, nothing is written, and each problem
names the spreadsheet's row and column. Files are written atomically and keep their
comments, key order, line endings and byte-order mark; a file is written only when a
value in it changed.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import model
from .framework import Framework, Frameworks, frameworks_of
from .loader import council_files, load_councils
from .problems import ContentError, Problem, display_path
from .reader import did_you_mean
from .register import Register, name_key, name_keys, slugify
from .schema import GSS_PATTERN, SLUG_PATTERN

COUNCIL_COLUMNS = ["gss_code", "name", "slug", "type", "region"]
ASSESSMENT_COLUMNS = ["published", "assessed", "kind", "framework", "rating", "report_url"]
CLEAR = "-"  # a cell holding only this clears the value; a blank cell leaves it as it is
NEAR_DAYS = 90  # a new date this close to an assessment's is more likely a correction of it
_CLEARED = object()
# Headers spreadsheets give the council and date columns, as header_key reads them.
HEADER_ALIASES = {
    "council": "name",
    "councilname": "name",
    "localauthority": "name",
    "gss": "gss_code",
    "code": "gss_code",
    "onscode": "gss_code",
    "datepublished": "published",
    "publicationdate": "published",
}


def import_columns(framework: Framework | Frameworks) -> list[str]:
    """The spreadsheet columns, in order: shared with the site's CSV download. The statements
    are every framework's, oldest framework first; a row scores those of its own."""
    return list(_import_columns(frameworks_of(framework).all))


def derived_columns(framework: Framework | Frameworks) -> list[str]:
    """Columns the site's CSV download adds after the import columns. The import accepts
    and ignores them: they are worked out from the scores again."""
    return list(_derived_columns(frameworks_of(framework).all))


# Asked for with every CSV row: worked out once per set of frameworks (each compared by identity).
@lru_cache(maxsize=8)
def _import_columns(every: tuple[Framework, ...]) -> tuple[str, ...]:
    statements = dict.fromkeys(s.id for f in every for s in f.statements)
    return (*COUNCIL_COLUMNS, *ASSESSMENT_COLUMNS, *statements)


@lru_cache(maxsize=8)
def _derived_columns(every: tuple[Framework, ...]) -> tuple[str, ...]:
    themes = dict.fromkeys(f"theme_{t.id}" for f in every for t in f.themes)
    return ("total", "maximum", "score_out_of_100", "position_in_band", *themes, "page_url")


def round_trip_yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 100
    y.preserve_quotes = True
    return y


@dataclass
class ImportOptions:
    sheet: str | None = None  # a workbook's sheet; the first when None
    ignore_columns: bool = False  # unknown columns are skipped rather than an error
    new_assessment: bool = False  # a date near an existing assessment's is a new assessment
    replace_date: date | None = None  # the assessment published on this date takes the row's date


@dataclass
class ImportResult:
    changes: list[str] = field(default_factory=list)  # one line per change, for people
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# --- Reading the spreadsheet ---------------------------------------------------------


@dataclass
class Table:
    shown: str  # the file, as problems name it
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)
    letters: bool  # a workbook: columns are named by letter too


def column_letter(index: int) -> str:
    """A spreadsheet's name for a column: 1 is A, 27 is AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path, sheet: str | None = None) -> Table:
    shown = display_path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path, shown, sheet)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            [
                Problem(
                    shown,
                    line,
                    1,
                    "(file)",
                    "the file is not UTF-8 text (perhaps Windows-1252, as older Excel saves CSV); save it "
                    "as UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)'; in LibreOffice: "
                    "character set 'Unicode (UTF-8)'), or import the .xlsx file itself",
                )
            ]
        ) from None
    first = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ContentError([Problem(shown, 1, 1, "(file)", "the file is empty")]) from None
    rows = []
    start = reader.line_num + 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return Table(shown, header, rows, letters=False)


def _read_workbook(path: Path, shown: str, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # only a workbook import needs it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ContentError([Problem(shown, 1, 1, "(file)", f"not a readable .xlsx workbook: {exc}")]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(book.sheetnames)
            raise ContentError([Problem(shown, 1, 1, "(sheet)", f"no sheet named '{sheet}' (the sheets: {names})")])
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        cells = [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not cells:
        raise ContentError([Problem(shown, 1, 1, "(file)", "the sheet is empty")])
    width = max(i + 1 for i, v in enumerate(cells[0]) if v) if any(cells[0]) else 0
    rows = [(n, row[:width] + [""] * (width - len(row[:width]))) for n, row in enumerate(cells[1:], start=2)]
    return Table(shown, cells[0][:width], rows, letters=True)


def _cell_text(value: Any) -> str:
    """A workbook cell as the same text a CSV of it holds, so both give the same files."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def header_key(name: str) -> str:
    """Headers match whatever their case, spaces, hyphens and underscores: `GSS_Code` is `gss_code`."""
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


@dataclass
class Row:
    line: int
    values: dict[str, Any]  # by column; a value of _CLEARED clears the field
    columns: dict[str, int]  # column number of each field, for problems
    framework: Framework | None = None  # the one it names, else the one in force on its date


def _parse_rows(table: Table, frameworks: Frameworks, today: date, options: ImportOptions) -> list[Row]:
    shown = table.shown
    problems: list[Problem] = []
    columns = import_columns(frameworks)
    known = {header_key(c): c for c in columns + derived_columns(frameworks)}
    for framework in frameworks.all:
        known |= {header_key(s.name): s.id for s in framework.statements}  # "Assessing needs"
    known |= HEADER_ALIASES

    def where(col: int) -> str:
        return f" (column {column_letter(col)})" if table.letters else ""

    header: list[str | None] = []  # each column's field, None where it is skipped
    for col, cell in enumerate(table.header, start=1):
        name = known.get(header_key(cell))
        if name is None and cell.strip() and not options.ignore_columns:
            close = difflib.get_close_matches(header_key(cell), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{known[close[0]]}'?" if close else ""
            problems.append(Problem(shown, 1, col, cell, f"unknown column{where(col)}{hint} (or use --ignore-columns)"))
        elif name in header:
            problems.append(Problem(shown, 1, col, cell, f"column given twice{where(col)}"))
        header.append(name if name in columns else None)
    if "published" not in header:
        problems.append(Problem(shown, 1, 1, "published", "required column is missing"))
    if "gss_code" not in header and "name" not in header:
        problems.append(Problem(shown, 1, 1, "gss_code", "a column of GSS codes or of council names is needed"))
    if problems:
        raise ContentError(problems)

    parse = _CellParser(frameworks, today)
    rows: list[Row] = []
    for line, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(shown, line, 1, "(row)", f"has {len(cells)} cells but the header has {len(header)}")
            )
            continue
        row = Row(line, {}, {})
        for col, (name, cell) in enumerate(zip(header, cells, strict=True), start=1):
            cell = cell.strip()
            if name is None or not cell:
                continue
            row.columns[name] = col
            try:
                row.values[name] = parse(name, cell)
            except ValueError as exc:
                problems.append(Problem(shown, line, col, name, str(exc)))
        if "published" not in row.columns:
            problems.append(Problem(shown, line, 1, "published", "required value is missing"))
        elif "gss_code" not in row.values and "name" not in row.values:
            problems.append(Problem(shown, line, 1, "gss_code", "give the council's GSS code or name"))
        problems += _framework_of_row(row, frameworks, parse.statement_ids, shown)
        rows.append(row)
    if problems:
        raise ContentError(problems)
    return rows


def _framework_of_row(row: Row, frameworks: Frameworks, every: set[str], shown: str) -> list[Problem]:
    """Settle a row's framework, and check its scores and rating against it: a statement
    or rating of another framework is a problem at its cell. `every`: every framework's statement ids."""
    v = row.values
    named, published = v.get("framework"), v.get("published")
    if not isinstance(named, str) and not isinstance(published, date):
        return []  # nothing to go by: the missing date is reported already
    day = published if isinstance(published, date) else None
    row.framework = fw = frameworks.under(named if isinstance(named, str) else None, day)
    problems = []
    ids = {s.id for s in fw.statements}
    for name, value in v.items():
        if name in every and name not in ids:
            if value is not _CLEARED:
                message = f"{fw.id} has no quality statement '{name}': leave the cell blank for this row"
                problems.append(Problem(shown, row.line, row.columns[name], name, message))
        elif name in ids and isinstance(value, int) and not fw.min_score <= value <= fw.max_score:
            message = f"score must be from {fw.min_score} to {fw.max_score} under {fw.id}, found {value}"
            problems.append(Problem(shown, row.line, row.columns[name], name, message))
    rating = v.get("rating")
    if isinstance(rating, str) and rating not in {r.id for r in fw.ratings}:
        ratings = ", ".join(r.id for r in fw.ratings)
        message = f"{fw.id} has no rating '{rating}' (its ratings: {ratings})"
        problems.append(Problem(shown, row.line, row.columns["rating"], "rating", message))
    return problems


class _CellParser:
    """One cell's text as its field's value; ValueError says what is wrong with it. Statements
    and ratings are those of any framework; `_framework_of_row` then checks them against the row's."""

    REQUIRED = {"gss_code", "name", "slug", "type", "region", "published"}

    def __init__(self, frameworks: Frameworks, today: date):
        framework = frameworks.site
        self.lowest = min(f.min_score for f in frameworks.all)
        self.highest = max(f.max_score for f in frameworks.all)
        self.today = today
        self.choices = {
            "type": ("council type", [t.id for t in framework.council_types]),
            "region": ("region", [r.id for r in framework.regions]),
            "rating": ("rating", list(dict.fromkeys(r.id for f in frameworks.all for r in f.ratings))),
            "kind": ("kind", ["formal", "indicative"]),
            "framework": ("framework", frameworks.ids),
        }
        self.statement_ids = {s.id for f in frameworks.all for s in f.statements}

    def __call__(self, name: str, cell: str) -> Any:
        if cell == CLEAR:
            if name in self.REQUIRED:
                raise ValueError(f"'{CLEAR}' clears a value, but {name} cannot be cleared")
            return _CLEARED
        if name == "gss_code":
            code = cell.upper()
            if not re.match(GSS_PATTERN, code):
                raise ValueError(f"'{cell}' is not an English council GSS code (E06, E08, E09 or E10 then six digits)")
            return code
        if name == "slug" and not re.match(SLUG_PATTERN, cell):
            raise ValueError(f"'{cell}' is not a valid slug (lower-case letters, digits and hyphens)")
        if name in self.choices:
            what, ids = self.choices[name]
            if cell not in ids:
                raise ValueError(
                    f"unknown {what} '{cell}'" + (did_you_mean(cell, ids) or f" (one of: {', '.join(ids)})")
                )
        if name == "report_url" and not re.match(r"^https?://\S+$", cell):
            raise ValueError("expected a web address starting with https://")
        if name in ("published", "assessed"):
            return self.date(cell)
        if name in self.statement_ids:
            return self.score(cell)
        return cell

    def date(self, cell: str) -> date:
        text = re.sub(r"[T ]00:00(:00)?$", "", cell)  # a spreadsheet's date at midnight
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{cell}' is not a date: write it as YYYY-MM-DD") from None
        if value > self.today:
            raise ValueError(f"date {cell} is in the future")
        return value

    def score(self, cell: str) -> int:
        lo, hi = self.lowest, self.highest
        # Whole numbers written 3.0 are 3: pandas writes a column with blanks that way.
        match = re.fullmatch(r"([0-9]+)(\.0*)?", cell)
        if not match or not lo <= int(match.group(1)) <= hi:
            raise ValueError(
                f"score must be a whole number from {lo} to {hi}; leave it blank to keep the score there is, "
                f"or write '{CLEAR}' for not scored; found '{cell}'"
            )
        return int(match.group(1))


# --- Finding each row's council ------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """A council a row may mean: in the content folder (with its file), or only in the register."""

    gss_code: str
    name: str
    type: str
    region: str
    slug: str
    path: Path | None


class CouncilIndex:
    """The councils a row can name, by code and by the forms of their names."""

    def __init__(self, councils: list[model.Council], register: Register | None):
        self.by_code: dict[str, Known] = {}
        self.names: dict[str, set[str]] = {}  # name form -> codes
        self.full_names: dict[str, set[str]] = {}  # whole names only -> codes
        self.register = register
        for c in councils:
            self._add(Known(c.gss_code, c.name, c.type, c.region, c.slug, Path(c.source)), [c.name, c.slug])
        for r in register.councils if register else ():
            if r.gss_code not in self.by_code:
                self._add(Known(r.gss_code, r.name, r.type, r.region, r.slug, None), [])
            self._add_names(r.gss_code, [r.name, r.ons_name, r.short_name])

    def _add(self, known: Known, names: list[str]) -> None:
        self.by_code[known.gss_code] = known
        self._add_names(known.gss_code, names)

    def _add_names(self, code: str, names: list[str]) -> None:
        for name in names:  # a slug's hyphens count as spaces, as all punctuation does
            self.full_names.setdefault(name_key(name), set()).add(code)
            for key in name_keys(name):
                self.names.setdefault(key, set()).add(code)

    def by_old_code(self, code: str) -> Known | None:
        current = self.register.by_code(code) if self.register else None
        return self.by_code.get(current.gss_code) if current else None

    def by_name(self, name: str) -> tuple[Known | None, str]:
        """The council a name means, or None and why not."""
        whole = self.full_names.get(name_key(name), set())
        if len(whole) == 1:
            return self.by_code[next(iter(whole))], ""
        codes = set().union(*(self.names.get(k, set()) for k in name_keys(name)))
        if len(codes) == 1:
            return self.by_code[next(iter(codes))], ""
        if codes:
            names = " or ".join(sorted(f"{self.by_code[c].name} ({c})" for c in codes))
            return None, f"'{name}' could be {names}: give its GSS code"
        everyone = sorted({k.name for k in self.by_code.values()})
        close = difflib.get_close_matches(name, everyone, n=3, cutoff=0.5)
        hint = f"; the nearest: {', '.join(close)}" if close else ""
        return None, f"no council is called '{name}' in the content or the register of councils{hint}"


def _council_of(row: Row, index: CouncilIndex, shown: str) -> tuple[Known | None, Problem | None]:
    v = row.values
    code, name = v.get("gss_code"), v.get("name")
    if code:
        known = index.by_code.get(code) or index.by_old_code(code)
        if known:
            return known, None
        missing = [c for c in ("name", "type", "region") if c not in v]
        if missing:
            message = f"{code} is not in the content or the register of councils: a new council needs " + ", ".join(
                missing
            )
            return None, Problem(shown, row.line, row.columns["gss_code"], "gss_code", message)
        return Known(code, name, v["type"], v["region"], v.get("slug") or slugify(name), None), None
    known, why = index.by_name(name)
    if known is None:
        return None, Problem(shown, row.line, row.columns["name"], "name", why)
    return known, None


# --- Changing the files --------------------------------------------------------------


def _set(target: CommentedMap, key: str, value: Any, changes: list[str], label: str) -> None:
    """Set a field if the value differs (absent: leave it; cleared: remove it)."""
    before = target.get(key)
    if value is _CLEARED:
        if key in target:
            del target[key]
            changes.append(f"{label}{key} {before} → (none)")
        return
    if value is None or before == value:
        return
    if key in target:
        target[key] = value
    else:
        # Keep the schema's order: new fields go before the narrative and statements.
        order = ["published", "assessed", "kind", "framework", "report_url", "rating"]
        at = sum(1 for k in target if k in order[: order.index(key)]) if key in order else len(target)
        target.insert(at, key, value)
    changes.append(f"{label}{key} {before if before is not None else '(none)'} → {value}")


def _near_date(row: Row, known: Known, other: date, shown: str) -> Problem:
    published = row.values["published"]
    return Problem(
        shown,
        row.line,
        row.columns["published"],
        "published",
        f"{known.name} has an assessment published {other}, {abs((other - published).days)} days from "
        f"{published}: did you mean to change its date? Add --replace-date {other} to move it, or "
        "--new-assessment if this is another assessment",
    )


def _apply_row(
    doc: CommentedMap, row: Row, frameworks: Frameworks, options: ImportOptions, changes: list[str], existing: set[date]
) -> date | None:
    """Apply one row. Returns, without applying it, the date of an assessment the row's
    date is so near that it is more likely a correction of that date."""
    v = row.values
    framework = row.framework or frameworks.site
    for key in ("type", "region"):
        _set(doc, key, v.get(key), changes, "")
    if not isinstance(doc.get("assessments"), list):
        doc["assessments"] = CommentedSeq()
    assessments: CommentedSeq = doc["assessments"]
    published: date = v["published"]

    def dated(day: date | None) -> CommentedMap | None:
        return next((a for a in assessments if isinstance(a, dict) and a.get("published") == day), None)

    target = dated(published)
    if target is None and options.replace_date is not None and dated(options.replace_date) is not None:
        target = dated(options.replace_date)
        target["published"] = published
        changes.append(f"assessment {options.replace_date}: published {options.replace_date} → {published}")
    if target is None:
        if not options.new_assessment:
            near = sorted(d for d in existing if abs((d - published).days) <= NEAR_DAYS)
            if near:
                return near[0]
        target = CommentedMap()
        target["published"] = published
        target["statements"] = CommentedMap()
        at = next(
            (
                i
                for i, a in enumerate(assessments)
                if isinstance(a, dict) and isinstance(a.get("published"), date) and a["published"] < published
            ),
            len(assessments),
        )
        assessments.insert(at, target)
        changes.append(f"added the assessment published {published}")
        quiet: list[str] = []  # the new assessment's fields are in that one line
        _update_assessment(target, v, framework, quiet, "", frameworks.in_force_on(published))
        return None
    _update_assessment(target, v, framework, changes, f"assessment {published}: ", frameworks.in_force_on(published))
    return None


def _update_assessment(
    target: CommentedMap, v: dict[str, Any], framework: Framework, changes: list[str], label: str, by_date: Framework
):
    """`by_date`: the framework in force on the assessment's date, which a file need not name."""
    # Like kind and rating below: a framework the file may leave out is written only if it says something.
    named = v.get("framework")
    if named == by_date.id and "framework" not in target:
        named = None
    _set(target, "framework", named, changes, label)
    for key in ("assessed", "report_url"):
        _set(target, key, v.get(key), changes, label)
    # A kind or rating left out of a file is the default: formal, and what the scores give.
    # The site's downloads write both out; written back, the default is no change.
    kind = v.get("kind")
    if kind == "formal" and "kind" not in target:
        kind = None
    _set(target, "kind", kind, changes, label)
    if not isinstance(target.get("statements"), dict):
        target["statements"] = CommentedMap()
    statements: CommentedMap = target["statements"]
    for s in framework.statements:
        if s.id not in v:
            continue  # blank, or no such column: leave the statement alone
        new, entry = v[s.id], statements.get(s.id)
        old = entry.get("score") if isinstance(entry, dict) else None
        if new is _CLEARED:
            if old is None:
                continue
            del entry["score"]
            if not entry:
                del statements[s.id]
            new = None
        elif new == old:
            continue
        elif isinstance(entry, dict):
            entry["score"] = new
        else:
            statements[s.id] = CommentedMap(score=new)
        changes.append(
            f"{label}{s.id} {old if old is not None else 'not scored'} → {new if new is not None else 'not scored'}"
        )
    rating = v.get("rating")
    if rating is not None and rating is not _CLEARED and "rating" not in target:
        scores = [e.get("score") for e in statements.values() if isinstance(e, dict)]
        given = None if framework.declared else model.score((s for s in scores if isinstance(s, int)), framework)
        if given is not None and given.rating.id == rating:
            rating = None
    _set(target, "rating", rating, changes, label)


def import_table(
    path: Path,
    councils_dir: Path,
    framework: Framework | Frameworks,
    today: date | None = None,
    *,
    register: Register | None = None,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Import a spreadsheet into a folder of council files. Raises ContentError, writing
    nothing, if anything is wrong."""
    options = options or ImportOptions()
    today = today or date.today()
    table = read_table(path, options.sheet)
    shown = table.shown
    frameworks = frameworks_of(framework)
    rows = _parse_rows(table, frameworks, today, options)
    existing = load_councils(councils_dir, frameworks, today) if council_files(councils_dir) else None
    index = CouncilIndex(existing.councils if existing else [], register)
    taken = {p.stem for p in council_files(councils_dir)}

    y = round_trip_yaml()
    docs: dict[Path, CommentedMap] = {}
    originals: dict[Path, bytes] = {}
    changes_by_path: dict[Path, list[str]] = {}
    dates_before: dict[Path, set[date]] = {}
    row_of: dict[tuple[Path, date], Row] = {}
    seen: dict[tuple[str, date], int] = {}
    problems: list[Problem] = []
    for row in rows:
        known, problem = _council_of(row, index, shown)
        if problem:
            problems.append(problem)
            continue
        assert known is not None
        key = (known.gss_code, row.values["published"])
        if key in seen:
            problems.append(
                Problem(
                    shown,
                    row.line,
                    row.columns["published"],
                    "published",
                    f"{known.name} has two rows published on {key[1]} (the other is row {seen[key]})",
                )
            )
            continue
        seen[key] = row.line
        if known.path is None:
            slug = row.values.get("slug") or known.slug
            if slug in taken:
                column = row.columns.get("slug", row.columns.get("name", 1))
                problems.append(Problem(shown, row.line, column, "slug", f"'{slug}' is already another council's file"))
                continue
            taken.add(slug)
            known = Known(known.gss_code, known.name, known.type, known.region, slug, councils_dir / f"{slug}.yml")
            index.by_code[known.gss_code] = known
            docs[known.path] = CommentedMap(
                name=known.name, gss_code=known.gss_code, type=known.type, region=known.region, assessments=[]
            )
            changes_by_path[known.path] = [f"created {known.name} ({known.gss_code})"]
            dates_before[known.path] = set()
        elif "slug" in row.values and row.values["slug"] != known.slug:
            problems.append(
                Problem(
                    shown,
                    row.line,
                    row.columns["slug"],
                    "slug",
                    f"{known.name} is '{known.slug}' in the content, not '{row.values['slug']}' "
                    "(rename its file to change its address)",
                )
            )
            continue
        path = known.path
        if path not in docs:
            originals[path] = path.read_bytes()
            docs[path] = y.load(originals[path].decode("utf-8-sig"))
            dates_before[path] = {
                a["published"] for a in docs[path].get("assessments") or [] if isinstance(a, dict) and "published" in a
            }
        changes = changes_by_path.setdefault(path, [])
        near = _apply_row(docs[path], row, frameworks, options, changes, dates_before[path])
        if near is not None:
            problems.append(_near_date(row, known, near, shown))
        row_of[(path, row.values["published"])] = row
    if problems:
        raise ContentError(problems)

    new_bytes: dict[Path, bytes] = {}
    for path, doc in docs.items():
        if not changes_by_path.get(path):
            continue  # nothing changed: the file stays byte for byte as it was
        out = io.StringIO()
        y.dump(doc, out)
        new_bytes[path] = _like(originals.get(path), out.getvalue())

    # The result must pass the same checks as `check`, or nothing is written.
    changed = {display_path(path): (path, doc) for path, doc in docs.items()}
    try:
        checked = load_councils(councils_dir, frameworks, today, overrides=new_bytes)
    except ContentError as exc:
        raise ContentError([_at_row(p, changed, row_of, shown) for p in exc.problems]) from None

    result = ImportResult(warnings=[_at_row(p, changed, row_of, shown) for p in checked.warnings])
    for path, data in sorted(new_bytes.items()):
        _write_atomically(path, data)
        result.written.append(path)
        result.changes.extend(f"{display_path(path)}: {c}" for c in changes_by_path.get(path, []))
    return result


def _like(original: bytes | None, text: str) -> bytes:
    """New text with the original file's line endings and byte-order mark."""
    if original is not None and b"\r\n" in original:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if original is not None and original.startswith(b"\xef\xbb\xbf") else data


def _at_row(problem: Problem, docs: dict[str, tuple[Path, CommentedMap]], row_of: dict, shown: str) -> Problem:
    """A problem found in a would-be file, placed at the spreadsheet row and column it came
    from; the council file is named only where it exists. `docs`: the files this import
    changes, by the path problems name them by."""
    path, doc = docs.get(problem.path, (None, None))
    if path is None:
        return problem  # a file this import does not touch
    match = re.match(r"assessments\[(\d+)\]", problem.field)
    assessments = doc.get("assessments") or []
    row = None
    if match and int(match.group(1)) < len(assessments):
        published = assessments[int(match.group(1))].get("published")
        row = row_of.get((path, published))
    if row is None:
        row = next((r for (p, _), r in row_of.items() if p == path), None)
    if row is None:
        return problem
    last = problem.field.rsplit(".", 1)[-1]
    column = row.columns.get(last, row.columns.get("published", 1))
    field = last if last in row.columns else problem.field
    in_file = f" (in {problem.path})" if path.exists() else ""
    return Problem(shown, row.line, column, field, problem.message + in_file, problem.severity)


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
