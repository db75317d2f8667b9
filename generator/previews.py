"""The preview image shown when a council page is shared: a 1200 x 630 PNG made at build time.

Pillow's own font is used (no web or system fonts), and a long council name
shrinks and wraps to fit. One is made per council, so it is made cheaply: the
parts every preview shares are drawn once, and the image is saved as a
palette PNG (a third of the size of a full-colour one, and four times faster
to compress), its palette holding each colour and the shades between text and
its background that smooth the letters.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from .badges import RATING_FILLS, BadgeFacts

SIZE = (1200, 630)
MARGIN = 64
NAVY = "#1b263b"
TEXT = "#0b0c0c"
MUTED = "#484949"


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@cache
def _palette() -> Image.Image:
    """Every colour a preview uses, and 16 shades from each background to the text on it."""
    pairs = [("#ffffff", TEXT), ("#ffffff", MUTED), (NAVY, "#ffffff")]
    pairs += [(fill, "#ffffff") for fill in (*RATING_FILLS.values(), MUTED)]
    colours: list[tuple[int, int, int]] = []
    for back, fore in pairs:
        b, f = _rgb(back), _rgb(fore)
        colours += [tuple(round(b[i] + (f[i] - b[i]) * step / 15) for i in range(3)) for step in range(16)]
    colours = list(dict.fromkeys(colours))
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette


@cache
def _background(site_name: str) -> Image.Image:
    """What every preview of a site shows: the band with the site's name, and the heading."""
    image = Image.new("RGB", SIZE, "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 96), fill=NAVY)
    draw.text((MARGIN, 30), site_name, font=_font(34), fill="#ffffff")
    draw.text((MARGIN, 136), "Adult social care assessment", font=_font(34), fill=MUTED)
    return image


def wrap(text: str, size: int, width: int) -> list[str]:
    """Greedy word wrap by measured width; a single over-long word stays on its own line."""
    font, lines, line = _font(size), [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and font.getlength(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


def fit_name(name: str, width: int, max_lines: int = 3) -> tuple[int, list[str]]:
    """The largest font size (72 down to 28) at which the name fits in `max_lines` lines."""
    for size in range(72, 27, -4):
        lines = wrap(name, size, width)
        if len(lines) <= max_lines and all(_font(size).getlength(line) <= width for line in lines):
            return size, lines
    return 28, wrap(name, 28, width)[:max_lines]


def preview_png(facts: BadgeFacts, site_name: str, example_data: bool) -> bytes:
    image = _background(site_name).copy()
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    y = 136 + 56
    size, lines = fit_name(facts.council, width)
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(size), fill=TEXT)
        y += round(size * 1.2)
    y += 16
    label = facts.rating_words + (" (indicative)" if facts.indicative else "")
    label_width = _font(48).getlength(label)
    fill = RATING_FILLS.get(facts.rating_id or "", MUTED)
    draw.rectangle((MARGIN, y, MARGIN + label_width + 40, y + 76), fill=fill)
    draw.text((MARGIN + 20, y + 12), label, font=_font(48), fill="#ffffff")
    if facts.score is not None:
        score = f"{facts.score} out of 100"
        x = MARGIN + label_width + 72
        if x + _font(48).getlength(score) > SIZE[0] - MARGIN / 2:  # no room beside the rating: go below it
            x, y = MARGIN, y + 92
        draw.text((x, y + 12), score, font=_font(48), fill=TEXT)
    footer = f"Published {facts.published}" if facts.published else "Not yet assessed"
    if facts.publisher:
        footer += f" · {facts.publisher}"
    if example_data:
        footer = "Example data · " + footer
    draw.text((MARGIN, SIZE[1] - 64), wrap(footer, 28, width)[0], font=_font(28), fill=MUTED)
    out = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, format="PNG", compress_level=1)
    return out.getvalue()
