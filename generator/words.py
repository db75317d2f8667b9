"""Dates and numbers in the words pages use."""

from __future__ import annotations

import calendar
import re
from datetime import date

EASY_READ_MOST_WORDS = 15  # in one sentence, as the Easy Read guides advise


def long_date(d: date) -> str:
    """1 June 2025"""
    return f"{d.day} {d:%B %Y}"


def month_year(d: date) -> str:
    """March 2025"""
    return f"{d:%B %Y}"


def counted(n: int, one: str, many: str | None = None) -> str:
    """ "1 warning", "2 warnings", "1,200 people"; `many` where the plural is not one + "s"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def and_list(items: list[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c" (or with `last` "or", "a, b or c")."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def the(name: str) -> str:
    """A name after "the" in a sentence: "the Care Quality Commission"; "The example
    regulator" as "the example regulator"."""
    return "the " + (name[4:] if name.startswith("The ") else name)


def sentences(text: str) -> list[str]:
    """Plain text's sentences: split at paragraphs, list items and full stops, question
    and exclamation marks."""
    parts = re.split(r"\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s", "\n" + text)
    found = []
    for part in parts:
        found += [s for s in re.split(r"(?<=[.?!])\s+", " ".join(part.split())) if s]
    return found


def impossible_date(text: str) -> str | None:
    """Why text written as a date (2025-02-31, or 31/02/2025 day first) is no date, in
    words: "31 February 2025 does not exist"; None if it is one, or not written as a date."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    day_first = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text.strip())
    if iso:
        year, month, day = (int(n) for n in iso.groups())
    elif day_first:
        day, month, year = (int(n) for n in day_first.groups())
    else:
        return None
    if not 1 <= month <= 12:
        return f"there is no month {month} (months are 1 to 12)"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        return f"{day} {name} {year} does not exist ({name} {year} has {last} days)"
    return None
