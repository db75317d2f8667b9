"""Files made for each council besides its pages: the rating badges (SVG, light
and dark) and the share preview (PNG). They describe the current assessment.

Written straight into the built site at the end of the build, previews across
threads (Pillow releases the GIL while it draws and compresses), and remembered
by what they show, so `make serve` redraws only what changed.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from . import model, routes
from .badges import BadgeFacts, badge_svg
from .framework import Framework
from .pages import SiteInfo, badge_facts
from .previews import preview_png


@cache
def _preview(facts: BadgeFacts, site_name: str, example_data: bool) -> bytes:
    return preview_png(facts, site_name, example_data)


def write_council_assets(site_dir: Path, councils: list[model.Council], fw: Framework, site: SiteInfo) -> int:
    """Write every council's badges and preview; returns the number of files written."""
    jobs: list[tuple[str, BadgeFacts]] = []
    written = 0
    for council in councils:
        facts = badge_facts(council, fw, site.publisher)
        light, dark = badge_svg(facts, "light").encode(), badge_svg(facts, "dark").encode()
        for slug in (council.slug, *council.previous_slugs):  # embeds made before a rename keep working
            written += _write(site_dir / routes.badge_url(slug), light)
            written += _write(site_dir / routes.badge_url(slug, dark=True), dark)
        jobs.append((routes.preview_url(council.slug), facts))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        images = pool.map(lambda job: _preview(job[1], site.name, site.example_data), jobs)
        for (url, _), png in zip(jobs, images, strict=True):
            written += _write(site_dir / url, png)
    return written


def _write(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return 1
