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
from dataclasses import dataclass
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont
from zlib_ng import zlib_ng as zlib  # zlib's functions, made by zlib-ng: several times faster

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


Rows = tuple[int, int]  # rows drawn on, from the first to one past the last


def _text(image: Image.Image, xy: tuple[float, float], text: str, size: int, back: str, fore: str) -> Rows:
    """Draw text onto a palette image over a plain background, smoothed through its shades.
    Text that recurs from preview to preview (ratings, scores, footers) is drawn once."""
    return _paste(image, _shaded(text, size, back, fore), xy)


def _words(image: Image.Image, xy: tuple[float, float], line: str, size: int, back: str, fore: str) -> Rows:
    """Draw a line of a council's name word by word: whole names are each drawn once,
    but their words ("Council", "Borough", "North") recur."""
    x, y = xy
    space = _width(" ", size)
    top, bottom = round(y), round(y)
    for word in line.split(" "):
        drawn = _paste(image, _shaded_word(word, size, back, fore), (x, y))
        top, bottom = min(top, drawn[0]), max(bottom, drawn[1])
        x += _width(word, size) + space
    return top, bottom


def _paste(image: Image.Image, shaded: Image.Image | None, xy: tuple[float, float]) -> Rows:
    top = round(xy[1])
    if shaded is None:
        return top, top
    image.paste(shaded, (FRAME + round(xy[0]), top))
    return top, top + shaded.height


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


def draw_preview(facts: BadgeFacts, site_name: str, example_data: bool) -> tuple[Image.Image, list[Rows]]:
    """A council's preview, drawn over the site's background, and the rows drawn on."""
    image = _background(site_name).copy()
    drawn: list[Rows] = []
    draw = ImageDraw.Draw(image)
    index = _palette()[1]
    width = SIZE[0] - 2 * MARGIN
    y = 136 + 56
    size, lines = fit_name(facts.council, width)
    for line in lines:
        drawn.append(_words(image, (MARGIN, y), line, size, "#ffffff", TEXT))
        y += round(size * 1.2)
    y += 16
    label = facts.rating_words + (" (indicative)" if facts.indicative else "")
    label_width = _width(label, 48)
    fill = RATING_FILLS.get(facts.rating_id or "", MUTED)
    draw.rectangle((FRAME + MARGIN, y, FRAME + MARGIN + label_width + 40, y + 76), fill=index[_rgb(fill)])
    drawn.append((y, y + 77))
    drawn.append(_text(image, (MARGIN + 20, y + 12), label, 48, fill, "#ffffff"))
    if facts.score is not None:
        score = f"{facts.score} out of 100"
        x = MARGIN + label_width + 72
        if x + _width(score, 48) > SIZE[0] - MARGIN / 2:  # no room beside the rating: go below it
            x, y = MARGIN, y + 92
        drawn.append(_text(image, (x, y + 12), score, 48, "#ffffff", TEXT))
    footer = f"Published {facts.published}" if facts.published else "Not yet assessed"
    if facts.publisher:
        footer += f" · {facts.publisher}"
    if example_data:
        footer = "Example data · " + footer
    drawn.append(_text(image, (MARGIN, SIZE[1] - 64), wrap(footer, 28, width)[0], 28, "#ffffff", MUTED))
    return image, drawn


def preview_png(facts: BadgeFacts, site_name: str, example_data: bool) -> bytes:
    image, drawn = draw_preview(facts, site_name, example_data)
    return encode_png(image, _background_bands(site_name), drawn)


BAND = 10  # rows compressed together: small enough that most of a band with text is text


def _deflate(data: bytes) -> bytes:
    """Raw deflate ending on a byte boundary, so that pieces compressed apart can be joined."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zlib.Z_RLE)  # runs of one colour: fast
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


@dataclass(frozen=True)
class Bands:
    """An image's scanlines in bands of BAND rows: each band compressed, its checksum, its length."""

    compressed: list[bytes]
    checksums: list[int]
    lengths: list[int]


def _bands(image: Image.Image) -> Bands:
    lines = image.tobytes()
    step = BAND * image.width
    pieces = [lines[i : i + step] for i in range(0, len(lines), step)]
    return Bands([_deflate(p) for p in pieces], [zlib.adler32(p) for p in pieces], [len(p) for p in pieces])


@cache
def _background_bands(site_name: str) -> Bands:
    return _bands(_background(site_name))


_ADLER = 65521  # the modulus of zlib's Adler-32 checksum


def _adler32_joined(first: int, second: int, second_length: int) -> int:
    """The Adler-32 checksum of two pieces of data joined, from the checksum of each
    (zlib's adler32_combine, which Python's zlib does not offer)."""
    rem = second_length % _ADLER
    low = (first & 0xFFFF) + (second & 0xFFFF) + _ADLER - 1
    high = rem * (first & 0xFFFF) + (first >> 16) + (second >> 16) + _ADLER - rem
    return (low % _ADLER) | ((high % _ADLER) << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image: Image.Image, background: Bands, drawn: list[Rows]) -> bytes:
    """A palette image drawn right of a blank first column (see FRAME) as PNG. Only the rows
    `drawn` on differ from `background` (the same size, in bands): only the bands holding
    them are read and compressed, and the others are reused, checksum and all."""
    changed = [False] * len(background.compressed)
    for top, bottom in drawn:
        top, bottom = max(top, 0), min(bottom, image.height)
        for band in range(top // BAND, (bottom - 1) // BAND + 1) if bottom > top else ():
            changed[band] = True
    pieces: list[bytes] = []
    checksum = 1  # Adler-32 of nothing
    band = 0
    while band < len(changed):
        if not changed[band]:
            piece, piece_checksum, length = (
                background.compressed[band],
                background.checksums[band],
                background.lengths[band],
            )
            band += 1
        else:  # this band and those changed after it, read and compressed together
            end = band
            while end < len(changed) and changed[end]:
                end += 1
            # Read by rows cropped out: far cheaper than reading the whole image.
            lines = image.crop((0, band * BAND, image.width, min(end * BAND, image.height))).tobytes()
            piece, piece_checksum, length = _deflate(lines), zlib.adler32(lines), len(lines)
            band = end
        pieces.append(piece)
        checksum = _adler32_joined(checksum, piece_checksum, length)
    # a zlib stream: header (deflate, fastest), the pieces, an empty final block, the checksum
    idat = b"\x78\x01" + b"".join(pieces) + b"\x03\x00" + struct.pack(">I", checksum)
    header = struct.pack(">IIBBBBB", image.width - FRAME, image.height, 8, 3, 0, 0, 0)  # 8-bit palette
    palette = bytes(image.getpalette() or [])
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"PLTE", palette)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )
