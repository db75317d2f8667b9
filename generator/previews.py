"""The preview image shown when a council page is shared: a 1200 x 630 PNG made at build time.

Pillow's own font is used (no web or system fonts), and a long council name
shrinks and wraps to fit. One is made per council, so it is made cheaply: the
parts every preview shares are drawn once, and the image is saved as a
palette PNG (a third of the size of a full-colour one, and four times faster
to compress), its palette holding each colour and the shades between text and
its background that smooth the letters. Compressing the image is most of the
cost, so it is done in bands of rows: a band no different from the shared
background is compressed once per site, and only the bands with a council's
own text are compressed for each council.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont

from .badges import RATING_FILLS, BadgeFacts

SIZE = (1200, 630)
# Previews are drawn one pixel right of a first column left blank (palette index 0): each
# row of the image's bytes then reads as PNG stores it, led by its filter type (0, none),
# so the bytes are compressed as they are, not copied row by row first.
FRAME = 1
MARGIN = 64
NAVY = "#1b263b"
TEXT = "#0b0c0c"
MUTED = "#484949"


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


SHADES = 16  # steps from a background to the text on it: enough for smooth letters
PAIRS = [("#ffffff", TEXT), ("#ffffff", MUTED), (NAVY, "#ffffff")] + [
    (fill, "#ffffff") for fill in (*RATING_FILLS.values(), MUTED)
]  # (background, text) for every text a preview draws


@cache
def _palette() -> tuple[Image.Image, dict[tuple[int, int, int], int]]:
    """Every colour a preview uses, with the shades of each text over its background,
    and where each colour sits in the palette."""
    colours: list[tuple[int, int, int]] = []
    for back, fore in PAIRS:
        b, f = _rgb(back), _rgb(fore)
        colours += [
            (
                round(b[0] + (f[0] - b[0]) * k / (SHADES - 1)),
                round(b[1] + (f[1] - b[1]) * k / (SHADES - 1)),
                round(b[2] + (f[2] - b[2]) * k / (SHADES - 1)),
            )
            for k in range(SHADES)
        ]
    colours = list(dict.fromkeys(colours))
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette, {colour: i for i, colour in enumerate(colours)}


@cache
def _shades(back: str, fore: str) -> bytes:
    """For each coverage 0-255 of a letter's pixel, the palette index of its shade."""
    _, index = _palette()
    b, f = _rgb(back), _rgb(fore)
    steps = [
        index[tuple(round(b[i] + (f[i] - b[i]) * k / (SHADES - 1)) for i in range(3))]  # type: ignore[index]
        for k in range(SHADES)
    ]
    return bytes(steps[round(v * (SHADES - 1) / 255)] for v in range(256))


def _text(image: Image.Image, xy: tuple[float, float], text: str, size: int, back: str, fore: str) -> None:
    """Draw text onto a palette image over a plain background, smoothed through its shades.
    Text that recurs from preview to preview (ratings, scores, footers) is drawn once."""
    shaded = _shaded(text, size, back, fore)
    if shaded is not None:
        image.paste(shaded, (FRAME + round(xy[0]), round(xy[1])))


def _words(image: Image.Image, xy: tuple[float, float], line: str, size: int, back: str, fore: str) -> None:
    """Draw a line of a council's name word by word: whole names are each drawn once,
    but their words ("Council", "Borough", "North") recur."""
    x, y = xy
    space = _width(" ", size)
    for word in line.split(" "):
        shaded = _shaded_word(word, size, back, fore)
        if shaded is not None:
            image.paste(shaded, (FRAME + round(x), round(y)))
        x += _width(word, size) + space


@lru_cache(maxsize=1024)  # a few hundred ratings, scores and dates
def _shaded(text: str, size: int, back: str, fore: str) -> Image.Image | None:
    return _draw_shaded(text, size, back, fore)


@lru_cache(maxsize=512)  # a worker's most common words of names, at a few sizes
def _shaded_word(text: str, size: int, back: str, fore: str) -> Image.Image | None:
    return _draw_shaded(text, size, back, fore)


def _draw_shaded(text: str, size: int, back: str, fore: str) -> Image.Image | None:
    font = _font(size)
    _, _, right, bottom = font.getbbox(text)
    if right <= 0 or bottom <= 0:
        return None
    coverage = Image.new("L", (int(right), int(bottom)))
    ImageDraw.Draw(coverage).text((0, 0), text, font=font, fill=255)
    return Image.frombytes("P", coverage.size, coverage.tobytes().translate(_shades(back, fore)))


@cache
def _background(site_name: str) -> Image.Image:
    """What every preview of a site shows: the band with the site's name, and the heading.
    Drawn right of a first column left blank (see FRAME)."""
    image = Image.new("P", (FRAME + SIZE[0], SIZE[1]), 0)  # 0: white, the palette's first colour
    image.putpalette(_palette()[0].getpalette() or [])
    draw = ImageDraw.Draw(image)
    draw.rectangle((FRAME, 0, FRAME + SIZE[0], 96), fill=_palette()[1][_rgb(NAVY)])
    _text(image, (MARGIN, 30), site_name, 34, NAVY, "#ffffff")
    _text(image, (MARGIN, 136), "Adult social care assessment", 34, "#ffffff", MUTED)
    return image


def prepare_previews(site_name: str) -> None:
    """Draw and compress what every preview of a site shares, once, before workers fork."""
    _background_bands(site_name)


@lru_cache(maxsize=65536)
def _width(text: str, size: int) -> float:
    return _font(size).getlength(text)


def wrap(text: str, size: int, width: int) -> list[str]:
    """Greedy word wrap by measured width; a single over-long word stays on its own line."""
    space = _width(" ", size)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        w = _width(word, size)  # words recur from name to name; whole lines rarely do
        if line and used + space + w > width:
            lines.append(" ".join(line))
            line, used = [word], w
        else:
            used = used + space + w if line else w
            line.append(word)
    return lines + [" ".join(line)] if line else lines


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
    index = _palette()[1]
    width = SIZE[0] - 2 * MARGIN
    y = 136 + 56
    size, lines = fit_name(facts.council, width)
    for line in lines:
        _words(image, (MARGIN, y), line, size, "#ffffff", TEXT)
        y += round(size * 1.2)
    y += 16
    label = facts.rating_words + (" (indicative)" if facts.indicative else "")
    label_width = _width(label, 48)
    fill = RATING_FILLS.get(facts.rating_id or "", MUTED)
    draw.rectangle((FRAME + MARGIN, y, FRAME + MARGIN + label_width + 40, y + 76), fill=index[_rgb(fill)])
    _text(image, (MARGIN + 20, y + 12), label, 48, fill, "#ffffff")
    if facts.score is not None:
        score = f"{facts.score} out of 100"
        x = MARGIN + label_width + 72
        if x + _width(score, 48) > SIZE[0] - MARGIN / 2:  # no room beside the rating: go below it
            x, y = MARGIN, y + 92
        _text(image, (x, y + 12), score, 48, "#ffffff", TEXT)
    footer = f"Published {facts.published}" if facts.published else "Not yet assessed"
    if facts.publisher:
        footer += f" · {facts.publisher}"
    if example_data:
        footer = "Example data · " + footer
    _text(image, (MARGIN, SIZE[1] - 64), wrap(footer, 28, width)[0], 28, "#ffffff", MUTED)
    return encode_png(image, _background_bands(site_name))


BAND = 10  # rows compressed together: small enough that most of a band with text is text


def _deflate(data: bytes) -> bytes:
    """Raw deflate ending on a byte boundary, so that pieces compressed apart can be joined."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zlib.Z_RLE)  # runs of one colour: fast
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


@cache
def _background_bands(site_name: str) -> tuple[bytes, list[bytes]]:
    """A site's background as scanlines, and each band of it compressed."""
    lines = _background(site_name).tobytes()
    step = BAND * (FRAME + SIZE[0])
    return lines, [_deflate(lines[i : i + step]) for i in range(0, len(lines), step)]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image: Image.Image, background: tuple[bytes, list[bytes]]) -> bytes:
    """A palette image drawn right of a blank first column (see FRAME) as PNG, reusing the
    compressed bands it shares with `background` (the same size, as scanlines and bands)."""
    lines = image.tobytes()
    base_lines, base_bands = background
    step = BAND * image.width
    pieces: list[bytes] = []
    changed_from = None  # where the run of bands that differ from the background began
    for band, start in enumerate(range(0, len(lines), step)):
        if lines[start : start + step] != base_lines[start : start + step]:  # bytes compare at C speed
            changed_from = start if changed_from is None else changed_from
            continue
        if changed_from is not None:
            pieces.append(_deflate(lines[changed_from:start]))
            changed_from = None
        pieces.append(base_bands[band])
    if changed_from is not None:
        pieces.append(_deflate(lines[changed_from:]))
    # a zlib stream: header (deflate, fastest), the pieces, an empty final block, the checksum
    idat = b"\x78\x01" + b"".join(pieces) + b"\x03\x00" + struct.pack(">I", zlib.adler32(lines))
    header = struct.pack(">IIBBBBB", image.width - FRAME, image.height, 8, 3, 0, 0, 0)  # 8-bit palette
    palette = bytes(image.getpalette() or [])
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"PLTE", palette)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )
