"""Chart geometry, worked out at build time: the theme's chart components draw
it as inline SVG, each beside a table or text that says the same.

No JavaScript draws anything: a chart is part of the page as delivered.
"""

from __future__ import annotations

from dataclasses import dataclass

from .framework import Framework


@dataclass(frozen=True)
class Bar:
    label: str  # the row's words, e.g. "Good"
    series: str  # e.g. "England", or "" for a single series
    value: int
    text: str  # printed at the end of the bar, e.g. "5 councils (42%)"
    css: str  # a rating id, or "england"
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    id: str  # unique on the page; prefixes the SVG's ids
    title: str  # the SVG's accessible name
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]
    row_labels: tuple[tuple[str, float], ...]  # (words, y) for each row of bars


def bar_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, list[tuple[str, int, str, str]]]],
    maximum: int | None = None,
) -> BarChart:
    """Horizontal bars, one row per label; each row holds one bar per series.

    rows: (row label, [(series, value, text, css), ...]).
    """
    label_width, bar_space, bar_height, gap = 170, 300, 22, 12
    most = maximum or max([value for _, bars in rows for _, value, _, _ in bars] + [1])
    bars, labels, y = [], [], 8.0
    for label, series in rows:
        labels.append((label, y + bar_height * len(series) / 2 + 5))
        for name, value, text, css in series:
            width = bar_space * value / most if most else 0
            bars.append(Bar(label, name, value, text, css, label_width, y, round(width, 1), bar_height))
            y += bar_height + 2
        y += gap
    return BarChart(chart_id, title, label_width + bar_space + 190, int(y), label_width, tuple(bars), tuple(labels))


@dataclass(frozen=True)
class Dot:
    href: str  # site-relative address of the council
    label: str  # e.g. "Northvale Council: 64 out of 100, good"
    css: str  # rating id
    cx: float
    cy: float


@dataclass(frozen=True)
class BandSpan:
    name: str
    css: str
    x: float
    width: float
    min_percent: int


@dataclass(frozen=True)
class StripChart:
    id: str
    title: str
    width: int
    height: int
    axis_y: float
    bands: tuple[BandSpan, ...]
    dots: tuple[Dot, ...]


def score_strip(chart_id: str, title: str, entries: list[tuple[str, str, int, str, str]], fw: Framework) -> StripChart:
    """Every council's score out of 100 on one axis, bands marked; equal scores stack upwards.

    entries: (href, name, percent, rating id, rating words).
    """
    left, span_width, radius = 10, 680, 5
    lo = fw.ratings[0].min_percent
    span = 100 - lo + 1

    def x_of(percent: float) -> float:
        return round(left + (percent - lo + 0.5) * span_width / span, 1)

    stacks: dict[int, int] = {}
    for _, _, percent, _, _ in entries:
        stacks[percent] = stacks.get(percent, 0) + 1
    tallest = max(stacks.values(), default=1)
    axis_y = 20 + tallest * (2 * radius + 2)
    placed: dict[int, int] = {}
    dots = []
    for href, name, percent, rating_id, words in sorted(entries, key=lambda e: (e[2], e[1])):
        level = placed.get(percent, 0)
        placed[percent] = level + 1
        dots.append(
            Dot(
                href,
                f"{name}: {percent} out of 100, {words.lower()}",
                rating_id,
                x_of(percent),
                round(axis_y - radius - 3 - level * (2 * radius + 2), 1),
            )
        )
    bands = tuple(
        BandSpan(
            r.name,
            r.id,
            round(left + (r.min_percent - lo) * span_width / span, 1),
            round((r.max_percent - r.min_percent + 1) * span_width / span, 1),
            r.min_percent,
        )
        for r in fw.ratings
    )
    return StripChart(chart_id, title, left * 2 + span_width, int(axis_y + 48), axis_y, bands, tuple(dots))
