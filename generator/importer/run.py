"""The import itself: every row read, matched to its council and applied, then the
would-be files checked by the same loader as `check` before anything is written. If
anything is wrong, nothing is written, and each problem names the spreadsheet's row and
column. Files are written atomically and keep their line endings and byte-order mark; a
file is written only when a value in it changed.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..framework import Framework, Frameworks, frameworks_of
from ..loader import council_files, load_councils
from ..problems import ContentError, Problem, display_path
from ..register import Register
from .apply import apply_row, round_trip_yaml
from .councils import CouncilIndex, Known, council_of
from .table import Row, parse_rows, read_table


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


def _slug_kept(row: Row, known: Known, shown: str) -> Problem:
    where = "in the content" if known.path is not None else "in the register of councils"
    return Problem(
        shown,
        row.line,
        row.columns["slug"],
        "slug",
        f"{known.name} is '{known.slug}' {where}, not '{row.values['slug']}': its address stays /{known.slug}/ "
        "(to change it, rename its file and add the old slug to previous_slugs)",
        "warning",
    )


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
    # Every problem is collected, from the header to the would-be files, and said in one run.
    rows, problems = parse_rows(table, frameworks, today, options.ignore_columns)
    files = {p.stem: p for p in council_files(councils_dir)}
    try:
        existing = load_councils(councils_dir, frameworks, today) if files else None
    except ContentError as exc:  # the content has errors of its own: said with the table's
        raise ContentError(problems + exc.problems) from None
    index = CouncilIndex(existing.councils if existing else [], register, files)
    taken = set(files)

    y = round_trip_yaml()
    docs: dict[Path, CommentedMap] = {}
    originals: dict[Path, bytes] = {}
    changes_by_path: dict[Path, list[str]] = {}
    dates_before: dict[Path, set[date]] = {}
    row_of: dict[tuple[Path, date], Row] = {}
    seen: dict[tuple[str, date], int] = {}
    warnings: list[Problem] = []  # the import goes ahead: said after the changes
    for row in rows:
        if "gss_code" in row.columns and "gss_code" not in row.values:
            continue  # a code that cannot be read: said already, and the name is no surer
        if "gss_code" not in row.values and "name" not in row.values:
            continue  # nothing to find the council by: said already
        known, problem = council_of(row, index, shown)
        if problem:
            problems.append(problem)
            continue
        if not row.readable:
            continue  # its problems are said already; its council is found, so its name is right
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
        if "slug" in row.values and row.values["slug"] != known.slug:
            # Another list's slug for the same council (`bristol-city-of`): the row still
            # applies, and the address stays; renaming is a file rename and `previous_slugs`.
            warnings.append(_slug_kept(row, known, shown))
        if known.path is None:
            slug = known.slug  # the register's, or for a council in neither, the row's or one made from its name
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
        path = known.path
        if path not in docs:
            originals[path] = path.read_bytes()
            docs[path] = y.load(originals[path].decode("utf-8-sig"))
            dates_before[path] = {
                a["published"] for a in docs[path].get("assessments") or [] if isinstance(a, dict) and "published" in a
            }
        changes = changes_by_path.setdefault(path, [])
        near = apply_row(
            docs[path],
            row,
            frameworks,
            changes,
            dates_before[path],
            new_assessment=options.new_assessment,
            replace_date=options.replace_date,
        )
        if near is not None:
            problems.append(_near_date(row, known, near, shown))
        row_of[(path, row.values["published"])] = row

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
        raise ContentError(problems + [_at_row(p, changed, row_of, shown) for p in exc.problems]) from None
    if problems:
        raise ContentError(problems)

    result = ImportResult(warnings=sorted(warnings + [_at_row(p, changed, row_of, shown) for p in checked.warnings]))
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
