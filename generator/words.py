"""Dates and numbers in the words pages use."""

from __future__ import annotations

from datetime import date


def long_date(d: date) -> str:
    """1 June 2025"""
    return f"{d.day} {d:%B %Y}"


def month_year(d: date) -> str:
    """March 2025"""
    return f"{d:%B %Y}"
