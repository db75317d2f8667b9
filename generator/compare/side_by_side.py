"""/compare/councils/: up to four councils side by side, chosen in the page (its
script reads the data embedded in the page)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

from .. import model
from ..framework import Framework
from ..memo import PerCouncil
from .rows import CompareRow, HeaderCell, compare_rows

MAX_SIDE_BY_SIDE = 4


@dataclass(frozen=True)
class SideBySidePage:
    """The context of /compare/councils/. The page's script shows the councils named in
    `?c=`; the data it needs is embedded in the page as a JSON data block."""

    choices: tuple[tuple[str, str], ...]  # (slug, name) of every assessed council, by name
    data_json: str  # JSON: {slug: {name, url, rating, percent, published, indicative, themes, scores}}
    themes: tuple[HeaderCell, ...]
    statements: tuple[HeaderCell, ...]
    maximum: int  # how many councils can be compared at once


_side_by_side_of: PerCouncil[str] = PerCouncil()


def side_by_side_page(councils: list[model.Council], fw: Framework, root: str = "../../") -> SideBySidePage:
    """`root`: the way from the page to the site's root, for the links in its data."""
    rows, _ = compare_rows(councils, fw)
    # The JSON of every council, each council's part kept while its object is in use.
    _side_by_side_of.depend_on(fw, root)
    _side_by_side_of.keep_only(councils)
    council_of = {c.slug: c for c in councils}
    data = ",".join(
        json.dumps(r.slug, ensure_ascii=False)
        + ":"
        + _side_by_side_of.get(council_of[r.slug], partial(_side_by_side, r, root))
        for r in rows
    )
    return SideBySidePage(
        choices=tuple((r.slug, r.name) for r in rows),
        data_json="{" + data.replace("<", "\\u003c") + "}",
        themes=tuple(HeaderCell(t.id, t.name) for t in fw.themes),
        statements=tuple(HeaderCell(s.id, s.name) for s in fw.statements),
        maximum=MAX_SIDE_BY_SIDE,
    )


def _side_by_side(r: CompareRow, root: str) -> str:
    return json.dumps(
        {
            "name": r.name,
            "url": root + r.page,
            "type": r.type_name,
            "region": r.region_name,
            "rating": r.rating.name,
            "percent": r.rating.percent,
            "position": r.rating.position,
            "published": r.published,
            "indicative": r.indicative,
            "themes": [[t.rating.name, t.rating.percent] if t.rating else None for t in r.themes],
            "scores": list(r.scores),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
