"""The rating badge a council can put on its own website: a static SVG, no script.

It states everything in words (council, rating, score, date, publisher), so it
never relies on colour, and carries an accessible <title>.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from .model import percent_words

WIDTH = 340
PAD = 12
# Fills that keep white text above 4.5:1, the same as the site's rating tags.
RATING_FILLS = {
    "outstanding": "#0b5b2e",
    "good": "#1f6f43",
    "requires-improvement": "#8a3d00",
    "inadequate": "#a4161a",
}
THEMES = {
    "light": {"bg": "#ffffff", "line": "#505a5f", "text": "#0b0c0c", "muted": "#484949", "none": "#484949"},
    "dark": {"bg": "#1b263b", "line": "#ffffff", "text": "#ffffff", "muted": "#dde1e6", "none": "#505a5f"},
}


@dataclass(frozen=True)
class BadgeFacts:
    council: str
    rating_id: str | None  # None: not yet assessed
    rating_words: str  # e.g. "Good", or "Not yet assessed"
    score: int | None  # out of 100; None when not assessed, or when the rating is declared
    published: str | None  # long date
    indicative: bool
    publisher: str
    framework_id: str = ""  # the framework the assessment was made under
    framework: str = ""  # its short name, as the badge states it

    @property
    def score_words(self) -> str:
        return percent_words(self.score)

    @property
    def sentence(self) -> str:
        """The badge in one sentence: its <title> and the alt text of the embed code."""
        source = f" Source: {self.publisher}." if self.publisher else ""
        if self.rating_id is None:
            return f"{self.council}: adult social care not yet assessed.{source}"
        kind = "indicative (pilot) assessment, not a formal rating: " if self.indicative else ""
        rated = f"{kind}{self.rating_words.lower()}, {self.score_words}"
        under = f", under the {self.framework}" if self.framework else ""
        return f"{self.council}: adult social care {rated}, published {self.published}{under}.{source}"


# Badges use the reader's system font, so widths are estimates: bold sans-serif
# averages under 0.62 em a character, and the rating box allows 0.66.
def _lines(text: str, size: float) -> list[str]:
    return textwrap.wrap(text, width=max(10, int((WIDTH - 2 * PAD) / (size * 0.62)))) or [""]


@lru_cache(maxsize=16)  # a council's pages and files ask for its badges one after another
def badge_svg(facts: BadgeFacts, variant: str = "light") -> str:
    colours = THEMES[variant]
    parts: list[str] = []
    y = PAD

    def text(line: str, size: int, fill: str, weight: str = "400", x: int = PAD) -> None:
        nonlocal y
        y += round(size * 1.25)
        parts.append(
            f'<text x="{x}" y="{y - round(size * 0.3)}" font-size="{size}" font-weight="{weight}" '
            f'fill="{fill}">{escape(line)}</text>'
        )

    text("Adult social care assessment", 12, colours["muted"])
    for line in _lines(facts.council, 17):
        text(line, 17, colours["text"], "700")
    y += 6
    fill = RATING_FILLS.get(facts.rating_id or "", colours["none"])
    label = facts.rating_words
    box_width = min(WIDTH - 2 * PAD, round(len(label) * 16 * 0.66) + 16)
    parts.append(f'<rect x="{PAD}" y="{y}" width="{box_width}" height="28" rx="2" fill="{fill}"/>')
    parts.append(
        f'<text x="{PAD + 8}" y="{y + 19}" font-size="16" font-weight="700" fill="#ffffff">{escape(label)}</text>'
    )
    y += 28
    if facts.score is not None:
        text(f"{facts.score_words} · published {facts.published}", 13, colours["text"])
    elif facts.rating_id is not None:  # the longer words of a declared rating, on a line of their own
        text(facts.score_words.capitalize(), 13, colours["text"])
        text(f"Published {facts.published}", 13, colours["text"])
    if facts.framework:  # given with a rating
        for line in _lines(f"Under the {facts.framework}", 11):
            text(line, 11, colours["muted"])
    if facts.indicative:
        for line in _lines("Indicative: a pilot assessment, not a formal rating", 12):
            text(line, 12, colours["text"], "700")
    if facts.publisher:
        for line in _lines(f"Source: {facts.publisher}", 11):
            text(line, 11, colours["muted"])
    height = y + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="badge-title"'
        + (f' data-framework="{escape(facts.framework_id)}">' if facts.framework_id else ">")
        + f'<title id="badge-title">{escape(facts.sentence)}</title>'
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" rx="4" '
        f'fill="{colours["bg"]}" stroke="{colours["line"]}"/>'
        f'<g font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif">'
        + "".join(parts)
        + "</g></svg>\n"
    )


def badge_size(svg: str) -> tuple[int, int]:
    """Width and height of a badge, for the embed code's <img> attributes."""
    head = svg.split(">", 1)[0]
    width = int(head.split('width="', 1)[1].split('"', 1)[0])
    height = int(head.split('height="', 1)[1].split('"', 1)[0])
    return width, height
