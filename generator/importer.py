"""Import scores from a spreadsheet (CSV) into council files.

Councils are matched by GSS code. Narrative text is never deleted or rewritten:
a row adds an assessment, or updates the scores and dates of the assessment
published on the same date. Every row is checked, and the would-be files are
checked by the same loader as `check`, before anything is written; files are
written atomically and keep their comments and key order.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .framework import Framework
from .loader import council_files, did_you_mean, display_path, load_councils
from .problems import ContentError, Problem
from .schema import GSS_PATTERN, SLUG_PATTERN

COUNCIL_COLUMNS = ["gss_code", "name", "slug", "type", "region"]
ASSESSMENT_COLUMNS = ["published", "assessed", "kind", "rating", "report_url"]
REQUIRED_COLUMNS = ["gss_code", "name", "type", "region", "published"]


def import_columns(framework: Framework) -> list[str]:
    """The CSV columns, in order: shared with the site's CSV download."""
    return COUNCIL_COLUMNS + ASSESSMENT_COLUMNS + [s.id for s in framework.statements]


def derived_columns(framework: Framework) -> list[str]:
    """Columns the site's CSV download adds after the import columns. The import accepts
    and ignores them: they are worked out from the scores again."""
    return (
        ["total", "maximum", "score_out_of_100", "position_in_band"]
        + [f"theme_{t.id}" for t in framework.themes]
        + ["page_url"]
    )


def round_trip_yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 100
    y.preserve_quotes = True
    return y


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass
class Row:
    line: int
    values: dict[str, Any]  # parsed, by column


@dataclass
class ImportResult:
    changes: list[str] = field(default_factory=list)  # one line per change, for people
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _parse_rows(csv_path: Path, framework: Framework, today: date) -> list[Row]:
    shown = display_path(csv_path)
    problems: list[Problem] = []
    try:
        text = csv_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, 1, 1, "(file)", "the file is not UTF-8 text")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ContentError([Problem(shown, 1, 1, "(file)", "the file is empty")]) from None
    header = [h.strip() for h in header]
    known = import_columns(framework) + derived_columns(framework)
    for i, name in enumerate(header):
        if name not in known:
            problems.append(Problem(shown, 1, i + 1, name or "(blank)", "unknown column" + did_you_mean(name, known)))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(Problem(shown, 1, 1, name, "required column is missing"))
    if problems:
        raise ContentError(problems)

    regions = [r.id for r in framework.regions]
    types = [t.id for t in framework.council_types]
    ratings = [r.id for r in framework.ratings]
    statement_ids = {s.id for s in framework.statements}
    lo, hi = framework.min_score, framework.max_score
    rows: list[Row] = []
    start_line = reader.line_num + 1
    for cells in reader:
        line, start_line = start_line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(shown, line, 1, "(row)", f"has {len(cells)} cells but the header has {len(header)}")
            )
            continue
        values: dict[str, Any] = {}
        for col, (name, cell) in enumerate(zip(header, cells, strict=True), start=1):
            cell = cell.strip()
            if name not in import_columns(framework):
                continue  # a derived column from the site's download

            def bad(message: str, name: str = name, col: int = col, line: int = line) -> None:
                problems.append(Problem(shown, line, col, name, message))

            if not cell:
                if name in REQUIRED_COLUMNS:
                    bad("required value is missing")
                values[name] = None
            elif name == "gss_code" and not re.match(GSS_PATTERN, cell):
                bad(f"'{cell}' is not an English council GSS code (E06, E08, E09 or E10 then six digits)")
            elif name == "slug" and not re.match(SLUG_PATTERN, cell):
                bad(f"'{cell}' is not a valid slug (lower-case letters, digits and hyphens)")
            elif name == "type" and cell not in types:
                bad(f"unknown council type '{cell}'" + (did_you_mean(cell, types) or f" (one of: {', '.join(types)})"))
            elif name == "region" and cell not in regions:
                bad(f"unknown region '{cell}'" + (did_you_mean(cell, regions) or f" (one of: {', '.join(regions)})"))
            elif name == "rating" and cell not in ratings:
                bad(f"unknown rating '{cell}'" + (did_you_mean(cell, ratings) or f" (one of: {', '.join(ratings)})"))
            elif name == "kind" and cell not in ("formal", "indicative"):
                bad(f"unknown kind '{cell}' (formal or indicative)")
            elif name == "report_url" and not re.match(r"^https?://\S+$", cell):
                bad("expected a web address starting with https:// or http://")
            elif name in ("published", "assessed"):
                try:
                    values[name] = date.fromisoformat(cell)
                except ValueError:
                    bad(f"'{cell}' is not a date: write it as YYYY-MM-DD")
                    continue
                if values[name] > today:
                    bad(f"date {cell} is in the future")
            elif name in statement_ids:
                if not re.fullmatch(r"[0-9]+", cell) or not lo <= int(cell) <= hi:
                    bad(f"score must be a whole number from {lo} to {hi}, or blank for not scored; found '{cell}'")
                else:
                    values[name] = int(cell)
            else:
                values[name] = cell
        if values.get("slug") is None and values.get("name"):
            values["slug"] = slugify(values["name"])
        rows.append(Row(line, values))

    seen: dict[tuple[str, date], int] = {}
    for row in rows:
        key = (row.values.get("gss_code"), row.values.get("published"))
        if None not in key and key in seen:
            problems.append(
                Problem(
                    shown,
                    row.line,
                    1,
                    "published",
                    f"{key[0]} has two rows published on {key[1]} (the other is on line {seen[key]})",
                )
            )
        seen.setdefault(key, row.line)
    if problems:
        raise ContentError(problems)
    return rows


def _set(target: CommentedMap, key: str, value: Any, changes: list[str], label: str) -> None:
    """Set a field if the value differs; a blank (None) value leaves what is there."""
    if value is None or target.get(key) == value:
        return
    before = target.get(key)
    if key in target:
        target[key] = value
    else:
        # Keep the schema's order: new fields go before the narrative and statements.
        order = ["published", "assessed", "kind", "report_url", "rating"]
        at = sum(1 for k in target if k in order[: order.index(key)]) if key in order else len(target)
        target.insert(at, key, value)
    changes.append(f"{label}{key} {before if before is not None else '(none)'} → {value}")


def _apply_row(doc: CommentedMap, row: Row, framework: Framework, changes: list[str]) -> None:
    v = row.values
    for key in ("name", "type", "region"):
        _set(doc, key, v[key], changes, "")
    if not isinstance(doc.get("assessments"), list):
        doc["assessments"] = CommentedSeq()
    assessments: CommentedSeq = doc["assessments"]
    published: date = v["published"]
    existing = next((a for a in assessments if isinstance(a, dict) and a.get("published") == published), None)
    if existing is None:
        assessment = CommentedMap()
        assessment["published"] = published
        for key in ("assessed", "kind", "report_url", "rating"):
            if v.get(key) is not None:
                assessment[key] = v[key]
        assessment["statements"] = CommentedMap()
        for s in framework.statements:
            if v.get(s.id) is not None:
                assessment["statements"][s.id] = CommentedMap(score=v[s.id])
        at = next(
            (
                i
                for i, a in enumerate(assessments)
                if isinstance(a, dict) and isinstance(a.get("published"), date) and a["published"] < published
            ),
            len(assessments),
        )
        assessments.insert(at, assessment)
        changes.append(f"added the assessment published {published}")
        return
    label = f"assessment {published}: "
    for key in ("assessed", "kind", "report_url", "rating"):
        _set(existing, key, v.get(key), changes, label)
    if not isinstance(existing.get("statements"), dict):
        existing["statements"] = CommentedMap()
    statements: CommentedMap = existing["statements"]
    for s in framework.statements:
        if s.id not in v:
            continue  # column absent from this CSV: leave the statement alone
        new, entry = v[s.id], statements.get(s.id)
        old = entry.get("score") if isinstance(entry, dict) else None
        if new == old:
            continue
        if new is None:
            del entry["score"]
            if not entry:
                del statements[s.id]
        elif isinstance(entry, dict):
            entry["score"] = new
        else:
            statements[s.id] = CommentedMap(score=new)
        changes.append(
            f"{label}{s.id} {old if old is not None else 'not scored'} → {new if new is not None else 'not scored'}"
        )


def import_csv(csv_path: Path, councils_dir: Path, framework: Framework, today: date | None = None) -> ImportResult:
    """Import a CSV into a content folder. Raises ContentError, writing nothing, if anything is wrong."""
    today = today or date.today()
    rows = _parse_rows(csv_path, framework, today)
    existing = load_councils(councils_dir, framework, today) if council_files(councils_dir) else None
    path_by_code = {c.gss_code: Path(c.source) for c in existing.councils} if existing else {}
    slug_by_code = {c.gss_code: c.slug for c in existing.councils} if existing else {}
    taken = {p.stem for p in council_files(councils_dir)}

    y = round_trip_yaml()
    docs: dict[Path, CommentedMap] = {}
    originals: dict[Path, bytes] = {}
    changes_by_path: dict[Path, list[str]] = {}
    problems: list[Problem] = []
    for row in rows:
        code, slug = row.values["gss_code"], row.values["slug"]
        if code in path_by_code:
            path = path_by_code[code]
            if row.values["slug"] and slug_by_code[code] != slug:
                problems.append(
                    Problem(
                        display_path(csv_path),
                        row.line,
                        1,
                        "slug",
                        f"{code} is '{slug_by_code[code]}' in the content, not '{slug}'; "
                        "councils are matched by GSS code (rename the file to change a slug)",
                    )
                )
                continue
        else:
            path = councils_dir / f"{slug}.yml"
            if slug in taken:
                problems.append(
                    Problem(
                        display_path(csv_path),
                        row.line,
                        1,
                        "slug",
                        f"'{slug}' is already used by another council's file",
                    )
                )
                continue
            taken.add(slug)
            path_by_code[code] = path
            slug_by_code[code] = slug
        if path not in docs:
            if path.exists():
                originals[path] = path.read_bytes()
                docs[path] = y.load(originals[path].decode("utf-8-sig"))
            else:
                docs[path] = CommentedMap(
                    name=row.values["name"],
                    gss_code=code,
                    type=row.values["type"],
                    region=row.values["region"],
                    assessments=CommentedSeq(),
                )
                changes_by_path[path] = [f"created {row.values['name']} ({code})"]
        _apply_row(docs[path], row, framework, changes_by_path.setdefault(path, []))
    if problems:
        raise ContentError(problems)

    new_bytes: dict[Path, bytes] = {}
    for path, doc in docs.items():
        out = io.StringIO()
        y.dump(doc, out)
        data = out.getvalue().encode("utf-8")
        if data != originals.get(path):
            new_bytes[path] = data

    # The result must pass the same checks as `check`, or nothing is written.
    checked = load_councils(councils_dir, framework, today, overrides=new_bytes)

    result = ImportResult(warnings=checked.warnings)
    for path, data in sorted(new_bytes.items()):
        _write_atomically(path, data)
        result.written.append(path)
        result.changes.extend(f"{display_path(path)}: {c}" for c in changes_by_path.get(path, []))
    return result


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
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
