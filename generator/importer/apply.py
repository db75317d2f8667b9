"""Applying a row to a council file, read as round-trip YAML so that its comments and key
order stay: the row adds an assessment, or updates the one published on its date, changing
only the values that differ, each change a line for people. Narrative text is never touched.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import model
from ..framework import Framework, Frameworks
from .table import CLEARED, Row

NEAR_DAYS = 90  # a new date this close to an assessment's is more likely a correction of it


def round_trip_yaml() -> YAML:
    """Reads and writes council files keeping their comments, key order and quotes."""
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # never wrap a value: a web address split over two lines stops being one
    y.preserve_quotes = True
    return y


def _set(target: CommentedMap, key: str, value: Any, changes: list[str], label: str) -> None:
    """Set a field if the value differs (absent: leave it; cleared: remove it)."""
    before = target.get(key)
    if value is CLEARED:
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


def apply_row(
    doc: CommentedMap,
    row: Row,
    frameworks: Frameworks,
    changes: list[str],
    existing: set[date],
    *,
    new_assessment: bool = False,
    replace_date: date | None = None,
) -> date | None:
    """Apply one row. Returns, without applying it, the date of an assessment the row's
    date is so near that it is more likely a correction of that date (unless `new_assessment`
    says it is another). `replace_date`: the assessment published then takes the row's date."""
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
    if target is None and replace_date is not None and dated(replace_date) is not None:
        target = dated(replace_date)
        target["published"] = published
        changes.append(f"assessment {replace_date}: published {replace_date} → {published}")
    if target is None:
        if not new_assessment:
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
        if new is CLEARED:
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
    if rating is not None and rating is not CLEARED and "rating" not in target:
        scores = [e.get("score") for e in statements.values() if isinstance(e, dict)]
        given = None if framework.declared else model.score((s for s in scores if isinstance(s, int)), framework)
        if given is not None and given.rating.id == rating:
            rating = None
    _set(target, "rating", rating, changes, label)
