"""Dates and numbers in the words pages use."""

from __future__ import annotations

import re
from datetime import date

EASY_READ_MOST_WORDS = 15  # in one sentence, as the Easy Read guides advise


def long_date(d: date) -> str:
    """1 June 2025"""
    return f"{d.day} {d:%B %Y}"


def month_year(d: date) -> str:
    """March 2025"""
    return f"{d:%B %Y}"


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
