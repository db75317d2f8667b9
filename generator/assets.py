"""Files made for each council besides its pages: the rating badges (SVG, light
and dark) and the share preview (PNG). They describe the current assessment.

Written straight into the built site at the end of the build. Previews are
drawn across all cores (each takes some 15 ms, mostly PNG compression) and
remembered by what they show, so `make serve` redraws only what changed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import model, routes
from .badges import BadgeFacts, badge_svg
from .framework import Framework
from .pages import SiteInfo, badge_facts
from .previews import preview_png

_drawn: OrderedDict[tuple[BadgeFacts, str, bool], bytes] = OrderedDict()  # what was drawn, newest last
KEEP_DRAWN = 2000  # about 100 MB of images


def _draw(job: tuple[BadgeFacts, str, bool]) -> bytes:
    return preview_png(*job)


def _previews(jobs: list[tuple[BadgeFacts, str, bool]]) -> list[bytes]:
    missing = [job for job in dict.fromkeys(jobs) if job not in _drawn]
    if len(missing) > 8 and (os.cpu_count() or 1) > 1:
        # Fork, so the workers start with the generator and Pillow already imported.
        with ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork")) as pool:
            drawn = list(pool.map(_draw, missing, chunksize=16))
    else:
        drawn = [_draw(job) for job in missing]
    found = {job: _drawn[job] for job in jobs if job in _drawn}
    found.update(zip(missing, drawn, strict=True))
    for job, png in zip(missing, drawn, strict=True):
        _drawn[job] = png
        if len(_drawn) > KEEP_DRAWN:
            _drawn.popitem(last=False)
    return [found[job] for job in jobs]


def write_council_assets(site_dir: Path, councils: list[model.Council], fw: Framework, site: SiteInfo) -> int:
    """Write every council's badges and preview; returns the number of files written."""
    urls: list[str] = []
    jobs: list[tuple[BadgeFacts, str, bool]] = []
    written = 0
    for council in councils:
        facts = badge_facts(council, fw, site.publisher)
        light, dark = badge_svg(facts, "light").encode(), badge_svg(facts, "dark").encode()
        for slug in (council.slug, *council.previous_slugs):  # embeds made before a rename keep working
            written += _write(site_dir / routes.badge_url(slug), light)
            written += _write(site_dir / routes.badge_url(slug, dark=True), dark)
        urls.append(routes.preview_url(council.slug))
        jobs.append((facts, site.name, site.example_data))
    for url, png in zip(urls, _previews(jobs), strict=True):
        written += _write(site_dir / url, png)
    return written


def _write(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return 1
