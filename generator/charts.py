"""Chart geometry, worked out at build time: the theme's chart components draw
it as inline SVG, each beside a table or text that says the same.

No JavaScript draws anything: a chart is part of the page as delivered. Every chart is laid
out for a phone, about 400 units wide, so that its 14-unit text renders at 12 px or more on a
390 px screen; the stylesheet caps how wide it grows on a desk.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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
    bars: tuple[Bar, ...]
    row_labels: tuple[tuple[str, float], ...]  # (words, baseline y) above each row of bars


def bar_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, list[tuple[str, int, str, str]]]],
    maximum: int | None = None,
) -> BarChart:
    """Horizontal bars, one row per label, the label above its bars (narrow screens have no
    room beside them); each row holds one bar per series.

    rows: (row label, [(series, value, text, css), ...]).
    """
    bar_space, text_space, bar_height, label_height, gap = 240, 160, 22, 20, 12
    most = maximum or max([value for _, bars in rows for _, value, _, _ in bars] + [1])
    bars, labels, y = [], [], 4.0
    for label, series in rows:
        labels.append((label, y + 14))
        y += label_height
        for name, value, text, css in series:
            width = bar_space * value / most if most else 0
            bars.append(Bar(label, name, value, text, css, 0, y, round(width, 1), bar_height))
            y += bar_height + 2
        y += gap
    return BarChart(chart_id, title, bar_space + text_space, int(y), tuple(bars), tuple(labels))


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
    left, span_width, radius = 10, 380, 5
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
    return StripChart(chart_id, title, left * 2 + span_width, int(axis_y + 66), axis_y, bands, tuple(dots))


@dataclass(frozen=True)
class Tick:
    at: float  # x or y in the SVG
    words: str


@dataclass(frozen=True)
class BandRow:
    name: str
    letter: str  # O, G, RI, I: beside the band, since two greens are hard to tell apart
    css: str  # the rating id
    y: float  # top
    height: float


@dataclass(frozen=True)
class ScatterChart:
    id: str
    title: str
    width: int
    height: int
    left: float  # the plot area's edges
    right: float
    top: float
    bottom: float
    x_label: str  # e.g. "Population"
    y_label: str  # "Score out of 100"
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    bands: tuple[BandRow, ...]  # the rating bands, behind the dots
    dots: tuple[Dot, ...]


def rating_letters(name: str) -> str:
    """A rating's initials, as the hex map prints them: "Requires improvement" is "RI"."""
    return "".join(word[0].upper() for word in name.split())


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / ticks if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def scatter_chart(
    chart_id: str,
    title: str,
    x_label: str,
    entries: list[tuple[str, str, float, int, str]],
    fw: Framework,
    x_words: Callable[[float], str],
) -> ScatterChart:
    """Each council's score out of 100 (up) against a measure of its area (across), the
    rating bands behind. entries: (href, label in words, measure, percent, rating id)."""
    # The bands' letters stand right of the plot, where no dot can cover them.
    width, height, left, right, top, bottom = 400, 290, 52, 366, 12, 230
    values = [x for _, _, x, _, _ in entries]
    step = _nice_step(max(values) - min(values), ticks=3)  # room for each tick's words on a phone
    lo, hi = math.floor(min(values) / step) * step, math.ceil(max(values) / step) * step
    if hi == lo:
        hi = lo + step
    y_lo = fw.ratings[0].min_percent

    def x_of(value: float) -> float:
        return round(left + (value - lo) * (right - left) / (hi - lo), 1)

    def y_of(percent: float) -> float:
        return round(bottom - (percent - y_lo) * (bottom - top) / (100 - y_lo), 1)

    x_ticks, at = [], lo
    while at <= hi + step / 1000:
        x_ticks.append(Tick(x_of(at), x_words(at)))
        at += step
    bands = []
    for r in fw.ratings:
        band_top, band_bottom = y_of(min(r.max_percent + 1, 100)), y_of(r.min_percent)
        bands.append(BandRow(r.name, rating_letters(r.name), r.id, band_top, round(band_bottom - band_top, 1)))
    return ScatterChart(
        id=chart_id,
        title=title,
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        x_label=x_label,
        y_label="Score out of 100",
        x_ticks=tuple(x_ticks),
        y_ticks=tuple(Tick(y_of(r.min_percent), str(r.min_percent)) for r in fw.ratings) + (Tick(y_of(100), "100"),),
        bands=tuple(bands),
        dots=tuple(
            Dot(href, label, css, x_of(x), y_of(percent))
            for href, label, x, percent, css in sorted(entries, key=lambda e: (e[2], e[3], e[1]))
        ),
    )
