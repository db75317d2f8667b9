"""The hex map: every council as one hexagon, from a HexJSON file.

HexJSON (the Open Data Institute's format) gives each hex a key, here a GSS
code, and a column `q` and row `r` in one of four layouts: odd-r and even-r
(pointy-topped, every other row shifted), odd-q and even-q (flat-topped,
every other column shifted). Rows count upwards, as in HexJSON's own tools.

The file is read as YAML nodes (JSON is YAML), so every problem can say
where it is: a code that is not an English council GSS code, a position two
hexes share, or a missing or non-integer coordinate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import model
from .problems import ContentError, Problem, display_path
from .schema import GSS_PATTERN

LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")


@dataclass(frozen=True)
class Hex:
    code: str
    q: int
    r: int
    name: str  # the hex's "n", or ""


@dataclass(frozen=True)
class HexMap:
    layout: str
    hexes: tuple[Hex, ...]
    credit: str = ""  # the file's "credit": who made the layout, printed under the map
    source: str = ""  # the file it was read from


def read_hexjson(path: Path) -> HexMap:
    """Read and check a HexJSON file; ContentError with every problem if it is not usable."""
    shown = display_path(path)
    problems: list[Problem] = []

    def problem(node: yaml.Node | None, field: str, message: str) -> None:
        mark = node.start_mark if node is not None else None
        problems.append(Problem(shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, field, message))

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ContentError([Problem(shown, line, column, "(file)", f"not valid JSON: {exc}")]) from None
    if not isinstance(root, yaml.MappingNode):
        raise ContentError([Problem(shown, 1, 1, "(file)", "expected a JSON object with `layout` and `hexes`")])
    fields = {k.value: v for k, v in root.value}
    layout_node = fields.get("layout")
    layout = layout_node.value if isinstance(layout_node, yaml.ScalarNode) else None
    if layout not in LAYOUTS:
        problem(layout_node or root, "layout", f"layout must be one of {', '.join(LAYOUTS)}")
    hexes_node = fields.get("hexes")
    if not isinstance(hexes_node, yaml.MappingNode):
        problem(hexes_node or root, "hexes", "expected an object of hexes keyed by GSS code")
        raise ContentError(problems)

    hexes: list[Hex] = []
    taken: dict[tuple[int, int], str] = {}
    for key_node, value_node in hexes_node.value:
        code = str(key_node.value)
        field = f"hexes.{code}"
        if not re.match(GSS_PATTERN, code):
            problem(key_node, field, f"unknown code '{code}': not an English council GSS code")
            continue
        if not isinstance(value_node, yaml.MappingNode):
            problem(value_node, field, "expected an object with q and r")
            continue
        props = {k.value: v for k, v in value_node.value}
        coords = []
        for axis in ("q", "r"):
            node = props.get(axis)
            try:
                coords.append(int(node.value) if isinstance(node, yaml.ScalarNode) else None)
            except ValueError:
                coords.append(None)
            if coords[-1] is None:
                problem(node or value_node, f"{field}.{axis}", f"{axis} must be a whole number")
        if None in coords:
            continue
        q, r = coords
        if (q, r) in taken:
            problem(value_node, field, f"position q={q}, r={r} is also used by {taken[(q, r)]}")
            continue
        taken[(q, r)] = code
        name_node = props.get("n")
        hexes.append(Hex(code, q, r, str(name_node.value) if isinstance(name_node, yaml.ScalarNode) else ""))
    if problems:
        raise ContentError(problems)
    credit_node = fields.get("credit")
    credit = str(credit_node.value) if isinstance(credit_node, yaml.ScalarNode) else ""
    return HexMap(layout=str(layout), hexes=tuple(hexes), credit=credit, source=shown)


def councils_without_hex(hexmap: HexMap, councils: list[model.Council]) -> list[Problem]:
    """A warning, at the council's file, for each council the map leaves out: the page says
    the map and the table show the same councils. One wording for all, so that many are
    summarised in a line."""
    placed = {h.code for h in hexmap.hexes}
    return [
        Problem(
            c.source,
            *c.gss_code_at,
            "gss_code",
            f"no hex on the map ({hexmap.source}), so the map leaves this council out; add its code there",
            "warning",
        )
        for c in councils
        if c.gss_code not in placed
    ]


@dataclass(frozen=True)
class HexCell:
    points: str  # the polygon's points
    cx: float
    cy: float
    short: str  # up to four letters, printed in the hex
    rating_letter: str  # printed under it: O, G, RI, I; n/a: assessed only under another framework; a dash: none
    css: str  # rating id, or "none"
    href: str | None  # site-relative council page; None for no data
    label: str  # the hex in words, e.g. "Northvale Council: good, 64 out of 100"


@dataclass(frozen=True)
class HexMapView:
    width: int
    height: int
    cells: tuple[HexCell, ...]
    credit: str = ""  # who made the layout
    other_framework: bool = False  # some council is assessed only under another framework than the map's


RATING_LETTERS = {"outstanding": "O", "good": "G", "requires-improvement": "RI", "inadequate": "I"}
OTHER_FRAMEWORK = "other-framework"  # a hex's state: assessed only under another framework than the map's
OTHER_FRAMEWORK_LETTERS = "n/a"
NOT_YET_ASSESSED = "not-yet-assessed"


def hexmap_view(hexmap: HexMap, facts: dict[str, tuple[str, str, str, str]]) -> HexMapView:
    """Lay out the hexes. facts: code -> (href, name, state, words): the state a rating id,
    OTHER_FRAMEWORK or NOT_YET_ASSESSED; the words what follows the name in the hex's label."""
    size = 30.0
    pointy = hexmap.layout.endswith("-r")
    odd = hexmap.layout.startswith("odd")
    r_max = max((h.r for h in hexmap.hexes), default=0)
    q_min = min((h.q for h in hexmap.hexes), default=0)
    w, h = math.sqrt(3) * size, 2 * size
    centres = []
    for hx in hexmap.hexes:
        q, row = hx.q - q_min, r_max - hx.r  # rows count upwards
        if pointy:
            shifted = (hx.r % 2 == 1) == odd
            cx, cy = w * (q + (0.5 if shifted else 0)) + w / 2, size * 1.5 * row + size
        else:
            shifted = (hx.q % 2 == 1) == odd
            cx, cy = size * 1.5 * q + size, w * (row + (0.5 if shifted else 0)) + w / 2
        centres.append((hx, cx, cy))
    angle0 = 30 if pointy else 0
    cells = []
    for hx, cx, cy in centres:
        points = " ".join(
            f"{cx + (size - 1) * math.cos(math.radians(angle0 + 60 * i)):.1f},"
            f"{cy + (size - 1) * math.sin(math.radians(angle0 + 60 * i)):.1f}"
            for i in range(6)
        )
        known = facts.get(hx.code)
        name = known[1] if known else (hx.name or hx.code)
        # The hex's own short name, where it has one: three letters of "London Borough of
        # Camden" would be LON, and of "Camden", CAM.
        short = re.sub(r"[^A-Za-z]", "", hx.name or name)[:3].upper() or hx.code[-3:]
        if known is None:
            cells.append(HexCell(points, cx, cy, short, "–", "none", None, f"{name}: no data on this site"))
            continue
        href, _, state, words = known
        if state == OTHER_FRAMEWORK:
            letter, css = OTHER_FRAMEWORK_LETTERS, "none"
        elif state == NOT_YET_ASSESSED:
            letter, css = "–", "none"
        else:
            letter, css = RATING_LETTERS.get(state, "?"), state
        cells.append(HexCell(points, cx, cy, short, letter, css, href, f"{name}: {words}"))
    width = max((c.cx for c in cells), default=0) + w
    height = max((c.cy for c in cells), default=0) + h
    other = any(c.rating_letter == OTHER_FRAMEWORK_LETTERS for c in cells)
    return HexMapView(int(width + 4), int(height + 4), tuple(cells), hexmap.credit, other)
