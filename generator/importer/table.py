"""Reading a table: a spreadsheet (.csv or .xlsx) as rows of checked values.

The header names each column's field, whatever its case and spacing, or an alias
spreadsheets use ("Council", "ONS code", "Date published"); each cell is read as its
field's value, and each row's scores and rating are checked against its framework. Every
problem names the row and column it is in.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..framework import Framework, Frameworks, frameworks_of
from ..problems import ContentError, Problem, display_path
from ..reader import did_you_mean
from ..schema import GSS_PATTERN, SLUG_PATTERN
from ..words import impossible_date

COUNCIL_COLUMNS = ["gss_code", "name", "slug", "type", "region"]
ASSESSMENT_COLUMNS = ["published", "assessed", "kind", "framework", "rating", "report_url"]
CLEAR = "-"  # a cell holding only this clears the value; a blank cell leaves it as it is
CLEARED = object()  # the value of a cell holding only CLEAR
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
    "publisheddate": "published",
    "dateofpublication": "published",
    "dateassessed": "assessed",
    "dateofassessment": "assessed",
    "overallrating": "rating",
    "report": "report_url",
    "reportlink": "report_url",
    "linktoreport": "report_url",
    "reportaddress": "report_url",
    "counciltype": "type",
    "typeofcouncil": "type",
    "assessmentkind": "kind",
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
    values: dict[str, Any]  # by column; a value of CLEARED clears the field
    columns: dict[str, int]  # column number of each field, for problems
    framework: Framework | None = None  # the one it names, else the one in force on its date
    readable: bool = True  # False: it, or the header, has a problem, so the row is not applied


def parse_rows(
    table: Table, frameworks: Frameworks, today: date, ignore_columns: bool = False
) -> tuple[list[Row], list[Problem]]:
    """The table's rows, each cell read as its column's field, and every problem in the
    header and the rows: a problem in the header does not stop the rows being read, so one
    run reports them all. `ignore_columns`: unknown columns are skipped."""
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
        if name is None and cell.strip() and not ignore_columns:
            close = difflib.get_close_matches(header_key(cell), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{known[close[0]]}'?" if close else "."
            problems.append(
                Problem(
                    shown,
                    1,
                    col,
                    cell,
                    f"unknown column{where(col)}{hint} Its cells are not checked (the columns: "
                    f"{', '.join(columns)}; or use --ignore-columns to skip it)",
                )
            )
        elif name in header:
            problems.append(Problem(shown, 1, col, cell, f"column given twice{where(col)}"))
        header.append(name if name in columns else None)
    if "published" not in header:
        problems.append(Problem(shown, 1, 1, "published", "required column is missing"))
    matchable = "gss_code" in header or "name" in header
    # A column not read may hold a row's scores: applied without them, a row would give
    # a rating, or a problem, that no longer holds once the header is put right.
    complete = not problems
    if not matchable:
        problems.append(Problem(shown, 1, 1, "gss_code", "a column of GSS codes or of council names is needed"))

    parse = _CellParser(frameworks, today)
    rows: list[Row] = []
    for line, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            message = f"has {len(cells)} cells but the header has {len(header)}, so its cells are not checked"
            problems.append(Problem(shown, line, 1, "(row)", message))
            continue
        before = len(problems)
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
        # A missing column is one problem, in the header, rather than one in every row.
        if "published" in header and "published" not in row.columns:
            problems.append(Problem(shown, line, 1, "published", "required value is missing"))
        if matchable and "gss_code" not in row.columns and "name" not in row.columns:
            problems.append(Problem(shown, line, 1, "gss_code", "give the council's GSS code or name"))
        problems += _framework_of_row(row, frameworks, parse.statement_ids, shown)
        row.readable = len(problems) == before and complete
        rows.append(row)
    return rows, problems


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
            if value is not CLEARED:
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
        ratings = [r for f in frameworks.all for r in f.ratings]
        self.choices = {
            "type": ("council type", [t.id for t in framework.council_types]),
            "region": ("region", [r.id for r in framework.regions]),
            "rating": ("rating", list(dict.fromkeys(r.id for r in ratings))),
            "kind": ("kind", ["formal", "indicative"]),
            "framework": ("framework", frameworks.ids),
        }
        # Each choice as people write it: its id or its display words, in any case and
        # spacing ("Requires Improvement", "North East", "Unitary").
        named = {
            "type": [(t.id, t.name) for t in framework.council_types],
            "region": [(r.id, r.name) for r in framework.regions],
            "rating": [(r.id, r.name) for r in ratings],
            "framework": [(f.id, f.label) for f in frameworks.all],
        }
        self.written: dict[str, dict[str, str]] = {}
        for field_name, (_, ids) in self.choices.items():
            forms = self.written[field_name] = {}
            for id_, words in [(i, i) for i in ids] + named.get(field_name, []):
                forms.setdefault(header_key(words), id_)
        self.statement_ids = {s.id for f in frameworks.all for s in f.statements}

    def __call__(self, name: str, cell: str) -> Any:
        if cell == CLEAR:
            if name in self.REQUIRED:
                raise ValueError(f"'{CLEAR}' clears a value, but {name} cannot be cleared")
            return CLEARED
        if name == "gss_code":
            code = cell.upper()
            if not re.match(GSS_PATTERN, code):
                raise ValueError(f"'{cell}' is not an English council GSS code (E06, E08, E09 or E10 then six digits)")
            return code
        if name == "slug" and not re.match(SLUG_PATTERN, cell):
            raise ValueError(f"'{cell}' is not a valid slug (lower-case letters, digits and hyphens)")
        if name in self.choices:
            what, ids = self.choices[name]
            if header_key(cell) not in self.written[name]:
                raise ValueError(
                    f"unknown {what} '{cell}'" + (did_you_mean(cell, ids) or f" (one of: {', '.join(ids)})")
                )
            return self.written[name][header_key(cell)]
        if name == "report_url" and not re.match(r"^https?://\S+$", cell):
            raise ValueError("expected a web address starting with https://")
        if name in ("published", "assessed"):
            return self.date(cell)
        if name in self.statement_ids:
            return self.score(cell)
        return cell

    def date(self, cell: str) -> date:
        text = re.sub(r"[T ]00:00(:00)?$", "", cell)  # a spreadsheet's date at midnight
        wrong = impossible_date(text)
        if wrong:
            raise ValueError(f"'{cell}' is not a date: {wrong}")
        day_first = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
        if day_first:  # written day first, as in the UK; not read as such, as it could be month first
            day, month, year = day_first.groups()
            raise ValueError(f"write the date '{cell}' as YYYY-MM-DD: {year}-{int(month):02}-{int(day):02}")
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
